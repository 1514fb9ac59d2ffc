"""Questions and replies in a discussion: which sentences ask, and which passages answer them.

In a panel, forum or interview the words of a question appear in the transcript right before its
answer: the moderator asks "二三线城市的就业环境和一线城市有什么区别？", a guest replies. A sentence
that asks (a question, or a moderator's invitation to speak) is not itself an answer; the reply
that follows is. Nothing here knows a particular meeting."""
from __future__ import annotations

import bisect
import re
from typing import Optional

from .sentences import sentence_spans

# A question: it ends with a question mark, or with a sentence-final particle after a question word.
_QUESTION_MARK = re.compile(r"[？?][”’」』）)\]】\s]*$")
_QUESTION_WORD = re.compile(r"什么|怎么|怎样|为什么|为何|如何|哪|多少|几[个位种点年]|是否|有没有|是不是|能不能|会不会|"
                            r"可不可以|要不要|对不对|好不好")
_TAG = re.compile(r"[，,\s]*(?:对吧|是吧|好吧|对不对|是不是|对不|好不好|行不行|你知道吗|你说是吧|没错吧)[？?]"
                  r"[”’」』）)\]】\s]*$")
_ADDRESSED = re.compile(r"(?:你|您|各位|你们)(?:觉得|认为|怎么|如何|是否|能否|会不会|有没有|对于|在)[^。！？]{0,30}?"
                        r"(?:什么|怎么|怎样|为什么|如何|哪|多少|是否|有没有|能不能|会不会)|还是说(?:你|您)")
_FINAL_PARTICLE = re.compile(r"[吗嘛呢][。！!.…\s]*$")
# A moderator's request for a view ("想请教各位老师…", "请池老师聊聊这个话题", "您怎么看").
_REQUEST = re.compile(
    r"(?:想|要|来|我)(?:问一下|问问|请教|听听)|请问|提问|请教一下|"
    r"请[^。！？；]{0,20}?(?:谈谈|谈一谈|聊聊|聊一聊|说说|说一说|讲讲|讲一讲|分享|介绍)|"
    r"怎么看|如何看待|怎么理解|您的看法|你的看法|什么看法")
# A hand-over: the floor passes ("有请徐老师", "请某某同志发言", "我们先从王老师开始"); nothing is asked.
_HANDOVER = re.compile(
    r"有请|欢迎[^，。！？；]{1,10}?(?:发言|上台|分享)|请[^。！？；]{0,20}?(?:发言|作答|回答)|"
    r"(?:先|首先|我们)从[^，。！？；]{1,12}?(?:开始|来)")
MAX_REPLY_TURNS = 6  # turns of others that may answer one question (guests in turn, each in paragraphs)
# The user asks about the question itself ("主持人问了什么？"): then questions are the answer.
_ABOUT_QUESTIONS = re.compile(r"问了(?:什么|哪些|几个)|提(?:出)?了(?:什么|哪些|几个)问题|问的是|什么问题|哪些问题|"
                              r"问题是什么|提问|\bask(?:ed|s)?\b|\bquestions?\b", re.I)


def is_question(sentence: str) -> bool:
    """Does the sentence ask? "…有没有哪些区别？", "这个有必要吗" (recognisers often drop the ？).
    A statement with a tag ("…要向他们学习，对吧？") does not."""
    text = sentence.strip()
    if _QUESTION_MARK.search(text):
        untagged = _TAG.sub("", text)
        if untagged != text and not _QUESTION_WORD.search(untagged):
            return False
        # "目前商品价格上涨较快，特别是煤炭价格上升较快，会不会死灰复燃？" tells, then wonders.
        clauses = [c for c in re.split(r"[，,；;]", untagged) if c.strip()]
        return not (len(clauses) >= 3 and not _QUESTION_WORD.search("".join(clauses[:-1])))
    if _FINAL_PARTICLE.search(text) and (_QUESTION_WORD.search(text) or text.rstrip("。！!.… ").endswith("吗")):
        return True
    # Asked of someone ("你觉得在哪个方向上会最先落地。", "还是说您非常看好…"), the ？ lost.
    return bool(_ADDRESSED.search(text))


def is_invitation(sentence: str) -> bool:
    """Does the sentence hand the floor over or frame a question ("想请老师聊聊这个话题")?"""
    return bool(_REQUEST.search(sentence) or _HANDOVER.search(sentence))


def requests(sentence: str) -> bool:
    """Does the sentence put a question (a question, or a request for a view: "想请教各位老师…")?
    A bare hand-over ("请某某同志发言") does not: a chaired meeting is not a discussion. (Telling a
    rhetorical question from one put to someone else was measured: it lost more replies than it
    kept wrong ones out.)"""
    return is_question(sentence) or bool(_REQUEST.search(sentence))


def asks(sentence: str) -> bool:
    """A sentence that asks rather than tells: a question, a request, or a hand-over."""
    return is_question(sentence) or is_invitation(sentence)


def about_questions(question: str) -> bool:
    """Does the user ask what was asked ("主持人问了什么问题？")? Then questions may answer."""
    return bool(_ABOUT_QUESTIONS.search(question))


def only_questions(text: str) -> bool:
    """Is every sentence of a quote a question? (Such a quote asks; it answers nothing.)"""
    spans = sentence_spans(text)
    return bool(spans) and all(is_question(text[s:e]) for s, e in spans)


def ends_asking(units: list[tuple[int, int]], text: str, turns, i: int) -> bool:
    """Does turn i end by putting a question to someone else, who speaks next? Then all it says is
    the question (and its preamble), not the answer. units: the document's, in order."""
    turn = turns[i]
    if i + 1 >= len(turns) or turns[i + 1].speaker == turn.speaker:
        return False
    first = bisect.bisect_left(units, (turn.start, -1))
    last = bisect.bisect_left(units, (turn.end, -1))
    return any(requests(text[s:e]) for s, e in units[max(first, last - 3):last])


def reply_span(units: list[tuple[int, int]], text: str, turns, ask_unit: tuple[int, int],
               max_turns: int = 3, max_chars: int = 3000) -> Optional[tuple[int, int]]:
    """Where the answer to the question at ask_unit lies: the rest of its own turn when the speaker
    goes on to answer it (a rhetorical question), else the turns of others that follow, until the
    asker speaks again with a new question. None when nothing follows.

    units: the document's units in order; turns: its turns in order (objects with start, end, speaker)."""
    own = next((t for t in turns if t.start <= ask_unit[0] < t.end), None)
    if own is None:
        return None
    rest = [u for u in units if ask_unit[1] <= u[0] and u[1] <= own.end]
    telling = [u for u in rest if not asks(text[u[0]:u[1]])]
    if telling and not ends_asking(units, text, turns, turns.index(own)):
        return telling[0][0], min(own.end, telling[0][0] + max_chars)
    start, end, replies = None, None, 0
    for turn in turns:
        if turn.start < own.end:
            continue
        if turn.speaker == own.speaker and turn.speaker is not None:
            if replies and any(asks(text[u[0]:u[1]]) for u in units if turn.start <= u[0] < turn.end):
                break  # the asker moves on to the next question
            continue  # "谢谢乔老师。" between two replies
        start = turn.start if start is None else start
        end = turn.end
        replies += 1
        if replies >= max_turns or end - start >= max_chars:
            break
    return (start, min(end, start + max_chars)) if start is not None else None


def prompts(text: str, turns, max_chars: int = 120) -> dict[int, str]:
    """What each reply answers: turn index -> the question put before it ("…有什么区别？"), for the
    turns of others that follow a turn ending by asking, until the asker asks again."""
    units = sorted(u for t in turns for u in sentence_spans(text, t.start, t.end))
    out: dict[int, str] = {}
    for i, turn in enumerate(turns):
        if not ends_asking(units, text, turns, i):
            continue
        asked = _question_of(units, text, turn)[:max_chars]
        replies = 0
        for j in range(i + 1, len(turns)):
            later = turns[j]
            if later.speaker == turn.speaker:
                if ends_asking(units, text, turns, j):
                    break  # the next question
                continue  # "谢谢池老师。" between two replies
            out[later.index] = asked
            replies += 1
            if replies >= MAX_REPLY_TURNS:
                break
    return out


def _question_of(units: list[tuple[int, int]], text: str, turn) -> str:
    """The question a turn ends with: its last questions, else its last framing ("想请各位聊聊…")."""
    first = bisect.bisect_left(units, (turn.start, -1))
    last = bisect.bisect_left(units, (turn.end, -1))
    tail = [text[s:e] for s, e in units[max(first, last - 4):last]]
    questions = [t for t in tail if is_question(t)]
    return "".join(questions or [t for t in tail if requests(t)])
