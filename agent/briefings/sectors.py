"""Sectors for briefings, as data (data/sectors.yaml, or JIYAO_SECTORS_FILE)."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from ..errors import JiyaoError


@dataclass(frozen=True)
class Sector:
    name: str
    description: str
    keywords: tuple[str, ...] = field(default_factory=tuple)
    region: bool = False

    def to_json(self) -> dict:
        return {"name": self.name, "description": self.description, "keywords": list(self.keywords),
                "region": self.region}


@lru_cache(maxsize=8)
def load(path: Path) -> tuple[Sector, ...]:
    path = Path(path)
    if not path.is_file():
        raise JiyaoError(f"{path}: no sectors file (set JIYAO_SECTORS_FILE to a YAML file with `sectors:`)")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        out = tuple(Sector(str(s["name"]), str(s.get("description") or s["name"]),
                           tuple(str(k) for k in s.get("keywords") or ()), bool(s.get("region", False)))
                    for s in data["sectors"])
    except (yaml.YAMLError, KeyError, TypeError) as exc:
        raise JiyaoError(f"{path}: invalid sectors file ({exc}); expected `sectors:` with name, description, "
                         f"keywords") from None
    names = [s.name for s in out]
    if len(set(names)) != len(names):
        raise JiyaoError(f"{path}: a sector name appears twice")
    return out


def find(sectors: tuple[Sector, ...], name: str) -> Sector:
    for sector in sectors:
        if sector.name == name or sector.name.split("/")[0] == name:
            return sector
    known = "、".join(s.name for s in sectors)
    raise JiyaoError(f"unknown sector {name!r}; known sectors: {known}")
