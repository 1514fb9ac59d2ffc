"""Headless Chromium from the system package (Debian's chromium), driven by Playwright's Python
package: no browser download, and the flags that keep it off the network."""
from __future__ import annotations

import os
import shutil
import socket

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    return os.environ.get("JIYAO_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def launch(playwright):
    path = chromium_path()
    if not path:
        raise RuntimeError("no chromium: install Debian's package (apt-get install -y chromium) or set JIYAO_CHROMIUM")
    return playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
