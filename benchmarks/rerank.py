"""Passage reranking by the trained reader: the gold passage's hit@5/10/20 for the hybrid retrieval
alone and reranked from depths 10, 20 and 30, with the reranking's time per question: the
depth/latency/accuracy curve the default rerank_depth is chosen from.

Run: .venv/bin/python benchmarks/rerank.py [--home DIR] [--reader DIR] [--set DIR ...]"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agent.answers import rerank  # noqa: E402
from agent.answers.retrieval import retrieve  # noqa: E402
from agent.reader import model  # noqa: E402
from agent.settings import Settings  # noqa: E402
from benchmarks.eval_items import SETS, gold_items, hit  # noqa: E402

AT = (5, 10, 20)
DEPTHS = (10, 20, 30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, default=None, help="a data home whose eval stores are reused")
    parser.add_argument("--reader", type=Path, default=None, help="the reader's directory (default: data/reader)")
    parser.add_argument("--set", type=Path, action="append", help="an evaluation set directory (default: all three)")
    args = parser.parse_args()
    settings = Settings(home=args.home or Path(tempfile.mkdtemp(prefix="jiyao-bench-")))
    reader = model.load(args.reader or settings.reader_dir, settings.threads)
    if reader is None:
        sys.exit(f"no reader model in {args.reader or settings.reader_dir}: train one with `make train-reader`")
    print("| set | questions | passages | " + " | ".join(f"hit@{k}" for k in AT) + " | rerank ms p50 / p95 |")
    print("| --- | --- | --- | " + " | ".join("---" for _ in AT) + " | --- |")
    for root in args.set or SETS:
        name, corpus, items = gold_items(settings, root)
        rows: dict[str, list[list[bool]]] = {}
        times: dict[str, list[float]] = {}
        for item, doc, span in items:
            retrieval = retrieve(corpus, item.question, settings, k=max(DEPTHS))
            rows.setdefault("hybrid", []).append([hit(retrieval.hits[:k], doc, span) for k in AT])
            for depth in DEPTHS:
                retrieval.hits, every = retrieval.hits[:depth], retrieval.hits
                t0 = time.perf_counter()
                ranked = rerank.passages(corpus, retrieval, reader, max(AT))
                times.setdefault(f"reranked from {depth}", []).append(1000 * (time.perf_counter() - t0))
                retrieval.hits = every
                rows.setdefault(f"reranked from {depth}", []).append([hit(ranked[:k], doc, span) for k in AT])
        for label, got in rows.items():
            rates = " | ".join(f"{sum(g[i] for g in got) / len(got):.3f}" for i in range(len(AT)))
            ms = times.get(label)
            timing = f"{statistics.median(ms):.0f} / {sorted(ms)[int(0.95 * (len(ms) - 1))]:.0f}" if ms else "-"
            print(f"| {name} | {len(got)} | {label} | {rates} | {timing} |")


if __name__ == "__main__":
    main()
