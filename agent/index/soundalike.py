"""Question terms the recogniser wrote differently: 华龙一号 asked, 华东一号 in the transcript.

A question word that occurs nowhere in the corpus is looked up by sound: every span of the
meetings in scope whose characters sound like the question's span around that word (one
character may sound quite different when the span has three or more, as 龙 and 东 do) becomes a
form the lexical search also looks for. The judge is the one quote correction uses
(`sounds.sounds_like`), so a span that is a word of its own is not taken for a two-character term.

Spans are found through a syllable string per document (one code per character, the fuzzy
syllable: tones, z/zh, n/l, en/eng ignored; non-Chinese characters a separator), searched with a
regular expression that leaves one position free: a few milliseconds over a library of meetings."""
from __future__ import annotations

import re
from functools import lru_cache

from .. import sounds, tokens

MAX_SPAN = 4
MAX_FORMS = 3  # sound-alike forms kept per question word
_SEPARATOR = "|"
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


@lru_cache(maxsize=1 << 14)
def _code(ch: str) -> str:
    """One character standing for the fuzzy syllable of ch, or the separator."""
    if not sounds.is_cjk(ch):
        return _SEPARATOR
    return _codebook().setdefault(sounds.fuzzy_syllable(ch), chr(0x3400 + len(_codebook())))


@lru_cache(maxsize=1)
def _codebook() -> dict[str, str]:
    return {}


def encode(text: str) -> str:
    return "".join(_code(ch) for ch in text)


class SoundIndex:
    """The syllable string of every document of a corpus, built on first use."""

    def __init__(self, texts: dict[str, str]):
        self.texts = texts
        self._codes: dict[str, str] = {}

    def codes(self, doc_id: str) -> str:
        if doc_id not in self._codes:
            self._codes[doc_id] = encode(self.texts[doc_id])
        return self._codes[doc_id]

    def heard(self, span: str, doc_ids: list[str], free: range) -> list[tuple[str, float]]:
        """Spans of the documents that sound like span, with how alike, best first. Only the positions in `free`
        may hold other characters; one of them may sound quite different when span is three
        characters or more."""
        code = encode(span)
        n = len(span)
        if n < 2 or _SEPARATOR in code:
            return []
        loose = list(free) if n >= 3 else []
        options = [re.escape(code)] + [re.escape(code[:i]) + f"[^{_SEPARATOR}]" + re.escape(code[i + 1:])
                                       for i in loose]
        pattern = re.compile("(?=(?:" + "|".join(options) + "))")
        found: dict[str, float] = {}
        for doc_id in doc_ids:
            text = self.texts[doc_id]
            for m in pattern.finditer(self.codes(doc_id)):
                heard = text[m.start():m.start() + n]
                if heard in found or heard == span:
                    continue
                if any(heard[i] != span[i] for i in range(n) if i not in free):
                    continue
                confidence = sounds.sounds_like(heard, span)
                if confidence >= sounds.MIN_CONFIDENCE:
                    found[heard] = confidence
        return sorted(found.items(), key=lambda kv: -kv[1])


def unknown_words(question: str, known) -> list[str]:
    """Chinese words of the question (two characters or more) that the corpus never has."""
    return [w for w in dict.fromkeys(tokens.words(question))
            if len(w) >= 2 and sounds.is_cjk(w) and not known(w)]


def forms(question: str, index: SoundIndex, doc_ids: list[str], known) -> list[tuple[str, str]]:
    """(asked, heard) pairs: a span of the question around a word the corpus never has, and a
    span of the meetings that sounds like it. The longest span that finds anything wins."""
    out: list[tuple[str, str]] = []
    for word in unknown_words(question, known):
        for run in _CJK_RUN.finditer(question):
            at = run.group().find(word)
            if at < 0:
                continue
            out.extend(_around(run.group(), at, len(word), index, doc_ids))
            break
    return out


def _around(run: str, at: int, n: int, index: SoundIndex, doc_ids: list[str]) -> list[tuple[str, str]]:
    """Spans of run that overlap the word at run[at:at+n] (jieba cuts a misheard word oddly:
    安全声产有 -> 安全 / 声产有), and what the meetings have that sounds like them: the most
    alike first (to a tenth), then the one covering more of the word, then the longer. Only the
    characters of the word may differ."""
    found: dict[str, tuple[float, int, int, str]] = {}
    for length in range(min(max(MAX_SPAN, n), len(run)), 1, -1):
        for begin in range(max(0, at - length + 1), min(at + n, len(run) - length + 1)):
            span = run[begin:begin + length]
            free = range(max(begin, at) - begin, min(begin + length, at + n) - begin)
            for heard, alike in index.heard(span, doc_ids, free):
                found[heard] = max(found.get(heard, (0.0, 0, 0, "")), (round(alike, 1), len(free), length, span))
    chosen: list[str] = []
    for heard in sorted(found, key=lambda h: (tuple(-x for x in found[h][:3]), h)):
        if not any(_same_place(heard, c) for c in chosen):
            chosen.append(heard)
    return [(found[h][3], h) for h in chosen[:MAX_FORMS]]


def _same_place(a: str, b: str) -> bool:
    """Two heard forms of one passage (东一号机, 华东一号): most of their bigrams shared."""
    pairs = [set(x[i:i + 2] for i in range(len(x) - 1)) for x in (a, b)]
    return len(pairs[0] & pairs[1]) * 2 >= min(len(p) for p in pairs)
