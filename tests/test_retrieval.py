"""Retrieval quality gate on the project's question set, and filters."""
import pytest

from agent.answers.retrieval import absolute_years, retrieve
from agent.errors import JiyaoError
from agent.evals.scoring import gold_span, retrieval_hit

from .conftest import SAMPLE_ID

HIT_AT_5_MIN = 0.97  # issue 2's bar; measured 0.984 (see docs/retrieval.md)


def test_gold_passage_in_top_5(library, settings, qa_items):
    corpus = library.corpus()
    text = corpus.docs[SAMPLE_ID].text
    answerable = [q for q in qa_items if q["answerable"]]
    hits = 0
    for item in answerable:
        gold = gold_span(text, item["evidence"])
        assert gold, item["id"]
        found = retrieve(corpus, item["question"], settings, k=5).hits
        hits += retrieval_hit([(h.chunk.start, h.chunk.end) for h in found], gold)
    assert hits / len(answerable) >= HIT_AT_5_MIN


def test_english_question_finds_the_chinese_passage(library, settings):
    hits = retrieve(library.corpus(), "How many accidents happened nationwide in 2020?", settings).hits
    assert any("3.8 万起" in library.corpus().docs[SAMPLE_ID].text[h.chunk.start:h.chunk.end] for h in hits[:3])


def test_speaker_filter_keeps_only_that_speaker(library, settings):
    speaker = next(t.speaker for t in library.corpus().docs[SAMPLE_ID].turns if t.role == "speaker")
    hits = retrieve(library.corpus(), "安全生产", settings, speaker=speaker, k=8).hits
    assert hits and all(h.chunk.speaker == speaker for h in hits)


@pytest.mark.parametrize("doc, speaker, message", [("no-such-doc", None, "unknown document"),
                                                   (None, "没有这个人", "no speaker matches")])
def test_unknown_filters_are_clear_errors(library, settings, doc, speaker, message):
    with pytest.raises(JiyaoError, match=message):
        retrieve(library.corpus(), "安全生产", settings, doc=doc, speaker=speaker)


@pytest.mark.parametrize(
    "question, years, expected",
    [("去年发生多少起事故", {2021}, "2020年发生多少起事故"), ("今年的重点", {2021}, "2021年的重点"),
     ("去年发生多少起事故", {2020, 2021}, "去年发生多少起事故"),
     ("How many accidents last year?", {2021}, "How many accidents in 2020?")],
)
def test_relative_years(question, years, expected):
    assert absolute_years(question, years) == expected
