"""Topic segmentation of any meeting: contiguous topics, each with a short headline, its speakers
and its span.

Blocks are the meeting's turns and paragraphs (a recorder's line, where it ends a sentence). Each
block is a vector: its sentences' embeddings, centred on the meeting's mean (what sets a passage
apart from the rest of its meeting), beside its words weighted by rarity in the meeting. A topic
scores the length of the sum of its blocks' vectors (large when they point one way); dynamic
programming finds the split into k topics with the highest total, k from the meeting's length, and
a block that puts a question to the room is a likelier start. No topic is shorter than half the
mean (a few hundred characters make no topic for minutes). Measured on the VCSum dev meetings
(benchmarks/vcsum.py, docs/briefings.md)."""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from .. import tokens
from ..answer import clock
from ..index.library import Document
from ..transcripts import dialogue
from ..transcripts.sentences import line_runs_on, sentence_spans

HEADLINE_CHARS = 16
HEADLINE_WORDS = 2  # a headline names at most this many things, each as the phrase the meeting says
PHRASE_WORDS = 3  # words in a phrase ("订单详情页评审")
MIN_PHRASE_SAID = 2  # a phrase said fewer times is not how the meeting calls the thing
# Nouns that name nothing in particular, and how people are addressed: never a headline.
VAGUE = frozenset("东西 大家 人们 时候 方面 事儿 事情 问题 情况 地方 部分 样子 意思 感觉 这种 那种 "
                  "老师 同学 同事 领导 主任 经理 老板 同志 各位".split())

_CALLED = re.compile(r"[小老阿][\u4e00-\u9fff]")  # how colleagues are called (小蒋, 老范): a person


@dataclass(frozen=True)
class Params:
    """The segmentation's settings (chosen on half of the VCSum dev meetings: benchmarks/vcsum.py --halves)."""
    chars_per_topic: int = 2500  # one topic per this many characters of speech
    w_meaning: float = 0.7  # embeddings against words, in a block's vector
    w_question: float = 0.3  # a block that puts a question opens a topic this much more readily
    min_topic_share: float = 0.5  # a topic is at least this share of the meeting's mean topic length


DEFAULT = Params()


@dataclass
class Topic:
    n: int
    start: int  # offsets into the document's text
    end: int
    headline: str
    speakers: list[str] = field(default_factory=list)
    time_start: Optional[float] = None  # seconds into the recording, where the file has times
    time_end: Optional[float] = None

    def when(self) -> str:
        """"00:06:01–00:16:31" where the file has times, else ""."""
        if self.time_start is None or self.time_end is None:
            return ""
        return f"{clock(self.time_start)}–{clock(self.time_end)}"

    def to_json(self) -> dict:
        return {"n": self.n, "start": self.start, "end": self.end, "headline": self.headline,
                "speakers": self.speakers, "time_start": self.time_start, "time_end": self.time_end}


def blocks(doc: Document) -> list[tuple[int, int]]:
    """Turns and paragraphs: the places a topic may start (never inside a sentence)."""
    starts = {t.start for t in doc.turns}
    for turn in doc.turns:
        pos = doc.text.find("\n", turn.start, turn.end)
        while pos != -1:
            nxt = pos + 1
            while nxt < turn.end and doc.text[nxt].isspace():
                nxt += 1
            if nxt < turn.end and not line_runs_on(doc.text, pos):
                starts.add(nxt)
            pos = doc.text.find("\n", nxt, turn.end)
    ordered = sorted(starts)
    ends = ordered[1:] + [doc.turns[-1].end if doc.turns else len(doc.text)]
    return [(s, e) for s, e in zip(ordered, ends) if e > s]


@dataclass
class Blocks:
    """A meeting's blocks, measured once: their spans, meaning and word vectors, which ones put a
    question, and their lengths (segment() splits them under any Params)."""
    spans: list[tuple[int, int]]
    meaning: np.ndarray
    words: np.ndarray
    asks: np.ndarray
    lengths: np.ndarray


def measure(doc: Document, vectors: dict[int, np.ndarray]) -> Optional[Blocks]:
    """The blocks of a meeting (None when it has none). vectors: unit number -> its stored embedding."""
    spans = blocks(doc)
    if not spans:
        return None
    asks = np.array([_puts_question(doc, s, e) for s, e in spans], dtype=np.float32)
    return Blocks(spans, _meaning_vectors(doc, spans, vectors), _unit_rows(_word_vectors(doc, spans)), asks,
                  np.array([e - s for s, e in spans]))


def segment(doc: Document, vectors: dict[int, np.ndarray], params: Params = DEFAULT,
            measured: Optional[Blocks] = None) -> list[Topic]:
    """The meeting's topics, in order. vectors: unit number -> its stored embedding; measured: the
    blocks when measure() has already been run."""
    b = measured or measure(doc, vectors)
    if b is None:
        return []
    return [Topic(n + 1, s, e, headline(doc, s, e), _speakers(doc, s, e), **doc.timed(s, e))
            for n, (s, e) in enumerate(split(b, params))]


def split(b: Blocks, params: Params = DEFAULT) -> list[tuple[int, int]]:
    """The topics' spans: the split of the blocks into k topics with the highest total."""
    combined = np.hstack([(1 - params.w_meaning) * b.words, params.w_meaning * b.meaning])
    matrix = combined * np.sqrt(b.lengths / b.lengths.mean())[:, None]
    chars = int(b.lengths.sum())
    k = min(len(b.spans), max(1, round(chars / params.chars_per_topic)))
    starts = _best_split(matrix, k, params.w_question * b.asks, b.lengths, params.min_topic_share * chars / k)
    bounds = [b.spans[i][0] for i in starts] + [b.spans[-1][1]]
    return [(bounds[i], bounds[i + 1]) for i in range(len(starts))]


def _meaning_vectors(doc: Document, spans: list[tuple[int, int]], vectors: dict[int, np.ndarray]) -> np.ndarray:
    """Each block's sentence embeddings summed, centred on the meeting's mean, unit length."""
    dim = len(next(iter(vectors.values()))) if vectors else 1
    meaning = np.zeros((len(spans), dim), dtype=np.float32)
    b = 0
    for i, (s, _) in enumerate(doc.units):
        while b + 1 < len(spans) and s >= spans[b + 1][0]:
            b += 1
        if i in vectors:
            meaning[b] += vectors[i]
    meaning = _unit_rows(meaning)
    return _unit_rows(meaning - meaning.mean(axis=0))


def _word_vectors(doc: Document, spans: list[tuple[int, int]]) -> np.ndarray:
    """Each block's words (two characters or more), weighted by how rare they are in the meeting."""
    said = [[w for w in tokens.words(doc.text[s:e]) if len(w) >= 2] for s, e in spans]
    df = Counter(w for ws in said for w in set(ws))
    column = {w: i for i, w in enumerate(df)}
    out = np.zeros((len(spans), max(len(column), 1)), dtype=np.float32)
    for row, ws in enumerate(said):
        for w, c in Counter(ws).items():
            out[row, column[w]] = (1 + math.log(c)) * math.log((len(spans) + 1) / (df[w] + 0.5))
    return out


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    return matrix / (np.linalg.norm(matrix, axis=1, keepdims=True) + 1e-9)


def _puts_question(doc: Document, start: int, end: int) -> bool:
    return any(dialogue.requests(doc.text[s:e]) for s, e in sentence_spans(doc.text, start, end))


def _best_split(matrix: np.ndarray, k: int, opening: np.ndarray, lengths: np.ndarray, shortest: float) -> list[int]:
    """The first block of each of k contiguous topics (fewer when k topics of `shortest`
    characters or more do not fit the blocks), maximising the summed length of each topic's vector
    sum, plus the opening bonus of each topic's first block after the first."""
    n = len(matrix)
    prefix = np.vstack([np.zeros(matrix.shape[1], dtype=np.float32), np.cumsum(matrix, axis=0)])
    sq = (prefix * prefix).sum(axis=1)
    gram = prefix @ prefix.T
    # gain[a, b]: the topic made of blocks a..b-1
    gain = np.sqrt(np.maximum(sq[None, :] + sq[:, None] - 2 * gram, 0.0))
    gain[np.tril_indices(n + 1)] = -np.inf
    at = np.concatenate([[0], np.cumsum(lengths)])
    gain[at[None, :] - at[:, None] < shortest] = -np.inf
    gain[1:n, :] += opening[1:, None]  # row a: the topic that starts at block a
    best = np.full((k + 1, n + 1), -np.inf)
    best[0, 0] = 0.0
    came = np.zeros((k + 1, n + 1), dtype=int)
    for j in range(1, k + 1):
        totals = best[j - 1][:, None] + gain  # [a, b]
        came[j] = np.argmax(totals, axis=0)
        best[j] = totals[came[j], np.arange(n + 1)]
    k = max(j for j in range(1, k + 1) if np.isfinite(best[j, n]))  # one topic always fits
    starts, b = [], n
    for j in range(k, 0, -1):
        b = int(came[j, b])
        starts.append(b)
    return sorted(starts)


def headline(doc: Document, start: int, end: int) -> str:
    """What the topic is about as a short phrase: the one or two things it says more than the rest
    of the meeting, each as the phrase the meeting calls it by ("订单详情页" rather than "详情页"),
    joined by 与, within HEADLINE_CHARS. No person (doc.named) is a headline."""
    said = doc.text[start:end]
    named = doc.named
    here = Counter(w for w in tokens.words(said) if headword(w, named))
    everywhere = doc.word_counts
    idf, median = tokens.general_idf()

    def weight(w: str) -> float:
        return here[w] * idf.get(w, median) * here[w] / everywhere.get(w, here[w])

    said_phrases = _phrases(said, named)
    picked: list[str] = []
    for word in sorted(here, key=weight, reverse=True):
        if any(word in p for p in picked):
            continue
        longer = [p for p, n in said_phrases.items() if word in p and p != word and n >= MIN_PHRASE_SAID]
        phrase = max(longer, key=lambda p: (said_phrases[p], len(p)), default=word)
        if any(p in phrase for p in picked) or len("与".join(picked + [phrase])) > HEADLINE_CHARS:
            phrase = word
            if len("与".join(picked + [phrase])) > HEADLINE_CHARS:
                break
        picked.append(phrase)
        if len(picked) == HEADLINE_WORDS:
            break
    return "与".join(picked) or said.strip()[:HEADLINE_CHARS]


def headword(word: str, names: set) -> bool:
    """Can the word name what a stretch of the meeting is about (a noun, no person, not vague)?"""
    return len(word) >= 2 and not word.isdigit() and word not in VAGUE and tokens.nounlike(word) \
        and not _CALLED.fullmatch(word) and not any(word in p for p in names)


def _phrases(text: str, names: set) -> Counter:
    """Runs of nouns as said ("订单详情页", "灰度发布方案"), their last PHRASE_WORDS words, counted."""
    import jieba.posseg

    tags = jieba.posseg.dt.word_tag_tab
    out: Counter = Counter()
    run: list[str] = []
    for w in tokens._jieba().lcut(text) + ["。"]:
        tag = tags.get(w, "n" if len(w) >= 3 else "x")
        if len(w) >= 2 and w not in tokens.STOPWORDS and w not in VAGUE and not w.isdigit() \
                and not any(w in p for p in names) and (tokens.nounlike(w) or tag == "b"):
            run.append(w)
            continue
        while run and not tokens.nounlike(run[-1]):
            run.pop()
        if run:
            out["".join(run[-PHRASE_WORDS:])] += 1
        run = []
    return out


def _speakers(doc: Document, start: int, end: int) -> list[str]:
    out: list[str] = []
    for turn in doc.turns:
        if turn.start < end and start < turn.end and (turn.speaker or turn.title):
            label = turn.label()
            if label not in out:
                out.append(label)
    return out
