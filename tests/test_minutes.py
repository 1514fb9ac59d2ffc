"""Minutes of any meeting: topics with headlines, speakers and spans; per-topic and overall
summaries cited clause by clause and corrected like quotes; sector sections only where a meeting
has evidence for them; the command line; the LLM map-reduce against a scripted endpoint."""
import json
import re

import pytest

from agent import numbers
from agent.briefings import briefing, sectors, summarize, topics
from agent.index.library import Library

from .conftest import ROOT, home_with, make_settings, run_jiyao
from .llm_server import Reply, ScriptedLLM, passages

# A real recorded discussion (VCSum dev meeting 20: programmers' careers), labelled 发言人N：
PANEL = ROOT / "data" / "eval" / "vcsum" / "vcsum-dev-20.txt"
FILLERS = re.compile(r"[呢啊嗯呃]")


@pytest.fixture(scope="module")
def panel_home(sample_home, tmp_path_factory):
    return home_with(sample_home, tmp_path_factory, "panel", [PANEL])


@pytest.fixture(scope="module")
def panel(panel_home):
    settings = make_settings(panel_home)
    return Library(settings), settings


@pytest.fixture(scope="module")
def sample_minutes(library, settings):
    return summarize.meeting_minutes(library, settings)


@pytest.mark.parametrize("which", ["sample", "panel"])
def test_topics_tile_the_meeting_at_turn_or_paragraph_starts(which, library, settings, panel):
    lib, conf, doc_id = (library, settings, None) if which == "sample" else (*panel, PANEL.stem)
    doc, found = summarize.meeting_topics(lib, conf, doc_id)
    starts = {s for s, _ in topics.blocks(doc)}
    assert 3 <= len(found) <= len(doc.text) // 1000
    assert found[0].start == min(starts) and found[-1].end == doc.turns[-1].end
    for a, b in zip(found, found[1:]):
        assert a.end == b.start and b.start in starts
    for n, topic in enumerate(found, 1):
        assert topic.n == n and topic.speakers and 0 < len(topic.headline) <= topics.HEADLINE_CHARS
        assert "\n" not in topic.headline
    assert len({t.headline for t in found}) == len(found)  # each topic is told apart


def test_panel_topics_name_the_recorders_speakers(panel):
    _, found = summarize.meeting_topics(*panel, PANEL.stem)
    assert all(re.match(r"发言人\d+", s) for t in found for s in t.speakers)
    assert len({s for t in found for s in t.speakers}) >= 3


def test_summaries_are_cited_corrected_and_faithful(sample_minutes, library):
    result, markdown = sample_minutes
    doc = library.corpus().docs[result.doc_id]
    said = [s.summary for s in result.speakers] + [x.answer for x in result.exchanges]
    parts = [result.overview] + [t.summary for t in result.topics] + said
    assert result.speakers and all(p.citations for p in parts)
    assert 150 <= len(re.sub(r"\[\d+\]", "", result.overview.text)) <= 400
    for part in parts:
        assert [int(n) for n in re.findall(r"\[(\d+)\]", part.text)] == [c.n for c in part.citations]
        for c in part.citations:
            assert doc.text[c.start:c.end] == c.text and c.start <= c.quote_start < c.quote_end <= c.end
            assert c.speaker
        assert numbers.unsupported(re.sub(r"\[\d+\]", "", part.text), [c.attributed() for c in part.citations]) == []
        assert not FILLERS.search(part.text), part.text
        assert not re.search(r"发言人\d+[：:]", part.text)
    for topic in result.topics:  # each topic's summary quotes its own stretch of the meeting
        assert all(topic.topic.start <= c.quote_start < topic.topic.end for c in topic.summary.citations)
    assert markdown.startswith("# 会议纪要") and "## 概要" in markdown and "## 议题" in markdown
    notes = re.findall(r"^\[\^(\d+)\]: ", markdown, flags=re.M)
    found = result.outcomes  # decisions, actions and open questions are cited and numbered too
    items = [*found.decisions, *found.actions, *found.open_questions]
    assert [int(n) for n in notes] == list(range(1, len(result.citations()) + 1))
    assert [c.n for c in result.citations()] == list(range(1, len(result.citations()) + 1))  # as the JSON numbers them
    for item in items:  # each item says what its sentence said: no figure it does not hold
        said = item.task if hasattr(item, "task") else item.text
        assert numbers.unsupported(said, [c.attributed() for c in item.citations]) == []


def test_a_summary_is_corrected_with_the_original_in_its_citation(panel):
    """The clean style drops fillers and connectives from what the reader sees; the citation keeps
    the words said."""
    result, _ = summarize.meeting_minutes(*panel, PANEL.stem)
    doc = panel[0].corpus().docs[result.doc_id]
    edited = 0
    for part in [result.overview] + [t.summary for t in result.topics]:
        pieces = [p for p in re.split(r"\[\d+\]。?", part.text) if p]
        assert len(pieces) == len(part.citations)
        for piece, c in zip(pieces, part.citations):
            said = doc.text[c.quote_start:c.quote_end]
            assert not FILLERS.search(piece) and not piece.startswith(("所以", "但是", "然后", "其实"))
            edited += piece != said.strip("，。、；：,. ")
    assert edited >= 3  # what was said, unedited, stays in the citations


def test_no_sector_sections_on_a_discussion_that_has_none(panel):
    library, settings = panel
    results, notes, markdown = summarize.whole_briefing(library, settings, PANEL.stem)
    assert results == [] and notes.topics
    assert "## 会议概况" in markdown and "## 会议纪要" in markdown and "### 概要" in markdown
    assert "## 矿山" not in markdown and "## 危险化学品" not in markdown
    assert not re.search(r"(发言人\d+)[：:]\s*\1[：:]", markdown)


def test_the_sample_keeps_its_sectors(library, settings):
    corpus = library.corpus()
    doc = summarize.document(corpus, None)
    known = sectors.load(settings.sectors_file)
    meeting = summarize._Meeting(corpus, doc, known, settings)
    assert len(meeting.fitting()) >= len(known) - 1  # a work-safety meeting has evidence for nearly all


def test_a_fitting_sector_on_a_labelled_discussion_names_each_speaker_once(panel_home, tmp_path):
    custom = tmp_path / "sectors.yaml"
    custom.write_text("sectors:\n  - name: 职业发展\n    description: 程序员的就业、城市选择和职业成长\n"
                      "    keywords: [程序员, 城市, 工作, 公司, 技术]\n", encoding="utf-8")
    out = run_jiyao(panel_home, "summarize", "--sector", "职业发展", "--doc", PANEL.stem, "--json",
                    env={"JIYAO_SECTORS_FILE": str(custom)})
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["bullets"]
    for bullet in data["bullets"]:
        assert not re.match(r"\s*发言人\d+[：:]", bullet["text"]), bullet["text"]
    assert not re.search(r"(发言人\d+)[：:]\s*\1[：:]", data["markdown"])


def test_fits_wants_several_keywords_in_enough_sentences(library, settings):
    corpus = library.corpus()
    doc = summarize.document(corpus, None)
    meeting = summarize._Meeting(corpus, doc, sectors.load(settings.sectors_file), settings)
    one_word = sectors.Sector(name="只说一个词", description="", keywords=("安全", "量子计算", "元宇宙", "区块链"))
    rare = sectors.Sector(name="很少提到", description="", keywords=("煤矿", "冬奥", "非煤矿山", "尾矿库"))
    many = sectors.Sector(name="常常提到", description="", keywords=("安全", "事故", "隐患", "风险"))
    assert not briefing.fits(doc, meeting.units, one_word)
    assert briefing.fits(doc, meeting.units, many)
    said = [u for u in meeting.units if any(k in doc.text[u.span[0]:u.span[1]] for k in rare.keywords)]
    assert briefing.fits(doc, meeting.units, rare) == (len(said) >= briefing.MIN_SECTOR_SHARE * len(meeting.units))


def test_topics_command(panel_home):
    out = run_jiyao(panel_home, "topics", "--doc", PANEL.stem, "--json")
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert rows and {"n", "start", "end", "headline", "speakers"} <= set(rows[0])
    text = run_jiyao(panel_home, "topics", "--doc", PANEL.stem).stdout
    assert text.startswith("1. ") and "发言人：" in text
    several = run_jiyao(panel_home, "topics")
    assert several.returncode == 2 and "--doc" in several.stderr


def test_overview_and_topics_commands(panel_home):
    out = run_jiyao(panel_home, "summarize", "--overview", "--doc", PANEL.stem, "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert "topics" not in data and {"doc_id", "overview", "markdown", "backend"} <= set(data)
    assert data["overview"]["citations"]
    assert data["markdown"].startswith("# 会议概要") and "[^1]: " in data["markdown"]
    md = run_jiyao(panel_home, "summarize", "--topics", "--doc", PANEL.stem).stdout
    assert md.startswith("# 会议纪要") and "## 议题" in md and "*发言人：" in md
    whole = json.loads(run_jiyao(panel_home, "summarize", "--all", "--doc", PANEL.stem, "--json").stdout)
    assert whole["sectors"] == [] and whole["minutes"]["topics"] and whole["markdown"].count("## 会议纪要") == 1


# -- LLM map-reduce against a scripted endpoint -----------------------------------------------------
def _one_sentence_per_topic(invent: bool = False):
    def script(body):
        user = body["messages"][-1]["content"]
        if user.startswith("各议题概括"):  # reduce: keeps the first two topics' summaries
            return Reply("".join(line.split("：", 1)[-1] for line in user.splitlines()[1:3]))
        found = passages(body)
        n = min(found)
        figure = "共计 987654 人参加" if invent else "与会者讨论了这一议题"
        return Reply(f"{figure}[{n}]。")
    return script


def test_llm_minutes_are_written_per_topic_then_reduced(panel_home):
    with ScriptedLLM(_one_sentence_per_topic()) as server:
        settings = make_settings(panel_home, llm_base_url=server.url, llm_timeout=3.0, backend="openai")
        result, markdown = summarize.meeting_minutes(Library(settings), settings, PANEL.stem)
    assert result.backend == "openai" and result.extra["topics_written"] == len(result.topics)
    assert len(server.seen) == 2 * len(result.topics) + 1  # map per topic, one reduce, outcomes per topic
    assert all(t.summary.text.startswith("与会者讨论了这一议题[") for t in result.topics)
    assert result.extra["overview_written"] and result.overview.citations
    assert "[^1]: " in markdown


def test_llm_minutes_keep_quotes_where_a_figure_is_invented(panel_home):
    with ScriptedLLM(_one_sentence_per_topic(invent=True)) as server:
        settings = make_settings(panel_home, llm_base_url=server.url, llm_timeout=3.0, backend="openai")
        result, markdown = summarize.meeting_minutes(Library(settings), settings, PANEL.stem)
    assert result.extra["topics_written"] == 0 and result.extra["topics_kept_extractive"] == len(result.topics)
    assert "987654" not in markdown and all(t.summary.citations for t in result.topics)


def test_llm_minutes_fall_back_when_the_endpoint_fails(panel_home):
    notices = []
    with ScriptedLLM(lambda body: Reply(status=500)) as server:
        settings = make_settings(panel_home, llm_base_url=server.url, llm_timeout=3.0, backend="openai")
        result, _ = summarize.meeting_minutes(Library(settings), settings, PANEL.stem, on_notice=notices.append)
    assert result.backend == "extractive" and result.extra["fallback_reason"] == "endpoint error (500)"
    assert notices and result.overview.citations
