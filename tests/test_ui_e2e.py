"""The app in a real browser (Debian's chromium, driven by Playwright) and through gradio_client."""
import os
import shutil

import pytest

from agent.service import Jiyao

from .conftest import make_settings

gr = pytest.importorskip("gradio")

from ui import browser  # noqa: E402
from ui.app import launch  # noqa: E402

if not browser.chromium_path():
    if os.environ.get("JIYAO_REQUIRE_BROWSER"):
        raise RuntimeError("JIYAO_REQUIRE_BROWSER is set but no chromium is installed")
    pytest.skip("no chromium on this machine (CI installs it)", allow_module_level=True)


@pytest.fixture(scope="module")
def server(sample_home, tmp_path_factory):
    home = tmp_path_factory.mktemp("e2e") / "home"
    shutil.copytree(sample_home, home)
    port = browser.free_port()
    app = launch(Jiyao(make_settings(home)), "127.0.0.1", port, block=False)
    yield f"http://127.0.0.1:{port}/"
    app.close()


def test_ask_open_citation_and_quote_in_chromium(server, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = browser.launch(p)
        page = b.new_page()
        page.goto(server)
        assert "全部会议" in page.input_value("#jy-ask-doc input")  # the meeting picker, all by default
        page.fill("#jy-question textarea", "2020年全国发生了多少起事故？")
        page.click("#jy-ask")
        page.wait_for_selector("#jy-chat :text('3.8')", timeout=60000)
        assert "离线抽取模式" in page.inner_text("#jy-badge")
        page.click("#jy-citations label >> nth=0")
        mark = page.wait_for_selector("#jy-source mark.jy-cited", timeout=20000)
        assert "3.8 万起" in mark.inner_text()
        page.click("button[role=tab]:has-text('纪要与简报')")
        assert page.input_value("#jy-brief-sector input") == "会议纪要"  # minutes by default, for any meeting
        page.click("#jy-brief")
        topic = page.wait_for_selector("#jy-brief-md h3", timeout=60000)
        assert topic.inner_text().startswith("1. ")
        link = page.wait_for_selector("#jy-brief-files a[download='会议纪要.docx']", timeout=20000)
        assert page.query_selector("#jy-brief-files a[download='会议纪要.md']")  # both downloads offered
        with page.expect_download() as got:
            link.click()
        from docx import Document as Word

        headings = [p.text for p in Word(got.value.path()).paragraphs if p.style.name.startswith("Heading")]
        assert "概要" in headings and "议题" in headings and "注释" in headings
        page.click("button[role=tab]:has-text('纠错引文')")
        page.fill("#jy-quote-in textarea", "现在我们请刘村长副总理作了重要讲话")
        page.click("#jy-quote")
        changed = page.wait_for_selector("#jy-after .highlighted", timeout=30000)
        assert "刘鹤" in changed.inner_text()
        page.screenshot(path=str(tmp_path / "quote.png"))
        b.close()


def test_named_api_endpoints(server):
    from gradio_client import Client

    client = Client(server, verbose=False)
    answer = client.predict("2020年全国发生了多少起事故？", "extractive", api_name="/ask")
    assert answer["answerable"] and answer["citations"][0]["speaker"] == "黄明"
    quoted = client.predict("尊敬的有货副总理", "verbatim", "auto", api_name="/quote")
    assert quoted["corrected"] == "尊敬的刘鹤副总理"
    brief = client.predict("矿山", "", "extractive", api_name="/summarize")
    assert brief["bullets"] and brief["markdown"].startswith("## 矿山")
    notes = client.predict("会议纪要", "", "extractive", api_name="/summarize")
    assert notes["overview"]["citations"] and notes["topics"] and notes["markdown"].startswith("# 会议纪要")


def test_a_three_turn_chat_shows_what_each_follow_up_was_taken_to_mean(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = browser.launch(p)
        page = b.new_page()
        page.goto(server)

        def ask(question: str, expected: str) -> str:
            page.fill("#jy-question textarea", question)
            page.click("#jy-ask")
            page.wait_for_selector(f"#jy-chat :text('{expected}')", timeout=60000)
            return page.inner_text("#jy-chat")

        ask("黄明部长建议重点做好哪几个方面的工作？", "一是")
        shown = ask("第二个呢？", "二是着力推动安全责任")
        assert "理解为：黄明讲的第二个方面是什么？" in shown
        shown = ask("具体包括哪些？", "安全职责清单")
        assert shown.count("理解为：") == 2
        page.click("#jy-citations label >> nth=0")
        mark = page.wait_for_selector("#jy-source mark.jy-cited", timeout=20000)
        assert "安全职责清单" in mark.inner_text()  # the citation of the third turn
        page.click("#jy-new-chat")
        page.wait_for_function("() => !document.querySelector('#jy-chat').innerText.includes('理解为')", timeout=20000)
        # The chat's own bin forgets the conversation too: the same words are then a question of their own.
        ask("2020年全国一共发生了多少起生产安全事故？", "3.8")
        page.click("#jy-chat button[aria-label='Clear']")
        page.wait_for_function("() => !document.querySelector('#jy-chat').innerText.includes('3.8')", timeout=20000)
        shown = ask("其中重大事故呢？", "重大")
        assert "理解为" not in shown
        b.close()


def test_the_named_ask_api_takes_a_history(server):
    from gradio_client import Client

    client = Client(server, verbose=False)
    first = client.predict("2020年全国一共发生了多少起生产安全事故？", "extractive", "", [], api_name="/ask")
    second = client.predict("其中重大事故呢？", "extractive", "", [first], api_name="/ask")
    assert second["understood"] == "2020年全国一共发生了多少起重大事故？" and "16 起" in second["answer"]
