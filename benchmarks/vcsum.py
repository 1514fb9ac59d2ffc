"""Minutes against VCSum's references (dev split, ../shared/vcsum): topic segmentation Pk, and
ROUGE-1/2/L F1 on characters of overall and per-segment summaries, each beside baselines computed
in the same run (no split and an even split; Lead, TextRank and the greedy extractive oracle).

- Gold topics are the segments of short_dev.txt; Pk's window is half the meeting's mean gold
  segment length, in utterances (one line of the transcript each), averaged over the meetings.
- ROUGE counts CJK characters, letters and digits; punctuation and spaces are dropped. A summary
  is cut to the reference's length. Overall summaries are scored against each meeting's summary
  (long_dev.txt), per-segment ones on the gold segments against their `discussion`.

Run: .venv/bin/python benchmarks/vcsum.py [--home DIR] [--halves]   (a home this script filled is reused)
--halves chooses the topic settings on half the meetings and reports Pk, the overview's ROUGE-L
and the headlines on the other half.
The test split is reserved for held-out measurement: this script reads only the dev split."""
from __future__ import annotations

import argparse
import bisect
import math
import os
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from rouge_score import rouge_scorer  # noqa: E402

from agent import numbers, tokens  # noqa: E402
from agent.briefings import minutes, summarize, topics  # noqa: E402
from agent.index.library import Library  # noqa: E402
from agent.quotes import quote  # noqa: E402
from agent.settings import Settings  # noqa: E402
from benchmarks.vcsum_data import SHARED, meetings, write_transcripts  # noqa: E402

_COUNTED = re.compile(r"[\u4e00-\u9fff]|[a-z]|\d")
_LABEL = re.compile(r"^\s*发言人\d+[：:]")


class Characters:
    """rouge-score's tokenizer interface: CJK characters, letters and digits, one token each."""

    def tokenize(self, text: str) -> list[str]:
        return _COUNTED.findall(text.lower())


SCORER = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], tokenizer=Characters())


def counted(text: str) -> list[str]:
    return Characters().tokenize(text)


def rouge(summary: str, reference: str) -> tuple[float, float, float]:
    cut = "".join(counted(summary)[:len(counted(reference))])
    s = SCORER.score(reference, cut)
    return s["rouge1"].fmeasure, s["rouge2"].fmeasure, s["rougeL"].fmeasure


def pk(gold: list[int], found: list[int], k: int) -> float:
    pairs = [(gold[i] == gold[i + k], found[i] == found[i + k]) for i in range(len(gold) - k)]
    return sum(a != b for a, b in pairs) / max(len(pairs), 1)


# -- baselines over sentences -----------------------------------------------------------------
def sentences(doc, start: int, end: int) -> list[str]:
    return [_LABEL.sub("", doc.text[s:e]) for s, e in doc.units if start <= s < end]


def lead(said: list[str], budget: int) -> str:
    out, n = [], 0
    for s in said:
        if n >= budget:
            break
        out.append(s)
        n += len(counted(s))
    return "".join(out)


def textrank(said: list[str], budget: int) -> str:
    """Mihalcea and Tarau's TextRank: PageRank over sentences linked by shared words."""
    words = [set(tokens.words(s)) for s in said]
    n = len(said)
    if not n:
        return ""
    w = np.zeros((n, n))
    for a in range(n):
        for b in range(a + 1, n):
            shared = len(words[a] & words[b])
            if shared and len(words[a]) > 1 and len(words[b]) > 1:
                w[a, b] = w[b, a] = shared / (math.log(len(words[a])) + math.log(len(words[b])))
    out = w.sum(axis=1)
    out[out == 0] = 1
    rank = np.ones(n) / n
    for _ in range(50):
        rank = 0.15 / n + 0.85 * (w / out[:, None]).T @ rank
    picked, total = [], 0
    for i in np.argsort(-rank):
        if total >= budget:
            break
        picked.append(int(i))
        total += len(counted(said[i]))
    return "".join(said[i] for i in sorted(picked))


def oracle(said: list[str], reference: str, budget: int) -> str:
    """Greedily the sentence that raises (ROUGE-1 + ROUGE-2) most, while it rises: an upper bound
    for picking whole sentences. (Counted with n-gram tables here, as rouge-score counts them, but
    without its longest-common-subsequence work, which is too slow for a thousand candidates.)"""
    ref = counted(reference)
    grams = [Counter(ref), Counter(zip(ref, ref[1:]))]
    picked: list[int] = []
    best = 0.0
    while sum(len(counted(said[i])) for i in picked) < budget:
        gains = []
        for i in range(len(said)):
            if i not in picked:
                cut = counted("".join(said[j] for j in sorted(picked + [i])))[:len(ref)]
                score = _f1(Counter(cut), grams[0]) + _f1(Counter(zip(cut, cut[1:])), grams[1])
                gains.append((score / 2, i))
        if not gains or max(gains)[0] <= best:
            break
        best, i = max(gains)
        picked.append(i)
    return "".join(said[i] for i in sorted(picked))


def _f1(mine: Counter, theirs: Counter) -> float:
    overlap = sum((mine & theirs).values())
    if not overlap:
        return 0.0
    p, r = overlap / sum(mine.values()), overlap / sum(theirs.values())
    return 2 * p * r / (p + r)


def ours(doc, found: list[minutes.Clause], budget: int, correct) -> tuple[str, int]:
    """jiyao's summary of the clauses, and how many of its figures its citations lack."""
    written = minutes.summary(doc, minutes.choose(found, budget), correct)
    plain = re.sub(r"\[\d+\]", "", written.text)
    return plain, len(numbers.unsupported(plain, [c.attributed() for c in written.citations]))


def line_starts(doc) -> list[int]:
    return [0] + [i + 1 for i, ch in enumerate(doc.text) if ch == "\n" and i + 1 < len(doc.text)]


_MEASURED: dict = {}


def topic_pk(corpus, meeting, params: topics.Params = topics.DEFAULT) -> tuple[float, float]:
    """Pk of the found topics and of no split, on one meeting (its blocks measured once)."""
    doc = corpus.docs[meeting.doc_id]
    if doc.doc_id not in _MEASURED:
        _MEASURED[doc.doc_id] = topics.measure(doc, summarize.unit_vectors(corpus, doc))
    lines = line_starts(doc)
    gold = [s.index for s in meeting.segments for _ in s.utterances]
    k = max(1, round(len(gold) / len(meeting.segments) / 2))
    found = topics.split(_MEASURED[doc.doc_id], params)
    mine = [bisect.bisect_right([s for s, _ in found], line) for line in lines]
    return pk(gold, mine, k), pk(gold, [0] * len(gold), k)


GRID = {"chars_per_topic": (2000, 2500, 3000), "w_meaning": (0.5, 0.7, 0.9), "w_question": (0.0, 0.3, 0.6),
        "min_topic_share": (0.3, 0.5)}


def halves(corpus, all_meetings, correct) -> None:
    """Topic settings chosen on one half of the dev meetings (by position in id order), reported
    on the other half beside no split, both ways round; on the second half (odd positions), the
    overview's ROUGE-L beside TextRank, and the headlines of the gold segments against VCSum's
    own headlines (agenda) beside the segment's first words."""
    import itertools

    ordered = sorted(all_meetings, key=lambda m: m.id)
    folds = [(ordered[0::2], ordered[1::2], "even → odd"), (ordered[1::2], ordered[0::2], "odd → even")]
    print("| settings chosen on one half, Pk on the other | chosen | Pk there (tuned) | Pk held out | "
          "shipped defaults held out | no split held out |\n| --- | --- | --- | --- | --- | --- |")
    for tune, report, name in folds:
        tried = []
        for values in itertools.product(*GRID.values()):
            params = topics.Params(**dict(zip(GRID, values)))
            tried.append((float(np.mean([topic_pk(corpus, m, params)[0] for m in tune])), values, params))
        best_pk, values, best = min(tried, key=lambda t: t[0])
        here = [topic_pk(corpus, m, best) for m in report]
        print(f"| {name} ({len(tune)} → {len(report)} meetings, {len(tried)} settings) | {values} | {best_pk:.3f} | "
              f"{np.mean([h[0] for h in here]):.3f} | {np.mean([topic_pk(corpus, m)[0] for m in report]):.3f} | "
              f"{np.mean([h[1] for h in here]):.3f} |")
    report = folds[0][1]
    ours_l, rank_l, head, first = [], [], [], []
    for meeting in report:
        doc = corpus.docs[meeting.doc_id]
        every = minutes.clauses(doc, 0, len(doc.text))
        budget = len(counted(meeting.summary))
        ours_l.append(rouge(ours(doc, every, budget, correct)[0], meeting.summary)[2])
        rank_l.append(rouge(textrank(sentences(doc, 0, len(doc.text)), budget), meeting.summary)[2])
        lines, at = line_starts(doc), 0
        for seg in meeting.segments:
            end = at + len(seg.utterances)
            start, stop = lines[at], lines[end] if end < len(lines) else len(doc.text)
            if seg.agenda:
                head.append(_unigram_f1(topics.headline(doc, start, stop), seg.agenda))
                first.append(_unigram_f1(_LABEL.sub("", doc.text[start:stop])[:topics.HEADLINE_CHARS], seg.agenda))
            at = end
    print(f"\n| held-out half | overview ROUGE-L |\n| --- | --- |\n| jiyao | {np.mean(ours_l):.3f} |\n"
          f"| TextRank | {np.mean(rank_l):.3f} |")
    print(f"\n| headlines of the held-out half's {len(head)} gold segments | ROUGE-1 F1 against VCSum's |\n"
          f"| --- | --- |\n| jiyao | {np.mean(head):.3f} |\n| the segment's first words | {np.mean(first):.3f} |")


def _unigram_f1(mine: str, reference: str) -> float:
    return _f1(Counter(counted(mine)), Counter(counted(reference)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, default=None, help="reuse a home this script filled before")
    parser.add_argument("--shared", type=Path, default=SHARED, help="the VCSum dev files (default ../shared/vcsum)")
    parser.add_argument("--halves", action="store_true",
                        help="choose the topic settings on half the meetings and report the other half")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="jiyao-vcsum-"))
    settings = Settings(home=args.home or work / "home", corpus_dir=work / "none")
    library = Library(settings)
    library.ingest(write_transcripts(work / "transcripts", args.shared))
    corpus = library.corpus()

    def correct(text: str) -> str:
        return quote.correct_text(text, settings, "clean", backend="extractive").corrected

    if args.halves:
        halves(corpus, meetings(args.shared), correct)
        return
    seg = {"jiyao": [], "no split": [], "even split into 5": []}
    overall = {"jiyao": [], "Lead": [], "TextRank": [], "oracle": []}
    per_segment = {k: [] for k in overall}
    unsupported = 0
    for meeting in meetings(args.shared):
        doc = corpus.docs[meeting.doc_id]
        lines = line_starts(doc)
        gold = [s.index for s in meeting.segments for _ in s.utterances]
        k = max(1, round(len(gold) / len(meeting.segments) / 2))
        found, none = topic_pk(corpus, meeting)
        seg["jiyao"].append(found)
        seg["no split"].append(none)
        seg["even split into 5"].append(pk(gold, [5 * i // len(gold) for i in range(len(gold))], k))
        every = minutes.clauses(doc, 0, len(doc.text))
        spans = [(0, len(doc.text), meeting.summary, overall)]
        first = 0
        for s in meeting.segments:
            last = first + len(s.utterances)
            end = lines[last] if last < len(lines) else len(doc.text)
            spans.append((lines[first], end, s.discussion, per_segment))
            first = last
        for start, end, reference, table in spans:
            budget = len(counted(reference))
            said = sentences(doc, start, end)
            text, missing = ours(doc, [c for c in every if start <= c.start < end], budget, correct)
            unsupported += missing
            table["jiyao"].append(rouge(text, reference))
            table["Lead"].append(rouge(lead(said, budget), reference))
            table["TextRank"].append(rouge(textrank(said, budget), reference))
            table["oracle"].append(rouge(oracle(said, reference, budget), reference))
    longest = max(corpus.docs.values(), key=lambda d: len(d.text) if d.doc_id.startswith("vcsum") else 0)
    summarize.meeting_minutes(library, settings, longest.doc_id, "extractive")  # warm
    t0 = time.perf_counter()
    summarize.meeting_minutes(library, settings, longest.doc_id, "extractive")
    took = time.perf_counter() - t0

    print(f"VCSum dev: {len(meetings(args.shared))} meetings, {sum(len(v) for v in per_segment.values()) // 4} "
          "gold segments")
    print("| topic segmentation | Pk (lower is better) |\n| --- | --- |")
    for name, values in seg.items():
        print(f"| {name} | {np.mean(values):.3f} |")
    for title, table in (("overall summary", overall), ("per-segment summary (gold segments)", per_segment)):
        print(f"\n| {title} | ROUGE-1 | ROUGE-2 | ROUGE-L |\n| --- | --- | --- | --- |")
        for name, values in table.items():
            r1, r2, rl = np.mean(values, axis=0)
            print(f"| {name} | {r1:.3f} | {r2:.3f} | {rl:.3f} |")
    print(f"\nfigures absent from their citations: {unsupported}")
    print(f"minutes (overview and topics) of {longest.doc_id} ({len(longest.text):,} characters), warm: {took:.2f} s")


if __name__ == "__main__":
    main()
