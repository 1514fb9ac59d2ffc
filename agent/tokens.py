"""Lexical tokens for BM25 and answer scoring: jieba words plus CJK character bigrams.

Bigrams make matching tolerant of speech-recognition errors and of jieba splitting a
mis-recognised word differently from the correct one in the question."""
from __future__ import annotations

import logging
import re
from functools import lru_cache

_WORDLESS = re.compile(r"^[\W_]+$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CJK_RUNS = re.compile(r"[\u4e00-\u9fff]+")
# Question words and function words carry no evidence.
STOPWORDS = frozenset(
    "的 了 是 在 和 与 及 或 也 都 就 要 把 被 对 为 从 这 那 有 个 呢 啊 吗 吧 嘛 呀 哪 什么 多少 几 哪些 哪个 哪里 哪天 "
    "谁 怎么 怎样 如何 为什么 何时 何 是否 有没有 会上 会议 提到 提出 说 讲 表示 指出 这次 一个 我们 他 她 它 其 "
    "哪位 哪种 哪类 哪项 哪家 哪年 哪次 哪条 百分之几 多大 多久 多长 "
    "what which who whom when where why how many much did does do is are was were the a an of in on to for by "
    "and or with about at from as be been that this it its his her their they".split()
)


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


COMMON_FREQ = 1000  # jieba's dictionary count above which a word is everyday language (比例, 资金)


def frequency(word: str) -> int:
    """The word's count in jieba's dictionary (0: not a word of it)."""
    return _jieba().dt.FREQ.get(word, 0)


def common(word: str) -> bool:
    """Is the word everyday language rather than a term (保修期, 违约金)?"""
    return frequency(word) >= COMMON_FREQ


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


# 哪种, 哪两个, 哪三项, 哪一年: the question word with its numeral and measure, which jieba would
# otherwise leave behind as 种 or 两个, weighed as rare content words.
_WHICH = re.compile(r"哪[一二两三四五六七八九十几]*(?:方面|里|儿|[个位种类项家年次条些天件点场所座部省市])?")


def words(text: str) -> list[str]:
    """jieba words, lower-cased, without punctuation, whitespace, stopwords or question words."""
    out = []
    for word in _jieba().lcut(_WHICH.sub(" ", text)):
        word = word.strip().lower()
        if word and not _WORDLESS.match(word) and word not in STOPWORDS:
            out.append(word)
    return out


def said_as_words(text: str, form: str, margin: int = 8) -> bool:
    """Is form said in text other than as a piece of a longer word ("验科" of 检验科; "华东一号机组"
    and a misheard "假流阳性率" count)? Each occurrence is cut by jieba with a few characters around."""
    jieba = _jieba()
    start = text.find(form)
    while start >= 0:
        left = max(0, start - margin)
        window = text[left:start + len(form) + margin]
        s, e = start - left, start - left + len(form)
        if not any(a <= s and e <= b and b - a > len(form) for _, a, b in jieba.tokenize(window)):
            return True
        start = text.find(form, start + 1)
    return False


def bigrams(text: str) -> list[str]:
    out = []
    for run in _CJK_RUNS.findall(text):
        out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out


def tokens(text: str, with_bigrams: bool = True) -> list[str]:
    return words(text) + bigrams(text) if with_bigrams else words(text)

_ORG = re.compile(r"^[\u4e00-\u9fff]{2,}(?:部|局|厅|委|办|署|院)$")
_ENTITY_FLAGS = {"ns", "nt"}
_NUMERAL = re.compile(r"^(?:\d+|[一二两三四五六七八九十百千万几]+)$")
_MEASURE_WORDS = frozenset("台个家位名份件只辆套张条项所座")
_DEGREES = ("度", "率")  # 满意度, 良品率: what is measured, not who (jieba tags some as organisations)
# Roles of any meeting that jieba's dictionary tags as places (嘉宾 is "ns"): never an entity.
ROLES = frozenset("嘉宾 主持人 主持 观众 听众 老师 同学 大家 各位 领导 专家 代表".split())


def entities(text: str) -> list[str]:
    """Places, people and organisations named in a question (jieba's part-of-speech tags, plus
    words shaped like an agency: 交通运输部, 应急管理局). A passage that answers must name them too."""
    import jieba.posseg

    _jieba()
    found, before = [], ""
    for pair in jieba.posseg.lcut(text):
        word = pair.word.strip()
        if before and _NUMERAL.match(before) and word[:1] in _MEASURE_WORDS:
            word = word[1:]  # "6台信达": jieba cuts 6 / 台信达, the count's measure word is not the name's
        before = pair.word
        if (len(word) >= 2 and (pair.flag in _ENTITY_FLAGS or _ORG.match(word)) and word not in ROLES
                and not word.endswith(_DEGREES) and word not in found):
            found.append(word)
    return found


@lru_cache(maxsize=1)
def general_idf() -> tuple[dict[str, float], float]:
    """jieba's table of how rare each word is in general Chinese text, and its median: what makes a
    word worth a summary's room, whatever else the library holds."""
    import jieba.analyse

    _jieba()
    table = jieba.analyse.TFIDF()
    return table.idf_freq, table.median_idf


def person_names(text: str) -> set[str]:
    """Words jieba reads as people's names (杜俊平, 王鹤野)."""
    import jieba.posseg

    _jieba()
    return {p.word for p in jieba.posseg.lcut(text) if p.flag == "nr" and len(p.word) >= 2}


def nounlike(word: str) -> bool:
    """Is the word a noun or verbal noun in jieba's dictionary, or a word of three characters or
    more not in it (new terms such as 区块链 are mostly names of things; two-character words jieba
    guesses from speech are mostly pieces such as 地去)? A table lookup, not the slower tagger."""
    import jieba.posseg

    _jieba()
    tag = jieba.posseg.dt.word_tag_tab.get(word)
    if tag is None:
        return len(word) >= 3
    return (tag.startswith("n") and tag not in ("nr", "nrt")) or tag == "vn"


def tagged(text: str) -> list[tuple[str, str]]:
    """(word, part-of-speech tag) pairs by jieba."""
    import jieba.posseg

    _jieba()
    return [(p.word, p.flag) for p in jieba.posseg.lcut(text)]


def nouns(text: str) -> list[str]:
    """The nouns of a phrase (jieba part-of-speech n*, vn), without time words."""
    import jieba.posseg

    _jieba()
    return [p.word for p in jieba.posseg.lcut(text) if p.flag.startswith("n") or p.flag == "vn"]


def is_organisation(word: str) -> bool:
    return bool(_ORG.match(word))


def is_place_or_org(word: str) -> bool:
    """A single word that jieba tags as a place or organisation, or shaped like an agency."""
    import jieba.posseg

    _jieba()
    pairs = jieba.posseg.lcut(word)
    return is_organisation(word) or (len(pairs) == 1 and pairs[0].flag in _ENTITY_FLAGS)


def mentions(context: str, entity: str, alternatives: tuple[str, ...] = ()) -> bool:
    """Is entity named in context: as written, without its 省/市 suffix, by an alternative name,
    or by a homophone (speech recognition writes 山东 as 山洞)?"""
    forms = {entity, *alternatives}
    if len(entity) >= 3 and entity[-1] in "省市县区":
        forms.add(entity[:-1])
    return any(form in context for form in forms) or any(homophone_in(context, f) for f in forms if len(f) >= 2)


# Sounds that Mandarin speakers and recognisers confuse: retroflex and flat initials, n/l,
# front and back nasal finals.
_FUZZY = [(re.compile(r"^(z|c|s)h"), r"\1"), (re.compile(r"^l"), "n"), (re.compile(r"(e|i)ng$"), r"\1n")]


@lru_cache(maxsize=None)
def _syllable(char: str, fuzzy: bool) -> str:
    from pypinyin import lazy_pinyin

    out = lazy_pinyin(char)[0]  # toneless; a character is read the same wherever it stands here
    if fuzzy:
        for pattern, repl in _FUZZY:
            out = pattern.sub(repl, out)
    return out


@lru_cache(maxsize=4096)
def _sounds(text: str, fuzzy: bool = False) -> str:
    """The text as a string of syllables, one per character, each followed by a space."""
    return "".join(_syllable(ch, fuzzy) + " " for ch in text)


def homophone_in(context: str, word: str, fuzzy: bool = False) -> bool:
    """Does context hold characters that sound like word (tones ignored; with fuzzy, also
    z/zh, c/ch, s/sh, n/l, en/eng, in/ing)?"""
    if not has_cjk(word):
        return False
    heard = " " + _sounds(context, fuzzy)
    return " " + _sounds(word, fuzzy) in heard
