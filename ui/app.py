"""The web app: Gradio Blocks with 问答, 纪要与简报, 纠错引文, 文档 and 评测 tabs.

It receives the agent (agent.service.Jiyao) and holds no logic of its own: handlers call the
agent and turn its results into component values (ui/views.py). Offline: the two variables
Gradio needs are set before it is imported, and nothing is fetched from the internet."""
from __future__ import annotations

import os
import queue
import threading
from pathlib import Path
from typing import Optional

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import gradio as gr  # noqa: E402

from agent.answer import Citation  # noqa: E402
from agent.errors import JiyaoError  # noqa: E402
from agent.service import Jiyao  # noqa: E402

from . import views  # noqa: E402

MINUTES = "会议纪要"  # the overall summary and the topics, for any meeting
ALL_SECTORS = "全部"
ALL_MEETINGS = "全部会议"


def _meeting(choice: Optional[str]) -> Optional[str]:
    """The meeting picked in the chat tab, None for all of them."""
    return None if not choice or choice == ALL_MEETINGS else choice
BACKEND_CHOICES = [("自动（有 LLM 时用 LLM）", "auto"), ("离线抽取", "extractive"), ("LLM（OpenAI 兼容）", "openai")]
CSS = """
.jy-badge {background:#eef3ff;border:1px solid #9bb3e8;border-radius:10px;padding:2px 8px;font-size:0.85em}
.jy-ms {color:#888;font-size:0.8em}
.jy-notice {color:#a05a00;font-size:0.85em;margin-top:4px}
.jy-turn {line-height:1.8;max-height:420px;overflow-y:auto;padding:8px;border:1px solid #ddd;border-radius:6px}
.jy-who {font-weight:bold;margin-bottom:4px}
mark.jy-cited {background:#ffe58a;padding:1px 0}
.jy-understood {color:#666;font-size:90%}
"""


class Handlers:
    """Event handlers, testable without a browser: plain values in, component values out."""

    def __init__(self, agent: Jiyao):
        self.agent = agent

    # -- 问答 ---------------------------------------------------------------------------------
    def chat(self, message: str, history: list, backend: str, doc: Optional[str] = None, turns: Optional[list] = None):
        """Yields (history, badge, citation choices, citations state, hint, turns) as the answer
        arrives; turns (the answers so far, as JSON) make the conversation a follow-up is read in."""
        history, turns = list(history or []), list(turns or [])
        if not (message or "").strip():
            yield history, gr.update(), gr.update(), gr.update(), "请输入一个问题。", turns
            return
        history = history + [{"role": "user", "content": message}, {"role": "assistant", "content": "…"}]
        pieces: queue.Queue = queue.Queue()
        box: dict = {}

        def work():
            try:
                box["answer"] = self.agent.ask(message, backend=backend, doc=_meeting(doc), on_token=pieces.put,
                                               history=turns)
            except JiyaoError as exc:
                box["error"] = str(exc)
            finally:
                pieces.put(None)

        threading.Thread(target=work, daemon=True).start()
        shown = ""
        while (piece := pieces.get()) is not None:
            shown += piece
            history[-1] = {"role": "assistant", "content": shown}
            yield history, gr.update(), gr.update(), gr.update(), "", turns
        if "error" in box:
            history[-1] = {"role": "assistant", "content": f"⚠ {box['error']}"}
            yield history, "", gr.update(choices=[], value=None), [], box["error"], turns
            return
        answer = box["answer"]
        history[-1] = {"role": "assistant", "content": views.understood(answer) + views.footnotes(answer)}
        cited = [c.to_json() for c in answer.citations]
        hint = "点击下方引用查看原文。" if cited else ""
        yield (history, views.badge(answer), gr.update(choices=views.citation_choices(answer), value=None), cited,
               hint, turns + [answer.to_json()])

    @staticmethod
    def new_chat():
        """A new conversation: nothing said before counts."""
        return [], "", gr.update(choices=[], value=None), [], "", []

    def show_citation(self, n: Optional[str], cited: list) -> str:
        chosen = next((c for c in cited or [] if str(c["n"]) == str(n)), None)
        if chosen is None:
            return ""
        citation = Citation(**chosen)
        turn, start, end = self.agent.turn_of(citation)
        quote = None
        if citation.quote_start is not None:
            offset = citation.start - start
            quote = (citation.quote_start - offset, citation.quote_end - offset)
        who = " ".join(p for p in (citation.speaker or "发言人不详", citation.when()) if p)
        return views.passage(turn, start, end, who, quote)

    # -- 纪要与简报 ---------------------------------------------------------------------------
    def brief(self, sector: str, doc: Optional[str], backend: str):
        if not sector:
            return "请先选择会议纪要或一个领域。", None
        try:
            word = None
            if sector == MINUTES:
                markdown, word = self.agent.minutes_files(doc or None, backend)
            else:
                _, markdown = self.agent.summarize(None if sector == ALL_SECTORS else sector, doc or None, backend)
        except JiyaoError as exc:
            return f"⚠ {exc}", None
        from gradio.utils import get_upload_folder

        out = Path(get_upload_folder()) / "exports"  # inside the data home when started by `jiyao ui`
        out.mkdir(parents=True, exist_ok=True)
        name = "全部" if sector == ALL_SECTORS else sector.replace("/", "-")
        path = out / (f"{MINUTES}.md" if sector == MINUTES else f"简报-{name}.md")
        path.write_text(markdown, encoding="utf-8")
        if word is None:
            return markdown, [str(path)]
        path.with_suffix(".docx").write_bytes(word)
        return markdown, [str(path), str(path.with_suffix(".docx"))]

    # -- 纠错引文 ------------------------------------------------------------------------------
    def correct(self, text: str, mode: str, style: str, backend: str):
        if not (text or "").strip():
            return [], [], [], "", "请输入一个问题或一段原文。"
        try:
            if mode == "question":
                q = self.agent.quote(question=text, style=style, backend=backend)
            else:
                q = self.agent.quote(text=text, style=style, backend=backend)
        except JiyaoError as exc:
            return [], [], [], "", f"⚠ {exc}"
        before, after, rows = views.quote_views(q)
        source = ""
        if q.source:
            source = f"出处：{q.source.speaker or '发言人不详'} · {q.source.source} 第 {q.source.quote_start}–{q.source.quote_end} 字"
        changes = sum(1 for e in q.corrections if e.reason not in ("filler", "stutter", "punctuation"))
        note = f"更正 {changes} 处识别错误，共 {len(q.corrections)} 处改动。{source}"
        return before, after, rows, q.corrected, note

    # -- 文档 ----------------------------------------------------------------------------------
    def documents(self):
        rows = self.agent.documents()
        ids = [r["doc_id"] for r in rows]
        return views.document_rows(rows), gr.update(choices=ids, value=ids[0] if ids else None), \
            gr.update(choices=ids, value=None), gr.update(choices=[ALL_MEETINGS] + ids, value=ALL_MEETINGS)

    def upload(self, files, progress=gr.Progress()):
        paths = [Path(f if isinstance(f, str) else f.name) for f in (files or [])]
        if not paths:
            return ("请先选择会议记录文件（.txt、.srt、.vtt、.json）。",) + self.documents()
        progress(0, desc="开始索引…")
        try:
            results = self.agent.ingest(paths, lambda name, done, total: progress(done / max(total, 1),
                                                                                 desc=f"索引 {name}"))
        except JiyaoError as exc:
            return (f"⚠ 未导入（文档库没有改动）：{exc}",) + self.documents()
        verb = {"indexed": "已索引", "updated": "已更新", "unchanged": "未变化"}
        message = "；".join(f"{verb[r.status]} {r.doc_id}（{r.turns} 个发言段，{r.chunks} 个片段）" for r in results)
        return (message,) + self.documents()

    def delete(self, doc_id: Optional[str]):
        if not doc_id:
            return ("请先选择一份文档。",) + self.documents()
        try:
            self.agent.delete(doc_id)
        except JiyaoError as exc:
            return (f"⚠ {exc}",) + self.documents()
        return (f"已删除 {doc_id}",) + self.documents()

    def rename(self, doc_id: Optional[str], label: str, name: str, progress=gr.Progress()):
        if not doc_id:
            return ("请先选择一份文档。",) + self.documents()
        try:
            result = self.agent.rename(doc_id, label or "", name or "",
                                       lambda src, done, total: progress(done / max(total, 1), desc=f"重建 {src}"))
        except JiyaoError as exc:
            return (f"⚠ {exc}",) + self.documents()
        return (f"已改名 {label} → {name}，已重建 {result.doc_id}",) + self.documents()

    def reindex(self, doc_id: Optional[str], progress=gr.Progress()):
        if not doc_id:
            return ("请先选择一份文档。",) + self.documents()
        results = self.agent.reindex(doc_id, lambda name, done, total: progress(done / max(total, 1), desc=f"重建 {name}"))
        return (f"已重建 {results[0].doc_id}",) + self.documents()

    # -- 评测 ----------------------------------------------------------------------------------
    def evaluate(self, backend: str, progress=gr.Progress()):
        report = self.agent.evaluate(backend, progress=lambda done, total: progress(done / max(total, 1), desc="评测中"))
        return views.item_rows(report), views.metrics_markdown(report)

    # -- named API endpoints (gradio_client) ----------------------------------------------------
    def api_ask(self, question: str, backend: str = "auto", doc: str = "", history: Optional[list] = None) -> dict:
        """history: the conversation so far, as the answers this endpoint returned (or bare questions)."""
        return self.agent.ask(question, backend=backend, doc=_meeting(doc), history=history or []).to_json()

    def api_summarize(self, sector: str, doc: str = "", backend: str = "auto") -> dict:
        if sector == MINUTES:
            return self.agent.minutes(doc or None, backend)[0]
        data, _ = self.agent.summarize(None if sector in ("", ALL_SECTORS) else sector, doc or None, backend)
        return data

    def api_quote(self, text: str, style: str = "clean", backend: str = "auto") -> dict:
        return self.agent.quote(text=text, style=style, backend=backend).to_json()


def build(agent: Jiyao) -> gr.Blocks:
    h = Handlers(agent)
    with gr.Blocks(title="jiyao 纪要") as app:
        gr.Markdown("# jiyao（纪要）\n会议记录问答、会议纪要与分领域简报、纠错引文。每个回答都引用原文并标明发言人。")
        with gr.Tabs():
            with gr.Tab("问答", id="qa"):
                chat = gr.Chatbot(label="问答", height=420, elem_id="jy-chat")
                with gr.Row():
                    question = gr.Textbox(placeholder="例如：2020年全国发生了多少起事故？", show_label=False, scale=5,
                                          elem_id="jy-question")
                    ask_doc = gr.Dropdown([ALL_MEETINGS], value=ALL_MEETINGS, label="会议", scale=2,
                                          elem_id="jy-ask-doc")
                    backend = gr.Dropdown(BACKEND_CHOICES, value="auto", label="后端", scale=1)
                with gr.Row():
                    ask_btn = gr.Button("提问", variant="primary", elem_id="jy-ask", scale=4)
                    new_btn = gr.Button("新对话", elem_id="jy-new-chat", scale=1)
                hint = gr.Markdown(elem_id="jy-hint")
                badge = gr.HTML(elem_id="jy-badge")
                cited = gr.State([])
                turns = gr.State([])  # the conversation's answers: what a follow-up is read against
                choice = gr.Radio([], label="引用（点击查看原文）", elem_id="jy-citations")
                source = gr.HTML(elem_id="jy-source")
                outputs = [chat, badge, choice, cited, hint, turns]
                inputs = [question, chat, backend, ask_doc, turns]
                ask_btn.click(h.chat, inputs, outputs, api_visibility="private")
                question.submit(h.chat, inputs, outputs, api_visibility="private")
                new_btn.click(h.new_chat, None, outputs, api_visibility="private")
                chat.clear(h.new_chat, None, outputs, api_visibility="private")  # the chat's own bin forgets it too
                choice.change(h.show_citation, [choice, cited], source, api_visibility="private")
            with gr.Tab("纪要与简报", id="brief"):
                with gr.Row():
                    sector = gr.Dropdown([MINUTES, ALL_SECTORS] + agent.sector_names(), label="纪要或领域",
                                         value=MINUTES, elem_id="jy-brief-sector")
                    brief_doc = gr.Dropdown([], label="会议（多份时必选）", value=None)
                    brief_backend = gr.Dropdown(BACKEND_CHOICES, value="auto", label="后端")
                brief_btn = gr.Button("生成简报", variant="primary", elem_id="jy-brief")
                brief_md = gr.Markdown(elem_id="jy-brief-md")
                brief_file = gr.File(label="下载 .md / .docx", file_count="multiple", elem_id="jy-brief-files")
                brief_btn.click(h.brief, [sector, brief_doc, brief_backend], [brief_md, brief_file], api_visibility="private")
            with gr.Tab("纠错引文", id="quote"):
                quote_in = gr.Textbox(label="问题或原文", lines=3, elem_id="jy-quote-in",
                                      placeholder="输入问题（找到原文再更正），或粘贴一段原文")
                with gr.Row():
                    mode = gr.Radio([("按问题查找原文", "question"), ("直接更正这段原文", "text")], value="text",
                                    label="输入是")
                    style = gr.Radio([("整理（去口头语）", "clean"), ("逐字（只改识别错误）", "verbatim")], value="clean",
                                     label="风格")
                    quote_backend = gr.Dropdown(BACKEND_CHOICES, value="auto", label="后端")
                quote_btn = gr.Button("更正", variant="primary", elem_id="jy-quote")
                quote_note = gr.Markdown(elem_id="jy-quote-note")
                with gr.Row():
                    before = gr.HighlightedText(label="原文（标出改动处）", elem_id="jy-before", combine_adjacent=True)
                    after = gr.HighlightedText(label="更正后", elem_id="jy-after", combine_adjacent=True)
                changes = gr.Dataframe(headers=["原文", "更正", "原因", "置信度", "位置"], label="改动", interactive=False)
                corrected = gr.Textbox(label="更正后的引文（可复制）", buttons=["copy"], elem_id="jy-corrected")
                quote_btn.click(h.correct, [quote_in, mode, style, quote_backend],
                                [before, after, changes, corrected, quote_note], api_visibility="private")
            with gr.Tab("文档", id="docs"):
                upload = gr.File(label="上传会议记录（.txt 文本或录音转写导出，.srt / .vtt 字幕，.json：Whisper、FunASR）",
                                 file_types=[".txt", ".srt", ".vtt", ".json"],
                                 file_count="multiple", elem_id="jy-upload")
                doc_status = gr.Markdown()
                docs_table = gr.Dataframe(headers=["文档", "日期", "字数", "发言段", "片段", "发言人", "索引"], interactive=False,
                                          elem_id="jy-docs")
                with gr.Row():
                    doc_pick = gr.Dropdown([], label="文档", value=None)
                    delete_btn = gr.Button("删除")
                    reindex_btn = gr.Button("重建索引")
                with gr.Row():
                    rename_from = gr.Textbox(label="发言人（如 发言人1）", elem_id="jy-rename-from")
                    rename_to = gr.Textbox(label="改为", elem_id="jy-rename-to")
                    rename_btn = gr.Button("改名并重建索引", elem_id="jy-rename")
                doc_outputs = [docs_table, doc_pick, brief_doc, ask_doc]
                upload.upload(h.upload, upload, [doc_status] + doc_outputs, api_visibility="private")
                delete_btn.click(h.delete, doc_pick, [doc_status] + doc_outputs, api_visibility="private")
                reindex_btn.click(h.reindex, doc_pick, [doc_status] + doc_outputs, api_visibility="private")
                rename_btn.click(h.rename, [doc_pick, rename_from, rename_to], [doc_status] + doc_outputs,
                                 api_visibility="private")
            with gr.Tab("评测", id="eval"):
                eval_backend = gr.Dropdown(BACKEND_CHOICES, value="auto", label="后端")
                eval_btn = gr.Button("运行回归评测", variant="primary", elem_id="jy-eval")
                eval_table = gr.Dataframe(headers=["评测集", "编号", "类型", "通过", "原因", "问题"], interactive=False)
                eval_md = gr.Markdown(elem_id="jy-eval-md")
                eval_btn.click(h.evaluate, eval_backend, [eval_table, eval_md], api_visibility="private")
        app.load(h.documents, None, doc_outputs, api_visibility="private")
        gr.api(h.api_ask, api_name="ask")
        gr.api(h.api_summarize, api_name="summarize")
        gr.api(h.api_quote, api_name="quote")
    return app


def launch(agent: Jiyao, host: str = "127.0.0.1", port: int = 7860, block: bool = True, **kwargs) -> gr.Blocks:
    """Build and start the app; returns the Blocks (call .close() to stop a non-blocking one)."""
    app = build(agent)
    app.queue(default_concurrency_limit=agent.settings.ui_concurrency, max_size=agent.settings.ui_queue_size)
    app.launch(server_name=host, server_port=port, share=False, prevent_thread_lock=not block,
               max_file_size=f"{int(agent.settings.max_file_mb)}mb", css=CSS, footer_links=[], **kwargs)
    return app


def serve(settings, host: str, port: int, auth=None) -> None:
    agent = Jiyao(settings)
    agent.ensure_corpus()
    print(f"jiyao 网页：http://{host}:{port}  （Ctrl-C 退出）{'，需要登录' if auth else ''}", flush=True)
    launch(agent, host, port, block=True, auth=auth)
