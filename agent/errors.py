"""Errors meant for the user: one line that says what happened and how to fix it."""


class JiyaoError(Exception):
    """A problem with the user's input or environment. The CLI prints it on one line and exits 2."""

    exit_code = 2


class StoreError(JiyaoError):
    """The store on disk is missing, damaged or busy."""
