"""Entities of a question: what it names (places, organisations), which answers must mention."""
import pytest

from agent import tokens


@pytest.mark.parametrize("question, named, not_named", [
    ("采购的6台信达服务器什么时候到？", "信达", "台信达"),  # the count's measure word is not the name's
    ("质量部这个月的客户满意度是多少？", "质量部", "满意度"),  # what is measured is no entity
    ("集团一厂的良品率是多少？", None, "良品率"),
])
def test_entities_of_a_question(question, named, not_named):
    found = tokens.entities(question)
    assert not_named not in found
    if named:
        assert named in found


def test_a_form_said_only_inside_a_longer_word_is_not_said():
    assert not tokens.said_as_words("我会后给检验科打个电话", "验科")  # a piece of 检验科
    assert tokens.said_as_words("华东一号机组运行正常", "华东一号")
    assert tokens.said_as_words("上周假流阳性率已经到了百分之三十五", "假流")  # a misheard word counts
