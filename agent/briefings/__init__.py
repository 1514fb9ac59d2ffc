"""Stage 5, briefings: a meeting becomes per-sector briefings (简报).

In: a document of the `Corpus` (from `agent.index`) and the sectors of `data/sectors.yaml`. Out:
`briefing.Briefing`, a sector's bullets, each with its `Citation`, chosen extractively
(`briefing`) or written by an LLM from those passages and verified (`briefing_llm`), and its
Markdown (`markdown`). `summarize` is the entry point for one sector or all."""
