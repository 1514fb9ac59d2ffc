"""BM25 (bm25s) over pre-tokenised chunks, saved as a generation directory beside the store.

Each writer builds a new generation and the manifest names the current one, so any number of
reading processes can load it while a writer prepares the next."""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import numpy as np

from .store import write_atomic


class Bm25Index:
    def __init__(self, retriever, ids: list[str]):
        self.retriever = retriever
        self.ids = ids
        self.row = {cid: i for i, cid in enumerate(ids)}

    @classmethod
    def build(cls, ids: list[str], corpus_tokens: list[list[str]]) -> "Bm25Index":
        import bm25s

        retriever = bm25s.BM25()
        # An empty chunk would make bm25s drop the row; keep rows aligned with ids.
        retriever.index([toks or ["\u0000"] for toks in corpus_tokens], show_progress=False)
        return cls(retriever, ids)

    def save(self, root: Path) -> str:
        gen = hashlib.sha256("\n".join(self.ids).encode()).hexdigest()[:16]
        target = root / gen
        if not target.exists():
            tmp = root / f".{gen}.tmp"
            shutil.rmtree(tmp, ignore_errors=True)
            tmp.mkdir(parents=True)
            self.retriever.save(str(tmp), show_progress=False)
            write_atomic(tmp / "ids.json", json.dumps(self.ids, ensure_ascii=False).encode("utf-8"))
            tmp.rename(target)
        return gen

    @classmethod
    def load(cls, root: Path, gen: str) -> "Bm25Index":
        import bm25s

        path = root / gen
        retriever = bm25s.BM25.load(str(path), show_progress=False)
        ids = json.loads((path / "ids.json").read_text(encoding="utf-8"))
        return cls(retriever, ids)

    def search(self, query_tokens: list[str], k: int, allowed: np.ndarray | None = None) -> list[tuple[str, float]]:
        """Chunk ids with a positive score, best first; `allowed` is a 0/1 mask over rows."""
        known = [t for t in query_tokens if t in self.retriever.vocab_dict]
        if not known or not self.ids:
            return []
        k = min(k, len(self.ids))
        docs, scores = self.retriever.retrieve(
            [known], k=k, show_progress=False, weight_mask=allowed, n_threads=1
        )
        return [(self.ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0]) if s > 0]
