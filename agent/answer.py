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
    aliases: tuple[str, ...] = ()  # names the meeting gives a labelled speaker (inferred; the label stays)
    date: Optional[str] = None  # the meeting's date, when known
    # When the quoted words (else the passage) were said, in seconds from the recording's start
    # (None when the source has no times).
    time_start: Optional[float] = None
    time_end: Optional[float] = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "aliases", tuple(self.aliases or ()))  # a list when read back from JSON

    @property
    def quote(self) -> str:
        """The quoted words (extractive answers), else the whole passage."""
        if self.quote_start is None or self.quote_end is None:
            return self.text
        return self.text[self.quote_start - self.start:self.quote_end - self.start]

    @property
    def quote_span(self) -> tuple[int, int]:
        """Where the quoted words stand in the document (extractive answers), else the passage."""
        if self.quote_start is None or self.quote_end is None:
            return self.start, self.end
        return self.quote_start, self.quote_end

    def who(self, unknown: str = "发言人不详") -> str:
        """The speaker with their title, for footnotes and passage headers."""
        if self.speaker and (self.title or self.aliases):
            return f"{self.speaker}（{self.title or self.aliases[0]}）"
        return self.speaker or unknown

    def when(self) -> str:
        """"[00:12:31]" when the source gives times, else ""."""
        return f"[{clock(self.time_start)}]" if self.time_start is not None else ""

    def heard(self, unknown: str = "发言人不详") -> str:
        """Who said it and when ("黄明（部长） [00:12:31]"), for footnotes and citation lists."""
        return " ".join(p for p in (self.who(unknown), self.when()) if p)

    def attributed(self) -> str:
        """The passage with who said it, as an answer shows it ("发言人6：…"): a label's digits
        are not a figure the answer made up."""
        return f"{self.who('')}：{self.text}"

    def meeting(self) -> str:
        """Which meeting: its file, with its date when the name does not already say it."""
        return self.source if not self.date or self.date in self.source else f"{self.source}（{self.date}）"

    def to_json(self) -> dict:
        return asdict(self)


def clock(value: float) -> str:
    """Seconds as HH:MM:SS."""
    whole = int(value)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


@dataclass
class Answer:
    question: str
    answer: str
    answerable: bool
    citations: list[Citation]
    backend: str = "extractive"
    latency_ms: float = 0.0
    kind: Optional[str] = None
    verified: bool = False  # markers point to supplied passages and every figure is in one it cites
    model: Optional[str] = None  # the chat model that wrote it (None: quoted by the extractive answerer)
    prompt_id: Optional[str] = None  # name@version of the prompt used
    fallback_reason: Optional[str] = None  # why the LLM's answer was replaced by the extractive one
    usage: Optional[dict] = None  # tokens used by the LLM calls
    understood: Optional[str] = None  # in a chat: the standalone question this turn was taken as
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
            "verified": self.verified,
            "model": self.model,
            "prompt_id": self.prompt_id,
            "fallback_reason": self.fallback_reason,
            "usage": self.usage,
            "understood": self.understood,
        }
        data.update(self.extra)
        return data
