"""What the command line prints: answers with their citations, corrected quotes, notices and
progress bars."""
from __future__ import annotations

import re
import sys


def answer(result, with_answer: bool = True) -> str:
    """An answer, its citations (speaker, time, meeting, offsets, the quoted words marked) and its mode."""
    lines = [f"理解为：{result.understood}"] if result.understood and result.understood != result.question else []
    lines += [f"答：{result.answer}"] if with_answer else []
    if result.citations:
        lines.append("")
        lines.append("引用：")
        for c in result.citations:
            lines.append(f"[{c.n}] {c.heard('未知发言人')} · {c.meeting()} "
                         f"[{c.start}–{c.end}]")
            lines.append(f"    “{marked(c)}”")
    lines.append(f"（{badge(result)} · {result.latency_ms:.0f} ms）")
    return "\n".join(lines)


def badge(result) -> str:
    if result.model:
        return f"{result.model} · {'已核验' if result.verified else '未通过核验'}"
    if result.fallback_reason:
        return f"离线抽取模式 · LLM 未采用：{result.fallback_reason}"
    return "离线抽取模式"


def marked(c, context: int = 30) -> str:
    """The quoted words in 【】 with a little of the passage around them."""
    if c.quote_start is None:
        return c.text
    qs, qe = c.quote_start - c.start, c.quote_end - c.start
    before, after = c.text[max(0, qs - context):qs], c.text[qe:qe + context]
    return (("…" if qs > context else "") + before + "【" + c.text[qs:qe] + "】" + after
            + ("…" if qe + context < len(c.text) else "")).replace("\n", " ")


_REASONS = {"known misrecognition": "已知误识别", "sounds like a glossary term": "与词表术语音近", "filler": "口头语",
            "stutter": "重复", "punctuation": "标点", "LLM proposal": "模型建议"}


def quote(q) -> str:
    """A corrected quote: the original, the corrected text, each change and its reason, the source."""
    lines = [f"原文：{q.original}", f"更正：{q.corrected}"]
    changes = [e for e in q.corrections if e.reason not in ("filler", "stutter", "punctuation")]
    tidy = len(q.corrections) - len(changes)
    lines.append("改动：" if changes else "改动：（没有识别错误需要更正）")
    for i, e in enumerate(changes, 1):
        lines.append(f"  [{i}] {e.wrong} → {e.right}（{_REASONS.get(e.reason, e.reason)}，置信度 {e.confidence:.2f}，"
                     f"原文第 {e.start}–{e.end} 字）")
    if tidy:
        lines.append(f"  另删去口头语、重复和多余标点 {tidy} 处（--style verbatim 不做这些）")
    if q.source:
        c = q.source
        lines.append(f"出处：{c.speaker or '发言人不详'} · {c.source} [{c.quote_start}–{c.quote_end}]")
    return "\n".join(lines)


def plain(markdown: str) -> str:
    """Markdown as plain text: no heading marks, no bold."""
    return re.sub(r"^#+ |\*\*", "", markdown, flags=re.M)


def notice(message: str) -> None:
    print(f"注意：{message}", file=sys.stderr, flush=True)


def progress_bar():
    from tqdm import tqdm

    bars: dict[str, tqdm] = {}

    def update(name: str, done: int, total: int) -> None:
        bar = bars.get(name)
        if bar is None:
            bar = bars[name] = tqdm(total=total, desc=f"索引 {name}", unit="句", file=sys.stderr, leave=False, disable=None)
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    return update


def steps(desc: str, unit: str, total: int | None = None):
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, leave=False, disable=None)
