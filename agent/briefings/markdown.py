"""Briefings as Markdown: headings, bullets, and footnotes that name the speaker and the span."""
from __future__ import annotations

from itertools import count
from typing import Iterator

from ..answer import Citation
from ..index.library import Document
from .briefing import Briefing
from .actions import Outcomes
from .minutes import Minutes, Summary


def note(c: Citation) -> str:
    """What a citation's note says: who said it and when, where, and the words said."""
    s, e = (c.quote_start, c.quote_end) if c.quote_start is not None else (c.start, c.end)
    quote = c.quote.replace("\n", " ")
    return f"{c.heard()}，{c.source} 第 {s}–{e} 字：“{quote}”"


def _footnote(n: int, c: Citation) -> str:
    return f"[^{n}]: {note(c)}"


def section(briefing: Briefing, numbers: Iterator[int], level: int = 2) -> tuple[list[str], list[str]]:
    """(lines of the section, its footnotes), numbering footnotes from the shared counter."""
    lines = [f"{'#' * level} {briefing.sector.name}", ""]
    notes = []
    if not briefing.bullets:
        lines.append("- （本次会议记录中没有找到这一领域的内容）")
    for bullet in briefing.bullets:
        who = f"**{bullet.speaker}**：" if bullet.speaker else ""
        lines.append(f"- {who}{bullet.text}{_marks(bullet.citations, numbers, notes)}")
    return lines + [""], notes


def one(briefing: Briefing) -> str:
    lines, notes = section(briefing, count(1), level=2)
    return "\n".join(lines + notes) + "\n"


def overview(doc: Document) -> list[str]:
    """会议概况: date, agenda items with who spoke under them, speakers in order."""
    lines = ["## 会议概况", ""]
    if doc.date:
        lines.append(f"- 日期：{doc.date}")
    lines.append(f"- 记录：{doc.source}（{len(doc.text)} 字）")
    agenda: dict[str, list[str]] = {}
    speakers: list[str] = []
    for turn in doc.turns:
        label = turn.label()
        if turn.agenda:
            names = agenda.setdefault(turn.agenda, [])
            if turn.speaker and turn.speaker not in names and turn.role != "chair":
                names.append(turn.speaker)
        if label not in speakers and (turn.speaker or turn.title):
            speakers.append(label)
    if agenda:
        lines.append("- 议程：")
        lines += [f"  - {item}：{'、'.join(names) or '主持人'}" for item, names in agenda.items()]
    lines.append("- 发言人（按发言顺序）：" + "；".join(speakers))
    return lines + [""]


def _cited(summary: Summary, numbers: Iterator[int]) -> tuple[str, list[str]]:
    """The summary's text with its [n] markers turned into footnotes numbered from the counter."""
    notes, text = [], summary.text
    for c in summary.citations:
        n = next(numbers)
        text = text.replace(f"[{c.n}]", f"[^{n}]")
        notes.append(_footnote(n, c))
    return text, notes


def minutes_section(result: Minutes, numbers: Iterator[int], level: int = 2) -> tuple[list[str], list[str]]:
    """会议纪要: the overall summary, then each topic with its headline, speakers and summary."""
    h = "#" * level
    text, notes = _cited(result.overview, numbers)
    lines = [f"{h} 会议纪要", "", f"{h}# 概要", "", text or "（没有可摘要的内容）", ""]
    if result.keywords:
        lines += [f"{h}# 关键词", "", "、".join(result.keywords), ""]
    if result.outcomes:
        more_lines, more = outcome_sections(result.outcomes, numbers, h + "#")
        lines, notes = lines + more_lines, notes + more
    lines += [f"{h}# 议题", ""]
    for part in result.topics:
        t = part.topic
        body, more = _cited(part.summary, numbers)
        who = "、".join(t.speakers) or "发言人不详"
        when = f"{t.when()}；" if t.when() else ""
        lines += [f"{h}## {t.n}. {t.headline}", "", f"*发言人：{who}；{when}第 {t.start}–{t.end} 字*", "",
                  body or "（本议题没有可摘要的内容）", ""]
        notes += more
    more_lines, more = recap_sections(result, numbers, h + "#")
    return lines + more_lines, notes + more


def recap_sections(result: Minutes, numbers: Iterator[int], h: str) -> tuple[list[str], list[str]]:
    """发言总结 (each speaker's summary) and 问答回顾 (question, who asked, the answer, who answered)."""
    lines: list[str] = []
    notes: list[str] = []
    if result.speakers:
        lines += [f"{h} 发言总结", ""]
        for said in result.speakers:
            text, more = _cited(said.summary, numbers)
            lines.append(f"- **{said.speaker}**：{text}")
            notes += more
        lines.append("")
    if result.exchanges:
        lines += [f"{h} 问答回顾", ""]
        for x in result.exchanges:
            asked = _marks([x.asked], numbers, notes)
            text, more = _cited(x.answer, numbers)
            lines += [f"- **问**（{x.asker}）：{x.question}{asked}", f"  **答**（{x.answerer}）：{text}"]
            notes += more
        lines.append("")
    return lines, notes


def _marks(citations: list[Citation], numbers: Iterator[int], notes: list[str]) -> str:
    marks = []
    for c in citations:
        n = next(numbers)
        marks.append(f"[^{n}]")
        notes.append(_footnote(n, c))
    return "".join(marks)


def outcome_sections(found: Outcomes, numbers: Iterator[int], h: str) -> tuple[list[str], list[str]]:
    """决议, 待办事项 (a table: owner, task, due) and 待定事项; a section with nothing is left out."""
    lines: list[str] = []
    notes: list[str] = []
    if found.decisions:
        lines += [f"{h} 决议", ""] + [f"- {d.text}{_marks(d.citations, numbers, notes)}" for d in found.decisions] + [""]
    if found.actions:
        lines += [f"{h} 待办事项", "", "| 负责人 | 事项 | 截止 |", "| --- | --- | --- |"]
        for a in found.actions:
            lines.append(f"| {a.owner} | {a.task.replace('|', '｜')}{_marks(a.citations, numbers, notes)} | {a.due_text()} |")
        lines.append("")
    if found.open_questions:
        lines += [f"{h} 待定事项", ""] + [f"- {q.text}{_marks(q.citations, numbers, notes)}"
                                         for q in found.open_questions] + [""]
    return lines, notes


def minutes_page(result: Minutes) -> str:
    lines, notes = minutes_section(result, count(1), level=1)
    return "\n".join(lines + notes) + "\n"


def overview_page(result: Minutes) -> str:
    text, notes = _cited(result.overview, count(1))
    return "\n".join([f"# 会议概要：{result.doc_id}", "", text or "（没有可摘要的内容）", ""] + notes) + "\n"


def whole(doc: Document, briefings: list[Briefing], notes_of: Minutes | None = None) -> str:
    """会议概况, the minutes, then the sector sections."""
    lines = [f"# 会议简报：{doc.doc_id}", ""] + overview(doc)
    notes: list[str] = []
    numbers = count(1)
    if notes_of is not None:
        body, more = minutes_section(notes_of, numbers)
        lines += body
        notes += more
    for briefing in briefings:
        body, more = section(briefing, numbers)
        lines += body
        notes += more
    return "\n".join(lines + notes) + "\n"
