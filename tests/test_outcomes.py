"""Outcome questions: the conclusion over the proposal, the later owner over the first, and a
question the meeting left open refused with the sentence that leaves it open cited."""
import pytest

from agent.answers import candidates, outcomes
from agent.answers.qa import ask
from agent.index.library import Library

from .conftest import make_settings

MEETING = """老王：今天过一下年会的筹备，场地、节目和预算都议一下。
小周：场地我看了两个，一个是滨湖酒店，一个是会展中心。我有个想法，要不要干脆请个专业的主持团队？现在主持人都是我们自己人，效果一般。
老陈：主持团队一场要两万块，太贵了。
老王：请主持团队这个不行，这次不做，还是我们自己人来主持。
小周：好的。
老王：场地那就定滨湖酒店吧，离公司近。节目单先交给小周来排。
小周：王总，节目单我这周出差，怕来不及。
老王：那还是小林来吧，节目单交给小林，周五前给我。
老陈：年会的加班费算过没有？
小林：算过，大概一万八。
老陈：抽奖的奖品预算是多少还没定，我还得跟财务商量，回头再定。
老王：好，那今天就先这样。
"""


@pytest.fixture(scope="module")
def meeting(tmp_path_factory):
    home = tmp_path_factory.mktemp("outcomes")
    folder = tmp_path_factory.mktemp("outcome-meetings")
    path = folder / "2026-12-01-annual-party.txt"
    path.write_text(MEETING, encoding="utf-8")
    settings = make_settings(home, corpus_dir=folder, reader="off")
    library = Library(settings)
    library.ingest([path])
    return library, settings


@pytest.mark.parametrize("question, outcome", [
    ("请主持团队最后同意了吗？", True), ("节目单最后交给谁？", True), ("场地定在哪里？", True),
    ("主持团队一场要多少钱？", False), ("小周看了哪两个场地？", False),
    ("最初定的滨湖酒店为什么不行？", False), ("本来想定在周五，最后定在哪天？", True)])
def test_questions_about_an_outcome_are_told_apart(question, outcome):
    assert outcomes.asks_outcome(question) is outcome


def test_a_sentence_settles_proposes_or_leaves_it_open():
    assert outcomes.settles("请主持团队这个不行，这次不做。")
    assert outcomes.settles("那还是小林来吧。")
    assert outcomes.proposes("要不要干脆请个专业的主持团队？")
    assert not outcomes.settles("今天主要是把方案定下来，争取今天都敲定。")  # an agenda
    assert outcomes.leaves_open("预算是多少还没定，回头再定。")
    assert not outcomes.settles("预算是多少还没定，回头再定。")


def test_a_rejected_proposal_is_answered_by_its_rejection(meeting):
    library, settings = meeting
    answer = ask(library, "有人提议请专业的主持团队，最后同意了吗？", settings)
    assert answer.answerable and "不做" in answer.answer and "要不要" not in answer.answer
    c = answer.citations[0]
    assert c.speaker == "老王"


def test_a_reassignment_is_answered_by_the_later_owner(meeting):
    library, settings = meeting
    answer = ask(library, "节目单最后交给谁来排？", settings)
    assert answer.answerable and "小林" in answer.answer


def test_a_question_left_open_is_refused_with_its_sentence_cited(meeting):
    library, settings = meeting
    text = library.corpus().docs["2026-12-01-annual-party"].text
    answer = ask(library, "抽奖的奖品预算最后定的是多少？", settings)
    assert not answer.answerable and answer.answer.startswith("文中未提及")
    assert len(answer.citations) == 1
    c = answer.citations[0]
    quote = text[c.quote_start:c.quote_end]
    assert "回头再定" in quote and text[c.start:c.end] == c.text


def test_a_figure_of_something_the_meeting_never_names_is_refused(meeting):
    library, settings = meeting
    assert "两万" in ask(library, "主持团队一场要多少钱？", settings).answer
    # 违约金 is said nowhere: the price of the hosts does not answer it.
    assert not ask(library, "请专业主持团队一场，违约金要多少钱？", settings).answerable


def test_the_proposer_named_in_an_outcome_question_is_not_the_one_to_quote(meeting):
    assert outcomes.proposer("小周提议请专业的主持团队，最后同意了吗？", "小周")
    assert not outcomes.proposer("小周看了哪两个场地？", "小周")  # not about an outcome
    assert not outcomes.proposer("小周提议请专业的主持团队，最后同意了吗？", "老王")
    library, settings = meeting
    answer = ask(library, "小周提议请专业的主持团队，最后同意了吗？", settings)
    assert answer.answerable and answer.citations[0].speaker == "老王" and "不做" in answer.answer


def test_a_reply_counts_what_it_was_asked(meeting):
    # "一万八" stands in a reply that names no 加班费: the question it answers does.
    library, settings = meeting
    answer = ask(library, "加班费大概多少钱？", settings)
    assert answer.answerable and "一万八" in answer.answer
    assert answer.citations[0].speaker == "小林"


def test_the_decisions_after_a_discussion_are_brought_in(meeting, monkeypatch):
    # Retrieval returned only the sentence listing the venues: the decision a few sentences later
    # ("场地那就定滨湖酒店吧") becomes a candidate, what merely follows it does not.
    library, _ = meeting
    doc = library.corpus().docs["2026-12-01-annual-party"]
    found = _candidate(doc, "滨湖酒店，一个是")
    found.coverage, found.score = 0.5, 1.0
    monkeypatch.setattr(candidates, "score", lambda *args: None)
    brought = outcomes.with_conclusions("年会场地最后定在哪里？", [found], None, None, None, None)
    added = [c.text for c in brought[1:]]
    assert any("定滨湖酒店" in t for t in added)
    assert all(outcomes.settles(t) for t in added) and not any("太贵了" in t for t in added)
    # A question about no outcome brings nothing in.
    assert outcomes.with_conclusions("小周看了哪两个场地？", [found], None, None, None, None) == [found]


def _candidate(doc, needle: str):
    """The candidate of the sentence that holds needle."""
    return candidates.of_unit(doc, next(u for u in doc.units if needle in doc.text[u[0]:u[1]]), 0)


def _weighed(question: str, doc, needle: str):
    c = _candidate(doc, needle)
    c.coverage, c.score = 0.5, 0.0
    outcomes.weigh(question, [c])
    return c.score - outcomes.W_LATER * c.span[0] / len(doc.text)


def test_a_what_outcome_question_weighs_decisions_and_open_matters_as_a_yes_no_one(meeting):
    # "场地最后定的是什么？" restates the discussion, whose sentences match it best: the decision
    # must gain as much as for "…同意了吗？", more than for "…交给谁？".
    library, _ = meeting
    doc = library.corpus().docs["2026-12-01-annual-party"]
    what = _weighed("年会场地最后定的是什么？", doc, "定滨湖酒店")
    assert what == pytest.approx(_weighed("场地定滨湖酒店，最后同意了吗？", doc, "定滨湖酒店"))
    assert what > _weighed("节目单最后交给谁？", doc, "定滨湖酒店") > 0
    assert _weighed("奖品预算最后定的是什么？", doc, "回头再定") == pytest.approx(what)
    assert _weighed("年会场地最后定的是什么？", doc, "要不要干脆") < 0
