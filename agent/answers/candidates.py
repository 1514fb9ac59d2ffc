"""Candidate sentences for an extractive answer, and how each is scored against the question:
how much of the question it covers (IDF-weighted words, also within its best clause, and
phrases said together), its embedding similarity, whether it holds the kind of answer wanted,
and the rank of its chunk."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np

from ..index.chunking import Chunk
from ..index.library import Corpus, Document
from ..transcripts import handovers
from ..transcripts.sentences import clause_spans
from . import qkind
from .retrieval import Retrieval
from .terms import Terms

# How a candidate sentence is scored: question coverage, embedding similarity above a floor,
# fit to the kind of answer wanted, and the rank of its chunk.
W_COVERAGE, W_DENSE, DENSE_FLOOR, W_FIT, W_RANK = 1.0, 4.0, 0.8, 0.35, 0.15
W_CLAUSE = 0.7  # share of coverage taken from the sentence's best clause rather than all of it
W_PHRASE = 0.3  # question words said together and found together ("安全管理"); 0.2-0.5 score alike


@dataclass
class Candidate:
    doc: Document
    chunk_rank: int
    span: tuple[int, int]
    uid: str
    header: str
    passage: tuple[int, int]  # the retrieved chunk that holds the unit
    named: bool = True  # names every place, person and organisation the question names
    coverage: float = 0.0
    dense: float = 0.0
    fit: float = 0.0
    score: float = 0.0
    asks: bool = False  # a question or a moderator's invitation, not an answer
    framing: bool = False  # in a turn that ends by asking: the question's preamble
    support: float = 0.0  # in the reply to a question that covers the user's this much
    replies_to: str = ""  # that question
    read: Optional[float] = None  # the reader's logit, when it read this sentence


    @property
    def text(self) -> str:
        return self.doc.text[self.span[0]:self.span[1]]

    @property
    def context(self) -> str:
        return self.doc.text[self.passage[0]:self.passage[1]]


def _header(chunk: Chunk) -> str:
    """Who says it (with the names the meeting gives them), their title, and the question they
    answer: part of what a sentence means. A reply seldom repeats the question's words."""
    return " ".join(p for p in (chunk.speaker, *chunk.aliases, chunk.title, chunk.replies_to) if p)


def uid_of(doc: Document, span: tuple[int, int]) -> str:
    return f"{doc.key}#{doc.unit_no[span]}"


def from_retrieval(corpus: Corpus, retrieval: Retrieval) -> list[Candidate]:
    seen, out = set(), []
    for position, hit in enumerate(retrieval.hits):
        rank = position
        doc = corpus.docs[hit.chunk.doc_id]
        for span in hit.chunk.units:
            uid = uid_of(doc, span)
            if uid not in seen:
                seen.add(uid)
                out.append(Candidate(doc, rank, span, uid, _header(hit.chunk), (hit.chunk.start, hit.chunk.end)))
    return out


def of_unit(doc: Document, span: tuple[int, int], rank: int) -> Candidate:
    """A unit that retrieval did not return (a reply to a retrieved question), cited by its chunk."""
    chunk = doc.chunk_of[span]
    return Candidate(doc, rank, span, uid_of(doc, span), _header(chunk), (chunk.start, chunk.end))


def score(cands: list[Candidate], terms: Terms, kind: qkind.Kind, vector, corpus: Corpus) -> None:
    if not cands:
        return
    known = dict(_unit_similarities(corpus, [c.uid for c in cands], vector))
    for c in cands:
        c.coverage = ((1 - W_CLAUSE) * terms.coverage(c.header + " " + c.text)
                      + W_CLAUSE * _clause_coverage(c, terms))
        c.dense = known.get(c.uid, 0.0)
        c.fit = qkind.fits(kind, _spoken(c.text), terms.figures)
        c.score = (W_COVERAGE * c.coverage + W_DENSE * (c.dense - DENSE_FLOOR) + W_FIT * c.fit
                   + W_RANK / (1 + c.chunk_rank) + W_PHRASE * terms.phrases_found(c.text))


def _spoken(text: str) -> str:
    """The words said, without a recorder's label ("发言人1：") whose digit is not a figure."""
    label = handovers.LABEL.match(text)
    return text[label.end():] if label else text


def _clause_coverage(c: Candidate, terms: Terms) -> float:
    """Coverage by the sentence's best clause: the question's words close together (非煤矿山开展
    火工品…专项整治) beat the same words spread over a long sentence."""
    clauses = clause_spans(c.doc.text, c.span[0], c.span[1]) or [c.span]
    return max(terms.coverage(c.header + " " + c.doc.text[s:e]) for s, e in clauses)


def _unit_similarities(corpus: Corpus, uids: list[str], vector) -> list[tuple[str, float]]:
    embeddings = corpus.store.unit_embeddings(uids)
    return [(uid, float(np.dot(np.asarray(emb), vector))) for uid, emb in embeddings.items()]
