"""Spoken fillers and stutters out of a quote: 呢、啊、嗯、这个…, "尽量的尽量的" -> "尽量的",
"我我我在" -> "我在".

Only deletions, each reported as a span of the original, so a cleaned quote can always be shown
beside what was said. Digits are never touched."""
from __future__ import annotations

import re

from . import handovers
from .sentences import mid_sentence_breaks

# Mood particles and hesitations: removed wherever jieba cuts them as a word of their own.
PARTICLES = frozenset("呢 啊 嗯 呃 哈 呀 嘛 哦 噢 唉".split())
# Phrases that carry nothing in writing.
PHRASES = ("是吧", "对吧", "就是说", "怎么说呢", "那么呢", "然后呢", "这个这个", "那个那个")
# Demonstratives used as hesitation, and discourse markers that only keep the floor: removed at
# the start of a clause only ("那个重点统计的…", "然后我们…", "其实我觉得…").
HESITATIONS = ("这个", "那个", "然后", "其实", "那么")
_CLAUSE_BREAKS = "，。！？；、：,.!?;: \n\t"
_STUTTER = re.compile(r"([\u4e00-\u9fff]{2,8})\1+")
# A false start on one word: "我我我在那个…", "就就是" (not 谢谢 or 看看: only these words restart).
_FALSE_START = re.compile(r"([我你他她它这那就在])\1+")
_PUNCT_RUN = re.compile(r"([，、])[，、]+")


def _particle_spans(text: str) -> list[tuple[int, int]]:
    from .. import tokens

    spans, pos = [], 0
    for word in tokens._jieba().lcut(text):
        if word in PARTICLES:
            spans.append((pos, pos + len(word)))
        pos += len(word)
    return spans


def _phrase_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for phrase in PHRASES:
        spans += [(m.start(), m.end()) for m in re.finditer(re.escape(phrase), text)]
    for word in HESITATIONS:
        for m in re.finditer(re.escape(word), text):
            if m.start() == 0 or text[m.start() - 1] in _CLAUSE_BREAKS:
                spans.append((m.start(), m.end()))
    return spans


def _stutter_spans(text: str) -> list[tuple[int, int]]:
    """Each immediate repetition of a phrase, or of a pronoun or 就 ("我我"): keep the first,
    delete the rest."""
    return [(m.start() + len(m.group(1)), m.end()) for p in (_STUTTER, _FALSE_START) for m in p.finditer(text)]


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def filler_spans(text: str) -> list[tuple[int, int]]:
    """Spans of text that are fillers or stutters, merged, in order."""
    return _merged(_particle_spans(text) + _phrase_spans(text) + _stutter_spans(text))


def unbroken(text: str, start: int = 0, end: int | None = None) -> str:
    """text[start:end] with its mid-sentence line breaks deleted (judged on the whole text), and
    nothing else changed: how an answer shows a quote."""
    end = len(text) if end is None else end
    return without_spans(text, start, end, _merged(mid_sentence_breaks(text, start, end) + inner_labels(text, start, end)))


def inner_labels(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The line breaks and speaker labels ("\n发言人4：") inside text[start:end]: a speaker's next
    paragraph, which a quote reads on without."""
    end = len(text) if end is None else end
    out = []
    for match in handovers.LABEL.finditer(text, start, end):
        brk = text.rfind("\n", start, match.start())
        if match.start() > start and brk >= start and not text[brk:match.start()].strip():
            out.append((brk, match.end()))
    return out


def without_spans(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    parts, pos = [], start
    for s, e in spans:
        parts.append(text[pos:s])
        pos = e
    parts.append(text[pos:end])
    return "".join(parts)


def without(text: str, spans: list[tuple[int, int]]) -> str:
    cleaned = without_spans(text, 0, len(text), spans)
    cleaned = _PUNCT_RUN.sub(r"\1", cleaned)  # "，，" left where a filler stood between commas
    return re.sub(r"^[，、；：\s]+", "", cleaned)


def clean(text: str, breaks: list[tuple[int, int]] | None = None) -> str:
    """Fillers, stutters and mid-sentence line breaks out. breaks: those of text when they were
    judged on the whole transcript (a quote alone cannot tell a heading from running speech)."""
    breaks = mid_sentence_breaks(text) if breaks is None else breaks
    return without(text, _merged(filler_spans(text) + breaks + inner_labels(text)))
