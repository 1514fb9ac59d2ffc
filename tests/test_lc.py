"""jiyao in a LangChain chain: the retriever, chat history as messages, and an LCEL chain that
composes them with a chat model (the local scripted OpenAI server)."""
from operator import itemgetter

from langchain_core.messages import HumanMessage
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate, MessagesPlaceholder

from agent import llm
from agent.answers.chat import Conversation
from agent.index.library import Library
from agent.lc import JiyaoRetriever, history_of, standalone, to_messages

from .conftest import SAMPLE_ID, make_settings
from .llm_server import Reply, ScriptedLLM


def test_the_retriever_returns_passages_with_their_offsets(library, settings):
    retriever = JiyaoRetriever(library=library, settings=settings, k=3, doc=SAMPLE_ID)
    docs = retriever.invoke("2020年全国发生了多少起事故？")
    assert len(docs) == 3
    text = library.corpus().docs[SAMPLE_ID].text
    for d in docs:
        m = d.metadata
        assert text[m["start"]:m["end"]] == d.page_content and m["doc_id"] == SAMPLE_ID and m["speaker"]
    assert any("3.8 万起" in d.page_content for d in docs)
    # The speaker filter is a field like the others.
    only = JiyaoRetriever(library=library, settings=settings, speaker="黄明").invoke("事故")
    assert only and {d.metadata["speaker"] for d in only} == {"黄明"}


def test_chat_history_round_trips_through_messages(library, settings):
    talk = Conversation(library, settings)
    first = talk.ask("黄明部长建议重点做好哪几个方面的工作？")
    messages = to_messages([first])
    said = history_of(messages)
    assert said[0].question == first.question and said[0].citations[0].speaker == "黄明"
    assert history_of([HumanMessage("2020年全国一共发生了多少起生产安全事故？")])[0].citations == ()


def test_an_lcel_chain_with_the_retriever_and_a_chat_model(sample_home):
    def script(body):
        user = body["messages"][-1]["content"]
        return Reply("重大事故 16 起[1]" if "重大事故 16 起" in user else "文中未提及")

    with ScriptedLLM(script) as server:
        settings = make_settings(sample_home, llm_base_url=server.url, llm_api_key="sk-test", llm_timeout=5.0)
        retriever = JiyaoRetriever(library=Library(settings), settings=settings, k=3)
        prompt = ChatPromptTemplate.from_messages([
            ("system", "只根据资料回答，用 [n] 标出引用。"),
            MessagesPlaceholder("chat_history"),
            ("human", "资料：\n{context}\n\n问题：{question}"),
        ])

        def numbered(docs):
            return "\n".join(f"[{i}] {d.metadata['speaker']}：{d.page_content}" for i, d in enumerate(docs, 1))

        chain = ({"context": standalone() | retriever | numbered, "question": itemgetter("question"),
                  "chat_history": itemgetter("chat_history")}
                 | prompt | llm.chat_model(settings) | StrOutputParser())
        history = [HumanMessage("2020年全国一共发生了多少起生产安全事故？")]
        # The follow-up retrieves what it means: the passage with the major accidents.
        assert chain.invoke({"question": "其中重大事故呢？", "chat_history": history}) == "重大事故 16 起[1]"
        sent = server.seen[-1].body["messages"]
        assert [m["role"] for m in sent] == ["system", "user", "user"]
