"""Chunks for retrieval: sentences packed to 200–400 characters, one sentence of overlap,
never across a speaker turn. The white space between sentences is not counted, so a meeting is
chunked the same from plain text and from a recorder's file. Units (sentences, or comma-cut
pieces of long ones) are the smallest spans: what the extractive answerer quotes and what gets
embedded."""
from __future__ import annotations

from dataclasses import dataclass

from ..transcripts.sentences import Measure, units
from ..transcripts.transcript import Transcript, Turn


@dataclass(frozen=True)
class Chunk:
    id: str
    doc_id: str
    source: str
    turn: int
    speaker: str | None
    title: str | None
    agenda: str | None
    start: int
    end: int
    units: tuple[tuple[int, int], ...]
    aliases: tuple[str, ...] = ()  # the speaker's other names in this meeting
    replies_to: str | None = None  # the question its turn answers, in a discussion

    def answers_to(self, name: str) -> bool:
        """Is the speaker of this chunk called name (label, part of it, or a name they go by)?"""
        return bool(name) and (bool(self.speaker and name in self.speaker) or name in self.aliases)


def chunk_transcript(doc: Transcript, min_chars: int, max_chars: int, unit_max: int) -> list[Chunk]:
    chunks: list[Chunk] = []
    measure = Measure(doc.text)
    for turn in doc.turns:
        spans = units(doc.text, turn.start, turn.end, unit_max, measure)
        for group in _pack(spans, min_chars, max_chars, measure):
            chunks.append(_chunk(doc, turn, len(chunks), group))
    return chunks


def _chunk(doc: Transcript, turn: Turn, n: int, group: list[tuple[int, int]]) -> Chunk:
    return Chunk(
        id=f"{doc.doc_id}:{n}", doc_id=doc.doc_id, source=doc.source, turn=turn.index,
        speaker=turn.speaker, title=turn.title, agenda=turn.agenda,
        start=group[0][0], end=group[-1][1], units=tuple(group), aliases=turn.aliases,
        replies_to=turn.replies_to,
    )


def _pack(spans: list[tuple[int, int]], min_chars: int, max_chars: int,
          measure: Measure) -> list[list[tuple[int, int]]]:
    """Greedy packing; each chunk after the first repeats the previous chunk's last unit."""
    size = measure.size
    groups: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for span in spans:
        full = size(current[0][0], span[1]) > max_chars if current else False
        if full and size(current[0][0], current[-1][1]) >= min_chars // 2:
            groups.append(current)
            last = current[-1]
            # Overlap by one unit unless that would leave no room for new text.
            current = [last] if size(last[0], span[1]) <= max_chars else []
        current.append(span)
    if current:
        if groups and len(current) == 1 and current[0] == groups[-1][-1]:
            return groups
        groups.append(current)
    return groups
