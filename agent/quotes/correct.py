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

from ..sounds import MIN_CONFIDENCE, sounds_like
from .glossary import Term

_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
_TITLES = re.compile(r"同志|副总理|总理|国务委员|委员|省长|部长|书记|主任|主席")


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
            confidence = sounds_like(window, t.term)
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
