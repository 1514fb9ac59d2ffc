"""The LLM path's own overhead: time from `ask` to the request reaching the endpoint (retrieval,
prompt build, client), and to the first streamed token, against a local scripted endpoint that
answers at once. The model's own time is not ours and is not counted.

Run: make bench   (or: .venv/bin/python benchmarks/llm_overhead.py)"""
from __future__ import annotations

import os
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
from tests.llm_server import Reply, ScriptedLLM, passages  # noqa: E402

SAMPLE = ROOT / "data" / "transcripts" / "2021-01-23-work-safety-conference.txt"


def cite_first(body: dict) -> Reply:
    n = min(passages(body))
    return Reply(f"答案见所引段落[{n}]。")


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="jiyao-llm-bench-"))
    items = scoring.load_items(ROOT / "data" / "eval" / "qa.jsonl")
    with ScriptedLLM(cite_first) as server:
        settings = Settings(home=home, llm_base_url=server.url, backend="openai")
        library = Library(settings)
        library.ingest([SAMPLE])
        t0 = time.perf_counter()
        ask(library, items[0].question, settings)
        cold = time.perf_counter() - t0
        to_request, to_token, total = [], [], []
        for item in items:
            first: list[float] = []
            t0 = time.perf_counter()
            before = len(server.seen)
            ask(library, item.question, settings, on_token=lambda _: first or first.append(time.perf_counter()))
            end = time.perf_counter()
            to_request.append((server.seen[before].at - t0) * 1000)
            to_token.append((first[0] - t0) * 1000 if first else float("nan"))
            total.append((end - t0) * 1000)
    print(f"machine: {os.cpu_count()} cores; {len(items)} questions; scripted endpoint on 127.0.0.1 answering at once")
    print("| measure | p50 | p95 | bar |\n| --- | --- | --- | --- |")
    print(f"| ask → request at the endpoint (retrieval + prompt + client) | {scoring.percentile(to_request, .5):.0f} ms "
          f"| {scoring.percentile(to_request, .95):.0f} ms | p95 ≤ 150 ms |")
    print(f"| ask → first streamed token | {scoring.percentile(to_token, .5):.0f} ms | {scoring.percentile(to_token, .95):.0f} ms | – |")
    print(f"| ask → verified answer | {scoring.percentile(total, .5):.0f} ms | {scoring.percentile(total, .95):.0f} ms | – |")
    print(f"first LLM question of a process (imports langchain_openai): {cold:.2f} s")


if __name__ == "__main__":
    main()
