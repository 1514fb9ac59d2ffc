"""The question's terms and how much of them a passage covers: each content word weighted by its
rarity in the corpus, with credit for misrecognised words (shared bigrams, sound, a 的 inside a
compound) and for words said side by side in the question that stand side by side in the passage."""
from __future__ import annotations

import math
import re

from .. import tokens
from ..index.library import Corpus
from . import qkind
from .retrieval import year_forms

W_FOCUS = 0.5  # "进入了什么阶段": the answer names a stage (瓶颈期), seldom the word 阶段 itself
# A person's name the corpus never has: recognition garbled it (or the meeting calls them 杜总),
# so no passage can hold it; it weighs this share of its rarity.
W_UNHEARD_NAME = 0.25


class Terms:
    """The question's content words, each weighted by its rarity in the corpus. An English
    question's words count by the Chinese words they may stand for (crosslingual)."""

    def __init__(self, question: str, corpus: Corpus, alias_groups=(), years: set[int] = frozenset()):
        n = max(corpus.chunk_count, 1)
        if tokens.has_cjk(question):
            pairs = _chinese_terms(question, alias_groups, years)
        else:
            pairs = corpus.translator.terms(question)
        focus = qkind.focus_noun(question)
        self.figures = tuple(qkind.given_figures(question))
        names = tokens.person_names(question) if tokens.has_cjk(question) else set()
        self.items = []
        self.phrases = []
        for word, forms in pairs:
            df = max(corpus.df.get(f, 0) for f in forms)
            grams = set(tokens.bigrams(word)) if len(forms) == 1 else set()
            weight = math.log((n + 1) / (df + 0.5)) * (W_FOCUS if word == focus else 1.0)
            if df == 0 and word in names:
                weight *= W_UNHEARD_NAME
            self.items.append((forms, weight, grams))
        # Two question words said side by side ("安全管理") make a phrase, found when the passage
        # has them side by side too, or with one character between (较大及以上 for 较大以上).
        lowered = question.lower()
        for (forms_a, weight_a, _), (forms_b, weight_b, _) in zip(self.items, self.items[1:]):
            pattern = "|".join(f"{re.escape(a)}.?{re.escape(b)}" for a in forms_a for b in forms_b if a + b in lowered)
            if pattern:
                self.phrases.append((re.compile(pattern), min(weight_a, weight_b)))

    def phrases_found(self, text: str) -> float:
        """The weighted share of the question's phrases found in text (0 when it has none)."""
        total = sum(w for _, w in self.phrases)
        lowered = text.lower()
        return sum(w for pattern, w in self.phrases if pattern.search(lowered)) / total if total else 0.0

    def coverage(self, text: str) -> float:
        total = sum(w for _, w, _ in self.items)
        if not total:
            return 0.0
        lowered = text.lower()
        grams = set(tokens.bigrams(text))
        got = 0.0
        for forms, weight, word_grams in self.items:
            if any(f in lowered for f in forms) or (word_grams and _split_by_de(forms[0], lowered)):
                got += weight
            elif word_grams:
                # Partial credit for a misrecognised word: 采掘 vs 采集 share nothing, but
                # 智能化采掘工作面 vs 智能化采集工作面 share most bigrams; 作出 heard as 做出
                # shares its sound.
                shared = len(word_grams & grams) / len(word_grams)
                if shared < 1 and tokens.homophone_in(text, forms[0]):
                    shared = 1.0
                got += 0.8 * weight * shared
        return got / total


def _split_by_de(word: str, text: str) -> bool:
    """重要批示 said as 重要的批示: a compound of two words with 的 between them."""
    if len(word) < 4 or "的" not in text:
        return False
    return any(f"{word[:i]}的{word[i:]}" in text for i in range(2, len(word) - 1))


def _chinese_terms(question: str, alias_groups, years: set[int]) -> list[tuple[str, tuple[str, ...]]]:
    """Names with other names (住建部 = 住房和城乡建设部) count as one term with all its forms; a
    relative year (去年) counts by the years it may mean; other words as jieba cuts them."""
    pairs, rest = [], question
    for group in alias_groups:
        hit = next((name for name in sorted(group, key=len, reverse=True) if name in rest), None)
        if hit:
            pairs.append((hit, tuple(group)))
            rest = rest.replace(hit, " ")
    relative = year_forms(rest, years)
    for word in dict.fromkeys(tokens.words(rest)):
        pairs.append((word, (word, *relative.get(word, ()))))
    return pairs
