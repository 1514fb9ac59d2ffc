"""Deterministic scoring of answers against the question set (data/eval/qa.jsonl).

An item passes when the answer holds one accepted form of every gold fact and is concise
(non-list answers at most `max_chars`), or, for an unanswerable item, when the answer refuses.
The same scorer serves the benchmarks, the tests and (later) `jiyao eval`."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .answer import Answer


@dataclass
class Item:
    id: str
    question: str
    answerable: bool
    facts: list[list[str]]
    evidence: str | None
    kind: str = "what"
    lang: str = "zh"
    speaker: str | None = None
    tags: list[str] = field(default_factory=list)


@dataclass
class Verdict:
    item: Item
    passed: bool
    reason: str
    cited_gold: bool | None
    answer: Answer


def load_items(path: Path) -> list[Item]:
    items = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            data = json.loads(line)
            items.append(Item(**{k: data[k] for k in Item.__dataclass_fields__ if k in data}))
    return items


def _norm(text: str) -> str:
    # Compare without spaces, thousands separators or full-width forms: "3.8 万" == "3.8万".
    text = text.translate({ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９％．"})
    return re.sub(r"[\s,，]", "", text).lower()


def missing_facts(answer_text: str, facts: list[list[str]]) -> list[str]:
    body = _norm(answer_text)
    return [alts[0] for alts in facts if not any(_norm(a) in body for a in alts)]


def gold_span(text: str, evidence: str) -> tuple[int, int] | None:
    pos = text.find(evidence)
    return (pos, pos + len(evidence)) if pos >= 0 else None


def retrieval_hit(spans, gold: tuple[int, int]) -> bool:
    """Does one retrieved (start, end) span contain the whole gold evidence span?"""
    return any(s <= gold[0] and gold[1] <= e for s, e in spans)


def judge(item: Item, answer: Answer, doc_text: str, max_chars: int) -> Verdict:
    if not item.answerable:
        ok = not answer.answerable
        return Verdict(item, ok, "refused" if ok else "answered an unanswerable question", None, answer)
    if not answer.answerable:
        return Verdict(item, False, "refused an answerable question", False, answer)
    gold = gold_span(doc_text, item.evidence or "")
    cited = bool(gold) and any(
        c.start < gold[1] and gold[0] < c.end and min(c.end, gold[1]) - max(c.start, gold[0]) >= (gold[1] - gold[0]) / 2
        for c in answer.citations
    )
    missing = missing_facts(answer.answer, item.facts)
    if missing:
        return Verdict(item, False, f"missing {', '.join(missing)}", cited, answer)
    length = len(re.sub(r"\[\d+\]", "", answer.answer))
    if item.kind != "list" and length > max_chars:
        return Verdict(item, False, f"too long ({length} > {max_chars} characters)", cited, answer)
    return Verdict(item, True, "ok", cited, answer)


def run(items: list[Item], ask: Callable[[str], Answer], doc_text: str, max_chars: int) -> list[Verdict]:
    return [judge(item, ask(item.question), doc_text, max_chars) for item in items]


def summary(verdicts: list[Verdict]) -> dict:
    answerable = [v for v in verdicts if v.item.answerable]
    refusals = [v for v in verdicts if not v.item.answerable]
    latencies = sorted(v.answer.latency_ms for v in verdicts)

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] if latencies else 0.0

    return {
        "items": len(verdicts),
        "accuracy": sum(v.passed for v in verdicts) / max(len(verdicts), 1),
        "answer_accuracy": sum(v.passed for v in answerable) / max(len(answerable), 1),
        "citation_accuracy": sum(bool(v.cited_gold) for v in answerable) / max(len(answerable), 1),
        "refusal_accuracy": sum(v.passed for v in refusals) / max(len(refusals), 1),
        "latency_p50_ms": pct(0.5),
        "latency_p95_ms": pct(0.95),
    }
