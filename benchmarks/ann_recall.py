"""How often does Chroma's HNSW index return the true nearest sentences? The 22 VCSum dev meetings
are indexed (about 8,000 sentence vectors); every question of their set is asked of Chroma
collections built with Chroma's default HNSW settings and with jiyao's (vectorstore/store.py),
and compared with exact search over the same vectors. Reported: the true nearest sentence found
first (top 1), the share of the true top 10 and top 60 found (jiyao asks for 60), build and
query time.

Run: .venv/bin/python benchmarks/ann_recall.py [--home DIR]   (about 5 minutes on 2 cores, most of
it indexing; --home reuses a data home that holds those meetings)"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from agent.index.library import Library  # noqa: E402
from agent.settings import Settings  # noqa: E402
from vectorstore.embeddings import embedder  # noqa: E402
from vectorstore.store import HNSW  # noqa: E402

VCSUM = ROOT / "data" / "eval" / "vcsum"
N = 60
CONFIGS = {
    "Chroma defaults": {"space": "cosine"},
    "ef_search 400 on the default graph": {"space": "cosine", "ef_search": 400},
    "jiyao": HNSW,
}


def vectors(settings: Settings) -> tuple[list[str], np.ndarray, list[dict]]:
    library = Library(settings)
    if not library.documents():
        library.ingest(sorted(VCSUM.glob("vcsum-dev-*.txt")))
    got = library.store.collection().get(include=["embeddings", "metadatas"])
    return got["ids"], np.asarray(got["embeddings"], dtype=np.float32), got["metadatas"]


def measure(name: str, config: dict, ids, matrix, metas, queries) -> None:
    import chromadb

    client = chromadb.EphemeralClient()
    t0 = time.perf_counter()
    col = client.create_collection(f"bench-{len(client.list_collections())}", embedding_function=None,
                                   configuration={"hnsw": config})
    for i in range(0, len(ids), 1000):
        col.add(ids=ids[i:i + 1000], embeddings=matrix[i:i + 1000], metadatas=metas[i:i + 1000])
    build = time.perf_counter() - t0
    unit = matrix / np.linalg.norm(matrix, axis=1, keepdims=True)
    keys = sorted({m["doc_key"] for m in metas})
    top1 = top10 = top60 = 0.0
    took = 0.0
    for q in queries:
        exact = [ids[k] for k in np.argsort(-(unit @ (q / np.linalg.norm(q))))[:N]]
        t0 = time.perf_counter()
        got = col.query(query_embeddings=[q.tolist()], n_results=N, where={"doc_key": {"$in": keys}},
                        include=["distances"])["ids"][0]
        took += time.perf_counter() - t0
        top1 += exact[0] == got[0]
        top10 += len(set(exact[:10]) & set(got[:10])) / 10
        top60 += len(set(exact) & set(got)) / N
    n = len(queries)
    print(f"| {name} | {top1 / n:.3f} | {top10 / n:.3f} | {top60 / n:.3f} | {build:.1f} s | {took / n * 1000:.0f} ms |",
          flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, default=None, help="a data home holding the VCSum dev meetings")
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="jiyao-ann-"))
    settings = Settings(home=home, corpus_dir=home / "none")
    ids, matrix, metas = vectors(settings)
    questions = [json.loads(line)["question"] for line in (VCSUM / "qa.jsonl").read_text(encoding="utf-8").splitlines()
                 if line.strip()]
    embed = embedder(settings)
    queries = [np.asarray(embed.query(q), dtype=np.float32) for q in questions]
    print(f"{len(ids):,} sentence vectors, {len(queries)} questions, {N} asked for\n")
    print("| HNSW | true nearest first | of the true top 10 | of the true top 60 | build | query |\n"
          "| --- | --- | --- | --- | --- | --- |")
    for name, config in CONFIGS.items():
        measure(name, config, ids, matrix, metas, queries)


if __name__ == "__main__":
    main()
