"""Stage 3, answers: a question becomes a cited `Answer`.

In: a question, a `Library`/`Corpus` (from `agent.index`) and the settings. Out: `agent.answer.Answer`
with `Citation`s whose offsets index the original transcript. `qa.ask` is the entry point: it
cleans the question (`aliases`, `qkind`), retrieves passages (`retrieval`: dense + BM25, fused),
then quotes them (`extractive`) or has an LLM write from them (`generate`), and checks every
marker and figure against the cited passages (`verify`)."""
