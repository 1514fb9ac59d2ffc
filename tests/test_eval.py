"""The regression gate: both evaluation sets on the extractive backend, scored by the same code as
`jiyao eval`: the sample set (the sample plus a second, unseen meeting) and the VCSum set (real
discussions, asked of a library holding all 22 VCSum dev meetings, the sample and the second
meeting); and the command itself."""
import json
import shutil

import pytest

from agent.answers.extractive import REFUSAL_EN, REFUSAL_ZH
from agent.answers.qa import ask
from agent.evals import suite
from agent.index.library import Library
from agent.transcripts.cleanup import unbroken

from .conftest import ROOT, make_settings, run_jiyao

EVAL_SET = ROOT / "data" / "eval"
# Floors for the extractive backend, just under the measured figures so that a drop fails CI.
# Citation accuracy, refusal accuracy, number faithfulness, summary coverage and correction recall
# are the issues' own bars.
BARS = {"answer_accuracy": 0.95, "citation_accuracy": 0.95, "refusal_accuracy": 0.80, "right_document": 0.98,
        "number_faithfulness": 1.0, "summary_coverage": 0.83, "correction_recall": 0.75,
        "generated_correction_recall": 0.75}
# The VCSum set, just under its measured figures so that a drop fails CI. Issue 17's bars (answer
# 0.85, citation 0.90) are not met by the extractive answerer; docs/evaluation.md says why.
VCSUM_FLOORS = {"answer_accuracy": 0.65, "citation_accuracy": 0.68, "refusal_accuracy": 0.80,
                "right_document": 0.78, "number_faithfulness": 1.0}


def _copy_of(sample_home, tmp_path_factory, name):
    home = tmp_path_factory.mktemp(name) / "home"
    shutil.copytree(sample_home, home)
    return home


@pytest.fixture(scope="session")
def eval_home(sample_home, tmp_path_factory):
    """A copy of the sample store; the sample set adds the second meeting to it."""
    return _copy_of(sample_home, tmp_path_factory, "eval")


@pytest.fixture(scope="session")
def vcsum_home(sample_home, tmp_path_factory):
    """A copy of the sample store; the VCSum set adds its 22 meetings and the second meeting."""
    return _copy_of(sample_home, tmp_path_factory, "vcsum")


@pytest.fixture(scope="session")
def workplace_home(sample_home, tmp_path_factory):
    """A copy of the sample store; the workplace set adds its four recorder exports."""
    return _copy_of(sample_home, tmp_path_factory, "workplace")


@pytest.fixture(scope="session")
def reports(eval_home, vcsum_home, workplace_home):
    """Every set, as `jiyao eval` runs them, each in its own library."""
    homes = {"sample": eval_home, "vcsum-dev": vcsum_home, "workplace": workplace_home}
    settings = make_settings(eval_home)
    sets = [s for s in suite.load_sets(EVAL_SET) if s.name != "conversations"]  # below, in a copy of the VCSum store
    assert [s.name for s in sets] == ["sample", "vcsum-dev", "workplace"]
    return suite.run_sets(settings, sets, library_for=lambda s: Library(make_settings(homes[s.name])))


@pytest.fixture(scope="session")
def report(reports):
    return suite.by_name(reports)["sample"]


@pytest.fixture(scope="session")
def vcsum_report(reports):
    return suite.by_name(reports)["vcsum-dev"]


def test_metrics_meet_the_bars(report):
    m = report["metrics"]
    assert m["items"] >= 150 and m["unanswerable"] >= 10
    failed = [f"{i['id']}: {i['reason']}" for i in report["items"] if not i["passed"]]
    for name, bar in BARS.items():
        assert m[name] >= bar, (name, m[name], failed)
    assert m["numbers_unsupported"] == 0 and m["summary_numbers_unsupported"] == 0
    assert len(report["briefings"]) >= 10
    assert m["false_correction_rate"] <= 0.02 and m["generated_false_correction_rate"] <= 0.02
    assert m["digits_changed"] == 0 and m["generated_digits_changed"] == 0
    sample = report["corrections"]["corrections"]["summary"]
    assert sample["errors"] >= 30 and sample["clean_passages"] >= 15


def test_vcsum_set_holds_its_floors(vcsum_report):
    m = vcsum_report["metrics"]
    assert m["answerable"] >= 105 and m["unanswerable"] >= 15
    assert len({i["id"].split("-")[0] for i in vcsum_report["items"]}) >= 8  # meetings asked about
    failed = [f"{i['id']}: {i['reason']}" for i in vcsum_report["items"] if not i["passed"]]
    for name, floor in VCSUM_FLOORS.items():
        assert m[name] >= floor, (name, m[name], failed)
    assert m["question_only_answers"] == 0, [i["id"] for i in vcsum_report["items"] if i["question_only"]]
    assert m["numbers_unsupported"] == 0


# The conversation set (issue 27), just under its measured figures: its bars (later turns 0.85 /
# 0.85 / 0.80) are not met by the extractive answerer; docs/chat.md says where the misses are.
CONVERSATION_FLOORS = {"answer_accuracy": 0.59, "citation_accuracy": 0.58, "refusal_accuracy": 0.51}


@pytest.fixture(scope="session")
def conversation_report(reports, vcsum_home, tmp_path_factory):
    """The conversation set over a copy of the VCSum store (its 22 meetings are indexed once), with
    the workplace meetings added."""
    home = tmp_path_factory.mktemp("conversations") / "home"
    shutil.copytree(vcsum_home, home)
    sets = [s for s in suite.load_sets(EVAL_SET) if s.name == "conversations"]
    report = suite.run_sets(make_settings(home), sets, library_for=lambda s: Library(make_settings(home)))
    return report["sets"][0]


def test_conversations_hold_their_floors(conversation_report):
    talks = conversation_report["conversations"]
    assert talks["conversations"] >= 40 and talks["turns"] >= 150
    for name, floor in CONVERSATION_FLOORS.items():
        assert talks["later_turns"][name] >= floor, (name, talks["later_turns"])
    # A first turn or a new subject is no worse in a chat than asked alone.
    for name in ("answer_accuracy", "citation_accuracy", "refusal_accuracy"):
        assert talks["opening_turns"][name] >= talks["opening_turns_alone"][name], name
    # Every turn says what it was taken to mean; follow-ups mean more than they say.
    turns = [i for i in conversation_report["items"] if i["turn"] > 0]
    assert all(i["understood"] for i in turns)
    assert sum(i["understood"] != i["question"] for i in turns) >= len(turns) // 2
    assert conversation_report["metrics"]["numbers_unsupported"] == 0


def test_reports_pool_both_sets(reports):
    overall = reports["overall"]
    assert overall["items"] == sum(r["metrics"]["items"] for r in reports["sets"])
    assert overall["right_document"] >= 0.85 and overall["question_only_answers"] == 0


@pytest.mark.parametrize("which", ["sample", "vcsum-dev"])
def test_every_answer_is_verifiable(reports, eval_home, vcsum_home, which):
    library = Library(make_settings({"sample": eval_home, "vcsum-dev": vcsum_home}[which]))
    corpus = library.corpus()
    for item in suite.by_name(reports)[which]["items"]:
        answer = ask(library, item["question"], library.settings)
        for c in answer.citations:
            text = corpus.docs[c.doc_id].text
            assert text[c.start:c.end] == c.text  # offsets are sacred
            assert c.start <= c.quote_start < c.quote_end <= c.end
            # The answer shows the quote as said: without the recogniser's mid-sentence breaks.
            assert unbroken(text, c.quote_start, c.quote_end) in answer.answer
            assert f"[{c.n}]" in answer.answer
        assert answer.citations if answer.answerable else answer.answer in (REFUSAL_ZH, REFUSAL_EN)


def test_breakdowns_cover_every_kind_and_tag(report):
    items = report["items"]
    assert set(report["by_kind"]) == {i["kind"] for i in items}
    assert set(report["by_tag"]) == {t for i in items for t in i["tags"]}
    assert sum(g["items"] for g in report["by_kind"].values()) == len(items)


def test_second_meeting_is_answered_from_its_own_document(report):
    mine = [i for i in report["items"] if i["id"].startswith("fm") and i["right_doc"] is not None]
    assert len(mine) >= 10
    assert sum(i["right_doc"] for i in mine if i["cited_gold"] is not None) >= 0.9 * len(mine)


def test_eval_command_reports_and_fails_on_regression(eval_home, tmp_path):
    """A small set with one impossible item: against a perfect baseline it is a regression (exit 1);
    against its own report it is not (exit 0)."""
    items = [json.loads(line) for line in (EVAL_SET / "qa.jsonl").read_text(encoding="utf-8").splitlines()[:3]]
    items.append({**items[0], "id": "impossible", "facts": [["这句话不在会议记录里"]]})
    (tmp_path / "set").mkdir()
    (tmp_path / "set" / "qa.jsonl").write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in items), encoding="utf-8")
    out = run_jiyao(eval_home, "eval", "--set", str(tmp_path / "set"), "--json")
    assert out.returncode == 0, out.stderr
    current = json.loads(out.stdout)
    (one,) = current["sets"]
    assert [i["id"] for i in one["items"]] == [i["id"] for i in items]
    assert not one["items"][-1]["passed"] and "missing" in one["items"][-1]["reason"]
    perfect = {**one, "metrics": {**one["metrics"], "answer_accuracy": 1.0},
               "items": [{**i, "passed": True} for i in one["items"]]}  # a baseline of one set, as older ones
    (tmp_path / "perfect.json").write_text(json.dumps(perfect), encoding="utf-8")
    (tmp_path / "same.json").write_text(out.stdout, encoding="utf-8")
    worse = run_jiyao(eval_home, "eval", "--set", str(tmp_path / "set"), "--baseline", str(tmp_path / "perfect.json"),
                      "--report", str(tmp_path / "r.md"))
    assert worse.returncode == 1, worse.stderr
    assert "REGRESSION answer_accuracy" in worse.stdout and "worse: impossible" in worse.stdout
    assert "FAIL impossible" in worse.stdout
    report_md = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "## By question kind" in report_md and "| impossible |" in report_md
    same = run_jiyao(eval_home, "eval", "--set", str(tmp_path / "set"), "--baseline", str(tmp_path / "same.json"))
    assert same.returncode == 0, same.stdout + same.stderr


@pytest.mark.parametrize("args, message", [
    (["--set", "/nonexistent"], "no such evaluation set"),
    (["--baseline", "/nonexistent.json"], "no such baseline"),
])
def test_eval_bad_input_exits_2(eval_home, args, message):
    out = run_jiyao(eval_home, "eval", *args)
    assert out.returncode == 2 and message in out.stderr


TEXT = "黄明：2020 年发生各类事故 3.8 万起，死亡 2.74 万人，同比下降 14.7%和 7.1%。"


def _answer(text, spans, doc="d", answerable=True):
    from agent.answer import Answer, Citation

    cites = [Citation(n, doc, "d.txt", "黄明", s, e, TEXT[s:e]) for n, (s, e) in enumerate(spans, 1)]
    return Answer("q", text, answerable, cites)


def _item(**kw):
    from agent.evals.scoring import Item

    base = dict(id="t1", question="q", answerable=True, facts=[["3.8万", "38000"]], evidence="各类事故 3.8 万起", doc="d",
                kind="number")
    return Item(**{**base, **kw})


@pytest.mark.parametrize("item, answer, passed, reason", [
    (_item(), _answer("发生各类事故 3.8 万起[1]", [(3, 40)]), True, "ok"),
    (_item(), _answer("死亡 2.74 万人[1]", [(3, 40)]), False, "missing 3.8万"),
    (_item(), _answer("3.8 万起" + "。" * 300 + "[1]", [(3, 40)]), False, "too long"),
    (_item(), _answer("3.8 万起[1]", [(3, 40)], doc="other"), False, "cites another document"),
    (_item(), _answer("3.9 万起，3.8 万起[1]", [(3, 40)]), False, "figures not in cited passages: 39000"),
    (_item(answerable=False, facts=[], evidence=None), _answer("文中未提及", [], answerable=False), True, "refused"),
    (_item(), _answer("文中未提及", [], answerable=False), False, "refused an answerable question"),
])
def test_judge(item, answer, passed, reason):
    from agent.evals.scoring import judge

    verdict = judge(item, answer, {"d": TEXT, "other": TEXT}, 250)
    assert verdict.passed is passed and reason in verdict.reason


def test_citation_must_contain_the_whole_evidence():
    from agent.evals.scoring import judge

    whole = judge(_item(), _answer("3.8 万起[1]", [(3, 40)]), {"d": TEXT}, 250)
    part = judge(_item(), _answer("3.8 万起[1]", [(20, 40)]), {"d": TEXT}, 250)
    joined = judge(_item(), _answer("3.8 万起[1][2]", [(3, 20), (20, 40)]), {"d": TEXT}, 250)
    assert whole.cited_gold and not part.cited_gold and joined.cited_gold
