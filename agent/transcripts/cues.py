"""What every recorder export is read into: cues (a speaker, some speech, a time span), and the
document text made of them: one paragraph per speaker's stretch of speech, each paragraph opened
by the speaker's label ("发言人1：…"), the way a labelled transcript is written.

Times are seconds (None where the source gives none); each cue keeps its span in the text, so a
citation can say when its words were said."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ..answer import clock
from ..errors import JiyaoError

PAUSE_SECONDS = 3.0  # a pause this long in one speaker's speech starts a new paragraph
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CJK_MARKS = "。！？；，、：…）」』”"  # nothing goes after these, whatever follows
# [SPEAKER_00]: … (WhisperX), Speaker 0: …, 发言人1：…, spk0: …
_LABELLED = re.compile(r"^\s*(?:\[(?P<bracket>[^\]\n]{1,40})\]\s*[:：]?|(?P<label>SPEAKER_\d+|[Ss]peaker\s*\d+|spk\s*\d+|"
                       r"(?:发言人|说话人)\s*\d+)\s*[:：])\s*")
# Name: … (Zoom), 姓名：… ; trusted only when most cues of a file have it
_NAMED = re.compile(r"^\s*(?P<name>[^\s:：][^:：\n]{0,38}?)\s*(?:：\s*|:\s+)")


@dataclass
class Cue:
    text: str
    speaker: Optional[str] = None
    start: Optional[float] = None
    end: Optional[float] = None
    where: str = ""  # where the cue is in the source ("line 12", "segments[3]"), for error messages
    paragraph: bool = False  # the source starts a paragraph here (a text export's header)


@dataclass
class Reading:
    """A file read by one of the readers: its cues, and the meeting's date when a header gives it."""
    cues: list[Cue]
    date: Optional[str] = None


@dataclass
class Rendered:
    text: str
    labels: list[tuple[int, str]] = field(default_factory=list)  # (offset of a paragraph's label, speaker)
    times: list[tuple[int, int, Optional[float], Optional[float]]] = field(default_factory=list)


def seconds(hours: Optional[str], minutes: str, secs: str, fraction: Optional[str], where: str) -> float:
    """A time from its parts; fraction is the digits after the comma or point (milliseconds)."""
    value = int(hours or 0) * 3600 + int(minutes) * 60 + int(secs) + (int(fraction) / 10 ** len(fraction) if fraction else 0.0)
    if int(secs) >= 60 or (hours is not None and int(minutes) >= 60):
        raise JiyaoError(f"{where}: invalid time (minutes and seconds go up to 59)")
    return value


def checked(cues: list[Cue], name: str) -> list[Cue]:
    """The cues that hold speech; a time that is negative or ends before it starts is an error
    naming its place in the file."""
    for cue in cues:
        for t in (cue.start, cue.end):
            if t is not None and t < 0:
                raise JiyaoError(f"{name} {cue.where}: negative time")
        if cue.start is not None and cue.end is not None and cue.end < cue.start:
            raise JiyaoError(f"{name} {cue.where}: the cue ends ({clock(cue.end)}) before it starts "
                             f"({clock(cue.start)})")
    kept = [c for c in cues if c.text.strip()]
    if not kept:
        raise JiyaoError(f"{name}: no speech found")
    return kept


def with_speakers(cues: list[Cue]) -> list[Cue]:
    """Speakers named at the start of each cue's text ("[SPEAKER_00]: …", "发言人1：…"), taken out of
    the text; "Name: …" only when most cues of the file start that way (Zoom)."""
    for cue in cues:
        match = _LABELLED.match(cue.text)
        if match and not cue.speaker:
            cue.speaker = (match.group("bracket") or match.group("label")).strip()
            cue.text = cue.text[match.end():]
    unnamed = [c for c in cues if not c.speaker]
    if unnamed and sum(bool(_NAMED.match(c.text)) for c in unnamed) >= 0.6 * len(unnamed):
        for cue in unnamed:
            match = _NAMED.match(cue.text)
            if match:
                cue.speaker, cue.text = match.group("name").strip(), cue.text[match.end():]
    return cues


def joined(lines: list[str]) -> str:
    """A source's lines of one cue or paragraph as one line: nothing between Chinese, else a space."""
    out = ""
    for line in (line.strip() for line in lines):
        if line:
            out += ("" if not out or out[-1] in _CJK_MARKS or (_CJK.match(out[-1]) and _CJK.match(line[0]))
                    else " ") + line
    return out


def render(cues: list[Cue]) -> Rendered:
    """The document text: a paragraph per stretch of one speaker (a new one at a source's paragraph
    or a pause of PAUSE_SECONDS), each opened by its speaker's label; cues joined with nothing
    between Chinese, a space between other words, and a comma where a Chinese cue ends without
    punctuation (recognisers often give none)."""
    out = Rendered("")
    parts: list[str] = []
    size = 0
    previous: Optional[Cue] = None
    for cue in cues:
        said = " ".join(cue.text.split())
        if not said:
            continue
        if previous is None or _new_paragraph(previous, cue):
            if parts:
                parts.append("\n")
                size += 1
            if cue.speaker:
                out.labels.append((size, cue.speaker))
                parts.append(f"{cue.speaker}：")
                size += len(cue.speaker) + 1
        else:
            glue = _glue(parts[-1], said)
            parts.append(glue)
            size += len(glue)
        out.times.append((size, size + len(said), cue.start, cue.end))
        parts.append(said)
        size += len(said)
        previous = cue
    out.text = "".join(parts) + "\n"
    return out


def _new_paragraph(previous: Cue, cue: Cue) -> bool:
    if cue.paragraph or cue.speaker != previous.speaker:
        return True
    return previous.end is not None and cue.start is not None and cue.start - previous.end >= PAUSE_SECONDS


def _glue(before: str, after: str) -> str:
    if before[-1] in _CJK_MARKS:
        return ""
    if _CJK.match(before[-1]) and _CJK.match(after[0]):
        return "，"  # a Chinese cue that ends without punctuation
    return " "
