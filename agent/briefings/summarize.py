"""`jiyao summarize`: per-sector briefings of one meeting, extractive or LLM-written."""
from __future__ import annotations

from typing import Callable, Optional

import numpy as np

from .. import llm
from ..errors import JiyaoError, unknown_document
from ..index.library import Corpus, Document, Library
from ..settings import Settings
from . import briefing, markdown, sectors
from .briefing import Briefing

Notice = Optional[Callable[[str], None]]


def document(corpus: Corpus, doc: Optional[str]) -> Document:
    if doc is not None:
        if doc not in corpus.docs:
            raise unknown_document(doc, corpus.docs)
        return corpus.docs[doc]
    if len(corpus.docs) == 1:
        return next(iter(corpus.docs.values()))
    if not corpus.docs:
        raise JiyaoError("no documents indexed: run `jiyao ingest FILE.txt` first")
    raise JiyaoError(f"{len(corpus.docs)} documents are indexed: choose one with --doc "
                     f"({', '.join(sorted(corpus.docs))})")


class _Meeting:
    """One document's sentences, scored once against every sector."""

    def __init__(self, corpus: Corpus, doc: Document, known: tuple, settings: Settings):
        from vectorstore.embeddings import embedder

        self.doc, self.known = doc, known
        self.units = briefing.units_of(corpus, doc)
        embed = embedder(settings)
        descriptions = np.stack([embed.query(s.description) for s in known])
        self.rel, self.ok = briefing.relevance(doc, self.units, known, descriptions)

    def brief(self, sector, settings: Settings, backend: Optional[str], on_notice: Notice) -> Briefing:
        i = self.known.index(sector)
        quoted = briefing.extractive(self.doc, self.units, i, self.rel, self.ok, sector, settings.summary_bullets,
                                     settings.bullet_max_chars)
        if settings.resolved_backend(backend) != "openai":
            return quoted
        from . import briefing_llm

        chosen = briefing.select(self.doc, self.units, i, self.rel, self.ok)
        chunks = briefing.chunks_for(self.doc, chosen, 2 * settings.summary_bullets)
        return briefing_llm.brief(self.doc, sector, quoted, chunks, settings, on_notice)


def sector_briefing(library: Library, settings: Settings, name: str, doc: Optional[str] = None,
                    backend: Optional[str] = None, on_notice: Notice = None) -> tuple[Briefing, str]:
    sector = sectors.find(sectors.load(settings.sectors_file), name)
    llm.require(settings, backend)
    corpus = library.corpus()
    meeting = _Meeting(corpus, document(corpus, doc), sectors.load(settings.sectors_file), settings)
    result = meeting.brief(sector, settings, backend, on_notice)
    return result, markdown.one(result)


def whole_briefing(library: Library, settings: Settings, doc: Optional[str] = None, backend: Optional[str] = None,
                   on_notice: Notice = None, progress: Optional[Callable[[int, int], None]] = None
                   ) -> tuple[list[Briefing], str]:
    known = sectors.load(settings.sectors_file)
    llm.require(settings, backend)
    corpus = library.corpus()
    meeting = _Meeting(corpus, document(corpus, doc), known, settings)
    results = []
    for i, sector in enumerate(known, 1):
        results.append(meeting.brief(sector, settings, backend, on_notice))
        if progress:
            progress(i, len(known))
    return results, markdown.whole(meeting.doc, results)


def sections_json(results: list[Briefing]) -> list[dict]:
    """Each sector's briefing as JSON, with its own Markdown (for `--all --json` and the UI)."""
    return [r.to_json(markdown.one(r)) for r in results]
