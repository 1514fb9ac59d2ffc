"""Per-sector briefings (简报): the key sentences of a meeting for one sector, each cited.

Selection: a sentence serves a sector when it holds one of the sector's keywords, when its
speaker's title names the region (for region sectors), or when it is among the sentences closest
in meaning to the sector's description. Sentences with figures, targets, deadlines and named
actions rank first; maximal marginal relevance keeps near-duplicates out. Each bullet is the
sentence (or its most telling clauses) with fillers removed, cited like an answer."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from .. import numbers
from ..answer import Citation
from ..index.library import Corpus, Document
from ..transcripts import cleanup, handovers
from ..transcripts.sentences import clause_spans, mid_sentence_breaks
from .sectors import Sector

# How a sentence is scored for a sector.
W_KEYWORD, W_REGION, W_DENSE, W_FIGURE, W_ACTION, W_DATE = 1.0, 0.8, 4.0, 0.5, 0.2, 0.2
W_OTHER = 0.5  # how much a sentence loses for serving another sector better
DENSE_SHARE = 0.08  # the share of a meeting's sentences closest to a description that serve it
MMR_LAMBDA = 0.7  # relevance against novelty
MIN_CHARS = 12  # shorter sentences are fragments of speech
MIN_SECTOR_WORDS, MIN_SECTOR_SHARE = 3, 0.02  # evidence a meeting needs for a sector (see fits)
_ACTION = re.compile(r"开展|推动|推进|实施|建立|完成|制定|出台|整治|关闭|淘汰|建成|组织|加强|严格|落实|部署|启动")
_DATE = re.compile(r"\d+\s*月|\d{4}\s*年|年底|年内|年初|上半年|下半年|前完成|之前")
_FIGURE = re.compile(r"\d")


@dataclass
class Bullet:
    text: str
    speaker: Optional[str]
    citations: list[Citation]
    position: int = 0  # where it was said, for ordering

    def to_json(self) -> dict:
        return {"text": self.text, "speaker": self.speaker, "citations": [c.to_json() for c in self.citations]}


@dataclass
class Briefing:
    sector: Sector
    doc_id: str
    bullets: list[Bullet]
    backend: str = "extractive"
    model: Optional[str] = None
    extra: dict = field(default_factory=dict)

    def to_json(self, markdown: str) -> dict:
        return {"sector": self.sector.name, "doc_id": self.doc_id, "bullets": [b.to_json() for b in self.bullets],
                "markdown": markdown, "backend": self.backend, "model": self.model, **self.extra}


@dataclass
class _Unit:
    span: tuple[int, int]
    uid: str
    header: str
    speaker: Optional[str]
    vector: np.ndarray
    score: float = 0.0


def units_of(corpus: Corpus, doc: Document) -> list[_Unit]:
    uids = [f"{doc.key}#{i}" for i in range(len(doc.units))]
    vectors = corpus.store.unit_embeddings(uids)
    out = []
    for uid, span in zip(uids, doc.units):
        turn = doc.turn_at(span[0])
        header = " ".join(p for p in (turn.speaker, *turn.aliases, turn.title, turn.agenda) if p)
        out.append(_Unit(span, uid, header, turn.speaker, np.asarray(vectors[uid], dtype=np.float32)))
    return out


def relevance(doc: Document, units: list[_Unit], sectors: tuple[Sector, ...], descriptions: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray]:
    """(relevance of every unit to every sector [S x U], whether the unit qualifies [S x U])."""
    dense = descriptions @ np.stack([u.vector for u in units]).T  # S x U
    rel = np.zeros_like(dense)
    ok = np.zeros(dense.shape, dtype=bool)
    for i, sector in enumerate(sectors):
        cutoff = np.quantile(dense[i], 1 - DENSE_SHARE)
        mean = float(dense[i].mean())
        for j, unit in enumerate(units):
            text = doc.text[unit.span[0]:unit.span[1]]
            hits = sum(1 for k in sector.keywords if k in text)
            region = sector.region and any(k in unit.header for k in sector.keywords)
            rel[i, j] = W_KEYWORD * min(hits, 3) / 3 + W_REGION * region + W_DENSE * (dense[i, j] - mean)
            ok[i, j] = bool(hits or region or (not sector.region and dense[i, j] >= cutoff))
    return rel, ok


def evidence(doc: Document, units: list[_Unit], sector: Sector) -> tuple[int, int]:
    """How many of the sector's keywords the meeting says, and in how many sentences."""
    said, holding = set(), 0
    for unit in units:
        found = {k for k in sector.keywords if k in doc.text[unit.span[0]:unit.span[1]]}
        said |= found
        holding += bool(found)
    return len(said), holding


def fits(doc: Document, units: list[_Unit], sector: Sector) -> bool:
    """Does the meeting have real evidence for the sector? A region when a speaker's title names
    it; any sector when MIN_SECTOR_WORDS of its keywords (all of them when it has fewer) are said,
    in MIN_SECTOR_SHARE of the sentences or more. (A panel on programmers' careers says none of
    矿山's words.)"""
    if sector.region and any(k in u.header for u in units for k in sector.keywords):
        return True
    words, holding = evidence(doc, units, sector)
    return words >= min(MIN_SECTOR_WORDS, len(sector.keywords)) and holding >= MIN_SECTOR_SHARE * len(units)


def select(doc: Document, units: list[_Unit], index: int, rel: np.ndarray, ok: np.ndarray) -> list[_Unit]:
    """The sentences that serve sector `index`, scored. A sentence that serves another sector
    much better (a province's report, for the national overview) is pushed down, not out."""
    chosen = []
    others = np.delete(rel, index, axis=0)
    for j, unit in enumerate(units):
        text = doc.text[unit.span[0]:unit.span[1]]
        if not ok[index, j] or len(text) < MIN_CHARS or handovers.is_procedural(text):
            continue
        better_elsewhere = max(0.0, float(others[:, j].max()) - float(rel[index, j])) if len(others) else 0.0
        # Relevance first; figures, named actions and deadlines make a relevant sentence worth more.
        worth = 1 + W_FIGURE * bool(_FIGURE.search(text)) + W_ACTION * bool(_ACTION.search(text)) \
            + W_DATE * bool(_DATE.search(text))
        unit.score = (rel[index, j] - W_OTHER * better_elsewhere) * worth
        chosen.append(unit)
    return chosen


def mmr(units: list[_Unit], n: int) -> list[_Unit]:
    """Up to n units, each the best trade of its score against its likeness to those already kept."""
    picked: list[_Unit] = []
    pool = sorted(units, key=lambda u: -u.score)
    while pool and len(picked) < n:
        def value(u: _Unit) -> float:
            likeness = max((float(u.vector @ p.vector) for p in picked), default=0.0)
            return MMR_LAMBDA * u.score - (1 - MMR_LAMBDA) * 4.0 * max(0.0, likeness - 0.8)

        best = max(pool, key=value)
        picked.append(best)
        pool.remove(best)
    return picked


def _window(doc: Document, span: tuple[int, int], sector: Sector, limit: int) -> tuple[int, int]:
    """The run of clauses with the most keywords and figures, within limit characters."""
    if span[1] - span[0] <= limit:
        return span
    clauses = clause_spans(doc.text, *span)
    best, best_score = (span[0], span[0] + limit), -1.0
    for i in range(len(clauses)):
        for j in range(i, len(clauses)):
            s, e = clauses[i][0], clauses[j][1]
            if e - s > limit:
                break
            text = doc.text[s:e]
            score = (sum(1 for k in sector.keywords if k in text) + len(_FIGURE.findall(text)) * 0.3
                     + bool(_ACTION.search(text)) * 0.5 + 0.001 * (e - s))
            if score > best_score:
                best, best_score = (s, e), score
    return best


def chunks_for(doc: Document, picked: list["_Unit"], limit: int) -> list:
    """The chunks that hold the best sentences, best first, each once."""
    out = []
    for unit in sorted(picked, key=lambda u: -u.score):
        chunk = next((c for c in doc.chunks if c.start <= unit.span[0] < c.end), None)
        if chunk is not None and chunk not in out:
            out.append(chunk)
        if len(out) >= limit:
            break
    return out


def cite(doc: Document, quote: tuple[int, int], n: int = 1) -> Citation:
    """The chunk that holds the quote, widened to cover it, with the quote marked."""
    chunk = next((c for c in doc.chunks if c.start <= quote[0] < c.end), doc.chunks[0])
    return doc.citation(n, (chunk.start, chunk.end), quote)


def extractive(doc: Document, units: list[_Unit], index: int, rel: np.ndarray, ok: np.ndarray, sector: Sector,
               n: int, limit: int) -> Briefing:
    bullets = []
    for unit in mmr(select(doc, units, index, rel, ok), n):
        quote = _window(doc, unit.span, sector, limit)
        label = handovers.LABEL.match(doc.text, quote[0])
        if label and label.end() < quote[1]:
            quote = (label.end(), quote[1])  # the bullet names its speaker: "发言人3：发言人3：…" no more
        breaks = [(s - quote[0], e - quote[0]) for s, e in mid_sentence_breaks(doc.text, *quote)]
        text = cleanup.clean(doc.text[quote[0]:quote[1]], breaks).strip()
        citation = cite(doc, quote)
        if text and not numbers.unsupported(text, [citation.text]):
            bullets.append(Bullet(text, unit.speaker, [citation], quote[0]))
    return Briefing(sector, doc.doc_id, ordered(bullets))


def ordered(bullets: list[Bullet]) -> list[Bullet]:
    """Grouped by speaker, speakers in the order they first spoke, each in the order said."""
    first: dict[Optional[str], int] = {}
    for b in sorted(bullets, key=lambda b: b.position):
        first.setdefault(b.speaker, b.position)
    return sorted(bullets, key=lambda b: (first[b.speaker], b.position))
