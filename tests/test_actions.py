"""Minutes people use: decisions, action items (owner, task, due) and open questions read from a
team meeting; deadlines resolved against the meeting's date; the scoring of minutes against gold."""
import json
import re

import pytest

from agent.briefings import summarize
from agent.evals import minutes as scoring
from agent.index.library import Library
from agent.transcripts import deadlines

from .conftest import ROOT, TEAM, home_with, make_settings, run_jiyao

@pytest.fixture(scope="module")
def team(team_home):
    settings = make_settings(team_home)
    notes, page = summarize.meeting_minutes(Library(settings), settings, TEAM.stem)
    return notes, page


@pytest.mark.parametrize("said, meeting, due", [
    ("我周五前出", "2026-11-24", "2026-11-27"),  # a Tuesday: that Friday
    ("下下周三交第一版", "2026-11-24", "2026-12-09"),
    ("12月18号之前上线", "2026-11-24", "2026-12-18"),
    ("18号之前", "2026-11-20", "2026-12-18"),  # a day gone this month: next month's
    ("1月9号", "2026-12-10", "2027-01-09"),  # said in December: next year's
    ("月底", "2026-02-03", "2026-02-28"),
    ("明天上午十点之前", "2026-12-31", "2027-01-01"),
    ("两周之内", "2026-11-24", "2026-12-08"),
    ("年底之前要开起来", "2026-10-09", "2026-12-31"),
])
def test_a_deadline_as_said_resolves_against_the_meetings_date(said, meeting, due):
    found = deadlines.find(said)
    assert found and found.group(0) in said
    assert deadlines.resolve(found, meeting) == due
    assert deadlines.resolve(found, None) is None  # no date for the meeting: kept as said only


def test_a_deadline_of_the_next_meeting_is_kept_as_said():
    found = deadlines.find("你试一下，下次组会给我看照片和数据")
    assert found.group(0) == "下次组会" and deadlines.resolve(found, "2026-11-24") is None


def test_counts_and_ordinals_are_not_deadlines():
    assert deadlines.find("目标是八千人同时在线") is None
    assert deadlines.find("第三个方面") is None


def test_a_reassigned_task_has_its_last_owner_and_a_turned_down_proposal_is_no_task(team):
    notes, _ = team
    found = notes.outcomes
    by_task = {a.task: a for a in found.actions}
    report = next(a for t, a in by_task.items() if "报表" in t)
    assert report.owner == "老范"  # "交给小蒋吧" then "还是老范来吧"
    assert "小蒋" not in report.task  # the words that gave it to the first owner are not the task
    assert report.due == "周五前" and report.due_date == "2026-03-06"
    assert len([a for a in found.actions if "报表" in a.task]) == 1  # one action per task
    assert not any("电话" in a.task for a in found.actions)  # "要不要…电话通知？" "不行…这次不做"
    assert any("这次不做" in d.text for d in found.decisions)
    assert any("培训" in q.text for q in found.open_questions)


def test_every_citation_points_into_the_meeting(team_home, team):
    notes, _ = team
    doc = Library(make_settings(team_home)).corpus().docs[TEAM.stem]
    numbers = []
    for item in [*notes.outcomes.decisions, *notes.outcomes.actions, *notes.outcomes.open_questions]:
        for c in item.citations:
            assert doc.text[c.start:c.end] == c.text and c.start <= c.quote_start < c.quote_end <= c.end
            numbers.append(c.n)
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    assert min(numbers) > max(c.n for c in notes.overview.citations)  # numbered after the summaries'


def test_the_minutes_page_has_a_decisions_list_an_action_table_and_open_questions(team):
    _, page = team
    assert page.index("## 决议") < page.index("## 待办事项") < page.index("## 待定事项") < page.index("## 议题")
    row = next(line for line in page.splitlines() if line.startswith("| 老范 |"))
    assert "周五前（2026-03-06）" in row and re.search(r"\[\^\d+\]", row)


def test_summarize_minutes_json_leaves_out_empty_sections(team_home):
    data = json.loads(run_jiyao(team_home, "summarize", "--minutes", "--doc", TEAM.stem, "--json").stdout)
    assert {"decisions", "actions", "open_questions", "topics", "overview"} <= set(data)
    assert all(set(a) >= {"owner", "task", "due", "due_date", "citations"} for a in data["actions"])
    speech = json.loads(run_jiyao(team_home, "summarize", "--topics", "--doc", "2021-01-23-work-safety-conference",
                                  "--json").stdout)
    assert "open_questions" not in speech  # a speech leaves nothing open: no empty section
    assert len(speech.get("actions", [])) <= 1  # speeches hand out no tasks to people in the room


def test_scoring_matches_owner_task_and_due():
    cite = [{"text": "老范周五前迁完", "start": 0, "end": 7, "quote_start": 0, "quote_end": 7}]
    gold = {"meeting_date": "2026-03-03",
            "actions": [{"owner": ["范建", "老范"], "task": "迁移报表", "task_words": ["迁完"], "due": "周五前",
                         "due_date": "2026-03-06"}],
            "decisions": [{"text": "只发群消息", "words": ["群消息"]}],
            "not_actions": [{"owner": ["小蒋"], "task_words": ["迁完"], "why": "superseded", "quote": "交给小蒋吧"}]}
    right = {"actions": [{"owner": "老范", "task": "迁完", "due": "周五前", "due_date": "2026-03-06", "citations": cite}],
             "decisions": [{"text": "只发群消息", "citations": cite}]}
    score = scoring.score(right, gold)
    assert score.actions.f1() == 1.0 and score.decisions.f1() == 1.0 and not score.wrongly_listed
    late = {**right, "actions": [{**right["actions"][0], "due_date": "2026-03-13"}]}
    assert scoring.score(late, gold).actions.f1() == 0.0  # the due date is part of being right
    wrong = {**right, "actions": [{**right["actions"][0], "owner": "小蒋"}]}
    assert scoring.score(wrong, gold).wrongly_listed and scoring.score(wrong, gold).actions.right == 0


def test_the_word_minutes_hold_every_section_and_every_citation(team):
    import io

    from docx import Document as Word

    from agent.briefings import word

    notes, _ = team
    doc = Word(io.BytesIO(word.docx_bytes(notes, "会议纪要")))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert {"概要", "关键词", "决议", "待办事项", "待定事项", "议题", "发言总结", "问答回顾", "注释"} <= set(headings)
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["负责人", "事项", "截止"]
    assert len(table.rows) == len(notes.outcomes.actions) + 1
    assert any(r.cells[0].text == "老范" and r.cells[2].text == "周五前（2026-03-06）" for r in table.rows)
    cited = len(notes.citations())
    at = next(i for i, p in enumerate(doc.paragraphs) if p.text == "注释" and p.style.name.startswith("Heading"))
    listed = [p.text for p in doc.paragraphs[at + 1:]]
    assert len(listed) == cited and all("说话人" in n for n in listed)  # each names its speaker


def test_minutes_summarise_each_speaker_recap_questions_and_time_topics(team_home, team):
    notes, page = team
    doc = Library(make_settings(team_home)).corpus().docs[TEAM.stem]
    labels = {t.label() for t in doc.turns}
    assert notes.keywords and not set(notes.keywords) & (labels | set(doc.people))
    assert not any(re.fullmatch(r"[小老][\u4e00-\u9fff]", k) for k in notes.keywords)  # 老范 is a person
    assert {s.speaker for s in notes.speakers} <= labels and len(notes.speakers) >= 2
    for said in notes.speakers:  # a speaker's summary quotes that speaker only
        assert all(c.speaker and said.speaker.startswith(c.speaker) for c in said.summary.citations)
    assert notes.exchanges
    for x in notes.exchanges:  # the question as its asker put it, the answer from someone else
        assert x.asker != x.answerer and x.question.rstrip("。").endswith(("？", "?", "吗", "呢")) or "要不要" in x.question
        assert doc.text[x.asked.quote_start:x.asked.quote_end].startswith(x.question[:6])
        assert all(x.answerer.startswith(c.speaker) for c in x.answer.citations)
        assert x.asked.quote_end <= min(c.quote_start for c in x.answer.citations)
    for topic in notes.topics:  # the recorder's times, and a phrase for a headline, not a list
        assert topic.topic.time_start is not None and topic.topic.time_start < topic.topic.time_end
        assert "、" not in topic.topic.headline and not any(name in topic.topic.headline for name in labels)
    assert re.search(r"\*发言人：[^*]*；00:00:\d\d–00:0\d:\d\d；第 \d+–\d+ 字\*", page)
    assert page.index("## 议题") < page.index("## 发言总结") < page.index("## 问答回顾")


def test_a_speech_has_no_question_recap(sample_home):
    settings = make_settings(sample_home)
    notes, page = summarize.meeting_minutes(Library(settings), settings, "2021-01-23-work-safety-conference")
    assert "## 问答回顾" not in page and len(notes.exchanges) <= 1
    assert notes.speakers and all(s.summary.citations for s in notes.speakers)
    assert all(t.topic.time_start is None for t in notes.topics) and "00:00" not in page.split("## 议题")[1][:200]


# A second meeting written for these tests (names as labels, held on 2026-04-07, a Tuesday): a
# date the chair moves and a colleague accepts, a task given by name mid-sentence and by a call
# before a comma, a story that is no task, a rule laid down, a matter raised and left open.
OPS = ROOT / "tests" / "fixtures" / "2026-04-07-ops-sync.txt"


@pytest.fixture(scope="module")
def ops(sample_home, tmp_path_factory):
    home = home_with(sample_home, tmp_path_factory, "ops", [OPS])
    doc = Library(make_settings(home)).corpus().docs[OPS.stem]
    from agent.briefings import actions

    return doc, actions.extract(doc)


def test_an_acceptance_takes_the_date_it_answers_and_cites_it(ops):
    doc, found = ops
    took = next(a for a in found.actions if a.owner == "葛琳")
    assert took.due == "十二号" and took.due_date == "2026-04-12"  # the date the chair moved it to, not 十五号
    assert [c.speaker for c in took.citations] == ["陶敏", "葛琳"] and "十二号" in took.citations[0].quote
    assert all(doc.text[c.quote_start:c.quote_end] == c.quote for c in took.citations)


def test_a_task_given_by_name_or_by_a_call_and_no_story(ops):
    _, found = ops
    owners = {a.owner: a for a in found.actions}
    assert "福袋" in owners["小袁"].task and "提示板" in owners["阿峰"].task
    assert not any("直播间的时候" in c.quote for a in found.actions for c in a.citations)  # a story told
    assert any("一律" in d.text for d in found.decisions)  # the chair's rule


def test_a_matter_left_open_says_what_it_is(ops):
    _, found = ops
    item = next(q for q in found.open_questions if "待定" in q.text)
    assert "物流园" in item.text and [c.speaker for c in item.citations] == ["葛琳", "陶敏"]


# A third meeting written for these tests (held on 2026-05-12, a Tuesday): a task asked about
# ("…谁负责？") and given with no word of its own ("小周，你来吧"), then handed over ("还是老郑来吧")
# and recapped; a task given to someone named before a date ("…小林下周三之前给我"); a task
# answered as done ("我已经订过了"); a numbered building that is no date, and a day merely
# mentioned beside the deadline.
PREP = ROOT / "tests" / "fixtures" / "2026-05-12-event-prep.txt"


@pytest.fixture(scope="module")
def prep(sample_home, tmp_path_factory):
    home = home_with(sample_home, tmp_path_factory, "prep", [PREP])
    from agent.briefings import actions

    return actions.extract(Library(make_settings(home)).corpus().docs[PREP.stem])


def test_a_task_asked_about_and_handed_over_is_one_action_of_its_last_owner(prep):
    hosting = [a for a in prep.actions if "主持" in a.task]
    assert len(hosting) == 1, [(a.owner, a.task) for a in prep.actions]
    assert hosting[0].owner == "老郑"  # not 周雨, who took it on first, nor the chair
    assert hosting[0].due == "二十号前" and hosting[0].due_date == "2026-05-20"  # from the recap
    assert "谁负责" in hosting[0].citations[0].quote  # the question that says what the task is


def test_the_one_named_before_a_date_owns_the_task_and_a_numbered_building_is_no_date(prep):
    listing = next(a for a in prep.actions if "物料清单" in a.task)
    assert listing.owner == "小林" and listing.due == "下周三之前" and listing.due_date == "2026-05-20"
    assert not any(a.due and "3号" in a.due for a in prep.actions)
    assert not any("多功能厅" in a.task for a in prep.actions)  # "我已经订过了": done, no action
    assert deadlines.find("3号楼的报告厅太小") is None and deadlines.find("2号塔吊修了") is None
    found = deadlines.find("开题是下下周二，下周五之前必须交给我")
    assert found.group(0) == "下周五之前"  # the day said with "before" is the deadline


def test_scoring_takes_a_due_said_with_or_without_zhiqian_as_the_same():
    cite = [{"text": "小夏的带教由阿峰负责，十一月五号前", "start": 0, "end": 17}]
    gold = {"meeting_date": None, "actions": [{"owner": ["阿峰"], "task": "带教", "task_words": ["带教"],
                                               "due": "十一月五号之前"}]}
    said = {"actions": [{"owner": "阿峰", "task": "带教", "due": "十一月五号前", "due_date": None, "citations": cite}]}
    assert scoring.score(said, gold).actions.f1() == 1.0
    other = {"actions": [{**said["actions"][0], "due": "十一月六号前"}]}
    assert scoring.score(other, gold).actions.f1() == 0.0
