"""LLM-written minutes: map-reduce over topics. Each topic's summary is written from the passages
its extractive summary cites (map), the overall summary from the topics' summaries (reduce). Every
summary is verified like an answer (markers to supplied passages, figures in the passages cited);
one that fails keeps its extractive version, and a failing endpoint gives the extractive minutes
with the reason. The decisions, actions and open questions are then written per topic and
verified by outcomes_llm (when settings.llm_outcomes is not off), the rules' kept otherwise."""
from __future__ import annotations

from dataclasses import replace
from typing import Callable, Optional

from .. import llm, prompts
from ..answers import verify
from ..answers.generate import Passage
from ..index.library import Document
from ..settings import Settings
from . import outcomes_llm
from .actions import Outcomes
from .minutes import Minutes, Summary, TopicMinutes, renumber


def write(doc: Document, quoted: Minutes, settings: Settings,
          on_notice: Optional[Callable[[str], None]] = None) -> Minutes:
    topic_prompt = prompts.load(settings.prompts_dir, "minutes_topic")
    overview_prompt = prompts.load(settings.prompts_dir, "minutes_overview")
    supplied = _passages(doc, quoted)
    texts = {p.n: p.citation.attributed() for group in supplied for p in group}
    usage: dict = {}
    kept = failed = 0
    try:
        writer = llm.chain(topic_prompt, settings)
        topics, reduced = [], []  # reduced: each topic's summary with markers in passage numbers
        for part, passages in zip(quoted.topics, supplied):
            written = None
            if passages:
                reply, used = llm.run(writer, {"headline": part.topic.headline, "limit": str(settings.topic_summary_chars),
                                               "passages": "\n\n".join(p.block() for p in passages)},
                                      llm.deadline(settings))
                usage = llm.add_usage(usage, used)
                written = _checked(reply, passages, texts)
            kept += written is not None
            failed += written is None and bool(passages)
            topics.append(TopicMinutes(part.topic, written or part.summary))
            reduced.append(written.text if written else _numbered_as(part.summary, passages))
        reply, used = llm.run(llm.chain(overview_prompt, settings),
                              {"limit": str(settings.overview_chars),
                               "summaries": "\n".join(f"{t.topic.n}. {t.topic.headline}：{text}"
                                                      for t, text in zip(topics, reduced))}, llm.deadline(settings))
        usage = llm.add_usage(usage, used)
    except Exception as exc:  # noqa: BLE001 - every endpoint failure gives the extractive minutes
        quoted.extra["fallback_reason"] = llm.declined(exc, settings, on_notice, "会议纪要改用离线抽取")
        return quoted
    every = [p for group in supplied for p in group]
    overview = _checked(reply, every, texts)
    found, counts = outcomes_llm.write(doc, [t.topic for t in quoted.topics], quoted.outcomes or Outcomes([], [], []),
                                       settings, on_notice)
    more, outcomes_prompt = counts.pop("usage", None), counts.pop("prompt_id", None)
    usage = llm.add_usage(usage, more) if more else usage
    prompt_ids = [topic_prompt.id, overview_prompt.id] + ([outcomes_prompt] if outcomes_prompt else [])
    summaries = [overview or quoted.overview] + [t.summary for t in topics]
    written = replace(quoted, overview=summaries[0], topics=topics, backend="openai", model=settings.llm_model,
                      outcomes=found, extra={"fallback_reason": None, "topics_written": kept,
                                             "topics_kept_extractive": failed, "overview_written": overview is not None,
                                             **counts, "usage": usage or None, "prompt_ids": prompt_ids})
    renumber(written)  # in the order the page lists them
    return written


def _passages(doc: Document, quoted: Minutes) -> list[list[Passage]]:
    """Per topic, the chunks its extractive summary cites, numbered across the meeting."""
    out, n = [], 0
    for part in quoted.topics:
        spans = list(dict.fromkeys((c.start, c.end) for c in part.summary.citations))
        group = []
        for span in spans:
            n += 1
            group.append(Passage(n, doc.citation(n, span)))
        out.append(group)
    return out


def _numbered_as(summary: Summary, passages: list[Passage]) -> str:
    """An extractive summary's text with its markers renumbered to the passages that hold them."""
    number = {(p.citation.start, p.citation.end): p.n for p in passages}
    text = summary.text
    for c in summary.citations:
        text = text.replace(f"[{c.n}]", f"[#{number[(c.start, c.end)]}]")
    return text.replace("[#", "[")


def _checked(reply: str, passages: list[Passage], texts: dict) -> Optional[Summary]:
    """The reply as a summary when every marker points to a supplied passage and every figure is
    in a passage it cites; else None."""
    mine = {p.n: texts[p.n] for p in passages}
    check = verify.check(reply, mine)
    if not check.ok or check.refusal or not check.cited:
        return None
    cited = [p.citation for p in passages if p.n in check.cited]
    return Summary(check.text.strip(), cited)
