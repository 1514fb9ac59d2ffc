"""Follow-ups in a chat: how a turn is understood against the turns before it, and the answers
found around the last citations. Written for these tests; no meeting of the data."""
import pytest

from agent.answer import Citation
from agent.answers import followup
from agent.answers.followup import ELLIPSIS, MORE, NARROW, NEW, ORDINAL, PRONOUN, SLOT, Said, understand

from .conftest import meeting_library


def _said(question, speaker="王明", aliases=(), doc="d"):
    return Said(question, (Citation(1, doc, f"{doc}.txt", speaker, 0, 10, "x" * 10, aliases=aliases),))


@pytest.mark.parametrize("last, turn, understood, how", [
    ("2022年全省一共发生了多少起交通事故？", "其中重大事故呢？", "2022年全省一共发生了多少起重大事故？", NARROW),
    ("2022年全省一共发生了多少起交通事故？", "那浙江呢？", "2022年浙江一共发生了多少起交通事故？", SLOT),
    ("2022年全省一共发生了多少起交通事故？", "去年呢？", "去年全省一共发生了多少起交通事故？", SLOT),
    ("测试组的任务什么时候完成？", "那设备组呢？", "设备组的任务什么时候完成？", NARROW),
    ("2022年全省一共发生了多少起交通事故？", "其中货车呢？", "2022年全省货车一共发生了多少起交通事故？", NARROW),
    ("上周门诊一共看了多少人次？", "其中儿科呢？", "上周门诊儿科一共看了多少人次？", NARROW),
    ("谁去签合同？", "其中哪些呢？", "谁去签合同，其中哪些呢？", NARROW),
    ("兼容性测试大概花多少钱？", "那压测的云资源呢？", "兼容性测试大概花多少钱，压测的云资源呢？", NARROW),
    # A short question that names at most one thing takes the names of the last one.
    ("儿科夜间门诊最后开不开？", "开到几点？", "儿科夜间门诊开到几点？", ELLIPSIS),
    ("8月份以后发生了几起重大事故？", "占全年多少？", "8月份重大事故占全年多少？", ELLIPSIS),
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
    # 他们公司 is the speaker's company.
    assert understand("他们公司有多少人？", [_said("谁来写测试用例？", "发言人2", ("小林",))]).question == "小林他们公司有多少人？"


def test_a_place_is_switched_in_the_last_question_that_names_one():
    history = [_said("江苏省的专项整治有什么成效？", "吴明"), _said("吴明还提到了什么？", "吴明")]
    assert understand("那河南呢？", history).question == "河南的专项整治有什么成效？"


def test_a_pronoun_is_the_person_the_last_question_named_over_another_speaker_quoted():
    history = [_said("蒋总觉得缺芯什么时候缓解？", "发言人1")]
    reading = understand("他觉得现在缺的是高精尖芯片吗？", history)
    assert reading.question == "蒋总觉得现在缺的是高精尖芯片吗？" and reading.speaker is None


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


MEETING = (
    "主持人：下面请王明同志讲话。\n"
    "王明：去年的问题主要有三个集中。一是时间集中，八月以后事故多。二呢是行业集中，煤矿两个月出了三起事故。"
    "三是地区集中，五个省份占了一半。这是第二点要说明的背景。下一步要抓好三项工作：培训、检查、考核。\n"
    "主持人：谢谢王明同志。\n"
)


@pytest.fixture(scope="module")
def meeting(tmp_path_factory):
    return meeting_library(tmp_path_factory.mktemp("followup"), "2024-03-01-safety-meeting.txt", MEETING)


def test_the_next_point_and_more_are_found_around_the_last_citation(meeting):
    from agent.answers.chat import Conversation

    library, settings = meeting
    talk = Conversation(library, settings)
    first = talk.ask("王明说去年的问题主要有哪几个集中？")
    assert first.citations and first.citations[0].speaker == "王明"
    second = talk.ask("第二个呢？")
    # The point that opens with its ordinal (二呢是), not the sentence that looks back at it.
    assert "行业集中" in second.answer and "这是第二点" not in second.answer
    c = second.citations[0]
    text = library.corpus().docs[c.doc_id].text
    assert text[c.start:c.end] == c.text and text[c.quote_start:c.quote_end] in second.answer
    assert "地区集中" in talk.ask("还有呢？").answer  # what the speaker says next


def test_an_ordinal_of_a_list_said_with_commas(meeting):
    from agent.answers.chat import Conversation

    library, settings = meeting
    talk = Conversation(library, settings)
    first = talk.ask("下一步要抓好哪三项工作？")
    assert "培训、检查、考核" in first.answer
    third = talk.ask("第三项呢？")
    assert third.citations and third.citations[0].quote == "考核"



def test_a_follow_up_is_looked_for_near_the_last_answer_first():
    from types import SimpleNamespace

    from agent.answers import extractive
    from agent.answers.candidates import Candidate

    doc = SimpleNamespace(doc_id="d")
    cands = [Candidate(doc, 0, (s, s + 10), f"d#{s}", "", (0, 0), score=1.0) for s in (50, 900, 5000)]
    cited = Citation(1, "d", "d.txt", "王明", 0, 100, "x" * 100, quote_start=40, quote_end=60)
    extractive._near(cands, (cited,))
    assert [c.score for c in cands] == [1.0 + extractive.W_NEAR] * 2 + [1.0]  # after the quote, not far on
    assert understand("开到几点？", [_said("儿科夜间门诊最后开不开？")]).near  # a follow-up carries them
    assert not understand("矿山安全明年有什么新要求？", [_said("谁负责？")]).near  # a new subject does not


def test_a_history_from_json_keeps_citations_and_refuses_what_is_not_one():
    from agent.answers.chat import history_of
    from agent.errors import JiyaoError

    cited = {"n": 1, "doc_id": "d", "source": "d.txt", "speaker": "王明", "start": 0, "end": 2, "text": "一二",
             "extra_key": "from a newer version"}
    said = history_of(["第一问", {"question": "第二问", "understood": "第二问全文", "citations": [cited]}])
    assert [s.question for s in said] == ["第一问", "第二问全文"] and said[1].citations[0].speaker == "王明"
    with pytest.raises(JiyaoError, match="not a citation"):
        history_of([{"question": "问", "citations": ["just text"]}])
