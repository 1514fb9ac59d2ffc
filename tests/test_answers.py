"""The extractive answerer on single questions (the whole set is scored in test_eval.py)."""
from agent.qa import ask


def test_english_question_gets_english_frame_and_chinese_quote(library, settings):
    a = ask(library, "How many accidents happened nationwide in 2020?", settings)
    assert a.answerable and a.answer.startswith("According to the transcript")
    assert "3.8" in a.answer


def test_question_about_an_absent_region_is_refused(library, settings):
    a = ask(library, "2020年西藏自治区生产安全事故死亡多少人？", settings)
    assert not a.answerable and a.answer.startswith("文中未提及")
