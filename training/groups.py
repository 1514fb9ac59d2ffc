"""Training examples for the reader: a question with candidate sentences, the ones that answer
it labelled 1, and questions that nothing in their candidates answers.

Sources (docs/reader.md lists them with licences and counts):
- public reading comprehension (training/public_sets.py): the answer's sentence against the
  other sentences of its paragraph; the question against a paragraph of another article that
  shares its words (no answer there);
- questions written for training, on meetings written for it (data/train/meetings,
  data/train/workplace) and on the VCSum dev meetings no evaluation question is about
  (data/train/vcsum): the evidence's sentences against the others of the meeting that share
  the question's words, the `hard` look-alike first;
- VCSum dev meetings that no evaluation question is about: a moderator's question against the
  sentences of the reply that follows it and the question's own sentence.
Never the questions of an evaluation set, never the VCSum test split."""
from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from agent.reader.pairs import Candidate

NEGATIVES = 7
ELSEWHERE = 2  # of them, from another article or meeting


@dataclass
class Group:
    source: str
    question: str
    candidates: list[Candidate]
    labels: list[int]


def meeting_names(root: Path) -> set[str]:
    """The names of the meetings training questions are written on: the written ones
    (data/train/meetings, data/train/workplace) and the VCSum dev meetings (data/eval/vcsum)."""
    names = {p.stem for d in ("meetings", "workplace") for p in (root / "data" / "train" / d).glob("*.txt")}
    return names | {p.stem for p in (root / "data" / "eval" / "vcsum").glob("vcsum-dev-*.txt")}


def questions(directory: Path) -> list[dict]:
    """The questions written for training in `directory` (every `qa*.jsonl`), in file order."""
    return [json.loads(line) for path in sorted(directory.glob("qa*.jsonl"))
            for line in path.open(encoding="utf-8")]


def held_out(prefixes: str, names) -> frozenset[str]:
    """Of the meeting names, those a comma-separated list names (exactly, or by a prefix ending
    in -): the training meetings left out to choose the reader's weight on."""
    wanted = [x for x in prefixes.split(",") if x]
    return frozenset(n for n in names if any(n == x or (x.endswith("-") and n.startswith(x)) for x in wanted))


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _overlap(question: set[str], text: str) -> float:
    return len(question & _bigrams(text)) / max(len(question), 1)


def public(path: Path, rng: random.Random, splits: set[str] | None = None) -> Iterator[Group]:
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    rows = [r for r in rows if splits is None or f"{r['source']}/{r['split']}" in splits]
    paragraphs = {}
    for r in rows:
        paragraphs.setdefault((r["source"], r["title"], r["sentences"][0]), r["sentences"])
    pool = list(paragraphs.values())
    for r in rows:
        s = r["sentences"]
        cands = [_in_context(s, i) for i in range(len(s))]
        pos = set(r["positives"])
        neg = [i for i in range(len(s)) if i not in pos]
        rng.shuffle(neg)
        keep = sorted(pos)[:2] + neg[:NEGATIVES - ELSEWHERE]
        # The same words in another article: its closest sentences are negatives in every group,
        # and one question in five sees only them (nothing there answers).
        q = _bigrams(r["question"])
        other = max(rng.sample(pool, 40), key=lambda p: max(_overlap(q, x) for x in p) if p is not s else -1)
        order = sorted(range(len(other)), key=lambda i: -_overlap(q, other[i]))
        elsewhere = [_in_context(other, i) for i in order[:ELSEWHERE]]
        yield Group(r["source"], r["question"], [cands[i] for i in keep] + elsewhere,
                    [int(i in pos) for i in keep] + [0] * len(elsewhere))
        if rng.random() < 0.2:
            none = [_in_context(other, i) for i in order[:NEGATIVES]]
            yield Group(r["source"] + "/none", r["question"], none, [0] * len(none))


def _in_context(sentences: list[str], i: int) -> Candidate:
    return Candidate(sentences[i], sentences[i - 1] if i else "", sentences[i + 1] if i + 1 < len(sentences) else "")


def meeting_document(path: Path):
    """A meeting read and cut as ingest does (no embeddings: the reader needs none)."""
    from agent.index.chunking import chunk_transcript
    from agent.index.library import Document
    from agent.settings import Settings
    from agent.transcripts.transcript import load

    s = Settings()
    t = load(path, 50_000_000)
    chunks = chunk_transcript(t, s.chunk_min_chars, s.chunk_max_chars, s.unit_max_chars)
    units = sorted({u for c in chunks for u in c.units})
    return Document(t.doc_id, t.doc_id, t.source, t.text, t.date, t.turns, chunks, units, list(t.times))


def _look_alikes(doc, question: str, exclude: set) -> list[tuple[int, int]]:
    q = _bigrams(question)
    others = [u for u in doc.units if u not in exclude]
    return sorted(others, key=lambda u: -_overlap(q, doc.text[u[0]:u[1]]))


def written(directory: Path, meetings: Path | None = None, source: str = "written",
            skip: frozenset[str] = frozenset()) -> Iterator[Group]:
    """Questions written for training (every `qa*.jsonl` of `directory`) on meetings in
    `meetings` (the same directory unless given), with their evidence and look-alikes; the
    meetings in `skip` are left out (held out to choose the reader's weight)."""
    from agent.answers.reading import candidate

    items = [i for i in questions(directory) if i["doc"] not in skip]
    meetings = meetings or directory
    docs = {d: meeting_document(meetings / f"{d}.txt") for d in sorted({i["doc"] for i in items})}
    for item in items:
        doc = docs[item["doc"]]
        elsewhere = _elsewhere(docs, doc, item["question"])
        pos = _units(doc, item.get("evidence")) if item.get("answerable") else []
        if item.get("answerable") and not pos:
            continue  # evidence not in the text as loaded: no label to trust
        first = [u for u in _units(doc, item.get("hard")) if u not in pos]
        neg = (first + _look_alikes(doc, item["question"], set(pos) | set(first)))[:NEGATIVES - ELSEWHERE]
        spans = pos[:2] + neg
        yield Group(source if pos else source + "/none", item["question"],
                    [candidate(doc, u) for u in spans] + elsewhere, [1] * len(pos[:2]) + [0] * (len(neg) + len(elsewhere)))


def _units(doc, quote: str | None) -> list[tuple[int, int]]:
    """The sentences of `doc` that the quote overlaps (none if it is not in the text)."""
    at = doc.text.find(quote) if quote else -1
    if at < 0:
        return []
    return [u for u in doc.units if u[0] < at + len(quote) and at < u[1]]


def _elsewhere(docs: dict, doc, question: str) -> list[Candidate]:
    """The sentences of the other meetings that share most of the question's words: a library
    holds many meetings, and their look-alikes answer nothing about this one."""
    from agent.answers.reading import candidate

    q = _bigrams(question)
    found = [(d, u) for d in docs.values() if d is not doc for u in d.units]
    found.sort(key=lambda du: -_overlap(q, du[0].text[du[1][0]:du[1][1]]))
    return [candidate(d, u) for d, u in found[:ELSEWHERE]]


def replies(paths: list[Path], rng: random.Random) -> Iterator[Group]:
    """A moderator's question against the reply that follows it: the reply's first sentences of
    substance answer it; the question itself, and other turns that share its words, do not."""
    from agent.answers.reading import candidate

    for path in paths:
        doc = meeting_document(path)
        for turn in doc.turns:
            if not turn.replies_to:
                continue
            own = [u for u in doc.units if turn.start <= u[0] < turn.end]
            pos = [u for u in own if doc.measure.size(*u) >= 8][:3]
            if not pos:
                continue
            asked = turn.replies_to[-60:]
            neg = [u for u in _look_alikes(doc, asked, set(own))][:NEGATIVES]
            spans = pos + neg
            yield Group("vcsum-replies", asked, [candidate(doc, u) for u in spans], [1] * len(pos) + [0] * len(neg))
