"""The VCSum dev split (../shared/vcsum/) as meetings: segments in order, and transcripts in the
labelled layout recorders export, one line per utterance: `发言人{speaker}：{text}`.

Run it to (re)write the transcripts of data/eval/vcsum/ from the shared files:
    python benchmarks/vcsum_data.py [--shared ../shared/vcsum] [--out data/eval/vcsum]
Only the dev split is read; the test split is reserved for held-out measurement."""
from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "vcsum"
OUT = ROOT / "data" / "eval" / "vcsum"


@dataclass
class Segment:
    index: int
    utterances: list[str]  # each utterance's sentences joined
    speakers: list[int]
    agenda: str  # the gold headline
    discussion: str  # the gold summary of the segment


@dataclass
class Meeting:
    id: str
    segments: list[Segment]
    summary: str = ""  # the gold overall summary (long_dev.txt)

    @property
    def doc_id(self) -> str:
        return f"vcsum-dev-{self.id}"

    def lines(self) -> list[str]:
        return [f"发言人{s}：{u}" for seg in self.segments for s, u in zip(seg.speakers, seg.utterances)]

    def transcript(self) -> str:
        return "\n".join(self.lines()) + "\n"


def meetings(shared: Path = SHARED) -> list[Meeting]:
    """Every dev meeting, segments in order, with its overall summary."""
    by_id: dict[str, list[Segment]] = {}
    with open(shared / "short_dev.txt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            meeting, index = row["id"].rsplit("_", 1)
            by_id.setdefault(meeting, []).append(Segment(
                int(index), ["".join(u).strip() for u in row["context"]], [int(s) for s in row["speaker"]],
                row.get("agenda", ""), row.get("discussion", "")))
    summaries = {}
    with open(shared / "long_dev.txt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            summaries[str(row["id"])] = row.get("summary", "")
    return [Meeting(m, sorted(segs, key=lambda s: s.index), summaries.get(m, ""))
            for m, segs in sorted(by_id.items(), key=lambda kv: int(kv[0]))]


def write_transcripts(out: Path = OUT, shared: Path = SHARED) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for meeting in meetings(shared):
        path = out / f"{meeting.doc_id}.txt"
        path.write_text(meeting.transcript(), encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED, help="the VCSum dev files (default ../shared/vcsum)")
    parser.add_argument("--out", type=Path, default=OUT, help="where the transcripts go (default data/eval/vcsum)")
    args = parser.parse_args()
    paths = write_transcripts(args.out, args.shared)
    print(f"{len(paths)} transcripts written to {args.out} "
          f"({sum(len(p.read_text(encoding='utf-8')) for p in paths):,} characters)")


if __name__ == "__main__":
    main()
