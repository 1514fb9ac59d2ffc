"""The extractive answerer on single questions (the whole set is scored in test_eval.py)."""
import pytest

from agent.library import Library
from agent.qa import ask

from .conftest import make_settings


def test_english_question_gets_english_frame_and_chinese_quote(library, settings):
    a = ask(library, "How many accidents happened nationwide in 2020?", settings)
    assert a.answerable and a.answer.startswith("According to the transcript")
    assert "3.8" in a.answer


def test_question_about_an_absent_region_is_refused(library, settings):
    a = ask(library, "2020年西藏自治区生产安全事故死亡多少人？", settings)
    assert not a.answerable and a.answer.startswith("文中未提及")


# A meeting of our own, so that the rules are shown on text the answerer was not tuned on.
BRIEFING = (
    "主持人：下面请市应急管理局局长陈立同志通报情况。\n"
    "陈立：今年全市发生煤矿事故三起，死亡七人，较大火灾中城区占百分之六十。"
    "化工企业要守住安全底线，各区要开展隐患排查，对检查中发现的问题立即整改。"
    "下一步，全市将对二十家化工企业开展专项检查，重点检查储罐区和装卸区。\n"
    "主持人：下面请王平同志讲话。\n"
    "王平：要严格落实道路交通管理措施，加强夜间巡查。\n"
)


@pytest.fixture(scope="module")
def briefing_library(tmp_path_factory):
    root = tmp_path_factory.mktemp("briefing")
    path = root / "2023-05-06-city-safety-meeting.txt"
    path.write_text(BRIEFING, encoding="utf-8")
    settings = make_settings(root / "home", corpus_dir=root / "none")
    library = Library(settings)
    library.ingest([path])
    return library, settings


def test_a_telling_count_must_stand_next_to_the_thing_counted(briefing_library):
    library, settings = briefing_library
    answered = ask(library, "今年全市发生了多少起煤矿事故？", settings)
    assert answered.answerable and "三起" in answered.answer
    # The sentence has a count in 起 and mentions 较大火灾, but not together: no number of fires.
    refused = ask(library, "今年全市发生了多少起较大火灾？", settings)
    assert not refused.answerable


def test_the_best_clause_wins_over_words_spread_over_a_sentence(briefing_library):
    library, settings = briefing_library
    # The first sentence holds every word of the question, spread over three clauses.
    a = ask(library, "化工企业要开展什么安全检查？", settings)
    assert a.answerable and "专项检查" in a.citations[0].quote


def test_a_who_question_needs_no_mention_of_the_organisation_in_the_passage(briefing_library):
    library, settings = briefing_library
    # The handover names the speaker, not his bureau.
    a = ask(library, "哪位公安局局长讲话？", settings)
    assert a.answerable and "王平" in a.answer
