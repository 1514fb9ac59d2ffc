"""Follow-up latency: a turn of a chat against the same question asked alone (issue 27's bar: within
50 ms). The sample's conversations of data/eval/conversations are asked warm, in order; each
later turn is timed in its conversation, and its standalone reading (what it was understood as)
is timed again alone.

Run: .venv/bin/python benchmarks/chat.py"""
from __future__ import annotations

import os
import platform
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agent.answers import chat  # noqa: E402
from agent.answers.qa import ask  # noqa: E402
from agent.evals import scoring  # noqa: E402
from agent.index.library import Library  # noqa: E402
from agent.settings import Settings  # noqa: E402

SAMPLE = ROOT / "data" / "transcripts" / "2021-01-23-work-safety-conference.txt"
SET = ROOT / "data" / "eval" / "conversations" / "conversations.jsonl"
ROUNDS = 3


def main() -> None:
    settings = Settings(home=Path(tempfile.mkdtemp(prefix="jiyao-chat-")))
    library = Library(settings)
    library.ingest([SAMPLE])
    turns = [i for i in scoring.load_conversations(SET) if i.doc == SAMPLE.stem]
    ask(library, turns[0].question, settings)  # warm: model, jieba, Chroma loaded
    in_chat, alone = [], []
    for _ in range(ROUNDS):
        talk: list = []
        for item in turns:
            talk = [] if item.turn == 0 else talk
            answer = chat.ask(library, item.question, settings, [chat.said(a) for a in talk])
            talk.append(answer)
            if item.turn > 0:
                in_chat.append(answer.latency_ms)
                alone.append(ask(library, answer.understood, settings).latency_ms)
    p = scoring.percentile
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores; {len(in_chat) // ROUNDS} later turns x {ROUNDS}")
    print(f"follow-up in its chat  p50 {p(in_chat, 0.5):6.1f} ms   p95 {p(in_chat, 0.95):6.1f} ms")
    print(f"same question alone    p50 {p(alone, 0.5):6.1f} ms   p95 {p(alone, 0.95):6.1f} ms")
    print(f"difference             p50 {p(in_chat, 0.5) - p(alone, 0.5):+6.1f} ms   "
          f"p95 {p(in_chat, 0.95) - p(alone, 0.95):+6.1f} ms  (bar: within 50 ms)")


if __name__ == "__main__":
    main()
