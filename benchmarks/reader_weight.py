"""How the reader takes part in an answer, chosen on meetings it was not trained on: the training
meetings held out by `make train-reader` (the card's `hold_out`), asked with the rules alone and
with the reader at several weights, sentence counts and refusal thresholds. The evaluation sets
are never used to choose: they measure the choice (docs/reader.md).

Run: .venv/bin/python benchmarks/reader_weight.py [--home DIR] [--reader DIR]
     [--depths 5,20] [--weights 1,2,3.3] [--candidates 8,24] [--thresholds none,-2,-1,0]"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agent.evals.sets import load_set  # noqa: E402
from agent.evals.suite import run_sets  # noqa: E402
from agent.reader import model  # noqa: E402
from agent.settings import Settings  # noqa: E402
from training import groups  # noqa: E402

TRAIN = ROOT / "data" / "train"
VCSUM = ROOT / "data" / "eval" / "vcsum"
NEVER = -1e9  # a threshold no logit is under: the reader never refuses


def held_out(card: dict) -> frozenset[str]:
    return groups.held_out(str(card.get("training", {}).get("hold_out", "")), groups.meeting_names(ROOT))


def _items(held: set[str]) -> list[dict]:
    return [item for d in ("meetings", "workplace", "vcsum") for item in groups.questions(TRAIN / d)
            if item["doc"] in held]


def dev_sets(held: set[str], root: Path) -> list:
    """Two sets: the held-out VCSum meetings' questions asked of the VCSum store (all 22 dev
    meetings), and the held-out written meetings' asked of a library with every written meeting."""
    items = _items(held)
    out = []
    for name, real, extra in (("vcsum-dev", True, VCSUM), ("reader-dev-written", False, TRAIN / "meetings")):
        chosen = [i for i in items if i["doc"].startswith("vcsum-dev-") == real]
        if not chosen:
            continue
        d = root / name
        d.mkdir(parents=True)
        (d / "set.yaml").write_text(json.dumps({"name": name, "with": [str(extra)]}), encoding="utf-8")
        (d / "qa.jsonl").write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in chosen), encoding="utf-8")
        if not real:
            for doc in sorted({i["doc"] for i in chosen}):
                src = next(p for sub in ("meetings", "workplace") if (p := TRAIN / sub / f"{doc}.txt").is_file())
                (d / src.name).write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
        out.append(load_set(d))
    return out


def _floats(text: str) -> list[float]:
    return [NEVER if x == "none" else float(x) for x in text.split(",") if x]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, default=None, help="a data home whose eval stores are reused")
    parser.add_argument("--reader", type=Path, default=None, help="the reader's directory (default: data/reader)")
    parser.add_argument("--weights", default="1,2,3.3")
    parser.add_argument("--candidates", default="8,24")
    parser.add_argument("--thresholds", default="none")
    parser.add_argument("--depths", default="20", help="passages retrieved for the reader (rerank_depth)")
    args = parser.parse_args()
    settings = Settings(home=args.home or Path(tempfile.mkdtemp(prefix="jiyao-bench-")))
    if args.reader:
        settings = settings.model_copy(update={"reader_dir": args.reader})
    reader = model.load(settings.reader_dir, settings.threads)
    if reader is None:
        sys.exit(f"no reader model in {settings.reader_dir}: train one with `make train-reader`")
    held = held_out(reader.card.extra)
    sets = dev_sets(held, Path(tempfile.mkdtemp(prefix="jiyao-reader-dev-")))
    print(f"held-out meetings: {', '.join(sorted(held))}; "
          + ", ".join(f"{s.name} {len(s.items)} questions" for s in sets))
    runs = [("rules alone", {"reader": "off"})]
    runs += [(f"reader depth={d} w={w:g} n={n} t={'none' if t == NEVER else f'{t:g}'}",
              {"rerank_depth": d, "reader_weight": w, "reader_candidates": n, "reader_threshold": t})
             for d in map(int, args.depths.split(",")) for w in _floats(args.weights)
             for n in map(int, args.candidates.split(",")) for t in _floats(args.thresholds)]
    names = [s.name for s in sets]
    print("| pipeline | " + " | ".join(f"{n}: answer / citation / refusal / right doc" for n in names) + " |")
    print("| --- |" + " --- |" * len(names))
    for label, update in runs:
        report = run_sets(settings.model_copy(update=update), sets)
        cells = []
        for r in report["sets"]:
            m = r["metrics"]
            cells.append(" / ".join(f"{m[k]:.3f}" if m.get(k) is not None else "–" for k in
                                    ("answer_accuracy", "citation_accuracy", "refusal_accuracy", "right_document")))
        print(f"| {label} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
