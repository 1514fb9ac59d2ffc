"""The command line, run as a user runs it: a subprocess on a real store."""
import json
import shutil

import pytest

from .conftest import ROOT, SAMPLE_ID, run_jiyao
from .test_store import SMALL

jiyao = run_jiyao


@pytest.fixture(scope="module")
def two_docs(sample_home, tmp_path_factory):
    """A copy of the sample store with a second, unrelated meeting added."""
    home = tmp_path_factory.mktemp("two") / "home"
    shutil.copytree(sample_home, home)
    path = home.parent / "flood-meeting.txt"
    path.write_text(SMALL, encoding="utf-8")
    out = jiyao(home, "ingest", str(path))
    assert out.returncode == 0, out.stderr
    return home


def test_ask_json_has_the_documented_shape(sample_home):
    out = jiyao(sample_home, "ask", "2020年全国发生了多少起事故？", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert {"question", "answer", "answerable", "citations", "backend", "latency_ms"} <= set(data)
    assert data["backend"] == "extractive" and data["answerable"] is True
    text = (ROOT / "data" / "transcripts" / data["citations"][0]["source"]).read_text(encoding="utf-8")
    for c in data["citations"]:
        assert set(c) >= {"n", "doc_id", "source", "speaker", "start", "end", "text"}
        assert text[c["start"]:c["end"]] == c["text"]


def test_batch_answers_in_order(sample_home, tmp_path):
    questions = ["谁通报了2020年全国安全生产情况？", "", "How many accidents happened in 2020?", "江苏省化工园区压减到多少个？"]
    batch = tmp_path / "q.txt"
    batch.write_text("\n".join(questions), encoding="utf-8")
    out = jiyao(sample_home, "ask", "--batch", str(batch), "--json")
    assert out.returncode == 0, out.stderr
    answers = [json.loads(line) for line in out.stdout.splitlines()]
    assert [a["question"] for a in answers] == [q for q in questions if q]


def test_batch_conversations_follow_their_own_turns(sample_home, tmp_path):
    lines = ["2020年全国一共发生了多少起生产安全事故？", "其中重大事故呢？", "", "其中重大事故呢？"]
    batch = tmp_path / "c.txt"
    batch.write_text("\n".join(lines), encoding="utf-8")
    out = jiyao(sample_home, "ask", "--batch", str(batch), "--conversations", "--json")
    assert out.returncode == 0, out.stderr
    first, follow, fresh = [json.loads(line) for line in out.stdout.splitlines()]
    assert follow["understood"] == "2020年全国一共发生了多少起重大事故？" and "16 起" in follow["answer"]
    # After the blank line a new conversation begins: the same words are a question of their own.
    assert fresh["understood"] == "其中重大事故呢？"
    # Without --conversations every line stands alone.
    alone = jiyao(sample_home, "ask", "--batch", str(batch), "--json")
    assert [json.loads(line)["understood"] for line in alone.stdout.splitlines()][1] == "其中重大事故呢？"
    assert jiyao(sample_home, "ask", "--conversations").returncode != 0


def test_docs_lists_documents_and_speakers(two_docs):
    out = jiyao(two_docs, "docs", "--json")
    rows = {json.loads(line)["doc_id"]: json.loads(line) for line in out.stdout.splitlines()}
    assert set(rows) == {SAMPLE_ID, "flood-meeting"}
    assert "陈立新" in rows["flood-meeting"]["speakers"]


def test_docs_flags_a_document_indexed_by_an_older_version(sample_home, tmp_path):
    home = tmp_path / "home"
    shutil.copytree(sample_home, home)
    assert not json.loads(jiyao(home, "docs", "--json").stdout)["stale"]
    manifest = json.loads((home / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["docs"].values():
        entry.pop("pipeline")  # as written before sentences ran on across line breaks
    (home / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    out = jiyao(home, "docs")
    assert out.returncode == 0 and f"jiyao reindex {SAMPLE_ID}" in out.stdout
    assert jiyao(home, "reindex").returncode == 0
    assert not json.loads(jiyao(home, "docs", "--json").stdout)["stale"]


def test_doc_filter_answers_from_the_right_meeting(two_docs):
    out = jiyao(two_docs, "ask", "新建了多少座排涝泵站？", "--doc", "flood-meeting", "--json")
    data = json.loads(out.stdout)
    assert data["answerable"] and "6 座" in data["answer"]
    assert {c["doc_id"] for c in data["citations"]} == {"flood-meeting"}
    out = jiyao(two_docs, "ask", "新建了多少座排涝泵站？", "--json")  # no filter: still the right one
    assert json.loads(out.stdout)["citations"][0]["doc_id"] == "flood-meeting"


def test_date_range_keeps_the_meetings_of_those_days(sample_home):
    inside = jiyao(sample_home, "ask", "2020年全国发生了多少起事故？", "--from", "2021-01", "--to", "2021", "--json")
    assert inside.returncode == 0, inside.stderr
    assert json.loads(inside.stdout)["citations"][0]["doc_id"] == SAMPLE_ID
    day_after = jiyao(sample_home, "ask", "2020年全国发生了多少起事故？", "--from", "2021-01-24")
    assert day_after.returncode == 2 and "2021-01-23" in day_after.stderr  # names the dates there are


PANEL = ("发言人1：今天想问一下，远程办公会不会降低团队的效率？那我们先从王老师开始。\n"
         "发言人2：谢谢主持人。我觉得不会，关键是把目标写清楚，每周对齐一次。\n"
         "发言人1：谢谢王老师。新人怎么快速融入团队？有请李建国李总。\n"
         "发言人3：我是来自星河科技的李建国。新人第一周我们会安排一个导师。\n")


def test_a_labelled_panel_answers_from_the_reply_and_knows_its_speakers(sample_home, tmp_path):
    """The question's own words are in the moderator's turn; the answer is the guest's reply, named
    as the meeting names them, and --speaker takes that name."""
    home = tmp_path / "home"
    shutil.copytree(sample_home, home)
    path = tmp_path / "panel.txt"
    path.write_text(PANEL, encoding="utf-8")
    assert jiyao(home, "ingest", str(path)).returncode == 0
    out = jiyao(home, "ask", "远程办公会不会降低团队的效率？", "--doc", "panel", "--json")
    data = json.loads(out.stdout)
    assert data["answerable"] and "目标写清楚" in data["answer"], data["answer"]
    assert data["citations"][0]["speaker"] == "发言人2" and "王老师" in data["citations"][0]["aliases"]
    assert "发言人2（王老师）" in data["answer"]
    out = jiyao(home, "ask", "新人怎么融入团队？", "--speaker", "李建国", "--json")
    assert out.returncode == 0, out.stderr
    assert {c["speaker"] for c in json.loads(out.stdout)["citations"]} == {"发言人3"}
    text = jiyao(home, "ask", "新人怎么融入团队？", "--doc", "panel").stdout
    assert "发言人3（李建国） · panel.txt" in text  # which meeting, in every citation


def test_interactive_prompt_answers_until_empty_line(sample_home):
    out = jiyao(sample_home, "ask", stdin="2020年全国发生了多少起事故？\n\n")
    assert out.returncode == 0
    assert "答：" in out.stdout and "[1]" in out.stdout


def test_interactive_prompt_keeps_the_conversation_until_new(sample_home):
    turns = "2020年全国一共发生了多少起生产安全事故？\n其中重大事故呢？\n/new\n其中重大事故呢？\n\n"
    out = jiyao(sample_home, "ask", stdin=turns)
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("理解为：2020年全国一共发生了多少起重大事故？") == 1  # the second turn, not the last
    assert "（新的对话）" in out.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["ask", ""], "empty"),
        (["ask", "   \t "], "empty"),
        (["ask", "问" * 2001], "too long"),
        (["ask", "事故", "--doc", "no-such-doc"], "unknown document"),
        (["ask", "事故", "--k", "0"], "--k"),
        (["ask", "事故", "--speaker", "没有这个人"], "no speaker matches"),
        (["ask", "事故", "--from", "2022-01-01", "--to", "2021-12-31"], "empty date range"),
        (["ask", "事故", "--from", "2030"], "no meeting from 2030"),
        (["ask", "事故", "--to", "2021-02-30"], "not a date"),
        (["ask", "事故", "--from", "last week"], "not a date"),
    ],
)
def test_bad_questions_exit_2_with_one_line(sample_home, args, message):
    before = (sample_home / "manifest.json").read_bytes()
    out = jiyao(sample_home, *args)
    assert out.returncode == 2
    assert message in out.stderr and len(out.stderr.strip().splitlines()) == 1
    assert (sample_home / "manifest.json").read_bytes() == before


@pytest.mark.parametrize("kind", ["directory", "binary", "empty", "missing"])
def test_bad_ingest_exits_2_and_writes_nothing(tmp_path, kind):
    target = tmp_path / "input"
    if kind == "directory":
        target.mkdir()
    elif kind == "binary":
        target.write_bytes(bytes(range(256)) * 10)
    elif kind == "empty":
        target.write_bytes(b"")
    home = tmp_path / "home"
    out = jiyao(home, "ingest", str(target))
    assert out.returncode == 2, out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    assert not home.exists()


def test_help_lists_commands():
    out = jiyao(ROOT / ".no-home", "--help")
    assert out.returncode == 0
    for command in ("ingest", "docs", "ask", "config"):
        assert command in out.stdout
