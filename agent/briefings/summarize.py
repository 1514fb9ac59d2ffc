"""`jiyao summarize` and `jiyao topics`: per-sector briefings and minutes (overview and topics) of
one meeting, extractive or LLM-written."""
from __future__ import annotations

from typing import Callable, Optional

import numpy as np

from .. import llm
from ..errors import JiyaoError, unknown_document
from ..index.library import Corpus, Document, Library
from ..settings import Settings
from . import briefing, markdown, minutes, sectors, topics
from .briefing import Briefing
from .minutes import Minutes
from .topics import Topic

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

    def fitting(self) -> list:
        """The sectors this meeting has real evidence for (see briefing.fits)."""
        return [s for s in self.known if briefing.fits(self.doc, self.units, s)]

    def brief(self, sector, settings: Settings, backend: Optional[str], on_notice: Notice) -> Briefing:
        """One sector's briefing. Asked for by name, a sector the meeting has little evidence for
        is still briefed, with a notice; one whose words are never said gets no bullets."""
        if not briefing.fits(self.doc, self.units, sector):
            if not briefing.evidence(self.doc, self.units, sector)[0]:
                return Briefing(sector, self.doc.doc_id, [])  # rendered as "nothing found for this sector"
            if on_notice:
                on_notice(f"本次会议很少谈到“{sector.name}”，以下要点仅供参考")
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
                   ) -> tuple[list[Briefing], Minutes, str]:
    """会议概况, the minutes (overview and topics), then the sectors the meeting has evidence for."""
    known = sectors.load(settings.sectors_file)
    llm.require(settings, backend)
    corpus = library.corpus()
    meeting = _Meeting(corpus, document(corpus, doc), known, settings)
    fitting = meeting.fitting()
    results = []
    for i, sector in enumerate(fitting, 1):
        results.append(meeting.brief(sector, settings, backend, on_notice))
        if progress:
            progress(i, len(fitting) + 1)
    notes = _minutes(corpus, meeting.doc, settings, backend, on_notice)
    if progress:
        progress(len(fitting) + 1, len(fitting) + 1)
    return results, notes, markdown.whole(meeting.doc, results, notes)


def meeting_topics(library: Library, settings: Settings, doc: Optional[str] = None) -> tuple[Document, list[Topic]]:
    """The meeting's topics, in order (`jiyao topics`)."""
    corpus = library.corpus()
    chosen = document(corpus, doc)
    return chosen, topics.segment(chosen, unit_vectors(corpus, chosen))


def meeting_minutes(library: Library, settings: Settings, doc: Optional[str] = None, backend: Optional[str] = None,
                    on_notice: Notice = None, overview_only: bool = False) -> tuple[Minutes, str]:
    """The minutes (会议纪要): an overall summary and each topic's, with their Markdown (of the
    overall summary alone when overview_only)."""
    llm.require(settings, backend)
    corpus = library.corpus()
    result = _minutes(corpus, document(corpus, doc), settings, backend, on_notice)
    return result, (markdown.overview_page if overview_only else markdown.minutes_page)(result)


def _minutes(corpus: Corpus, doc: Document, settings: Settings, backend: Optional[str], on_notice: Notice) -> Minutes:
    from ..quotes import quote

    found = topics.segment(doc, unit_vectors(corpus, doc))

    corrected: dict[str, str] = {}  # a clause quoted in the overview, a topic and a speaker's summary: once

    def corrector(text: str) -> str:
        if text not in corrected:
            corrected[text] = quote.correct_text(text, settings, "clean", backend="extractive").corrected
        return corrected[text]

    quoted = minutes.extractive(doc, found, corrector, settings.overview_chars, settings.topic_summary_chars,
                                settings.speaker_summary_chars)
    if settings.resolved_backend(backend) != "openai":
        return quoted
    from . import minutes_llm

    return minutes_llm.write(doc, quoted, settings, on_notice)


def unit_vectors(corpus: Corpus, doc: Document) -> dict[int, np.ndarray]:
    uids = [f"{doc.key}#{i}" for i in range(len(doc.units))]
    stored = corpus.store.unit_embeddings(uids)
    return {i: np.asarray(stored[u], dtype=np.float32) for i, u in enumerate(uids) if u in stored}


def whole_json(results: list[Briefing], notes: Minutes, page: str) -> dict:
    """The whole briefing as JSON (`--all --json` and the UI): the minutes, each sector with its
    own Markdown, and the page."""
    return {"doc_id": notes.doc_id, "markdown": page, "minutes": notes.to_json(markdown.minutes_page(notes)),
            "sectors": [r.to_json(markdown.one(r)) for r in results]}
