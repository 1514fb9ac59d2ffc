"""Equivalent names (住建部 = 住房和城乡建设部) from a data file, for expanding questions."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from ..errors import JiyaoError


@lru_cache(maxsize=8)
def load_groups(path: Path) -> tuple[tuple[str, ...], ...]:
    if not Path(path).is_file():
        return ()
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        return tuple((str(full), *map(str, shorts or ())) for full, shorts in (data.get("aliases") or {}).items())
    except (yaml.YAMLError, AttributeError, TypeError) as exc:
        raise JiyaoError(f"{path}: invalid aliases file ({exc}); expected `aliases: {{全称: [简称, …]}}`") from None


def expand(question: str, groups: tuple[tuple[str, ...], ...]) -> str:
    """Append the other names of every group that the question mentions."""
    extra = []
    for group in groups:
        if any(name in question for name in group):
            extra.extend(name for name in group if name not in question and name not in extra)
    return question + (" " + " ".join(extra) if extra else "")
