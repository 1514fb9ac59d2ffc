"""A meeting's date as it is written, read into ISO form (2021-01-23). Where it is read decides how
freely: a file name must say 2021-01-23; spoken text the Chinese 2021年1月23日 (a figure such as
2020.5 is not a date); a recorder's header block any usual written form, Chinese, numeric or
English (Dec 1, 2026; 1 December 2026)."""
from __future__ import annotations

import datetime as dt
import re
from typing import Optional

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_CHINESE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_NUMERIC = re.compile(r"(\d{4})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.IGNORECASE)
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(\d{{4}})\b", re.IGNORECASE)


def in_name(name: str) -> Optional[str]:
    """2021-01-23 in a file name."""
    return _first(name, [(_ISO, "ymd")])


def in_speech(text: str) -> Optional[str]:
    """2021年1月23日 in what was said."""
    return _first(text, [(_CHINESE, "ymd")])


def in_header(text: str) -> Optional[str]:
    """The first date a recorder's header block writes, in any usual form."""
    return _first(text, [(_NUMERIC, "ymd"), (_MONTH_DAY_YEAR, "mdy"), (_DAY_MONTH_YEAR, "dmy")])


def _first(text: str, patterns: list[tuple[re.Pattern, str]]) -> Optional[str]:
    found = [(m.start(), _iso(m.groups(), order)) for pattern, order in patterns for m in pattern.finditer(text)]
    found = sorted((at, iso) for at, iso in found if iso)
    return found[0][1] if found else None


def _iso(groups: tuple[str, ...], order: str) -> Optional[str]:
    parts = dict(zip(order, groups))
    month = parts["m"]
    month_no = int(month) if month.isdigit() else _MONTHS.index(month[:3].lower()) + 1
    try:
        return dt.date(int(parts["y"]), month_no, int(parts["d"])).isoformat()
    except ValueError:  # 2021-02-30 is not a day
        return None
