"""Follow-ups in a chat: how a turn is understood against the turns before it, and the answers
found around the last citations. Written for these tests; no meeting of the data."""
import pytest

from agent.answer import Citation
from agent.answers import followup
from agent.answers.followup import MORE, NARROW, NEW, ORDINAL, PRONOUN, SLOT, Said, understand


def _said(question, speaker="王明", aliases=(), doc="d"):
    return Said(question, (Citation(1, doc, f"{doc}.txt", speaker, 0, 10, "x" * 10, aliases=aliases),))


@pytest.mark.parametrize("last, turn, understood, how", [
    ("2022年全省一共发生了多少起交通事故？", "其中重大事故呢？", "2022年全省一共发生了多少起重大事故？", NARROW),
    ("2022年全省一共发生了多少起交通事故？", "那浙江呢？", "2022年浙江一共发生了多少起交通事故？", SLOT),
    ("2022年全省一共发生了多少起交通事故？", "去年呢？", "去年全省一共发生了多少起交通事故？", SLOT),
    ("测试组的任务什么时候完成？", "那设备组呢？", "设备组的任务什么时候完成？", NARROW),
    ("2022年全省一共发生了多少起交通事故？", "其中货车呢？", "2022年全省一共发生了多少起交通事故，其中货车呢？", NARROW),
    ("2022年全省一共发生了多少起交通事故？", "他还讲了什么？", "王明还讲了什么？", PRONOUN),
    ("2022年全省一共发生了多少起交通事故？", "具体包括哪些？", "2022年全省一共发生了多少起交通事故？", MORE),
    ("2022年全省一共发生了多少起交通事故？", "还有呢？", "2022年全省一共发生了多少起交通事故？", MORE),
    ("王明讲了哪几项措施？", "第三个呢？", "王明讲的第三项措施是什么？", ORDINAL),
    ("王明讲了什么？", "第三个呢？", "王明讲的第三个呢？", ORDINAL),
    ("王明讲了哪几项措施？", "他讲的第四个方面是什么？", "王明讲的第四个方面是什么？", ORDINAL),
    # A new subject is left as typed, and so is a first turn.
    ("2022年全省一共发生了多少起交通事故？", "矿山安全明年有什么新要求？", "矿山安全明年有什么新要求？", NEW),
])
def test_a_turn_is_understood_against_the_last(last, turn, understood, how):
    reading = understand(turn, [_said(last)])
    assert (reading.question, reading.how) == (understood, how)
    assert reading.doc == "d" or how == NEW


def test_a_first_turn_and_a_labelled_speaker():
    assert understand("其中重大事故呢？", []).how == NEW
    reading = understand("她负责哪一块？", [_said("谁来写测试用例？", "发言人2", ("小林",))])
    assert (reading.question, reading.speaker) == ("小林负责哪一块？", "发言人2")


def test_a_place_is_switched_in_the_last_question_that_names_one():
    history = [_said("江苏省的专项整治有什么成效？", "吴明"), _said("吴明还提到了什么？", "吴明")]
    assert understand("那河南呢？", history).question == "河南的专项整治有什么成效？"


def test_a_pronoun_after_a_refusal_is_the_speaker_cited_before_it():
    history = [_said("王明讲了哪几项措施？"), Said("王明讲的第九个呢？", (), False)]
    assert understand("他还提到了什么？", history).speaker == "王明"


@pytest.mark.parametrize("n, said, counts", [
    (3, "三是加强培训。", True), (3, "第三，加强培训。", True), (3, "第三个方面是培训。", True),
    (3, "其三，培训。", True), (3, "第三季度要完成。", False), (3, "十三是个数字。", False),
    (12, "第十二条规定。", True), (2, "二是落实责任。", True),
])
def test_ordinal_markers(n, said, counts):
    from agent.answers.around import ordinal_marker

    assert bool(ordinal_marker(n).search(said)) is counts


def test_numerals():
    assert [followup.numeral(x) for x in ("一", "两", "十", "十二", "二十", "4")] == [1, 2, 10, 12, 20, 4]
