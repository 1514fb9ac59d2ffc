"""Evaluation sets on disk: sets of their own in subdirectories, `with:`, and the VCSum set's data."""
import importlib.util
import json
import sys

import pytest

from agent.errors import JiyaoError
from agent.evals import sets

from .conftest import ROOT

VCSUM = ROOT / "data" / "eval" / "vcsum"
SHARED = ROOT.parent / "shared" / "vcsum"


def _item(i, doc):
    return json.dumps({"id": f"q{i}", "question": "问题", "doc": doc, "answerable": False, "facts": [],
                       "evidence": None}, ensure_ascii=False)


def test_a_subdirectory_with_set_yaml_is_a_set_of_its_own(tmp_path):
    (tmp_path / "qa.jsonl").write_text(_item(1, "a"), encoding="utf-8")
    (tmp_path / "a.txt").write_text("甲：一句话。", encoding="utf-8")
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "qa.jsonl").write_text(_item(2, "b"), encoding="utf-8")
    (tmp_path / "more" / "b.txt").write_text("乙：一句话。", encoding="utf-8")
    (tmp_path / "own").mkdir()
    (tmp_path / "own" / "set.yaml").write_text("name: own\nwith: [../more]\n", encoding="utf-8")
    (tmp_path / "own" / "qa.jsonl").write_text(_item(3, "c"), encoding="utf-8")
    (tmp_path / "own" / "c.txt").write_text("丙：一句话。", encoding="utf-8")
    root, own = sets.load_sets(tmp_path)
    assert [i.id for i in root.items] == ["q1", "q2"] and {p.name for p in root.transcripts} == {"a.txt", "b.txt"}
    assert own.name == "own" and [i.id for i in own.items] == ["q3"]
    assert {p.name for p in own.transcripts} == {"c.txt", "b.txt"}  # its own, and what `with` names


@pytest.mark.parametrize("yaml_text, message", [
    ("with: [../nowhere]\n", "no such directory"),
    ("- just a list\n", "expected a mapping"),
    ("name: [unclosed\n", "not valid YAML"),
])
def test_a_bad_set_yaml_is_a_clear_error(tmp_path, yaml_text, message):
    (tmp_path / "qa.jsonl").write_text(_item(1, "a"), encoding="utf-8")
    (tmp_path / "set.yaml").write_text(yaml_text, encoding="utf-8")
    with pytest.raises(JiyaoError, match=message):
        sets.load_set(tmp_path)


def test_vcsum_items_quote_their_meetings_exactly():
    evalset = sets.load_set(VCSUM)
    texts = {p.stem: p.read_text(encoding="utf-8") for p in evalset.transcripts}
    assert len([p for p in evalset.transcripts if p.stem.startswith("vcsum-dev-")]) == 22
    answerable = [i for i in evalset.items if i.answerable]
    assert len(evalset.items) >= 120 and len(evalset.items) - len(answerable) >= 15
    assert len({i.doc for i in evalset.items}) >= 8
    for item in answerable:
        text = texts[item.doc]
        assert text.count(item.evidence) == 1, item.id  # exact, and only once
        assert item.kind == "who" or all(any(a.replace(" ", "") in item.evidence.replace(" ", "") for a in alts)
                                         for alts in item.facts), item.id


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/vcsum is not beside the project")
def test_vcsum_transcripts_are_what_the_script_builds(tmp_path):
    spec = importlib.util.spec_from_file_location("vcsum_data", ROOT / "benchmarks" / "vcsum_data.py")
    vcsum_data = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = vcsum_data  # its dataclasses look themselves up there
    spec.loader.exec_module(vcsum_data)
    built = vcsum_data.write_transcripts(tmp_path, SHARED)
    assert len(built) == 22
    for path in built:
        assert path.read_text(encoding="utf-8") == (VCSUM / path.name).read_text(encoding="utf-8"), path.name


def test_workplace_items_quote_their_meetings_exactly():
    """The workplace set: recorder exports (text export, SRT, WebVTT, labelled text), each item's
    evidence found once in the text as stored."""
    from agent.transcripts.transcript import load

    evalset = sets.load_set(VCSUM.parent / "workplace")
    texts = {p.stem: load(p, 50_000_000).text for p in evalset.transcripts}
    assert {p.suffix for p in evalset.transcripts} >= {".txt", ".srt", ".vtt"}
    answerable = [i for i in evalset.items if i.answerable]
    assert len(evalset.items) >= 60 and len(evalset.items) - len(answerable) >= 10
    for item in answerable:
        assert texts[item.doc].count(item.evidence) == 1, item.id


def test_conversation_turns_quote_their_meetings_exactly():
    """The conversation set: each turn an item of its conversation, in order; answerable turns'
    evidence found once in their meeting (the sample, VCSum dev, the workplace meetings)."""
    from agent.evals.scoring import CONVERSATION_TAGS
    from agent.transcripts.transcript import load

    evalset = sets.load_set(VCSUM.parent / "conversations")
    texts = {p.stem: load(p, 50_000_000).text for p in evalset.transcripts}
    texts.update({p.stem: p.read_text(encoding="utf-8") for p in (ROOT / "data" / "transcripts").glob("*.txt")})
    turns = evalset.items
    assert len({i.conversation for i in turns}) >= 40 and len(turns) >= 150
    assert sum(not i.answerable for i in turns) >= 15
    for item in turns:
        assert set(item.tags) <= set(CONVERSATION_TAGS), item.id
        assert (item.turn == 0) == ("first" in item.tags), item.id
        if item.answerable:
            assert texts[item.doc].count(item.evidence) == 1, item.id
    later = [i for i in turns if i.turn > 0]
    for tag in ("ellipsis", "pronoun", "slot", "ordinal", "more", "narrowing", "new_subject"):
        assert sum(tag in i.tags for i in later) >= 10, tag


def test_conversations_load_as_turns_in_order(tmp_path):
    talk = {"id": "c1", "doc": "a", "turns": [
        {"question": "一共多少人？", "answerable": True, "facts": [["三人"]], "evidence": "三人", "tags": ["first"]},
        {"question": "其中女性呢？", "understood": "其中女性一共多少人？", "answerable": False, "facts": [],
         "evidence": None, "tags": ["narrowing", "unanswerable"]}]}
    (tmp_path / "conversations.jsonl").write_text(json.dumps(talk, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "a.txt").write_text("甲：一共三人。", encoding="utf-8")
    items = sets.load_set(tmp_path).items
    assert [(i.id, i.conversation, i.turn, i.doc) for i in items] == [("c1-1", "c1", 0, "a"), ("c1-2", "c1", 1, "a")]
    assert items[1].understood == "其中女性一共多少人？"
    (tmp_path / "conversations.jsonl").write_text('{"id": "c2"}', encoding="utf-8")
    with pytest.raises(JiyaoError, match="not a conversation"):
        sets.load_set(tmp_path)


def test_training_questions_quote_their_meetings_and_avoid_the_evaluated_ones():
    """The questions written for training the reader (data/train): evidence and look-alike found in
    their meeting as loaded, ids unique, and no question about a meeting an evaluation set asks about."""
    from agent.transcripts.transcript import load

    train = ROOT / "data" / "train"
    items = [json.loads(line) for p in sorted(train.glob("*/qa*.jsonl")) for line in p.open(encoding="utf-8")]
    assert len(items) >= 800 and len({i["id"] for i in items}) == len(items)
    evaluated = {i.doc for d in ("vcsum", "workplace", "conversations") for i in sets.load_set(VCSUM.parent / d).items}
    evaluated |= {i.doc for i in sets.load_set(VCSUM.parent).items}
    assert not {i["doc"] for i in items} & evaluated
    paths = {p.stem: p for p in [*train.glob("*/*.txt"), *VCSUM.glob("vcsum-dev-*.txt")]}
    texts = {doc: load(paths[doc], 50_000_000).text for doc in {i["doc"] for i in items}}
    for item in items:
        text = texts[item["doc"]]
        if item["answerable"]:
            assert text.count(item["evidence"]) == 1, item["id"]
            assert all(any(a in item["evidence"] for a in alts) for alts in item["facts"]), item["id"]
        else:
            assert item["evidence"] is None and not item["facts"], item["id"]
        assert item.get("hard") is None or item["hard"] in text, item["id"]
