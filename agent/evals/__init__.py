"""Stage 6, evals: the regression sets become a scored report.

In: an evaluation directory (`qa.jsonl`, `summaries.jsonl`, `corrections*.jsonl` and the
transcripts they need) and a backend. Out: a report dict (metrics, breakdowns, per-item verdicts),
scored by deterministic checks (`scoring`), run against the answers, briefings and quotes stages
(`suite`), compared with a baseline (`suite.compare`) and rendered as Markdown (`reporting`)."""
