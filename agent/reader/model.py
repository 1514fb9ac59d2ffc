"""The shipped reader: an int8 ONNX cross-encoder and its tokenizer, scored in batches."""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

from . import pairs
from .pairs import Candidate
from .tokenizer import Tokenizer

MODEL_FILE, VOCAB_FILE, CARD_FILE = "reader.onnx", "vocab.json", "reader.json"


@dataclass
class Card:
    """What the model was trained with and for: read from reader.json beside it."""
    version: str
    max_len: int
    max_question: int
    threshold: float  # a best relevance logit under this: no sentence answers
    extra: dict


class Reader:
    def __init__(self, directory: Path, threads: Optional[int] = None):
        import onnxruntime as ort

        directory = Path(directory)
        raw = json.loads((directory / CARD_FILE).read_text(encoding="utf-8"))
        self.card = Card(str(raw["version"]), int(raw["max_len"]), int(raw["max_question"]),
                         float(raw["threshold"]), raw)
        self.tokenizer = Tokenizer.load(directory / VOCAB_FILE)
        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        options.log_severity_level = 3
        self._session = ort.InferenceSession(str(directory / MODEL_FILE), options, providers=["CPUExecutionProvider"])
        self._lock = threading.Lock()

    def encode(self, question: str, candidates: Sequence[Candidate]) -> list[list[int]]:
        first = self.tokenizer.ids(pairs.question(question))
        seconds = self.tokenizer.ids_batch([pairs.passage(c) for c in candidates])
        return [self.tokenizer.pair(first, s, self.card.max_len, self.card.max_question) for s in seconds]

    def score(self, question: str, candidates: Sequence[Candidate], batch: int = 16) -> np.ndarray:
        """One relevance logit per candidate."""
        if not candidates:
            return np.zeros(0, dtype=np.float32)
        encoded = self.encode(question, candidates)
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i]))  # little padding per batch
        out = np.zeros(len(encoded), dtype=np.float32)
        for b in range(0, len(order), batch):
            rows = [encoded[i] for i in order[b:b + batch]]
            ids, mask = padded(rows, self.tokenizer.pad)
            with self._lock:  # one session, one caller at a time: its threads are the machine's
                logits = self._session.run(None, {"ids": ids, "mask": mask})[0]
            out[order[b:b + batch]] = logits[:, 0]
        return out


def padded(rows: list[list[int]], pad: int) -> tuple[np.ndarray, np.ndarray]:
    width = max(len(r) for r in rows)
    ids = np.full((len(rows), width), pad, dtype=np.int64)
    mask = np.zeros((len(rows), width), dtype=np.int64)
    for i, r in enumerate(rows):
        ids[i, :len(r)] = r
        mask[i, :len(r)] = 1
    return ids, mask


_loaded: dict[tuple[str, Optional[int]], Reader] = {}
_loading = threading.Lock()


def load(directory: Optional[Path], threads: Optional[int] = None) -> Optional[Reader]:
    """The reader in directory, loaded once per process; None when there is no model there."""
    if directory is None or not (Path(directory) / MODEL_FILE).is_file():
        return None
    key = (str(directory), threads)
    with _loading:
        if key not in _loaded:
            _loaded[key] = Reader(Path(directory), threads)
        return _loaded[key]
