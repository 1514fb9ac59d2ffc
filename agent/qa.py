"""Answer a question: validate it, retrieve, answer, time it."""
from __future__ import annotations

import time
import unicodedata
from typing import Optional

from . import aliases, extractive
from .answer import Answer
from .errors import JiyaoError
from .library import Library
from .retrieval import retrieve
from .settings import BACKENDS, Settings


def clean_question(question: str, settings: Settings) -> str:
    # Control characters (pasted from terminals or PDFs) carry no meaning for retrieval.
    text = "".join(ch if unicodedata.category(ch) != "Cc" else " " for ch in question or "").strip()
    if not text:
        raise JiyaoError("问题为空：请输入一个问题 (empty question: type a question)")
    if len(text) > settings.max_question_chars:
        raise JiyaoError(
            f"问题过长（{len(text)} 字，上限 {settings.max_question_chars}）：请缩短问题 "
            f"(question too long: shorten it or raise JIYAO_MAX_QUESTION_CHARS)"
        )
    return text


def resolve_backend(backend: str) -> str:
    """auto -> the backend that will answer. Only the embedded extractive answerer exists so far."""
    if backend not in BACKENDS:
        raise JiyaoError(f"unknown backend {backend!r}; choose one of: {', '.join(BACKENDS)}")
    return "extractive"


def ask(library: Library, question: str, settings: Settings, k: Optional[int] = None,
        doc: Optional[str] = None, speaker: Optional[str] = None, backend: Optional[str] = None) -> Answer:
    started = time.perf_counter()
    resolve_backend(backend or settings.backend)
    text = clean_question(question, settings)
    corpus = library.corpus()
    retrieval = retrieve(corpus, text, settings, k=k, doc=doc, speaker=speaker)
    groups = aliases.load_groups(settings.aliases_file)
    result = extractive.answer(corpus, retrieval, settings.answer_max_chars, groups)
    result.question = question
    result.latency_ms = (time.perf_counter() - started) * 1000
    return result
