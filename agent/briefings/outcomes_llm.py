"""LLM-mode decisions, action items and open questions of the minutes. Per topic, its sentences
go to the chat model in numbered passages (one speaker's sentences in a row each, the topic's
passages with outcome cues first when they exceed TOPIC_CHARS), asked for structured output
(llm.structured, settings.llm_outcomes). Each item is verified against the passage it names: a
passage supplied; its owner said there or its speaker; its due date said there word for word; no
figure the passage does not state; words of it said in a sentence there, which it then cites.
Items that fail are dropped and counted; a topic whose reply does not parse, or whose every item
fails, keeps the rules' items (actions.py); a failing endpoint gives the rules' outcomes with the
reason."""
from __future__ import annotations

import re
from typing import Callable, Optional

from pydantic import BaseModel, Field

from .. import llm, numbers, prompts, tokens
from ..answer import Citation
from ..answers import outcomes as cues
from ..answers.generate import Passage
from ..index.library import Document
from ..settings import Settings
from ..transcripts import deadlines
from .actions import Action, Item, Outcomes, after_label
from .topics import Topic

PASSAGE_CHARS = 300  # a passage: one speaker's sentences in a row, up to this long
TOPIC_CHARS = 4000  # passages sent per topic, at most this many characters
_PRONOUNS = frozenset("我们 你们 他们 她们 大家 咱们".split())
_NO_DUE = frozenset(("", "null", "none", "无", "没说", "未说", "未说明", "不详", "-", "—"))


class Said(BaseModel):
    """A decision or an open question, and the number of the passage it comes from."""
    text: str
    passage: int


class Task(BaseModel):
    """An action item: who is to do what, by when as said (or null), and its passage's number."""
    owner: str
    task: str
    due: Optional[str] = None
    passage: int


class TopicOutcomes(BaseModel):
    """What one topic of a meeting decided, gave someone to do and left open."""
    decisions: list[Said] = Field(default_factory=list)
    actions: list[Task] = Field(default_factory=list)
    open_questions: list[Said] = Field(default_factory=list)


def write(doc: Document, topics: list[Topic], quoted: Outcomes, settings: Settings,
          on_notice: Optional[Callable[[str], None]] = None) -> tuple[Outcomes, dict]:
    """The verified outcomes of every topic (the rules' where a topic's reply is of no use), and
    counts, usage and prompt id for the minutes' extra; (quoted, {}) when settings.llm_outcomes is off."""
    if settings.llm_outcomes == "off":
        return quoted, {}
    prompt = prompts.load(settings.prompts_dir, "minutes_outcomes")
    found, usage, n = Outcomes([], [], []), {}, 0
    info = {"outcomes_written": 0, "outcomes_dropped": 0, "outcomes_topics_kept_extractive": 0,
            "outcomes_fallback_reason": None, "prompt_id": prompt.id}
    try:
        runnable = llm.structured(prompt, settings, TopicOutcomes)
        for topic in topics:
            passages = _passages(doc, topic, quoted, n)
            n += len(passages)
            mine = None
            if passages:
                reply = runnable.invoke({"headline": topic.headline,
                                         "passages": "\n\n".join(p.block() for p in passages)})
                usage = llm.add_usage(usage, dict(getattr(reply["raw"], "usage_metadata", None) or {}))
                mine, dropped = _verified(doc, reply["parsed"], passages)
                info["outcomes_dropped"] += dropped
            if mine is None:
                mine = _within(quoted, topic)
                info["outcomes_topics_kept_extractive"] += 1
            else:
                info["outcomes_written"] += _count(mine)
            for group, more in zip(found.groups(), mine.groups()):
                group.extend(more)
    except Exception as exc:  # noqa: BLE001 - every endpoint failure gives the rules' outcomes
        reason = llm.declined(exc, settings, on_notice, "决议和待办改用规则抽取")
        return quoted, {**info, "outcomes_written": 0, "outcomes_dropped": 0,
                        "outcomes_topics_kept_extractive": len(topics), "outcomes_fallback_reason": reason,
                        "usage": usage}
    return found, {**info, "usage": usage}


def _passages(doc: Document, topic: Topic, quoted: Outcomes, numbered: int) -> list[Passage]:
    """The topic's sentences as passages, numbered from numbered + 1; over TOPIC_CHARS, those that
    settle, leave open, say a deadline or hold an item of the rules come first."""
    spans, turn_of = [], None
    for s, e in doc.units:
        if not topic.start <= s < topic.end:
            continue
        turn = doc.turn_at(s).index
        if spans and turn == turn_of and e - spans[-1][0] <= PASSAGE_CHARS:
            spans[-1] = (spans[-1][0], e)
        else:
            spans.append((after_label(doc, s, e), e))
            turn_of = turn
    if sum(e - s for s, e in spans) > TOPIC_CHARS:
        said = [c.quote_start for group in quoted.groups() for item in group for c in item.citations
                if c.quote_start is not None]

        def cued(span: tuple[int, int]) -> bool:
            text = doc.text[span[0]:span[1]]
            return any(span[0] <= q < span[1] for q in said) or cues.settles(text) or cues.leaves_open(text) \
                or deadlines.find(text) is not None

        chosen, total = [], 0
        for span in sorted(spans, key=lambda sp: not cued(sp)):  # stable: cued first, each in order
            if total + span[1] - span[0] <= TOPIC_CHARS:
                chosen.append(span)
                total += span[1] - span[0]
        spans = sorted(chosen)
    return [Passage(numbered + k, doc.citation(numbered + k, span)) for k, span in enumerate(spans, 1)]


def _verified(doc: Document, reply: Optional[TopicOutcomes], passages: list[Passage]) -> tuple[Optional[Outcomes], int]:
    """The reply's items that pass (see the module's docstring) and how many failed; None when the
    reply did not parse or listed items of which none passed."""
    if reply is None:
        return None, 0
    cited = {p.n: p.citation for p in passages}
    out = Outcomes([], [], [])
    for group, items in ((out.decisions, reply.decisions), (out.open_questions, reply.open_questions)):
        for said in items:
            c = cited.get(said.passage)
            quote = _sentence(doc, c, said.text) if c and _figures_said(said.text, c) else None
            if quote:
                group.append(Item(said.text.strip(), [quote]))
    for task in reply.actions:
        c = cited.get(task.passage)
        action = _action(doc, task, c) if c else None
        if action:
            out.actions.append(action)
    listed = len(reply.decisions) + len(reply.actions) + len(reply.open_questions)
    kept = _count(out)
    return (None if listed and not kept else out), listed - kept


def _action(doc: Document, task: Task, c: Citation) -> Optional[Action]:
    owner = _owner(doc, task.owner, c)
    due = (task.due or "").strip()
    due = None if due.lower() in _NO_DUE else due
    if not owner or not task.task.strip() or (due and due not in c.text) or not _figures_said(task.task, c):
        return None
    quote = _sentence(doc, c, task.task, (due, task.owner.strip()))
    if not quote:
        return None
    when = deadlines.find(due) if due else None
    return Action(owner, task.task.strip(), due, deadlines.resolve(when, doc.date) if when else None, [quote])


def _owner(doc: Document, owner: str, c: Citation) -> Optional[str]:
    """The owner as listed: the passage's speaker, as labelled, when it is them; else a name of two
    characters or more said in the passage; None when it is neither."""
    name = re.sub(r"\s", "", owner or "")
    turn = doc.turn_at(c.start)
    known = {re.sub(r"\s", "", x) for x in (turn.label(), turn.speaker, turn.title, turn.source_label, *turn.aliases) if x}
    if name in known or (turn.speaker and len(name) >= 2 and turn.speaker.endswith(name)):
        return turn.label()
    if len(name) >= 2 and name not in _PRONOUNS and name in re.sub(r"\s", "", c.text):
        return owner.strip()
    return None


def _figures_said(text: str, c: Citation) -> bool:
    return not numbers.unsupported(text, [c.attributed()])


def _sentence(doc: Document, c: Citation, text: str, probes: tuple = ()) -> Optional[Citation]:
    """The passage's sentence that says the most of text (its words, and each probe said whole
    counting two), cited; None when no sentence says any of it."""
    want = _words(text)
    best, score = None, 0
    for s, e in doc.units:
        s, e = max(s, c.start), min(e, c.end)
        if s >= e:
            continue
        said = doc.text[s:e]
        points = len(want & _words(said)) + sum(2 for p in probes if p and p in said)
        if points > score:
            best, score = (s, e), points
    return doc.sentence_citation(0, *best) if best else None


def _words(text: str) -> set[str]:
    return {w for w in tokens.words(text) if len(w) >= 2}


def _within(quoted: Outcomes, topic: Topic) -> Outcomes:
    """The rules' items whose first citation falls in the topic."""
    def inside(item) -> bool:
        c = item.citations[0] if item.citations else None
        return bool(c) and topic.start <= (c.start if c.quote_start is None else c.quote_start) < topic.end
    return Outcomes(*([x for x in group if inside(x)] for group in quoted.groups()))


def _count(found: Outcomes) -> int:
    return sum(len(group) for group in found.groups())
