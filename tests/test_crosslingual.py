"""English questions reach Chinese passages through CC-CEDICT and pinyin, limited to the corpus."""
from agent.index.crosslingual import Translator


def translator():
    # A made-up corpus vocabulary: chunk frequencies out of 100 chunks.
    return Translator({"事故": 20, "江苏": 3, "黄明": 4, "搜救": 2, "成功率": 1, "安全": 90, "化工": 5}, 100)


def test_words_map_to_corpus_words_only():
    terms = dict(translator().terms("What was the search and rescue success rate?"))
    assert "搜救" in terms["search"] and "搜救" in terms["rescue"]
    assert all(form in {"事故", "江苏", "黄明", "搜救", "成功率", "安全", "化工"} for forms in terms.values() for form in forms)
    assert "what" not in terms and "the" not in terms


def test_words_in_most_chunks_carry_no_evidence():
    assert "safety" not in dict(translator().terms("safety"))  # 安全 is in 90% of chunks


def test_names_in_pinyin():
    t = translator()
    assert dict(t.names("What did Huang Ming say about Jiangsu?")) == {"Huang Ming": ("黄明",), "Jiangsu": ("江苏",)}
    assert ("事故",) == dict(t.terms("How many accidents in Jiangsu?"))["accidents"][:1]


def test_inflected_words_meet_their_dictionary_form():
    # CC-CEDICT glosses 脱轨 "to derail"; the question says "derailments".
    t = Translator({"脱轨": 2, "列车": 3}, 100)
    assert dict(t.terms("Were there any train derailments?"))["derailments"] == ("脱轨",)
