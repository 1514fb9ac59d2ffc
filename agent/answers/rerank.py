"""The reader in an answer: the sentences the rules rank highest among the retrieved passages are
read against the question by the trained cross-encoder (agent/reader), whose logit then decides,
the rules' score a tie-breaker beside it; a best logit under the model's threshold means that no
sentence answers. Without a model (or for an English question, which it was not trained on) the
rules decide alone."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .. import tokens
from ..reader import model
from ..settings import Settings
from . import reading
from .candidates import Candidate

UNREAD = 100.0  # what a sentence the reader did not read loses: it is not chosen over one it read


@dataclass(frozen=True)
class Reading:
    """How the reader takes part in an answer (settings reader_*)."""
    reader: model.Reader
    candidates: int  # sentences read per question
    weight: float  # the logit's weight beside the rules' score
    passages: bool  # rerank the passages only; the rules choose the sentence
    threshold: float  # a best logit under this: no sentence answers


def reader_for(settings: Settings, question: str) -> Optional[Reading]:
    if settings.reader == "off" or not tokens.has_cjk(question):
        return None
    reader = model.load(settings.reader_dir, settings.threads)
    if reader is None:
        return None
    threshold = reader.card.threshold if settings.reader_threshold is None else settings.reader_threshold
    return Reading(reader, settings.reader_candidates, settings.reader_weight, settings.reader_use == "passages", threshold)


def read(found: list[Candidate], question: str, by: Reading) -> None:
    """The best candidates by the rules get the reader's logit (`read`), added to their score at
    the reading's weight (against the rules' 1); the others are not chosen over them."""
    ranked = sorted(found, key=lambda c: -c.score)
    top, rest = ranked[:by.candidates], ranked[by.candidates:]
    logits = by.reader.score(question, [reading.candidate(c.doc, c.span) for c in top])
    for c, logit in zip(top, logits):
        c.read = float(logit)
        c.score += by.weight * c.read
    for c in rest:
        c.score -= UNREAD


def answers(best: Candidate, by: Optional[Reading]) -> bool:
    """Does the reader find the chosen sentence an answer (always, without a reader)?"""
    return by is None or best.read is None or best.read >= by.threshold


W_RANK = 0.1  # what each step down the hybrid ranking costs a passage beside the reader's logit


def passages(corpus, retrieval, reader: model.Reader, k: int) -> list:
    """The retrieved passages reordered by the reader: each scores as its best sentence's logit,
    less a little for its place in the hybrid ranking (W_RANK per step), and the best k are kept.
    What the LLM backend is given, and what hit@k after reranking measures."""
    owners, texts = [], []
    for i, hit in enumerate(retrieval.hits):
        doc = corpus.doc_of(hit.chunk)
        for unit in hit.chunk.units:
            owners.append(i)
            texts.append(reading.candidate(doc, unit))
    if not texts:
        return []
    logits = reader.score(retrieval.question, texts)
    best: dict[int, float] = {}
    for i, logit in zip(owners, logits):
        best[i] = max(best.get(i, float("-inf")), float(logit))
    order = sorted(best, key=lambda i: -(best[i] - W_RANK * i))
    return [retrieval.hits[i] for i in order[:k]]
