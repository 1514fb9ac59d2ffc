"""A transcript written out as a recorder would export it: SRT cues of a sentence each (a pause
between paragraphs), or a text export with a speaker and time header per paragraph. Used to check
that a meeting read from either answers as its plain text does (tests, benchmarks/formats.py)."""
from __future__ import annotations

import re

PAUSE = 3.5  # seconds between paragraphs: longer than the reader's paragraph pause
_LABEL = re.compile(r"^(发言人\s*\d+|[\u4e00-\u9fff]{2,4})：")
_SENTENCE = re.compile(r"[^。！？]*[。！？]+|[^。！？]+$")


def paragraphs(text: str) -> list[tuple[str | None, str]]:
    """(speaker label or None, speech) of each non-empty line."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line:
            m = _LABEL.match(line)
            out.append((m.group(1), line[m.end():]) if m else (None, line))
    return out


def timed(text: str) -> list[tuple[str | None, str, float, float, bool]]:
    """Cues: (speaker, sentence, start, end, first of its paragraph); a sentence takes a quarter
    second per character."""
    cues, t = [], 0.0
    for speaker, speech in paragraphs(text):
        sentences = [x.strip() for x in _SENTENCE.findall(speech) if x.strip()]
        for i, sentence in enumerate(sentences):
            length = max(1.0, round(len(sentence) / 4, 3))
            cues.append((speaker, sentence, t, t + length, i == 0))
            t += length
        t += PAUSE
    return cues


def _stamp(t: float) -> str:
    ms = round(t * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"


def to_srt(text: str) -> str:
    """Every cue names its speaker when every paragraph has one (as WhisperX writes); else a
    paragraph's label stays where it was said, in its first cue."""
    labelled = all(speaker for speaker, _ in paragraphs(text))
    blocks = []
    for i, (s, said, a, b, first) in enumerate(timed(text), 1):
        prefix = f"{s}：" if s and (labelled or first) else ""
        blocks.append(f"{i}\n{_stamp(a)} --> {_stamp(b)}\n{prefix}{said}\n")
    return "\n".join(blocks)


def to_export(text: str) -> str:
    """Tingwu's layout: "发言人1   00:11", then the paragraph; a paragraph with no speaker is not
    expressible, so every paragraph needs one."""
    out, t = [], 0.0
    for speaker, speech in paragraphs(text):
        if speaker is None:
            raise ValueError("a text export needs a speaker on every paragraph")
        whole = int(t)
        stamp = f"{whole // 60:02d}:{whole % 60:02d}" if whole < 3600 else \
            f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}"
        out += [f"{speaker}   {stamp}", speech, ""]
        t += max(1.0, len(speech) / 4) + PAUSE
    return "\n".join(out)
