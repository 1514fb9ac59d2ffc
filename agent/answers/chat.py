"""A question asked in a conversation: understood against the turns before it
(agent/answers/followup.py), answered around the last citations when it asks for the next point
or for more (agent/answers/around.py), else answered as the standalone question it was taken as.
Every answer says what it understood (Answer.understood), so that a user can see and correct it."""
from __future__ import annotations

import time
from typing import Callable, Iterable, Optional, Union

from .. import llm
from ..answer import Answer, Citation
from ..errors import JiyaoError
from ..index.library import Library
from ..settings import Settings
from . import around, followup, qa
from .extractive import REFUSAL_ZH
from .followup import MORE, ORDINAL, Said

NO_MORE_ZH = "文中未提及：上一个回答所引的发言之后，这位发言人没有再谈更多内容。"


def said(answer: Answer) -> Said:
    """What a conversation carries from an answer."""
    return Said(answer.understood or answer.question, tuple(answer.citations), answer.answerable)


def history_of(turns: Iterable[Union[str, dict, Answer]]) -> list[Said]:
    """A history from earlier turns: answers, their JSON (as the API returns them), or bare
    questions (which carry no citations: a pronoun or "第三个" then has nothing to refer to)."""
    out = []
    for turn in turns:
        if isinstance(turn, Answer):
            out.append(said(turn))
        elif isinstance(turn, str):
            out.append(Said(turn.strip()))
        elif isinstance(turn, dict):
            question = turn.get("understood") or turn.get("question") or ""
            out.append(Said(str(question), _citations(turn.get("citations")), bool(turn.get("answerable", True))))
    return out


_FIELDS = set(Citation.__dataclass_fields__)


def _citations(given) -> tuple[Citation, ...]:
    """The citations of an answer's JSON; one that is not a citation is a clear error."""
    out = []
    for c in given or ():
        try:
            out.append(Citation(**{k: v for k, v in c.items() if k in _FIELDS}))
        except (AttributeError, TypeError) as exc:
            raise JiyaoError(f"history: not a citation of an earlier answer ({exc})") from None
    return tuple(out)


def ask(library: Library, question: str, settings: Settings, history: Optional[list[Said]] = None,
        doc: Optional[str] = None, speaker: Optional[str] = None, backend: Optional[str] = None,
        on_token: Optional[Callable[[str], None]] = None, on_notice: Optional[Callable[[str], None]] = None,
        since: Optional[str] = None, until: Optional[str] = None, k: Optional[int] = None) -> Answer:
    """Answer a turn of a chat. Without history this is qa.ask."""
    started = time.perf_counter()
    text = qa.clean_question(question, settings)
    reading = followup.understand(text, history or [])
    if history and settings.llm_followups == "llm" and llm.require(settings, backend) == "openai":
        from . import rewrite_llm

        reading = rewrite_llm.rewrite(text, history, reading, settings, on_notice)
    found = _around(library, reading, settings, text) if reading.how in (ORDINAL, MORE) else None
    if found is not None:
        result = qa.finish(found, question, started)
    else:
        result = qa.ask(library, reading.question, settings, k=k, doc=doc or reading.doc,
                        speaker=speaker or reading.speaker, backend=backend, on_token=on_token,
                        on_notice=on_notice, since=since, until=until, near=reading.near)
        result.question = question
    result.understood = reading.question
    if reading.rewritten_by:
        result.extra["understood_by"] = reading.rewritten_by
    return result


def _around(library: Library, reading: followup.Reading, settings: Settings, question: str) -> Optional[Answer]:
    corpus = library.corpus()
    limit = settings.answer_max_chars - 20
    if reading.how == ORDINAL:
        return around.ordinal(corpus, reading.around, reading.ordinal, limit, question)
    found = around.more(corpus, reading.around, limit, question)
    # Nothing after the last quote; or nothing quoted (the last answer was a refusal).
    return found or Answer(question, NO_MORE_ZH if reading.around else REFUSAL_ZH, False, [])


class Conversation:
    """A chat's state: the turns so far, each understood against the ones before."""

    def __init__(self, library: Library, settings: Settings):
        self.library, self.settings = library, settings
        self.turns: list[Said] = []

    def ask(self, question: str, **kwargs) -> Answer:
        answer = ask(self.library, question, self.settings, self.turns, **kwargs)
        self.turns.append(said(answer))
        return answer

    def clear(self) -> None:
        self.turns = []
