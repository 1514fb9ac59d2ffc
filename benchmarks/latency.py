"""Ingest time of the sample, warm `ask` latency over the question set, cold `jiyao ask` time.

Run: make bench   (or: .venv/bin/python benchmarks/latency.py)"""
from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agent.answers.qa import ask  # noqa: E402
from agent.evals import scoring  # noqa: E402
from agent.index.library import Library  # noqa: E402
from agent.settings import Settings  # noqa: E402

SAMPLE = ROOT / "data" / "transcripts" / "2021-01-23-work-safety-conference.txt"
COLD_RUNS = 5


def ingest_and_ask(settings: Settings) -> tuple[Library, float, int, list[float]]:
    """The sample ingested into the settings' home, then every question of the set asked warm:
    (library, ingest seconds, characters, answer latencies in ms)."""
    library = Library(settings)
    t0 = time.perf_counter()
    library.ingest([SAMPLE])
    ingest_s = time.perf_counter() - t0
    chars = len(SAMPLE.read_text(encoding="utf-8"))
    items = scoring.load_items(ROOT / "data" / "eval" / "qa.jsonl")
    ask(library, items[0].question, settings)  # warm: model, jieba, Chroma loaded
    return library, ingest_s, chars, [ask(library, i.question, settings).latency_ms for i in items]


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="jiyao-latency-"))
    settings = Settings(home=home)
    library, ingest_s, chars, warm = ingest_and_ask(settings)
    items = scoring.load_items(ROOT / "data" / "eval" / "qa.jsonl")

    from agent.briefings import summarize

    summarize.whole_briefing(library, settings)  # warm
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        summarize.whole_briefing(library, settings)
        runs.append(time.perf_counter() - t0)
    env = {**os.environ, "JIYAO_HOME": str(home)}
    brief_cold = []
    for _ in range(3):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "agent", "summarize", "--all"], cwd=ROOT, env=env, check=True,
                       capture_output=True)
        brief_cold.append(time.perf_counter() - t0)
    cold = []
    for item in items[:COLD_RUNS]:
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "agent", "ask", item.question, "--json"], cwd=ROOT, env=env,
                       check=True, capture_output=True)
        cold.append(time.perf_counter() - t0)

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print("| measure | value | bar |\n| --- | --- | --- |")
    print(f"| ingest of the sample ({chars} characters) | {ingest_s:.1f} s ({chars / ingest_s:.0f} chars/s) | ≤ 15 s |")
    print(f"| warm ask p50 / p95 ({len(warm)} questions) | {scoring.percentile(warm, 0.5):.0f} / {scoring.percentile(warm, 0.95):.0f} ms | p95 ≤ 250 ms |")
    print(f"| cold `jiyao ask`, index present, median / max of {COLD_RUNS} | "
          f"{statistics.median(cold):.2f} / {max(cold):.2f} s | ≤ 4 s |")
    print(f"| whole extractive briefing, 10 sectors, warm, median / max of 3 | "
          f"{statistics.median(runs):.2f} / {max(runs):.2f} s | ≤ 5 s |")
    print(f"| `jiyao summarize --all` as a command, median / max of 3 | "
          f"{statistics.median(brief_cold):.2f} / {max(brief_cold):.2f} s | ≤ 5 s |")


if __name__ == "__main__":
    main()
