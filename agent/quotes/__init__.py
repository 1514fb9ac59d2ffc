"""Stage 4, quotes: a passage becomes a corrected quote with every change shown.

In: a passage of transcript text, or a question whose answer passage is found through
`agent.answers.qa`, and the glossary of correct terms. Out: `quote.Quote`, the original, the
corrected text and its `correct.Edit`s (recognition errors by known form or sound-alike,
fillers, punctuation), each an offset span of the original with its reason; `quote_llm` adds an
LLM's proposals, accepted only under the same rules."""
