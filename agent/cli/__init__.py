"""The `jiyao` command: its arguments (parser), the commands, each a call into agent/ (main), and
what is printed (render). It holds no logic of its own.

In: the command line and the settings from the environment.
Out: answers, briefings, quotes and reports printed; an exit code (0, 1 for a regression
against a baseline, 2 for an error, 130 when interrupted)."""
from .main import main

__all__ = ["main"]
