"""Numbers in answers and passages, compared by value: 3.8万 = 38,000 = ３８０００, 百分之十四点七 = 14.7%.

Used to check that every figure an answer states appears in a passage it cites. Chinese
numerals are turned into digits by cn2an (a maintained converter) before extraction."""
from __future__ import annotations

import re
import warnings
from functools import lru_cache

_FULL_WIDTH = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９％．，"}
_NUMBER = re.compile(r"(?<![\d.])(\d+(?:,\d{3})*(?:\.\d+)?)\s*(万亿|亿|万|千|百)?\s*(%)?")
_SCALE = {"百": 1e2, "千": 1e3, "万": 1e4, "亿": 1e8, "万亿": 1e12}
_MARKER = re.compile(r"\[\d+\]")


@lru_cache(maxsize=4096)
def _digits(text: str) -> str:
    import cn2an

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # cn2an warns about every fragment it cannot parse
        try:
            return cn2an.transform(text, "cn2an")
        except Exception:  # noqa: BLE001 - an unconvertible text keeps its Arabic digits
            return text


def values(text: str) -> set[tuple[float, bool]]:
    """The numbers stated in a text as (value, is_percent); citation markers [n] are ignored."""
    text = _digits(_MARKER.sub(" ", text.translate(_FULL_WIDTH)))
    found = set()
    for m in _NUMBER.finditer(text):
        number = float(m.group(1).replace(",", ""))
        scale = _SCALE.get(m.group(2) or "", 1.0)
        found.add((round(number * scale, 6), bool(m.group(3))))
    return found


def unsupported(answer: str, passages: list[str]) -> list[str]:
    """Figures in the answer that none of the passages states (by value, percent or not)."""
    known = set().union(*(values(p) for p in passages)) if passages else set()
    missing = []
    for value, percent in sorted(values(answer)):
        if (value, percent) not in known:
            missing.append(f"{value:g}{'%' if percent else ''}")
    return missing
