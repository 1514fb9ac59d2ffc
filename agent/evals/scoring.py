"""Deterministic scoring of answers against a question set (data/eval/qa.jsonl and friends).

An item passes when the answer holds one accepted form of every gold fact and is concise
(non-list answers at most `max_chars`), or, for an unanswerable item, when the answer refuses.
Every backend is judged by the same checks, so runs are comparable. Used by `jiyao eval`, the
benchmarks and the CI gate."""
from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .. import numbers
from ..answer import Answer
from ..transcripts.dialogue import only_questions

# Metrics where higher is better, compared against a baseline; the rest are reported only.
QUALITY_METRICS = ("answer_accuracy", "citation_accuracy", "refusal_accuracy", "right_document",
                   "number_faithfulness", "summary_coverage", "correction_recall", "generated_correction_recall")


@dataclass
class Item:
    id: str
    question: str
    answerable: bool
    facts: list[list[str]]
    evidence: str | None
    doc: str | None = None  # the document that holds the answer (doc id)
    kind: str = "what"
    lang: str = "zh"
    speaker: str | None = None
    tags: list[str] = field(default_factory=list)
    conversation: str | None = None  # a turn of this conversation (conversations.jsonl), else a question alone
    turn: int = 0  # its place in the conversation, from 0
    understood: str | None = None  # the standalone question the turn means (reported, not scored)


CONVERSATION_TAGS = ("first", "ellipsis", "pronoun", "slot", "ordinal", "more", "narrowing", "new_subject",
                     "unanswerable")


@dataclass
class Verdict:
    item: Item
    passed: bool
    reason: str
    answer: Answer
    cited_gold: bool | None = None  # a cited span contains the gold evidence
    right_doc: bool | None = None  # every citation points into the item's document
    unsupported: list[str] = field(default_factory=list)  # figures absent from the cited passages
    question_only: bool = False  # every quote of the answer is a question or a moderator's framing

    def to_json(self) -> dict:
        return {"id": self.item.id, "question": self.item.question, "kind": self.item.kind,
                "tags": self.item.tags, "passed": self.passed, "reason": self.reason,
                "cited_gold": self.cited_gold, "right_doc": self.right_doc, "unsupported_numbers": self.unsupported,
                "question_only": self.question_only,
                "answer": self.answer.answer, "backend": self.answer.backend,
                **({"conversation": self.item.conversation, "turn": self.item.turn,
                    "understood": self.answer.understood, "gold_understood": self.item.understood}
                   if self.item.conversation else {}),
                "verified": self.answer.verified, "fallback_reason": self.answer.fallback_reason,
                "latency_ms": round(self.answer.latency_ms, 1)}


def _json_lines(path: Path) -> Iterable[tuple[int, str]]:
    """(line number, line) of a JSONL file, blank lines left out."""
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            yield n, line


def load_items(path: Path, default_doc: str | None = None) -> list[Item]:
    items = []
    for n, line in _json_lines(path):
        try:
            data = json.loads(line)
            item = Item(**{k: data[k] for k in Item.__dataclass_fields__ if k in data})
        except (ValueError, TypeError) as exc:
            raise ValueError(f"{path}:{n}: not a question item ({exc})") from None
        item.doc = item.doc or default_doc
        items.append(item)
    return items


def load_conversations(path: Path) -> list[Item]:
    """The turns of conversations.jsonl (one conversation per line: id, doc, turns) as items, in
    order: `{conversation}-{n}`, each with the conversation's document."""
    items = []
    for n, line in _json_lines(path):
        try:
            data = json.loads(line)
            for t, turn in enumerate(data["turns"]):
                fields = {k: turn[k] for k in Item.__dataclass_fields__ if k in turn and k not in ("id", "doc", "turn")}
                items.append(Item(id=f"{data['id']}-{t + 1}", doc=turn.get("doc") or data.get("doc"),
                                  conversation=data["id"], turn=t, **fields))
        except (ValueError, TypeError, KeyError) as exc:
            raise ValueError(f"{path}:{n}: not a conversation ({exc})") from None
    return items


def _norm(text: str) -> str:
    # Compare without spaces, thousands separators or full-width forms: "3.8 万" == "3.8万".
    text = text.translate({ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９％．"})
    return re.sub(r"[\s,，]", "", text).lower()


def missing_facts(answer_text: str, facts: list[list[str]]) -> list[str]:
    body = _norm(answer_text)
    return [alts[0] for alts in facts if not any(_norm(a) in body for a in alts)]


def gold_span(text: str, evidence: str) -> tuple[int, int] | None:
    pos = text.find(evidence) if evidence else -1
    return (pos, pos + len(evidence)) if pos >= 0 else None


def retrieval_hit(spans, gold: tuple[int, int]) -> bool:
    """Does one (start, end) span contain the whole gold evidence span?"""
    return any(s <= gold[0] and gold[1] <= e for s, e in spans)


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Adjacent or overlapping cited spans joined: two citations of consecutive clauses cite both."""
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1] + 1:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def quotes_only_questions(answer: Answer) -> bool:
    """An answer made only of questions ("…有什么区别？") quotes the asking, not the reply."""
    return bool(answer.answerable and answer.citations) and all(only_questions(c.quote) for c in answer.citations)


def judge(item: Item, answer: Answer, texts: dict[str, str], max_chars: int) -> Verdict:
    verdict = _judge(item, answer, texts, max_chars)
    verdict.question_only = quotes_only_questions(answer)
    return verdict


def _judge(item: Item, answer: Answer, texts: dict[str, str], max_chars: int) -> Verdict:
    if not item.answerable:
        ok = not answer.answerable
        return Verdict(item, ok, "refused" if ok else "answered an unanswerable question", answer)
    if not answer.answerable:
        return Verdict(item, False, "refused an answerable question", answer, cited_gold=False, right_doc=False)
    mine = [c for c in answer.citations if c.doc_id == item.doc]
    right_doc = bool(answer.citations) and len(mine) == len(answer.citations)
    gold = gold_span(texts.get(item.doc, ""), item.evidence or "")
    cited = bool(gold) and retrieval_hit(_merged((c.start, c.end) for c in mine), gold)
    unsupported = numbers.unsupported(answer.answer, [c.attributed() for c in answer.citations])
    verdict = Verdict(item, False, "", answer, cited, right_doc, unsupported)
    missing = missing_facts(answer.answer, item.facts)
    length = len(re.sub(r"\[\d+\]", "", answer.answer))
    if missing:
        verdict.reason = f"missing {', '.join(missing)}"
    elif item.kind != "list" and length > max_chars:
        verdict.reason = f"too long ({length} > {max_chars} characters)"
    elif not right_doc:
        verdict.reason = "cites another document"
    elif unsupported:  # an answer that states a figure its passages do not hold is wrong
        verdict.reason = f"figures not in cited passages: {', '.join(unsupported)}"
    else:
        verdict.passed, verdict.reason = True, "ok"
    return verdict


def run(items: list[Item], ask: Callable[[str], Answer], texts: dict[str, str], max_chars: int,
        progress: Callable[[int, int], None] | None = None,
        in_chat: Callable[[Item, list[Answer]], Answer] | None = None) -> list[Verdict]:
    """Judge each item's answer: ask(question) for a question alone, in_chat(item, the answers of
    its conversation so far) for a conversation's turn (items in order)."""
    verdicts, talk = [], []
    for n, item in enumerate(items, 1):
        if item.conversation and in_chat is not None:
            talk = [] if item.turn == 0 else talk
            answer = in_chat(item, talk)
            talk.append(answer)
        else:
            answer = ask(item.question)
        verdicts.append(judge(item, answer, texts, max_chars))
        if progress:
            progress(n, len(items))
    return verdicts


def judge_briefing(item: dict, briefing) -> dict:
    """A sector's facts against its briefing: covered when one form of each part is in a bullet
    (the bullets together, as a reader sees them); every bullet's figures must be in its citations."""
    body = " ".join(b.text for b in briefing.bullets)
    facts = [{"id": f["id"], "fact": f["fact"], "covered": not missing_facts(body, f["any_of"])} for f in item["facts"]]
    unsupported = [n for b in briefing.bullets for n in numbers.unsupported(b.text, [c.attributed() for c in b.citations])]
    return {"sector": item["sector"], "doc": item.get("doc"), "bullets": len(briefing.bullets), "facts": facts,
            "coverage": sum(f["covered"] for f in facts) / max(len(facts), 1), "unsupported_numbers": unsupported}


def briefing_summary(judged: list[dict]) -> dict:
    facts = [f for j in judged for f in j["facts"]]
    return {"summary_coverage": _share([f["covered"] for f in facts]),
            "summary_numbers_unsupported": sum(len(j["unsupported_numbers"]) for j in judged)}


def judge_correction(item: dict, original: str, corrected: str, edits) -> dict:
    """Each listed error fixed (its right form in place of the wrong one); on a clean passage, any
    change is a false correction; an error passage's edits away from its errors are extra."""
    fixed = [bool(e["right"] in corrected and e["wrong"] not in corrected.replace(e["right"], ""))
             for e in item["errors"]]
    wrongs = [(m.start(), m.end()) for e in item["errors"] for m in re.finditer(re.escape(e["wrong"]), original)]
    extra = [x for x in edits if not any(x.start < e and s < x.end for s, e in wrongs)]
    return {"id": item["id"], "clean": not item["errors"], "errors": len(item["errors"]), "fixed": sum(fixed),
            "changed": corrected != original, "extra_edits": len(extra),
            "digits_changed": sorted(re.findall(r"\d", original)) != sorted(re.findall(r"\d", corrected)),
            "corrected": corrected}


def correction_summary(judged: list[dict]) -> dict:
    errors = sum(j["errors"] for j in judged)
    clean = [j for j in judged if j["clean"]]
    return {"recall": round(sum(j["fixed"] for j in judged) / errors, 4) if errors else None,
            "false_correction_rate": _share([j["changed"] for j in clean]),
            "extra_edits_on_error_passages": sum(j["extra_edits"] for j in judged if not j["clean"]),
            "digits_changed": sum(j["digits_changed"] for j in judged),
            "errors": errors, "clean_passages": len(clean)}


def _share(flags: list[bool]) -> float | None:
    return round(sum(flags) / len(flags), 4) if flags else None


def percentile(values: list[float], p: float) -> float:
    """The value at share p of the sorted values (nearest rank; 0.0 for none). Benchmarks use it too."""
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))] if values else 0.0


def summary(verdicts: list[Verdict]) -> dict:
    answerable = [v for v in verdicts if v.item.answerable]
    refusals = [v for v in verdicts if not v.item.answerable]
    answered = [v for v in verdicts if v.answer.answerable]
    latencies = [v.answer.latency_ms for v in verdicts]
    return {
        "items": len(verdicts),
        "answerable": len(answerable),
        "unanswerable": len(refusals),
        "accuracy": _share([v.passed for v in verdicts]),
        "answer_accuracy": _share([v.passed for v in answerable]),
        "citation_accuracy": _share([bool(v.cited_gold) for v in answerable]),
        "refusal_accuracy": _share([v.passed for v in refusals]),
        "right_document": _share([bool(v.right_doc) for v in answerable]),
        "number_faithfulness": _share([not v.unsupported for v in answered]),
        "numbers_unsupported": sum(len(v.unsupported) for v in verdicts),
        "unverified_answers": sum(not v.answer.verified for v in verdicts),
        "question_only_answers": sum(v.question_only for v in verdicts),
        "fallbacks": sum(v.answer.fallback_reason is not None for v in verdicts),
        "latency_p50_ms": round(percentile(latencies, 0.5), 1),
        "latency_p95_ms": round(percentile(latencies, 0.95), 1),
    }


def conversation_summary(verdicts: list[Verdict], alone: list[Verdict]) -> dict:
    """A conversation set's figures: its later turns (what follows the first), its first and
    new-subject turns in the chat and asked alone (no worse in the chat), and how often the turn
    was understood as the gold standalone question, word for word (reported only)."""
    turns = [v for v in verdicts if v.item.conversation]
    later = [v for v in turns if v.item.turn > 0]
    opening = [v for v in turns if v.item.turn == 0 or "new_subject" in v.item.tags]
    keys = ("items", "answer_accuracy", "citation_accuracy", "refusal_accuracy")
    rewritten = [v for v in later if v.item.understood]
    return {"conversations": len({v.item.conversation for v in turns}), "turns": len(turns),
            "later_turns": {k: summary(later)[k] for k in keys} if later else None,
            "opening_turns": {k: summary(opening)[k] for k in keys} if opening else None,
            "opening_turns_alone": {k: summary(alone)[k] for k in keys} if alone else None,
            "understood_exactly": _share([v.answer.understood == v.item.understood for v in rewritten])}


def breakdown(verdicts: list[Verdict], key: Callable[[Item], Iterable[str]]) -> dict[str, dict]:
    """The same metrics per group (question kind, sector tag…), so the weakest spot shows."""
    groups: dict[str, list[Verdict]] = defaultdict(list)
    for v in verdicts:
        for name in key(v.item):
            groups[name].append(v)
    return {name: {k: summary(vs)[k] for k in ("items", "answer_accuracy", "citation_accuracy", "refusal_accuracy")}
            for name, vs in sorted(groups.items())}
