"""Minutes (会议纪要) of any meeting: an overall summary and a summary of each topic, extractive and
cited clause by clause.

A summary is made of clauses (comma-cut pieces of sentences, alone or up to three in a row within
MAX_WINDOW_CHARS) that carry the most of what the stretch of the meeting is about: each word weighs its rarity in general Chinese (jieba's table)
times how often the stretch says it, and a clause scores the summed weight of its words over its
length (to the power 0.8: dense clauses, but not only short ones). Clauses that repeat the words
of one already chosen are passed over. The chosen clauses read in the order they were said, each
corrected like a quote (glossary, sound-alikes, fillers; digits never changed) and cited with its
original words. Measured against VCSum's reference summaries in benchmarks/vcsum.py."""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from .. import numbers, tokens
from ..answer import Citation
from ..index.library import COUNTED, Document
from ..transcripts import cleanup, dialogue, handovers
from ..transcripts.sentences import clause_spans
from . import actions
from .actions import Outcomes
from .topics import Topic

DENSITY_POWER = 0.8  # a clause's weight is divided by its length to this power
MIN_CLAUSE_CHARS = 6  # shorter pieces are fragments ("对吧，")
MAX_REPEAT = 0.6  # a clause whose words are mostly in chosen ones adds nothing
MAX_WINDOW_CLAUSES, MAX_WINDOW_CHARS = 3, 40  # clauses in a row that may be taken together
# A clause that stops on a connective or an article is a fragment of its sentence ("…的话，").
_DANGLING = re.compile(r"(?:的话|非常|因为|所以|然后|但是|就是|比如说|包括|而且|如果|这个|那个|一个)[，,、：:；;。.]?$")
# A clause that opens on a subordinator needs the clause after it ("如果…，" alone says nothing).
_DEPENDENT = re.compile(r"^(?:因为|如果|包括|比如|虽然|假如|要是|不管|无论|只要|对于|关于)")
# Connectives that tie a clause to what came before it; a summary sentence stands alone without them.
_CONNECTIVE = re.compile(r"^(?:所以|但是|而且|就是|当然|另外|因此)+[，,]?")


def counted(text: str) -> list[str]:
    """The characters of text that count toward a length: CJK, letters, digits."""
    return COUNTED.findall(text)


@dataclass
class Clause:
    start: int
    end: int
    words: list[str]
    length: int  # characters that count (CJK, letters, digits), fillers out
    single: bool = True  # one clause, not a run of them (its words count once toward a word's weight)


@dataclass
class Summary:
    """Text with [n] markers, and the citations they point to (n = position + 1)."""
    text: str
    citations: list[Citation] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"text": self.text, "citations": [c.to_json() for c in self.citations]}


def clauses(doc: Document, start: int, end: int) -> list[Clause]:
    """The clauses of doc.text[start:end] worth considering, alone and in runs: no speaker labels,
    hand-overs, questions (a summary says what was said, not what was asked) or fragments."""
    out = []
    for s, e in doc.units:
        if s < start or s >= end:
            continue
        s = actions.after_label(doc, s, e)
        if handovers.is_procedural(doc.text[s:e]) or dialogue.is_question(doc.text[s:e]):
            continue
        spans = list(clause_spans(doc.text, s, e))
        for i in range(len(spans)):
            for j in range(i, min(i + MAX_WINDOW_CLAUSES, len(spans))):
                found = _clause(doc, spans[i][0], spans[j][1], single=i == j)
                if found and found.length > MAX_WINDOW_CHARS and j > i:
                    break
                if found:
                    out.append(found)
    return out


def _clause(doc: Document, start: int, end: int, single: bool) -> Optional[Clause]:
    said = cleanup.clean(doc.text[start:end]).strip()
    length = len(counted(said))
    if length < MIN_CLAUSE_CHARS or _DANGLING.search(said) or "？" in said or "?" in said \
            or dialogue.is_question(said) or (single and _DEPENDENT.match(said)):
        return None
    return Clause(start, end, [w for w in tokens.words(said) if len(w) >= 2], length, single)


def choose(found: list[Clause], budget: int) -> list[Clause]:
    """Clauses up to about budget counted characters, densest first, none repeating another."""
    if not found:
        return []
    idf, median = tokens.general_idf()
    said = Counter(w for c in found if c.single for w in c.words)
    weight = {w: (1 + math.log(said.get(w, 1))) * idf.get(w, median) for c in found for w in c.words}
    top = max(weight.values(), default=1.0) or 1.0

    def density(c: Clause) -> float:
        return sum(weight[w] for w in set(c.words)) / top / c.length ** DENSITY_POWER

    chosen: list[Clause] = []
    total, seen = 0, set()
    for clause in sorted(found, key=density, reverse=True):
        if total >= budget:
            break
        words = set(clause.words)
        if words and len(words & seen) / len(words) > MAX_REPEAT:
            continue
        if any(clause.start < c.end and c.start < clause.end for c in chosen):
            continue
        chosen.append(clause)
        total += clause.length
        seen |= words
    return sorted(chosen, key=lambda c: c.start)


def summary(doc: Document, picked: list[Clause], corrector) -> Summary:
    """The clauses as one text, each corrected, followed by its citation marker (1, 2, … here;
    renumber numbers a whole page), read as a sentence."""
    parts, citations = [], []
    for clause in picked:
        citation = doc.sentence_citation(1 + len(citations), clause.start, clause.end)
        text = _standalone(corrector(doc.text[clause.start:clause.end]))
        if not text or numbers.unsupported(text, [citation.attributed()]):
            continue
        citations.append(citation)
        parts.append(f"{text}[{citation.n}]")
    return Summary("。".join(parts) + ("。" if parts else ""), citations)


def _standalone(text: str) -> str:
    """A corrected clause as a sentence of its own: no connective or punctuation at its ends."""
    edge = "，,。；;、：: "
    return _CONNECTIVE.sub("", text.strip().strip(edge)).strip(edge)


@dataclass
class TopicMinutes:
    topic: Topic
    summary: Summary

    def to_json(self) -> dict:
        return {**self.topic.to_json(), "summary": self.summary.to_json()}


@dataclass
class Minutes:
    doc_id: str
    overview: Summary
    topics: list[TopicMinutes]
    backend: str = "extractive"
    model: Optional[str] = None
    extra: dict = field(default_factory=dict)
    outcomes: Optional[Outcomes] = None  # decisions, actions, open questions
    keywords: list[str] = field(default_factory=list)
    speakers: list = field(default_factory=list)  # recap.SpeakerSummary: 发言总结
    exchanges: list = field(default_factory=list)  # recap.Exchange: 问答回顾

    def citations(self) -> list[Citation]:
        """Every citation, in the order the page lists them: the overview, the decisions, actions
        and open questions, the topics, the speakers, the questions and answers."""
        found = self.outcomes or Outcomes([], [], [])
        out = list(self.overview.citations)
        out += [c for group in found.groups() for i in group for c in i.citations]
        out += [c for t in self.topics for c in t.summary.citations]
        out += [c for s in self.speakers for c in s.summary.citations]
        return out + [c for x in self.exchanges for c in x.citations()]

    def to_json(self, markdown: str, overview_only: bool = False) -> dict:
        if overview_only:
            return {"doc_id": self.doc_id, "overview": self.overview.to_json(), "markdown": markdown,
                    "backend": self.backend, "model": self.model, **self.extra}
        found = self.outcomes.to_json() if self.outcomes else {}
        found |= {"topics": [t.to_json() for t in self.topics], "speakers": [s.to_json() for s in self.speakers],
                  "qa": [x.to_json() for x in self.exchanges]}
        sections = {k: v for k, v in found.items() if v}  # an empty section is left out
        return {"doc_id": self.doc_id, "overview": self.overview.to_json(), **({"keywords": self.keywords}
                if self.keywords else {}), **sections, "markdown": markdown,
                "backend": self.backend, "model": self.model, **self.extra}


def renumber(result: Minutes) -> None:
    """Number every citation 1, 2, … in the order the page lists them (Minutes.citations), the
    summaries' [n] markers with them."""
    from dataclasses import replace

    n = 1

    def summary_from(part: Summary) -> Summary:
        nonlocal n
        text, cited = part.text, []
        for c in part.citations:  # through a placeholder, so that [3] → [5] never meets a later [5]
            text = text.replace(f"[{c.n}]", f"[#{n}]")
            cited.append(replace(c, n=n))
            n += 1
        return Summary(text.replace("[#", "["), cited)

    result.overview = summary_from(result.overview)
    n = (result.outcomes or Outcomes([], [], [])).number(n)
    for t in result.topics:
        t.summary = summary_from(t.summary)
    for said in result.speakers:
        said.summary = summary_from(said.summary)
    for x in result.exchanges:
        x.asked = replace(x.asked, n=n)
        n += 1
        x.answer = summary_from(x.answer)


def extractive(doc: Document, found_topics: list[Topic], corrector, overview_chars: int,
               topic_chars: int, speaker_chars: int = 0) -> Minutes:
    """The overview (the densest clauses of the whole meeting), each topic's summary, the
    decisions, actions and open questions, each speaker's summary (speaker_chars long; none when
    0), the questions asked and answered, and the keywords."""
    from . import recap

    every = clauses(doc, 0, len(doc.text))
    whole = summary(doc, choose(every, overview_chars), corrector)
    per_topic = [TopicMinutes(t, summary(doc, choose([c for c in every if t.start <= c.start < t.end], topic_chars),
                                         corrector)) for t in found_topics]
    said = recap.speakers(doc, every, corrector, speaker_chars) if speaker_chars else []
    result = Minutes(doc.doc_id, whole, per_topic, outcomes=actions.extract(doc, corrector),
                     keywords=recap.keywords(doc), speakers=said, exchanges=recap.exchanges(doc, every, corrector))
    renumber(result)
    return result
