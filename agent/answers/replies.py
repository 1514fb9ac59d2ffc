"""Discussions: the answer follows the question. A sentence that asks (a question, or a
moderator's framing) is not quoted as an answer; the reply to a question like the user's is
brought in as a candidate, and counts as covering the question as well as its question did.

"二三线城市的就业环境和一线城市有什么区别？" is answered by the guest who replies to the moderator
asking just that, not by the moderator's words. When the user asks what was asked ("主持人问了
什么问题？"), questions are answers and nothing here applies."""
from __future__ import annotations

from ..index.library import Corpus
from ..transcripts import dialogue
from . import candidates, qkind
from .candidates import Candidate
from .terms import Terms

MAX_QUESTIONS = 3  # asking sentences, best first, whose replies are brought in
MIN_QUESTION = 0.3  # coverage of the user's question an asking sentence needs to lead to its reply
REPLY_SHARE = 0.6  # a reply covers the user's question as its question did, at this share
W_REPLY = 0.6  # score a reply gains per unit of its question's coverage
W_ASKS = 1.0  # what asking costs a sentence: below any telling sentence of about the same score
FRAMING_UNITS = 3  # sentences before a turn's closing question that frame it
W_FRAMING = 0.6  # what it costs a sentence of a turn that ends by asking (the question's preamble)


def with_replies(question: str, cands: list[Candidate], terms: Terms, kind: qkind.Kind, vector,
                 corpus: Corpus) -> list[Candidate]:
    """The candidates, asking ones marked down, with the replies to the best-matching questions."""
    if dialogue.about_questions(question):
        return cands
    who = kind.name == qkind.WHO  # "有请王老师谈谈…" says who spoke about what: it answers "who"
    for c in cands:
        _mark(c, who)
    by_uid = {c.uid: c for c in cands}
    fresh: list[Candidate] = []
    # A question like the user's leads to its reply; a bare hand-over ("有请王老师") leads nowhere.
    asking = sorted((c for c in cands if (c.framing or dialogue.requests(c.text)) and c.coverage >= MIN_QUESTION),
                    key=lambda c: -c.score)
    for q in asking[:MAX_QUESTIONS]:
        for span in _reply_units(q):
            c = by_uid.get(candidates.uid_of(q.doc, span))
            if c is None:
                c = candidates.of_unit(q.doc, span, q.chunk_rank)
                by_uid[c.uid] = c
                fresh.append(c)
            if q.coverage > c.support:
                c.support, c.replies_to = q.coverage, q.text
    candidates.score(fresh, terms, kind, vector, corpus)
    for c in fresh:
        _mark(c, who)
    for c in by_uid.values():
        if c.asks:
            c.score -= W_ASKS
        elif c.framing:
            c.score -= W_FRAMING
        elif c.support:
            c.coverage = max(c.coverage, REPLY_SHARE * c.support)
            c.score += W_REPLY * c.support
    return list(by_uid.values())


def _mark(c: Candidate, who: bool) -> None:
    c.asks = dialogue.is_question(c.text) if who else dialogue.asks(c.text)
    turns = c.doc.turns
    turn = c.doc.turn_at(c.span[0])
    # The preamble of a question is its last few sentences; a long speech that ends by asking the
    # audience something has said its piece before. (Treating all a moderator says as preamble
    # was measured: no gain.)
    later = sum(1 for u in c.doc.units[c.doc.unit_no[c.span] + 1:] if u[0] < turn.end)
    c.framing = (not who and later < FRAMING_UNITS
                 and dialogue.ends_asking(c.doc.units, c.doc.text, turns, turns.index(turn)))


def _reply_units(q: Candidate) -> list[tuple[int, int]]:
    span = dialogue.reply_span(q.doc.units, q.doc.text, q.doc.turns, q.span)
    if span is None:
        return []
    return [u for u in q.doc.units if span[0] <= u[0] and u[1] <= span[1]]
