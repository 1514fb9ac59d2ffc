"""Command line: `jiyao ingest|docs|delete|reindex|rename|ask|sectors|summarize|quote|eval|ui|config`. Parsing and printing only; the work is in agent/."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Optional

from .errors import JiyaoError
from .settings import BACKENDS

PROG = "jiyao"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="jiyao（纪要）: cited answers, sector briefings and corrected quotes from long Chinese "
                    "meeting transcripts; offline by default, with any OpenAI-compatible LLM when configured.",
        epilog="Data home: $JIYAO_HOME (default: XDG data dir/jiyao). `jiyao config` lists every setting.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ingest = sub.add_parser("ingest", help="index transcript files: plain text, recorders' text exports, SRT, WebVTT, "
                            "JSON (UTF-8, GB18030/GBK or UTF-16)",
                            description="Index transcripts. The format is found from each file's content: plain text, "
                            "a recorder's text export (speaker and time headers: Feishu, iFlytek, Tingwu, Otter), "
                            "SRT, WebVTT, or JSON (Whisper, WhisperX, FunASR).")
    ingest.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    ingest.add_argument("--format", choices=["text", "export", "srt", "vtt", "json"], default=None,
                        help="read every file as this format instead of detecting it")
    ingest.add_argument("--json", action="store_true", help="print one JSON object per document")

    docs = sub.add_parser("docs", help="list indexed documents with their turns and chunks")
    docs.add_argument("--json", action="store_true")

    delete = sub.add_parser("delete", help="remove a document from the index")
    delete.add_argument("doc_id", metavar="ID")

    reindex = sub.add_parser("reindex", help="rebuild documents from their stored transcripts (all by default)")
    reindex.add_argument("doc_ids", nargs="*", metavar="ID")

    rename = sub.add_parser("rename", help="call a speaker of one meeting by a name (发言人1 → 张三), then re-index it",
                            description="Rename a speaker in one meeting; the old label stays searchable. To keep "
                            "the name when the file is ingested again, put it in the speakers sidecar (names:).")
    rename.add_argument("doc_id", metavar="ID")
    rename.add_argument("label", metavar="LABEL", help="the speaker as shown now (发言人1, SPEAKER_00, …)")
    rename.add_argument("name", metavar="NAME")

    ui = sub.add_parser("ui", help="start the web app (Gradio) on the indexed documents")
    ui.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    ui.add_argument("--port", type=int, default=7860)
    ui.add_argument("--no-auth", action="store_true",
                    help="allow another address without JIYAO_UI_AUTH (anyone who can reach it can use it)")

    ask = sub.add_parser("ask", help="ask a question; without one, start an interactive prompt")
    ask.add_argument("question", nargs="?", help="the question (Chinese or English)")
    ask.add_argument("--json", action="store_true", help="print the answer as JSON")
    ask.add_argument("--k", type=int, default=None, metavar="N", help="passages to retrieve (default 5)")
    ask.add_argument("--doc", default=None, metavar="ID", help="only this meeting (see `jiyao docs`)")
    ask.add_argument("--from", dest="since", default=None, metavar="DATE",
                     help="only meetings on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD)")
    ask.add_argument("--to", dest="until", default=None, metavar="DATE",
                     help="only meetings on or before DATE (a year or month counts to its end)")
    ask.add_argument("--speaker", default=None, metavar="NAME",
                     help="only passages by this speaker: a name, a label (发言人2) or a name the meeting gives them")
    ask.add_argument("--batch", type=Path, default=None, metavar="FILE",
                     help="one question per line; one JSON answer per line, in order")
    ask.add_argument("--backend", choices=BACKENDS, default=None,
                     help="auto (default: the LLM when JIYAO_LLM_BASE_URL or a key is set), extractive, openai")
    ask.add_argument("--stream", action="store_true", help="print the LLM's answer as it is written")

    sec = sub.add_parser("sectors", help="list the sectors briefings can be made for")
    sec.add_argument("--json", action="store_true", help="one JSON object per sector")

    tops = sub.add_parser("topics", help="the topics of a meeting: headline, speakers and span of each",
                          description="Split a meeting into contiguous topics (at turn or paragraph starts).")
    tops.add_argument("--doc", default=None, metavar="ID", help="the meeting (needed when several are indexed)")
    tops.add_argument("--json", action="store_true", help="one JSON object per topic")

    summ = sub.add_parser("summarize", help="minutes (overview, topics) or a per-sector briefing (简报), every line cited",
                          description="Key sentences of one meeting for a sector, each cited with its speaker.")
    which = summ.add_mutually_exclusive_group(required=True)
    which.add_argument("--sector", metavar="NAME", help="one sector (see `jiyao sectors`)")
    which.add_argument("--all", action="store_true",
                       help="the whole briefing: 会议概况, the minutes, then every sector the meeting has evidence for")
    which.add_argument("--topics", action="store_true", help="the minutes (会议纪要): each topic's headline, "
                       "speakers and summary, after the overall summary")
    which.add_argument("--overview", action="store_true", help="the overall summary only (about 250 characters)")
    summ.add_argument("--doc", default=None, metavar="ID", help="the meeting (needed when several are indexed)")
    summ.add_argument("--json", action="store_true", help="print JSON (bullets, citations, markdown)")
    summ.add_argument("--format", choices=["md", "text"], default="md", help="output format (default md)")
    summ.add_argument("--backend", choices=BACKENDS, default=None, help="auto (default), extractive, openai")

    quo = sub.add_parser("quote", help="a corrected quote: recognition errors fixed, every change shown",
                         description="Correct a passage (--text) or the passage that answers a question. "
                         "Names and terms come from data/glossary.yaml (plus --glossary); digits are never changed.")
    quo.add_argument("question", nargs="?", help="a question or keywords: the passage that answers it is quoted")
    quo.add_argument("--text", default=None, help="the passage to correct, as is")
    quo.add_argument("--batch", type=Path, default=None, metavar="FILE",
                     help="one passage per line (or questions, with --questions); one JSON object per line")
    quo.add_argument("--questions", action="store_true", help="with --batch: the lines are questions")
    quo.add_argument("--glossary", type=Path, default=None, metavar="FILE", help="a YAML glossary added to the default")
    quo.add_argument("--style", choices=["clean", "verbatim"], default="clean",
                     help="verbatim: recognition errors only; clean (default): also fillers, stutters, punctuation")
    quo.add_argument("--doc", default=None, metavar="ID", help="with a question: only this document")
    quo.add_argument("--json", action="store_true")
    quo.add_argument("--backend", choices=BACKENDS, default=None, help="auto (default), extractive, openai")

    ev = sub.add_parser("eval", help="run the regression question set; score, report, compare with a baseline",
                        description="Answer every question of an evaluation set and score the answers with "
                        "deterministic checks. Exit code 1 when a metric drops below --baseline beyond --tolerance.")
    ev.add_argument("--set", type=Path, default=None, metavar="DIR",
                    help="evaluation set directory (default: data/eval: the sample set, and its subdirectory "
                         "vcsum, a set of its own over 22 real meetings); each set is asked of an evaluation "
                         "store apart from your library ($JIYAO_HOME/eval/SET) holding the default corpus and "
                         "the set's transcripts")
    ev.add_argument("--backend", choices=BACKENDS, default=None,
                    help="answering backend (default: $JIYAO_BACKEND, auto: extractive when no LLM is configured)")
    ev.add_argument("--json", action="store_true", help="print the full report as JSON (usable as a baseline)")
    ev.add_argument("--report", type=Path, default=None, metavar="FILE.md", help="also write a Markdown report")
    ev.add_argument("--baseline", type=Path, default=None, metavar="FILE", help="a report from `jiyao eval --json`")
    ev.add_argument("--tolerance", type=float, default=None, metavar="X",
                    help="allowed drop of a metric against the baseline (default 0.02)")

    sub.add_parser("config", help="list every setting with its environment variable and value")
    return parser


def main(argv: Optional[list[str]] = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except JiyaoError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


def _run(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from .settings import Settings

    try:
        settings = Settings()
    except ValidationError as exc:
        raise JiyaoError(f"invalid setting: {exc.errors()[0]['loc'][0]}: {exc.errors()[0]['msg']}") from None
    if args.command == "config":
        return _config(settings)
    if args.command == "ask" and args.k is not None and not 1 <= args.k <= 50:
        raise JiyaoError("--k must be between 1 and 50")
    from .index.library import Library

    if args.command == "ask" and args.question is not None:
        from .answers.qa import clean_question

        clean_question(args.question, settings)  # refuse bad input before touching the store
    library = Library(settings)
    if args.command == "ingest":
        return _ingest(library, args)
    if args.command == "ui":
        return _ui(settings, args)
    if args.command == "eval":
        return _eval(settings, args)
    library.ensure_default_corpus(_progress_bar())
    if args.command == "docs":
        return _docs(library, args)
    if args.command == "delete":
        library.delete(args.doc_id)
        print(f"已删除 {args.doc_id}")
        return 0
    if args.command == "reindex":
        for result in library.reindex(args.doc_ids or None, _progress_bar()):
            print(f"已重建 {result.doc_id}：{result.turns} 个发言段，{result.chunks} 个片段")
        return 0
    if args.command == "rename":
        result = library.rename(args.doc_id, args.label, args.name, _progress_bar())
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


def _progress_bar():
    from tqdm import tqdm

    bars: dict[str, tqdm] = {}

    def update(name: str, done: int, total: int) -> None:
        bar = bars.get(name)
        if bar is None:
            bar = bars[name] = tqdm(total=total, desc=f"索引 {name}", unit="句", file=sys.stderr, leave=False, disable=None)
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    return update


def _ingest(library, args) -> int:
    for result in library.ingest(args.paths, _progress_bar(), args.format):
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
    from .answers.qa import ask

    def answer(question: str, on_token=None):
        return ask(library, question, settings, k=args.k, doc=args.doc, speaker=args.speaker,
                   backend=args.backend, on_token=on_token, on_notice=_notice, since=args.since, until=args.until)

    if args.batch:
        return _batch(answer, args.batch)
    if args.question is None:
        return _interactive(answer)
    if args.stream and not args.json:
        return _streamed(answer, args.question)
    result = answer(args.question)
    print(json.dumps(result.to_json(), ensure_ascii=False, indent=1) if args.json else render(result))
    return 0


def _notice(message: str) -> None:
    print(f"注意：{message}", file=sys.stderr, flush=True)


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
    print(render(result, with_answer=not same))
    return 0


def _sectors(settings, args) -> int:
    from .briefings import sectors

    for sector in sectors.load(settings.sectors_file):
        if args.json:
            print(json.dumps(sector.to_json(), ensure_ascii=False))
        else:
            print(f"{sector.name:10}  {sector.description}")
    return 0


def _summarize(library, settings, args) -> int:
    from .briefings import summarize

    if args.all:
        with _bar("简报", "部分") as bar:
            results, notes, markdown = summarize.whole_briefing(library, settings, args.doc, args.backend, _notice,
                                                                lambda done, total: bar.update(done - bar.n))
        if args.json:
            print(json.dumps(summarize.whole_json(results, notes, markdown), ensure_ascii=False, indent=1))
            return 0
    elif args.topics or args.overview:
        notes, markdown = summarize.meeting_minutes(library, settings, args.doc, args.backend, _notice,
                                                    overview_only=args.overview)
        if args.json:
            print(json.dumps(notes.to_json(markdown, overview_only=args.overview), ensure_ascii=False, indent=1))
            return 0
    else:
        result, markdown = summarize.sector_briefing(library, settings, args.sector, args.doc, args.backend, _notice)
        if args.json:
            print(json.dumps(result.to_json(markdown), ensure_ascii=False, indent=1))
            return 0
    print(markdown if args.format == "md" else _plain(markdown))
    return 0


def _topics(library, settings, args) -> int:
    from .briefings import summarize

    doc, found = summarize.meeting_topics(library, settings, args.doc)
    for topic in found:
        if args.json:
            print(json.dumps(topic.to_json(), ensure_ascii=False))
        else:
            print(f"{topic.n}. {topic.headline}（第 {topic.start}–{topic.end} 字）")
            print(f"   发言人：{'、'.join(topic.speakers) or '发言人不详'}")
    return 0


def _quote(library, settings, args) -> int:
    from .quotes import quote

    def one(line: str, is_question: bool):
        if is_question:
            return quote.quote_question(library, settings, line, args.style, args.glossary, args.backend, args.doc,
                                        _notice)
        return quote.correct_text(line, settings, args.style, args.glossary, args.backend, _notice)

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
    print(json.dumps(result.to_json(), ensure_ascii=False, indent=1) if args.json else _render_quote(result))
    return 0


_REASONS = {"known misrecognition": "已知误识别", "sounds like a glossary term": "与词表术语音近", "filler": "口头语",
            "stutter": "重复", "punctuation": "标点", "LLM proposal": "模型建议"}


def _render_quote(q) -> str:
    lines = [f"原文：{q.original}", f"更正：{q.corrected}"]
    changes = [e for e in q.corrections if e.reason not in ("filler", "stutter", "punctuation")]
    tidy = len(q.corrections) - len(changes)
    lines.append("改动：" if changes else "改动：（没有识别错误需要更正）")
    for i, e in enumerate(changes, 1):
        lines.append(f"  [{i}] {e.wrong} → {e.right}（{_REASONS.get(e.reason, e.reason)}，置信度 {e.confidence:.2f}，"
                     f"原文第 {e.start}–{e.end} 字）")
    if tidy:
        lines.append(f"  另删去口头语、重复和多余标点 {tidy} 处（--style verbatim 不做这些）")
    if q.source:
        c = q.source
        lines.append(f"出处：{c.speaker or '发言人不详'} · {c.source} [{c.quote_start}–{c.quote_end}]")
    return "\n".join(lines)


def _plain(markdown: str) -> str:
    import re

    return re.sub(r"^#+ |\*\*", "", markdown, flags=re.M)


def _bar(desc: str, unit: str, total: int | None = None):
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, leave=False, disable=None)


def _eval(settings, args) -> int:
    from .evals import reporting, suite

    sets = suite.load_sets(args.set or settings.eval_set_dir)
    baseline = suite.load_baseline(args.baseline) if args.baseline else None
    with _bar("评测", "题", sum(len(s.items) for s in sets)) as bar:
        report = suite.run_sets(settings, sets, args.backend, lambda done, total: bar.update(done - bar.n),
                                _progress_bar())
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


def _batch(answer, path: Path) -> int:
    if not path.is_file():
        raise JiyaoError(f"{path}: no such file (give a text file with one question per line)")
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        try:
            print(json.dumps(answer(line).to_json(), ensure_ascii=False), flush=True)
        except JiyaoError as exc:
            print(json.dumps({"question": line, "error": str(exc)}, ensure_ascii=False), flush=True)
    return 0


def _interactive(answer) -> int:
    print("jiyao 问答：输入问题后回车；空行或 Ctrl-D 退出。(Ask in Chinese or English.)")
    while True:
        try:
            question = input("问> ")
        except EOFError:
            print()
            return 0
        if not question.strip():
            return 0
        try:
            print(render(answer(question)) + "\n")
        except JiyaoError as exc:
            print(f"{PROG}: {exc}")


def render(result, with_answer: bool = True) -> str:
    lines = [f"答：{result.answer}"] if with_answer else []
    if result.citations:
        lines.append("")
        lines.append("引用：")
        for c in result.citations:
            lines.append(f"[{c.n}] {' '.join(p for p in (c.who('未知发言人'), c.when()) if p)} · {c.meeting()} "
                         f"[{c.start}–{c.end}]")
            lines.append(f"    “{_marked(c)}”")
    lines.append(f"（{_badge(result)} · {result.latency_ms:.0f} ms）")
    return "\n".join(lines)


def _badge(result) -> str:
    if result.model:
        return f"{result.model} · {'已核验' if result.verified else '未通过核验'}"
    if result.fallback_reason:
        return f"离线抽取模式 · LLM 未采用：{result.fallback_reason}"
    return "离线抽取模式"


def _marked(c, context: int = 30) -> str:
    """The quoted words in 【】 with a little of the passage around them."""
    if c.quote_start is None:
        return c.text
    qs, qe = c.quote_start - c.start, c.quote_end - c.start
    before, after = c.text[max(0, qs - context):qs], c.text[qe:qe + context]
    return (("…" if qs > context else "") + before + "【" + c.text[qs:qe] + "】" + after
            + ("…" if qe + context < len(c.text) else "")).replace("\n", " ")


def _config(settings) -> int:
    from pydantic import SecretStr

    from .settings import describe_settings

    for name, env, description in describe_settings():
        value = getattr(settings, name)
        shown = "(set, hidden)" if isinstance(value, SecretStr) else value  # never print a key or password
        print(f"{env:42} {shown!s:40} {description}")
    return 0
