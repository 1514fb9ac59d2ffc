"""The store against a real Chroma server (`chroma run` on loopback): the same answers as the
embedded store on the project's question set, and a second process sees a new document."""
import os
import shutil

import pytest

from agent.answers.qa import ask
from agent.index.library import Library

from .conftest import ROOT, SAMPLE, assert_same_answers, make_settings, run_jiyao
from .servers import running

CHROMA = shutil.which("chroma") or str(ROOT / ".venv" / "bin" / "chroma")


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    if not os.path.exists(CHROMA):
        pytest.fail("the chroma command (from the chromadb package) is missing")
    from ui.browser import free_port

    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    url = f"http://127.0.0.1:{port}"
    command = [CHROMA, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)]
    with running(command, f"{url}/api/v2/heartbeat", tries=100):
        yield url


@pytest.fixture(scope="module")
def served(chroma_url, tmp_path_factory):
    settings = make_settings(tmp_path_factory.mktemp("served") / "home", chroma_url=chroma_url)
    library = Library(settings)
    library.ingest([SAMPLE])
    return library, settings


def test_same_answers_as_the_embedded_store(served, library, settings):
    served_library, served_settings = served
    assert not (served_settings.home / "chroma").exists()  # the vectors live on the server
    assert_same_answers((library, settings), (served_library, served_settings))


def test_another_process_sees_a_new_document(served, tmp_path):
    library, settings = served
    before = library.corpus()
    path = tmp_path / "2024-07-01-夏季会议.txt"
    path.write_text("主持人：请赵六同志发言。赵六：今年汛前排查水库 86 座，整改隐患 41 处。谢谢。", encoding="utf-8")
    out = run_jiyao(settings.home, "ingest", str(path), env={"JIYAO_CHROMA_URL": settings.chroma_url})
    assert out.returncode == 0, out.stderr
    after = library.corpus()  # this process reloads: the manifest changed
    assert after is not before and "2024-07-01-夏季会议" in after.docs
    assert "86" in ask(library, "汛前排查了多少座水库？", settings).answer


def test_server_down_is_a_clear_message(tmp_path):
    settings = make_settings(tmp_path / "home", chroma_url="http://127.0.0.1:9")
    out = run_jiyao(settings.home, "ingest", str(SAMPLE), env={"JIYAO_CHROMA_URL": "http://127.0.0.1:9"})
    assert out.returncode == 2 and "Chroma server" in out.stderr and len(out.stderr.strip().splitlines()) == 1
