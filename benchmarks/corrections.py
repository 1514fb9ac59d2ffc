"""The corrector on the correction sets: with the shipped glossary, and with its known wrong forms
stripped (the sound matcher alone), plus time per passage.
Run: make bench   (or: .venv/bin/python benchmarks/corrections.py)"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agent.evals import scoring  # noqa: E402
from agent.quotes import correct, glossary  # noqa: E402
from agent.quotes.glossary import Term  # noqa: E402


def run(items, terms) -> tuple[dict, float]:
    judged, started = [], time.perf_counter()
    for item in items:
        edits = correct.recognition_edits(item["passage"], terms)
        judged.append(scoring.judge_correction(item, item["passage"], correct.apply(item["passage"], edits), edits))
    return scoring.correction_summary(judged), (time.perf_counter() - started) * 1000 / max(len(items), 1)


def main() -> None:
    shipped = glossary.load(ROOT / "data" / "glossary.yaml")
    matcher_only = tuple(Term(t.term, (), t.kind, t.note) for t in shipped)
    print("| set | glossary | recall | clean passages changed | extra edits | digits changed | ms/passage |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name in ("corrections", "corrections_generated"):
        items = [json.loads(line) for line in (ROOT / "data" / "eval" / f"{name}.jsonl").read_text(encoding="utf-8")
                 .splitlines() if line.strip()]
        for label, terms in (("shipped (terms + known wrong forms)", shipped), ("terms only (sound matcher)", matcher_only)):
            m, ms = run(items, terms)
            print(f"| {name} ({m['errors']} errors, {m['clean_passages']} clean) | {label} | {m['recall']:.3f} | "
                  f"{m['false_correction_rate']:.3f} | {m['extra_edits_on_error_passages']} | {m['digits_changed']} | {ms:.1f} |")


if __name__ == "__main__":
    main()
