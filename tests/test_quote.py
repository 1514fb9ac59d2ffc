"""Corrected quotes: fixes from the glossary and from sound, every change an edit of the original,
digits never changed, the command line, and LLM proposals checked before they are accepted."""
import json

from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from agent.quotes import correct, glossary, quote

from .conftest import ROOT, make_settings, run_jiyao
from .llm_server import Reply, ScriptedLLM

GLOSSARY = ROOT / "data" / "glossary.yaml"


def _check_edits(result):
    for e in result.corrections:
        assert result.original[e.start:e.end] == e.wrong
    assert correct.apply(result.original, result.corrections) == result.corrected


def test_verbatim_fixes_recognition_errors_only(settings):
    q = quote.correct_text("刚才呢，这个克制同志作了非常重要的讲话，要绷紧安全这根弦", settings, "verbatim")
    assert q.corrected == "刚才呢，这个赵克志同志作了非常重要的讲话，要绷紧安全这根弦"
    assert [(e.wrong, e.right, e.reason) for e in q.corrections] == [("克制", "赵克志", "known misrecognition")]
    _check_edits(q)


def test_clean_also_removes_fillers_and_repairs_punctuation(settings):
    q = quote.correct_text("刚才呢，这个克制同志作了重要讲话，，我讲 3 点意见", settings, "clean")
    assert q.corrected == "刚才，赵克志同志作了重要讲话，我讲 3 点意见。"
    assert {e.reason for e in q.corrections} == {"filler", "known misrecognition", "punctuation"}
    _check_edits(q)


def test_a_paragraph_break_in_mid_sentence_is_removed_and_shown(settings):
    q = quote.correct_text("部署，抓好恶劣天气情\n\n况下的交通疏导。", settings, "clean")
    assert q.corrected == "部署，抓好恶劣天气情况下的交通疏导。"
    assert [(e.wrong, e.reason) for e in q.corrections] == [("\n\n", "punctuation")]
    _check_edits(q)


def test_sound_alike_of_a_term_never_listed_as_wrong(settings):
    q = quote.correct_text("要加强两科一分车辆的动态监控", settings, "verbatim")
    assert q.corrected == "要加强两客一危车辆的动态监控"
    assert q.corrections[0].reason == "sounds like a glossary term" and 0.75 <= q.corrections[0].confidence < 1


def test_person_wrong_form_needs_a_title_nearby(settings):
    assert quote.correct_text("我们要保持克制，稳步推进", settings, "verbatim").corrections == []


def test_user_glossary_adds_terms(settings, tmp_path):
    extra = tmp_path / "mine.yaml"
    extra.write_text("terms:\n  - {term: 白鹭湖蓄滞洪区, wrong: [白露湖蓄滞红区]}\n", encoding="utf-8")
    q = quote.correct_text("白露湖蓄滞红区的人员转移预案", settings, "verbatim", extra)
    assert q.corrected == "白鹭湖蓄滞洪区的人员转移预案"


@hsettings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["两科一分", "克制同志", "12", "3.8万", "呢", "，", "起诉", "2020 年", "刘贺副总理",
                                 "事故起数", "百吨王", "护公平", "安全", "7"]), max_size=12))
def test_digits_are_never_changed(pieces):
    settings = make_settings(ROOT / ".never-used")
    text = "".join(pieces) or "安全"
    q = quote.correct_text(text, settings, "clean")
    assert sorted(c for c in q.original if c.isdigit()) == sorted(c for c in q.corrected if c.isdigit())
    for e in q.corrections:
        assert q.original[e.start:e.end] == e.wrong


def test_generated_set_uses_no_listed_wrong_form():
    """The generated set measures the sound matcher: none of its corruptions is a listed wrong form."""
    listed = {w for t in glossary.load(GLOSSARY) for w in t.wrong}
    rows = [json.loads(line) for line in (ROOT / "data" / "eval" / "corrections_generated.jsonl")
            .read_text(encoding="utf-8").splitlines()]
    corrupted = [e["wrong"] for r in rows for e in r["errors"]]
    assert len(corrupted) >= 30 and not listed & set(corrupted)
    assert all(r["passage"] not in (ROOT / "data" / "transcripts" / "2021-01-23-work-safety-conference.txt")
               .read_text(encoding="utf-8") for r in rows)


def test_quote_by_question_cites_its_source(library, settings):
    q = quote.quote_question(library, settings, "两客一危车辆的监管", style="clean")
    assert q.source is not None and q.source.speaker
    text = library.corpus().docs[q.source.doc_id].text
    assert text[q.source.quote_start:q.source.quote_end] == q.original
    _check_edits(q)


def test_cli_text_json_and_batch(sample_home, tmp_path):
    out = run_jiyao(sample_home, "quote", "--text", "现在我们请刘村长副总理作了重要讲话", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert {"original", "corrected", "corrections", "source", "backend"} <= set(data) and data["source"] is None
    assert "刘鹤副总理" in data["corrected"] and data["corrections"][0]["wrong"] == "刘村长"
    assert {"start", "end", "wrong", "right", "reason", "confidence"} <= set(data["corrections"][0])
    batch = tmp_path / "p.txt"
    batch.write_text("全国较大事故和恶性犯罪明显下降，研发爆竹安全形势也比较好\n\n安全生产事关重大，须臾不可放松。\n",
                     encoding="utf-8")
    out = run_jiyao(sample_home, "quote", "--batch", str(batch), "--style", "verbatim")
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(rows) == 2 and "烟花爆竹" in rows[0]["corrected"] and rows[1]["corrections"] == []
    human = run_jiyao(sample_home, "quote", "两客一危车辆的监管")
    assert human.returncode == 0 and "原文：" in human.stdout and "更正：" in human.stdout and "出处：" in human.stdout


def test_cli_bad_input(sample_home):
    out = run_jiyao(sample_home, "quote", "--text", "   ")
    assert out.returncode == 2 and "empty" in out.stderr
    out = run_jiyao(sample_home, "quote")
    assert out.returncode == 2 and "--text" in out.stderr


def test_llm_proposals_are_checked(sample_home):
    proposals = [
        {"wrong": "研发爆竹", "right": "烟花爆竹"},  # sound-alike: accepted (unless the matcher had it)
        {"wrong": "1110 收", "right": "1120 艘"},  # changes a digit: refused
        {"wrong": "明显下降", "right": "大幅度显著地下降了"},  # a rewrite: refused
        {"wrong": "恶性犯罪", "right": "刑事案件"},  # not a sound-alike, not a glossary term: refused
        {"wrong": "不在段落里", "right": "随便"},  # not in the passage: refused
    ]
    with ScriptedLLM(lambda body: Reply(json.dumps(proposals, ensure_ascii=False))) as server:
        settings = make_settings(sample_home, llm_base_url=server.url, backend="openai", llm_timeout=3.0)
        q = quote.correct_text("全国较大事故和恶性犯罪明显下降，研发爆竹安全形势也比较好，成功搜救中外遇险船舶 1110 收",
                               settings, "verbatim")
    assert q.backend == "openai" and q.extra["refused_proposals"] >= 4
    assert "烟花爆竹" in q.corrected and "1110 收" in q.corrected and "刑事案件" not in q.corrected
    _check_edits(q)


def test_llm_failure_keeps_the_glossary_fixes(sample_home):
    with ScriptedLLM(lambda body: Reply(status=429)) as server:
        settings = make_settings(sample_home, llm_base_url=server.url, backend="openai", llm_timeout=3.0)
        q = quote.correct_text("尊敬的有货副总理", settings, "verbatim")
    assert q.backend == "extractive" and q.extra["fallback_reason"] == "rate limited (429)"
    assert q.corrected == "尊敬的刘鹤副总理"
