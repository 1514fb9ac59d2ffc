"""Action items, decisions and open questions against gold written by hand: action F1 (owner,
task and due all right), decision F1, open questions found, and tasks listed that were turned
down or handed to someone else (should be none).

Gold: every `minutes.yaml` given (default: the workplace eval set, the held-out minutes set and
the training meetings, whose gold is the development set the rules were read against).
Also counts actions per meeting on the VCSum dev meetings (panels: few should be found).

Run: .venv/bin/python benchmarks/minutes.py [--home DIR] [--verbose] [GOLD.yaml ...]"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agent.briefings import actions  # noqa: E402
from agent.evals import minutes as scoring  # noqa: E402
from agent.index.library import Library  # noqa: E402
from agent.settings import Settings  # noqa: E402
from agent.transcripts.transcript import doc_id_for  # noqa: E402

GOLD = [ROOT / "data/train/meetings/minutes.yaml", ROOT / "data/eval/workplace/minutes.yaml",
        ROOT / "data/minutes/heldout/minutes.yaml"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="*", type=Path, default=[g for g in GOLD if g.exists()])
    parser.add_argument("--home", type=Path, default=None)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--vcsum", action="store_true", help="also count actions on the VCSum dev meetings")
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="jiyao-minutes-"))
    library = Library(Settings(home=home))
    for gold_file in args.gold:
        entries = scoring.load(gold_file)
        files = [next(p for p in gold_file.parent.iterdir() if p.stem == e["doc"]) for e in entries]
        library.ingest(files)
        corpus = library.corpus()
        total = scoring.Score()
        started = time.perf_counter()
        for entry, path in zip(entries, files):
            found = actions.extract(corpus.docs[doc_id_for(path)]).to_json()
            one = scoring.score(found, entry)
            total.add(one)
            if args.verbose:
                print(f"  {entry['doc']}: {one.to_json()['action_f1']:.2f} / {one.to_json()['decision_f1']:.2f} / "
                      f"{one.to_json()['open_found']:.2f}")
                for m in one.missed:
                    print("    missed", m)
                for a in found["actions"]:
                    print("    action", a["owner"], "|", a["task"], "|", a["due"], a["due_date"])
                for w in one.wrongly_listed:
                    print("    WRONG", w)
        took = (time.perf_counter() - started) / max(len(entries), 1)
        s = total.to_json()
        print(f"{gold_file} ({len(entries)} meetings): action F1 {s['action_f1']:.3f} "
              f"({s['actions']['right']}/{s['actions']['predicted']} predicted, {s['actions']['gold']} gold), "
              f"decision F1 {s['decision_f1']:.3f}, open questions found {s['open_found']:.3f}, "
              f"rejected or superseded listed {len(s['wrongly_listed'])}, {took * 1000:.0f} ms per meeting")
    if args.vcsum:
        from benchmarks.vcsum_data import write_transcripts

        paths = write_transcripts(home / "vcsum")
        library.ingest(paths)
        corpus = library.corpus()
        counts = [len(actions.extract(corpus.docs[doc_id_for(p)]).actions) for p in paths]
        print(f"VCSum dev ({len(paths)} meetings): {sum(counts) / len(counts):.2f} actions per meeting (max {max(counts)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
