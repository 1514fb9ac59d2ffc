"""The reader's input for one candidate: the question, then the candidate sentence in its context.

Shared by training and run time, so that the model reads at run time exactly what it was trained
on. Context is cut to a few characters each side: the model's cost grows with its input."""
from __future__ import annotations

from dataclasses import dataclass

BEFORE_CHARS, SENTENCE_CHARS, AFTER_CHARS, ASKED_CHARS, SPEAKER_CHARS = 24, 100, 24, 32, 12
QUESTION_CHARS = 60
OPEN, CLOSE = "【", "】"  # the candidate inside its context


@dataclass(frozen=True)
class Candidate:
    text: str
    before: str = ""  # the sentence(s) just before it, in the same turn
    after: str = ""  # just after it, in the same turn
    speaker: str = ""
    asked: str = ""  # the question the speaker's turn replies to, if any


def passage(c: Candidate) -> str:
    """The second segment: who speaks, the question replied to, the sentence marked in context."""
    head = ""
    if c.asked:
        head += f"问：{_tail(c.asked, ASKED_CHARS)} "
    if c.speaker:
        head += f"{c.speaker[:SPEAKER_CHARS]}："
    return f"{head}{_tail(c.before, BEFORE_CHARS)}{OPEN}{c.text[:SENTENCE_CHARS]}{CLOSE}{c.after[:AFTER_CHARS]}"


def question(text: str) -> str:
    return text.strip()[:QUESTION_CHARS]


def _tail(text: str, n: int) -> str:
    return text[-n:] if len(text) > n else text
