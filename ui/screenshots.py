"""Screenshots of every tab for the README: python -m ui.screenshots [OUT_DIR] (needs chromium and
a CJK font, e.g. Debian's fonts-noto-cjk). Runs the app on a temporary copy of the sample store."""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from agent.service import Jiyao
from agent.settings import Settings

from . import browser
from .app import launch


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    agent = Jiyao(Settings(home=Path(tempfile.mkdtemp(prefix="jiyao-shots-"))))
    agent.ensure_corpus()
    port = browser.free_port()
    launch(agent, "127.0.0.1", port, block=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = browser.launch(p)
        page = b.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"http://127.0.0.1:{port}/")
        page.fill("#jy-question textarea", "2020年全国发生了多少起事故？")
        page.click("#jy-ask")
        page.wait_for_selector("#jy-chat :text('3.8')", timeout=60000)
        page.click("#jy-citations label >> nth=0")
        page.wait_for_selector("#jy-source mark.jy-cited")
        page.screenshot(path=str(out / "qa.png"), full_page=True)
        page.click("button[role=tab]:has-text('纪要与简报')")
        page.click("#jy-brief")  # 会议纪要 is the default
        page.wait_for_selector("#jy-brief-md h3", timeout=60000)
        page.screenshot(path=str(out / "minutes.png"), full_page=False)
        page.click("#jy-brief-sector input")
        page.click("ul[role=listbox] li:has-text('矿山')")
        page.click("#jy-brief")
        page.wait_for_selector("#jy-brief-md h2", timeout=60000)
        page.screenshot(path=str(out / "briefing.png"), full_page=True)
        page.click("button[role=tab]:has-text('纠错引文')")
        page.fill("#jy-quote-in textarea", "现在我们请刘村长副总理作了重要讲话，呢，要加强两科一分车辆的监管")
        page.click("#jy-quote")
        page.wait_for_selector("#jy-after .highlighted")
        page.screenshot(path=str(out / "quote.png"), full_page=True)
        page.click("button[role=tab]:has-text('文档')")
        page.wait_for_timeout(2000)  # the table is filled on load
        page.screenshot(path=str(out / "documents.png"), full_page=True)
        page.click("button[role=tab]:has-text('评测')")
        page.click("#jy-eval")
        page.wait_for_selector("#jy-eval-md table", timeout=300000)
        page.screenshot(path=str(out / "evaluation.png"), full_page=False)
        b.close()
    print(f"screenshots in {out}")


if __name__ == "__main__":
    main()
