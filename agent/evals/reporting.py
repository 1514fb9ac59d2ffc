"""An evaluation report as Markdown: the same text on the terminal and in `--report FILE.md`."""
from __future__ import annotations

from typing import Optional

METRIC_LABELS = {
    "answer_accuracy": "answer accuracy (gold facts, concise)",
    "citation_accuracy": "citation accuracy (a cited span contains the gold evidence)",
    "refusal_accuracy": "refusal accuracy (unanswerable questions refused)",
    "right_document": "answers citing the right document",
    "number_faithfulness": "answers whose figures all appear in their cited passages",
    "numbers_unsupported": "figures not found in cited passages (count)",
    "unverified_answers": "answers that failed verification (count)",
    "fallbacks": "LLM answers replaced by the extractive one (count)",
    "summary_coverage": "summary coverage (briefing facts found in the sector's bullets)",
    "summary_numbers_unsupported": "figures in bullets not found in their citations (count)",
    "correction_recall": "correction recall, real errors of the sample (verbatim style)",
    "false_correction_rate": "clean passages changed (false-correction rate)",
    "digits_changed": "passages whose digits changed (count)",
    "generated_correction_recall": "correction recall, generated sound-alike errors",
    "generated_false_correction_rate": "generated clean passages changed",
    "generated_digits_changed": "generated passages whose digits changed (count)",
    "latency_p50_ms": "latency p50 (ms)",
    "latency_p95_ms": "latency p95 (ms)",
}


def _fmt(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and value <= 1.0:
        return f"{value:.3f}"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _table(rows: dict[str, dict], first: str) -> list[str]:
    columns = ["items", "answer_accuracy", "citation_accuracy", "refusal_accuracy"]
    out = [f"| {first} | " + " | ".join(columns) + " |", "|" + " --- |" * (len(columns) + 1)]
    for name, m in rows.items():
        out.append(f"| {name} | " + " | ".join(_fmt(m[c]) for c in columns) + " |")
    return out


def item_lines(report: dict) -> list[str]:
    return [f"{'PASS' if i['passed'] else 'FAIL'} {i['id']:6} [{i['kind']}] {i['reason']}" for i in report["items"]]


def markdown(report: dict, comparison: Optional[dict] = None, with_items: bool = True) -> str:
    m = report["metrics"]
    lines = [f"# jiyao evaluation — {report['set']}", "",
             f"Backend: **{report['backend']}** · {m['items']} questions ({m['answerable']} answerable, "
             f"{m['unanswerable']} unanswerable) · settings: "
             + ", ".join(f"{k}={v}" for k, v in report["settings"].items()), "",
             "| metric | value |", "| --- | --- |"]
    lines += [f"| {label} | {_fmt(m.get(key))} |" for key, label in METRIC_LABELS.items()]
    lines += ["", "## By question kind", ""] + _table(report["by_kind"], "kind")
    lines += ["", "## By sector and category tag", ""] + _table(report["by_tag"], "tag")
    if comparison is not None:
        lines += ["", f"## Against the baseline (tolerance {comparison['tolerance']})", ""]
        for r in comparison["regressions"]:
            lines.append(f"- REGRESSION {r['metric']}: {_fmt(r['baseline'])} → {_fmt(r['now'])}")
        if not comparison["regressions"]:
            lines.append("- no metric dropped beyond the tolerance")
        lines += [f"- worse: {w['id']} ({w['reason']})" for w in comparison["worse"]]
        if comparison["better"]:
            lines.append(f"- better: {', '.join(comparison['better'])}")
    if report.get("briefings"):
        lines += ["", "## Briefings by sector", "", "| sector | bullets | coverage | facts missed |", "| --- | --- | --- | --- |"]
        for b in report["briefings"]:
            missed = "；".join(f["fact"] for f in b["facts"] if not f["covered"]) or "–"
            lines.append(f"| {b['sector']} | {b['bullets']} | {b['coverage']:.2f} | {missed} |")
    for name, block in (report.get("corrections") or {}).items():
        missed = [j for j in block["items"] if j["fixed"] < j["errors"] or (j["clean"] and j["changed"])]
        if missed:
            lines += ["", f"## {name}: passages not right", "", "| id | clean | fixed / errors | corrected |",
                      "| --- | --- | --- | --- |"]
            lines += [f"| {j['id']} | {j['clean']} | {j['fixed']}/{j['errors']} | {j['corrected'][:80]} |" for j in missed]
    failed = [i for i in report["items"] if not i["passed"]]
    if with_items and failed:
        lines += ["", "## Failed items", "", "| id | kind | question | reason | answer |", "| --- | --- | --- | --- | --- |"]
        for i in failed:
            answer = i["answer"].replace("|", "\\|").replace("\n", " ")[:160]
            lines.append(f"| {i['id']} | {i['kind']} | {i['question']} | {i['reason']} | {answer} |")
    return "\n".join(lines) + "\n"
