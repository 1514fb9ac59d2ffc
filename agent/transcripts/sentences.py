"""Sentence and clause spans for Chinese (and mixed) text. Spans are (start, end) offsets."""
from __future__ import annotations

import re
from bisect import bisect_left
from itertools import accumulate

# A sentence ends at 。！？；… (or their ASCII forms) plus any closing quotes/brackets, or at a line break.
_SENTENCE_END = re.compile(r"(?:[。！？；!?;]|…+|\.{3,})[”’」』）)\]】]*|\n+")
# Clause boundaries inside an over-long sentence; the comma stays with the clause before it.
_CLAUSE_END = re.compile(r"[，,、：:]")
_SPACE = " \t\r\n\u3000\ufeff"


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start] in _SPACE:
        start += 1
    while end > start and text[end - 1] in _SPACE:
        end -= 1
    return (start, end) if start < end else None


def _split(text: str, boundary: re.Pattern, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of text[start:end] ending after each boundary match, trimmed, empty ones dropped."""
    spans, pos = [], start
    for match in boundary.finditer(text, start, end):
        span = _trimmed(text, pos, match.end())
        if span:
            spans.append(span)
        pos = match.end()
    tail = _trimmed(text, pos, end)
    if tail:
        spans.append(tail)
    return spans


# Speech recognisers start a new paragraph at a pause, often in mid-sentence ("…较大及以上事故" /
# "同比下降 4.4%和 16.8%。"). A line that runs on with punctuation but stops without closing its
# sentence is continued by the next line; a heading (no punctuation at all) is not.
_CLOSED = re.compile(r"(?:[。！？；!?;]|…+|\.{3,})[”’」』）)\]】]*$")
_RUNNING = re.compile(r"[，,、：:。！？；!?;]")


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentences of text[start:end]; the delimiter stays at the end of its sentence. A line break
    in mid-sentence does not end it."""
    spans = _split(text, _SENTENCE_END, start, len(text) if end is None else end)
    out: list[tuple[int, int]] = []
    for span in spans:
        if out and _runs_on(text, out[-1], span):
            out[-1] = (out[-1][0], span[1])
        else:
            out.append(span)
    return out


def _runs_on(text: str, before: tuple[int, int], after: tuple[int, int]) -> bool:
    return "\n" in text[before[1]:after[0]] and line_runs_on(text, before[1])


def line_runs_on(text: str, pos: int) -> bool:
    """Does the line that ends at pos stop in mid-sentence? It must be running speech (it has
    punctuation) that did not close its sentence."""
    line = text[text.rfind("\n", 0, pos) + 1:pos]
    return not _CLOSED.search(line) and bool(_RUNNING.search(line))


_BREAK = re.compile(r"[ \t\u3000]*\n\s*")
_JOINABLE = re.compile(r"[\u4e00-\u9fff\d]")


def mid_sentence_breaks(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The line breaks inside text[start:end] that fall in mid-sentence ("…恶劣天气情\n\n况下…"),
    judged on the whole text: written out, the sentence runs on without them. Never between two
    digits ("12\n34" must not become the figure 1234)."""
    end = len(text) if end is None else end
    out = []
    for match in _BREAK.finditer(text, start, end):
        s, e = match.start(), match.end()
        if s == start or e >= end or not _JOINABLE.match(text[e]):
            continue
        if text[s - 1].isdigit() and text[e].isdigit():
            continue
        if line_runs_on(text, s):
            out.append((s, e))
    return out


def clause_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Comma-delimited clauses of one sentence."""
    return _split(text, _CLAUSE_END, start, end)


# White space between sentences and at line breaks: "。 OK" or "。OK", a blank line or none.
_GAP = re.compile(r"(?<=[。！？；!?;…”’」』])\s+|\s*\n\s*")


class Measure:
    """Lengths of a text's spans without the white space between sentences and at line breaks.
    The same speech arrives with a blank line between paragraphs or none, "。 OK" or "。OK",
    depending on the recogniser and the format; measured this way it is cut at the same places
    whichever it was. Spaces inside a sentence ("2020 年") count: every form keeps them."""

    def __init__(self, text: str):
        counted = [1] * len(text)
        for gap in _GAP.finditer(text):
            counted[gap.start():gap.end()] = [0] * (gap.end() - gap.start())
        self._seen = list(accumulate(counted, initial=0))

    def size(self, start: int, end: int) -> int:
        return self._seen[end] - self._seen[start]

    def cut(self, start: int, n: int) -> int:
        """The offset just after the n-th counted character from start."""
        return bisect_left(self._seen, self._seen[start] + n, lo=start)


def pack(spans: list[tuple[int, int]], max_chars: int, measure: Measure) -> list[tuple[int, int]]:
    """Merge consecutive spans while the merged span stays within max_chars; a lone span longer
    than max_chars is cut at max_chars (ASR text can run hundreds of characters without a comma)."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and measure.size(out[-1][0], e) <= max_chars:
            out[-1] = (out[-1][0], e)
            continue
        while measure.size(s, e) > max_chars:
            cut = measure.cut(s, max_chars)
            out.append((s, cut))
            s = measure.cut(cut, 1) - 1  # the next piece starts at a counted character
        out.append((s, e))
    return out


def units(text: str, start: int, end: int, max_chars: int, measure: Measure | None = None) -> list[tuple[int, int]]:
    """Sentences of text[start:end]; a sentence over max_chars (as Measure counts) is cut at
    commas into pieces. Pass the text's Measure when calling for many stretches of one text."""
    measure = measure or Measure(text)
    out = []
    for s, e in sentence_spans(text, start, end):
        if measure.size(s, e) <= max_chars:
            out.append((s, e))
        else:
            out.extend(pack(clause_spans(text, s, e), max_chars, measure))
    return out
