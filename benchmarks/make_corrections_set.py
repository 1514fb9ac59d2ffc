"""Generate data/eval/corrections_generated.jsonl: glossary terms corrupted the way speech
recognition corrupts them, in sentences that are not in the sample, to measure whether the
corrector finds sound-alikes it has never seen (it is given no wrong forms).

Each glossary term (people aside, whose names are matched in the sample) goes into two
hand-written template sentences: once corrupted, with one character (two in a term of six or
more) replaced by a common character of the same syllable (70%) or of a usual confusion
(zh/z, ch/c, sh/s, n/l, en/eng, in/ing; 30%); once correct, as a clean passage.
Deterministic (seeded). Run: .venv/bin/python benchmarks/make_corrections_set.py"""
from __future__ import annotations

import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agent.quotes import correct, glossary  # noqa: E402

OUT = ROOT / "data" / "eval" / "corrections_generated.jsonl"
SEED = 20261128
TEMPLATES = [
    "会议强调，各地区要把{t}作为下一阶段的重点，确保各项要求落到实处。",
    "他在讲话中指出，{t}关系全局，必须常抓不懈。",
    "下一步，我们将围绕{t}加强督导检查，发现问题立即整改。",
    "据介绍，今年以来全市在{t}方面开展了大量工作。",
    "与会同志一致认为，{t}是当前工作的薄弱环节。",
    "省里专门召开会议，研究部署{t}有关工作。",
    "要进一步细化措施，推动{t}取得实效。",
    "这次检查发现，一些单位对{t}重视不够，工作还不到位。",
    "报告提出，要建立健全{t}的长效机制。",
    "在座各位要带头抓好{t}，以上率下，层层落实。",
]


def common_chars() -> dict[str, list[str]]:
    """Syllable (toneless) -> common characters, from jieba's dictionary words."""
    from agent import tokens

    seen: dict[str, int] = {}
    for word, freq in tokens._jieba().dt.FREQ.items():
        if freq >= 1000:
            for ch in word:
                if correct._CJK.match(ch):
                    seen[ch] = seen.get(ch, 0) + freq
    by_sound: dict[str, list[str]] = {}
    for ch in sorted(seen, key=lambda c: -seen[c])[:3500]:
        by_sound.setdefault(correct._syllable(ch, False), []).append(ch)
    return by_sound


def corrupt(term: str, by_sound: dict[str, list[str]], rng: random.Random) -> str | None:
    chars = list(term)
    positions = rng.sample(range(len(chars)), 2 if len(chars) >= 6 else 1)
    for i in positions:
        exact = correct._syllable(chars[i], False)
        fuzzy = correct._syllable(chars[i], True)
        same = [c for c in by_sound.get(exact, []) if c != chars[i]]
        near = [c for s, cs in by_sound.items() if s != exact and correct._syllable(cs[0], True) == fuzzy
                for c in cs]
        pool = same if (same and (rng.random() < 0.7 or not near)) else near
        if not pool:
            return None
        chars[i] = rng.choice(pool[:12])
    return "".join(chars)


def main() -> None:
    rng = random.Random(SEED)
    by_sound = common_chars()
    terms = [t for t in glossary.load(ROOT / "data" / "glossary.yaml") if t.kind != "person" and len(t.term) >= 2]
    known = {t.term for t in terms}
    rows = []
    for n, t in enumerate(terms):
        wrong = corrupt(t.term, by_sound, rng)
        if not wrong or wrong in known:
            continue
        bad, good = rng.sample(TEMPLATES, 2)
        rows.append({"id": f"g{n:03d}", "passage": bad.format(t=wrong),
                     "errors": [{"wrong": wrong, "right": t.term, "type": "generated"}], "clean": False})
        rows.append({"id": f"g{n:03d}c", "passage": good.format(t=t.term), "errors": [], "clean": True})
    OUT.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {sum(not r['clean'] for r in rows)} corrupted, {sum(r['clean'] for r in rows)} clean")


if __name__ == "__main__":
    main()
