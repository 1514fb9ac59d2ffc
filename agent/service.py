"""One object with everything a front end needs (the web UI receives it), so that front ends hold
no logic: ask, summarize, quote, documents, evaluation."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional

from .answer import Answer, Citation
from .answers import chat
from .briefings import sectors, summarize
from .evals import suite
from .index.library import IngestResult, Library, Progress
from .quotes import quote
from .settings import Settings

Notice = Optional[Callable[[str], None]]


class Jiyao:
    def __init__(self, settings: Optional[Settings] = None):
        self.settings = settings or Settings()
        self.library = Library(self.settings)

    def ensure_corpus(self, progress: Optional[Progress] = None) -> list[IngestResult]:
        return self.library.ensure_default_corpus(progress)

    # -- answers, briefings, quotes ---------------------------------------------------------
    def ask(self, question: str, backend: Optional[str] = None, doc: Optional[str] = None,
            on_token: Optional[Callable[[str], None]] = None, on_notice: Notice = None,
            history: Optional[list] = None) -> Answer:
        """Answer a question; with history (earlier answers, their JSON, or earlier questions), as
        a turn of that conversation: the answer's `understood` says what it was taken to mean."""
        return chat.ask(self.library, question, self.settings, chat.history_of(history or []), doc=doc,
                        backend=backend, on_token=on_token, on_notice=on_notice)

    def sector_names(self) -> list[str]:
        return [s.name for s in sectors.load(self.settings.sectors_file)]

    def summarize(self, sector: Optional[str], doc: Optional[str] = None, backend: Optional[str] = None,
                  on_notice: Notice = None) -> tuple[dict, str]:
        """(JSON, Markdown) of one sector's briefing, or of the whole briefing when sector is None."""
        if sector is None:
            results, notes, markdown = summarize.whole_briefing(self.library, self.settings, doc, backend, on_notice)
            return summarize.whole_json(results, notes, markdown), markdown
        result, markdown = summarize.sector_briefing(self.library, self.settings, sector, doc, backend, on_notice)
        return result.to_json(markdown), markdown

    def minutes(self, doc: Optional[str] = None, backend: Optional[str] = None,
                on_notice: Notice = None) -> tuple[dict, str]:
        """(JSON, Markdown) of the minutes (会议纪要): the overall summary, decisions, action items,
        open questions and the topics."""
        result, markdown = summarize.meeting_minutes(self.library, self.settings, doc, backend, on_notice)
        return result.to_json(markdown), markdown

    def minutes_files(self, doc: Optional[str] = None, backend: Optional[str] = None,
                      on_notice: Notice = None) -> tuple[str, bytes]:
        """The minutes as Markdown and as a Word document (.docx bytes)."""
        from .briefings import word

        result, markdown = summarize.meeting_minutes(self.library, self.settings, doc, backend, on_notice)
        return markdown, word.docx_bytes(result, f"会议纪要：{result.doc_id}")

    def quote(self, text: Optional[str] = None, question: Optional[str] = None, style: str = "clean",
              backend: Optional[str] = None, doc: Optional[str] = None, on_notice: Notice = None) -> quote.Quote:
        if question is not None:
            return quote.quote_question(self.library, self.settings, question, style, None, backend, doc, on_notice)
        return quote.correct_text(text or "", self.settings, style, None, backend, on_notice)

    def turn_of(self, citation: Citation) -> tuple[str, int, int]:
        """The whole speaker turn that holds a citation, and the citation's span inside it."""
        doc = self.library.corpus().docs[citation.doc_id]
        turn = doc.turn_at(citation.start)
        return doc.text[turn.start:turn.end], citation.start - turn.start, citation.end - turn.start

    # -- documents ---------------------------------------------------------------------------
    def documents(self) -> list[dict]:
        return self.library.document_rows()

    def ingest(self, paths: list[Path], progress: Optional[Progress] = None, kind: Optional[str] = None
               ) -> list[IngestResult]:
        return self.library.ingest(paths, progress, kind)

    def rename(self, doc_id: str, label: str, name: str, progress: Optional[Progress] = None) -> IngestResult:
        return self.library.rename(doc_id, label, name, progress)

    def delete(self, doc_id: str) -> None:
        self.library.delete(doc_id)

    def reindex(self, doc_id: Optional[str] = None, progress: Optional[Progress] = None) -> list[IngestResult]:
        return self.library.reindex([doc_id] if doc_id else None, progress)

    # -- evaluation --------------------------------------------------------------------------
    def evaluate(self, backend: Optional[str] = None, set_dir: Optional[Path] = None,
                 progress: Optional[Callable[[int, int], None]] = None) -> dict:
        """Every set of the evaluation directory, in the evaluation store (apart from the library)."""
        sets = suite.load_sets(set_dir or self.settings.eval_set_dir)
        return suite.run_sets(self.settings, sets, backend, progress)
