"""Generic patterns of a chaired Chinese meeting: the chair's hand-overs, agenda items, name labels.

Nothing here knows any particular meeting; facts about one meeting live in its speakers sidecar.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_CJK = "\u4e00-\u9fff"
_NUM = "一二三四五六七八九十\\d"
TITLE_SUFFIXES = (
    "秘书长|理事长|董事长|总经理|副总理|总理|部长|省长|市长|县长|区长|镇长|乡长|主任|书记|委员|主席"
    "|局长|厅长|司长|处长|院长|校长|会长|行长|经理|总裁|总监|代表|负责人|教授|专家|主持人"
)
# A hand-over to a collective ("有关部门负责同志发言") names nobody; skip it.
_COLLECTIVE = re.compile(r"负责同志|有关|各位|代表们|大家|同志们|部门负责")
_VERB = r"(?:作了?|做了?)?(?:重要|专题|主旨)?(?:发言|讲话|通报|汇报|致辞|报告)"

# With 请/欢迎 the hand-over can carry a title with commas: 请应急部党委书记，国务院安委会副主任某某同志通报.
_INVITE = re.compile(rf"(?:请|欢迎)(?P<who>[^。！？；\n]{{1,40}}?)(?:同志)?{_VERB}")
# Speech recognition often drops the 请: "…副部长某某同志发言". Only the present form counts here,
# so that "刚才某某同志作了讲话" inside a speech is not read as a hand-over.
_BARE = re.compile(rf"(?P<who>[{_CJK}、]{{2,30}})同志(?:发言|讲话|通报|致辞)")
_RECALL = re.compile(r"刚才|刚刚|上午|昨天|前面")
AGENDA = re.compile(rf"进行第(?P<a>[{_NUM}]{{1,3}})项(?:议程|议题)?|第(?P<b>[{_NUM}]{{1,3}})项(?:议程|议题)")
# "姓名：" or "发言人1：" at the start of a line.
LABEL = re.compile(rf"(?m)^[ \t\u3000]*(?P<name>[{_CJK}]{{2,4}}|发言人\s*\d+|[Ss]peaker\s*\d+)[ \t]*[：:](?=\S)")
_NOT_NAMES = re.compile(r"^(?:[一二三四五六七八九十]是|时间|地点|议题|主题|会议|记录|备注|附件|内容|问题|答案|摘要|关键词)")
_CLOSINGS = re.compile(r"(?:谢谢大家|谢谢|汇报完毕|发言完毕|讲话完毕|报告完毕|完毕)[，,。！!\s]*")
_FILLERS = "呢啊吧嘛了请由是"
_CLAUSE_END = "，,。！？；\n"


@dataclass(frozen=True)
class Handover:
    chair_start: int  # where the chair's hand-over sentence starts
    speech_start: int  # where the invited speaker starts talking
    name: str | None
    title: str | None


def is_procedural(sentence: str) -> bool:
    """A chair's hand-over or agenda line ("我们进行第二项，请…同志通报…"): no content of its own."""
    compact = re.sub(r"\s+", "", sentence)
    return bool(_INVITE.search(compact) or AGENDA.search(compact) or _CLOSINGS.fullmatch(compact))


def split_who(who: str) -> tuple[str | None, str | None]:
    """'江苏省省长吴某某' -> (吴某某, 江苏省省长); '某某某副总理' -> (某某某, 副总理)."""
    who = who.strip("，,、 ")
    for filler in _FILLERS:
        # Titles follow a filler or the verb of the chair's sentence: "首先呢交通部副部长…".
        who = who.rsplit(filler, 1)[-1] if filler in who[:-2] else who
    matches = list(re.finditer(TITLE_SUFFIXES, who))
    if matches:
        last = matches[-1]
        tail = who[last.end():]
        if 2 <= len(tail) <= 3 and re.fullmatch(f"[{_CJK}]+", tail):
            return tail, _clean_title(who[: last.end()])
        if not tail:
            head = re.fullmatch(rf"([{_CJK}]{{2,3}}?)((?:常务)?副?(?:{TITLE_SUFFIXES}))", who)
            if head:
                return head.group(1), head.group(2)
            return None, _clean_title(who)
    if 2 <= len(who) <= 3 and re.fullmatch(f"[{_CJK}]+", who):
        return who, None
    return None, None


def _clean_title(title: str) -> str | None:
    title = re.sub(r"[，,]", "、", title).strip("、 ")
    return title or None


def _chair_start(text: str, pos: int) -> int:
    """Start of the chair's sentence that holds the hand-over at pos, after any closing formula."""
    start = max(text.rfind(ch, 0, pos) for ch in "。！？\n") + 1
    while start < pos and text[start].isspace():
        start += 1
    closing = _CLOSINGS.match(text, start, pos)
    return closing.end() if closing else start


def _speech_start(text: str, end: int) -> int:
    """The invited speaker starts after the clause that carries the hand-over verb."""
    for pos in range(end, min(len(text), end + 60)):
        if text[pos] in _CLAUSE_END:
            return pos + 1
    return end


class Compact:
    """The text with all whitespace removed, and the map back to original offsets.

    Speech recognition breaks lines in the middle of a name ("某某\n\n同志发言"), so patterns and
    anchors are matched on the compact view and mapped back."""

    def __init__(self, text: str):
        self.index = [i for i, ch in enumerate(text) if not ch.isspace()]
        self.text = "".join(text[i] for i in self.index)

    def start(self, pos: int) -> int:
        return self.index[pos] if pos < len(self.index) else (self.index[-1] + 1 if self.index else 0)

    def end(self, pos: int) -> int:
        return self.index[pos - 1] + 1 if pos > 0 else 0

    def find(self, phrase: str) -> int:
        """Original offset of the first occurrence of phrase (whitespace ignored), or -1."""
        pos = self.text.find("".join(phrase.split()))
        return self.start(pos) if pos >= 0 else -1


def find_handovers(text: str) -> list[Handover]:
    view = Compact(text)
    found: list[Handover] = []
    taken: list[tuple[int, int]] = []

    def add(match: re.Match, name: str | None, title: str | None) -> None:
        start, end = view.start(match.start()), view.end(match.end())
        found.append(Handover(_chair_start(text, start), _speech_start(text, end), name, title))
        taken.append(match.span())

    for match in _INVITE.finditer(view.text):
        who = match.group("who")
        if _COLLECTIVE.search(who):
            continue
        name, title = split_who(who)
        if name or title:
            add(match, name, title)
    for match in _BARE.finditer(view.text):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        who = match.group("who")
        clause = view.text[max(view.text.rfind(c, 0, match.start()) for c in _CLAUSE_END) + 1 : match.start()]
        if _COLLECTIVE.search(who) or _RECALL.search(clause + who):
            continue
        name, title = split_who(who)
        if name:
            add(match, name, title)
    return sorted(found, key=lambda h: h.chair_start)


def find_labels(text: str) -> list[tuple[int, str]]:
    return [
        (m.start("name"), m.group("name"))
        for m in LABEL.finditer(text)
        if not _NOT_NAMES.match(m.group("name"))
    ]


def find_agenda(text: str) -> list[tuple[int, str]]:
    return [(m.start(), f"第{m.group('a') or m.group('b')}项") for m in AGENDA.finditer(text)]
