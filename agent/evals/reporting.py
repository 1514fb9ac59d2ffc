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
    "question_only_answers": "answers quoting only a question, not its reply (count)",
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


def _sets(report: dict) -> list[dict]:
    return report["sets"] if "sets" in report else [report]


def item_lines(report: dict) -> list[str]:
    several = len(_sets(report)) > 1
    return [f"{'PASS' if i['passed'] else 'FAIL'} {(r.get('name', '') + ' ') if several else ''}{i['id']:6} "
            f"[{i['kind']}] {i['reason']}" for r in _sets(report) for i in r["items"]]


def markdown(report: dict, comparison: Optional[dict] = None, with_items: bool = True) -> str:
    """One set's report as today; several sets each in a section of their own, after the figures
    pooled over all of them."""
    if "sets" not in report:
        return "\n".join(_one(report, comparison, with_items, "#")) + "\n"
    overall = report.get("overall") or {}
    lines = [f"# jiyao evaluation — {len(report['sets'])} sets", "",
             f"Backend: **{report['backend']}** · {overall.get('items', 0)} questions over every set, "
             "asked of one library holding all their meetings.", "",
             "| set | questions | answer accuracy | citation accuracy | refusal accuracy | right document |",
             "| --- | --- | --- | --- | --- | --- |"]
    for r in report["sets"]:
        m = r["metrics"]
        lines.append(f"| {r.get('name', r['set'])} | {m['items']} | {_fmt(m['answer_accuracy'])} | "
                     f"{_fmt(m['citation_accuracy'])} | {_fmt(m['refusal_accuracy'])} | {_fmt(m['right_document'])} |")
    lines.append(f"| all | {overall.get('items', 0)} | | | | {_fmt(overall.get('right_document'))} |")
    for r in report["sets"]:
        mine = None
        if comparison is not None:
            name = r.get("name")
            mine = {"tolerance": comparison["tolerance"],
                    "regressions": [x for x in comparison["regressions"] if x.get("set") in (None, name)],
                    "worse": [x for x in comparison["worse"] if x.get("set") in (None, name)],
                    "better": [b for b in comparison["better"] if b in {i["id"] for i in r["items"]}]}
        lines += [""] + _one(r, mine, with_items, "##")
    return "\n".join(lines) + "\n"


def _one(report: dict, comparison: Optional[dict], with_items: bool, level: str) -> list[str]:
    sub = level + "#"
    m = report["metrics"]
    name = f"{report['name']} ({report['set']})" if report.get("name") else report["set"]
    lines = [f"{level} jiyao evaluation — {name}", "",
             f"Backend: **{report['backend']}** · {m['items']} questions ({m['answerable']} answerable, "
             f"{m['unanswerable']} unanswerable) · settings: "
             + ", ".join(f"{k}={v}" for k, v in report["settings"].items()), "",
             "| metric | value |", "| --- | --- |"]
    lines += [f"| {label} | {_fmt(m.get(key))} |" for key, label in METRIC_LABELS.items()]
    lines += ["", f"{sub} By question kind", ""] + _table(report["by_kind"], "kind")
    lines += ["", f"{sub} By sector and category tag", ""] + _table(report["by_tag"], "tag")
    talks = report.get("conversations")
    if talks:
        lines += ["", f"{sub} Conversations ({talks['conversations']} conversations, {talks['turns']} turns)", "",
                  "| turns | items | answer accuracy | citation accuracy | refusal accuracy |",
                  "| --- | --- | --- | --- | --- |"]
        for key, label in (("later_turns", "later turns"), ("opening_turns", "first and new-subject turns, in the chat"),
                           ("opening_turns_alone", "the same turns asked alone")):
            t = talks.get(key)
            if t:
                lines.append(f"| {label} | {t['items']} | {_fmt(t['answer_accuracy'])} | {_fmt(t['citation_accuracy'])} "
                             f"| {_fmt(t['refusal_accuracy'])} |")
        lines += ["", f"Later turns understood as the gold standalone question, word for word: "
                      f"{_fmt(talks.get('understood_exactly'))}"]
    if comparison is not None:
        lines += ["", f"{sub} Against the baseline (tolerance {comparison['tolerance']})", ""]
        for r in comparison["regressions"]:
            lines.append(f"- REGRESSION {r['metric']}: {_fmt(r['baseline'])} → {_fmt(r['now'])}")
        if not comparison["regressions"]:
            lines.append("- no metric dropped beyond the tolerance")
        lines += [f"- worse: {w['id']} ({w['reason']})" for w in comparison["worse"]]
        if comparison["better"]:
            lines.append(f"- better: {', '.join(comparison['better'])}")
    if report.get("briefings"):
        lines += ["", f"{sub} Briefings by sector", "", "| sector | bullets | coverage | facts missed |",
                  "| --- | --- | --- | --- |"]
        for b in report["briefings"]:
            missed = "；".join(f["fact"] for f in b["facts"] if not f["covered"]) or "–"
            lines.append(f"| {b['sector']} | {b['bullets']} | {b['coverage']:.2f} | {missed} |")
    for name, block in (report.get("corrections") or {}).items():
        missed = [j for j in block["items"] if j["fixed"] < j["errors"] or (j["clean"] and j["changed"])]
        if missed:
            lines += ["", f"{sub} {name}: passages not right", "", "| id | clean | fixed / errors | corrected |",
                      "| --- | --- | --- | --- |"]
            lines += [f"| {j['id']} | {j['clean']} | {j['fixed']}/{j['errors']} | {j['corrected'][:80]} |" for j in missed]
    failed = [i for i in report["items"] if not i["passed"]]
    if with_items and failed:
        lines += ["", f"{sub} Failed items", "", "| id | kind | question | reason | answer |", "| --- | --- | --- | --- | --- |"]
        for i in failed:
            answer = i["answer"].replace("|", "\\|").replace("\n", " ")[:160]
            lines.append(f"| {i['id']} | {i['kind']} | {i['question']} | {i['reason']} | {answer} |")
    return lines
