"""LLM mode, chats: the follow-up rewritten as a standalone question by the chat model
(prompts/followup_rewrite.yaml), kept only if it keeps every word the user typed and adds no
figure; else, and on any endpoint failure, the rules' reading (agent/answers/followup.py) stands.
The rules still decide where to look (the meeting, the speaker, around the last citations)."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable, Optional

from .. import llm, numbers, prompts, tokens
from ..settings import Settings
from .followup import Reading, Said

MAX_TURNS = 4  # earlier turns shown to the model
QUOTE_CHARS = 120  # of each earlier answer's first citation
_FILLER = re.compile(r"^(?:那么|那|其中|然后|这里面|这当中|另外|此外)$")


def typed_words(question: str) -> list[str]:
    """The words of the user's turn a rewrite must keep: its content words, without pronouns,
    lead-ins (那, 其中) and asking words."""
    out = []
    for word, flag in tokens.tagged(question):
        if len(word) < 2 and not word.isdigit():
            continue
        if flag.startswith(("r", "u", "y", "c", "p", "d", "x", "w")) or _FILLER.match(word):
            continue
        out.append(word)
    return out


def keeps(question: str, rewrite: str) -> bool:
    """Does the rewrite keep every word typed?"""
    return all(w in rewrite for w in typed_words(question))


def _history(history: list[Said]) -> str:
    lines = []
    for said in history[-MAX_TURNS:]:
        lines.append(f"用户：{said.question}")
        if said.citations:
            c = said.citations[0]
            lines.append(f"回答（引自{c.who()}）：{c.quote[:QUOTE_CHARS]}")
        else:
            lines.append("回答：文中未提及")
    return "\n".join(lines)


def rewrite(question: str, history: list[Said], rules: Reading, settings: Settings,
            on_notice: Optional[Callable[[str], None]] = None) -> Reading:
    """The LLM's standalone question in place of the rules' one, when it passes the checks."""
    if not history:
        return rules
    prompt = prompts.load(settings.prompts_dir, "followup_rewrite")
    chain = llm.chain(prompt, settings)
    try:
        text, _ = llm.run(chain, {"history": _history(history), "question": question}, llm.deadline(settings))
    except Exception as exc:  # noqa: BLE001 - every failure of the endpoint falls back to the rules
        if on_notice:
            on_notice(f"追问改写未用 LLM（{llm.reason(exc, settings)}），按规则理解")
        return rules
    text = text.strip().splitlines()[0].strip() if text.strip() else ""
    # A figure of the question is the user's; one from an answer would put the answer in the question.
    said = " ".join([question] + [s.question for s in history])
    if not text or len(text) > settings.max_question_chars or not keeps(question, text) \
            or numbers.unsupported(text, [said]):
        if on_notice:
            on_notice("LLM 的改写丢了原话或添了数字，按规则理解")
        return rules
    return replace(rules, question=text, rewritten_by=prompt.id)
