"""Questions about an outcome: what the meeting settled, not what was proposed or first said.

"首页重构最后同意了吗？" is answered by the sentence that turned the proposal down ("这次不做"),
"最后定在哪天发布？" by the date the meeting settled on ("那就这么定了，…挪到12月10号"), not the one
first named, and "最后交给谁？" by the later reassignment: for such a question, a sentence that
settles gains, one that proposes (or settles for now: "先交给…") loses, and a later one gains a
little over an earlier one.
A question the meeting left open ("这个回头再定", "还在争") has no answer to quote: when the best
sentence says so, the answer is a refusal that cites it (`open_answer`).

The markers are phrases of spoken Mandarin meetings, not of any one meeting."""
from __future__ import annotations

import re

from ..transcripts import dialogue
from . import candidates, qkind
from .candidates import Candidate

# What an outcome question asks for: how it ended, who got it, whether it was accepted.
_OUTCOME = re.compile(
    r"最后|最终|到底|结论|结果|拍板|敲定|定了|定在|定的|定下|确定|决定|同意|采纳|通过|批准|答应|"
    r"谈成|选了|选的|选择了|交给|由谁|谁来|谁负责|负责人|改到|改成|挪到")
# A sentence that settles: a decision, an assignment, an acceptance or a refusal.
_SETTLES = re.compile(
    r"就这么定|就这么办|就这样吧|那就|定了|定下来|决定|说定|敲定|拍板|同意|没问题|可以的|行吧|"
    r"不行|不做|不搞|算了|先不|不用了|不请|不选|放到|改成|换成|挪到|改到|推到|定在|"
    r"还是.{1,10}吧|交给|你来|我来|你负责|负责吧")
# A sentence that proposes or wonders, not decides.
_PROPOSES = re.compile(r"要不要|能不能|可不可以|有个想法|我在想|我想的是|提议|建议|行不行|好不好|是不是可以|本来想")
# What follows the proposer's name in a question about the fate of a proposal.
_PROPOSER_VERB = r"(?:本来)?(?:提议|提出|建议|想|希望|主张|要求|说要|打算)"
# For now, until someone says otherwise: "节目单先交给小周" before "那还是小林来吧".
_PROVISIONAL = re.compile(r"先交给|先让|先由|暂时|暂定|初步")
# "这个没问题，不过…我有个想法，能不能…": an acknowledgement of the last point, then a new proposal.
_ACKNOWLEDGES = re.compile(r"没问题|可以的|行吧|同意|好的")
_CONTRAST = re.compile(r"不过|但是|可是|只是")
# The chair opening a matter: "今天主要是把方案定下来" says what is to be settled, not how.
_AGENDA = re.compile(r"今天主要|主要是把|今天要把|今天把|争取今天|议一下|讨论一下|过一下")
# An agenda or an intention: "今天主要是把方案定下来，争取今天都敲定" settles nothing yet.
_INTENDS = re.compile(r"争取|主要是|打算|希望|目的是|今天要|今天把|议一下|讨论一下|过一下")
# A sentence that leaves it open.
_OPEN = re.compile(
    r"还没定|没定下来|没有定|回头再定|回头再说|再定吧|待定|再议|还在争|还在谈|还没谈|还没.{0,8}(对完|谈好|商量|确定|落实)|"
    r"还得.{0,10}商量|还不确定|不好说|下次.{0,4}再|之后再定|以后再说|还要再看")

W_SETTLES = 0.35  # what settling adds to a sentence's score, for an outcome question
W_PROPOSES = 0.35  # what proposing (without settling) costs it
RESTATED_KINDS = (qkind.YESNO, qkind.WHAT)  # outcome questions that restate what was discussed
RESTATED_FACTOR = 2.0  # "…最后同意了吗？" "…最后定的是什么？": settling, proposing, leaving open weigh this many times more
W_LATER = 0.25  # what a sentence at the meeting's end gains over one at its start
SETTLES_COVERAGE = 0.1
RELEVANT_COVERAGE = 0.1  # below this share of the question a settling sentence gains no extra
OPEN_COVERAGE = 0.2  # a sentence leaving a matter open gains only when it is about the question's
PROPOSAL_COVERAGE = 0.3  # a proposal that covers this much of the question is the one it asks about
FOLLOW_UNITS = 15  # sentences after a proposal within which a decision is taken to settle it
FOLLOW_SHARE = 0.6  # the share of the proposal's coverage such a decision gets  # "最后定在…" is covered in part by "那就这么定了"


MAX_DISCUSSED = 3  # sentences about the question, best first, whose following decisions are brought in


def with_conclusions(question: str, cands: list[Candidate], terms, kind: qkind.Kind, vector, corpus) -> list[Candidate]:
    """An outcome question is answered where the discussion ends: the decisions said within a
    few sentences after the best sentences about it are brought in as candidates ("场地有三个
    备选…" … "那就滨江绿道吧"), though retrieval did not return their passage."""
    if not asks_outcome(question):
        return cands
    have = {c.uid for c in cands}
    discussed = sorted((c for c in cands if c.coverage >= PROPOSAL_COVERAGE), key=lambda c: -c.score)
    fresh: list[Candidate] = []
    for d in discussed[:MAX_DISCUSSED]:
        n = d.doc.unit_no.get(d.span)
        if n is None:
            continue
        for span in d.doc.units[n + 1:n + 1 + FOLLOW_UNITS]:
            uid = candidates.uid_of(d.doc, span)
            if uid not in have and settles(d.doc.text[span[0]:span[1]]):
                have.add(uid)
                fresh.append(candidates.of_unit(d.doc, span, d.chunk_rank))
    candidates.score(fresh, terms, kind, vector, corpus)
    return cands + fresh


# "最初定的1月9号为什么不行？" asks about the first word, not the last.
_FIRST = re.compile(r"(?:最初|起初|当初|原来|原先|本来|一开始|开始时)$")


def asks_outcome(question: str) -> bool:
    return (any(not _FIRST.search(question[:m.start()]) for m in _OUTCOME.finditer(question))
            and not dialogue.about_questions(question))


def proposer(question: str, name: str) -> bool:
    """Does an outcome question name this speaker as the one who proposed ("葛振提议…最后同意了吗")?"""
    return asks_outcome(question) and bool(re.search(re.escape(name) + _PROPOSER_VERB, question))


def settles(text: str) -> bool:
    return (bool(_SETTLES.search(text)) and not leaves_open(text) and not _INTENDS.search(text)
            and not _PROVISIONAL.search(text) and not _acknowledges_then_proposes(text))


def proposes(text: str) -> bool:
    return (bool(_PROPOSES.search(text) or _PROVISIONAL.search(text) or _AGENDA.search(text))
            and not settles(text))


def _acknowledges_then_proposes(text: str) -> bool:
    parts = _CONTRAST.split(text)
    if len(parts) < 2:
        return False
    head, tail = "".join(parts[:-1]), parts[-1]
    settled = [m.group() for m in _SETTLES.finditer(head)]
    return (bool(_PROPOSES.search(tail)) and not _SETTLES.search(tail)
            and all(_ACKNOWLEDGES.fullmatch(w) for w in settled))


def leaves_open(text: str) -> bool:
    return bool(_OPEN.search(text))


def weigh(question: str, cands: list[Candidate]) -> None:
    """Settling sentences up, proposals down, later ones a little up, for an outcome question;
    twice as much when it asks whether a proposal went through or what was settled (the question
    restates the proposal or the discussion, whose own sentences it therefore matches best), and
    then a sentence leaving the matter open gains as much as a decision."""
    if not asks_outcome(question):
        return
    factor = RESTATED_FACTOR if qkind.classify(question).name in RESTATED_KINDS else 1.0
    proposals = [c for c in cands if proposes(c.text) and c.coverage >= PROPOSAL_COVERAGE]
    for c in cands:
        if settles(c.text):
            # "接待我来安排" settles, but not what the question asks about: it gains the least.
            c.score += W_SETTLES * (factor if c.coverage >= RELEVANT_COVERAGE else 1.0)
            c.coverage = max(c.coverage + SETTLES_COVERAGE, _settled_share(c, proposals))
        elif leaves_open(c.text) and c.coverage >= OPEN_COVERAGE:
            c.score += W_SETTLES * factor  # "预案回头再定" tells how it ended too: not yet
        elif proposes(c.text):
            c.score -= W_PROPOSES * factor
        # What is said later stands: "那还是小林来吧" after "先交给小周".
        c.score += W_LATER * c.span[0] / max(1, len(c.doc.text))


def _settled_share(c: Candidate, proposals: list[Candidate]) -> float:
    """"能不能把绕线外包给嘉禾？" … "行，那就不外协了": a decision soon after a proposal like the
    question answers it, though it does not repeat it."""
    unit = c.doc.unit_no.get(c.span)
    shares = [FOLLOW_SHARE * p.coverage for p in proposals
              if p.doc is c.doc and unit is not None
              and 0 < unit - c.doc.unit_no.get(p.span, unit) <= FOLLOW_UNITS]
    return max(shares, default=0.0)


def open_answer(question: str, best: Candidate) -> bool:
    """Does the chosen sentence say that what the question asks was left open?"""
    return asks_outcome(question) and leaves_open(best.text)
