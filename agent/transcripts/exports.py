"""Recorders' text and JSON exports.

Text: a header line opens each paragraph, the speaker then the time: "说话人 1 00:02" (Feishu
Minutes, iFlytek), "发言人1   00:11" (Tongyi Tingwu), "Name  55:21" (Otter). Names may hold spaces,
so the time is what follows the last run of whitespace; times are MM:SS, and HH:MM:SS after an
hour. What comes before the first speaker is the file's header (title, date, duration, 关键词) and
is dropped, the date kept; so are footers such as "以上内容由AI生成，仅供参考".

JSON: Whisper ("segments" with start and end, seconds), WhisperX (the same, with "speaker") and
FunASR ("sentence_info" with start and end in milliseconds, and "spk" from 0)."""
from __future__ import annotations

import json
import re
from typing import Any

from ..errors import JiyaoError
from . import dates
from .cues import Cue, Reading, checked, joined, seconds

HEADER = re.compile(r"^\s*(?P<name>\S(?:.{0,38}\S)?)\s+(?P<time>(?:(\d{1,2}):)?(\d{1,2}):(\d{2}))\s*$")
# Header lines of a file, not speakers: 时长 01:02:03, 日期 …
_META = re.compile(r"^(?:时长|日期|时间|会议时间|录制时间|创建时间|开始时间|duration|date|time|recorded|length)\b",
                   re.IGNORECASE)
_FOOTER = re.compile(r"以上内容由.{0,8}(?:AI|人工智能).{0,6}生成|仅供参考|^(?:Transcribed|Generated) by\b",
                     re.IGNORECASE)
_SENTENCE_MARKS = re.compile(r"[。！？，,.!?；;]")


def is_header(line: str) -> bool:
    m = HEADER.match(line)
    if not m:
        return False
    name = m.group("name")
    return not (_META.match(name) or _SENTENCE_MARKS.search(name) or dates.in_header(name) or name[0].isdigit())


def looks_like_export(lines: list[str]) -> bool:
    """Two speaker headers or more, each followed by speech."""
    heads = [i for i, line in enumerate(lines) if is_header(line)]
    marked = set(heads)
    spoken = [i for i in heads if any(lines[j].strip() and j not in marked for j in range(i + 1, min(i + 3, len(lines))))]
    return len(spoken) >= 2 and len(spoken) >= 0.5 * len(heads)


def read_export(text: str, name: str) -> Reading:
    lines = text.splitlines()
    heads = [i for i, line in enumerate(lines) if is_header(line)]
    if not heads:
        raise JiyaoError(f"{name}: no speaker header lines (发言人1 00:11) found")
    date = dates.in_header("\n".join(lines[:heads[0]]))
    cues = []
    for k, i in enumerate(heads):
        stop = heads[k + 1] if k + 1 < len(heads) else len(lines)
        body = [line for line in lines[i + 1:stop] if not _FOOTER.search(line)]
        m = HEADER.match(lines[i])
        where = f"{name} line {i + 1}"
        start = seconds(m.group(3), m.group(4), m.group(5), None, where)
        cues.append(Cue(joined(body), m.group("name"), start, None, f"line {i + 1}", paragraph=True))
    for cue, following in zip(cues, cues[1:]):
        if following.start < cue.start:
            raise JiyaoError(f"{name} {following.where}: time goes back ({following.start:g} s after "
                             f"{cue.start:g} s)")
        cue.end = following.start  # a paragraph lasts until the next one starts
    return Reading(checked(cues, name), date)


def read_json(text: str, name: str) -> Reading:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise JiyaoError(f"{name} line {exc.lineno}: invalid JSON ({exc.msg})") from None
    if isinstance(data, list) and data and isinstance(data[0], dict) and "sentence_info" in data[0]:
        data = data[0]  # FunASR writes a list, one entry per file
    if isinstance(data, dict) and isinstance(data.get("sentence_info"), list):
        cues = [_funasr(item, f"sentence_info[{i}]", name) for i, item in enumerate(data["sentence_info"])]
        return Reading(checked(cues, name))
    if isinstance(data, dict) and isinstance(data.get("segments"), list):
        cues = [_whisper(item, f"segments[{i}]", name) for i, item in enumerate(data["segments"])]
        return Reading(checked(cues, name))
    keys = ", ".join(sorted(data)[:6]) if isinstance(data, dict) else type(data).__name__
    raise JiyaoError(f"{name}: unknown JSON shape (top level: {keys}); expected 'segments' (Whisper, WhisperX) "
                     "or 'sentence_info' (FunASR)")


def _whisper(item: Any, where: str, name: str) -> Cue:
    start, end = _number(item, "start", where, name), _number(item, "end", where, name)
    speaker = item.get("speaker")
    return Cue(str(item.get("text") or ""), str(speaker) if speaker is not None else None, start, end, where)


def _funasr(item: Any, where: str, name: str) -> Cue:
    start, end = _number(item, "start", where, name) / 1000, _number(item, "end", where, name) / 1000
    said = item.get("text", item.get("sentence"))
    spk = item.get("spk")
    return Cue(str(said or ""), f"发言人{int(spk) + 1}" if isinstance(spk, (int, float)) else None, start, end, where)


def _number(item: Any, key: str, where: str, name: str) -> float:
    if not isinstance(item, dict):
        raise JiyaoError(f"{name}: {where} is not an object")
    value = item.get(key)
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise JiyaoError(f"{name}: {where}.{key} is missing or not a number")
    if value < 0:
        raise JiyaoError(f"{name}: {where}.{key} is a negative time")
    return float(value)
