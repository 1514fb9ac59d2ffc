"""The web app's handlers with the real agent on a temporary store (no browser)."""
import shutil

import pytest

from agent.service import Jiyao

from .conftest import ROOT, make_settings

pytest.importorskip("gradio")

from ui.app import ALL_MEETINGS, ALL_SECTORS, MINUTES, Handlers  # noqa: E402


@pytest.fixture(scope="module")
def handlers(sample_home, tmp_path_factory):
    home = tmp_path_factory.mktemp("ui") / "home"
    shutil.copytree(sample_home, home)
    tiny = tmp_path_factory.mktemp("set")
    lines = (ROOT / "data" / "eval" / "qa.jsonl").read_text(encoding="utf-8").splitlines()[:3]
    (tiny / "qa.jsonl").write_text("\n".join(lines), encoding="utf-8")
    return Handlers(Jiyao(make_settings(home, eval_set_dir=tiny)))


def _last(generator):
    out = None
    for out in generator:
        pass
    return out


def test_chat_answers_with_badge_and_citations(handlers):
    history, badge, choices, cited, hint, _ = _last(handlers.chat("2020年全国发生了多少起事故？", [], "auto"))
    assert history[-1]["role"] == "assistant" and "3.8" in history[-1]["content"] and "<sup>[1]</sup> 黄明" in \
        history[-1]["content"]
    assert "离线抽取模式" in badge and cited and choices["choices"][0][1] == "1"
    source = handlers.show_citation("1", cited)
    assert '<mark class="jy-cited">' in source and "3.8 万起" in source and "黄明" in source


def test_empty_question_only_hints(handlers):
    history, badge, choices, cited, hint, _ = _last(handlers.chat("   ", [], "auto"))
    assert history == [] and hint == "请输入一个问题。"


def test_briefing_and_download(handlers):
    markdown, [path] = handlers.brief("矿山", None, "extractive")
    assert markdown.startswith("## 矿山") and path.endswith(".md")
    assert open(path, encoding="utf-8").read() == markdown
    whole, _ = handlers.brief(ALL_SECTORS, None, "extractive")
    assert "## 会议概况" in whole and "## 会议纪要" in whole
    notes, (path, word) = handlers.brief(MINUTES, None, "extractive")
    assert notes.startswith("# 会议纪要") and "### 1. " in notes and path.endswith("会议纪要.md")
    assert open(path, encoding="utf-8").read() == notes
    from docx import Document as Word

    headings = [p.text for p in Word(word).paragraphs if p.style.name.startswith("Heading")]
    assert word.endswith("会议纪要.docx") and "概要" in headings and "议题" in headings
    assert handlers.brief("", None, "extractive")[0] == "请先选择会议纪要或一个领域。"


def test_quote_views_mark_every_change(handlers):
    before, after, rows, corrected, note = handlers.correct("现在我们请刘村长副总理作了重要讲话", "text", "verbatim", "auto")
    assert ("刘村长", "识别错误") in before and any(t == "刘鹤" and label for t, label in after)
    assert corrected == "现在我们请刘鹤副总理作了重要讲话" and rows[0][:2] == ["刘村长", "刘鹤"]
    assert handlers.correct("", "text", "clean", "auto")[-1] == "请输入一个问题或一段原文。"


def test_upload_refuses_non_text_and_changes_nothing(handlers, tmp_path):
    before = handlers.documents()[0]
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    message, table, *_ = handlers.upload([str(binary)], progress=lambda *a, **k: None)
    assert message.startswith("⚠ 未导入") and table == before


def test_upload_delete_and_reindex(handlers, tmp_path):
    path = tmp_path / "2024-03-01-班组会.txt"
    path.write_text("主持人：现在开会。请张三同志发言。张三：今年完成培训 120 人次，发现隐患 35 处。谢谢。", encoding="utf-8")
    noop = lambda *a, **k: None  # noqa: E731
    message, table, *_ = handlers.upload([str(path)], progress=noop)
    assert "已索引 2024-03-01-班组会" in message and any(r[0] == "2024-03-01-班组会" for r in table)
    message, table, *_ = handlers.reindex("2024-03-01-班组会", progress=noop)
    assert message == "已重建 2024-03-01-班组会" and any(r[0] == "2024-03-01-班组会" for r in table)
    assert all(r[-1] == "最新" for r in table)  # every document indexed by this version
    message, table, *_ = handlers.delete("2024-03-01-班组会")
    assert message == "已删除 2024-03-01-班组会" and all(r[0] != "2024-03-01-班组会" for r in table)


def test_evaluation_tab(handlers):
    rows, markdown = handlers.evaluate("extractive", progress=lambda *a, **k: None)
    assert len(rows) == 3 and {r[3] for r in rows} <= {"✓", "✗"} and "answer accuracy" in markdown
    assert {r[0] for r in rows} == {rows[0][0]}  # the set each question belongs to


def test_chat_takes_the_meeting_picked(handlers, tmp_path):
    path = tmp_path / "2024-05-06-班组会.txt"
    path.write_text("主持人：现在开会。请张三同志发言。张三：今年共发生事故 2 起，比去年少 1 起。谢谢。", encoding="utf-8")
    handlers.upload([str(path)], progress=lambda *a, **k: None)
    try:
        *_, picker = handlers.documents()
        assert picker["choices"][0] == ALL_MEETINGS and "2024-05-06-班组会" in picker["choices"]
        history, _, _, cited, _, _ = _last(handlers.chat("发生了多少起事故？", [], "auto", "2024-05-06-班组会"))
        assert cited and {c["doc_id"] for c in cited} == {"2024-05-06-班组会"}
        assert "2024-05-06-班组会.txt" in history[-1]["content"]  # the footnote names the meeting
        history, *_ = _last(handlers.chat("发生了多少起事故？", [], "auto", ALL_MEETINGS))
        assert history[-1]["role"] == "assistant"
    finally:
        handlers.delete("2024-05-06-班组会")


def test_api_functions(handlers):
    assert handlers.api_ask("2020年全国发生了多少起事故？")["citations"]
    assert handlers.api_quote("尊敬的有货副总理", "verbatim")["corrected"] == "尊敬的刘鹤副总理"
    assert handlers.api_summarize("矿山")["sector"] == "矿山"


@pytest.fixture(scope="module")
def timed_handlers(sample_home, tmp_path_factory):
    home = tmp_path_factory.mktemp("ui-timed") / "home"
    shutil.copytree(sample_home, home)
    return Handlers(Jiyao(make_settings(home)))


def test_a_recorders_file_is_uploaded_cited_by_time_and_renamed(timed_handlers):
    status, *_ = timed_handlers.upload([str(ROOT / "tests" / "fixtures" / "recorders" / "budget.srt")])
    assert status.startswith("已索引 budget")
    history, badge, choices, cited, hint, _ = _last(timed_handlers.chat("今年全年预算是多少？", [], "auto", "budget"))
    assert "发言人2 [00:00:20]" in choices["choices"][0][0] and "[00:00:20]" in history[-1]["content"]
    assert "发言人2 [00:00:20]" in timed_handlers.show_citation("1", cited)
    status, *_ = timed_handlers.rename("budget", "发言人2", "王会计")
    assert status.startswith("已改名 发言人2 → 王会计")
    history, badge, choices, cited, hint, _ = _last(timed_handlers.chat("今年全年预算是多少？", [], "auto", "budget"))
    assert choices["choices"][0][0].startswith("[1] 王会计 [00:00:20]")
    assert timed_handlers.rename("budget", "发言人9", "某人")[0].startswith("⚠ budget has no speaker '发言人9'")


def test_a_follow_up_in_the_chat_is_read_against_the_turns_before(handlers):
    first = _last(handlers.chat("2020年全国一共发生了多少起生产安全事故？", [], "auto"))
    history, turns = first[0], first[5]
    assert len(turns) == 1 and turns[0]["citations"]
    history, _, _, cited, _, turns = _last(handlers.chat("其中重大事故呢？", history, "auto", None, turns))
    assert "理解为：2020年全国一共发生了多少起重大事故？" in history[-1]["content"] and len(turns) == 2
    assert "16 起" in history[-1]["content"] and cited
    # A new conversation forgets it.
    assert handlers.new_chat()[5] == [] and handlers.new_chat()[0] == []


def test_the_api_takes_the_conversation_so_far(handlers):
    first = handlers.api_ask("黄明部长建议重点做好哪几个方面的工作？")
    second = handlers.api_ask("第二个呢？", history=[first])
    assert second["understood"] != "第二个呢？" and "二是" in second["answer"]
    assert second["citations"][0]["speaker"] == "黄明"
    # Bare questions will do as a history too (they carry no citations to look around).
    third = handlers.api_ask("那江苏呢？", history=["2020年全国一共发生了多少起生产安全事故？"])
    assert "江苏" in third["understood"] and "事故" in third["understood"]
