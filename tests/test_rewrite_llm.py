"""LLM mode in a chat: the follow-up rewritten by the model (the local scripted OpenAI server),
kept only when it keeps every word typed; else the rules' reading."""
import pytest

from agent.answers import chat
from agent.answers.rewrite_llm import keeps, typed_words
from agent.index.library import Library

from .conftest import make_settings
from .llm_server import Reply, ScriptedLLM, passages

FIRST = "2020年全国一共发生了多少起生产安全事故？"


def _script(rewrite: Reply):
    def reply(body):
        if "改写" in body["messages"][0]["content"]:
            return rewrite
        cited = [n for n, text in passages(body).items() if "重大事故 16 起" in text]
        return Reply(f"重大事故 16 起[{cited[0]}]。" if cited else "文中未提及。")
    return reply


def _turns(home, server, **overrides):
    settings = make_settings(home, llm_base_url=server.url, llm_api_key="sk-test", llm_timeout=5.0, **overrides)
    library = Library(settings)
    first = chat.ask(library, FIRST, settings, backend="extractive")
    notices = []
    second = chat.ask(library, "其中重大事故呢？", settings, [chat.said(first)], backend="openai",
                      on_notice=notices.append)
    return second, notices


def test_a_rewrite_that_keeps_the_words_typed_is_used(sample_home):
    with ScriptedLLM(_script(Reply("2020年全国发生的重大事故一共有多少起？"))) as server:
        second, _ = _turns(sample_home, server)
    assert second.understood == "2020年全国发生的重大事故一共有多少起？"
    assert second.extra["understood_by"] == "followup_rewrite@v1" and "16 起" in second.answer
    history = server.seen[0].body["messages"][1]["content"]
    assert FIRST in history and "黄明" in history  # the model saw the conversation and who was cited


@pytest.mark.parametrize("reply", [
    Reply("2020年全国一共发生了多少起事故？"),  # 重大事故 dropped
    Reply("2020年全国一共发生了16起重大事故吗？"),  # a figure nobody said in the chat
    Reply(status=500),
])
def test_a_rewrite_that_loses_a_word_or_fails_leaves_the_rules_reading(sample_home, reply):
    with ScriptedLLM(_script(reply)) as server:
        second, notices = _turns(sample_home, server)
    assert second.understood == "2020年全国一共发生了多少起重大事故？" and "understood_by" not in second.extra
    assert notices and "按规则理解" in notices[0]


def test_rules_only_when_asked(sample_home):
    with ScriptedLLM(_script(Reply("无关的问题"))) as server:
        second, _ = _turns(sample_home, server, llm_followups="rules")
    assert second.understood == "2020年全国一共发生了多少起重大事故？"
    assert not any("改写" in s.body["messages"][0]["content"] for s in server.seen)


def test_the_words_a_rewrite_must_keep():
    assert typed_words("其中重大事故呢？") == ["重大事故"]
    assert keeps("那江苏呢？", "2020年江苏发生了多少起事故？") and not keeps("那江苏呢？", "2020年河南发生了多少起事故？")
