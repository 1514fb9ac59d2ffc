"""What a meeting decided, who is to do what by when, and what it left open: the sections minutes
products put first (决议, 待办, 待定事项), read from its sentences by rule.

- An **action** is a sentence that gives someone a task: the speaker ("我来…", "我周五前出"), the
  one addressed ("一鸣你…", "你来…", the last other speaker when no name is said) or the one named
  ("交给小雅", "由阿杰负责", "让小邓配合"). A later "还是B来吧" hands the task before it to B; a
  proposal turned down ("不行…这次不做") and a question are no task; a task mentioned again
  (the chair's recap) is the same action, its owner and due date taken from the latest mention
  that says them. The due date is kept as said and resolved where the meeting's date is known.
- A **decision** is a sentence that settles (outcomes.settles) and is neither a question nor a
  proposal; an **open question** one that leaves a matter open (outcomes.leaves_open), with the
  sentence before it when it only says "这个先待定".
Every item cites the sentence it comes from; the markers are of spoken Mandarin meetings, not of
any one meeting."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Optional

from .. import tokens
from ..answer import Citation
from ..answers import outcomes
from ..index.library import Document
from ..transcripts import addressing, cleanup, deadlines, dialogue, handovers

_CJK = "\u4e00-\u9fff"
_NAME_CHAR = r"[^\W\d_a-zA-Z你我他她们这那的了是就和跟把给在也都要]"  # a CJK character that can be in a name
# How people are called in a meeting: 小周, 老罗, 王工, 李总, 周老师, 阿杰, 一鸣.
_CALLED = rf"(?:[小老阿][{_CJK}]|[{_CJK}]{{1,3}}?(?:工|总|老师|主任|经理|姐|哥|医生|护士长|科长))"
_FUTURE = r"(?:来(?!说|讲|看|自|补充|介绍|答|担任|和大家|跟大家|得)|负责|去(?!年|过|的)|先|再|会|马上|尽快|回头|今天|明天|这周|下周|跟进|对接|盯|出(?!差|现|去|来|门|了)|做|写|整理|联系|安排|准备|发|提交|牵头|协调|补|改|查|跟)"
# "我来…", "我这边负责…", "我们组来": the speaker takes it on.
_SELF = re.compile(rf"我(?!们(?!组|这边))(?:们组|们这边|这边)?(?:这周|今天|明天|下周|回头|就|{deadlines.DEADLINE.pattern})?(?P<verb>{_FUTURE})")
# Said to someone: "你来…", "你出个方案", "一鸣你…".
_YOU = re.compile(rf"(?<!让)(?<!叫)(?P<name>{_CALLED}|[{_CJK}]{{2,3}})?你(?:们)?(?:这边|那边)?(?:就)?"
                  rf"(?:每周|每天|每个月|会后|回去)?(?P<verb>{_FUTURE}|把|给|抓紧|负责|抽|带|通知)")
# A deliverable asked of the one spoken to: "十号之前把初稿给我看", "修改稿写完先给我看".
_TO_ME = re.compile(r"(?:发|交|报|给|拿)给?我(?!们)")
# Called by name first: "阿峰，场控这边做一个提示板", "邵静，柜面的培训要加强" (a statement, not a question).
_VOCATIVE = re.compile(rf"^(?P<name>{_CALLED}|[{_CJK}]{{2,3}})[，,](?P<verb>[^，,。]*{_FUTURE}|[^，,。]*要)")
# Someone named gets it: "交给小雅", "由阿杰负责", "让小邓配合你", "还是阿杰来吧", "小林负责".
_NAMED = re.compile(
    rf"(?:交给|由|让|麻烦|还是|换成|改成)(?P<name>{_CALLED}|{_NAME_CHAR}{{2,3}}?)(?=来|去|负责|配合|跟|做|出|写|整理|对接|盯|吧|[，,。])"
    rf"|(?P<subject>{_CALLED}|{_NAME_CHAR}{{2,3}})(?:那边|这边)?(?:来负责|负责|来做|来跟|牵头)")
# Said as a request to the one spoken to, when no name is said: "你出个方案…吧", "你看一下".
_REQUEST = re.compile(r"一下|吧[，,。！!]?$|吧[，,]|尽快|抓紧|赶紧")
# Not a task: what was done or proposed before, a wish, a hypothesis.
_NOT_TASK = re.compile(r"已经|由我来|后来|每次|有时候|比如|就算|不可能|我说|你(?:上次|刚才|之前|说的|提的|觉得|看|说)|我(?:觉得|估计|想|看|是说|的意思|们上周|上周|昨天|刚才)|如果|假如|要是|能不能|要不要|可不可以")
# Speaking at the meeting itself is no task: "我先说一下", "我补充一下".
_MEETING_TALK = re.compile(r"你先来[，,。]|[我你](?:先|再)?来?(?:把[^，,。]{0,8})?(?:说|讲|介绍|补充|汇报|总结|插|问)(?:一下|两句|几句|一点)|我(?:先)?来(?:传达|讲|说|介绍|主持|总结|回应|谈|分享|回答|提|问|了|补充)")
# A decision is said in full: "那就好" or "如果…的话" settles nothing.
_HYPOTHETICAL = re.compile(r"如果|假如|要是|的话")
# Not settled after all: "我现在没法拍板", "这个我一个人定不了", "那就这样，散会".
_UNSETTLED = re.compile(r"没法|定不了|拍不了|不能定|散会|看能不能|商量")
# A rule or a figure the chair lays down: "以后废液桶一定要贴标签", "这些词一律不能说",
# "八千可以，就搭", "预算控制在六十万以内" (the chair's: a participant saying it reports a practice).
_RULES = re.compile(r"一律|一定要|必须|不得|不允许|至少|控制在|就这么做|就按|可以接受|可以，就|"
                    r"不动|以后[^，,。]{0,12}(?:要|都|不能)|每(?:周|个月|天)[^，,。]{0,8}(?:开|搞|发|交|报)")
MIN_DECISION_CHARS = 6
_REASSIGN = re.compile(rf"还是(?P<name>{_CALLED}|{_NAME_CHAR}{{2,3}}?)来|换(?:成)?(?P<name2>{_CALLED}|{_NAME_CHAR}{{2,3}}?)来")
_REJECTS = re.compile(r"不行|不做|不动|先不|算了|不用了|不搞|不接受|往后放")
TASK_CHARS = 40  # a task as listed: its clause, at most this long
SAME_TASK = 0.5  # a mention sharing this share of its words with an action is that action again
REASSIGN_UNITS = 15  # sentences after a task within which "还是B来吧" hands it over
NAMED_UNITS = 45  # ... and within which it hands over a task it names ("那培训还是陈露来吧")
_ASSISTS = re.compile(r"配合|协助|帮忙|一起")
_ACCEPTS = re.compile(r"(?:好的?|行|可以|没问题|嗯|收到|OK)[，,。！!]")  # taking on what was just asked
# "我跟厂家说", "我去跟人事申请", "我会跟总部提", "我回头跟区里再争取一下": the speaker will take a
# matter up with someone outside the room (not "我跟你说", not "跟他们说了", which is done).
_LIAISE = re.compile(r"(?:先|就|去|会|回头|回去|马上|再)*跟(?!你|您|大家|各位)[^，,。；;！!]{1,10}?"
                     r"(?:说|提|问|商量|申请|联系|沟通|确认|讲|争取|反映)(?!了|过)")
NEAR_UNITS = 3  # sentences within which a bare "我周五前出" completes the action just given


@dataclass
class Item:
    text: str
    citations: list[Citation] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"text": self.text, "citations": [c.to_json() for c in self.citations]}


@dataclass
class Action:
    owner: str
    task: str
    due: Optional[str]
    due_date: Optional[str]
    citations: list[Citation] = field(default_factory=list)
    words: set = field(default_factory=set, repr=False)
    unit: int = -1
    taken_on: bool = field(default=False, repr=False)  # said by its owner ("好，我来带"), not given

    def due_text(self) -> str:
        """The due date as listed: as said, with the date it means ("周五前（2026-03-06）"), or "—"."""
        return (self.due or "—") + (f"（{self.due_date}）" if self.due_date else "")

    def to_json(self) -> dict:
        return {"owner": self.owner, "task": self.task, "due": self.due, "due_date": self.due_date,
                "citations": [c.to_json() for c in self.citations]}


@dataclass
class Outcomes:
    decisions: list[Item]
    actions: list[Action]
    open_questions: list[Item]

    def groups(self) -> tuple[list, list, list]:
        """The sections in the order they are listed: decisions, actions, open questions."""
        return self.decisions, self.actions, self.open_questions

    def number(self, first: int) -> int:
        """Number the citations from first on, in the order the sections are listed; the next number."""
        for group in self.groups():
            for item in group:
                item.citations = [replace(c, n=first + k) for k, c in enumerate(item.citations)]
                first += len(item.citations)
        return first

    def to_json(self) -> dict:
        return {"decisions": [d.to_json() for d in self.decisions], "actions": [a.to_json() for a in self.actions],
                "open_questions": [q.to_json() for q in self.open_questions]}


def extract(doc: Document, corrector=lambda s: s) -> Outcomes:
    decisions, actions, open_items = [], [], []
    runs = chair(doc)
    for i, (s, e) in _pieces(doc):
        said = doc.text[s:e]
        if handovers.is_procedural(said):
            continue
        if (outcomes.leaves_open(said) or _SET_ASIDE.search(said)) and not _asks(said):
            open_items.append(_open_item(doc, i, s, e, corrector))
            continue
        if _asks(said):
            continue
        if _REJECTS.search(said):
            _drop_rejected(actions, said)
        _drop_done(doc, actions, i, s, said)
        found = _action(doc, i, s, e)
        if found:
            _merge(actions, found, corrector)
        if _decision(said, doc.turn_at(s).label() == runs) and not (found and not _decides(said)):
            _add_unique(decisions, Item(_clean(corrector(said)), [doc.sentence_citation(0, s, e)]))
    return Outcomes(decisions, actions, open_items)


def _pieces(doc: Document):
    """(unit number, (start, end)) of each sentence, a recap's "第一，…；第二，…" cut at its semicolons."""
    for i, (s, e) in enumerate(doc.units):
        s = after_label(doc, s, e)
        for m in re.finditer(r"[^；;]+[；;]?", doc.text[s:e]):
            if not m.group(0).strip():
                continue
            a, b = s + m.start(), s + m.end()
            head = re.match(r"[^：:]*[：:]", doc.text[a:b])  # "我总结一下：第一，…": the point after it
            if head and _MEETING_TALK.search(head.group(0)) and a + head.end() < b:
                a += head.end()
            yield i, (a, b)


def _asks(said: str) -> bool:
    return dialogue.is_question(said) or said.rstrip().endswith(("？", "?"))


def _decision(said: str, by_chair: bool) -> bool:
    settled = outcomes.settles(said) or (by_chair and bool(_RULES.search(said)))
    return settled and not outcomes.proposes(said) and not _HYPOTHETICAL.search(said) \
        and not _UNSETTLED.search(said) and not _MEETING_TALK.search(said) \
        and len(re.findall(rf"[{_CJK}\d]", cleanup.clean(said))) >= MIN_DECISION_CHARS


def chair(doc: Document) -> Optional[str]:
    """Who runs the meeting, as far as a transcript shows: the speaker who says the most."""
    return max(doc.said_by, key=doc.said_by.get) if doc.said_by else None


def _decides(said: str) -> bool:
    """Does a sentence that gives a task also settle something ("那就这么定了，…你来…")?"""
    return bool(re.search(r"就这么定|就这么办|决定|定了|定下来|那就.{1,12}吧|不行|不做", said))


def after_label(doc: Document, s: int, e: int) -> int:
    """Where a sentence's words start, past the speaker's label ("说话人 1：") that opens a turn."""
    turn = doc.turn_at(s)
    for name in (turn.speaker, turn.source_label):
        if name and doc.text.startswith(name, s) and doc.text[s + len(name):s + len(name) + 1] in "：:":
            return s + len(name) + 1
    label = handovers.LABEL.match(doc.text, s)
    return label.end() if label and label.end() < e else s


def _action(doc: Document, i: int, s: int, e: int) -> Optional[Action]:
    said = doc.text[s:e]
    if (_NOT_TASK.search(said) and not _REASSIGN.search(said)) or _MEETING_TALK.search(said) \
            or dialogue.is_invitation(said):
        return None  # (questions never reach here: extract skips them)
    turn = doc.turn_at(s)
    deadline = deadlines.find(said)
    owner, at = None, None
    m = _REASSIGN.search(said) or _NAMED.search(said)
    named = _name(m, doc.people) if m else None
    if named and _person(doc, named):
        owner, at = named, m.end()
    elif (m := _YOU.search(said)):
        called = _name(m, doc.people) if m.group("name") else None
        if not called and (vocative := _VOCATIVE.match(said.strip())):
            called = _name(vocative, doc.people)  # "小周，你来吧" (a person, checked below)
        if called and _person(doc, called):
            owner = called
        elif _REQUEST.search(said) or deadline:  # "你出个方案…吧": the one just heard
            owner = _addressee(doc, turn)
        at = m.start("verb")
    elif (m := _SELF.search(said)) and "的时候" not in said and "了" not in said[m.start("verb"):m.end() + 3]:
        owner, at = turn.label(), m.start("verb")  # not "我去现场的时候…", "我去发展了…": a story
    elif (m := _VOCATIVE.match(said.strip())) and _person(doc, _name(m, doc.people)) \
            and not _about_another(doc, m.group("verb")):
        owner, at = _name(m, doc.people), said.find(m.group("verb"))
    elif (m := _TO_ME.search(said)) and (deadline or _REQUEST.search(said)):
        named = _named_before(doc, said, m.start())  # "PPT刘老师下周三之前给我"
        owner, at = named or _addressee(doc, turn), (said.rfind(named, 0, m.start()) if named else 0)
    if not owner:
        return None
    owner = _canonical(doc, owner)
    if m.re is _SELF and not deadline and not re.match(r"先?(?:来|负责|去|跟进|对接|牵头)", said[m.start("verb"):]) \
            and not _LIAISE.match(said, m.start("verb")):
        return None
    given = m.re is _NAMED and m.group("name")  # "交给小蒋吧": the words that give it are not the task
    task = _task(said[:m.start()] + said[m.end():], m.start()) if given else _task(said, at)
    words = _task_words(task.replace(deadline.group(0), "") if deadline else task) - {owner}
    cited = [doc.sentence_citation(0, s, e)]
    if not words and (who := _who_asked(doc, i)):  # "这个带教谁负责？小路，你来带吧": the task asked about
        asked = _WHO.sub("", doc.text[who[0]:who[1]])
        task, words = _task(asked, 0), _task_words(asked)
        cited.insert(0, doc.sentence_citation(0, *who))
    if not deadline and (asked := _asked_by(doc, turn, s)):  # what was accepted, with its date:
        deadline = deadlines.find(doc.text[asked[0]:asked[1]], last=True)  # cited first, as said
        cited.insert(0, doc.sentence_citation(0, *asked))
    return Action(owner, task, deadline.group(0) if deadline else None,
                  deadlines.resolve(deadline, doc.date) if deadline else None, cited, words, i,
                  taken_on=m.re is _SELF)


_ASKS_WHO = re.compile(r"由谁|谁来|谁去|谁负责|交给谁|派谁")
_WHO = re.compile(rf"(?:这个|那)?(?:{_ASKS_WHO.pattern})[^，,。？?]*[？?]?|这个|那个")  # what is not the task
WHO_UNITS = 2  # sentences back in which "这个带教谁负责？" asks whom a task goes to


def _about_another(doc: Document, said: str) -> bool:
    """Does what follows a call speak of someone else ("郑总，小周那周要出差…"): no task for the one called."""
    return bool(re.match(_CALLED, said)) or any(said.startswith(p) for p in doc.people)


def _named_before(doc: Document, said: str, end: int) -> Optional[str]:
    """A person named in the clause before `end` ("PPT刘老师下周三之前给我" → 刘老师)."""
    clause = re.split(r"[，,；;：:]", said[:end])[-1]
    found = [p for p in doc.people if p in clause] + [m.group(0) for m in re.finditer(_CALLED, clause)]
    return max(found, key=len) if found else None


def _who_asked(doc: Document, i: int) -> Optional[tuple[int, int]]:
    """The sentence just before that asks who takes a task on, when there is one."""
    for k in range(max(0, i - WHO_UNITS), i):
        s, e = doc.units[k]
        s = after_label(doc, s, e)
        if _ASKS_WHO.search(doc.text[s:e]) and _task_words(_WHO.sub("", doc.text[s:e])):
            return s, e
    return None


def _asked_by(doc: Document, turn, s: int) -> Optional[tuple[int, int]]:
    """The sentence with a date that an acceptance answers: "八号太晚了，提前到十一月三号" → "好，我跟
    厂家说" (the accepting sentence opens its turn, the date is in the last two of the turn before)."""
    opening = (doc.units_of(turn) or [(turn.start, turn.end)])[0]
    if turn.index == 0 or not opening[0] <= s < opening[1] or not _ACCEPTS.match(doc.text, s):
        return None
    before = doc.turns[turn.index - 1]
    if before.label() == turn.label():
        return None
    last = doc.units_of(before)[-2:]
    found = [(a, b) for a, b in last if deadlines.find(doc.text[a:b])]
    return (after_label(doc, *found[-1]), found[-1][1]) if found else None


def _task_words(task: str) -> set:
    """What a task is about: its words of two characters or more, people and pronouns aside."""
    return {w for w in tokens.words(task) if len(w) >= 2 and w not in tokens.STOPWORDS and not w.startswith(("我", "你"))}


def _name(m: re.Match, people: frozenset = frozenset()) -> str:
    """The name a pattern caught, cut to a person the meeting knows when it caught more ("序葛振"),
    or to how colleagues are called ("则小袁" of "福袋的规则小袁你写清楚")."""
    name = next(g for g in m.groups() if g)
    known = next((p for p in sorted(people, key=len, reverse=True) if name.endswith(p)), None)
    called = re.search(rf"{_CALLED}$", name)
    return known or (called.group(0) if called else name)


def _canonical(doc: Document, name: str) -> str:
    """A speaker's name as the file gives it when the meeting calls them by part of it (一鸣 → 邵一鸣)."""
    if _labelled(name):
        return name
    full = {t.speaker for t in doc.turns if t.speaker and len(t.speaker) > len(name) and t.speaker.endswith(name)}
    return full.pop() if len(full) == 1 else name


def _person(doc: Document, name: str) -> bool:
    return name in doc.people or bool(re.fullmatch(_CALLED, name)) or (
        addressing.is_name(name) and bool(tokens.person_names(name)))


def _addressee(doc: Document, turn) -> Optional[str]:
    """The one spoken to when no name is said: the other speaker of the turn before."""
    for before in reversed(doc.turns[:turn.index]):
        if before.label() != turn.label() and (before.speaker or before.title):
            return before.label()
    return None


def _task(said: str, at: int) -> str:
    """The clause from where the task starts, to the sentence's end or TASK_CHARS (said without
    the words that name a person given it: "交给小蒋吧")."""
    said = re.sub(r"^吧|(?<=[\u4e00-\u9fff])吧(?=[，,。])", "", said)
    start = max(said.rfind(p, 0, max(at, 0)) for p in "，,；;：:") + 1
    text = said[start:].strip(" 。！!，,")
    return text[:TASK_CHARS]


def _merge(actions: list[Action], new: Action, corrector) -> None:
    """One action per task: a new mention of a task updates it (owner, due date)."""
    new.task = _clean(corrector(new.task))
    same = [a for a in actions if new.words and (len(new.words & a.words) / len(new.words) >= SAME_TASK
                                                 or _restates(new, a))]
    reassigns = _REASSIGN.search(new.citations[-1].quote)  # (the last citation is its own sentence)
    bare = reassigns or not new.words
    last = max(actions, key=lambda a: a.unit, default=None)  # the task mentioned last
    if not same and reassigns:
        same = _handed_over(actions, new, last, reassigns)
    elif not same and last and new.unit - last.unit <= NEAR_UNITS:
        if not new.words and (new.taken_on or new.owner == last.owner):
            same = [last]  # "行，我来": the task just given (not "小路，你来带吧": another one's)
    if _ASSISTS.search(new.task) and not reassigns:
        same = []  # "让小邓配合你": a second person on the task, not the task handed over
    if not same:
        actions.append(new)
        return
    old = same[-1]
    if reassigns or (_labelled(old.owner) and not _labelled(new.owner)):
        old.owner = new.owner  # a handed-over task, or a name for a labelled speaker; else the first owner stays
    if new.due:
        old.due, old.due_date = new.due, new.due_date
    if len(new.words) > len(old.words) and not bare:
        old.task, old.words = new.task, old.words | new.words
    old.citations += [c for c in new.citations if c not in old.citations]  # (the question asked once)
    old.unit = new.unit


def _handed_over(actions: list[Action], new: Action, last: Optional[Action], said_so: re.Match) -> list[Action]:
    """The task a hand-over ("那带教还是阿峰来吧") passes on: the latest one whose words its own
    clause says (as written: jieba cuts 那带|教), or the sentence says within REASSIGN_UNITS; a bare
    "还是老范来吧" passes on the task just given; none: a task of its own."""
    said = new.citations[-1].quote
    clause = re.split(r"[，,。；;！!]", said[:said_so.end()])[-1]  # "那培训还是陈露来"
    named = [a for a in actions if any(w in clause for w in a.words) and new.unit - a.unit <= NAMED_UNITS
             or any(w in said for w in a.words) and new.unit - a.unit <= REASSIGN_UNITS]
    if not named and not new.words and last and new.unit - last.unit <= REASSIGN_UNITS:
        named = [last]
    return [max(named, key=lambda a: a.unit)] if named else []


def _restates(new: Action, old: Action) -> bool:
    """The recap of a task to the same owner: every word of the task as first given is said again
    ("这个带教谁负责？…" → "第四，小夏的带教由阿峰负责，十一月五号前…")."""
    quote = new.citations[-1].quote
    return new.owner == old.owner and bool(old.words) and all(w in quote for w in old.words)


_DONE = re.compile(r"^(?:(?:好的?|嗯|对)[，,])?(?:这个|那个)?我(?:们)?(?:这边)?(?:已经|早就|昨天就|上午就|刚才就?)[^，,。]{0,12}(?:了|过)")


def _drop_done(doc: Document, actions: list[Action], i: int, s: int, said: str) -> None:
    """A task its owner answers as done ("葛琳你去找供应商…" "我已经联系过了") is no action."""
    turn = doc.turn_at(s)
    if not _DONE.match(said) or s != after_label(doc, *((doc.units_of(turn) or [(turn.start, turn.end)])[0])):
        return
    for a in list(actions):
        given = doc.turn_at(a.citations[-1].quote_start)  # the turn that gave it, just before this reply
        if not a.taken_on and given.index == turn.index - 1 and given.label() != turn.label() and (
                _one_person(doc, a.owner, turn.label()) or not _labelled(a.owner)):
            actions.remove(a)


def _one_person(doc: Document, a: str, b: str) -> bool:
    """Are two owners one person: the same name, or a labelled speaker and the name the meeting gives them?"""
    return a == b or any({a, b} <= {t.label(), t.speaker, *t.aliases} for t in doc.turns)


def _labelled(owner: str) -> bool:
    return bool(re.match(r"(?:发言人|说话人|Speaker|SPEAKER)\s*\d", owner))


def _drop_rejected(actions: list[Action], said: str) -> None:
    """A task turned down ("海外版这次不做") is no action."""
    said_words = {w for w in tokens.words(said) if len(w) >= 2}
    for a in list(actions):
        if a.words and a.words & said_words and len(a.words & said_words) / len(a.words) >= SAME_TASK:
            actions.remove(a)


_SET_ASIDE = re.compile(r"先放一放|先放着|放一放")  # "这个先放一放": open, not settled
_POINTS = re.compile(r"^(?:那|好)?[，,]?(?:这个|这事|这件事|那个|这块|它|至于)")
SHORT_OPEN_CHARS = 14  # "先待定，回头再议。" alone: what is open is said before it


def _open_item(doc: Document, i: int, s: int, e: int, corrector) -> Item:
    """What was left open: the sentence, with the ones before it in its turn while they only point
    ("这个先待定") or say nothing else, and, when that reaches the start of the turn, the matter
    raised in the turns before ("中央厨房要不要搬？" → "这个事我定不了，先待定")."""
    turn = doc.turn_at(s)
    start, unit = s, i
    while unit > 0 and doc.units[unit - 1][0] >= turn.start and unit > i - 2 and (
            _POINTS.match(doc.text[start:e].strip()) or len(cleanup.clean(doc.text[start:e])) < SHORT_OPEN_CHARS):
        unit -= 1
        start = after_label(doc, *doc.units[unit])
    cited = [doc.sentence_citation(0, start, e)]
    text = _clean(corrector(doc.text[start:e]))
    first_of_turn = unit == 0 or doc.units[unit - 1][0] < turn.start
    if first_of_turn and (raised := _matter(doc, turn)):
        cited.insert(0, doc.sentence_citation(0, *raised))
        text = f"{_clean(corrector(doc.text[raised[0]:raised[1]]))}——{text}"
    return Item(text, cited)


_RAISES = re.compile(r"还有(?:个|一个)?(?:事|问题)|另外|再就是|有个事|有一个事|要不要|能不能|可不可以|建议|想")
MATTER_TURNS = 3  # turns back in which the matter left open was raised


def _matter(doc: Document, turn) -> Optional[tuple[int, int]]:
    """The sentence that raised the matter a turn leaves open: in one of the few turns before it,
    by someone else, the first sentence that raises something ("还有个事，中央厨房…要不要搬？")."""
    for before in reversed(doc.turns[max(0, turn.index - MATTER_TURNS):turn.index]):
        if before.label() == turn.label():
            continue
        for s, e in doc.units_of(before):
            if _RAISES.search(doc.text[s:e]):
                return after_label(doc, s, e), e
    return None


def _add_unique(items: list[Item], new: Item) -> None:
    words = {w for w in tokens.words(new.text) if len(w) >= 2}
    for old in items:
        seen = {w for w in tokens.words(old.text) if len(w) >= 2}
        if words and len(words & seen) / len(words) >= 0.7:
            return
    items.append(new)


def _clean(text: str) -> str:
    return cleanup.clean(text).strip().strip("，,。 ")
