"""The answer and citation types that cross every boundary (CLI, UI, evaluation)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Optional


@dataclass(frozen=True)
class Citation:
    n: int
    doc_id: str
    source: str
    speaker: Optional[str]
    start: int
    end: int
    text: str  # == the document's text[start:end], always: the cited passage
    title: Optional[str] = None
    agenda: Optional[str] = None
    # The words an extractive answer quotes, inside the passage (None for generated answers).
    quote_start: Optional[int] = None
    quote_end: Optional[int] = None

    @property
    def quote(self) -> str:
        """The quoted words (extractive answers), else the whole passage."""
        if self.quote_start is None or self.quote_end is None:
            return self.text
        return self.text[self.quote_start - self.start:self.quote_end - self.start]

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class Answer:
    question: str
    answer: str
    answerable: bool
    citations: list[Citation]
    backend: str = "extractive"
    latency_ms: float = 0.0
    kind: Optional[str] = None
    extra: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        data = {
            "question": self.question,
            "answer": self.answer,
            "answerable": self.answerable,
            "citations": [c.to_json() for c in self.citations],
            "backend": self.backend,
            "latency_ms": round(self.latency_ms, 1),
            "kind": self.kind,
        }
        data.update(self.extra)
        return data
