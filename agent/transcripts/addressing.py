"""Who a labelled speaker is: names a meeting gives its 发言人N.

Recorders label speakers 发言人1, 说话人 2, Speaker 3; the meeting itself says who they are. A
moderator hands over ("那我们先从池老师这一侧开始", "有请徐金涛老师") and thanks ("谢谢乔老师"),
guests introduce themselves ("我是北京市第三十五中学的朱庆民校长"), and an introduction joins a
full name to its short form ("黑派科技创始人李明李总"). Each such mention is a vote for the speaker
who speaks next, the one who just spoke, or the one speaking; a name goes to the label with most
votes. The names are inferred, so the label is always kept beside them."""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from .. import cedict

LABELLED = re.compile(r"^(?:发言人|说话人|讲话人|参会人|Speaker|SPEAKER|spk)[ _]?\d+$")
HONORIFICS = ("老师|教授|博士|校长|院长|所长|园长|主任|书记|局长|部长|主席|先生|女士|学长|学姐|律师|医生|"
              "导演|经理|总监|董事长|总裁|会长|秘书长|总")
_CJK = "\u4e00-\u9fff"
# A name and its title; "李建国李总" (full name, then surname and title) is read as 李建国 + 总.
_NAMED = rf"(?P<name>(?P<sur>[{_CJK}])[{_CJK}]{{0,2}}?)(?P=sur)?(?P<title>{HONORIFICS})"
# The floor handed to the next speaker: "有请徐金涛老师", "先从池老师这一侧开始", "来，乔总".
_INVITE = re.compile(rf"(?:有请|请|欢迎|从|来|让|轮到|交给|问问|问一下|请教)(?:一下)?(?:我们的?|咱们的?)?{_NAMED}")
# Thanks to the one who just spoke: "谢谢乔老师", "非常感谢李总的分享".
_THANK = re.compile(rf"(?:谢谢|感谢|多谢)(?:一下)?{_NAMED}")
# A guest on themself: "我是…中学校长叶一生", "我是…的朱庆民校长", "我叫张凯".
_SELF_AFTER_TITLE = re.compile(rf"我是[^。！？]{{0,40}}?(?:{HONORIFICS})(?P<name>[{_CJK}]{{2,3}})(?=[，。！？,\s]|$)")
_SELF_BEFORE_TITLE = re.compile(rf"我是[^。！？]{{0,40}}?的(?P<name>[{_CJK}]{{2,3}}?)(?P<title>{HONORIFICS})")
_SELF_NAME = re.compile(rf"我(?:叫|是)(?:[^。！？]{{0,40}}?的)?(?P<name>[{_CJK}]{{2,3}})(?=[，。！？,\s]|$)")
# "李明李总", "杜志明杜总": a full name followed by its short form.
_FULL_SHORT = re.compile(rf"(?P<full>(?P<sur>[{_CJK}])[{_CJK}]{{1,2}})(?P=sur)(?P<title>{HONORIFICS})")
_FULL_TITLED = re.compile(rf"(?:有请|请|欢迎|感谢|谢谢|是|由)(?P<full>[{_CJK}]{{3}})(?P<title>{HONORIFICS})")
_EDGE = 60  # characters at the end (invitations) or start (thanks, self-introductions) of a turn
_NOT_NAMES = frozenset("各位 几位 两位 三位 诸位 每位 这位 那位 哪位 各个 我们 你们 他们 大家 所有 在座 本".split())


def _surname(name: str) -> str:
    two = name[:2]
    return two if len(name) > 2 and two in cedict.surnames() else name[0]


def is_name(name: str) -> bool:
    """Could this be a person's name (a known surname first, no pronoun or measure word)?"""
    return _is_name(name)


def _is_name(name: str) -> bool:
    return (name not in _NOT_NAMES and not any(ch in "位们这那每各些个" for ch in name)
            and (name[:2] in cedict.surnames() or name[0] in cedict.surnames()))


def _forms(name: str, title: str | None) -> list[str]:
    """The ways a person is named: 徐金涛老师 -> 徐金涛, 徐老师; 池老师 -> 池老师."""
    if len(name) == 1 or (len(name) == 2 and name in cedict.surnames()):
        return [name + title] if title else []
    return [name] + ([_surname(name) + title] if title else [])


def _votes(text: str, turns) -> dict[str, Counter]:
    """Names (forms) for each labelled speaker, counted over the meeting's mentions."""
    votes: dict[str, Counter] = defaultdict(Counter)
    labelled = [t for t in turns if t.speaker and LABELLED.match(t.speaker)]
    for i, turn in enumerate(labelled):
        head, tail = text[turn.start:turn.start + _EDGE], text[max(turn.start, turn.end - _EDGE):turn.end]
        nxt = labelled[i + 1] if i + 1 < len(labelled) else None
        prev = labelled[i - 1] if i else None
        if nxt and nxt.speaker != turn.speaker:
            for m in _INVITE.finditer(tail):
                if _is_name(m.group("name")):
                    votes[nxt.speaker].update(_forms(m.group("name"), m.group("title")))
        if prev and prev.speaker != turn.speaker:
            for m in _THANK.finditer(head):
                if _is_name(m.group("name")):
                    votes[prev.speaker].update(_forms(m.group("name"), m.group("title")))
        for pattern in (_SELF_AFTER_TITLE, _SELF_BEFORE_TITLE, _SELF_NAME):
            m = pattern.search(head)
            if m and _is_name(m.group("name")) and len(m.group("name")) >= 2:
                title = m.groupdict().get("title")
                votes[turn.speaker].update(_forms(m.group("name"), title) * 2)  # a person knows their name
                break
    return votes


def _full_names(text: str) -> dict[str, str]:
    """Short form -> full name, from introductions ("李明李总" -> 李总: 李明)."""
    found: dict[str, Counter] = defaultdict(Counter)
    for pattern in (_FULL_SHORT, _FULL_TITLED):
        for m in pattern.finditer(text):
            full = m.group("full")
            if _is_name(full):
                found[_surname(full) + m.group("title")][full] += 1
    return {short: names.most_common(1)[0][0] for short, names in found.items()
            if len(names) == 1 or names.most_common(2)[0][1] > names.most_common(2)[1][1]}


def speaker_names(text: str, turns) -> dict[str, tuple[str, ...]]:
    """Each labelled speaker's names, fullest first; a name claimed by two speakers goes to the
    one with more votes, and to neither on a tie."""
    votes = _votes(text, turns)
    full = _full_names(text)
    for label, counts in votes.items():
        for form, n in list(counts.items()):
            if form in full:
                counts[full[form]] += n
    owner: dict[str, str] = {}
    for form in {f for c in votes.values() for f in c}:
        ranked = sorted(((c[form], label) for label, c in votes.items() if c[form]), reverse=True)
        if len(ranked) == 1 or ranked[0][0] > ranked[1][0]:
            owner[form] = ranked[0][1]
    names: dict[str, tuple[str, ...]] = {}
    for label, counts in votes.items():
        mine = [f for f, _ in counts.most_common() if owner.get(f) == label]
        if mine:
            # A full name first (李明), then the forms of address (李总).
            names[label] = tuple(sorted(mine, key=lambda f: (not _is_full(f), -counts[f])))
    return names


def _is_full(form: str) -> bool:
    return not re.search(f"(?:{HONORIFICS})$", form)
