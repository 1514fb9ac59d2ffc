"""Sound-alike lookup: a question word the meetings never have, found as the recogniser wrote it."""
import pytest

from agent import sounds
from agent.index.soundalike import SoundIndex, forms, unknown_words

TEXTS = {
    "plant": "今天先说华东一号机组的建设进度，然后说华东地区的电网。安全生产要抓紧。",
    "other": "下周二开会，讨论传播方案和预算。",
}


def known_in(texts):
    return lambda word: any(word in t for t in texts.values())


def test_a_term_heard_with_one_other_initial_is_found():
    found = forms("华龙一号机组建设到哪一步了？", SoundIndex(TEXTS), ["plant"], known_in(TEXTS))
    assert found == [("华龙一号", "华东一号")]


def test_only_the_meetings_in_scope_are_searched():
    assert forms("华龙一号机组建设到哪一步了？", SoundIndex(TEXTS), ["other"], known_in(TEXTS)) == []


def test_a_word_the_meetings_have_is_not_looked_up():
    assert forms("华东地区的电网呢？", SoundIndex(TEXTS), ["plant"], known_in(TEXTS)) == []
    assert unknown_words("华东地区的电网呢？", known_in(TEXTS)) == []


def test_a_two_character_span_alone_must_not_be_a_word_of_its_own():
    # 船舶 and 传播 are both chuan bo; alone, 传播 is a word and is not taken for 船舶 ...
    assert forms("船舶呢？", SoundIndex(TEXTS), ["other"], known_in(TEXTS)) == []
    # ... but with the question's next word beside it, the same sound is the recogniser's.
    assert forms("船舶方案定了吗？", SoundIndex(TEXTS), ["other"], known_in(TEXTS)) == [("船舶方案", "传播方案")]


def test_a_homophone_with_its_neighbours_the_same_is_found():
    found = forms("安全声产有什么要求？", SoundIndex(TEXTS), ["plant"], known_in(TEXTS))
    assert ("安全声产", "安全生产") in found


@pytest.mark.parametrize("a, b, alike", [("东", "龙", 0.6), ("是", "四", 0.85), ("生", "声", 0.95)])
def test_similarity_of_characters(a, b, alike):
    assert sounds.similarity(a, b) == pytest.approx(alike)
