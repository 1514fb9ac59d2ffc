import pytest

from agent.answers import qkind


@pytest.mark.parametrize(
    "question, kind, measure",
    [
        ("2020年全国发生了多少起事故？", "number", "起"),
        ("死亡多少人？", "number", "人"),
        ("事故起数同比下降了百分之几？", "number", "%"),
        ("江苏有几个化工园区？", "number", "个"),
        ("谁通报了全国安全生产情况？", "who", None),
        ("哪位副部长发言？", "who", None),
        ("批示是哪天签的？", "when", "日"),  # the day, not only the month
        ("什么时候颁布？", "when", None),
        ("要做好哪几个方面的工作？", "list", "个"),
        ("重点整治哪些领域？", "list", None),
        ("要求落实哪两个会议的精神？", "list", None),
        ("去年发生特别重大事故了吗？", "yesno", None),
        ("安全生产进入了什么阶段？", "what", None),
        ("How many accidents happened in 2020?", "number", "起"),
        ("How many people died?", "number", "人"),
        ("Who reported on the national situation?", "who", None),
        ("When was the instruction signed?", "when", None),
        ("On what date was the instruction signed?", "when", "日"),
        ("What was the rescue success rate?", "number", "%"),
        ("Did the minister mention fireworks?", "yesno", None),
        ("Besides derailments, what kind of incident did Huang Ming mention?", "what", None),
    ],
)
def test_classify(question, kind, measure):
    got = qkind.classify(question)
    assert (got.name, got.measure) == (kind, measure)


@pytest.mark.parametrize(
    "text, unit, expected",
    [
        ("死亡 2.74 万人", "人", True),
        ("抽调 977 名骨干", "人", True),
        ("同比下降 14.7%", "%", True),
        ("同比下降 14.7%", "人", False),
        ("发生各类事故 3.8 万起", "起", True),
        ("减少 2 起 74 人", "起", True),
        ("公路生命防护工程 16.2 万 km", "km", True),
        ("压减到29个", "个", True),
        ("没有数字", "个", False),
    ],
)
def test_has_measure(text, unit, expected):
    assert qkind.has_measure(text, unit) is expected


@pytest.mark.parametrize(
    "question, text, expected",
    [
        ("关闭了多少处煤矿？", "推动关闭退出煤矿 442 处", 1.0),
        ("How many coal mines were closed?", "推动关闭退出煤矿 442 处", 1.0),
        # A year is not a count: the sentence that only names 2020 and 2021 holds no figure.
        ("How many coal mines were closed?", "下面我通报 2020 年全国安全生产情况和 2021 年重点工作", 0.0),
        ("工作持续了几年？", "2020 年以来", 1.0),
    ],
)
def test_fits_number(question, text, expected):
    assert qkind.fits(qkind.classify(question), text) == expected


@pytest.mark.parametrize(
    "question, text, expected",
    [
        ("健步走最后定在哪天？", "那就定1月16号，周六上午。", 1.0),
        ("健步走最后定在哪天？", "下周六上午。", qkind.FIT_BARE_DAY),  # the day, not its date
        ("健步走什么时候办？", "18号当天。", qkind.FIT_BARE_DAY),
        # "一月份" names the month: a lesser answer to which day.
        ("健步走最后定在哪天？", "今天主要是把一月份的方案定下来。", qkind.FIT_VAGUE_DATE),
        ("健步走什么时候办？", "今天主要是把一月份的方案定下来。", 1.0),
        ("健步走最后定在哪天？", "今天主要是把方案定下来。", 0.0),
    ],
)
def test_fits_a_day(question, text, expected):
    assert qkind.fits(qkind.classify(question), text) == expected
