"""Discussions: which sentences ask, where their replies are, and who a labelled speaker is.

Written for these tests, in the layout recorders export (`发言人N：…`); no meeting of the data."""
import pytest

from agent.transcripts import dialogue
from agent.transcripts.addressing import speaker_names
from agent.transcripts.sentences import units
from agent.transcripts.transcript import parse


@pytest.mark.parametrize("sentence, asks", [
    ("二三线城市的就业环境跟一线城市相比有没有哪些比较明显的区别？", True),
    ("这个有必要吗", True),  # recognisers drop the question mark
    ("想要请老师，就是根据你们的了解去聊聊一下这个话题。", True),
    ("那我们先从王老师这一侧开始。", True),
    ("有请张明远老师。", True),
    ("大家怎么看这个事情。", True),
    ("其实我觉得这个对于个人来说就是一个个人选择。", False),
    ("那么呢，我们要加强安全管理。", False),  # 呢 as a filler, no question word
    ("谢谢李老师。", False),
    ("2020 年发生各类事故 3.8 万起。", False),
])
def test_asks(sentence, asks):
    assert dialogue.asks(sentence) is asks


@pytest.mark.parametrize("question, about", [
    ("主持人问了什么问题？", True), ("What did the moderator ask?", True),
    ("二线城市有什么机会？", False), ("谁认为平衡是个伪命题？", False),
])
def test_about_questions(question, about):
    assert dialogue.about_questions(question) is about


PANEL = (
    "发言人1：欢迎大家。今天想问一下各位，远程办公会不会降低团队的效率？那我们先从王老师开始。\n"
    "发言人2：谢谢主持人。我觉得不会，关键是把目标写清楚，每周对齐一次。\n"
    "发言人1：谢谢王老师。\n"
    "发言人3：我补充一点，工具很重要，我们用在线文档代替了大部分会议。\n"
    "发言人1：好的。下一个问题，新人怎么快速融入团队？有请李建国李总。\n"
    "发言人4：我是来自星河科技的李建国。新人第一周我们会安排一个导师。\n"
    "发言人1：谢谢李总。为什么要这样做呢？因为导师能回答那些不好意思问的问题。\n"
)


@pytest.fixture(scope="module")
def panel():
    return parse(PANEL, "panel.txt", "panel")


def _spans(doc):
    return sorted(u for t in doc.turns for u in units(doc.text, t.start, t.end, 160))


def _reply_to(doc, phrase):
    us = _spans(doc)
    ask = next(u for u in us if phrase in doc.text[u[0]:u[1]])
    span = dialogue.reply_span(us, doc.text, doc.turns, ask)
    return doc.text[span[0]:span[1]] if span else None


def test_replies_are_the_turns_of_others_until_the_next_question(panel):
    reply = _reply_to(panel, "远程办公会不会降低")
    assert "关键是把目标写清楚" in reply and "在线文档" in reply  # two guests answer in turn
    assert "新人怎么快速融入" not in reply  # the moderator's next question ends the reply


def test_a_rhetorical_question_is_answered_in_its_own_turn(panel):
    assert _reply_to(panel, "为什么要这样做呢").startswith("因为导师能回答")


def test_a_reply_to_nothing_is_none():
    doc = parse("发言人1：有什么问题吗？\n", "t.txt", "t")
    assert _reply_to(doc, "有什么问题") is None


def test_only_questions():
    assert dialogue.only_questions("这个有必要吗？为什么呢？")
    assert not dialogue.only_questions("这个有必要吗？我觉得有必要。")
    assert not dialogue.only_questions("有请王老师。")  # a hand-over names who speaks


def test_labelled_speakers_get_the_names_the_meeting_gives_them(panel):
    names = speaker_names(panel.text, panel.turns)
    assert names["发言人2"] == ("王老师",)  # handed the floor, then thanked
    assert names["发言人4"][0] == "李建国" and "李总" in names["发言人4"]  # introduced, then himself
    assert "发言人3" not in names  # nobody named them
    turn = next(t for t in panel.turns if t.speaker == "发言人4")
    assert turn.aliases == names["发言人4"] and turn.label() == "发言人4（李建国）"


def test_a_name_claimed_by_two_speakers_goes_to_neither():
    text = ("发言人1：先请王老师。\n发言人2：好的。\n发言人1：谢谢。再请王老师。\n发言人3：好的。\n")
    doc = parse(text, "t.txt", "t")
    assert speaker_names(doc.text, doc.turns) == {}


def test_named_speakers_are_not_renamed():
    """Only recorder labels get names: a speaker detected by name keeps exactly that name."""
    doc = parse("张三：有请李四老师。\n李四：谢谢张老师。\n", "t.txt", "t")
    assert all(t.aliases == () for t in doc.turns)
