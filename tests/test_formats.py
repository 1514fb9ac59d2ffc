"""What meeting recorders export: every layout detected from its content and read into speaker
turns with times; one meeting in five formats reads the same; bad files get one line naming the
line or key, exit 2 and nothing written; citations say when; speakers can be renamed."""
import json
import re
import shutil

import pytest

from agent.index.library import Library
from agent.transcripts import formats, transcript

from .conftest import ROOT, make_settings, run_jiyao
from .recorder_forms import to_export, to_srt

FIXTURES = ROOT / "tests" / "fixtures" / "recorders"
# file: (format, speakers turn by turn, when the first turn starts (s), meeting date)
LAYOUTS = {
    "budget.tingwu.txt": ("export", ["发言人1", "发言人2", "发言人1", "发言人2"], 0.0, "2024-05-06"),
    "feishu.txt": ("export", ["说话人 1", "说话人 2", "说话人 1", "说话人 2"], 2.0, "2024-05-06"),
    "iflytek.txt": ("export", ["说话人1", "说话人2", "说话人1"], 3.0, None),
    "otter.txt": ("export", ["Alice Smith", "Bob Lee", "Alice Smith", "Bob Lee"], 2.0, "2026-12-01"),
    "labelled.txt": ("text", ["发言人1", "发言人2", "发言人1", "发言人2"], None, None),
    "budget.srt": ("srt", ["发言人1", "发言人2", "发言人1", "发言人2"], 0.0, None),
    "whisper.srt": ("srt", [None], 0.0, None),
    "whisper_old.srt": ("srt", [None], 1.0, None),
    "whisperx.srt": ("srt", ["SPEAKER_00", "SPEAKER_01"], 0.5, None),
    "speakers.srt": ("srt", ["Speaker 0", "Speaker 1"], 0.0, None),
    "funclip.srt": ("srt", ["发言人1", "发言人2"], 0.05, None),
    "budget.teams.vtt": ("vtt", ["发言人1", "发言人2", "发言人1", "发言人2"], 0.0, None),
    "zoom.vtt": ("vtt", ["Alice Smith", "Bob Lee", "Alice Smith"], 1.2, None),
    "whisper.vtt": ("vtt", [None], 1.0, None),
    "whisper.json": ("json", [None], 0.0, None),
    "budget.whisperx.json": ("json", ["发言人1", "发言人2", "发言人1", "发言人2"], 0.0, None),
    "budget.funasr.json": ("json", ["发言人1", "发言人2", "发言人1", "发言人2"], 0.0, None),
}
ROUND_TRIP = ["budget.tingwu.txt", "budget.srt", "budget.teams.vtt", "budget.whisperx.json", "budget.funasr.json"]
BAD = {
    "bad-truncated.srt": "line 6", "bad-backwards.srt": "line 6", "bad-negative.srt": "line 2",
    "bad-unknown.json": "utterances", "bad-missing.json": "segments[1].start",
}


def _load(name):
    return transcript.load(FIXTURES / name, 10_000_000)


def _turn_times(t):
    """(speaker, text, when it starts) of each turn."""
    out = []
    for turn in t.turns:
        starts = [a for s, e, a, _ in t.times if turn.start <= s < turn.end and a is not None]
        out.append((turn.speaker, t.text[turn.start:turn.end], min(starts) if starts else None))
    return out


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_every_layout_is_detected_and_read_into_turns_and_times(name):
    kind, speakers, first, date = LAYOUTS[name]
    assert formats.detect((FIXTURES / name).read_text(encoding="utf-8")) == kind
    t = _load(name)
    assert t.format == kind and [turn.speaker for turn in t.turns] == speakers
    assert t.date == date
    if first is None:
        assert t.times == []
        return
    assert _turn_times(t)[0][2] == pytest.approx(first)
    for s, e, a, b in t.times:
        assert t.text[s:e].strip() == t.text[s:e] and t.text[s:e]  # each cue's words, exactly
        assert a is not None and (b is None or a <= b)
    assert not re.search(r"-->|^\s*\d+\s*$|\d:\d\d\s*$|WEBVTT|仅供参考|Transcribed by|时长|关键词", t.text, re.M)


def test_one_meeting_in_five_formats_reads_the_same():
    read = {name: _load(name) for name in ROUND_TRIP}
    first = _turn_times(read[ROUND_TRIP[0]])
    assert [s for s, _, _ in first] == ["发言人1", "发言人2", "发言人1", "发言人2"]
    assert "发言人2：好的。今年全年预算是 300 万元，比去年多 20 万元。主要用于设备更新和人员培训。" in [x for _, x, _ in first]
    for name, t in read.items():
        assert _turn_times(t) == first, name
    timed = [read[n].times for n in ROUND_TRIP[1:]]  # the subtitle and JSON forms time every sentence
    assert all(times == timed[0] for times in timed) and len(timed[0]) == 7


def test_a_speakers_cues_merge_into_one_turn_and_keep_their_times():
    t = _load("funclip.srt")
    assert len(t.turns) == 2 and len(t.times) == 3
    first = t.text[t.turns[0].start:t.turns[0].end]
    assert first == "发言人1：我们今天讲一下防汛准备，重点是排水泵站的检查"  # a comma where the recogniser gave none
    assert [(a, b) for _, _, a, b in t.times] == [(0.05, 2.83), (2.83, 5.37), (5.9, 9.1)]
    otter = _load("otter.txt")
    assert [round(a) for _, _, a, _ in otter.times] == [2, 15, 3321, 3723]  # MM:SS, then H:MM:SS after an hour


def test_a_long_pause_starts_a_paragraph_of_the_same_turn():
    t = _load("whisper.srt")
    assert t.text == "今天我们讨论一下培训安排，每个部门派两个人参加\n培训在下个月第一周举行\n"
    assert len(t.turns) == 1


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_files_get_one_line_exit_2_and_nothing_written(name, tmp_path):
    home, empty = tmp_path / "home", tmp_path / "none"
    empty.mkdir()
    env = {"JIYAO_CORPUS_DIR": str(empty)}
    out = run_jiyao(home, "ingest", str(FIXTURES / "budget.srt"), str(FIXTURES / name), env=env)
    assert out.returncode == 2, out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and name in out.stderr and BAD[name] in out.stderr
    listed = run_jiyao(home, "docs", "--json", env=env)
    assert listed.returncode == 0 and listed.stdout.strip() == ""  # the good file was not written either


def test_forcing_a_format(tmp_path):
    t = transcript.load(FIXTURES / "budget.srt", 10_000_000, "text")
    assert t.format == "text" and "-->" in t.text and t.times == []
    plain = tmp_path / "notes.txt"
    plain.write_text("纪要\n\n今天讨论预算。", encoding="utf-8")
    out = run_jiyao(tmp_path / "home", "ingest", "--format", "srt", str(plain),
                    env={"JIYAO_CORPUS_DIR": str(tmp_path)})
    assert out.returncode == 2 and "no timing lines" in out.stderr


@pytest.fixture(scope="module")
def timed_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("timed") / "home"
    settings = make_settings(home, corpus_dir=tmp_path_factory.mktemp("none"))
    Library(settings).ingest([FIXTURES / "budget.srt", FIXTURES / "budget.tingwu.txt"])
    return home


def test_citations_say_when_the_words_were_said(timed_home):
    env = {"JIYAO_CORPUS_DIR": str(timed_home.parent)}
    out = run_jiyao(timed_home, "ask", "今年全年预算是多少？", "--doc", "budget", "--json", env=env)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    c = data["citations"][0]
    assert "300 万元" in data["answer"] and c["speaker"] == "发言人2"
    assert (c["time_start"], c["time_end"]) == (20.0, 33.0)  # the cue holding the quoted words
    library = Library(make_settings(timed_home))
    assert library.corpus().docs["budget"].text[c["start"]:c["end"]] == c["text"]
    shown = run_jiyao(timed_home, "ask", "今年全年预算是多少？", "--doc", "budget", env=env).stdout
    assert "发言人2 [00:00:20] · budget.srt" in shown
    export = run_jiyao(timed_home, "ask", "设备更新什么时候完成？", "--doc", "budget.tingwu", "--json", env=env)
    cited = json.loads(export.stdout)["citations"][0]
    assert cited["time_start"] == 52.0 and cited["time_end"] is None  # a text export's last paragraph has no end


def test_renaming_a_speaker_of_one_meeting(timed_home, tmp_path):
    home = tmp_path / "home"
    shutil.copytree(timed_home, home)
    env = {"JIYAO_CORPUS_DIR": str(tmp_path)}
    out = run_jiyao(home, "rename", "budget", "发言人2", "王会计", env=env)
    assert out.returncode == 0, out.stderr
    data = json.loads(run_jiyao(home, "ask", "今年全年预算是多少？", "--doc", "budget", "--speaker", "王会计",
                                "--json", env=env).stdout)
    c = data["citations"][0]
    assert c["speaker"] == "王会计" and "发言人2" in c["aliases"] and "300 万元" in data["answer"]
    by_label = json.loads(run_jiyao(home, "ask", "今年全年预算是多少？", "--doc", "budget", "--speaker", "发言人2",
                                    "--json", env=env).stdout)
    assert by_label["citations"][0]["speaker"] == "王会计"  # the label still finds them
    rows = {r["doc_id"]: r for r in map(json.loads, run_jiyao(home, "docs", "--json", env=env).stdout.splitlines())}
    assert "王会计" in rows["budget"]["speakers"] and "发言人2" in rows["budget.tingwu"]["speakers"]
    bad = run_jiyao(home, "rename", "budget", "发言人9", "某人", env=env)
    assert bad.returncode == 2 and "发言人9" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1


def test_renaming_through_the_sidecar(tmp_path):
    shutil.copy(FIXTURES / "whisperx.srt", tmp_path / "panel.srt")
    (tmp_path / "panel.speakers.yaml").write_text("names:\n  SPEAKER_01: Dr. Chen\n", encoding="utf-8")
    t = transcript.load(tmp_path / "panel.srt", 10_000_000)
    assert [turn.speaker for turn in t.turns] == ["SPEAKER_00", "Dr. Chen"]
    assert t.turns[1].aliases == ("SPEAKER_01",)


# -- the bar: a meeting ingested as SRT or as a recorder's text export answers as its plain text ------
def _answers(home, items):
    """Each answer, and its citations' speakers and quoted words; white space aside. (The passage
    around a quote may end elsewhere: a recorder's file has no blank lines between paragraphs, and
    blank lines count in a chunk's length.)"""
    from agent.answers.qa import ask

    def flat(text: str) -> str:
        return re.sub(r"\s+", "", text)

    settings = make_settings(home, corpus_dir=home.parent / "none")
    library = Library(settings)
    out = []
    for item in items:
        a = ask(library, item["question"], settings, backend="extractive")
        out.append((flat(a.answer), a.answerable, [(c.speaker, flat(c.quote)) for c in a.citations]))
    return out


def _home(tmp_path, name, files):
    home = tmp_path / name / "home"
    (tmp_path / name / "none").mkdir(parents=True)
    Library(make_settings(home, corpus_dir=tmp_path / name / "none")).ingest(files)
    return home


def test_the_sample_answers_the_same_from_srt(tmp_path, qa_items):
    from .conftest import SAMPLE

    srt_dir = tmp_path / "srt"
    srt_dir.mkdir()
    srt = srt_dir / (SAMPLE.stem + ".srt")
    srt.write_text(to_srt(SAMPLE.read_text(encoding="utf-8")), encoding="utf-8")
    shutil.copy(SAMPLE.with_name(SAMPLE.stem + ".speakers.yaml"), srt_dir)
    items = [i for i in qa_items if i.get("doc") in (SAMPLE.stem, None)]
    plain = _answers(_home(tmp_path, "plain", [SAMPLE]), items)
    timed = _answers(_home(tmp_path, "timed", [srt]), items)
    changed = [i["id"] for i, a, b in zip(items, plain, timed) if a != b]
    assert len(items) >= 100 and changed == []


@pytest.mark.parametrize("meeting", ["vcsum-dev-20", "vcsum-dev-224"])
def test_a_discussion_answers_the_same_from_srt_and_from_a_text_export(meeting, tmp_path):
    source = ROOT / "data" / "eval" / "vcsum" / f"{meeting}.txt"
    every = [json.loads(line) for line in (source.parent / "qa.jsonl").read_text(encoding="utf-8").splitlines()
             if line.strip()]
    items = [i for i in every if i.get("doc") == meeting]
    assert items
    text = source.read_text(encoding="utf-8")
    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / f"{meeting}.srt").write_text(to_srt(text), encoding="utf-8")
    (tmp_path / "export").mkdir()
    (tmp_path / "export" / f"{meeting}.txt").write_text(to_export(text), encoding="utf-8")
    plain = _answers(_home(tmp_path, "plain", [source]), items)
    for form in (forms / f"{meeting}.srt", tmp_path / "export" / f"{meeting}.txt"):
        answers = _answers(_home(tmp_path, form.suffix[1:] + "-home", [form]), items)
        changed = [i["id"] for i, a, b in zip(items, plain, answers) if a != b]
        assert changed == [], form.name


@pytest.mark.parametrize("written, iso", [
    ("会议时间：2024年5月6日 14:00", "2024-05-06"), ("2024/5/6", "2024-05-06"), ("2024.05.06", "2024-05-06"),
    ("Dec 1, 2026  1:02:10", "2026-12-01"), ("December 1st, 2026", "2026-12-01"), ("1 Sept. 2026", "2026-09-01"),
    ("2021-02-30 then 2021-03-01", "2021-03-01"),  # not a day, then a day
    ("Duration 1:02:10", None), ("May the team agree", None),
])
def test_a_header_date_is_read_in_any_usual_form(written, iso):
    from agent.transcripts import dates

    assert dates.in_header(written) == iso


def test_spoken_text_and_file_names_are_read_strictly():
    from agent.transcripts import dates

    assert dates.in_name("2021-01-23-work-safety.txt") == "2021-01-23" and dates.in_name("2021.01.23.txt") is None
    assert dates.in_speech("2021年1月23日召开") == "2021-01-23"
    assert dates.in_speech("增长2020.5万元") is None  # a figure, not a date
