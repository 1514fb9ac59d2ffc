"""jiyao (纪要): question answering and briefings over Chinese meeting transcripts.

The packages are the pipeline's stages, each importing only from those before it:
transcripts -> index -> answers -> quotes -> briefings -> evals. Beneath them all sit the shared
modules (settings, errors, answer, tokens, numbers, llm, prompts); above them `service` (what the
UI calls) and `cli`. tests/test_architecture.py holds the order."""

__version__ = "0.1.0"
