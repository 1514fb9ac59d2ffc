"""The glossary for corrected quotes (data/glossary.yaml, plus any --glossary file)."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional

import yaml

from ..errors import JiyaoError


@dataclass(frozen=True)
class Term:
    term: str
    wrong: tuple[str, ...] = field(default_factory=tuple)
    kind: str = "term"  # "person": a wrong form is replaced only next to a title or 同志
    note: Optional[str] = None


def _parse(path: Path) -> list[Term]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        terms = []
        for entry in data.get("terms") or []:
            if isinstance(entry, str):
                terms.append(Term(entry.strip()))
            else:
                terms.append(Term(str(entry["term"]).strip(), tuple(str(w) for w in entry.get("wrong") or ()),
                                  str(entry.get("kind") or "term"), entry.get("note")))
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError) as exc:
        raise JiyaoError(f"{path}: invalid glossary ({exc}); expected `terms:` with strings or "
                         f"{{term, wrong: [...], note}}") from None
    return [t for t in terms if t.term]


@lru_cache(maxsize=16)
def load(*paths: Path) -> tuple[Term, ...]:
    """Terms of every file in order; a later entry for the same term adds its wrong forms."""
    merged: dict[str, Term] = {}
    for path in paths:
        path = Path(path)
        if not path.is_file():
            raise JiyaoError(f"{path}: no such glossary file")
        for t in _parse(path):
            old = merged.get(t.term)
            if old:
                t = Term(t.term, tuple(dict.fromkeys(old.wrong + t.wrong)), t.kind if t.kind != "term" else old.kind,
                         t.note or old.note)
            merged[t.term] = t
    return tuple(merged.values())
