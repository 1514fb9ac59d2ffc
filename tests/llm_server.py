"""A real HTTP server on 127.0.0.1 that speaks the OpenAI chat-completions protocol (plain JSON
and SSE streaming) and replies from a script: the only stand-in for a remote LLM in tests and
benchmarks. A script is a function of the request body returning a Reply."""
from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Optional


@dataclass
class Reply:
    text: str = ""
    status: int = 200
    delay: float = 0.0  # seconds before anything is sent
    chunk_delay: float = 0.0  # seconds between streamed pieces
    raw: Optional[str] = None  # send this body as is (malformed replies)


@dataclass
class Seen:
    body: dict
    at: float  # time.perf_counter() when the request arrived
    headers: dict = field(default_factory=dict)


def passages(body: dict) -> dict[int, str]:
    """The numbered passages of the first user message: {n: text}."""
    user = [m["content"] for m in body["messages"] if m["role"] == "user"][0]
    found = re.findall(r"^\[(\d+)\][^\n]*\n(.*?)(?=^\[\d+\]|\Z)", user, flags=re.S | re.M)
    return {int(n): text.strip() for n, text in found}


def question(body: dict) -> str:
    user = [m["content"] for m in body["messages"] if m["role"] == "user"][0]
    return user.split("\n", 1)[0].split("：", 1)[-1].strip()


class ScriptedLLM:
    def __init__(self, script: Callable[[dict], Reply]):
        self.script = script
        self.seen: list[Seen] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                owner.seen.append(Seen(body, time.perf_counter(), {k.lower(): v for k, v in self.headers.items()}))
                reply = owner.script(body)
                time.sleep(reply.delay)
                try:
                    if reply.raw is not None or reply.status != 200:
                        self._send(reply.status, reply.raw if reply.raw is not None
                                   else json.dumps({"error": {"message": f"scripted {reply.status}", "type": "test"}}))
                    elif body.get("stream"):
                        self._stream(body, reply.text, reply.chunk_delay)
                    else:
                        self._send(200, json.dumps(_completion(body, reply.text)))
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout): nothing to do

            def _send(self, status: int, text: str):
                data = text.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, body: dict, text: str, pause: float):
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                pieces = [text[i:i + 8] for i in range(0, len(text), 8)] or [""]
                for piece in pieces:
                    chunk = {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": body.get("model"),
                             "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
                    self.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode("utf-8"))
                    self.wfile.flush()
                    time.sleep(pause)
                done = {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": body.get("model"),
                        "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}], "usage": _usage(body, text)}
                self.wfile.write(f"data: {json.dumps(done)}\n\ndata: [DONE]\n\n".encode("utf-8"))
                self.wfile.flush()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> "ScriptedLLM":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def _usage(body: dict, text: str) -> dict:
    prompt = sum(len(m["content"]) for m in body["messages"])
    return {"prompt_tokens": prompt, "completion_tokens": len(text), "total_tokens": prompt + len(text)}


def _completion(body: dict, text: str) -> dict:
    return {"id": "x", "object": "chat.completion", "created": 0, "model": body.get("model"),
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": _usage(body, text)}
