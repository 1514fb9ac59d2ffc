"""What kind of answer a question wants, and what a passage must hold to give it."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

NUMBER, WHO, WHEN, LIST, YESNO, WHAT = "number", "who", "when", "list", "yesno", "what"

_CN_DIGITS = "零一二两三四五六七八九十百千万亿"
# A figure: Arabic (3.8, 6,692, ３８) or Chinese numerals, with an optional 万/亿 and a percent.
NUMERAL = rf"(?:\d[\d,，.．]*\d|\d|[０-９]+|[{_CN_DIGITS}]+)"
_FIGURE = re.compile(rf"{NUMERAL}\s*(?:[万亿千百])?\s*(?:%|％|[^\s\d，。、；,.]{{0,2}})")
# Measure words a count is said in (三级, 6 层, 两批): what 多少/几 asks for.
MEASURES = ("亿元|万元|美元|公里|分钟|小时|平方米|个|项|起|人|家|处|次|条|名|部|省|年|月|级|种|类|批|轮|位|点|层|届|"
            "期|所|座|艘|辆|吨|倍|套|台|天|周|岁|分|秒|米|亩|元|篇|场|本|张|首|只|块")
# A figure in digits or in Chinese numerals with a measure; a lone 一 before a measure is mostly
# the indefinite article of speech ("一个问题"), not a count.
_HAS_DIGIT = re.compile(rf"\d|[０-９]|百分之[零一二两三四五六七八九十百点几]+|"
                        rf"(?<![第一二两三四五六七八九十百千])(?!一(?:{MEASURES}))"
                        rf"[一二两三四五六七八九十百千]+(?:万|{MEASURES})")
_PERCENT_SPOKEN = re.compile(r"百分之[零一二两三四五六七八九十百点几]+")
FIT_BARE_FIGURE, FIT_OTHER_DIGITS = 0.6, 0.2
# "……，三百五，……": a spoken figure standing alone, its measure unsaid (not a piece of 改造六千多工程).
_SPOKEN_BARE = r"[一二两三四五六七八九十]+[百千万亿][一二两三四五六七八九十]?"
_BARE_FIGURE = re.compile(rf"\d(?:[\d.]*\d)?\s*[万亿]?\s*(?=[，。、；,;]|$|以[上下]|左右|多)"
                          rf"|(?<![\u4e00-\u9fff]){_SPOKEN_BARE}(?=[，。、；,;]|$)")
_DATE = re.compile(
    rf"{NUMERAL}\s*年(?:\s*{NUMERAL}\s*月)?|{NUMERAL}\s*月\s*{NUMERAL}\s*[日号]|{NUMERAL}\s*月(?:份|底|初|中旬|下旬|上旬)"
    r"|年初|年底|年内|上半年|下半年|春节|近期|去年|今年|明年|目前|当前|截至|以来"
)
# A day, not only a month or a year: what "哪天" / "几号" asks for.
_DAY = re.compile(rf"{NUMERAL}\s*[日号]|[周礼拜星期]{{1,2}}[一二三四五六日天末]")
_DAY_ASKED = re.compile(r"哪天|哪一天|几号|哪号|日期|\bwhat (?:date|day)\b|\bwhich (?:date|day)\b", re.I)
FIT_VAGUE_DATE = 0.5  # a month or a year for a question that asks the day
FIT_BARE_DAY = 0.8  # "18号", "周三": a day without its month or date
_YEAR = re.compile(r"(?:19|20)\d\d\s*年(?:度)?")
_PERSON = re.compile(r"同志|部长|省长|总理|委员|主任|书记|局长|市长|(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{2,3}(?=[：:])")
_ENUM = re.compile(r"[一二三四五六七八九十][是要]|第[一二三四五六七八九十]|、")

_KIND_PATTERNS = [
    (LIST, re.compile(r"哪些|哪几|哪[两三四五六七八九十]|有什么|有哪|包括什么|包括哪|列举|\bwhich\b.*\b(?:areas|measures|things|sectors|steps|ones)\b|\bwhat (?:are|were)\b|\blist\b", re.I)),
    (WHEN, re.compile(r"何时|什么时候|哪天|哪一天|哪一年|哪年|几月|几号|日期|时间是|截至什么|\bwhen\b|what (?:date|day|year|time)|which (?:date|day|year)", re.I)),
    (NUMBER, re.compile(r"多少|几|百分之|比例|比重|占比|幅度|成功率|增长率|下降率|\bhow (?:many|much)\b|percentage|\brate\b|number of|\bhow far\b", re.I)),
    (WHO, re.compile(r"谁|哪位|哪个人|什么人|\bwho(?:m|se)?\b", re.I)),
    # An English yes/no question opens with its auxiliary ("Did…?"); "what…did he mention?" does not.
    (YESNO, re.compile(r"是否|有没有|是不是|吗[？?]?$|^\s*(?:did|does|do|was|were|is|are|has|have|had)\b.*\?$", re.I)),
]

# The measure a count question asks for: 多少人 -> 人; "how many people" -> 人.
_MEASURE_ZH = re.compile(rf"(?:多少|几)(?:万|亿|千|百)?\s*(km|{MEASURES})")
_MEASURE_EN = [
    (re.compile(r"how many (?:people|persons|deaths|lives|workers|officials)|died|killed|dead", re.I), "人"),
    (re.compile(r"how many (?:accidents|incidents|fires|explosions)", re.I), "起"),
    (re.compile(r"percent|percentage|\brate\b|proportion", re.I), "%"),
    (re.compile(r"kilomet", re.I), "km"),
]
_MEASURE_ALIASES = {"人": "人名", "km": "km公里", "公里": "km公里", "%": "%％", "元": "元", "个": "个项座所家处"}


@dataclass(frozen=True)
class Kind:
    name: str
    measure: Optional[str] = None


# Where a Chinese question puts its ask: after its last comma ("…来多少看多少，这个建议被采纳了吗？").
_LAST_CLAUSE = re.compile(r"[^，,；;]*$")


def classify(question: str) -> Kind:
    """The kind of answer asked for, read from the last clause when that clause asks; the clauses
    before it often only recall what was said."""
    last = _LAST_CLAUSE.search(question.strip()).group()
    name = _kind_of(last) if last != question.strip() and re.search(r"[\u4e00-\u9fff]", last) else None
    name = name or _kind_of(question) or WHAT
    if name == WHEN:
        return Kind(name, "日" if _DAY_ASKED.search(question) else None)
    return Kind(name, measure(question) if name in (NUMBER, LIST, WHAT) else None)


def _kind_of(text: str) -> Optional[str]:
    return next((kind for kind, pattern in _KIND_PATTERNS if pattern.search(text)), None)


def measure(question: str) -> Optional[str]:
    match = _MEASURE_ZH.search(question)
    if match:
        return match.group(1)
    if re.search(r"百分之|百分比|比例|占比|幅度|率", question):
        return "%"
    for pattern, unit in _MEASURE_EN:
        if pattern.search(question):
            return unit
    return None


_AFTER_COUNT = re.compile(rf"(?:多少|几)(?:万|亿|千|百)?(?:{MEASURES})?([\u4e00-\u9fff]{{2,10}})")
_BEFORE_COUNT = re.compile(r"([\u4e00-\u9fff]{2,10}?)(?:了|共|一共|总共)?(?:多少|几)")


def counted_phrase(question: str) -> Optional[str]:
    """What a number question counts: 多少直接经济损失 -> 直接经济损失; 补偿需要多少亿元 -> 补偿需要."""
    after = _AFTER_COUNT.search(question)
    if after and after.group(1) not in ("亿元", "万元", "美元", "公里", "万人", "亿人"):
        return after.group(1)
    before = _BEFORE_COUNT.search(question)
    return before.group(1) if before else None


_FOCUS = re.compile(r"(?:什么|哪种|哪类|哪项|何种|怎样的)([\u4e00-\u9fff]{1,4})")


def focus_noun(question: str) -> Optional[str]:
    """The kind of thing asked for: 进入了什么阶段 -> 阶段. The answer is an instance of it."""
    match = _FOCUS.search(question)
    if not match:
        return None
    from ..tokens import words

    following = words(match.group(1))
    return following[0] if following else None


def figures(text: str) -> list[str]:
    return [m.group(0) for m in _FIGURE.finditer(text) if re.search(r"\d|[０-９]|[一二两三四五六七八九十百千万亿]", m.group(0))]


def has_measure(text: str, unit: str) -> bool:
    """Does text hold a figure counted in unit (人, 起, %…)? 2.74 万人 counts as 人."""
    accepted = _MEASURE_ALIASES.get(unit, unit)
    if unit == "%" and _PERCENT_SPOKEN.search(text):  # 百分之四十九点几
        return True
    for match in re.finditer(rf"{NUMERAL}\s*(?:多|余|万|亿|千|百)*\s*(%|％|km|公里|亿元|万元|[\u4e00-\u9fff])", text):
        found = match.group(1)
        if match.group(0).startswith("一") and match.group(0)[1:2] == found:
            continue  # "一个结论": the article of speech, not a count
        if found in accepted or found == unit or (unit in ("人",) and found == "名"):
            return True
    return False


def given_figures(question: str) -> list[str]:
    """Arabic figures the question itself says (邻里鲜5.2, 6台): they name the thing, not the answer."""
    return re.findall(r"\d+(?:\.\d+)?", question)


def fits(kind: Kind, text: str, given: tuple[str, ...] = ()) -> float:
    """How well a passage matches the kind of answer wanted: 0 (no) to 1 (yes). A figure the
    question gives (`given`) is no answer to how many."""
    if kind.name == NUMBER:
        for figure in given:
            text = re.sub(rf"(?<![\d.]){re.escape(figure)}(?![\d.])", " ", text)
        if kind.measure != "年":
            text = _YEAR.sub(" ", text)  # "2020 年" names a year; it is not a count
        if kind.measure:
            if has_measure(text, kind.measure):
                return 1.0
            # Recognisers drop measure words ("整治重大隐患 1.02 万以下"): a figure followed by
            # no unit at all may still be the count asked for.
            return FIT_BARE_FIGURE if _BARE_FIGURE.search(text) else (FIT_OTHER_DIGITS if _HAS_DIGIT.search(text) else 0.0)
        return 1.0 if _HAS_DIGIT.search(text) or _BARE_FIGURE.search(text) else 0.0
    if kind.name == WHEN:
        for figure in given:  # "本来想放在12月26号，最后定在哪天？": the date asked about is no answer
            text = re.sub(rf"(?<![\d.]){re.escape(figure)}\s*(?=[月日号])", " ", text)
        dated, day = bool(_DATE.search(text)), bool(_DAY.search(text))
        if dated and (day or not kind.measure):
            return 1.0
        return FIT_BARE_DAY if day else FIT_VAGUE_DATE if dated else 0.0
    if kind.name == WHO:
        return 1.0 if _PERSON.search(text) else 0.0
    if kind.name == LIST:
        return min(1.0, len(_ENUM.findall(text)) / 3)
    return 0.5
