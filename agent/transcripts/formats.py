"""Which kind of file a transcript is, from its content, and reading it into cues.

Plain text (with or without "发言人1：" lines) stays as it is: the transcript module finds its
speakers. Everything a recorder exports is read into cues and written as labelled paragraphs,
with each cue's time kept (see cues)."""
from __future__ import annotations

from typing import Optional

from ..errors import JiyaoError
from . import exports, subtitles
from .cues import Reading, Rendered, render

FORMATS = ("text", "export", "srt", "vtt", "json")
NAMES = {"text": "plain text", "export": "recorder text export (speaker and time headers)", "srt": "SRT subtitles",
         "vtt": "WebVTT subtitles", "json": "JSON (Whisper, WhisperX, FunASR)"}


def detect(text: str) -> str:
    """The format of a transcript's content."""
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("WEBVTT"):
        return "vtt"
    if head[:1] in "{[":
        return "json"
    lines = head.splitlines()
    if lines and subtitles.looks_like_srt(lines):
        return "srt"
    if exports.looks_like_export(lines):
        return "export"
    return "text"


def read(text: str, name: str, forced: Optional[str] = None) -> tuple[str, Optional[Rendered], Optional[str]]:
    """(format, the rendered cues or None for plain text, the meeting's date when a header gives it)."""
    kind = forced or detect(text)
    if kind not in FORMATS:
        raise JiyaoError(f"unknown format {kind!r}: one of {', '.join(FORMATS)}")
    if kind == "text":
        return kind, None, None
    reader = {"export": exports.read_export, "srt": subtitles.read_srt, "vtt": subtitles.read_vtt,
              "json": exports.read_json}[kind]
    reading: Reading = reader(text.lstrip("\ufeff"), name)
    return kind, render(reading.cues), reading.date
