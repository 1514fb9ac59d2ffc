"""Speech-recognition errors in a quote, fixed against a glossary, every change reported.

Two sources of fixes:
- listed wrong forms of a term (a person's only next to a title or 同志);
- spans that sound like a glossary term: per-character pinyin, tones ignored, with the usual
  confusions (z/zh, c/ch, s/sh, n/l, en/eng, in/ing) scored a little lower, and a same initial or
  final scored half.
A span is replaced only when it is not a glossary term itself, shares enough characters with the
term, has no digit or Latin letter in it, and scores above the confidence floor. False corrections
are worse than misses, so the floors are high and two-character terms need an exact sound."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import lru_cache

from .glossary import Term

_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
_TITLES = re.compile(r"同志|副总理|总理|国务委员|委员|省长|部长|书记|主任|主席")
_FUZZY_INITIAL = {"zh": "z", "ch": "c", "sh": "s", "l": "n", "f": "h"}
_FUZZY_FINAL = {"eng": "en", "ing": "in"}
MIN_CONFIDENCE = 0.75
FLOOR = 0.75  # mean similarity of a span to a term of three characters or more
HALF = 0.55  # below this, a character is "quite unlike"
_FUNCTION = set("的与和及或了在是也就都而之其")


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    wrong: str
    right: str
    reason: str
    confidence: float

    def to_json(self) -> dict:
        return {**asdict(self), "confidence": round(self.confidence, 2)}


@lru_cache(maxsize=8192)
def _sound(ch: str) -> tuple[str, str]:
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
    initial, final = _fuzzy(_sound(ch)) if fuzzy else _sound(ch)
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
    if not _sound(a)[1] or not _sound(b)[1]:
        return 0.0
    if _syllable(a, False) == _syllable(b, False):
        return 0.95
    fa, fb = _syllable(a, True), _syllable(b, True)
    if fa == fb:
        return 0.85
    shared = max(1 - _edit_distance(x, y) / max(len(x), len(y))
                 for x, y in ((fa, fb), (_syllable(a, False), _syllable(b, False))))
    return round(max(0.0, shared) * 0.8, 3)


def _sounds_like(window: str, term: str) -> float:
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
    from .. import tokens

    return tokens._jieba().dt.FREQ.get(text, 0) > 0


def _near_title(text: str, start: int, end: int) -> bool:
    return bool(_TITLES.search(text[max(0, start - 4):end + 4]))


def known_forms(text: str, terms: tuple[Term, ...]) -> list[Edit]:
    edits = []
    for t in terms:
        for wrong in t.wrong:
            for m in re.finditer(re.escape(wrong), text):
                if t.kind == "person" and not _near_title(text, m.start(), m.end()):
                    continue
                edits.append(Edit(m.start(), m.end(), wrong, t.term, "known misrecognition", 1.0))
    return edits


def sound_alikes(text: str, terms: tuple[Term, ...]) -> list[Edit]:
    glossary = {t.term for t in terms}
    edits = []
    for t in terms:
        n = len(t.term)
        if n < 2 or not _CJK.match(t.term):
            continue
        for i in range(len(text) - n + 1):
            window = text[i:i + n]
            if window in glossary or not _CJK.match(window):
                continue
            confidence = _sounds_like(window, t.term)
            if confidence >= MIN_CONFIDENCE:
                edits.append(Edit(i, i + n, window, t.term, "sounds like a glossary term", confidence))
    return edits


def _protected(text: str, terms: tuple[Term, ...]) -> list[tuple[int, int]]:
    """Spans where a glossary term is already written correctly: no edit may cut into them."""
    return [(m.start(), m.end()) for t in terms for m in re.finditer(re.escape(t.term), text)]


def recognition_edits(text: str, terms: tuple[Term, ...]) -> list[Edit]:
    """Non-overlapping fixes: known forms first, then the most confident and longest."""
    protected = _protected(text, terms)
    chosen: list[Edit] = []
    candidates = sorted(known_forms(text, terms), key=lambda e: -(e.end - e.start))
    # A longer term that matches well wins over a shorter one inside it (瓶装液化石油气 over 液化石油气).
    candidates += sorted(sound_alikes(text, terms), key=lambda e: -(e.confidence + 0.02 * (e.end - e.start)))
    for edit in candidates:
        if any(edit.start < e.end and e.start < edit.end for e in chosen):
            continue
        if edit.reason != "known misrecognition" and any(
                edit.start < e and s < edit.end and text[s:e] not in edit.right for s, e in protected):
            continue  # never cut into a term written correctly, unless the fix contains it
        chosen.append(edit)
    return sorted(chosen, key=lambda e: e.start)


def apply(text: str, edits: list[Edit]) -> str:
    out, pos = [], 0
    for e in sorted(edits, key=lambda e: e.start):
        out.append(text[pos:e.start])
        out.append(e.right)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)
