"""Check a generated answer against the numbered passages it was given.

A marker [n] must point to a supplied passage (others are dropped), an answer that is not a
refusal must cite at least one, and every figure of a sentence must appear, by value, in a
passage that sentence cites (a sentence without a marker answers to every passage the answer
cites)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import numbers

_MARKER = re.compile(r"\[(\d+)\]")
_SENTENCE_END = re.compile(r"(?<=[。！？；!?\n])|(?<=[.])\s+")
_LEADING_MARKERS = re.compile(r"^\s*((?:\[\d+\])+)")
REFUSALS = ("文中未提及", "not mentioned in the transcript")


@dataclass
class Check:
    text: str  # the answer with markers to unsupplied passages removed
    cited: list[int] = field(default_factory=list)  # supplied passages cited, in order of first use
    dropped: list[int] = field(default_factory=list)  # markers that pointed to no supplied passage
    refusal: bool = False
    problems: list[str] = field(default_factory=list)  # why it cannot be shipped as verified

    @property
    def ok(self) -> bool:
        return not self.problems


def is_refusal(text: str) -> bool:
    head = text.strip().lower()
    return any(head.startswith(r) for r in REFUSALS)


def sentences(text: str) -> list[str]:
    """Sentences, each keeping the markers that follow its full stop ("…3.8万起。[1]")."""
    out: list[str] = []
    for piece in _SENTENCE_END.split(text):
        lead = _LEADING_MARKERS.match(piece)
        if lead and out:
            out[-1] += lead.group(1)
            piece = piece[lead.end():]
        if piece.strip():
            out.append(piece)
    return out


def check(answer: str, passages: dict[int, str]) -> Check:
    text = (answer or "").strip()
    if not text:
        return Check("", problems=["empty reply"])
    dropped = [int(n) for n in _MARKER.findall(text) if int(n) not in passages]
    text = _MARKER.sub(lambda m: m.group(0) if int(m.group(1)) in passages else "", text)
    cited = list(dict.fromkeys(int(n) for n in _MARKER.findall(text)))
    result = Check(text, cited, dropped, is_refusal(text))
    if result.refusal:
        return result
    if not cited:
        result.problems.append("no citation to a supplied passage")
        return result
    for sentence in sentences(text):
        own = [int(n) for n in _MARKER.findall(sentence)] or cited
        missing = numbers.unsupported(_MARKER.sub(" ", sentence), [passages[n] for n in own])
        if missing:
            result.problems.append(f"figures not in the cited passages: {', '.join(missing)}")
    return result
