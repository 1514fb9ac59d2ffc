"""Errors meant for the user: one line that says what happened and how to fix it."""


class JiyaoError(Exception):
    """A problem with the user's input or environment. The CLI prints it on one line and exits 2."""

    exit_code = 2


def unknown_document(doc_id: str, known) -> JiyaoError:
    """The one message for a document id that is not indexed, naming those that are."""
    listed = ", ".join(sorted(known)) or "(none: run `jiyao ingest FILE`)"
    return JiyaoError(f"unknown document {doc_id!r}; known documents: {listed}")


class StoreError(JiyaoError):
    """The store on disk is missing, damaged or busy."""
