"""LLM-mode decisions, action items and open questions (outcomes_llm) against a scripted endpoint:
verified items cite the sentence they come from; an owner, a due date, a figure or a passage number
the passage does not bear out drops the item; a reply of no use keeps the rules' items of its
topic; a failing endpoint gives the rules' outcomes with the reason; the minutes carry the result."""
import json
import re

import pytest

from agent.briefings import actions, outcomes_llm, summarize
from agent.index.library import Library

from .conftest import TEAM, make_settings
from .llm_server import Reply, ScriptedLLM, passages

@pytest.fixture(scope="module")
def meeting(team_home):
    settings = make_settings(team_home)
    doc, found = summarize.meeting_topics(Library(settings), settings, TEAM.stem)
    return doc, found


def _n(body: dict, phrase: str) -> int:
    """The number of the supplied passage that says phrase."""
    return next(n for n, text in passages(body).items() if phrase in text)


def _good(body: dict) -> dict:
    """Items the passages bear out, numbered as the request numbers them."""
    return {
        "decisions": [{"text": "告警只发群消息，不接电话通知", "passage": _n(body, "电话通知太吵")}],
        "actions": [{"owner": "小蒋", "task": "写告警阈值文档并发到群里", "due": "下周三之前", "passage": _n(body, "阈值文档小蒋")},
                    {"owner": "说话人2", "task": "迁完剩下的报表", "due": "周五前", "passage": _n(body, "行，我来")}],
        "open_questions": [{"text": "新人培训的时间待定", "passage": _n(body, "还没定")}],
    }


def _script(*bad):
    """Replies to the outcomes request (JSON mode) with the good items and bad ones (functions of
    the request giving (section, item)); to the summaries' requests as tests/test_minutes.py does."""
    def script(body):
        if "response_format" not in body and "tools" not in body:
            found = passages(body)  # none: the reduce step, answered with the topics' summaries
            user = body["messages"][-1]["content"]
            return Reply(f"与会者讨论了这一议题[{min(found)}]。" if found else
                         "".join(line.split("：", 1)[-1] for line in user.splitlines()[1:3]))
        reply = _good(body)
        for make in bad:
            section, item = make(body)
            reply[section].append(item)
        return Reply(json.dumps(reply, ensure_ascii=False))
    return script


def _write(team_home, meeting, script, **overrides):
    doc, found = meeting
    quoted, notices = actions.extract(doc), []
    with ScriptedLLM(script) as server:
        settings = make_settings(team_home, llm_base_url=server.url, llm_timeout=3.0, backend="openai",
                                 **{"llm_outcomes": "json_mode", **overrides})
        result, info = outcomes_llm.write(doc, found, quoted, settings, notices.append)
    return quoted, result, info, server, notices


def test_verified_items_keep_owner_due_and_date_and_cite_their_sentence(team_home, meeting):
    doc, _ = meeting
    _, result, info, server, _ = _write(team_home, meeting, _script())
    assert server.seen[0].body["response_format"] == {"type": "json_object"}
    by_owner = {a.owner: a for a in result.actions}
    assert set(by_owner) == {"小蒋", "说话人 2"}  # a speaker's "我来" is theirs, as labelled
    doc_task = by_owner["小蒋"]
    assert (doc_task.task, doc_task.due, doc_task.due_date) == ("写告警阈值文档并发到群里", "下周三之前", "2026-03-11")
    assert by_owner["说话人 2"].due_date == "2026-03-06"
    quotes = {"小蒋": "好，就这么定了，告警只发群消息，阈值文档小蒋下周三之前发。", "说话人 2": "行，我来，周五前迁完没问题。"}
    for owner, said in quotes.items():
        c = by_owner[owner].citations[0]
        assert doc.text[c.quote_start:c.quote_end] == said and doc.text[c.start:c.end] == c.text
    decision, question = result.decisions[0].citations[0], result.open_questions[0].citations[0]
    assert doc.text[decision.quote_start:decision.quote_end] == "不行，电话通知太吵了，这次不做，还是只发群消息。"
    assert doc.text[question.quote_start:question.quote_end] == "新人培训的时间还没定，回头再定吧。"
    assert info["outcomes_written"] == 4 and info["outcomes_dropped"] == 0
    assert info["outcomes_topics_kept_extractive"] == 0 and info["prompt_id"] == "minutes_outcomes@v1"


# Each bad item, and what mends it: with the mend the same item is written (so it was dropped for
# that one fault).
@pytest.mark.parametrize("why, section, bad, mend", [
    ("owner neither said in the passage nor its speaker", "actions",
     lambda b: {"owner": "老范", "task": "迁完剩下的报表", "due": "周五前", "passage": _n(b, "行，我来")},
     {"owner": "说话人 2"}),
    ("due date not said in the passage", "actions",
     lambda b: {"owner": "老范", "task": "迁移剩下的报表", "due": "周五前", "passage": _n(b, "还是老范来吧")},
     {"due": None}),
    ("passage number not supplied", "actions",
     lambda b: {"owner": "小蒋", "task": "写告警阈值文档", "due": "下周三之前", "passage": max(passages(b)) + 5},
     {"passage": lambda b: _n(b, "阈值文档小蒋")}),
    ("a figure the passage does not state", "actions",
     lambda b: {"owner": "小蒋", "task": "写5份告警阈值文档", "due": "下周三之前", "passage": _n(b, "阈值文档小蒋")},
     {"task": "写告警阈值文档"}),
    ("a pronoun for an owner", "actions",
     lambda b: {"owner": "我们", "task": "开始开会", "due": None, "passage": _n(b, "我们开始吧")},
     {"owner": "说话人 1"}),
    ("a decision its passage does not say", "decisions",
     lambda b: {"text": "财务报表下月上线", "passage": _n(b, "行，我来")},
     {"passage": lambda b: _n(b, "还是老范来吧")}),
])
def test_an_item_the_passage_does_not_bear_out_is_dropped(team_home, meeting, why, section, bad, mend):
    _, result, info, _, _ = _write(team_home, meeting, _script(lambda b: (section, bad(b))))
    assert info["outcomes_dropped"] == 1 and info["outcomes_written"] == 4, why
    assert {a.owner for a in result.actions} == {"小蒋", "说话人 2"} and len(result.actions) == 2, why
    assert [d.text for d in result.decisions] == ["告警只发群消息，不接电话通知"], why

    def mended(b):
        return section, {**bad(b), **{k: v(b) if callable(v) else v for k, v in mend.items()}}
    _, result, info, _, _ = _write(team_home, meeting, _script(mended))
    assert info["outcomes_dropped"] == 0 and info["outcomes_written"] == 5, why


@pytest.mark.parametrize("why, reply", [
    ("not JSON", lambda b: Reply("会议决定：告警只发群消息。")),
    ("JSON of another shape", lambda b: Reply(json.dumps({"actions": [{"who": "小蒋"}]}))),
    ("every item fails", lambda b: Reply(json.dumps({"actions": [
        {"owner": "老范", "task": "迁完报表", "due": "月底", "passage": _n(b, "行，我来")}]}, ensure_ascii=False))),
])
def test_a_reply_of_no_use_keeps_the_rules_items_of_its_topic(team_home, meeting, why, reply):
    quoted, result, info, _, _ = _write(team_home, meeting, reply)
    assert result.to_json() == quoted.to_json() and quoted.actions, why
    assert info["outcomes_topics_kept_extractive"] == len(meeting[1]) and info["outcomes_written"] == 0, why


def test_an_endpoint_failure_gives_the_rules_outcomes_with_the_reason(team_home, meeting):
    quoted, result, info, _, notices = _write(team_home, meeting, lambda body: Reply(status=500))
    assert result is quoted and info["outcomes_fallback_reason"] == "endpoint error (500)"
    assert notices and "规则" in notices[0]


def test_function_calling_asks_for_a_forced_tool_call(team_home, meeting):
    quoted, result, info, server, _ = _write(team_home, meeting, lambda body: Reply("没有调用工具"),
                                             llm_outcomes="function_calling")
    body = server.seen[0].body
    assert body["tool_choice"]["function"]["name"] == "TopicOutcomes" and "response_format" not in body
    assert result.to_json() == quoted.to_json() and info["outcomes_topics_kept_extractive"] == len(meeting[1])


def _minutes(team_home, script, **overrides):
    with ScriptedLLM(script) as server:
        settings = make_settings(team_home, llm_base_url=server.url, llm_timeout=3.0, backend="openai", **overrides)
        result, page = summarize.meeting_minutes(Library(settings), settings, TEAM.stem)
    return result, page, server


def test_llm_minutes_carry_the_verified_outcomes_numbered_in_page_order(team_home):
    result, page, server = _minutes(team_home, _script())  # llm_outcomes defaults to json_mode
    assert result.backend == "openai" and result.extra["outcomes_written"] == 4
    assert "minutes_outcomes@v1" in result.extra["prompt_ids"] and len(server.seen) == 2 * len(result.topics) + 1
    assert any(a.owner == "小蒋" and a.task == "写告警阈值文档并发到群里" for a in result.outcomes.actions)
    row = next(line for line in page.splitlines() if line.startswith("| 小蒋 |"))
    assert "下周三之前（2026-03-11）" in row
    cited = result.citations()  # overview, decisions, actions, open questions, topics, speakers, Q&A
    assert [c.n for c in cited] == list(range(1, len(cited) + 1))
    for part in [result.overview] + [t.summary for t in result.topics]:  # markers follow their citations
        assert [int(n) for n in re.findall(r"\[(\d+)\]", part.text)] == [c.n for c in part.citations]


def test_llm_minutes_keep_the_rules_outcomes_when_off_or_when_the_outcomes_call_fails(team_home):
    off, _, server = _minutes(team_home, _script(), llm_outcomes="off")
    assert len(server.seen) == len(off.topics) + 1 and any(a.owner == "老范" for a in off.outcomes.actions)
    assert "outcomes_written" not in off.extra

    def failing(body):
        return Reply(status=500) if "response_format" in body else _script()(body)
    failed, _, _ = _minutes(team_home, failing)
    assert failed.backend == "openai" and failed.extra["outcomes_fallback_reason"] == "endpoint error (500)"
    assert any(a.owner == "老范" and a.due == "周五前" for a in failed.outcomes.actions)
