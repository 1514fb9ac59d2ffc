"""Which passages a question may be answered from: a meeting, a date range, a speaker.

A library holds many meetings; a user narrows it as they would in any archive. Every filter
that matches nothing is an error that says what exists instead, on one line."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import Optional

from ..errors import JiyaoError, unknown_document
from ..index.chunking import Chunk
from ..index.library import Corpus

_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")
_MONTHS = {m: i for i, m in enumerate("january february march april may june july august september october "
                                      "november december".split(), 1)}
_SAID_DATES = [  # (pattern, group order): 2021年1月23日, 2021-01-23, 23 January 2021, January 23, 2021
    (re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"), "ymd"),
    (re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"), "ymd"),
    (re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\s*,?\s+(\d{4})\b"), "dmy"),
    (re.compile(r"\b([A-Za-z]+)\s+(\d{1,2})(?:st|nd|rd|th)?\s*,?\s+(\d{4})\b"), "mdy"),
]
_SHOWN = 12  # names listed in an error before "…"


@dataclass(frozen=True)
class Scope:
    doc: Optional[str] = None  # a document id
    speaker: Optional[str] = None  # a label (发言人2), a part of a name, or a name the meeting gives
    since: Optional[str] = None  # YYYY, YYYY-MM or YYYY-MM-DD: meetings on or after
    until: Optional[str] = None  # meetings on or before (a year or month counts to its end)

    @property
    def dated(self) -> bool:
        return bool(self.since or self.until)


def parse_date(value: str, end: bool = False) -> str:
    """'2021' -> 2021-01-01 (or 2021-12-31 as an end); '2021-3' -> 2021-03-01 (-31); checked."""
    match = _DATE.match(value.strip())
    if not match:
        raise JiyaoError(f"not a date: {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = int(match.group(1)), match.group(2), match.group(3)
    m = int(month) if month else (12 if end else 1)
    if not 1 <= m <= 12:
        raise JiyaoError(f"not a date: {value!r} (month {m})")
    last = calendar.monthrange(year, m)[1]
    d = int(day) if day else (last if end else 1)
    if not 1 <= d <= last:
        raise JiyaoError(f"not a date: {value!r} (day {d})")
    return f"{year:04d}-{m:02d}-{d:02d}"


def dates_named(question: str) -> set[str]:
    """The calendar dates a question names ("the 23 January 2021 conference"), as YYYY-MM-DD."""
    found = set()
    for pattern, order in _SAID_DATES:
        for match in pattern.finditer(question):
            parts = dict(zip(order, match.groups()))
            word = parts["m"].lower()
            month = int(word) if word.isdigit() else next(
                (n for name, n in _MONTHS.items() if len(word) >= 3 and name.startswith(word[:3])), None)
            if month:
                found.add(f"{int(parts['y']):04d}-{int(month):02d}-{int(parts['d']):02d}")
    return found


def named_meeting(corpus: Corpus, question: str, ids: list[str]) -> list[str]:
    """The meetings among ids held on a date the question names; all of ids when it names none
    of theirs: "在 2021 年 1 月 23 日的会议上…" is asked of that meeting."""
    dates = dates_named(question)
    held = [d for d in ids if corpus.docs[d].date in dates]
    return held or ids


def documents(corpus: Corpus, scope: Scope) -> list[str]:
    """The ids of the meetings in scope (by id and date)."""
    if scope.doc is not None and scope.doc not in corpus.docs:
        raise unknown_document(scope.doc, corpus.docs)
    ids = [d for d in corpus.docs if scope.doc is None or d == scope.doc]
    if not scope.dated:
        return ids
    since = parse_date(scope.since) if scope.since else "0000-00-00"
    until = parse_date(scope.until, end=True) if scope.until else "9999-99-99"
    if since > until:
        raise JiyaoError(f"empty date range: {scope.since} is after {scope.until}")
    kept = [d for d in ids if corpus.docs[d].date and since <= corpus.docs[d].date <= until]
    if not kept:
        dates = sorted({corpus.docs[d].date for d in ids if corpus.docs[d].date})
        known = f"meeting dates: {_listed(dates)}" if dates else "no meeting in scope has a date"
        raise JiyaoError(f"no meeting from {scope.since or '…'} to {scope.until or '…'}; {known}")
    return kept


def chunks(corpus: Corpus, scope: Scope) -> list[Chunk]:
    """The chunks a question in this scope is answered from."""
    ids = set(documents(corpus, scope))
    found = [c for c in corpus.chunks.values() if c.doc_id in ids]
    if scope.speaker:
        mine = [c for c in found if c.answers_to(scope.speaker)]
        if not mine:
            names = sorted({n for c in found for n in (c.speaker, *c.aliases) if n})
            raise JiyaoError(f"no speaker matches {scope.speaker!r} in {_where(scope, len(ids))}; "
                             f"speakers: {_listed(names)}")
        found = mine
    return found


def _where(scope: Scope, n: int) -> str:
    return scope.doc if scope.doc else f"{n} meeting{'s' if n != 1 else ''}"


def _listed(names: list[str]) -> str:
    shown = ", ".join(names[:_SHOWN])
    return shown + (f" … ({len(names)} in all)" if len(names) > _SHOWN else "")
