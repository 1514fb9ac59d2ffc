"""Sound-alike retrieval: a question term the recogniser wrote differently still finds its passage.

For every answerable item of the evaluation sets, the question's rarest word that its evidence
holds is respelled as speech recognition would: one character replaced by a homophone (the most
common other character of the same toneless syllable) or by a near sound (same final, another
initial, as 华龙 heard as 华东), so that the question and the transcript spell it differently. The
gold passage's hit@5 and hit@10 are measured for the original questions and the respelled ones,
with sound-alike lookup on and off (JIYAO_SOUND_ALIKE), in the same run.

Run: .venv/bin/python benchmarks/soundalike.py [--home DIR] [--set data/eval/workplace ...]"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from functools import lru_cache
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agent import sounds, tokens  # noqa: E402
from agent.answers.retrieval import retrieve  # noqa: E402
from agent.settings import Settings  # noqa: E402
from benchmarks.eval_items import SETS, gold_items, hit  # noqa: E402

DEPTHS = (5, 10)


@lru_cache(maxsize=1)
def _characters() -> list[str]:
    """Single Chinese characters of jieba's dictionary, most frequent first."""
    freq = tokens._jieba().dt.FREQ
    chars = [w for w, f in freq.items() if len(w) == 1 and f > 0 and sounds.is_cjk(w)]
    return sorted(chars, key=lambda c: -freq[c])


def respelled(ch: str, near: bool) -> str | None:
    """The commonest other character that sounds like ch (near: same final, another initial)."""
    initial, final = sounds.sound(ch)
    for other in _characters():
        if other == ch:
            continue
        i, f = sounds.sound(other)
        if f == final and ((i != initial) if near else (i == initial)):
            return other
    return None


def mutate(question: str, evidence: str, known, near: bool) -> str | None:
    """The question with its rarest evidence word respelled, or None when none can be."""
    words = [w for w in dict.fromkeys(tokens.words(question))
             if len(w) >= 2 and sounds.is_cjk(w) and w in evidence]
    for word in sorted(words, key=known):
        pos = len(word) - 1
        other = respelled(word[pos], near)
        if other:
            wrong = word[:pos] + other + word[pos + 1:]
            if not known(wrong):
                return question.replace(word, wrong)
    return None


def hits(corpus, question: str, settings: Settings, doc: str, span) -> list[bool]:
    found = retrieve(corpus, question, settings, k=max(DEPTHS)).hits
    return [hit(found[:k], doc, span) for k in DEPTHS]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, default=None, help="a data home whose eval stores are reused")
    parser.add_argument("--set", type=Path, action="append", help="an evaluation set directory (default: all three)")
    args = parser.parse_args()
    settings = Settings(home=args.home or Path(tempfile.mkdtemp(prefix="jiyao-bench-")))
    off = settings.model_copy(update={"sound_alike": False})
    print("| set | questions | variant | sound-alike | " + " | ".join(f"hit@{k}" for k in DEPTHS) + " | ms/question |")
    print("| --- | --- | --- | --- | " + " | ".join("---" for _ in DEPTHS) + " | --- |")
    for root in args.set or SETS:
        name, corpus, items = gold_items(settings, root)
        known = lambda w: corpus.df.get(w, 0)  # noqa: E731
        rows: dict[tuple[str, str], list] = {}
        for item, doc, span in items:
            for variant, question in (("as asked", item.question),
                                      ("homophone", mutate(item.question, item.evidence, known, False)),
                                      ("near sound", mutate(item.question, item.evidence, known, True))):
                if question is None:
                    continue
                for label, s in (("off", off), ("on", settings)):
                    t0 = time.perf_counter()
                    found = hits(corpus, question, s, doc, span)
                    rows.setdefault((variant, label), []).append((found, time.perf_counter() - t0))
        for (variant, label), got in rows.items():
            rates = " | ".join(f"{sum(g[0][i] for g in got) / len(got):.3f}" for i in range(len(DEPTHS)))
            ms = 1000 * sum(g[1] for g in got) / len(got)
            print(f"| {name} | {len(got)} | {variant} | {label} | {rates} | {ms:.0f} |")


if __name__ == "__main__":
    main()
