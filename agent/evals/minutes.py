"""Scoring minutes against gold written by hand (data/eval/*/minutes.yaml): action F1 (owner, task
and due all right), decision F1, open questions found, and rejected or superseded tasks listed.

A predicted action matches a gold one when its owner is one of the names the gold owner goes by
(or holds one: "发言人2（小周）"), every gold task word is in its task or the sentence it was read
from, and its due date is the gold one (the date when the meeting's date is known, else the words
as said, "before" aside: 十一月五号前 is 十一月五号之前); each gold item is matched at most once."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml


@dataclass
class Tally:
    right: int = 0
    predicted: int = 0
    gold: int = 0

    def f1(self) -> float:
        if not self.predicted and not self.gold:
            return 1.0
        p = self.right / self.predicted if self.predicted else 0.0
        r = self.right / self.gold if self.gold else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def recall(self) -> float:
        return self.right / self.gold if self.gold else 1.0

    def add(self, other: "Tally") -> None:
        self.right += other.right
        self.predicted += other.predicted
        self.gold += other.gold


@dataclass
class Score:
    actions: Tally = field(default_factory=Tally)
    decisions: Tally = field(default_factory=Tally)
    open_questions: Tally = field(default_factory=Tally)
    wrongly_listed: list[str] = field(default_factory=list)  # rejected or superseded tasks listed
    missed: list[str] = field(default_factory=list)

    def add(self, other: "Score") -> None:
        self.actions.add(other.actions)
        self.decisions.add(other.decisions)
        self.open_questions.add(other.open_questions)
        self.wrongly_listed += other.wrongly_listed
        self.missed += other.missed

    def to_json(self) -> dict:
        return {"action_f1": round(self.actions.f1(), 3), "decision_f1": round(self.decisions.f1(), 3),
                "open_found": round(self.open_questions.recall(), 3), "actions": vars(self.actions),
                "decisions": vars(self.decisions), "open_questions": vars(self.open_questions),
                "wrongly_listed": self.wrongly_listed}


def load(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


def owner_matches(predicted: str, names: list[str]) -> bool:
    return any(n and (n in predicted or predicted in n) for n in names)


def _quoted(c: dict) -> str:
    if c.get("quote_start") is None:
        return c["text"]
    return c["text"][c["quote_start"] - c["start"]:c["quote_end"] - c["start"]]


def _said(item: dict) -> str:
    """An item's text and the words of the sentence it was read from."""
    return item.get("task", item.get("text", "")) + " " + " ".join(_quoted(c) for c in item["citations"][:1])


def _action_right(pred: dict, gold: dict, dated: bool) -> bool:
    if not owner_matches(pred["owner"], gold["owner"]):
        return False
    if not all(w in _said(pred) for w in gold.get("task_words") or []):
        return False
    if dated and gold.get("due_date"):
        return pred.get("due_date") == str(gold["due_date"])
    if gold.get("due"):
        return bool(pred.get("due")) and _same_due(pred["due"], gold["due"])
    return not pred.get("due") or not dated or pred.get("due_date") is None


def _day(due: str) -> str:
    """A due date as said, without the words for "before" (十一月五号前 is 十一月五号之前)."""
    return re.sub(r"(?:之前|以前|前|之内|以内|内)$", "", due.strip())


def _same_due(predicted: str, gold: str) -> bool:
    p, g = _day(predicted), _day(gold)
    return bool(p and g) and (g in p or p in g)


def _matched(preds: list[dict], golds: list[dict], right) -> tuple[int, list[dict]]:
    used, n, missed = set(), 0, []
    for g in golds:
        hit = next((i for i, p in enumerate(preds) if i not in used and right(p, g)), None)
        if hit is None:
            missed.append(g)
        else:
            used.add(hit)
            n += 1
    return n, missed


def score(predicted: dict, gold: dict) -> Score:
    """predicted: the minutes' JSON (actions, decisions, open_questions); gold: one entry of minutes.yaml."""
    dated = bool(gold.get("meeting_date"))
    out = Score()
    acts, decs, opens = (predicted.get(k) or [] for k in ("actions", "decisions", "open_questions"))
    n, missed = _matched(acts, gold.get("actions") or [], lambda p, g: _action_right(p, g, dated))
    out.actions = Tally(n, len(acts), len(gold.get("actions") or []))
    out.missed += [f"action {g['task']}" for g in missed]

    def has_words(p: dict, g: dict) -> bool:
        return all(w in _said(p) for w in g.get("words") or [])

    n, missed = _matched(decs, gold.get("decisions") or [], has_words)
    out.decisions = Tally(n, len(decs), len(gold.get("decisions") or []))
    out.missed += [f"decision {g['text']}" for g in missed]
    n, missed = _matched(opens, gold.get("open_questions") or [], has_words)
    out.open_questions = Tally(n, len(opens), len(gold.get("open_questions") or []))
    out.missed += [f"open {g['text']}" for g in missed]
    for wrong in gold.get("not_actions") or []:
        if any(owner_matches(p["owner"], wrong["owner"]) and all(w in _said(p) for w in wrong.get("task_words") or [])
               for p in acts):
            out.wrongly_listed.append(f"{wrong.get('why')}: {wrong['quote']}")
    return out
