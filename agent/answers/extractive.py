"""The embedded default answerer: quote the sentences of the retrieved passages that answer.

Every candidate sentence (unit) of the top chunks is scored by how much of the question it
covers (IDF-weighted words, with bigram credit for misrecognised words, and more where words
said side by side in the question stand side by side in the sentence), its embedding
similarity to the question, whether it holds the kind of answer wanted (a figure with the
asked unit, a date, a name, an enumeration) and the rank of its chunk. The best is trimmed to
the clauses that carry the answer. If nothing covers the question, the answer says so."""
from __future__ import annotations

import re
from typing import Optional

from .. import tokens
from ..answer import Answer, Citation
from ..index.library import Corpus, Document
from ..transcripts import cleanup
from ..transcripts.sentences import clause_spans
from . import candidates, outcomes, qkind, reading, replies, rerank
from .candidates import Candidate
from .retrieval import Retrieval
from .terms import Terms

REFUSAL_ZH = "文中未提及：会议记录中没有找到能回答这个问题的内容。"
OPEN_ZH = "文中未提及最终结果：会上没有定下来。相关发言："
OPEN_EN = "Not mentioned in the transcript: the meeting left this open. What was said: "
REFUSAL_EN = "Not mentioned in the transcript: no passage answers this question."
OPEN_MARGIN = 0.3  # how far below the best a sentence leaving the matter open may score and still answer
MIN_COVERAGE = 0.2  # share of the question's (IDF-weighted) terms the best sentence must hold
# ...or this share, when its meaning is this close to the question's (embedding cosine): a long
# paraphrased question ("乔总说他们公司上线出了问题时，多快能退回到上一个版本？") shares few words
# with the sentence that answers it ("我永远可以在两秒钟回退回去").
MIN_COVERAGE_CLOSE, CLOSE_DENSE = 0.14, 0.89
MIN_DENSE_EN = 0.74  # English questions cannot be matched word for word: the embedding decides
# Counts whose absence is telling: a question about deaths, accidents or money is not answered
# by a percentage or by another count. (Other units vary too much in speech: 座/所, 项/处.)
STRICT_MEASURES = {"人", "起", "元", "亿元", "万元", "美元"}
MEASURE_MARGIN = 0.3
FIT_MARGIN = 0.5  # how far below the best a sentence with the asked kind of figure may score
PERVASIVE_SHARE = 0.1  # a place or organisation named in this share of a meeting's passages is its topic
W_NAMED_SPEAKER = 0.2
NAMED_BEFORE = 4  # sentences before a candidate whose places and organisations it still speaks of
EXPLAINED = (qkind.WHAT, qkind.YESNO)  # kinds answered by what a speaker goes on to say
PREFACE_EN = "According to the transcript: "
SPEAKER_ROOM = 20  # characters left for "发言人2（池老师）：" within the answer's length
FORWARD_PER_CHAR = 0.002  # what/why: a quote grows past its sentence rather than before it
WINDOW_CHARS = 180  # a quote for a non-list question: the clauses around the fact
LIST_UNITS = 3


def answer(corpus: Corpus, retrieval: Retrieval, max_chars: int, alias_groups=(),
           reader: Optional[rerank.Reading] = None, near: tuple[Citation, ...] = ()) -> Answer:
    question = retrieval.question
    english = not tokens.has_cjk(question)
    kind = qkind.classify(question)
    found = candidates.from_retrieval(corpus, retrieval)
    if not found:
        return _refusal(question, kind, english)
    # 华龙一号 asked, 华东一号 in the transcript: the heard form stands for the asked one.
    alias_groups = tuple(alias_groups) + tuple(retrieval.heard)
    terms = Terms(retrieval.query, corpus, alias_groups, retrieval.years)
    candidates.score(found, terms, kind, retrieval.vector, corpus)
    found = replies.with_replies(question, found, terms, kind, retrieval.vector, corpus)
    found = outcomes.with_conclusions(question, found, terms, kind, retrieval.vector, corpus)
    named_speakers = [s for s in retrieval.speakers if not outcomes.proposer(question, s)]
    for c in found:
        # "乔老师认为…": the one the question names is the one to quote, among equals; not the
        # one whose proposal the question asks the fate of ("葛振提议…，最后同意了吗？").
        if named_speakers and c.doc.turn_at(c.span[0]).speaker in named_speakers:
            c.score += W_NAMED_SPEAKER
    outcomes.weigh(question, found)
    _near(found, near)
    _check_entities(found, retrieval.query, alias_groups, corpus, kind)
    if reader is not None and not reader.passages:
        rerank.read(found, question, reader)
    # "预算最后定的是多少？" of a meeting that left it open: no figure to quote, but the reason why.
    best = _best(found, kind, question)
    left_open = _left_open_by(found, best, question)
    if left_open is not None:
        return _left_open(question, left_open, terms, kind, _window_chars(kind, max_chars, english), english)
    if (best.asks or not _answerable(best, kind, english) or not rerank.answers(best, reader)
            or not _counts_the_thing(best, retrieval.query, kind, corpus, alias_groups)
            or not _names_the_assignee(best, question, kind) or _asks_back(best, question, kind)):
        return _refusal(question, kind, english)
    limit = max_chars if kind.name == qkind.LIST else _window_chars(kind, max_chars, english)
    chosen = _list_units(best, found) if kind.name == qkind.LIST else [best]
    quoted = [_quoted(i + 1, c, terms, kind, limit) for i, c in enumerate(chosen)]
    citations = [citation for citation, _ in quoted]
    return Answer(question, _compose(citations, [shown for _, shown in quoted], english), True, citations,
                  kind=kind.name)


W_NEAR = 0.3  # what a sentence gains in a chat for being said just after the last answer's quote
NEAR_BEFORE, NEAR_AFTER = 300, 1500  # characters around the last quote that count as near


def _near(found: list[Candidate], near: tuple[Citation, ...]) -> None:
    """A follow-up ("为什么这么说？", "有什么硬指标吗？") is most often answered by what was said
    just after the passage the last answer quoted."""
    for cited in near:
        start, end = cited.quote_span
        for c in found:
            if c.doc.doc_id == cited.doc_id and start - NEAR_BEFORE <= c.span[0] <= end + NEAR_AFTER:
                c.score += W_NEAR


def _left_open_by(found: list[Candidate], best: Candidate, question: str) -> Optional[Candidate]:
    """The sentence that leaves the matter open ("这个事情待定吧"), when it is the chosen one or
    about as good as the best: a matter left open is seldom said in the question's words."""
    top = max(c.score for c in found)
    open_ = [c for c in found if (c is best or c.score >= top - OPEN_MARGIN) and c.named
             and c.coverage >= MIN_COVERAGE and outcomes.open_answer(question, c)]
    return max(open_, key=lambda c: c.score, default=None)


def _left_open(question: str, best: Candidate, terms: Terms, kind: qkind.Kind, limit: int, english: bool) -> Answer:
    """A refusal that cites the sentence leaving the question open ("这个回头再定")."""
    citation, shown = _quoted(1, best, terms, kind, limit)
    head = OPEN_EN if english else OPEN_ZH
    return Answer(question, f"{head}{shown}[1]", False, [citation], kind=kind.name)


def _quoted(n: int, c: Candidate, terms: Terms, kind: qkind.Kind, limit: int) -> tuple[Citation, str]:
    """The citation of c's quote, and the quote as shown: the citation keeps the exact text, the
    answer reads as the sentence was said."""
    window = _past_label(c, _window(c, terms, kind, limit))
    return _cite(n, c, window), cleanup.unbroken(c.doc.text, *window)


def _cite(n: int, c: Candidate, quote: tuple[int, int]) -> Citation:
    """Cite the retrieved passage the quote comes from (widened if the quote runs past it)."""
    return c.doc.citation(n, c.passage, quote)


def _turn(c: Candidate):
    return c.doc.turn_at(c.span[0])


def _check_entities(cands: list[Candidate], question: str, alias_groups, corpus: Corpus, kind: qkind.Kind) -> None:
    """"广东省死亡多少人" is not answered by the national figure: a candidate whose passage does
    not name the question's places and organisations drops below those that do."""
    named = _named_things(question, alias_groups, corpus)
    if not named:
        return
    # In "哪位国务委员、公安部部长讲话" the organisation describes the person asked for; the host's
    # "欢迎某某作重要讲话" answers it without naming the ministry again.
    orgs = [] if kind.name == qkind.WHO else [(e, others) for e, others in named if tokens.is_organisation(e)]
    places = [(e, others) for e, others in named if not tokens.is_organisation(e)]
    for c in cands:
        # What the whole meeting is about goes unsaid in most of its passages ("中国" at a panel on
        # China's chip supply): only what it names now and then singles a passage out.
        orgs_c = [(e, o) for e, o in orgs if not _pervasive(c.doc, e)]
        places_c = [(e, o) for e, o in places if not _pervasive(c.doc, e)]
        context = " ".join((c.header, c.context, c.replies_to, _said_before(c)))
        # Every organisation must be named; of places one will do, since a question may add
        # what the speaker left out ("吉林松原市" for a passage that says 松原市).
        c.named = (all(tokens.mentions(context, e, others) for e, others in orgs_c)
                   and (not places_c or any(tokens.mentions(context, e, others) for e, others in places_c)))
        if not c.named:
            c.score -= 1.0


def _said_before(c: Candidate) -> str:
    """The sentences just before c: a reply says "logo可以印" of the sponsor named a turn ago."""
    n = c.doc.unit_no.get(c.span)
    if n is None:
        return ""
    return "".join(c.doc.text[s:e] for s, e in c.doc.units[max(0, n - NAMED_BEFORE):n])


# A question about who was given a task, and what names one in the answer besides a name.
_ASSIGNED = re.compile(r"由谁|谁来|谁负责|交给谁|谁去|安排了?谁|派谁|哪位.{0,4}负责")
_SOMEONE = re.compile(r"我|你|[组部科处室队长]|经理|总监|老师|主管|医生|师傅|(?:小|阿|老)[\u4e00-\u9fff]")
# What points at the meeting's own subject, just before the word ("这次活动", "本次的项目").
_THIS = re.compile(r"(?:这次|本次|此次|这个|这场|这回|咱们|我们)的?$")


def _pervasive(doc: Document, entity: str) -> bool:
    """Does the meeting name this in a large share of its passages?"""
    return doc.share_naming(entity) >= PERVASIVE_SHARE


def _named_things(question: str, alias_groups, corpus: Corpus) -> list[tuple[str, tuple[str, ...]]]:
    """Places and organisations the question names, each with its other names. People are left
    out: speech recognition garbles names most, and speakers are matched by retrieval."""
    if tokens.has_cjk(question):
        found = tokens.entities(question)
        found += [g[0] for g in alias_groups if tokens.is_organisation(g[0]) and any(n in question for n in g)]
    else:
        found = [w for _, forms in corpus.translator.names(question) for w in forms if tokens.is_place_or_org(w)]
    found = list(dict.fromkeys(found))
    return [(e, tuple(n for g in alias_groups if e in g for n in g)) for e in found]


def _best(cands: list[Candidate], kind: qkind.Kind, question: str) -> Candidate:
    best = max(cands, key=lambda c: c.score)
    if kind.name == qkind.NUMBER and kind.measure and best.fit <= qkind.FIT_OTHER_DIGITS:
        counted = [c for c in cands if qkind.has_measure(c.text, kind.measure)]
        if counted:
            alt = max(counted, key=lambda c: c.score)
            if alt.score >= best.score - MEASURE_MARGIN:
                return alt
    if kind.name in (qkind.NUMBER, qkind.WHEN) and not best.fit and outcomes.asks_outcome(question):
        # "最后定在哪天？" is not answered by a sentence without a date: the best one with a date, if near.
        fitting = [c for c in cands if c.fit and c.coverage >= MIN_COVERAGE and c.named]
        if fitting:
            alt = max(fitting, key=lambda c: c.score)
            if alt.score >= best.score - FIT_MARGIN:
                return alt
    return best


def _answerable(best: Candidate, kind: qkind.Kind, english: bool) -> bool:
    if not best.named:
        return False
    if kind.name in (qkind.NUMBER, qkind.WHEN) and not best.fit:
        return False  # "多少" is not answered without a figure, "哪一年" not without a time
    if english:
        if best.dense < MIN_DENSE_EN:
            return False
    elif best.coverage < MIN_COVERAGE and not (best.coverage >= MIN_COVERAGE_CLOSE and best.dense >= CLOSE_DENSE):
        return False
    if kind.name == qkind.NUMBER and kind.measure in STRICT_MEASURES:
        # "死亡多少人" is not answered by "下降 60%": the figure must be counted in the unit asked.
        return qkind.has_measure(best.text, kind.measure)
    return True


def _asks_back(best: Candidate, question: str, kind: qkind.Kind) -> bool:
    """"记者确定会来报道吗？" is not answered by the chair asking "你去年不是认识吗？"."""
    return (kind.name == qkind.YESNO and outcomes.asks_outcome(question)
            and best.text.rstrip().endswith(("？", "?")) and not outcomes.settles(best.text))


def _names_the_assignee(best: Candidate, question: str, kind: qkind.Kind) -> bool:
    """"运营那边由谁负责？" is not answered by what the operators want: the sentence must name
    someone (a person, a team, or the speaker: 我来)."""
    if kind.name != qkind.WHO or not _ASSIGNED.search(question):
        return True
    spoken = best.text
    return bool(best.fit or _SOMEONE.search(spoken) or any(name in spoken for name in best.doc.people)
                or tokens.person_names(spoken))


def _counts_the_thing(best: Candidate, question: str, kind: qkind.Kind, corpus: Corpus, alias_groups=()) -> bool:
    """"安澜市多少直接经济损失" is not answered by a rainfall figure: of the words of what a number
    question counts that the meeting says, the rarest there must be in the chosen sentence (or its
    bigrams, for ASR variants); when the meeting says none of them, nothing answers. What other
    meetings say does not change which word that is.
    For the telling counts (deaths, accidents, money) it must stand next to the figure itself:
    "三起…煤矿事故…较大火灾中…占 78.5%" does not say how many fires there were."""
    if kind.name != qkind.NUMBER or not tokens.has_cjk(question):
        return True
    phrase = qkind.counted_phrase(question)
    if _unsaid(best, question, alias_groups):
        return False
    known = [w for w in tokens.nouns(phrase or "") if corpus.df.get(w, 0) > 0 and len(w) >= 2]
    counted = bool(kind.measure) and qkind.has_measure(best.text, kind.measure)
    if not known or (counted and kind.measure not in STRICT_MEASURES):
        return True
    said = [w for w in known if best.doc.share_naming(w) > 0]
    if not said:
        return False
    # "这次活动的总预算": the meeting's own subject, pointed at, goes unsaid; the rest must be said.
    specific = [w for w in said if not (_pervasive(best.doc, w) and _THIS.search(question.split(w)[0]))]
    if not specific:
        return True
    rarest = min(specific, key=best.doc.share_naming)
    texts = [best.doc.text[s:e] for s, e in _clauses_around(best)]
    asked = _asked(best)
    if asked and _mentions(asked, rarest):
        return True  # "加班费算过没有？" "算过，大概十八万。": a reply counts what it was asked
    if not counted:
        return _mentions("".join(texts), rarest)
    return any(_mentions("".join(texts[max(0, i - 1):i + 2]), rarest)
               for i, t in enumerate(texts) if qkind.has_measure(t, kind.measure))


def _unsaid(best: Candidate, question: str, alias_groups) -> bool:
    """"保修期是几年" answered by a price, "眼科的门诊量" by the whole hospital's: a word of the
    question that the meeting never says (nor a form it was heard as), of whose characters the
    chosen sentence holds under half (of a two-character word, not both). Common words (比例, 资金) say how it is counted, not what: a
    meeting may put them otherwise."""
    text = best.doc.text
    around = "".join(text[s:e] for s, e in _clauses_around(best)) + _asked(best)
    for word in tokens.nouns(question):
        if (len(word) < 2 or word in text or tokens.common(word)
                or any(_heard_as(word, g, text) for g in alias_groups)):
            continue
        held = sum(ch in around for ch in word)
        if held * 2 < len(word) or (len(word) == 2 and held < 2):  # 眼科 unsaid beside 信息科
            return True
    return False


def _asked(best: Candidate) -> str:
    """The question the chosen sentence replies to: the one that led to it, else its turn's."""
    return best.replies_to or best.doc.turn_at(best.span[0]).replies_to or ""


def _heard_as(word: str, group: tuple[str, ...], text: str) -> bool:
    """Does the meeting say a form of the word that the group gives ("甲流阳性" heard as 假流阳性),
    as words of its own rather than a piece of a longer one ("验科" of 检验科)?"""
    return (any(word in form for form in group)
            and any(word not in other and tokens.said_as_words(text, other) for other in group))


def _mentions(text: str, word: str) -> bool:
    return word in text or any(g in text for g in tokens.bigrams(word)) or tokens.homophone_in(text, word, fuzzy=True)


def _list_units(best: Candidate, cands: list[Candidate]) -> list[Candidate]:
    near = [c for c in cands if c is not best and c.score >= best.score - 0.25 and c.doc is best.doc]
    near.sort(key=lambda c: -c.score)
    chosen = [best] + near[: LIST_UNITS - 1]
    return sorted(chosen, key=lambda c: c.span[0])


def _window(c: Candidate, terms: Terms, kind: qkind.Kind, limit: int) -> tuple[int, int]:
    """The run of clauses that best carries the answer, within limit characters: it overlaps the
    chosen sentence and may reach into its neighbours in the same turn, since speech often
    states the subject in one sentence and the figure in the next. When the chosen sentence only
    names the topic ("我先谈一谈角色的变化") what follows is preferred: there the speaker says it."""
    forward = FORWARD_PER_CHAR if kind.name in EXPLAINED else 0.0
    clauses = _clauses_around(c, ahead=3 if forward else 1)
    size, cut = c.doc.measure.size, c.doc.measure.cut  # white space between sentences is not
    whole = size(*c.span) <= limit  # a sentence that fits is quoted whole
    best, best_score = c.span if whole else (c.span[0], cut(c.span[0], limit)), -1.0
    for i in range(len(clauses)):
        for j in range(i, len(clauses)):
            s, e = clauses[i][0], clauses[j][1]
            if size(s, e) > limit:
                break
            if e <= c.span[0] or s >= c.span[1] or (whole and not (s <= c.span[0] and c.span[1] <= e)):
                continue
            text = c.doc.text[s:e]
            score = (terms.coverage(text) + 0.5 * qkind.fits(kind, text) - 0.001 * size(s, e)
                     + forward * size(c.span[1], max(e, c.span[1])))
            if score > best_score:
                best, best_score = (s, e), score
    return best


def _window_chars(kind: qkind.Kind, max_chars: int, english: bool) -> int:
    """A figure, a date or a name sits in a clause or two; a what, why or whether is said over a
    few sentences, and is quoted up to the answer's length (its speaker's name aside)."""
    if kind.name not in EXPLAINED:
        return WINDOW_CHARS
    return max(WINDOW_CHARS, max_chars - SPEAKER_ROOM - (len(PREFACE_EN) if english else 0))


def _past_label(c: Candidate, window: tuple[int, int]) -> tuple[int, int]:
    """A quote does not open with the recorder's speaker label ("发言人2："): the answer names the
    speaker itself."""
    s, e = window
    n = reading.label_end(c.doc.text[s:e], _turn(c).speaker)
    return (s + n, e) if n and s + n < e else window


def _clauses_around(c: Candidate, ahead: int = 1) -> list[tuple[int, int]]:
    """The clauses of the chosen sentence, the one before and those ahead, in its turn."""
    turn, n = _turn(c), c.doc.unit_no[c.span]
    spans = [c.doc.units[i] for i in range(n - 1, n + ahead + 1) if 0 <= i < len(c.doc.units)]
    spans = [u for u in spans if turn.start <= u[0] < turn.end]
    return [cl for s, e in spans for cl in clause_spans(c.doc.text, s, e)]


def _compose(citations: list[Citation], shown: list[str], english: bool) -> str:
    parts = []
    for c, quote in zip(citations, shown):
        # A quote that opens with its own name label ("某某：…") needs no second one. A labelled
        # speaker is shown with the name the meeting gives them: 发言人2（池老师）.
        who = c.who() if c.aliases else c.speaker
        prefix = f"{who}：" if c.speaker and not quote.startswith(c.speaker) else ""
        parts.append(f"{prefix}{quote}[{c.n}]")
    body = "；".join(parts) if not english else " ".join(parts)
    return f"{PREFACE_EN}{body}" if english else body


def _refusal(question: str, kind: qkind.Kind, english: bool) -> Answer:
    return Answer(question, REFUSAL_EN if english else REFUSAL_ZH, False, [], kind=kind.name)
