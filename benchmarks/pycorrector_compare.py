"""pycorrector's offline correctors against jiyao's on the same correction sets.

pycorrector needs torch (about 1.5 GB), so it is not a jiyao dependency; run this in its own
environment:
    python3 -m venv /tmp/pyc && /tmp/pyc/bin/pip install torch==2.13.0 pycorrector pyyaml
    /tmp/pyc/bin/python benchmarks/pycorrector_compare.py
It reads data/glossary.yaml and data/eval/corrections*.jsonl and prints recall and false corrections
for: the proper-noun corrector given the glossary's terms, the confusion corrector given the
glossary's known wrong forms, and both chained."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def load_sets():
    sets = {}
    for name in ("corrections.jsonl", "corrections_generated.jsonl"):
        path = ROOT / "data" / "eval" / name
        if path.is_file():
            sets[name] = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return sets


def score(items, fix) -> str:
    fixed = total = false = clean = 0
    for item in items:
        out = fix(item["passage"])
        if not item["errors"]:
            clean += 1
            false += out != item["passage"]
            continue
        for err in item["errors"]:
            total += 1
            fixed += err["right"] in out and err["wrong"] not in out.replace(err["right"], "")
    return f"recall {fixed}/{total} = {fixed / max(total, 1):.3f}; clean passages changed {false}/{clean}"


def main() -> None:
    from pycorrector import ConfusionCorrector, ProperCorrector

    data = yaml.safe_load((ROOT / "data" / "glossary.yaml").read_text(encoding="utf-8"))
    terms = [t if isinstance(t, str) else t["term"] for t in data["terms"]]
    confusion = {w: t["term"] for t in data["terms"] if isinstance(t, dict) for w in t.get("wrong") or ()}
    names = Path(tempfile.mkdtemp()) / "proper.txt"
    names.write_text("\n".join(terms), encoding="utf-8")
    proper = ProperCorrector(proper_name_path=str(names))
    confusions = ConfusionCorrector(custom_confusion_path_or_dict=confusion)

    def by_proper(text):
        return proper.correct(text)["target"]

    def by_confusion(text):
        return confusions.correct(text)["target"]

    for name, items in load_sets().items():
        print(f"{name}: {len(items)} passages")
        print(f"  pycorrector ProperCorrector (glossary terms): {score(items, by_proper)}")
        print(f"  pycorrector ConfusionCorrector (known wrong forms): {score(items, by_confusion)}")
        print(f"  both, chained: {score(items, lambda t: by_proper(by_confusion(t)))}")


if __name__ == "__main__":
    main()
