"""The answerable items of the evaluation sets with their gold passages, each set indexed in its
evaluation store: what the retrieval benchmarks (soundalike.py, rerank.py) measure against."""
from __future__ import annotations

from pathlib import Path

from agent.evals import scoring, suite
from agent.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SETS = [ROOT / "data" / "eval", ROOT / "data" / "eval" / "workplace", ROOT / "data" / "eval" / "vcsum"]


def gold_items(settings: Settings, root: Path):
    """(set name, corpus, [(item, gold doc, gold span)]) for the set in root."""
    evalset = suite.load_set(root)
    library = suite.eval_library(settings, evalset.name)
    library.ingest(evalset.transcripts)
    corpus = library.corpus()
    items = []
    for item in evalset.items:
        if item.answerable and item.evidence and item.doc in corpus.docs:
            span = scoring.gold_span(corpus.docs[item.doc].text, item.evidence)
            if span:
                items.append((item, item.doc, span))
    return evalset.name, corpus, items


def hit(hits, doc: str, span: tuple[int, int]) -> bool:
    """Does one of the retrieval hits hold the gold span of doc?"""
    return scoring.retrieval_hit([(h.chunk.start, h.chunk.end) for h in hits if h.chunk.doc_id == doc], span)
