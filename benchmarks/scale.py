"""Growth with corpus size: ingest throughput, warm ask latency (extractive, and the LLM path's own
overhead against a local scripted endpoint), retrieval hit@k on the sample's questions against the
two baselines over the same N transcripts, and resident memory, for a corpus of N transcripts.

Larger corpora are generated deterministically from the sample: variant i renames the speakers
and shifts every figure, so no two transcripts are alike (the sample itself is transcript 0).
Run one size per process, so that memory is measured alone:
    .venv/bin/python benchmarks/scale.py --n 10 [--home DIR]"""
from __future__ import annotations

import argparse
import os
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agent.answers.qa import ask  # noqa: E402
from agent.answers.retrieval import retrieve  # noqa: E402
from agent.evals import scoring  # noqa: E402
from agent.index.library import Library  # noqa: E402
from agent.settings import Settings  # noqa: E402
from benchmarks.retrieval import bm25_ranker, dense_ranker, tutorial_chunks  # noqa: E402

SAMPLE = ROOT / "data" / "transcripts" / "2021-01-23-work-safety-conference.txt"
SURNAMES = "赵钱孙周吴郑冯陈褚卫蒋沈韩杨朱秦许何吕施张孔曹严华金魏陶姜"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英"


def variant(text: str, speakers: list[str], i: int) -> str:
    if i == 0:
        return text
    for k, name in enumerate(speakers):
        new = SURNAMES[(i * 7 + k) % len(SURNAMES)] + GIVEN[(i * 3 + k) % len(GIVEN)]
        text = text.replace(name, new)
    return re.sub(r"\d+", lambda m: str(int(m.group(0)) + i), text)


def corpus_files(n: int, out: Path) -> list[Path]:
    import yaml

    sidecar = yaml.safe_load((SAMPLE.with_suffix(".speakers.yaml")).read_text(encoding="utf-8"))
    speakers = [sidecar["chair"]["name"]] + [t["name"] for t in sidecar["turns"] if t.get("name")]
    text = SAMPLE.read_text(encoding="utf-8")
    paths = []
    for i in range(n):
        path = out / (SAMPLE.name if i == 0 else f"2021-{1 + i % 12:02d}-{1 + i % 28:02d}-meeting-{i:03d}.txt")
        path.write_text(variant(text, speakers, i), encoding="utf-8")
        if i == 0:
            (out / SAMPLE.with_suffix(".speakers.yaml").name).write_text(
                SAMPLE.with_suffix(".speakers.yaml").read_text(encoding="utf-8"), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1)
    parser.add_argument("--home", type=Path, default=None, help="reuse a home this script filled before")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix=f"jiyao-scale-{args.n}-"))
    files = corpus_files(args.n, work)
    chars = sum(len(p.read_text(encoding="utf-8")) for p in files)
    settings = Settings(home=args.home or work / "home", corpus_dir=work / "none")
    library = Library(settings)
    t0 = time.perf_counter()
    times = []
    for path in files:  # one by one: the time of each tells whether cost grows with the corpus
        s = time.perf_counter()
        library.ingest([path])
        times.append(time.perf_counter() - s)
    ingest = time.perf_counter() - t0
    if args.home and sum(times) < len(files):  # reused home: nothing was embedded, no ingest figure
        ingest = float("nan")
    items = [i for i in scoring.load_items(ROOT / "data" / "eval" / "qa.jsonl")]
    ask(library, items[0].question, settings)
    warm = [ask(library, i.question, settings).latency_ms for i in items]
    corpus = library.corpus()
    text = corpus.docs["2021-01-23-work-safety-conference"].text
    hits, scoped = [], []
    for item in items:
        if item.answerable:
            gold = scoring.gold_span(text, item.evidence)
            for doc, out in ((None, hits), ("2021-01-23-work-safety-conference", scoped)):
                found = retrieve(corpus, item.question, settings, k=5, doc=doc).hits
                spans = [(h.chunk.start, h.chunk.end) for h in found if h.chunk.doc_id == "2021-01-23-work-safety-conference"]
                out.append(scoring.retrieval_hit(spans, gold))
    overhead = llm_overhead(library, settings, items)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before the baselines' vectors
    tutorial_dense, tutorial_bm25 = baselines(files, items)
    first, last = times[0], times[-1]
    print(f"| {args.n} | {chars:,} | {ingest:.0f} s | {chars / ingest:,.0f} | {first:.1f} / {last:.1f} s | "
          f"{scoring.percentile(warm, .5):.0f} / {scoring.percentile(warm, .95):.0f} ms | {overhead:.0f} ms | {sum(hits) / len(hits):.3f} | "
          f"{sum(scoped) / len(scoped):.3f} | {tutorial_dense:.3f} | {tutorial_bm25:.3f} | "
          f"{rss_mb:,.0f} MB |")


def baselines(files: list[Path], items) -> tuple[float, float]:
    """Unscoped hit@4 of the two baselines over all N transcripts: LangChain-tutorial chunks
    (1000/200) with dense top 4, and the same chunks with BM25 alone."""
    texts, labels = [], []
    for path in files:
        text = path.read_text(encoding="utf-8")
        for s, e in tutorial_chunks(text):
            texts.append(text[s:e])
            labels.append((path.name, s, e))
    dense, bm25 = dense_ranker(texts, labels), bm25_ranker(texts, labels, with_bigrams=False)
    sample = files[0].read_text(encoding="utf-8")
    out = []
    for rank in (dense, bm25):
        hits = []
        for item in items:
            if item.answerable:
                spans = [(s, e) for name, s, e in rank(item.question, 4) if name == files[0].name]
                hits.append(scoring.retrieval_hit(spans, scoring.gold_span(sample, item.evidence)))
        out.append(sum(hits) / len(hits))
    return out[0], out[1]


def llm_overhead(library, settings, items) -> float:
    """p95 of ask -> request at a local scripted endpoint (retrieval + prompt + client)."""
    from tests.llm_server import Reply, ScriptedLLM, passages

    with ScriptedLLM(lambda body: Reply(f"见所引段落[{min(passages(body))}]。")) as server:
        llm_settings = settings.model_copy(update={"llm_base_url": server.url, "backend": "openai"})
        lib = Library(llm_settings)
        ask(lib, items[0].question, llm_settings)
        delays = []
        for item in items[:60]:
            t0 = time.perf_counter()
            seen = len(server.seen)
            ask(lib, item.question, llm_settings)
            delays.append((server.seen[seen].at - t0) * 1000)
    return scoring.percentile(delays, 0.95)


if __name__ == "__main__":
    main()
