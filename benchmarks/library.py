"""A library of many meetings: the 24 real ones of the evaluation sets indexed together (the sample,
the second meeting, the 22 VCSum dev meetings), every question of both sets asked warm without
--doc. Prints ingest speed, warm ask latency and how often answers land in the right meeting
(issue 17: p95 ≤ 250 ms with 25 meetings; right document ≥ 0.95). No generated meeting is added:
a variant of the sample is a near-copy that no question can tell from the original.

Run: .venv/bin/python benchmarks/library.py [--home DIR]   (a home this script filled is reused)"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agent.answers.qa import ask  # noqa: E402
from agent.evals import scoring, sets  # noqa: E402
from agent.index.library import Library  # noqa: E402
from agent.settings import Settings  # noqa: E402

EVAL = ROOT / "data" / "eval"


def meetings() -> list[Path]:
    """The 24 real meetings of the evaluation sets, the default corpus's sample among them."""
    real = sorted({p for s in sets.load_sets(EVAL) for p in s.transcripts})
    return [ROOT / "data" / "transcripts" / "2021-01-23-work-safety-conference.txt", *real]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, default=None, help="reuse a home this script filled before")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="jiyao-library-"))
    files = meetings()
    settings = Settings(home=args.home or work / "home", corpus_dir=work / "none")
    library = Library(settings)
    t0 = time.perf_counter()
    results = library.ingest(files)
    ingest_s = time.perf_counter() - t0
    embedded = [r for r in results if r.status != "unchanged"]
    chars = sum(len(p.read_text(encoding="utf-8")) for p in files)
    corpus = library.corpus()
    texts = {d: doc.text for d, doc in corpus.docs.items()}
    ask(library, "预热", settings)  # model, jieba, Chroma loaded
    rows, latencies = [], []
    for evalset in sets.load_sets(EVAL):
        verdicts = scoring.run(evalset.items, lambda q: ask(library, q, settings), texts, settings.answer_max_chars)
        latencies += [v.answer.latency_ms for v in verdicts]
        answerable = [v for v in verdicts if v.item.answerable]
        answered = [v for v in answerable if v.answer.answerable]
        rows.append((evalset.name, len(verdicts), sum(bool(v.right_doc) for v in answerable) / len(answerable),
                     sum(bool(v.right_doc) for v in answered) / max(len(answered), 1),
                     sum(v.passed for v in answerable) / len(answerable)))
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"library: {len(corpus.docs)} meetings, {chars:,} characters, {corpus.chunk_count} chunks")
    if embedded:
        print(f"ingest: {ingest_s:.0f} s ({chars / ingest_s:,.0f} chars/s)")
    print("| questions | n | right document (refusals count as misses) | right document, of the answers given | "
          "answer accuracy |\n| --- | --- | --- | --- | --- |")
    for name, n, strict, given, accuracy in rows:
        print(f"| {name} | {n} | {strict:.3f} | {given:.3f} | {accuracy:.3f} |")
    print(f"| warm ask p50 / p95 ({len(latencies)} questions, no --doc) | "
          f"{scoring.percentile(latencies, 0.5):.0f} / {scoring.percentile(latencies, 0.95):.0f} ms | p95 ≤ 250 ms | | |")


if __name__ == "__main__":
    main()
