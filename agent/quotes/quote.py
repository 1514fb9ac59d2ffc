"""`jiyao quote`: a passage as it should be quoted, with every change shown beside the original.

verbatim: recognition errors fixed (agent/correct.py). clean (default): also fillers and stutters
deleted, and doubled punctuation repaired. Every change is an edit with offsets into the
original passage; Arabic digits are never changed."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from .. import llm
from ..answer import Citation
from ..errors import JiyaoError
from ..settings import Settings
from ..transcripts import cleanup
from ..transcripts.sentences import mid_sentence_breaks
from . import correct, glossary
from .correct import Edit

STYLES = ("clean", "verbatim")
_DIGITS = re.compile(r"[0-9０-９]")
_PUNCT = "，、。；：！？,.;:!?"


@dataclass
class Quote:
    original: str
    corrected: str
    corrections: list[Edit]
    source: Optional[Citation] = None
    backend: str = "extractive"
    style: str = "clean"
    extra: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"original": self.original, "corrected": self.corrected,
                "corrections": [e.to_json() for e in self.corrections],
                "source": self.source.to_json() if self.source else None, "backend": self.backend,
                "style": self.style, **self.extra}


def terms(settings: Settings, extra: Optional[Path] = None) -> tuple:
    paths = [Path(settings.glossary_file)] + ([Path(extra)] if extra else [])
    return glossary.load(*paths)


def keeps_digits(edit: Edit) -> bool:
    return sorted(_DIGITS.findall(edit.wrong)) == sorted(_DIGITS.findall(edit.right))


def filler_edits(text: str, taken: list[Edit]) -> list[Edit]:
    """Fillers and stutters as deletions; a filler between two punctuation marks takes the second."""
    edits = []
    for s, e in cleanup.filler_spans(text):
        if s > 0 and e < len(text) and text[s - 1] in _PUNCT and text[e] in _PUNCT:
            e += 1
        if not any(s < t.end and t.start < e for t in taken):
            reason = "stutter" if text[s:e] in text[max(0, s - (e - s)):s] else "filler"
            edits.append(Edit(s, e, text[s:e], "", reason, 1.0))
    return edits


def punctuation_edits(text: str, taken: list[Edit]) -> list[Edit]:
    edits = [Edit(m.start() + 1, m.end(), m.group(0)[1:], "", "punctuation", 1.0)
             for m in re.finditer(rf"([{_PUNCT}])[{_PUNCT}]+", text)]
    edits += [Edit(s, e, text[s:e], "", "punctuation", 1.0) for s, e in mid_sentence_breaks(text)]
    stripped = text.rstrip()
    if stripped and stripped[-1] not in "。！？!?…”」）)":
        end = len(stripped)
        if stripped[-1] in _PUNCT:
            edits.append(Edit(end - 1, end, stripped[-1], "。", "punctuation", 1.0))
        else:
            edits.append(Edit(end, end, "", "。", "punctuation", 1.0))
    return [e for e in edits if not any(e.start < t.end and t.start < e.end for t in taken)]


def correct_text(text: str, settings: Settings, style: str = "clean", extra_glossary: Optional[Path] = None,
                 backend: Optional[str] = None, on_notice: Optional[Callable[[str], None]] = None) -> Quote:
    if style not in STYLES:
        raise JiyaoError(f"unknown style {style!r}; choose one of: {', '.join(STYLES)}")
    if not text or not text.strip():
        raise JiyaoError("引文为空：请给出要更正的段落 (empty passage)")
    known = terms(settings, extra_glossary)
    edits = [e for e in correct.recognition_edits(text, known) if keeps_digits(e)]
    chosen = llm.require(settings, backend)
    extra: dict = {}
    if chosen == "openai":
        from . import quote_llm

        proposed, extra = quote_llm.propose(text, known, edits, settings, on_notice)
        edits = sorted(edits + [e for e in proposed if keeps_digits(e)], key=lambda e: e.start)
    if style == "clean":
        edits += filler_edits(text, edits)
        edits += punctuation_edits(text, edits)
    edits.sort(key=lambda e: (e.start, e.end))
    backend_used = "openai" if chosen == "openai" and not extra.get("fallback_reason") else "extractive"
    return Quote(text, correct.apply(text, edits), edits, None, backend_used, style, extra)


def quote_question(library, settings: Settings, question: str, style: str = "clean",
                   extra_glossary: Optional[Path] = None, backend: Optional[str] = None,
                   doc: Optional[str] = None, on_notice: Optional[Callable[[str], None]] = None) -> Quote:
    """The passage that answers the question (the extractive answer's quote), corrected."""
    from ..answers.qa import ask

    found = ask(library, question, settings, doc=doc, backend="extractive")
    if not found.answerable or not found.citations:
        raise JiyaoError(f"文中未找到与“{question}”相关的段落：请换个说法，或用 --text 直接给出段落")
    source = found.citations[0]
    result = correct_text(source.quote, settings, style, extra_glossary, backend, on_notice)
    result.source = source
    return result
