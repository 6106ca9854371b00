"""The served app, through HTTP and in headless Chromium (Debian's /usr/bin/chromium via Playwright).

Screenshots are written to tests/artifacts/browser/.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from assistant.pipeline import Assistant
from assistant.ui import create_app
from assistant.runner import free_loopback_port as free_port

pytestmark = pytest.mark.slow
ARTIFACTS = Path(__file__).resolve().parent / "artifacts" / "browser"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]


def start_app(assistant: Assistant, **overrides) -> str:
    import uvicorn

    port = free_port()
    settings = assistant.settings.model_copy(update={"port": port, **overrides})
    bot = Assistant(settings, store=assistant.store, embedder=assistant.embedder, generator=assistant.generator,
                    progress=lambda m: None)
    server = uvicorn.Server(uvicorn.Config(create_app(assistant=bot), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    for _ in range(100):
        if server.started:
            return f"http://127.0.0.1:{port}"
        time.sleep(0.1)
    raise RuntimeError("the app did not start")


@pytest.fixture(scope="module")
def static_site() -> str:
    port = free_port()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(EXAMPLES))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()


@pytest.fixture(scope="module")
def app_url(assistant, static_site) -> str:
    return start_app(assistant, allowed_origins=[static_site])


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def post(url: str, body: dict, auth: str | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(url, json.dumps(body).encode(), {"Content-Type": "application/json"})
    if auth:
        request.add_header("Authorization", auth)
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"{}")


def eventually(condition, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def ask_in_chat(page, question: str) -> None:
    page.locator("#question textarea").fill(question)
    page.locator("#send").click()


def test_json_api_answers_with_citations(app_url):
    status, body = post(f"{app_url}/api/ask", {"question": "Bắc Giang hiện có bao nhiêu dự án FDI?"})
    assert status == 200 and "484" in body["answer"] and not body["abstained"]
    assert body["citations"][0]["doc"] == "002_758ba71a20a2b5c5"
    status, body = post(f"{app_url}/api/ask", {"question": "Còn Hưng Yên thì sao?", "history": [
        {"role": "user", "content": "Bắc Giang hiện có bao nhiêu dự án FDI?"}, {"role": "assistant", "content": "484"}]})
    assert "496" in body["answer"]
    assert post(f"{app_url}/api/ask", {"question": "   "})[0] == 400


def test_no_file_outside_the_app_can_be_fetched(app_url):
    for path in ("/gradio_api/file=/etc/passwd", "/file=/etc/passwd", "/gradio_api/file=seeds/../pyproject.toml"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(app_url + path, timeout=10)
        assert refused.value.code in (403, 404)


def test_login_is_required_when_configured(assistant):
    url = start_app(assistant, auth_username="sngv", auth_password="mat-khau")
    assert post(f"{url}/api/ask", {"question": "Bắc Giang có bao nhiêu dự án FDI?"})[0] == 401
    import base64

    token = "Basic " + base64.b64encode(b"sngv:mat-khau").decode()
    assert post(f"{url}/api/ask", {"question": "Bắc Giang có bao nhiêu dự án FDI?"}, token)[0] == 200


def test_chat_page_shows_a_cited_answer_with_a_source_card(browser, app_url):
    page = browser.new_page(viewport={"width": 1200, "height": 1100})
    page.goto(app_url, wait_until="load")
    ask_in_chat(page, "Bắc Giang hiện có bao nhiêu dự án FDI?")
    card = page.locator("#sources .source-card").first
    card.wait_for(timeout=120_000)
    assert "484 dự án FDI [1]" in page.locator("#chat").inner_text()
    assert card.locator("mark").inner_text() == "484 dự án FDI"
    assert "Đối ngoại Bắc Giang" in card.inner_text()
    card.locator("summary").click()
    assert "Lũy kế đến nay" in card.locator(".article").inner_text()
    page.screenshot(path=str(ARTIFACTS / "chat.png"), full_page=True)
    page.get_by_role("tab", name="Số liệu").click()
    table = page.locator("#figures")
    page.get_by_label("Tìm").fill("484")
    assert eventually(lambda: "484 dự án FDI" in table.inner_text())
    page.get_by_label("Tìm").fill("thỏa thuận")
    assert eventually(lambda: "66 thỏa thuận" in table.inner_text() and "484 dự án FDI" not in table.inner_text())
    page.screenshot(path=str(ARTIFACTS / "figures.png"), full_page=True)
    page.close()


def test_markup_typed_as_a_question_is_shown_as_text(browser, app_url):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(app_url, wait_until="load")
    ask_in_chat(page, "<script>window.injected = 1</script><b>Bắc Giang</b> có bao nhiêu dự án FDI?")
    page.locator("#sources .source-card").first.wait_for(timeout=120_000)
    chat = page.locator("#chat")
    assert "<script>window.injected = 1</script><b>Bắc Giang</b>" in chat.inner_text()
    assert chat.locator("script").count() == 0 and chat.locator("b").count() == 0
    assert page.evaluate("window.injected") is None
    page.screenshot(path=str(ARTIFACTS / "markup-as-text.png"), full_page=True)
    page.close()


def test_intranet_page_embeds_the_assistant(browser, app_url, static_site):
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    page.goto(f"{static_site}/intranet.html?assistant={app_url}", wait_until="load")
    page.locator("#fa-question").fill("Năm 2022 Hà Giang ký mới bao nhiêu thỏa thuận quốc tế?")
    page.locator("#fa-form button").click()
    page.locator(".fa-source").first.wait_for(timeout=120_000)
    assert "12" in page.locator("#fa-answer").inner_text()
    assert "Tăng cường đối ngoại" in page.locator(".fa-source").first.inner_text()
    page.screenshot(path=str(ARTIFACTS / "intranet.png"), full_page=True)
    page.close()


def test_gradio_api_is_usable_from_gradio_client(app_url):
    from gradio_client import Client

    chat, _, cards = Client(app_url, verbose=False).predict(
        "Năm 2022 Hà Giang ký mới bao nhiêu thỏa thuận quốc tế?", [], api_name="/ask")
    assert "12 thỏa thuận" in chat[-1]["content"][0]["text"] and "source-card" in cards
