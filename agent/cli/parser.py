"""The command line's arguments, help and defaults."""
from __future__ import annotations

import argparse
from pathlib import Path

from ..settings import BACKENDS

PROG = "jiyao"


def build() -> argparse.ArgumentParser:
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
    ask.add_argument("--conversations", action="store_true",
                     help="with --batch: the file holds conversations separated by blank lines, each line a turn "
                          "understood against the turns before it (its answer's `understood` field)")
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
    which.add_argument("--minutes", "--topics", dest="topics", action="store_true",
                       help="the minutes (会议纪要): the overall summary, keywords, decisions, action items "
                       "(owner, task, due), open questions, each topic's headline, speakers, times and summary, "
                       "each speaker's summary, and the questions asked and answered")
    which.add_argument("--overview", action="store_true", help="the overall summary only (about 250 characters)")
    summ.add_argument("--doc", default=None, metavar="ID", help="the meeting (needed when several are indexed)")
    summ.add_argument("--json", action="store_true", help="print JSON (bullets, citations, markdown)")
    summ.add_argument("--format", choices=["md", "text"], default="md", help="output format (default md)")
    summ.add_argument("--docx", type=Path, metavar="FILE", help="with --minutes: also write the minutes as Word (.docx) to FILE")
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
