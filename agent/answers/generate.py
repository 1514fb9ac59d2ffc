"""LLM-written answers: the retrieved passages, numbered with their speakers, go to a chat model
through a LangChain (LCEL) chain; its answer is verified against them. An answer that fails is
retried once with the failure stated, then replaced by the extractive answer. Every failure of
the endpoint also falls back, with a one-line reason."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

from .. import llm, prompts, tokens
from ..answer import Answer, Citation
from ..index.library import Corpus
from ..settings import Settings
from . import verify
from .extractive import REFUSAL_EN, REFUSAL_ZH
from .retrieval import Retrieval

Callback = Optional[Callable[[str], None]]


@dataclass(frozen=True)
class Passage:
    n: int
    citation: Citation  # the whole chunk, as it will be cited

    def block(self) -> str:
        c = self.citation
        agenda = f" · {c.agenda}" if c.agenda else ""
        return f"[{self.n}] {c.who()}{agenda}\n{c.text}"


def passages(corpus: Corpus, retrieval: Retrieval) -> list[Passage]:
    return [Passage(n, corpus.docs[hit.chunk.doc_id].citation(n, (hit.chunk.start, hit.chunk.end)))
            for n, hit in enumerate(retrieval.hits, 1)]


def _chain(settings: Settings, streaming: bool):
    prompt = prompts.load(settings.prompts_dir, "answer")
    return prompt, llm.chain(prompt, settings, streaming, followup=True)


def answer(corpus: Corpus, retrieval: Retrieval, settings: Settings, fallback: Callable[[], Answer],
           on_token: Callback = None, on_notice: Callback = None) -> Answer:
    """The LLM's verified answer, or the extractive one with the reason it replaced the LLM's."""
    supplied = passages(corpus, retrieval)
    if not supplied:
        return _fallback(fallback, "no passage retrieved", on_notice)
    english = not tokens.has_cjk(retrieval.question)
    prompt, chain = _chain(settings, on_token is not None)
    inputs = {"question": retrieval.question, "passages": "\n\n".join(p.block() for p in supplied)}
    texts = {p.n: p.citation.text for p in supplied}
    usage: dict = {}
    attempts = 1
    deadline = llm.deadline(settings)
    try:
        reply, used = llm.run(chain, inputs, deadline, on_token)
        usage = llm.add_usage(usage, used)
        result = verify.check(reply, texts)
        if not result.ok:
            if on_notice:
                on_notice(f"核验未通过（{'；'.join(result.problems)}），请模型重答一次")
            from langchain_core.messages import AIMessage, HumanMessage

            retry = prompts.load(settings.prompts_dir, "answer_retry")
            followup = [AIMessage(reply), HumanMessage(retry.render(problems="；".join(result.problems))[1])]
            deadline = llm.deadline(settings)
            attempts = 2
            reply, used = llm.run(chain, {**inputs, "followup": followup}, deadline, on_token)
            usage = llm.add_usage(usage, used)
            result = verify.check(reply, texts)
    except Exception as exc:  # noqa: BLE001 - every failure of the endpoint falls back, with its reason
        return _fallback(fallback, llm.reason(exc, settings), on_notice, attempts)
    if not result.ok:
        return _fallback(fallback, f"verification failed: {'; '.join(result.problems)}", on_notice, attempts)
    shipped = Answer(retrieval.question, result.text, not result.refusal, [], backend="openai", kind=None,
                     verified=True, model=settings.llm_model, prompt_id=prompt.id, usage=usage or None)
    if result.refusal:
        shipped.answer = REFUSAL_EN if english else REFUSAL_ZH
    else:
        shipped.citations = [p.citation for p in supplied if p.n in result.cited]
    shipped.extra["llm_attempts"] = attempts
    if result.dropped:
        shipped.extra["dropped_markers"] = result.dropped
    return shipped


def _fallback(fallback: Callable[[], Answer], reason: str, on_notice: Callback, attempts: int = 0) -> Answer:
    if on_notice:
        on_notice(f"LLM 未采用（{reason}），改用离线抽取答案")
    result = fallback()
    result.fallback_reason = reason
    result.extra["llm_attempts"] = attempts
    return result
