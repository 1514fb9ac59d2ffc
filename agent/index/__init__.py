"""Stage 2, index: transcripts become a searchable library.

In: `Transcript`s (from `agent.transcripts`). Out: `library.Library` (ingest, delete, reindex, the
manifest and the stored files, through `vectorstore/`) and its in-memory `library.Corpus` of
`Document`s and `chunking.Chunk`s with their sentence vectors, BM25 index and document frequencies,
from which `crosslingual.Translator` maps English words to the corpus's Chinese ones."""
