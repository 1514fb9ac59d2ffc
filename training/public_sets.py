"""Public Chinese reading-comprehension sets as sentence-level training data for the reader.

Reads SQuAD-format files straight from bare git mirrors (one per repository, as made by
`fetch github:owner/name` under <mirror>/<owner>+<name>/repo; no work tree is needed) and
writes one JSON object per question:

    {"source", "split", "id", "question", "sentences", "positives", "title"}

`sentences` is the question's paragraph split into sentences, `positives` the indices of
those that hold the answer span. DRCD is traditional Chinese and is converted to simplified
with opencc-python-reimplemented (the `[train]` extra), sentence by sentence, after the
answer offsets have been used, so conversion can never shift a span.

    python -m training.public_sets --mirror /work/.mirror --out .cache/train/public.jsonl
"""
from __future__ import annotations

import argparse
import io
import json
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

MAX_LEN = 150  # a longer sentence is cut at its last '，' before this many characters
_END = re.compile(r"[。！？；!?]+[”’」』\"']*")  # sentence end, with any closing quotes after it


@dataclass(frozen=True)
class Part:
    source: str
    split: str
    repo: str  # GitHub owner/name
    path: str  # file at the snapshot's HEAD
    member: str = ""  # JSON file inside `path` when that is a zip
    traditional: bool = False
    optional: bool = False  # files of 4 MiB and more are absent from snapshots


PARTS = (
    # CMRC 2018, CC BY-SA 4.0. The official train file is over 4 MiB, so absent from the
    # snapshot; ExpMRC (same authors, CC BY-SA 4.0) ships the same 10,142 train questions
    # zipped, with automatic "evidences" that are ignored here.
    Part("cmrc2018", "train", "ymcui/expmrc",
         "pseudo_training_data/train-pseudo-cmrc2018.zip", "train-pseudo-cmrc2018.json"),
    Part("cmrc2018", "dev", "ymcui/cmrc2018", "squad-style-data/cmrc2018_dev.json"),
    Part("cmrc2018", "trial", "ymcui/cmrc2018", "squad-style-data/cmrc2018_trial.json"),
    # DRCD, CC BY-SA 3.0 (README "Copyright Notice"); its training file is over 4 MiB.
    Part("drcd", "train", "DRCKnowledgeTeam/DRCD", "DRCD_training.json",
         traditional=True, optional=True),
    Part("drcd", "dev", "DRCKnowledgeTeam/DRCD", "DRCD_dev.json", traditional=True),
    Part("drcd", "test", "DRCKnowledgeTeam/DRCD", "DRCD_test.json", traditional=True),
    # XQuAD, Chinese part, CC BY-SA 4.0: SQuAD v1.1 dev questions translated professionally.
    Part("xquad_zh", "test", "google-deepmind/xquad", "xquad.zh.json"),
)


class Missing(Exception):
    """A mirror or a file in it is not there."""


def git_dir(mirror: Path, repo: str) -> Path | None:
    """The bare git directory of `repo` under `mirror` (<owner>+<name>/repo), if there."""
    base = mirror / repo.replace("/", "+")
    return next((d for d in (base / "repo", base) if (d / "HEAD").is_file()), None)


def git(gdir: Path, *args: str) -> bytes:
    done = subprocess.run(["git", "--git-dir", str(gdir), *args], capture_output=True)
    if done.returncode:
        raise Missing(done.stderr.decode(errors="replace").strip())
    return done.stdout


def load(gdir: Path, part: Part) -> dict:
    try:
        raw = git(gdir, "show", f"HEAD:{part.path}")
    except Missing:
        msg = f"{part.repo} snapshot lacks {part.path} (files of 4 MiB+ are not mirrored)"
        raise Missing(msg) from None
    if part.member:
        raw = zipfile.ZipFile(io.BytesIO(raw)).read(part.member)
    return json.loads(raw)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank sentence of `text`."""
    ends = [m.end() for m in _END.finditer(text)] + [len(text)]
    spans = [piece for a, b in zip([0] + ends, ends) for piece in _cut(text, a, b)]
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _cut(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """text[start:end] in pieces of at most MAX_LEN, each ending at its last '，' if it has one."""
    out = []
    while end - start > MAX_LEN:
        comma = text.rfind("，", start, start + MAX_LEN)
        cut = comma + 1 if comma >= 0 else start + MAX_LEN  # no comma: a hard cut
        out.append((start, cut))
        start = cut
    return out + [(start, end)]


def locate(context: str, text: str, start: int) -> int | None:
    """Offset of answer `text`: at `start` if it is there, else its occurrence nearest to it."""
    if not text.strip():
        return None
    if start >= 0 and context.startswith(text, start):
        return start
    hits = [m.start() for m in re.finditer(f"(?={re.escape(text)})", context)]
    return min(hits, key=lambda h: (abs(h - start), h)) if hits else None


def convert(data: dict, part: Part, to_simplified) -> tuple[list[dict], dict]:
    """One record per question whose answer is found, and the part's counts."""
    records, stats = [], dict(questions=0, paragraphs=0, sentences=0, skipped=0, repaired=0)
    for article in data["data"]:
        title = article.get("title", "")
        for para in article["paragraphs"]:
            context = para["context"]
            spans = sentence_spans(context)
            stats["paragraphs"] += 1
            stats["sentences"] += len(spans)
            sentences = [to_simplified(context[s:e].strip()) for s, e in spans]
            for qa in para["qas"]:
                positives: set[int] = set()
                for ans in qa.get("answers", []):
                    at = locate(context, ans["text"], ans["answer_start"])
                    if at is None:
                        continue
                    stats["repaired"] += at != ans["answer_start"]
                    end = at + len(ans["text"])
                    positives.update(i for i, (s, e) in enumerate(spans) if s < end and e > at)
                if not positives:
                    stats["skipped"] += 1
                    continue
                stats["questions"] += 1
                records.append({
                    "source": part.source, "split": part.split, "id": str(qa["id"]),
                    "question": to_simplified(qa["question"].strip()),
                    "sentences": sentences, "positives": sorted(positives),
                    "title": to_simplified(title),
                })
    return records, stats


def _natural(s: str) -> list:
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", s)]


def _simplifier():
    try:
        from opencc import OpenCC
    except ImportError:
        sys.exit("error: DRCD needs opencc-python-reimplemented (pip install -e '.[train]')")
    return OpenCC("tw2s").convert  # Taiwan-standard characters to simplified, no phrase rewriting


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    ap.add_argument("--out", type=Path, default=Path(".cache/train/public.jsonl"))
    args = ap.parse_args(argv)

    gdirs = {p.repo: git_dir(args.mirror, p.repo) for p in PARTS}
    if missing := sorted(r for r, d in gdirs.items() if d is None):
        print(f"error: no mirror of {', '.join(missing)} under {args.mirror}: fetch "
              + ", ".join(f"github:{r}" for r in missing), file=sys.stderr)
        return 2
    for repo, gdir in sorted(gdirs.items()):
        print(f"{repo} @ {git(gdir, 'rev-parse', 'HEAD').decode().strip()}")

    simplified = None
    records = []
    for part in PARTS:
        try:
            data = load(gdirs[part.repo], part)
        except Missing as e:
            if part.optional:
                print(f"{part.source}/{part.split}: not converted: {e}")
                continue
            print(f"error: {e}", file=sys.stderr)
            return 2
        if part.traditional and simplified is None:
            simplified = _simplifier()
        recs, st = convert(data, part, simplified if part.traditional else str)
        records += recs
        mean = st["sentences"] / max(st["paragraphs"], 1)
        print(f"{part.source}/{part.split}: {st['questions']} questions, "
              f"{st['paragraphs']} paragraphs, {mean:.1f} sentences/paragraph, {st['skipped']} skipped, "
              f"{st['repaired']} answer offsets repaired")

    records.sort(key=lambda r: (r["source"], r["split"], _natural(r["id"])))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} questions to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
