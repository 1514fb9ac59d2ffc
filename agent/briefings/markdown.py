"""Briefings as Markdown: headings, bullets, and footnotes that name the speaker and the span."""
from __future__ import annotations

from itertools import count
from typing import Iterator

from ..answer import Citation
from ..index.library import Document
from .briefing import Briefing


def _footnote(n: int, c: Citation) -> str:
    s, e = (c.quote_start, c.quote_end) if c.quote_start is not None else (c.start, c.end)
    quote = c.quote.replace("\n", " ")
    return f"[^{n}]: {c.who()}，{c.source} 第 {s}–{e} 字：“{quote}”"


def section(briefing: Briefing, numbers: Iterator[int], level: int = 2) -> tuple[list[str], list[str]]:
    """(lines of the section, its footnotes), numbering footnotes from the shared counter."""
    lines = [f"{'#' * level} {briefing.sector.name}", ""]
    notes = []
    if not briefing.bullets:
        lines.append("- （本次会议记录中没有找到这一领域的内容）")
    for bullet in briefing.bullets:
        marks = []
        for c in bullet.citations:
            n = next(numbers)
            marks.append(f"[^{n}]")
            notes.append(_footnote(n, c))
        who = f"**{bullet.speaker}**：" if bullet.speaker else ""
        lines.append(f"- {who}{bullet.text}{''.join(marks)}")
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


def whole(doc: Document, briefings: list[Briefing]) -> str:
    lines = [f"# 会议简报：{doc.doc_id}", ""] + overview(doc)
    notes: list[str] = []
    numbers = count(1)
    for briefing in briefings:
        body, more = section(briefing, numbers)
        lines += body
        notes += more
    return "\n".join(lines + notes) + "\n"
