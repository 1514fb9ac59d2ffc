"""Subtitle files: SRT (Whisper, WhisperX, FunClip) and WebVTT (Zoom, Teams, Whisper).

SRT cues are an index line, a timing line and text, separated by blank lines; FunClip writes
"1  spk0" index lines and no blank line between cues, the old Whisper form "0:00:01.000". WebVTT
starts "WEBVTT", may hide hours under an hour ("00:01.000") or leave fields unpadded ("0:0:5.320",
Teams), and names speakers with <v Name>…</v> (Teams) or "Name: …" (Zoom)."""
from __future__ import annotations

import re

from ..errors import JiyaoError
from .cues import Cue, Reading, checked, joined as _joined, seconds, with_speakers

_TIME = r"(-?)(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[,.](\d{1,3}))?"
TIMING = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}(?:\s+\S.*)?\s*$")
_INDEX = re.compile(r"^\s*\d+(?:\s+(?P<speaker>\S.*?))?\s*$")
_VOICE = re.compile(r"<v(?:\.[^\s>]+)?\s+(?P<name>[^>]+)>")
_TAG = re.compile(r"</?[^>\n]*>")
_FUNCLIP_SPEAKER = re.compile(r"^spk(\d+)$")


def looks_like_srt(lines: list[str]) -> bool:
    return any(TIMING.match(line) for line in lines[:30]) and not lines[0].lstrip("\ufeff").startswith("WEBVTT")


def read_srt(text: str, name: str) -> Reading:
    lines = text.splitlines()
    timings = _timing_lines(lines, name)
    cues = []
    for k, i in enumerate(timings):
        stop = timings[k + 1] if k + 1 < len(timings) else len(lines)
        body = lines[i + 1:stop]
        if k + 1 < len(timings) and body and _INDEX.match(body[-1]):
            body = body[:-1]  # the next cue's index line
        speaker = None
        index = _INDEX.match(lines[i - 1]) if i else None
        if index and index.group("speaker"):
            speaker = _speaker_of_index(index.group("speaker"))
        said = _joined(body)
        if not said and k + 1 == len(timings):
            raise JiyaoError(f"{name} line {i + 1}: the file ends after a timing line (truncated SRT?)")
        start, end = _span(lines[i], i + 1, name)
        cues.append(Cue(said, speaker, start, end, f"line {i + 1}"))
    if _ends_on_cue_number(lines, timings[-1]):
        raise JiyaoError(f"{name} line {len(lines)}: the file ends after a cue number (truncated SRT?)")
    return Reading(checked(with_speakers(cues), name))


def read_vtt(text: str, name: str) -> Reading:
    lines = text.splitlines()
    if not lines or not lines[0].lstrip("\ufeff").startswith("WEBVTT"):
        raise JiyaoError(f"{name} line 1: a WebVTT file starts with WEBVTT")
    timings = _timing_lines(lines, name)
    cues = []
    for k, i in enumerate(timings):
        stop = timings[k + 1] if k + 1 < len(timings) else len(lines)
        body = lines[i + 1:stop]
        blank = next((j for j, line in enumerate(body) if not line.strip()), len(body))
        body = body[:blank]  # what follows a blank line is the next cue's identifier, a NOTE…
        raw = "\n".join(body)
        voice = _VOICE.search(raw)
        said = _joined(_TAG.sub("", raw).splitlines())
        if not said and k + 1 == len(timings):
            raise JiyaoError(f"{name} line {i + 1}: the file ends after a timing line (truncated WebVTT?)")
        start, end = _span(lines[i], i + 1, name)
        cues.append(Cue(said, voice.group("name").strip() if voice else None, start, end, f"line {i + 1}"))
    return Reading(checked(with_speakers(cues), name))


def _timing_lines(lines: list[str], name: str) -> list[int]:
    found = []
    for i, line in enumerate(lines):
        if "-->" in line:
            if not TIMING.match(line):
                raise JiyaoError(f"{name} line {i + 1}: not a timing line ({line.strip()[:40]!r})")
            found.append(i)
    if not found:
        raise JiyaoError(f"{name}: no timing lines (00:00:01,000 --> 00:00:02,000) found")
    return found


def _span(line: str, number: int, name: str) -> tuple[float, float]:
    m = TIMING.match(line)
    where = f"{name} line {number}"
    if m.group(1) or m.group(6):
        raise JiyaoError(f"{where}: negative time")
    start = seconds(m.group(2), m.group(3), m.group(4), m.group(5), where)
    end = seconds(m.group(7), m.group(8), m.group(9), m.group(10), where)
    return start, end


def _ends_on_cue_number(lines: list[str], last_timing: int) -> bool:
    """Does the file end on a number alone after a blank line, a cue that never came?"""
    rest = [line.strip() for line in lines[last_timing + 1:]]
    while rest and not rest[-1]:
        rest.pop()
    return len(rest) >= 3 and rest[-1].isdigit() and not rest[-2]


def _speaker_of_index(label: str) -> str:
    """FunClip numbers its speakers from 0 (spk0); they are 发言人1, 发言人2… as FunASR's are."""
    m = _FUNCLIP_SPEAKER.match(label)
    return f"发言人{int(m.group(1)) + 1}" if m else label


