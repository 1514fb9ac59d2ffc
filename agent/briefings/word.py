"""The minutes as a Word document (python-docx): headings, the keywords, the decisions, an action
table (owner, task, due), the open questions, the topics (with their times), each speaker's
summary and the questions asked and answered, each line's citations as numbered notes that name
the speaker, the time where the recording has one, and the words said. (python-docx has no API for
real footnotes; notes at the end, numbered like the Markdown's footnotes, are what it offers.)"""
from __future__ import annotations

import io
from itertools import count

from docx import Document as Word

from ..answer import Citation
from .markdown import note
from .minutes import Minutes, Summary


def docx_bytes(result: Minutes, title: str) -> bytes:
    """The minutes as a .docx file's bytes."""
    doc = Word()
    doc.add_heading(title, level=0)
    notes: list[str] = []
    numbers = count(1)

    def marks(citations: list[Citation]) -> str:
        out = []
        for c in citations:
            out.append(f"[{next(numbers)}]")
            notes.append(note(c))
        return "".join(out)

    def summary(s: Summary) -> str:
        text = s.text
        for c in s.citations:
            text = text.replace(f"[{c.n}]", marks([c]))
        return text

    doc.add_heading("概要", level=1)
    doc.add_paragraph(summary(result.overview) or "（没有可摘要的内容）")
    if result.keywords:
        doc.add_heading("关键词", level=1)
        doc.add_paragraph("、".join(result.keywords))
    found = result.outcomes
    if found and found.decisions:
        doc.add_heading("决议", level=1)
        for d in found.decisions:
            doc.add_paragraph(d.text + marks(d.citations), style="List Bullet")
    if found and found.actions:
        doc.add_heading("待办事项", level=1)
        table = doc.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for cell, head in zip(table.rows[0].cells, ("负责人", "事项", "截止")):
            cell.text = head
        for a in found.actions:
            row = table.add_row().cells
            row[0].text, row[1].text = a.owner, a.task + marks(a.citations)
            row[2].text = a.due_text()
    if found and found.open_questions:
        doc.add_heading("待定事项", level=1)
        for q in found.open_questions:
            doc.add_paragraph(q.text + marks(q.citations), style="List Bullet")
    if result.topics:
        doc.add_heading("议题", level=1)
        for part in result.topics:
            doc.add_heading(f"{part.topic.n}. {part.topic.headline}", level=2)
            when = f"；{part.topic.when()}" if part.topic.when() else ""
            doc.add_paragraph("发言人：" + ("、".join(part.topic.speakers) or "发言人不详") + when)
            doc.add_paragraph(summary(part.summary) or "（本议题没有可摘要的内容）")
    if result.speakers:
        doc.add_heading("发言总结", level=1)
        for said in result.speakers:
            doc.add_paragraph(f"{said.speaker}：{summary(said.summary)}", style="List Bullet")
    if result.exchanges:
        doc.add_heading("问答回顾", level=1)
        for x in result.exchanges:
            doc.add_paragraph(f"问（{x.asker}）：{x.question}{marks([x.asked])}", style="List Bullet")
            doc.add_paragraph(f"答（{x.answerer}）：{summary(x.answer)}")
    if notes:
        doc.add_heading("注释", level=1)
        for n, text in enumerate(notes, 1):
            doc.add_paragraph(f"[{n}] {text}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
