"""The transcript model: decoded text, speaker turns with offsets, and the speakers sidecar."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Optional

import yaml
from pydantic import BaseModel, ValidationError, model_validator

from ..errors import JiyaoError
from . import addressing, dates, dialogue, formats, handovers
from .cues import Rendered
from .textio import read_transcript

CHAIR = "chair"
SPEAKER = "speaker"
UNKNOWN = "unknown"
CHAIR_LABEL = "主持人"


@dataclass(frozen=True)
class Turn:
    index: int
    start: int
    end: int
    speaker: Optional[str]
    title: Optional[str]
    role: str
    agenda: Optional[str]
    aliases: tuple[str, ...] = ()  # names the meeting gives a labelled speaker (发言人2 -> 池老师), inferred
    replies_to: Optional[str] = None  # the question put just before this turn, when it is a reply
    source_label: Optional[str] = None  # the label the file gives a renamed speaker (发言人1 -> 张三)

    def __post_init__(self) -> None:
        object.__setattr__(self, "aliases", tuple(self.aliases or ()))  # a list when read back from JSON

    def label(self) -> str:
        if self.speaker and (self.title or self.aliases):
            return f"{self.speaker}（{self.title or self.aliases[0]}）"
        return self.speaker or self.title or "未知发言人"

    def answers_to(self, name: str) -> bool:
        """Is this turn's speaker called name (their label, a part of it, or a name they go by)?"""
        return bool(name) and (bool(self.speaker and name in self.speaker) or name in self.aliases)


@dataclass
class Transcript:
    doc_id: str
    source: str
    text: str
    encoding: str
    turns: list[Turn]
    date: Optional[str] = None
    warnings: list[str] = field(default_factory=list)
    format: str = "text"
    # (start, end, seconds from, seconds to) of each cue of a timed source, in text offsets
    times: list[tuple[int, int, Optional[float], Optional[float]]] = field(default_factory=list)


class _SidecarTurn(BaseModel, extra="forbid"):
    anchor: Optional[str] = None
    offset: Optional[int] = None
    split: bool = False
    name: Optional[str] = None
    title: Optional[str] = None
    role: Optional[str] = None
    agenda: Optional[str] = None

    @model_validator(mode="after")
    def _one_position(self):
        if (self.anchor is None) == (self.offset is None):
            raise ValueError("each turn needs exactly one of anchor or offset")
        return self


class _SidecarPerson(BaseModel, extra="forbid"):
    name: str
    title: Optional[str] = None


class Sidecar(BaseModel, extra="forbid"):
    chair: Optional[_SidecarPerson] = None
    turns: list[_SidecarTurn] = []
    names: dict[str, str] = {}  # a recorder's label -> the speaker's name (发言人1: 张三)


@dataclass
class _Boundary:
    pos: int
    role: str
    name: Optional[str] = None
    title: Optional[str] = None
    agenda: Optional[str] = None
    labelled: bool = False  # a "姓名：" / "发言人N：" line: the same label on the next line goes on


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.stem + ".speakers.yaml")


def load_sidecar(path: Path) -> Optional[Sidecar]:
    if not path.is_file():
        return None
    try:
        return Sidecar.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    except (yaml.YAMLError, ValidationError) as exc:
        first = str(exc).splitlines()[0:3]
        raise JiyaoError(f"{path.name}: invalid speakers sidecar ({' '.join(first)})") from None


def doc_id_for(path: Path) -> str:
    slug = re.sub(r"[^\w.-]+", "-", path.stem, flags=re.UNICODE).strip("-.").lower()
    return (slug or "transcript")[:64]


def meeting_date(name: str, text: str) -> Optional[str]:
    return dates.in_name(name) or dates.in_speech(text[:300])


def load(path: Path, max_bytes: int, forced: Optional[str] = None) -> Transcript:
    """A transcript file of any format formats.detect knows (or the one forced)."""
    text, encoding = read_transcript(path, max_bytes)
    kind, rendered, date = formats.read(text, path.name, forced)
    sidecar = load_sidecar(sidecar_path(path))
    if rendered is None:
        return parse(text, source=path.name, doc_id=doc_id_for(path), encoding=encoding, sidecar=sidecar)
    return parse(rendered.text, source=path.name, doc_id=doc_id_for(path), encoding=encoding, sidecar=sidecar,
                 rendered=rendered, kind=kind, date=date)


def parse(text: str, source: str = "input.txt", doc_id: str = "input", encoding: str = "utf-8",
          sidecar: Optional[Sidecar] = None, rendered: Optional[Rendered] = None, kind: str = "text",
          date: Optional[str] = None) -> Transcript:
    """Turns of a transcript's text, from hand-overs and labels; a recorder's file (rendered) names
    the speaker of each of its paragraphs too."""
    warnings: list[str] = []
    bounds = _detected_boundaries(text, rendered.labels if rendered else [])
    chair = sidecar.chair if sidecar else None
    positions = []
    if sidecar:
        for entry in sidecar.turns:
            pos = _locate(text, entry)
            if pos is None:
                warnings.append(f"speakers sidecar: anchor not found: {entry.anchor or entry.offset}")
            elif entry.split:
                bounds.append(_Boundary(pos, entry.role or SPEAKER))
            positions.append((pos, entry))
    turns = _turns(text, bounds, chair)
    for pos, entry in positions:
        if pos is not None:
            turns = _override(turns, pos, entry, chair)
    turns = renamed(turns, sidecar.names if sidecar else {})
    return Transcript(doc_id, source, text, encoding, named(text, turns), date or meeting_date(source, text), warnings,
                      kind, list(rendered.times) if rendered else [])


def renamed(turns: list[Turn], names: dict[str, str]) -> list[Turn]:
    """Turns with speakers called by the names given ({发言人1: 张三}), each found by the label the
    file gives it or by the name it has now. The file's label is kept as source_label (dropped
    when a speaker is named back to it)."""
    return [_renamed(t, names) for t in turns]


def _renamed(turn: Turn, names: dict[str, str]) -> Turn:
    key = turn.speaker if turn.speaker in names else turn.source_label
    name = names.get(key) if key else None
    if not name:
        return turn
    original = turn.source_label or turn.speaker
    return replace(turn, speaker=name, source_label=None if name == original else original)


def named(text: str, turns: list[Turn]) -> list[Turn]:
    """Turns with what a discussion says of them: the names the meeting gives labelled speakers
    (see addressing) and the question each reply answers (see dialogue)."""
    names = addressing.speaker_names(text, turns)
    asked = dialogue.prompts(text, turns)
    return [replace(t, aliases=_aliases(t, names.get(t.speaker, ())), replies_to=asked.get(t.index)) for t in turns]


def _aliases(turn: Turn, found: tuple[str, ...]) -> tuple[str, ...]:
    """Names the meeting gives the speaker, and the label the file gave a renamed one."""
    return tuple(found) + ((turn.source_label,) if turn.source_label and turn.source_label not in found else ())


def _detected_boundaries(text: str, given: list[tuple[int, str]]) -> list[_Boundary]:
    """Hand-overs and labels; given: the labels a recorder's file names its paragraphs with (the
    same as a labelled plain text would show, so a meeting reads alike either way)."""
    found = handovers.find_handovers(text)
    bounds = [_Boundary(0, CHAIR if found else UNKNOWN)]
    for h in found:
        bounds.append(_Boundary(h.chair_start, CHAIR))
        bounds.append(_Boundary(h.speech_start, SPEAKER, h.name, h.title))
    labels = dict(handovers.find_labels(text))
    labels.update(given)  # a recorder's own labels (SPEAKER_00, Alice Smith) the pattern does not know
    for pos, name in sorted(labels.items()):
        # A label right after a hand-over ("…同志发言。\n\n某某：") names the same turn.
        same = [b for b in bounds if b.pos <= pos and not text[b.pos:pos].strip()]
        if same:
            same[-1].name = name
            if same[-1].role == UNKNOWN:
                same[-1].role = SPEAKER
        else:
            bounds.append(_Boundary(pos, SPEAKER, name, labelled=True))
    for pos, agenda in handovers.find_agenda(text):
        holder = max((b for b in bounds if b.pos <= pos), key=lambda b: b.pos)
        holder.agenda = agenda
    return bounds


def _turns(text: str, bounds: list[_Boundary], chair: Optional[_SidecarPerson]) -> list[Turn]:
    ordered: dict[int, _Boundary] = {}
    for b in sorted(bounds, key=lambda b: b.pos):
        if b.pos in ordered and b.agenda is None:
            b.agenda = ordered[b.pos].agenda
        ordered[b.pos] = b  # a later boundary at the same place wins (sidecar over detection)
    items = list(ordered.values())
    turns: list[Turn] = []
    agenda = None
    for i, b in enumerate(items):
        end = items[i + 1].pos if i + 1 < len(items) else len(text)
        agenda = b.agenda or agenda
        start, stop = _strip(text, b.pos, end)
        if start >= stop:
            continue
        name, title = b.name, b.title
        if b.labelled and turns and turns[-1].speaker == name and turns[-1].role == SPEAKER and b.agenda is None:
            # A recorder starts a new paragraph at a pause: the same speaker's next line is one speech.
            turns[-1] = replace(turns[-1], end=stop)
            continue
        if b.role == CHAIR:
            name = name or (chair.name if chair else CHAIR_LABEL)
            title = title or (chair.title if chair else None)
            if turns and turns[-1].role == CHAIR and turns[-1].speaker == name:
                # The chair's opening and its first hand-over are one turn.
                turns[-1] = replace(turns[-1], end=stop)
                continue
        turns.append(Turn(len(turns), start, stop, name, title, b.role, agenda))
    return turns


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _locate(text: str, entry: _SidecarTurn) -> Optional[int]:
    if entry.offset is not None:
        return entry.offset if 0 <= entry.offset < len(text) else None
    pos = handovers.Compact(text).find(entry.anchor or "")
    return pos if pos >= 0 else None


def _override(turns: list[Turn], pos: int, entry: _SidecarTurn, chair) -> list[Turn]:
    out = []
    for turn in turns:
        if turn.start <= pos < turn.end or (pos < turn.start and turn.index == 0):
            role = entry.role or turn.role
            name, title = entry.name or turn.speaker, entry.title or turn.title
            if entry.role == CHAIR and chair and not entry.name:
                name, title = chair.name, entry.title or chair.title
            turn = replace(turn, speaker=name, title=title, role=role, agenda=entry.agenda or turn.agenda)
        out.append(turn)
    return out
