"""The embedded default answerer: quote the sentences of the retrieved passages that answer.

Every candidate sentence (unit) of the top chunks is scored by how much of the question it
covers (IDF-weighted words, with bigram credit for misrecognised words, and more where words
said side by side in the question stand side by side in the sentence), its embedding
similarity to the question, whether it holds the kind of answer wanted (a figure with the
asked unit, a date, a name, an enumeration) and the rank of its chunk. The best is trimmed to
the clauses that carry the answer. If nothing covers the question, the answer says so."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from .. import tokens
from ..answer import Answer, Citation
from ..index.library import Corpus, Document
from ..transcripts import cleanup
from ..transcripts.sentences import clause_spans
from . import qkind
from .retrieval import Retrieval, year_forms

REFUSAL_ZH = "文中未提及：会议记录中没有找到能回答这个问题的内容。"
REFUSAL_EN = "Not mentioned in the transcript: no passage answers this question."
MIN_COVERAGE = 0.2  # share of the question's (IDF-weighted) terms the best sentence must hold
MIN_DENSE_EN = 0.74  # English questions cannot be matched word for word: the embedding decides
# Counts whose absence is telling: a question about deaths, accidents or money is not answered
# by a percentage or by another count. (Other units vary too much in speech: 座/所, 项/处.)
STRICT_MEASURES = {"人", "起", "元", "亿元", "万元"}
MEASURE_MARGIN = 0.3
# How a candidate sentence is scored: question coverage, embedding similarity above a floor,
# fit to the kind of answer wanted, and the rank of its chunk.
W_COVERAGE, W_DENSE, DENSE_FLOOR, W_FIT, W_RANK = 1.0, 4.0, 0.8, 0.35, 0.15
W_CLAUSE = 0.7  # share of coverage taken from the sentence's best clause rather than all of it
WINDOW_CHARS = 180  # a quote for a non-list question: the clauses around the fact
LIST_UNITS = 3
W_PHRASE = 0.3  # question words said together and found together ("安全管理"); 0.2-0.5 score alike
W_FOCUS = 0.5  # "进入了什么阶段": the answer names a stage (瓶颈期), seldom the word 阶段 itself


@dataclass
class Candidate:
    doc: Document
    chunk_rank: int
    span: tuple[int, int]
    uid: str
    header: str
    passage: tuple[int, int]  # the retrieved chunk that holds the unit
    named: bool = True  # names every place, person and organisation the question names
    coverage: float = 0.0
    dense: float = 0.0
    fit: float = 0.0
    score: float = 0.0

    @property
    def text(self) -> str:
        return self.doc.text[self.span[0]:self.span[1]]

    @property
    def context(self) -> str:
        return self.doc.text[self.passage[0]:self.passage[1]]


class Terms:
    """The question's content words, each weighted by its rarity in the corpus. An English
    question's words count by the Chinese words they may stand for (crosslingual)."""

    def __init__(self, question: str, corpus: Corpus, alias_groups=(), years: set[int] = frozenset()):
        n = max(corpus.chunk_count, 1)
        if tokens.has_cjk(question):
            pairs = _chinese_terms(question, alias_groups, years)
        else:
            pairs = corpus.translator.terms(question)
        focus = qkind.focus_noun(question)
        self.items = []
        self.phrases = []
        for word, forms in pairs:
            df = max(corpus.df.get(f, 0) for f in forms)
            grams = set(tokens.bigrams(word)) if len(forms) == 1 else set()
            weight = math.log((n + 1) / (df + 0.5)) * (W_FOCUS if word == focus else 1.0)
            self.items.append((forms, weight, grams))
        # Two question words said side by side ("安全管理") make a phrase, found when the passage
        # has them side by side too, or with one character between (较大及以上 for 较大以上).
        lowered = question.lower()
        for (forms_a, weight_a, _), (forms_b, weight_b, _) in zip(self.items, self.items[1:]):
            pattern = "|".join(f"{re.escape(a)}.?{re.escape(b)}" for a in forms_a for b in forms_b if a + b in lowered)
            if pattern:
                self.phrases.append((re.compile(pattern), min(weight_a, weight_b)))

    def phrases_found(self, text: str) -> float:
        """The weighted share of the question's phrases found in text (0 when it has none)."""
        total = sum(w for _, w in self.phrases)
        lowered = text.lower()
        return sum(w for pattern, w in self.phrases if pattern.search(lowered)) / total if total else 0.0

    def coverage(self, text: str) -> float:
        total = sum(w for _, w, _ in self.items)
        if not total:
            return 0.0
        lowered = text.lower()
        grams = set(tokens.bigrams(text))
        got = 0.0
        for forms, weight, word_grams in self.items:
            if any(f in lowered for f in forms) or (word_grams and _split_by_de(forms[0], lowered)):
                got += weight
            elif word_grams:
                # Partial credit for a misrecognised word: 采掘 vs 采集 share nothing, but
                # 智能化采掘工作面 vs 智能化采集工作面 share most bigrams; 作出 heard as 做出
                # shares its sound.
                shared = len(word_grams & grams) / len(word_grams)
                if shared < 1 and tokens.homophone_in(text, forms[0]):
                    shared = 1.0
                got += 0.8 * weight * shared
        return got / total


def _split_by_de(word: str, text: str) -> bool:
    """重要批示 said as 重要的批示: a compound of two words with 的 between them."""
    if len(word) < 4 or "的" not in text:
        return False
    return any(f"{word[:i]}的{word[i:]}" in text for i in range(2, len(word) - 1))


def _chinese_terms(question: str, alias_groups, years: set[int]) -> list[tuple[str, tuple[str, ...]]]:
    """Names with other names (住建部 = 住房和城乡建设部) count as one term with all its forms; a
    relative year (去年) counts by the years it may mean; other words as jieba cuts them."""
    pairs, rest = [], question
    for group in alias_groups:
        hit = next((name for name in sorted(group, key=len, reverse=True) if name in rest), None)
        if hit:
            pairs.append((hit, tuple(group)))
            rest = rest.replace(hit, " ")
    relative = year_forms(rest, years)
    for word in dict.fromkeys(tokens.words(rest)):
        pairs.append((word, (word, *relative.get(word, ()))))
    return pairs


def answer(corpus: Corpus, retrieval: Retrieval, max_chars: int, alias_groups=()) -> Answer:
    question = retrieval.question
    english = not tokens.has_cjk(question)
    kind = qkind.classify(question)
    candidates = _candidates(corpus, retrieval)
    if not candidates:
        return _refusal(question, kind, english)
    terms = Terms(retrieval.query, corpus, alias_groups, retrieval.years)
    _score(candidates, terms, kind, retrieval.vector, corpus)
    _check_entities(candidates, retrieval.query, alias_groups, corpus, kind)
    best = _best(candidates, kind)
    if not _answerable(best, kind, english) or not _counts_the_thing(best, retrieval.query, kind, corpus):
        return _refusal(question, kind, english)
    chosen = _list_units(best, candidates) if kind.name == qkind.LIST else [best]
    limit = max_chars if kind.name == qkind.LIST else WINDOW_CHARS
    windows = [_window(c, terms, kind, limit) for c in chosen]
    citations = [_cite(i + 1, c, w) for i, (c, w) in enumerate(zip(chosen, windows))]
    # The citation keeps the exact text; the answer reads as the sentence was said.
    shown = [cleanup.unbroken(c.doc.text, *w) for c, w in zip(chosen, windows)]
    return Answer(question, _compose(citations, shown, english), True, citations, kind=kind.name)


def _cite(n: int, c: Candidate, quote: tuple[int, int]) -> Citation:
    """Cite the retrieved passage the quote comes from (widened if the quote runs past it)."""
    return c.doc.citation(n, c.passage, quote)


def _turn(c: Candidate):
    return c.doc.turn_at(c.span[0])


def _candidates(corpus: Corpus, retrieval: Retrieval) -> list[Candidate]:
    seen, out = set(), []
    for rank, hit in enumerate(retrieval.hits):
        doc = corpus.docs[hit.chunk.doc_id]
        header = " ".join(p for p in (hit.chunk.speaker, hit.chunk.title) if p)
        for span in hit.chunk.units:
            uid = f"{doc.key}#{doc.unit_no[span]}"
            if uid not in seen:
                seen.add(uid)
                out.append(Candidate(doc, rank, span, uid, header, (hit.chunk.start, hit.chunk.end)))
    return out


def _score(cands: list[Candidate], terms: Terms, kind: qkind.Kind, vector, corpus: Corpus) -> None:
    known = dict(_unit_similarities(corpus, [c.uid for c in cands], vector))
    for c in cands:
        c.coverage = ((1 - W_CLAUSE) * terms.coverage(c.header + " " + c.text)
                      + W_CLAUSE * _clause_coverage(c, terms))
        c.dense = known.get(c.uid, 0.0)
        c.fit = qkind.fits(kind, c.text)
        c.score = (W_COVERAGE * c.coverage + W_DENSE * (c.dense - DENSE_FLOOR) + W_FIT * c.fit
                   + W_RANK / (1 + c.chunk_rank) + W_PHRASE * terms.phrases_found(c.text))


def _clause_coverage(c: Candidate, terms: Terms) -> float:
    """Coverage by the sentence's best clause: the question's words close together (非煤矿山开展
    火工品…专项整治) beat the same words spread over a long sentence."""
    clauses = clause_spans(c.doc.text, c.span[0], c.span[1]) or [c.span]
    return max(terms.coverage(c.header + " " + c.doc.text[s:e]) for s, e in clauses)


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
        context = c.header + " " + c.context
        # Every organisation must be named; of places one will do, since a question may add
        # what the speaker left out ("吉林松原市" for a passage that says 松原市).
        c.named = (all(tokens.mentions(context, e, others) for e, others in orgs)
                   and (not places or any(tokens.mentions(context, e, others) for e, others in places)))
        if not c.named:
            c.score -= 1.0


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


def _unit_similarities(corpus: Corpus, uids: list[str], vector) -> list[tuple[str, float]]:
    embeddings = corpus.store.unit_embeddings(uids)
    return [(uid, float(np.dot(np.asarray(emb), vector))) for uid, emb in embeddings.items()]


def _best(cands: list[Candidate], kind: qkind.Kind) -> Candidate:
    best = max(cands, key=lambda c: c.score)
    if kind.name == qkind.NUMBER and kind.measure and best.fit <= qkind.FIT_OTHER_DIGITS:
        counted = [c for c in cands if qkind.has_measure(c.text, kind.measure)]
        if counted:
            alt = max(counted, key=lambda c: c.score)
            if alt.score >= best.score - MEASURE_MARGIN:
                return alt
    return best


def _answerable(best: Candidate, kind: qkind.Kind, english: bool) -> bool:
    if not best.named:
        return False
    if english:
        if best.dense < MIN_DENSE_EN:
            return False
    elif best.coverage < MIN_COVERAGE:
        return False
    if kind.name == qkind.NUMBER and kind.measure in STRICT_MEASURES:
        # "死亡多少人" is not answered by "下降 60%": the figure must be counted in the unit asked.
        return qkind.has_measure(best.text, kind.measure)
    return True


def _counts_the_thing(best: Candidate, question: str, kind: qkind.Kind, corpus: Corpus) -> bool:
    """"安澜市多少直接经济损失" is not answered by a rainfall figure: the rarest word of what a
    number question counts must be in the chosen sentence (or its bigrams, for ASR variants).
    For the telling counts (deaths, accidents, money) it must stand next to the figure itself:
    "三起…煤矿事故…较大火灾中…占 78.5%" does not say how many fires there were."""
    if kind.name != qkind.NUMBER or not tokens.has_cjk(question):
        return True
    phrase = qkind.counted_phrase(question)
    known = [w for w in tokens.nouns(phrase or "") if corpus.df.get(w, 0) > 0 and len(w) >= 2]
    counted = bool(kind.measure) and qkind.has_measure(best.text, kind.measure)
    if not known or (counted and kind.measure not in STRICT_MEASURES):
        return True
    rarest = min(known, key=lambda w: corpus.df[w])
    texts = [best.doc.text[s:e] for s, e in _clauses_around(best)]
    if not counted:
        return _mentions("".join(texts), rarest)
    return any(_mentions("".join(texts[max(0, i - 1):i + 2]), rarest)
               for i, t in enumerate(texts) if qkind.has_measure(t, kind.measure))


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
    states the subject in one sentence and the figure in the next."""
    clauses = _clauses_around(c)
    whole = c.span[1] - c.span[0] <= limit  # a sentence that fits is quoted whole
    best, best_score = c.span if c.span[1] - c.span[0] <= limit else (c.span[0], c.span[0] + limit), -1.0
    for i in range(len(clauses)):
        for j in range(i, len(clauses)):
            s, e = clauses[i][0], clauses[j][1]
            if e - s > limit:
                break
            if e <= c.span[0] or s >= c.span[1] or (whole and not (s <= c.span[0] and c.span[1] <= e)):
                continue
            text = c.doc.text[s:e]
            score = terms.coverage(text) + 0.5 * qkind.fits(kind, text) - 0.001 * (e - s)
            if score > best_score:
                best, best_score = (s, e), score
    return best


def _clauses_around(c: Candidate) -> list[tuple[int, int]]:
    turn, n = _turn(c), c.doc.unit_no[c.span]
    spans = [c.doc.units[i] for i in (n - 1, n, n + 1) if 0 <= i < len(c.doc.units)]
    spans = [u for u in spans if turn.start <= u[0] < turn.end]
    return [cl for s, e in spans for cl in clause_spans(c.doc.text, s, e)]


def _compose(citations: list[Citation], shown: list[str], english: bool) -> str:
    parts = []
    for c, quote in zip(citations, shown):
        # A quote that opens with its own name label ("某某：…") needs no second one.
        who = f"{c.speaker}：" if c.speaker and not quote.startswith(c.speaker) else ""
        parts.append(f"{who}{quote}[{c.n}]")
    body = "；".join(parts) if not english else " ".join(parts)
    return f"According to the transcript: {body}" if english else body


def _refusal(question: str, kind: qkind.Kind, english: bool) -> Answer:
    return Answer(question, REFUSAL_EN if english else REFUSAL_ZH, False, [], kind=kind.name)
