"""Command line: `jiyao ingest|docs|delete|reindex|rename|ask|sectors|topics|summarize|quote|eval|ui|config`.
Each command calls agent/ and prints; the arguments are in parser.py, the printing in render.py."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Optional

from ..errors import JiyaoError
from . import parser, render
from .parser import PROG




def main(argv: Optional[list[str]] = None) -> int:
    args = parser.build().parse_args(argv)
    try:
        return _run(args)
    except JiyaoError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


def _run(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from ..settings import Settings

    try:
        settings = Settings()
    except ValidationError as exc:
        raise JiyaoError(f"invalid setting: {exc.errors()[0]['loc'][0]}: {exc.errors()[0]['msg']}") from None
    if args.command == "config":
        return _config(settings)
    if args.command == "ask" and args.k is not None and not 1 <= args.k <= 50:
        raise JiyaoError("--k must be between 1 and 50")
    from ..index.library import Library

    if args.command == "ask" and args.question is not None:
        from ..answers.qa import clean_question

        clean_question(args.question, settings)  # refuse bad input before touching the store
    library = Library(settings)
    if args.command == "ingest":
        return _ingest(library, args)
    if args.command == "ui":
        return _ui(settings, args)
    if args.command == "eval":
        return _eval(settings, args)
    library.ensure_default_corpus(render.progress_bar())
    if args.command == "docs":
        return _docs(library, args)
    if args.command == "delete":
        library.delete(args.doc_id)
        print(f"已删除 {args.doc_id}")
        return 0
    if args.command == "reindex":
        for result in library.reindex(args.doc_ids or None, render.progress_bar()):
            print(f"已重建 {result.doc_id}：{result.turns} 个发言段，{result.chunks} 个片段")
        return 0
    if args.command == "rename":
        result = library.rename(args.doc_id, args.label, args.name, render.progress_bar())
        print(f"已改名 {args.label} → {args.name}，已重建 {result.doc_id}：{result.turns} 个发言段")
        return 0
    if args.command == "sectors":
        return _sectors(settings, args)
    if args.command == "topics":
        return _topics(library, settings, args)
    if args.command == "summarize":
        return _summarize(library, settings, args)
    if args.command == "quote":
        return _quote(library, settings, args)
    return _ask(library, settings, args)


def _ingest(library, args) -> int:
    for result in library.ingest(args.paths, render.progress_bar(), args.format):
        if args.json:
            print(json.dumps(result.__dict__, ensure_ascii=False))
            continue
        verb = {"indexed": "已索引", "updated": "已更新", "unchanged": "未变化，跳过"}[result.status]
        print(f"{verb} {result.source} → {result.doc_id}：{result.turns} 个发言段，{result.chunks} 个片段")
        for warning in result.warnings:
            print(f"  注意：{warning}", file=sys.stderr)
    return 0


def _ui(settings, args) -> int:
    import os

    auth = _ui_auth(settings, args.host, args.no_auth)
    # Uploads and downloads stay inside the data home (Gradio reads this before it is imported).
    os.environ.setdefault("GRADIO_TEMP_DIR", str(Path(settings.home) / "ui-files"))
    from ui.app import serve

    serve(settings, args.host, args.port, auth)
    return 0


def _ui_auth(settings, host: str, no_auth: bool):
    """(user, password) from JIYAO_UI_AUTH; an address other than loopback needs it, or --no-auth."""
    if settings.ui_auth:
        user, sep, password = settings.ui_auth.get_secret_value().partition(":")
        if not sep or not user or not password:
            raise JiyaoError("JIYAO_UI_AUTH must be user:password")
        return (user, password)
    if host not in ("127.0.0.1", "localhost", "::1") and not no_auth:
        raise JiyaoError(f"binding {host} lets other machines reach the app: set JIYAO_UI_AUTH=user:password, "
                         f"or pass --no-auth if that is intended")
    return None


def _docs(library, args) -> int:
    rows = library.document_rows()
    if args.json:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
        return 0
    if not rows:
        print("（没有文档：用 `jiyao ingest FILE.txt` 导入会议记录）")
    for row in rows:
        timed = "  有时间戳" if row.get("timed") else ""
        print(f"{row['doc_id']}  {row['date'] or ''}  {row['chars']} 字  {row['turns']} 个发言段  {row['chunks']} 个片段{timed}")
        print(f"  发言人：{'、'.join(row['speakers']) or '（未识别）'}")
        if row["stale"]:
            print(f"  索引由旧版本建立：运行 `jiyao reindex {row['doc_id']}` 以使用当前的分句和分块")
    return 0


def _ask(library, settings, args) -> int:
    from ..answers.chat import Conversation

    chat = Conversation(library, settings)

    def answer(question: str, on_token=None):
        """A turn of the chat (the prompt and --conversations keep one; a single question has none)."""
        return chat.ask(question, k=args.k, doc=args.doc, speaker=args.speaker, backend=args.backend,
                        on_token=on_token, on_notice=render.notice, since=args.since, until=args.until)

    if args.conversations and not args.batch:
        raise JiyaoError("--conversations reads a --batch file: conversations separated by blank lines")
    if args.batch:
        return _batch(answer, args.batch, chat, args.conversations)
    if args.question is None:
        return _interactive(answer, chat)
    if args.stream and not args.json:
        return _streamed(answer, args.question)
    result = answer(args.question)
    print(json.dumps(result.to_json(), ensure_ascii=False, indent=1) if args.json else render.answer(result))
    return 0


def _streamed(answer, question: str) -> int:
    """Tokens as they come; then the answer again only if what is shipped differs from them."""
    shown: list[str] = []

    def on_token(piece: str) -> None:
        if not shown:
            print("答：", end="", flush=True)
        shown.append(piece)
        print(piece, end="", flush=True)

    result = answer(question, on_token)
    if shown:
        print()
    same = "".join(shown).strip() == result.answer.strip()
    print(render.answer(result, with_answer=not same))
    return 0


def _sectors(settings, args) -> int:
    from ..briefings import sectors

    for sector in sectors.load(settings.sectors_file):
        if args.json:
            print(json.dumps(sector.to_json(), ensure_ascii=False))
        else:
            print(f"{sector.name:10}  {sector.description}")
    return 0


def _summarize(library, settings, args) -> int:
    from ..briefings import summarize

    if args.all:
        with render.steps("简报", "部分") as bar:
            results, notes, markdown = summarize.whole_briefing(library, settings, args.doc, args.backend, render.notice,
                                                                lambda done, total: bar.update(done - bar.n))
        if args.json:
            print(json.dumps(summarize.whole_json(results, notes, markdown), ensure_ascii=False, indent=1))
            return 0
    elif args.topics or args.overview:
        notes, markdown = summarize.meeting_minutes(library, settings, args.doc, args.backend, render.notice,
                                                    overview_only=args.overview)
        if args.docx:
            from ..briefings import word

            args.docx.write_bytes(word.docx_bytes(notes, f"会议纪要：{notes.doc_id}"))
            render.notice(f"已写入 Word 文档：{args.docx}")
        if args.json:
            print(json.dumps(notes.to_json(markdown, overview_only=args.overview), ensure_ascii=False, indent=1))
            return 0
    else:
        result, markdown = summarize.sector_briefing(library, settings, args.sector, args.doc, args.backend, render.notice)
        if args.json:
            print(json.dumps(result.to_json(markdown), ensure_ascii=False, indent=1))
            return 0
    print(markdown if args.format == "md" else render.plain(markdown))
    return 0


def _topics(library, settings, args) -> int:
    from ..briefings import summarize

    doc, found = summarize.meeting_topics(library, settings, args.doc)
    for topic in found:
        if args.json:
            print(json.dumps(topic.to_json(), ensure_ascii=False))
        else:
            when = f"{topic.when()}，" if topic.when() else ""
            print(f"{topic.n}. {topic.headline}（{when}第 {topic.start}–{topic.end} 字）")
            print(f"   发言人：{'、'.join(topic.speakers) or '发言人不详'}")
    return 0


def _quote(library, settings, args) -> int:
    from ..quotes import quote

    def one(line: str, is_question: bool):
        if is_question:
            return quote.quote_question(library, settings, line, args.style, args.glossary, args.backend, args.doc,
                                        render.notice)
        return quote.correct_text(line, settings, args.style, args.glossary, args.backend, render.notice)

    if args.batch:
        if not args.batch.is_file():
            raise JiyaoError(f"{args.batch}: no such file (one passage per line)")
        for line in args.batch.read_text(encoding="utf-8").splitlines():
            if line.strip():
                try:
                    print(json.dumps(one(line, args.questions).to_json(), ensure_ascii=False), flush=True)
                except JiyaoError as exc:
                    print(json.dumps({"input": line, "error": str(exc)}, ensure_ascii=False), flush=True)
        return 0
    if (args.text is None) == (args.question is None):
        raise JiyaoError("give a passage with --text \"…\" or a question, not both (see `jiyao quote --help`)")
    result = one(args.text if args.text is not None else args.question, args.text is None)
    print(json.dumps(result.to_json(), ensure_ascii=False, indent=1) if args.json else render.quote(result))
    return 0


def _eval(settings, args) -> int:
    from ..evals import reporting, suite

    sets = suite.load_sets(args.set or settings.eval_set_dir)
    baseline = suite.load_baseline(args.baseline) if args.baseline else None
    with render.steps("评测", "题", sum(len(s.items) for s in sets)) as bar:
        report = suite.run_sets(settings, sets, args.backend, lambda done, total: bar.update(done - bar.n),
                                render.progress_bar())
    tolerance = suite.DEFAULT_TOLERANCE if args.tolerance is None else args.tolerance
    comparison = suite.compare(report, baseline, tolerance) if baseline else None
    if comparison is not None:
        report["comparison"] = comparison
    if args.report:
        args.report.write_text(reporting.markdown(report, comparison), encoding="utf-8")
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print("\n".join(reporting.item_lines(report)))
        print()
        print(reporting.markdown(report, comparison, with_items=False))
    return 1 if comparison and comparison["regressions"] else 0


def _batch(answer, path: Path, chat, conversations: bool) -> int:
    """One JSON answer per line, in order. With conversations, a blank line ends a conversation;
    without, every line is a question of its own."""
    if not path.is_file():
        raise JiyaoError(f"{path}: no such file (give a text file with one question per line)")
    for line in path.read_text(encoding="utf-8").splitlines():
        if not conversations or not line.strip():
            chat.clear()
        if not line.strip():
            continue
        try:
            print(json.dumps(answer(line).to_json(), ensure_ascii=False), flush=True)
        except JiyaoError as exc:
            print(json.dumps({"question": line, "error": str(exc)}, ensure_ascii=False), flush=True)
    return 0


def _interactive(answer, chat) -> int:
    print("jiyao 问答：输入问题后回车，可以接着追问（如“其中重大事故呢？”）；输入 /new 开始新的对话；"
          "空行或 Ctrl-D 退出。(Ask in Chinese or English.)")
    while True:
        try:
            question = input("问> ")
        except EOFError:
            print()
            return 0
        if not question.strip():
            return 0
        if question.strip() == "/new":
            chat.clear()
            print("（新的对话）\n")
            continue
        try:
            print(render.answer(answer(question)) + "\n")
        except JiyaoError as exc:
            print(f"{PROG}: {exc}")


def _config(settings) -> int:
    from pydantic import SecretStr

    from ..settings import describe_settings

    for name, env, description in describe_settings():
        value = getattr(settings, name)
        shown = "(set, hidden)" if isinstance(value, SecretStr) else value  # never print a key or password
        print(f"{env:42} {shown!s:40} {description}")
    return 0
