"""`jiyao eval`: load an evaluation set, answer every question, score, compare with a baseline.

A set is a directory: `qa.jsonl` (and `*/qa.jsonl` in subdirectories), optional
`summaries.jsonl` and `corrections.jsonl`, and the transcripts (`*.txt`, with sidecars) its
questions need beyond the library's own. Items name their document with `doc`; a qa file
next to exactly one transcript defaults to it."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from ..errors import JiyaoError
from ..index.library import Library
from ..settings import Settings
from ..transcripts.transcript import doc_id_for
from . import scoring
from .scoring import Item

DEFAULT_TOLERANCE = 0.02


@dataclass
class EvalSet:
    root: Path
    items: list[Item]
    transcripts: list[Path]
    summaries: list[dict]
    corrections: dict[str, list[dict]]  # file stem -> items (corrections, corrections_generated…)


def _jsonl(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_set(root: Path) -> EvalSet:
    root = Path(root)
    if not root.is_dir():
        raise JiyaoError(f"{root}: no such evaluation set (a directory with qa.jsonl)")
    qa_files = [p for p in [root / "qa.jsonl", *sorted(root.glob("*/qa.jsonl"))] if p.is_file()]
    if not qa_files:
        raise JiyaoError(f"{root}: no qa.jsonl in this directory or its subdirectories")
    items = []
    for path in qa_files:
        local = sorted(path.parent.glob("*.txt"))
        try:
            items += scoring.load_items(path, doc_id_for(local[0]) if len(local) == 1 else None)
        except ValueError as exc:
            raise JiyaoError(str(exc)) from None
    duplicates = {i.id for i in items if sum(j.id == i.id for j in items) > 1}
    if duplicates:
        raise JiyaoError(f"{root}: duplicate item ids: {', '.join(sorted(duplicates))}")
    corrections = {p.stem: _jsonl(p) for p in sorted(root.glob("corrections*.jsonl"))}
    return EvalSet(root, items, sorted(root.rglob("*.txt")), _jsonl(root / "summaries.jsonl"), corrections)


def run(library: Library, settings: Settings, evalset: EvalSet, answer: Callable,
        progress: Optional[Callable[[int, int], None]] = None, backend: Optional[str] = None,
        brief: Optional[Callable] = None, fix: Optional[Callable] = None) -> dict:
    """Answer every question of the set with `answer(question)`, and brief every sector of the
    summary set with `brief(sector, doc)`, and correct every passage of the correction sets with
    `fix(passage) -> (corrected, edits)`; the report as a JSON-ready dict."""
    if evalset.transcripts:
        library.ingest(evalset.transcripts)
    texts = {doc_id: doc.text for doc_id, doc in library.corpus().docs.items()}
    absent = sorted({i.doc or "(none)" for i in evalset.items if i.doc not in texts})
    if absent:
        raise JiyaoError(f"documents the set needs are not indexed: {', '.join(absent)} "
                         f"(ingest them, or name them with \"doc\" in the items)")
    verdicts = scoring.run(evalset.items, answer, texts, settings.answer_max_chars, progress)
    metrics = scoring.summary(verdicts)
    briefings = [scoring.judge_briefing(item, brief(item["sector"], item.get("doc")))
                 for item in evalset.summaries] if brief else []
    metrics.update(summary_coverage=None, summary_numbers_unsupported=None, correction_recall=None,
                   false_correction_rate=None)
    if briefings:
        metrics.update(scoring.briefing_summary(briefings))
    corrections = {}
    for name, items in (evalset.corrections.items() if fix else ()):
        judged = [scoring.judge_correction(item, item["passage"], *fix(item["passage"])) for item in items]
        corrections[name] = {"summary": scoring.correction_summary(judged), "items": judged}
        prefix = "" if name == "corrections" else name.replace("corrections_", "") + "_"
        figures = corrections[name]["summary"]
        metrics[f"{prefix}correction_recall"] = figures["recall"]
        metrics[f"{prefix}false_correction_rate"] = figures["false_correction_rate"]
        metrics[f"{prefix}digits_changed"] = figures["digits_changed"]
    chosen = settings.resolved_backend(backend)
    return {
        "set": _shown(evalset.root),
        "backend": chosen,
        "model": settings.llm_model if chosen == "openai" else None,
        "settings": {k: getattr(settings, k) for k in ("top_k", "candidates", "chunk_min_chars",
                                                          "chunk_max_chars", "answer_max_chars")},
        "metrics": metrics,
        "by_kind": scoring.breakdown(verdicts, lambda i: [i.kind]),
        "by_tag": scoring.breakdown(verdicts, lambda i: i.tags or ["(untagged)"]),
        "items": [v.to_json() for v in verdicts],
        "briefings": briefings,
        "corrections": corrections,
    }


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def run_all(library: Library, settings: Settings, evalset: EvalSet, backend: Optional[str] = None,
            progress: Optional[Callable[[int, int], None]] = None) -> dict:
    """The whole set on one backend: questions, briefings and corrections (what `jiyao eval` runs)."""
    from ..answers.qa import ask
    from ..briefings import summarize
    from ..quotes import quote

    def quiet(message: str) -> None:  # fallbacks are counted in the report, not announced one by one
        pass

    def brief(sector: str, doc: Optional[str]):
        return summarize.sector_briefing(library, settings, sector, doc, backend, quiet)[0]

    def fix(passage: str):
        result = quote.correct_text(passage, settings, "verbatim", backend=backend, on_notice=quiet)
        return result.corrected, result.corrections

    return run(library, settings, evalset, lambda q: ask(library, q, settings, backend=backend, on_notice=quiet),
               progress, backend, brief, fix)


def load_baseline(path: Path) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        data["metrics"]
    except FileNotFoundError:
        raise JiyaoError(f"{path}: no such baseline (write one with `jiyao eval --json > FILE`)") from None
    except (ValueError, KeyError, TypeError):
        raise JiyaoError(f"{path}: not a baseline written by `jiyao eval --json`") from None
    return data


def compare(report: dict, baseline: dict, tolerance: float = DEFAULT_TOLERANCE) -> dict:
    """Metrics that dropped by more than the tolerance, and the items that flipped either way."""
    regressions = []
    for name in scoring.QUALITY_METRICS:
        now, before = report["metrics"].get(name), baseline["metrics"].get(name)
        if now is not None and before is not None and now < before - tolerance:
            regressions.append({"metric": name, "baseline": before, "now": now})
    before_items = {i["id"]: i for i in baseline.get("items", [])}
    worse = [i for i in report["items"] if i["id"] in before_items and before_items[i["id"]]["passed"] and not i["passed"]]
    better = [i for i in report["items"] if i["id"] in before_items and not before_items[i["id"]]["passed"] and i["passed"]]
    return {"tolerance": tolerance, "regressions": regressions,
            "worse": [{"id": i["id"], "reason": i["reason"]} for i in worse],
            "better": [i["id"] for i in better]}
