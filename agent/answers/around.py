"""Answers found around the last citations of a chat: "第三个呢？" is the third point of the list the
last answer quoted, "具体包括哪些？" and "还有呢？" what its speaker says next. Looked for in the
cited speaker's stretch of the meeting (their turn, and their next turns while nobody else speaks
at length); None when it holds nothing, and the caller asks the question as understood."""
from __future__ import annotations

import re
from typing import Optional

from ..answer import Answer, Citation
from ..index.library import Corpus, Document
from ..transcripts import cleanup
from . import reading

_CN = "零一二三四五六七八九十"
SHORT_TURN = 30  # another speaker's turn this short (谢谢, 对) does not end the speaker's stretch
MORE_UNITS = 2  # sentences a request for more quotes


def _numeral(n: int) -> str:
    if n <= 10:
        return _CN[n]
    tens, ones = divmod(n, 10)
    return f"{_CN[tens] if tens > 1 else ''}十{_CN[ones] if ones else ''}"


def ordinal_marker(n: int) -> re.Pattern:
    """第四(个/点/条/方面/是…), 四是, 其四, 第4: how a speaker counts off the n-th point."""
    cn = _numeral(n)
    return re.compile(rf"第\s*(?:{cn}|{n})(?![十百千万年月日号届次季度期])|(?<![第十\d]){cn}(?:呢|啊|个|就)?是|其{cn}(?![他它])")


LEADS_WITHIN = 8  # characters into a clause where a point's ordinal opens it ("二是…", not "这是第二点")


def _opens(text: str, marker: re.Pattern) -> bool:
    """Does a clause of the sentence open with the ordinal (the point itself, not a look back at it)?"""
    return any(m.start() - max(text.rfind(p, 0, m.start()) for p in "，,。；：:") <= LEADS_WITHIN
               for m in marker.finditer(text))


def _stretch(doc: Document, cited: Citation) -> list[tuple[int, int]]:
    """The cited speaker's sentences from the start of the cited turn on, across short turns of others."""
    turns = doc.turns
    first = turns.index(doc.turn_at(cited.start))
    units: list[tuple[int, int]] = []
    for turn in turns[first:]:
        if turn.speaker != cited.speaker:
            if turn.end - turn.start > SHORT_TURN:
                break
            continue
        units += doc.units_of(turn)
    return units


def _last_cited(corpus: Corpus, cited: tuple[Citation, ...]) -> tuple[Optional[Citation], Optional[Document]]:
    """The last citation of the last answer, and its document (None, None when there is none)."""
    last = cited[-1] if cited else None
    return last, corpus.docs.get(last.doc_id) if last else None


def ordinal(corpus: Corpus, cited: tuple[Citation, ...], n: int, limit: int, question: str) -> Optional[Answer]:
    """The n-th point of the list the last answer cited, in the speaker's stretch: the sentence
    after the quote that opens with the ordinal; else the n-th item of a list the quote says with
    、; else such a sentence before the quote; else any sentence that counts it."""
    last, doc = _last_cited(corpus, cited)
    if doc is None:
        return None
    marker = ordinal_marker(n)
    # The list goes on after the quote (一是… then 二是…), or began before it.
    units = _stretch(doc, last)
    at = last.quote_span[0]
    ahead = [u for u in units if u[1] > at]
    behind = [u for u in reversed(units) if u[1] <= at]

    def opening(us):
        return next((u for u in us if _opens(doc.text[u[0]:u[1]], marker)), None)

    hit = opening(ahead) or _listed(doc, last, n) or opening(behind) or next(
        (u for u in ahead + behind if marker.search(doc.text[u[0]:u[1]])), None)
    return _answer(doc, [hit], limit, question) if hit else None


_ITEMS = re.compile(r"[^、，,。；;：:？?！!\s]+")


def _listed(doc: Document, cited: Citation, n: int) -> Optional[tuple[int, int]]:
    """The n-th item of a list said with 、 in the last quote ("拼单、一键登录、积分商城" -> 积分商城)."""
    start, end = cited.quote_span
    text = doc.text[start:end]
    for run in re.finditer(r"[^，,。；;：:？?！!]*、[^，,。；;：:？?！!]*", text):
        items = list(_ITEMS.finditer(run.group(0)))
        if len(items) >= n:
            item = items[n - 1]
            return start + run.start() + item.start(), start + run.start() + item.end()
    return None


def more(corpus: Corpus, cited: tuple[Citation, ...], limit: int, question: str) -> Optional[Answer]:
    """What the cited speaker says next, after the last quote (a sentence or two)."""
    last, doc = _last_cited(corpus, cited)
    if doc is None:
        return None
    after = [u for u in _stretch(doc, last) if u[0] >= last.quote_span[1] and doc.text[u[0]:u[1]].strip()]
    if not after:
        return None
    return _answer(doc, after[:MORE_UNITS], limit, question)


def _answer(doc: Document, units: list[tuple[int, int]], limit: int, question: str) -> Answer:
    start, end = units[0][0], units[-1][1]
    end = doc.measure.cut(start, limit) if doc.measure.size(start, end) > limit else end
    speaker = doc.turn_at(start).speaker
    skip = reading.label_end(doc.text[start:end], speaker)
    if skip and start + skip < end:
        start += skip
    citation = doc.sentence_citation(1, start, end)
    who = citation.who() if citation.aliases else citation.speaker
    shown = cleanup.unbroken(doc.text, start, end)
    text = f"{who}：{shown}[1]" if who else f"{shown}[1]"
    return Answer(question, text, True, [citation])
