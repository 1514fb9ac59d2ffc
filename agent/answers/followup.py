"""Follow-up questions in a chat, understood by rule: what the user means given the turns before.

People chat: after "2020年全国一共发生了多少起生产安全事故？" they ask "其中重大事故呢？",
"那江苏呢？", "他讲的第四个方面是什么？", "具体包括哪些？". Each is read against the last
turn that was understood (its standalone question and its citations):
- a pronoun (他 / 她 / 这位) is the speaker just cited: named in the question, and the answer
  is looked for in what that speaker said;
- a fragment ("其中重大事故呢？", "那江苏呢？", "河南呢？", "那今年的目标呢？") is the last question
  with one slot switched: a place, a time, a person, or the thing asked about (narrowed when the
  fragment's head word is the thing's: 重大事故 for 生产安全事故);
- an ordinal ("第三个呢？") and a request for more ("具体包括哪些？", "还有呢？") are looked for
  around the last citations first (agent/answers/around.py);
- anything else starts a new subject and is left as typed.
The meeting of the last answer is kept for every follow-up."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Optional

from .. import tokens
from ..answer import Citation

NEW, PRONOUN, SLOT, NARROW, ORDINAL, MORE, ELLIPSIS = "new", "pronoun", "slot", "narrowing", "ordinal", "more", "ellipsis"

_ASKING = re.compile(r"多少|几|什么|哪|谁|吗|怎么|怎样|如何|为什么|为何|是否|是不是|有没有|要不要|能不能|会不会")
_LEAD = re.compile(r"^(?:那么|那|然后|其中|这里面|这当中|这其中|里面|另外|此外)[，,、\s]*")
_TAIL = re.compile(r"(?:的情况|的话|怎么样|如何|又如何)?\s*(?:呢|啊|呀)?\s*[？?。！!]*$")
_PRONOUN = re.compile(r"(?<![其吉])(?:他|她)(?:们)?(?!人|国|日|乡|处|山|杀|者)|这位(?:嘉宾|老师|领导|同志|专家|发言人)?|那位(?:嘉宾|老师|领导|同志|专家)?|该同志")
_MORE = re.compile(r"^(?:那|那么)?(?:具体(?:都|还)?(?:包括|有|是|指|说|讲|讲了|说了|怎么|内容|措施|做法|呢)|还有(?:呢|吗|别的|什么|哪些|其他|其它)|"
                   r"然后呢|接着呢|后面呢|展开|详细|比如(?:呢|说)?|举个?例子|另外(?:几|两|三|的)|其他(?:的|几|两|三)|其它|剩下|别的呢|除此之外)")
_NUMERAL = "一二两三四五六七八九十"
_ORDINAL = re.compile(rf"第\s*([{_NUMERAL}\d]+)\s*(?:个|点|条|项|方面|种|类|部分|件|是|步)?")
_YEAR = re.compile(r"(?:\d{4}|[一二〇零○]{4})\s*年(?:度)?|今年|去年|明年|前年|上半年|下半年|本年度|上个?月|下个?月|这个月|本月|本周|下周|上周")
_CONCATENATED = re.compile(r"，[^，？]{1,14}呢？$")
_WIDE = ("全国", "全省", "全市", "各地", "各省", "全区", "全县")
FRAGMENT_CHARS = 14  # a fragment that ends in 呢 and asks nothing of its own is short


@dataclass(frozen=True)
class Said:
    """What a conversation carries from an answered turn."""
    question: str  # the standalone question that was answered (understood)
    citations: tuple[Citation, ...] = ()
    answerable: bool = True


@dataclass(frozen=True)
class Reading:
    """How a turn is understood: the question to answer and where to look."""
    question: str  # standalone
    how: str = NEW
    doc: Optional[str] = None  # the meeting kept from the last answer
    speaker: Optional[str] = None  # the speaker a pronoun stands for (a label or name)
    ordinal: Optional[int] = None
    around: tuple[Citation, ...] = field(default_factory=tuple)  # the citations to look around first
    rewritten_by: Optional[str] = None  # the prompt id, when the LLM wrote the question (rewrite_llm)
    near: tuple[Citation, ...] = field(default_factory=tuple)  # a follow-up's answer is likely near these


def numeral(text: str) -> Optional[int]:
    """一 -> 1, 十二 -> 12, 4 -> 4, 两 -> 2 (the ordinals people say)."""
    if text.isdigit():
        return int(text)
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (digits.get(tens, 1) if tens else 1) * 10 + (digits.get(ones, 0) if ones else 0)
    return digits.get(text)


def understand(question: str, history: list[Said]) -> Reading:
    """The reading of a turn given the turns before it (the last one that was answered counts).
    A follow-up is looked for near the last citations first (Reading.near)."""
    reading = _understand(question, history)
    quoted = next((s for s in reversed(history) if s.citations), None)
    if reading.how == NEW or quoted is None:
        return reading
    return replace(reading, near=quoted.citations)


def _understand(question: str, history: list[Said]) -> Reading:
    last = next((s for s in reversed(history) if s.question), None)
    text = question.strip()
    if last is None or not text:
        return Reading(text)
    doc = _doc_of(last)
    quoted = next((s for s in reversed(history) if s.citations), None)  # a refusal cites no one
    cited = quoted.citations[-1] if quoted else None
    ordinal = _ORDINAL.search(text)
    if ordinal and numeral(ordinal.group(1)) and _short_of_subject(text, ordinal):
        named = _with_speaker(text, cited)
        if named == text and cited is not None and cited.speaker:
            named = f"{_name(cited)}讲的{_counted(text, ordinal, last.question)}"
        return Reading(named, ORDINAL, (doc or _doc_of(quoted)) if quoted else doc, _speaker(cited),
                       numeral(ordinal.group(1)), quoted.citations if quoted else ())
    if (_MORE.match(text) or _MORE.match(_LEAD.sub("", text))) and len(text) <= FRAGMENT_CHARS:
        return Reading(last.question, MORE, doc, _speaker(cited), None, last.citations)
    if _PRONOUN.search(text) and cited is not None and cited.speaker:
        asked = _person_asked(last.question, cited)
        if asked:  # "蒋总怎么看…？" "他觉得…？": the one the question named, whoever the answer quoted
            return Reading(_PRONOUN.sub(asked, text, count=1), PRONOUN, doc or cited.doc_id)
        return Reading(_with_speaker(text, cited), PRONOUN, cited.doc_id, cited.speaker)
    fragment = _fragment(text)
    if fragment is not None:
        lead = "其中" if text.startswith(("其中", "这里面", "这当中", "这其中")) else ""
        switched, how = switch([s.question for s in history if s.question], fragment, lead)
        return Reading(switched, how, doc)
    if text.startswith("那") and _ASKING.search(text):
        return Reading(_LEAD.sub("", text), SLOT, doc)  # "那运营那边谁负责？": the same meeting
    carried = _carried(text, last.question)
    if carried is not None:
        return Reading(carried, ELLIPSIS, doc)
    return Reading(text)


ELLIPSIS_CHARS = 10  # a question this short, naming at most one thing, leans on the last one
_QUESTION_NOUNS = frozenset("时候 多少 什么 哪里 哪儿 几点 哪天 哪些 人次".split())
_NOT_NAMES = frozenset("一共 一下 最后 现在 目前 当时".split())
_CARRIED_FLAGS = ("n", "vn", "t", "nz", "j", "eng", "i", "l")


def _carried(text: str, last: str) -> Optional[str]:
    """"开到几点？" after "儿科夜间门诊最后开不开？": a short question that asks but names at most
    one thing takes the names of the last question that it lacks (儿科夜间门诊开到几点？)."""
    if len(text) > ELLIPSIS_CHARS or not _ASKING.search(text) or tokens.entities(text):
        return None
    own = [w for w, f in tokens.tagged(text) if f.startswith(("n", "vn")) and w not in _QUESTION_NOUNS]
    if len(own) > 1:
        return None
    pairs = tokens.tagged(last)
    names = []
    for n, (word, flag) in enumerate(pairs):
        if not flag.startswith(_CARRIED_FLAGS) or word in _QUESTION_NOUNS or word in _NOT_NAMES or len(word) < 2:
            continue
        before = pairs[n - 1][0] if n and re.fullmatch(r"\d+(?:\.\d+)?", pairs[n - 1][0]) else ""
        if before + word not in text:
            names.append(before + word)  # 8月份, 5.2版本: the figure goes with its word
    names += [y.group(0) for y in _YEAR.finditer(last) if y.group(0) not in text and not any(y.group(0) in w for w in names)]
    if not names:
        return None
    ordered = sorted(dict.fromkeys(names), key=last.find)
    return "".join(ordered) + _LEAD.sub("", text)


_TITLED = re.compile(r"[\u4e00-\u9fff]{1,3}?(?:老师|总|部长|主任|经理|院长|校长|教授|博士|女士|先生|书记|省长|市长|局长|厂长)")


def _person_asked(question: str, cited: Citation) -> Optional[str]:
    """The person the last question named (蒋总, 陈道富), when it is not the speaker the answer cited."""
    found = [m.group(0) for m in _TITLED.finditer(question)] + sorted(tokens.person_names(question), key=question.find)
    named = {cited.speaker or "", *cited.aliases}
    for person in found:
        if not any(person in n or n in person for n in named if n):
            return person
    return None


def _doc_of(said: Said) -> Optional[str]:
    docs = {c.doc_id for c in said.citations}
    return docs.pop() if len(docs) == 1 else None


def _speaker(cited: Optional[Citation]) -> Optional[str]:
    return cited.speaker if cited is not None else None


def _name(cited: Citation) -> str:
    """How the question names the speaker: the name the meeting gives a labelled speaker, else
    the label or name itself."""
    return cited.aliases[0] if cited.aliases else (cited.speaker or "")


def _with_speaker(text: str, cited: Optional[Citation]) -> str:
    if cited is None or not cited.speaker:
        return text
    # 他们公司 is the speaker's company: 池老师他们公司.
    return _PRONOUN.sub(lambda m: _name(cited) + ("他们" if m.group(0).endswith("们") else ""), text, count=1)


_COUNTED = re.compile(r"几(个|项|点|条|种|类|步|件|部分)?(方面|措施|建议|要求|问题|任务|工作|做法|原因|挑战|阶段)?")


def _counted(text: str, ordinal: re.Match, last: str) -> str:
    """"第二个呢？" after "…哪几个方面的工作？": 第二个方面是什么？ (what the last question counted)."""
    counted = _COUNTED.search(last)
    says_what = re.match(rf"第\s*{ordinal.group(1)}\s*个?\s*(?:方面|点|条|项|种|类|步|件|部分)", text[ordinal.start():])
    if not counted or not any(counted.groups()) or says_what:
        return _LEAD.sub("", text)
    unit, thing = counted.group(1) or "个", counted.group(2) or ""
    return f"第{ordinal.group(1)}{unit}{thing}是什么？"


def _short_of_subject(text: str, ordinal: re.Match) -> bool:
    """"第三个呢？", "他讲的第四个方面是什么？": nothing but the ordinal, a pronoun and asking words."""
    rest = _PRONOUN.sub("", text[:ordinal.start()] + text[ordinal.end():])
    rest = re.sub(r"讲的|说的|提的|提到的|谈的|是什么|是啥|是哪个|有哪些|呢|吗|[的了是又再呀啊，,？?。！!\s]", "", rest)
    rest = _LEAD.sub("", rest)
    return len(rest) <= 4


def _fragment(text: str) -> Optional[str]:
    """The words of a fragment ("其中重大事故呢？" -> 重大事故, "那江苏呢？" -> 江苏), or None when
    the turn is a question of its own."""
    led = _LEAD.match(text)
    core = _TAIL.sub("", _LEAD.sub("", text)).strip("，,、 ")
    if not core:
        return None
    ends_ne = bool(re.search(r"呢\s*[？?]*$", text))
    asks = bool(_ASKING.search(core))
    if ends_ne and not asks and len(text) <= FRAGMENT_CHARS:
        return core
    if led and text.startswith(("其中", "这里面", "这当中", "这其中")):
        return core
    if led and text.startswith("那") and not asks and len(core) <= FRAGMENT_CHARS:
        return core  # "那江苏？"
    return None


def switch(questions: list[str], fragment: str, lead: str = "") -> tuple[str, str]:
    """The last question (questions: the conversation's, in order) with the fragment's slot
    switched in: a time, a place, a person, or the thing asked about (lead: how the fragment was
    led in, 其中). A place or time is switched in the last question that names one ("江苏省的整治
    有什么成效？" "他还提到了什么？" "那河南呢？" asks of 河南's 整治). (question, how)"""
    questions = [_CONCATENATED.sub("？", q) for q in questions]  # "…，其中儿科呢？" asked again is its first part
    last = questions[-1]
    body = fragment[1:] if fragment.startswith(("对", "在", "和", "跟")) and len(fragment) > 2 else fragment
    year = _YEAR.search(body)
    if year:
        base = next((q for q in reversed(questions) if _YEAR.search(q)), last)
        rest = (body[:year.start()] + body[year.end():]).strip("的 ")
        question = _replace_time(base, year.group(0))
        if rest:
            question, _ = switch([*questions, question], rest, lead)
        return question, SLOT
    if _is_place(body) or body in _WIDE:
        base = next((q for q in reversed(questions) if _places(q)), last)
        return _replace_place(base, body), SLOT
    if tokens.person_names(body) == {body}:
        base = next((q for q in reversed(questions) if tokens.person_names(q)), None)
        if base is not None:
            return base.replace(sorted(tokens.person_names(base), key=base.find)[0], body, 1), SLOT
    return _narrow(last, body, lead)


def _places(question: str) -> list[str]:
    return [e for e in tokens.entities(question) if _is_place(e)] + [w for w in _WIDE if w in question]


def _replace_time(last: str, when: str) -> str:
    found = _YEAR.search(last)
    if found:
        return last[:found.start()] + when + last[found.end():]
    return when + last


def _is_place(word: str) -> bool:
    return tokens.is_place_or_org(word) and not tokens.is_organisation(word)


def _replace_place(last: str, place: str) -> str:
    old = next(iter(_places(last)), None)
    if old:
        return last.replace(old, place, 1)
    year = _YEAR.search(last)
    if year:  # "2020年发生了多少起事故" -> "2020年江苏发生了多少起事故"
        return last[:year.end()] + place + last[year.end():]
    return place + last


_MODIFIER = ("n", "vn", "a", "b", "i", "j", "l", "nz", "eng")  # what may stand in a thing's name


def _narrow(last: str, thing: str, lead: str = "") -> tuple[str, str]:
    """"其中重大事故" of "…多少起生产安全事故？": the name in the last question that ends as the
    fragment's head (事故) gives way to it; so does one whose last character it shares (测试组 and
    设备组: 组). Else a part (其中儿科) is named after the whole, before what is done (上周门诊儿科
    一共…); else the fragment is asked on the end of the last question ("…花多少钱，压测的云资源呢？")."""
    spans, pos = [], 0
    for word, flag in tokens.tagged(last):
        spans.append((pos, pos + len(word), flag))
        pos += len(word)
    for size in (2, 1):
        head = thing[-size:]
        at = last.rfind(head)
        if len(thing) <= size or at < 0:
            continue
        i = next(i for i, (s, e, _) in enumerate(spans) if s <= at + size - 1 < e)
        j = i
        while j > 0 and spans[j - 1][2].startswith(_MODIFIER) and last[spans[j - 1][0]:spans[j - 1][1]] not in _NOT_NAMES:
            j -= 1
        s, e = spans[j][0], spans[i][1]
        if last[s:e] != thing:
            return last[:s] + thing + last[e:], NARROW
    # "其中儿科" of "上周门诊一共看了多少人次？": the part named after the whole (上周门诊儿科一共…).
    seen_noun = False
    for s, e, flag in (spans if lead else ()):
        if flag.startswith(("n", "vn")) and not flag.startswith("nr"):
            seen_noun = True
        elif seen_noun and (flag.startswith(("v", "d", "m", "p", "r")) or last[s:e] in _NOT_NAMES):
            return last[:s] + thing + last[s:], NARROW
    return f"{last.rstrip('？?。 ')}，{lead}{thing}呢？", NARROW
