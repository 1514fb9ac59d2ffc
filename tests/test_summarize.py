"""Per-sector briefings: every bullet traceable to its speaker and span, no figure that its
citation lacks, sectors as data, the whole briefing, the command line, and the LLM mode against
a scripted endpoint."""
import json
import re
import shutil

import pytest

from agent.briefings import sectors, summarize
from agent.index.library import Library

from .conftest import ROOT, make_settings, run_jiyao
from .llm_server import Reply, ScriptedLLM, passages

SECOND = ROOT / "data" / "eval" / "second_meeting" / "2023-06-15-flood-control-meeting.txt"


@pytest.fixture(scope="module")
def whole(library, settings):
    return summarize.whole_briefing(library, settings)


def test_every_bullet_is_cited_and_faithful(whole, library, settings):
    from agent import numbers

    results, _, _ = whole
    corpus = library.corpus()
    known = [s.name for s in sectors.load(settings.sectors_file)]
    names = [r.sector.name for r in results]
    assert names == [n for n in known if n in names] and len(names) >= len(known) - 1  # the sectors it fits
    for result in results:
        assert 0 < len(result.bullets) <= settings.summary_bullets, result.sector.name
        for bullet in result.bullets:
            assert bullet.citations and len(bullet.text) <= settings.bullet_max_chars
            for c in bullet.citations:
                assert corpus.docs[c.doc_id].text[c.start:c.end] == c.text
                assert c.start <= c.quote_start < c.quote_end <= c.end and c.speaker == bullet.speaker
            assert numbers.unsupported(bullet.text, [c.text for c in bullet.citations]) == []
            assert not re.search(r"[呢啊嗯呃]", bullet.text), bullet.text  # fillers removed


def test_bullets_are_grouped_by_speaker_in_speaking_order(whole):
    for result in whole[0]:
        seen = []
        for bullet in result.bullets:
            if not seen or seen[-1] != bullet.speaker:
                assert bullet.speaker not in seen, (result.sector.name, bullet.speaker)
                seen.append(bullet.speaker)
        firsts = [min(b.citations[0].quote_start for b in result.bullets if b.speaker == s) for s in seen]
        assert firsts == sorted(firsts)


def test_region_sector_stays_in_its_region(whole):
    for result in whole[0]:
        if not result.sector.region:
            continue
        for bullet in result.bullets:
            c = bullet.citations[0]
            assert any(k in (c.title or "") or k in c.text for k in result.sector.keywords), bullet.text


def test_whole_briefing_markdown(whole, library):
    results, notes, markdown = whole
    assert markdown.startswith("# 会议简报") and "## 会议概况" in markdown and "- 日期：2021-01-23" in markdown
    assert "- 议程：" in markdown and "- 发言人（按发言顺序）：王勇" in markdown
    assert markdown.index("## 会议概况") < markdown.index("## 会议纪要") < markdown.index(f"## {results[0].sector.name}")
    cited = sum(len(b.citations) for r in results for b in r.bullets)
    cited += len(notes.citations())
    notes = re.findall(r"^\[\^(\d+)\]: (.+)$", markdown, flags=re.M)
    assert [int(n) for n, _ in notes] == list(range(1, cited + 1))
    assert all(re.match(r"[\u4e00-\u9fff]{2,4}（", note) for _, note in notes)  # names the speaker
    for r in results:
        assert f"## {r.sector.name}" in markdown


def test_sectors_command_and_unknown_sector(sample_home):
    out = run_jiyao(sample_home, "sectors", "--json")
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert {"综合/应急管理", "矿山", "危险化学品", "交通运输", "住房城乡建设", "消防", "公安", "工贸", "江苏", "河南"} \
        <= {r["name"] for r in rows} and all(r["description"] for r in rows)
    bad = run_jiyao(sample_home, "summarize", "--sector", "航天")
    assert bad.returncode == 2 and "known sectors: 综合/应急管理、矿山" in bad.stderr and len(bad.stderr.splitlines()) == 1


def test_summarize_json_shape(sample_home):
    out = run_jiyao(sample_home, "summarize", "--sector", "矿山", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert {"sector", "bullets", "markdown", "backend"} <= set(data) and data["backend"] == "extractive"
    assert data["sector"] == "矿山" and data["markdown"].startswith("## 矿山")
    bullet = data["bullets"][0]
    assert {"text", "speaker", "citations"} <= set(bullet)
    assert {"n", "doc_id", "speaker", "start", "end", "text", "quote_start", "quote_end"} <= set(bullet["citations"][0])


def test_user_sectors_file(sample_home, tmp_path):
    custom = tmp_path / "sectors.yaml"
    custom.write_text("sectors:\n  - name: 海上\n    description: 海上搜救和水上运输\n    keywords: [搜救, 船舶]\n",
                      encoding="utf-8")
    out = run_jiyao(sample_home, "summarize", "--sector", "海上", "--json", env={"JIYAO_SECTORS_FILE": str(custom)})
    assert out.returncode == 0, out.stderr
    assert any("搜救" in b["text"] for b in json.loads(out.stdout)["bullets"])


def test_several_meetings_need_doc(sample_home, tmp_path):
    home = tmp_path / "home"
    shutil.copytree(sample_home, home)
    Library(make_settings(home)).ingest([SECOND])
    out = run_jiyao(home, "summarize", "--all")
    assert out.returncode == 2 and "--doc" in out.stderr
    out = run_jiyao(home, "summarize", "--all", "--doc", "2023-06-15-flood-control-meeting", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["doc_id"] == "2023-06-15-flood-control-meeting"
    cited = {c["doc_id"] for s in data["sectors"] for b in s["bullets"] for c in b["citations"]}
    cited |= {c["doc_id"] for t in data["minutes"]["topics"] for c in t["summary"]["citations"]}
    assert cited == {"2023-06-15-flood-control-meeting"}


def _point_per_passage(body):
    """A model that writes one point per passage: its first sentence with a figure, cited; asked
    to merge points, it keeps the first ten as they are."""
    user = body["messages"][-1]["content"]
    if user.startswith("要点："):
        return Reply("\n".join(user.splitlines()[1:11]))
    points = []
    for n, text in passages(body).items():
        sentence = next((s for s in re.split(r"(?<=。)", text) if re.search(r"\d", s)), None)
        if sentence:
            points.append(f"- {''.join(sentence.split())}[{n}]")
    return Reply("\n".join(points) or "无")


def _llm_settings(home, server, **kw):
    return make_settings(home, llm_base_url=server.url, llm_timeout=3.0, backend="openai", **kw)


def test_llm_briefing_bullets_are_verified(sample_home):
    with ScriptedLLM(_point_per_passage) as server:
        settings = _llm_settings(sample_home, server)
        result, markdown = summarize.sector_briefing(Library(settings), settings, "交通运输")
    assert result.backend == "openai" and result.model and result.extra["dropped_bullets"] == 0
    written = [b for b in result.bullets if b.citations[0].quote_start is None]  # not quotes
    assert len(written) == len(result.bullets) == 10 and len(server.seen) >= 3
    assert server.seen[-1].body["messages"][-1]["content"].startswith("要点：")  # the reduce step
    assert "[^1]:" in markdown


def test_llm_briefing_drops_invented_figures_and_fills_in(sample_home):
    def inventing(body):
        n = min(passages(body))
        return Reply(f"- 全年共完成公路安全生命防护工程 99.9 万 km[{n}]\n- 另有要点[{n + 40}]")

    with ScriptedLLM(inventing) as server:
        settings = _llm_settings(sample_home, server)
        result, _ = summarize.sector_briefing(Library(settings), settings, "交通运输")
    assert result.extra["dropped_bullets"] >= 2
    assert all("99.9" not in b.text for b in result.bullets) and result.bullets  # filled with quotes


def test_llm_briefing_falls_back_when_the_endpoint_fails(sample_home):
    with ScriptedLLM(lambda body: Reply(status=500)) as server:
        settings = _llm_settings(sample_home, server)
        notices = []
        result, _ = summarize.sector_briefing(Library(settings), settings, "矿山", on_notice=notices.append)
    assert result.backend == "extractive" and result.extra["fallback_reason"] == "endpoint error (500)"
    assert notices and result.bullets
