"""Evaluation sets on disk: a directory with `qa.jsonl` (and `*/qa.jsonl` in subdirectories),
optional `summaries.jsonl` and `corrections*.jsonl`, and the transcripts (`*.txt`, `*.srt`, `*.vtt`, with sidecars)
its questions need beyond the default corpus. Items name their document with `doc`; a qa file
next to exactly one transcript defaults to it.

A subdirectory with its own `set.yaml` (name, description) is a set of its own, run beside its
parent and reported separately: data/eval holds the sample set and data/eval/vcsum the VCSum one.
`with:` in set.yaml names more directories whose transcripts are indexed beside the set's own
(the VCSum set is asked of a library that holds the sample and the second meeting too)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import JiyaoError
from ..transcripts.transcript import doc_id_for
from . import scoring
from .scoring import Item

SET_FILE = "set.yaml"
CONVERSATIONS = "conversations.jsonl"  # chats: one conversation per line, each turn an item


@dataclass
class EvalSet:
    root: Path
    name: str
    items: list[Item]
    transcripts: list[Path]
    summaries: list[dict]
    corrections: dict[str, list[dict]]  # file stem -> items (corrections, corrections_generated…)
    description: str = ""
    meta: dict = field(default_factory=dict)


def _jsonl(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _is_own_set(path: Path) -> bool:
    return (path / SET_FILE).is_file()


def _meta(root: Path) -> dict:
    path = root / SET_FILE
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise JiyaoError(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, dict):
        raise JiyaoError(f"{path}: expected a mapping with name and description")
    return data


def _inside_own_set(path: Path, root: Path) -> bool:
    """Does path lie in a subdirectory of root that is a set of its own?"""
    return any(_is_own_set(parent) for parent in path.parents if parent != root and root in parent.parents)


def load_set(root: Path) -> EvalSet:
    """The set in root, without the sets of its own in its subdirectories."""
    root = Path(root)
    if not root.is_dir():
        raise JiyaoError(f"{root}: no such evaluation set (a directory with qa.jsonl)")
    qa_files = [p for p in [root / "qa.jsonl", *sorted(root.glob("*/qa.jsonl"))]
                if p.is_file() and not _inside_own_set(p, root)]
    talks = root / CONVERSATIONS
    if not qa_files and not talks.is_file():
        raise JiyaoError(f"{root}: no qa.jsonl (or {CONVERSATIONS}) in this directory or its subdirectories")
    items = []
    for path in qa_files:
        local = sorted(path.parent.glob("*.txt"))
        try:
            items += scoring.load_items(path, doc_id_for(local[0]) if len(local) == 1 else None)
        except ValueError as exc:
            raise JiyaoError(str(exc)) from None
    if talks.is_file():
        try:
            items += scoring.load_conversations(talks)
        except ValueError as exc:
            raise JiyaoError(str(exc)) from None
    duplicates = {i.id for i in items if sum(j.id == i.id for j in items) > 1}
    if duplicates:
        raise JiyaoError(f"{root}: duplicate item ids: {', '.join(sorted(duplicates))}")
    corrections = {p.stem: _jsonl(p) for p in sorted(root.glob("corrections*.jsonl"))}
    meta = _meta(root)
    transcripts = sorted({*_transcripts(root), *(p for extra in _with(root, meta) for p in _transcripts(extra))})
    return EvalSet(root, str(meta.get("name") or root.name), items, transcripts, _jsonl(root / "summaries.jsonl"),
                   corrections, str(meta.get("description") or ""), meta)


TRANSCRIPT_SUFFIXES = (".txt", ".srt", ".vtt")  # plain text and recorders' exports (JSON is left out: sets hold JSON reports)


def _transcripts(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.suffix in TRANSCRIPT_SUFFIXES and not _inside_own_set(p, root)]


def _with(root: Path, meta: dict) -> list[Path]:
    extra = meta.get("with") or []
    if isinstance(extra, str):
        extra = [extra]
    dirs = [(root / d).resolve() for d in extra]
    missing = [str(d) for d in dirs if not d.is_dir()]
    if missing:
        raise JiyaoError(f"{root / SET_FILE}: 'with' names no such directory: {', '.join(missing)}")
    return dirs


def load_sets(root: Path) -> list[EvalSet]:
    """The set in root (when it has questions of its own) and each subdirectory that is a set."""
    root = Path(root)
    if not root.is_dir():
        raise JiyaoError(f"{root}: no such evaluation set (a directory with qa.jsonl)")
    own = [p for p in sorted(root.iterdir()) if p.is_dir() and _is_own_set(p)]
    has_items = (root / "qa.jsonl").is_file() or (root / CONVERSATIONS).is_file() or any(not _is_own_set(p.parent) for p in root.glob("*/qa.jsonl"))
    sets = ([load_set(root)] if has_items or not own else []) + [load_set(p) for p in own]
    names = [s.name for s in sets]
    if len(set(names)) < len(names):
        raise JiyaoError(f"{root}: two evaluation sets share a name: {', '.join(names)}")
    return sets
