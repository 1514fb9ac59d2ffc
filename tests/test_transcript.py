"""The parser on generic, made-up meetings (parametrised) and on the sample with its sidecar."""

import pytest
import yaml
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from agent.transcripts import sentences
from agent.transcripts.handovers import split_who
from agent.transcripts.transcript import CHAIR, Sidecar, load, parse, sidecar_path

from .conftest import SAMPLE


def speakers(text, sidecar=None):
    return [(t.speaker, t.role) for t in parse(text, sidecar=sidecar).turns]


@pytest.mark.parametrize(
    "text, expected",
    [
        # 请…同志发言 with a title
        ("会议开始。现在请市交通局局长张建国同志发言。各位好，我讲三点。",
         [("主持人", CHAIR), ("张建国", "speaker")]),
        # the chair's closing formula stays with the previous speaker
        ("开会。请李四同志发言。我说完了。汇报完毕，现在我们请王小五同志讲话。大家好。",
         [("主持人", CHAIR), ("李四", "speaker"), ("主持人", CHAIR), ("王小五", "speaker")]),
        # 请 dropped by recognition; a line break inside the name's clause
        ("开会。首先呢省发展改革委主任\n\n赵六同志发言，大家好。", [("主持人", CHAIR), ("赵六", "speaker")]),
        # name before the title
        ("开会。现在我们请孙七副市长作重要讲话，同志们好。", [("主持人", CHAIR), ("孙七", "speaker")]),
        # a collective hand-over names nobody; the named one after it counts
        ("开会。请各部门负责同志发言，首先请周八同志发言。各位好。", [("主持人", CHAIR), ("周八", "speaker")]),
        # recalling an earlier speech is not a hand-over
        ("大家好。刚才张三同志作了讲话，讲得很好。", [(None, "unknown")]),
        # name labels at line starts
        ("陈九：我先说。\n吴十：我补充。", [("陈九", "speaker"), ("吴十", "speaker")]),
        # no hand-over at all: one turn
        ("今天天气很好，我们讨论预算。", [(None, "unknown")]),
    ],
)
def test_turns_from_generic_patterns(text, expected):
    assert speakers(text) == expected


def test_agenda_items_carry_to_the_invited_speaker():
    text = "开会。我们进行第二项议程，请张三同志发言。我讲两点。现在进行第三项，请李四同志发言。好的。"
    turns = parse(text).turns
    assert [(t.speaker, t.agenda) for t in turns] == [
        ("主持人", None), ("张三", "第二项"), ("主持人", "第三项"), ("李四", "第三项")]


@pytest.mark.parametrize(
    "who, name, title",
    [("江苏省省长吴大为", "吴大为", "江苏省省长"), ("应急部党委书记，副主任黄小明", "黄小明", "应急部党委书记、副主任"),
     ("孙七副市长", "孙七", "副市长"), ("张三", "张三", None), ("有关部门", None, None)],
)
def test_split_who(who, name, title):
    assert split_who(who) == (name, title)


def test_sidecar_renames_splits_and_sets_chair():
    text = "开会。请景洪同志发言。我汇报。\n\n下面我总结一下今天的会。"
    sidecar = Sidecar.model_validate({
        "chair": {"name": "王主席", "title": "主持人"},
        "turns": [{"anchor": "我汇报", "name": "尹弘"},
                  {"anchor": "下面我总结", "split": True, "role": "chair"}],
    })
    turns = parse(text, sidecar=sidecar).turns
    assert [(t.speaker, t.role) for t in turns] == [
        ("王主席", CHAIR), ("尹弘", "speaker"), ("王主席", CHAIR)]


def test_sidecar_anchor_not_found_is_a_warning_not_a_crash():
    doc = parse("开会。", sidecar=Sidecar.model_validate({"turns": [{"anchor": "不存在的话", "name": "某"}]}))
    assert doc.warnings and "不存在的话" in doc.warnings[0]


SECOND = SAMPLE.parent.parent / "eval" / "second_meeting" / "2023-06-15-flood-control-meeting.txt"


@pytest.mark.parametrize("path", [SAMPLE, SECOND], ids=["sample", "second-meeting"])
def test_turns_follow_the_sidecar(path):
    doc = load(path, 10**8)
    side = yaml.safe_load(sidecar_path(path).read_text(encoding="utf-8"))
    named = {entry["name"] for entry in side["turns"] if entry.get("name")} | {side["chair"]["name"]}
    assert named <= {t.speaker for t in doc.turns}
    assert not doc.warnings
    assert doc.date and doc.date[:4].isdigit()
    for entry in side["turns"]:
        if "anchor" in entry and entry.get("name"):
            pos = doc.text.find(entry["anchor"])
            assert pos >= 0, entry["anchor"]
            holder = next(t for t in doc.turns if t.start <= pos < t.end)
            assert holder.speaker == entry["name"]


def _check_turns(text, turns):
    last = 0
    for turn in turns:
        assert last <= turn.start < turn.end <= len(text)
        assert text[turn.start:turn.end].strip() == text[turn.start:turn.end]
        last = turn.end


@hsettings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("请同志发言讲话：，。！？\n 张三李四第二项议程省长主任谢谢大家完毕ab1")), max_size=300))
def test_parser_offsets_always_map_back(text):
    _check_turns(text, parse(text).turns)
    for s, e in sentences.sentence_spans(text):
        assert text[s:e] and not text[s].isspace()


@hsettings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_parser_survives_arbitrary_unicode(text):
    _check_turns(text, parse(text).turns)
