"""LLM proposals for a quote's recognition errors, accepted only when they pass the checks:
the wrong text is in the passage, the edit is small, keeps every digit, does not overlap a
matcher fix, and either sounds like the original or writes a glossary term."""
from __future__ import annotations

import json
import re
from typing import Callable, Optional

from .. import llm, prompts, sounds
from ..settings import Settings
from .correct import Edit

MAX_EDIT_CHARS = 12
MIN_SOUND = 0.5


def parse(reply: str) -> list[dict]:
    match = re.search(r"\[.*\]", reply or "", flags=re.S)
    if not match:
        return []
    try:
        data = json.loads(match.group(0))
    except ValueError:
        return []
    return [d for d in data if isinstance(d, dict) and isinstance(d.get("wrong"), str) and isinstance(d.get("right"), str)]


def _sound(wrong: str, right: str) -> float:
    if len(wrong) != len(right):
        return 0.0
    return sum(sounds.similarity(a, b) for a, b in zip(wrong, right)) / len(right)


def accept(text: str, proposals: list[dict], known_terms: set[str], taken: list[Edit]) -> tuple[list[Edit], int]:
    edits, refused = [], 0
    for p in proposals:
        wrong, right = p["wrong"].strip(), p["right"].strip()
        start = text.find(wrong) if wrong else -1
        ok = (start >= 0 and wrong != right and len(wrong) <= MAX_EDIT_CHARS and abs(len(wrong) - len(right)) <= 3
              and re.findall(r"\d", wrong) == re.findall(r"\d", right))
        sound = _sound(wrong, right) if ok else 0.0
        if ok and not (sound >= MIN_SOUND or any(t in right and t not in wrong for t in known_terms)):
            ok = False
        edit = Edit(start, start + len(wrong), wrong, right, "LLM proposal", round(max(sound, 0.6), 2)) if ok else None
        if edit is None or any(edit.start < e.end and e.start < edit.end for e in taken + edits):
            refused += 1
            continue
        edits.append(edit)
    return edits, refused


def propose(text: str, terms, taken: list[Edit], settings: Settings,
            on_notice: Optional[Callable[[str], None]] = None) -> tuple[list[Edit], dict]:
    prompt = prompts.load(settings.prompts_dir, "quote_correct")
    listed = "、".join(t.term for t in terms)
    try:
        reply, usage = llm.run(llm.chain(prompt, settings), {"passage": text, "terms": listed}, llm.deadline(settings))
    except Exception as exc:  # noqa: BLE001 - the matcher's fixes stand alone when the endpoint fails
        return [], {"fallback_reason": llm.declined(exc, settings, on_notice, "只用词表更正")}
    edits, refused = accept(text, parse(reply), {t.term for t in terms}, taken)
    return edits, {"fallback_reason": None, "model": settings.llm_model, "prompt_id": prompt.id,
                   "refused_proposals": refused, "usage": usage or None}
