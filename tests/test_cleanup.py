"""Fillers and stutters out of spoken text; never a digit."""
import pytest

from agent.transcripts.cleanup import clean, filler_spans


@pytest.mark.parametrize("spoken, written", [
    ("那个重点统计的 12 个行业领域", "重点统计的 12 个行业领域"),
    ("第二呢就是建立是吧，河南省建立的平台", "第二就是建立，河南省建立的平台"),
    ("尽量的尽量的呢公共安全管理工作", "尽量的公共安全管理工作"),
    ("重大事故啊，这个这个事故还在处理", "重大事故，事故还在处理"),
    ("研究这个问题", "研究这个问题"),  # a demonstrative inside a clause stays
    ("都造成 29，29 人死亡", "都造成 29，29 人死亡"),  # digits are never touched
    ("部署，抓好恶劣天气情\n\n况下的疏导", "部署，抓好恶劣天气情况下的疏导"),  # a paragraph break in mid-sentence
    ("截至年底，较大事故\n同比下降 4.4%", "截至年底，较大事故同比下降 4.4%"),
    ("会议内容\n\n今天开会，", "会议内容\n\n今天开会，"),  # a heading (no punctuation) keeps its line
    ("部署完毕。\n\n下面", "部署完毕。\n\n下面"),  # a paragraph after a full stop stays
    ("共 12\n\n34 处", "共 12\n\n34 处"),  # two figures are never joined into one
    ("对，我我我在那个回应一下", "对，我在那个回应一下"),  # a false start on a pronoun
    ("他他们那边谢谢大家，看看再说", "他们那边谢谢大家，看看再说"),  # 谢谢 and 看看 are words, not restarts
])
def test_clean(spoken, written):
    assert clean(spoken) == written


def test_spans_are_deletions_of_the_original():
    text = "呃，第二呢就是建立是吧"
    spans = filler_spans(text)
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert [text[s:e] for s, e in spans] == ["呃", "呢", "是吧"]
