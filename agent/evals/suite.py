"""`jiyao eval`: answer every question of one or more evaluation sets, score, compare with a
baseline. Each set is asked of an evaluation store of its own ($JIYAO_HOME/eval/<set>) holding the
default corpus and the set's transcripts, so that its figures do not depend on what else a user
has indexed, nor on the other sets."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, Optional

from ..errors import JiyaoError
from ..index.library import Library
from ..settings import Settings
from . import scoring
from .sets import EvalSet, load_set, load_sets  # noqa: F401  (the CLI and tests load sets through here)

DEFAULT_TOLERANCE = 0.02
Progress = Optional[Callable[[int, int], None]]


def eval_library(settings: Settings, name: str) -> Library:
    """A set's evaluation store: the default corpus, apart from the user's library (always
    embedded: a shared Chroma server would mix the two); the set's transcripts are added to it."""
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in name) or "set"
    library = Library(settings.model_copy(update={"home": settings.home / "eval" / safe, "chroma_url": None}))
    library.ensure_default_corpus()
    return library


def run(library: Library, settings: Settings, evalset: EvalSet, answer: Callable,
        progress: Optional[Callable[[int, int], None]] = None, backend: Optional[str] = None,
        brief: Optional[Callable] = None, fix: Optional[Callable] = None, in_chat: Optional[Callable] = None) -> dict:
    """Answer every question of the set with `answer(question)` and every turn of its
    conversations with `in_chat(item, answers so far)`, brief every sector of the summary set with
    `brief(sector, doc)`, and correct every passage of the correction sets with
    `fix(passage) -> (corrected, edits)`; the report as a JSON-ready dict."""
    texts = {doc_id: doc.text for doc_id, doc in library.corpus().docs.items()}
    absent = sorted({i.doc or "(none)" for i in evalset.items if i.doc not in texts})
    if absent:
        raise JiyaoError(f"documents the set needs are not indexed: {', '.join(absent)} "
                         f"(ingest them, or name them with \"doc\" in the items)")
    verdicts = scoring.run(evalset.items, answer, texts, settings.answer_max_chars, progress, in_chat)
    metrics = scoring.summary(verdicts)
    openings = [i for i in evalset.items if i.conversation and (i.turn == 0 or "new_subject" in i.tags)]
    conversations = (scoring.conversation_summary(verdicts, scoring.run(openings, answer, texts, settings.answer_max_chars))
                     if openings else None)
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
        "name": evalset.name,
        "set": _shown(evalset.root),
        "backend": chosen,
        "model": settings.llm_model if chosen == "openai" else None,
        "settings": {k: getattr(settings, k) for k in ("top_k", "candidates", "chunk_min_chars",
                                                          "chunk_max_chars", "answer_max_chars")},
        "metrics": metrics,
        "by_kind": scoring.breakdown(verdicts, lambda i: [i.kind]),
        "by_tag": scoring.breakdown(verdicts, lambda i: i.tags or ["(untagged)"]),
        "items": [v.to_json() for v in verdicts],
        **({"conversations": conversations} if conversations else {}),
        "briefings": briefings,
        "corrections": corrections,
    }


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def run_all(library: Library, settings: Settings, evalset: EvalSet, backend: Optional[str] = None,
            progress: Progress = None) -> dict:
    """One whole set on one backend (its transcripts indexed first): questions, briefings and
    corrections."""
    if evalset.transcripts:
        library.ingest(evalset.transcripts)
    return _run_one(library, settings, evalset, backend, progress)


def run_sets(settings: Settings, sets: list[EvalSet], backend: Optional[str] = None, progress: Progress = None,
             ingest_progress=None, library_for: Optional[Callable[[EvalSet], Library]] = None) -> dict:
    """Several sets, each asked of its own library with its transcripts indexed (by default its
    evaluation store), each reported on its own, and pooled in "overall" (what `jiyao eval` runs)."""
    library_for = library_for or (lambda evalset: eval_library(settings, evalset.name))
    total, done = sum(len(s.items) for s in sets), 0
    reports = []
    for evalset in sets:
        library = library_for(evalset)
        if evalset.transcripts:
            library.ingest(evalset.transcripts, ingest_progress)
        offset = done
        step = (lambda n, _t, offset=offset: progress(offset + n, total)) if progress else None
        reports.append(_run_one(library, settings, evalset, backend, step))
        done += len(evalset.items)
    chosen = settings.resolved_backend(backend)
    return {"backend": chosen, "model": reports[0]["model"] if reports else None,
            "settings": reports[0]["settings"] if reports else {}, "sets": reports,
            "overall": _overall(reports)}


def _overall(reports: list[dict]) -> dict:
    """Pooled over every set's questions: how often an answer cites the right meeting, and how
    often an answer quotes only questions."""
    items = [i for r in reports for i in r["items"]]
    answerable = [i for i in items if i["right_doc"] is not None]
    return {"items": len(items),
            "right_document": round(sum(bool(i["right_doc"]) for i in answerable) / len(answerable), 4)
            if answerable else None,
            "question_only_answers": sum(r["metrics"].get("question_only_answers", 0) for r in reports)}


def _run_one(library: Library, settings: Settings, evalset: EvalSet, backend: Optional[str],
             progress: Progress) -> dict:
    from ..answers import chat
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

    def in_chat(item, talk: list):
        return chat.ask(library, item.question, settings, [chat.said(a) for a in talk], backend=backend, on_notice=quiet)

    return run(library, settings, evalset, lambda q: ask(library, q, settings, backend=backend, on_notice=quiet),
               progress, backend, brief, fix, in_chat)


def load_baseline(path: Path) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        data["sets"] if "sets" in data else data["metrics"]
    except FileNotFoundError:
        raise JiyaoError(f"{path}: no such baseline (write one with `jiyao eval --json > FILE`)") from None
    except (ValueError, KeyError, TypeError):
        raise JiyaoError(f"{path}: not a baseline written by `jiyao eval --json`") from None
    return data


def by_name(report: dict) -> dict[str, dict]:
    """The per-set reports of a report (of one set or several), by set name."""
    if "sets" in report:
        return {r.get("name") or r["set"]: r for r in report["sets"]}
    return {report.get("name") or report.get("set", "set"): report}


def compare(report: dict, baseline: dict, tolerance: float = DEFAULT_TOLERANCE) -> dict:
    """Per set: metrics that dropped by more than the tolerance, and the items that flipped either
    way. A set the baseline does not have is not compared (it is new). A baseline of one set is
    compared with the report's only set, or its set of the same name."""
    before = by_name(baseline)
    now = by_name(report)
    if len(before) == 1 and len(now) == 1:
        before = {next(iter(now)): next(iter(before.values()))}
    out = {"tolerance": tolerance, "regressions": [], "worse": [], "better": []}
    for name, current in now.items():
        if name in before:
            one = _compare_one(current, before[name], tolerance)
            out["regressions"] += [{"set": name, **r} for r in one["regressions"]]
            out["worse"] += [{"set": name, **w} for w in one["worse"]]
            out["better"] += one["better"]
    return out


def _compare_one(report: dict, baseline: dict, tolerance: float) -> dict:
    regressions = []
    for name in scoring.QUALITY_METRICS:
        now, before = report["metrics"].get(name), baseline["metrics"].get(name)
        if now is not None and before is not None and now < before - tolerance:
            regressions.append({"metric": name, "baseline": before, "now": now})
    before_items = {i["id"]: i for i in baseline.get("items", [])}
    worse = [i for i in report["items"] if i["id"] in before_items and before_items[i["id"]]["passed"] and not i["passed"]]
    better = [i for i in report["items"] if i["id"] in before_items and not before_items[i["id"]]["passed"] and i["passed"]]
    return {"regressions": regressions,
            "worse": [{"id": i["id"], "reason": i["reason"]} for i in worse],
            "better": [i["id"] for i in better]}
