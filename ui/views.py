"""How agent results look in the web app: HTML, Markdown and component values. No logic of its own."""
from __future__ import annotations

import html

from agent.answer import Answer


def badge(answer: Answer) -> str:
    if answer.model:
        state = "已核验" if answer.verified else "未通过核验"
        text = f"{html.escape(answer.model)} · {state}"
    else:
        text = "离线抽取模式"
    note = ""
    if answer.fallback_reason:
        note = f'<div class="jy-notice">LLM 未采用：{html.escape(answer.fallback_reason)}，已改用离线抽取答案</div>'
    return f'<span class="jy-badge">{text}</span> <span class="jy-ms">{answer.latency_ms:.0f} ms</span>{note}'


def understood(answer: Answer) -> str:
    """"理解为：…" above a follow-up's answer, when it was taken to mean more than was typed."""
    if not answer.understood or answer.understood == answer.question:
        return ""
    return f'<span class="jy-understood">理解为：{html.escape(answer.understood)}</span>\n\n'


def footnotes(answer: Answer) -> str:
    """The answer text with its citations as footnotes naming the speaker."""
    lines = [answer.answer]
    if answer.citations:
        lines.append("")
        for c in answer.citations:
            lines.append(f"<sup>[{c.n}]</sup> {c.heard()} · {c.meeting()} "
                         f"第 {c.start}–{c.end} 字")
    return "\n".join(lines)


def citation_choices(answer: Answer) -> list[tuple[str, str]]:
    return [(" ".join(p for p in (f"[{c.n}]", c.speaker or "发言人不详", c.when()) if p), str(c.n))
            for c in answer.citations]


CONTEXT_CHARS = 300  # of the speaker turn shown on each side of a citation


def passage(turn_text: str, start: int, end: int, speaker: str | None, quote: tuple[int, int] | None = None) -> str:
    """The speaker turn around the cited span, the span highlighted (the quoted words inside it bold)."""
    lo, hi = max(0, start - CONTEXT_CHARS), min(len(turn_text), end + CONTEXT_CHARS)
    head, tail = ("…" if lo else ""), ("…" if hi < len(turn_text) else "")
    turn_text, start, end = turn_text[lo:hi], start - lo, end - lo
    quote = (quote[0] - lo, quote[1] - lo) if quote else None
    if quote:
        qs, qe = quote
        inner = (html.escape(turn_text[start:qs]) + "<b>" + html.escape(turn_text[qs:qe]) + "</b>"
                 + html.escape(turn_text[qe:end]))
    else:
        inner = html.escape(turn_text[start:end])
    body = (head + html.escape(turn_text[:start]) + f'<mark class="jy-cited">{inner}</mark>'
            + html.escape(turn_text[end:]) + tail)
    return f'<div class="jy-turn"><div class="jy-who">{html.escape(speaker or "发言人不详")}</div>{body}</div>'


def highlighted(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[str, str | None]]:
    """gr.HighlightedText value: the text cut at the spans, each span with its label."""
    out, pos = [], 0
    for s, e, label in sorted(spans):
        if s > pos:
            out.append((text[pos:s], None))
        if e > s:
            out.append((text[s:e], label))
        pos = max(pos, e)
    if pos < len(text):
        out.append((text[pos:], None))
    return out


def quote_views(q) -> tuple[list, list, list[list]]:
    """(original with the changed spans marked, corrected with the new text marked, rows of changes)."""
    labels = {"known misrecognition": "识别错误", "sounds like a glossary term": "识别错误", "LLM proposal": "模型建议",
              "filler": "口头语", "stutter": "重复", "punctuation": "标点"}
    before = [(e.start, e.end, labels.get(e.reason, e.reason)) for e in q.corrections if e.end > e.start]
    after, shift = [], 0
    for e in sorted(q.corrections, key=lambda e: e.start):
        start = e.start + shift
        if e.right:
            after.append((start, start + len(e.right), f"{labels.get(e.reason, e.reason)} {e.confidence:.2f}"))
        shift += len(e.right) - (e.end - e.start)
    rows = [[e.wrong, e.right, labels.get(e.reason, e.reason), round(e.confidence, 2), f"{e.start}–{e.end}"]
            for e in q.corrections]
    return highlighted(q.original, before), highlighted(q.corrected, after), rows


def document_rows(rows: list[dict]) -> list[list]:
    return [[r["doc_id"], r["date"] or "", r["chars"], r["turns"], r["chunks"], "、".join(r["speakers"]),
             "旧版本建立，请重建" if r["stale"] else "最新"] for r in rows]


def metrics_markdown(report: dict) -> str:
    from agent.evals import reporting

    return reporting.markdown(report, with_items=False)


def item_rows(report: dict) -> list[list]:
    sets = report["sets"] if "sets" in report else [report]
    return [[r.get("name", ""), i["id"], i["kind"], "✓" if i["passed"] else "✗", i["reason"], i["question"]]
            for r in sets for i in r["items"]]
