"""Do meetings answer the same when they come from a recorder? The sample and the 22 VCSum dev
meetings are written out as SRT (a sentence per cue, a pause between paragraphs) and, for the
labelled VCSum meetings, as a Tingwu-style text export (tests/recorder_forms.py); each form is
ingested into a home of its own and asked its set's questions. Reported: the answers that
changed (answer text, speakers and quoted words, white space aside), and how fast each form is
read.

Run: .venv/bin/python benchmarks/formats.py [--work DIR]   (about 15 minutes on 2 cores)"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agent.answers.qa import ask  # noqa: E402
from agent.index.library import Library  # noqa: E402
from agent.settings import Settings  # noqa: E402
from agent.transcripts import formats  # noqa: E402
from tests.recorder_forms import to_export, to_srt  # noqa: E402

SAMPLE = ROOT / "data" / "transcripts" / "2021-01-23-work-safety-conference.txt"
VCSUM = ROOT / "data" / "eval" / "vcsum"


def items(path: Path, docs: set[str]) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if r.get("doc") in docs or r.get("doc") is None]


def answers(home: Path, questions: list[dict]) -> list[tuple]:
    settings = Settings(home=home, corpus_dir=home.parent / "none")
    library = Library(settings)

    def flat(text: str) -> str:
        return re.sub(r"\s+", "", text)

    out = []
    for q in questions:
        a = ask(library, q["question"], settings, backend="extractive")
        out.append((flat(a.answer), a.answerable, [(c.speaker, flat(c.quote)) for c in a.citations]))
    return out


def home_of(work: Path, name: str, files: list[Path]) -> Path:
    (work / name / "none").mkdir(parents=True, exist_ok=True)
    home = work / name / "home"
    Library(Settings(home=home, corpus_dir=work / name / "none")).ingest(files)
    return home


def written(work: Path, name: str, sources: list[Path], form) -> list[Path]:
    folder = work / f"{name}-files"
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for source in sources:
        suffix = ".srt" if form is to_srt else ".txt"
        target = folder / (source.stem + suffix)
        target.write_text(form(source.read_text(encoding="utf-8")), encoding="utf-8")
        sidecar = source.with_name(source.stem + ".speakers.yaml")
        if sidecar.is_file():
            shutil.copy(sidecar, folder)
        out.append(target)
    return out


def compare(work: Path, label: str, sources: list[Path], questions: list[dict], forms: dict) -> None:
    plain = answers(home_of(work, f"{label}-plain", sources), questions)
    for name, form in forms.items():
        files = written(work, f"{label}-{name}", sources, form)
        other = answers(home_of(work, f"{label}-{name}", files), questions)
        changed = [q["id"] for q, a, b in zip(questions, plain, other) if a != b]
        print(f"| {label} | {name} | {len(questions)} | {len(changed)} | {', '.join(changed) or '–'} |")


def speed() -> None:
    text = max(VCSUM.glob("*.txt"), key=lambda p: p.stat().st_size).read_text(encoding="utf-8")
    for name, form in (("SRT", to_srt), ("text export", to_export)):
        data = form(text)
        t0 = time.perf_counter()
        for _ in range(5):
            formats.read(data, "x")
        took = (time.perf_counter() - t0) / 5
        print(f"| {name} | {len(text):,} characters | {took * 1000:.0f} ms | {len(text) / took:,.0f} characters/s |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=None, help="a directory for the homes (default: a new temp dir)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="jiyao-formats-"))
    print("| set | form | questions | answers changed | which |\n| --- | --- | --- | --- | --- |")
    compare(work, "sample", [SAMPLE], items(ROOT / "data" / "eval" / "qa.jsonl", {SAMPLE.stem}), {"SRT": to_srt})
    meetings = sorted(VCSUM.glob("vcsum-dev-*.txt"))
    compare(work, "VCSum dev", meetings, items(VCSUM / "qa.jsonl", {p.stem for p in meetings}),
            {"SRT": to_srt, "text export": to_export})
    print("\n| reading | size | time | speed |\n| --- | --- | --- | --- |")
    speed()


if __name__ == "__main__":
    main()
