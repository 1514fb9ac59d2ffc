"""The extractive answerer on the question set: verified offsets, concision, refusals, a floor."""
from pathlib import Path

from agent import evaluation
from agent.extractive import REFUSAL_EN, REFUSAL_ZH
from agent.qa import ask

from .conftest import QA_SET, SAMPLE_ID

# Floors a little under the figures measured when they were set (docs/retrieval.md); a change
# that lowers a metric below them fails CI. Issue 3 raises them as the answerer improves.
ANSWER_ACCURACY_MIN = 0.78
REFUSAL_ACCURACY_MIN = 0.45


def test_question_set_scores_and_offsets(library, settings):
    corpus = library.corpus()
    text = corpus.docs[SAMPLE_ID].text
    items = evaluation.load_items(QA_SET)
    verdicts = evaluation.run(items, lambda q: ask(library, q, settings), text, settings.answer_max_chars)
    for v in verdicts:
        a = v.answer
        for c in a.citations:
            assert corpus.docs[c.doc_id].text[c.start:c.end] == c.text  # offsets are sacred
            assert f"[{c.n}]" in a.answer
        if a.answerable:
            assert a.citations
        else:
            assert a.answer in (REFUSAL_ZH, REFUSAL_EN) and not a.citations
        if v.item.kind != "list" and a.answerable:
            assert len(a.answer) <= settings.answer_max_chars + 40  # quote plus speaker and markers
    summary = evaluation.summary(verdicts)
    assert summary["answer_accuracy"] >= ANSWER_ACCURACY_MIN, summary
    assert summary["refusal_accuracy"] >= REFUSAL_ACCURACY_MIN, summary


def test_english_question_gets_english_frame_and_chinese_quote(library, settings):
    a = ask(library, "How many accidents happened nationwide in 2020?", settings)
    assert a.answerable and a.answer.startswith("According to the transcript")
    assert "3.8" in a.answer


def test_question_about_an_absent_region_is_refused(library, settings):
    a = ask(library, "2020年西藏自治区生产安全事故死亡多少人？", settings)
    assert not a.answerable and a.answer.startswith("文中未提及")
