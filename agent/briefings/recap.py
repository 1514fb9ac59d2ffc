"""What each speaker said (发言总结), what was asked and answered (问答回顾) and the meeting's
keywords: the parts of minutes that meeting products list beside the topics.

- A **speaker summary** is the densest clauses of one speaker's turns (minutes.choose over their
  clauses), for each speaker who said at least MIN_SPEAKER_CHARS; a "好的" is no contribution.
- A **Q&A exchange** is a turn that ends by putting a question to someone else
  (dialogue.ends_asking), with the reply of the next other speaker summarised the same way. A
  meeting of speeches has none, and then the section is left out.
- **Keywords** are the nouns the meeting says most beyond their weight in general Chinese,
  people aside.
Everything is cited clause by clause with exact offsets, like the rest of the minutes."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .. import tokens
from ..answer import Citation
from ..index.library import Document
from ..transcripts import cleanup, dialogue
from . import actions, minutes, topics
from .minutes import Summary

MIN_SPEAKER_CHARS = 30  # counted characters a speaker must say to be summarised (a few sentences)
ANSWER_CHARS = 60  # an answer as recapped
MAX_EXCHANGES = 12
MIN_QUESTION_CHARS = 6
KEYWORDS = 8


@dataclass
class SpeakerSummary:
    speaker: str
    summary: Summary

    def to_json(self) -> dict:
        return {"speaker": self.speaker, "summary": self.summary.text,
                "citations": [c.to_json() for c in self.summary.citations]}


@dataclass
class Exchange:
    question: str
    asker: str
    answer: Summary
    answerer: str
    asked: Citation  # the question's sentence

    def citations(self) -> list[Citation]:
        return [self.asked] + self.answer.citations

    def to_json(self) -> dict:
        return {"question": self.question, "asker": self.asker, "answer": self.answer.text,
                "answerer": self.answerer, "citations": [c.to_json() for c in self.citations()]}


def speakers(doc: Document, every: list[minutes.Clause], corrector, budget: int) -> list[SpeakerSummary]:
    """Each speaker's summary, in the order they first speak (numbered by minutes.renumber)."""
    theirs: dict[str, list[minutes.Clause]] = {label: [] for label, n in doc.said_by.items() if n >= MIN_SPEAKER_CHARS}
    for clause in every:
        label = doc.turn_at(clause.start).label()
        if label in theirs:
            theirs[label].append(clause)
    out = []
    for label, found in theirs.items():
        part = minutes.summary(doc, minutes.choose(found, budget), corrector)
        if part.citations:
            out.append(SpeakerSummary(label, part))
    return out


def exchanges(doc: Document, every: list[minutes.Clause], corrector) -> list[Exchange]:
    """Questions put to someone else and the replies they got, in order (at most MAX_EXCHANGES).
    every: the meeting's clauses (minutes.clauses), from which the answers are chosen."""
    units = sorted(doc.units)
    out: list[Exchange] = []
    for i, turn in enumerate(doc.turns):
        if len(out) >= MAX_EXCHANGES:
            break
        if not (turn.speaker or turn.title) or not dialogue.ends_asking(units, doc.text, doc.turns, i):
            continue
        asked = _question(doc, turn)
        reply = next((t for t in doc.turns[i + 1:] if t.label() != turn.label()), None)
        if asked is None or reply is None or not (reply.speaker or reply.title):
            continue
        question = _plain(corrector(doc.text[asked[0]:asked[1]]))
        if len(minutes.counted(question)) < MIN_QUESTION_CHARS:
            continue
        citation = doc.sentence_citation(0, *asked)
        replied = [c for c in every if reply.start <= c.start < reply.end]
        answer = minutes.summary(doc, minutes.choose(replied, ANSWER_CHARS), corrector)
        if not answer.citations:
            continue
        out.append(Exchange(question, turn.label(), answer, reply.label(), citation))
    return out


def _question(doc: Document, turn) -> tuple[int, int] | None:
    """The last sentence of a turn that puts a question, without the speaker's label."""
    for s, e in reversed(doc.units_of(turn)[-3:]):
        if dialogue.requests(doc.text[s:e]):
            return actions.after_label(doc, s, e), e
    return None


def _plain(text: str) -> str:
    return cleanup.clean(text).strip().strip("，,。 ")


def keywords(doc: Document, n: int = KEYWORDS) -> list[str]:
    """The n nouns the meeting says most beyond their weight in general Chinese, no person, none
    inside another."""
    idf, median = tokens.general_idf()
    counts = doc.word_counts
    weight = {w: (1 + math.log(c)) * idf.get(w, median) for w, c in counts.items()
              if c >= 2 and topics.headword(w, doc.named)}
    picked: list[str] = []
    for word in sorted(weight, key=weight.get, reverse=True):
        if re.search(r"[a-z\u4e00-\u9fff]", word) and not any(word in p or p in word for p in picked):
            picked.append(word)
        if len(picked) == n:
            break
    return [_as_written(doc.text, w) for w in picked]


def _as_written(text: str, word: str) -> str:
    """A word as the transcript writes it (tokens are lower-cased: "sdk" → "SDK")."""
    m = re.search(re.escape(word), text, flags=re.I)
    return m.group(0) if m else word
