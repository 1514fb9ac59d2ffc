"""How alike Chinese characters and spans sound: per-character pinyin, tones ignored, with the
usual confusions of speakers and recognisers (z/zh, c/ch, s/sh, n/l, f/h, en/eng, in/ing) scored a
little lower. Shared by quote correction (a span that sounds like a glossary term) and retrieval
(a question term the recogniser wrote differently)."""
from __future__ import annotations

import re
from functools import lru_cache

from . import tokens

_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
_FUZZY_INITIAL = {"zh": "z", "ch": "c", "sh": "s", "l": "n", "f": "h"}
_FUZZY_FINAL = {"eng": "en", "ing": "in"}
MIN_CONFIDENCE = 0.75
FLOOR = 0.75  # mean similarity of a span to a term of three characters or more
HALF = 0.55  # below this, a character is "quite unlike"
_FUNCTION = set("的与和及或了在是也就都而之其")


def is_cjk(text: str) -> bool:
    """Is every character of text a Chinese character (and there is at least one)?"""
    return bool(_CJK.match(text))


def fuzzy_syllable(ch: str) -> str:
    """The syllable of ch with tones and the usual confusions ignored: 是 and 四 both "si"."""
    return _syllable(ch, True)


@lru_cache(maxsize=8192)
def sound(ch: str) -> tuple[str, str]:
    """(initial, final) of one character, toneless; a non-Chinese character is its own sound."""
    if not _CJK.match(ch):
        return ch, ""
    from pypinyin import Style, lazy_pinyin

    initial = lazy_pinyin(ch, style=Style.INITIALS, strict=True)[0]
    final = lazy_pinyin(ch, style=Style.FINALS, strict=True)[0]
    return initial, final


def _fuzzy(sound: tuple[str, str]) -> tuple[str, str]:
    initial, final = sound
    return _FUZZY_INITIAL.get(initial, initial), _FUZZY_FINAL.get(final, final)


@lru_cache(maxsize=8192)
def _syllable(ch: str, fuzzy: bool) -> str:
    initial, final = _fuzzy(sound(ch)) if fuzzy else sound(ch)
    return initial + final


def _edit_distance(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (x != y))
    return row[-1]


@lru_cache(maxsize=1 << 17)  # a passage meets the same character pairs again and again
def similarity(a: str, b: str) -> float:
    """How alike two characters sound: 1 the same character, 0.95 the same syllable (tones
    ignored), 0.85 a usual confusion (zh/z, ch/c, sh/s, n/l, f/h, eng/en, ing/in), otherwise the
    share of the syllable's letters two spellings have in common (huo/hu 0.67, ge/duo 0)."""
    if a == b:
        return 1.0
    if not sound(a)[1] or not sound(b)[1]:
        return 0.0
    if _syllable(a, False) == _syllable(b, False):
        return 0.95
    fa, fb = _syllable(a, True), _syllable(b, True)
    if fa == fb:
        return 0.85
    shared = max(1 - _edit_distance(x, y) / max(len(x), len(y))
                 for x, y in ((fa, fb), (_syllable(a, False), _syllable(b, False))))
    return round(max(0.0, shared) * 0.8, 3)


def sounds_like(window: str, term: str) -> float:
    """Confidence that window is a misrecognised term, 0 when it must not be replaced.

    Two characters must both sound the same, and the window must not be a word of its own (传播
    is a word; it is not taken for 船舶). Longer terms need a mean similarity of FLOOR, no
    character below HALF, except that a term of four or more may have one character quite unlike
    (点歌面广 -> 点多面广), never a function word, and at the first or last character only when
    another character is a sound-alike too (两科一分 -> 两客一危)."""
    n = len(term)
    sims = [similarity(w, t) for w, t in zip(window, term)]
    if min(sims) == 1.0:
        return 0.0
    if n == 2:
        return sum(sims) / n if min(sims) >= 0.95 and not _is_word(window) else 0.0
    low = [i for i, x in enumerate(sims) if x < HALF]
    if low and (n < 4 or len(low) > 1 or window[low[0]] in _FUNCTION or term[low[0]] in _FUNCTION):
        return 0.0
    alone = low and all(x == 1.0 or x < HALF for x in sims)  # one odd character, the rest identical
    if low and low[0] in (0, n - 1) and alone:
        return 0.0  # 安全生产形 is not 安全生产法: an odd last character alone is another word
    if alone and n < 5:
        return 0.0  # 危险货物 is not 危险废物: in a short span one odd character may be meant
    score = sum(sims) / n
    floor = FLOOR + 0.05 if low and low[0] in (0, n - 1) else FLOOR
    return score if score >= floor else 0.0


@lru_cache(maxsize=4096)
def _is_word(text: str) -> bool:
    return tokens.frequency(text) > 0
