"""Answer a question: validate it, retrieve, answer, time it."""
from __future__ import annotations

import time
import unicodedata
from typing import Callable, Optional

from .. import llm
from ..answer import Answer
from ..errors import JiyaoError
from ..index.library import Library
from ..settings import Settings
from . import aliases, extractive, qkind, rerank, verify
from .retrieval import retrieve
from .scope import Scope


def clean_question(question: str, settings: Settings) -> str:
    # Control characters (pasted from terminals or PDFs) carry no meaning for retrieval.
    text = "".join(ch if unicodedata.category(ch) != "Cc" else " " for ch in question or "").strip()
    if not text:
        raise JiyaoError("问题为空：请输入一个问题 (empty question: type a question)")
    if not any(ch.isalnum() for ch in text):
        raise JiyaoError("问题里没有可查找的文字：请用文字提问 (no words in the question)")
    if len(text) > settings.max_question_chars:
        raise JiyaoError(
            f"问题过长（{len(text)} 字，上限 {settings.max_question_chars}）：请缩短问题 "
            f"(question too long: shorten it or raise JIYAO_MAX_QUESTION_CHARS)"
        )
    return text


def ask(library: Library, question: str, settings: Settings, k: Optional[int] = None,
        doc: Optional[str] = None, speaker: Optional[str] = None, backend: Optional[str] = None,
        on_token: Optional[Callable[[str], None]] = None,
        on_notice: Optional[Callable[[str], None]] = None,
        since: Optional[str] = None, until: Optional[str] = None, near: tuple = ()) -> Answer:
    """Answer with the chosen backend (default: settings), then verify what is shipped. The
    question is answered from one meeting (doc), the meetings of a date range (since, until:
    YYYY, YYYY-MM or YYYY-MM-DD) and one speaker, when given; else from the whole library. In a
    chat, near holds the last answer's citations: a follow-up's answer is likely said close to them."""
    started = time.perf_counter()
    text = clean_question(question, settings)
    chosen = llm.require(settings, backend)
    corpus = library.corpus()
    reader = rerank.reader_for(settings, text) if chosen != "openai" else None
    depth = max(k or settings.top_k, settings.rerank_depth) if reader else k
    retrieval = retrieve(corpus, text, settings, k=depth, within=Scope(doc, speaker, since, until))
    if reader is not None and reader.passages:
        retrieval.hits = rerank.passages(corpus, retrieval, reader.reader, k or settings.top_k)
    groups = aliases.load_groups(settings.aliases_file)

    def quoted() -> Answer:
        return extractive.answer(corpus, retrieval, settings.answer_max_chars, groups, reader, near)

    if chosen == "openai":
        from . import generate

        result = generate.answer(corpus, retrieval, settings, quoted, on_token, on_notice)
        result.kind = result.kind or qkind.classify(text).name
    else:
        result = quoted()
    return finish(result, question, started)


def finish(result: Answer, question: str, started: float) -> Answer:
    """Verify what is shipped (markers point to the passages cited, figures are in them), and time it."""
    check = verify.check(result.answer, {c.n: c.attributed() for c in result.citations})
    result.verified = check.ok and (check.refusal or not result.answerable or bool(check.cited))
    result.question = question
    result.latency_ms = (time.perf_counter() - started) * 1000
    return result
