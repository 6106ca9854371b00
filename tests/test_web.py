"""The served app, through HTTP and in headless Chromium (Debian's /usr/bin/chromium via Playwright).

Screenshots are written to tests/artifacts/browser/.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from assistant.pipeline import Assistant
from assistant.ui import create_app
from assistant.runner import free_loopback_port as free_port
from conftest import HA_GIANG, SEEDS

pytestmark = pytest.mark.slow
ARTIFACTS = Path(__file__).resolve().parent / "artifacts" / "browser"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]


def start_app(assistant: Assistant, own_store: bool = False, host: str = "127.0.0.1", **overrides) -> str:
    """Serve the app on a free port; ``own_store``: with a store of its own (for tests that change the corpus)."""
    import uvicorn

    port = free_port()
    settings = assistant.settings.model_copy(update={"port": port, **overrides})
    bot = Assistant(settings, store=None if own_store else assistant.store, embedder=assistant.embedder,
                    generator=assistant.generator, progress=lambda m: None)
    server = uvicorn.Server(uvicorn.Config(create_app(assistant=bot), host=host, port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    for _ in range(100):
        if server.started:
            return f"http://127.0.0.1:{port}"
        time.sleep(0.1)
    raise RuntimeError("the app did not start")


def docx_article(path: Path) -> Path:
    """A small Word article about a province the seeds do not cover."""
    import docx

    document = docx.Document()
    document.add_heading("Cà Mau đón 15 dự án FDI mới trong năm 2023", level=1)
    document.add_paragraph("25/11/2023")
    document.add_paragraph(
        "Năm 2023, tỉnh Cà Mau đã cấp giấy chứng nhận đăng ký đầu tư cho 15 dự án FDI mới với tổng vốn đăng ký "
        "312,5 triệu USD, tăng 18,4% so với năm 2022. Nhà đầu tư chủ yếu đến từ Hàn Quốc, Nhật Bản và Singapore.")
    document.add_paragraph(
        "Lũy kế đến nay, trên địa bàn tỉnh có 42 dự án FDI còn hiệu lực. Sở Ngoại vụ cho biết tỉnh sẽ tiếp tục "
        "cải thiện môi trường đầu tư và đẩy mạnh xúc tiến đầu tư tại các thị trường trọng điểm.")
    document.save(path)
    return path


def lan_address() -> str | None:
    """This machine's address on its network, to visit the app as a non-loopback visitor (None: no network)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # UDP connect sends nothing: it only picks the outgoing interface
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


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


def answer_bubbles(page):
    return page.locator("#chat .message-row, #chat .message").filter(has_text="[1]")


def test_chat_page_shows_a_cited_answer_with_a_source_card(browser, app_url):
    page = browser.new_page(viewport={"width": 1200, "height": 1100})
    page.goto(app_url, wait_until="load")
    ask_in_chat(page, "Bắc Giang hiện có bao nhiêu dự án FDI?")
    card = page.locator("#chat .source-card").first
    card.wait_for(timeout=120_000)
    assert "484 dự án FDI [1]" in page.locator("#chat").inner_text()
    assert card.locator("blockquote mark").inner_text() == "484 dự án FDI"
    assert "Đối ngoại Bắc Giang" in card.inner_text() and "002_758ba71a20a2b5c5" not in card.inner_text()
    card.locator("summary").click()
    assert "484 dự án FDI" in card.locator(".article mark.cited").inner_text()
    page.screenshot(path=str(ARTIFACTS / "chat.png"), full_page=True)
    page.get_by_role("tab", name="Số liệu").click()
    table = page.locator("#figures")
    page.get_by_label("Tìm", exact=True).fill("484")
    assert eventually(lambda: "484 dự án FDI" in table.inner_text())
    page.get_by_label("Tìm", exact=True).fill("thỏa thuận")
    assert eventually(lambda: "66 thỏa thuận" in table.inner_text() and "484 dự án FDI" not in table.inner_text())
    page.get_by_label("Tìm", exact=True).fill("USD")
    assert eventually(lambda: "triệu USD" in table.inner_text() and "13,02%" not in table.inner_text())
    assert "số liệu" in page.locator("#figure-count").inner_text()
    page.screenshot(path=str(ARTIFACTS / "figures.png"), full_page=True)
    page.close()


@pytest.mark.parametrize("question", ["Kim ngạch nhập khẩu của Hòa Bình năm 2021 là bao nhiêu?",
                                      "Năm 2022 Hà Giang ký mới bao nhiêu thỏa thuận quốc tế?"])
def test_no_number_is_ever_on_screen_that_the_checked_answer_does_not_hold(browser, app_url, question):
    """Watched every 50 ms from Enter to the final answer: the model's unchecked draft never shows."""
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(app_url, wait_until="load")
    page.locator("#question textarea").fill(question)
    started = time.monotonic()
    page.locator("#question textarea").press("Enter")
    seen, first_shown, first_answer = set(), None, None
    while time.monotonic() - started < 120:
        text = page.locator("#chat").inner_text()
        answers = " ".join(page.locator('#chat [data-testid="bot"]').all_inner_texts())
        if first_shown is None and question in text:
            first_shown = time.monotonic() - started
        if first_answer is None and "[1]" in answers:
            first_answer = time.monotonic() - started
        seen |= set(re.findall(r"\d+(?:[.,]\d+)*", answers))
        if page.locator("#send").is_visible() and "[1]" in text:
            break
        time.sleep(0.05)
    final = " ".join(page.locator('#chat [data-testid="bot"]').all_inner_texts())
    assert seen <= set(re.findall(r"\d+(?:[.,]\d+)*", final)), "a number was shown that the checked answer lacks"
    assert first_shown is not None and first_shown <= 1.0 and first_answer is not None
    page.close()


def test_waiting_stop_queueing_clearing_and_reload(browser, app_url):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(app_url, wait_until="load")
    box = page.locator("#question textarea")
    box.fill("Bắc Giang hiện có bao nhiêu dự án FDI?")
    box.press("Enter")
    page.get_by_text("Đang tìm trong các bài viết").or_(page.locator("#chat .source-card")).first.wait_for()
    box.fill("Còn Hưng Yên thì sao?")  # typed and sent while the first answer is written: queued, not dropped
    box.press("Enter")
    assert eventually(lambda: page.locator("#chat .source-card").count() >= 2, 120)
    chat = page.locator("#chat").inner_text()
    assert "484 dự án FDI" in chat and "496" in chat
    assert page.locator("#chat .source-card").first.get_attribute("id") != \
        page.locator("#chat .source-card").last.get_attribute("id"), "each answer keeps its own cards"

    assert eventually(lambda: page.locator("#send").is_visible(), 60)  # both answers are final
    page.reload(wait_until="load")  # the conversation survives a reload
    assert eventually(lambda: "496" in page.locator("#chat").inner_text(), 30)

    box.fill("Năm 2021 Hòa Bình có bao nhiêu dự án NGOs?")
    box.press("Enter")
    page.locator("#stop").wait_for()
    page.keyboard.press("Escape")  # Esc stops the answer being written
    assert eventually(lambda: page.locator("#send").is_visible(), 10)
    assert "Đang tìm" not in page.locator("#chat").inner_text()

    page.locator("#new-conversation").click()
    assert eventually(lambda: page.locator("#chat .source-card").count() == 0)
    page.reload(wait_until="load")
    time.sleep(2)
    assert "484" not in page.locator("#chat").inner_text(), "a new conversation forgets the old one, reload too"
    page.close()


def test_feedback_is_recorded_with_an_optional_comment(browser, app_url, assistant):
    from assistant.feedback import feedback_path

    path = feedback_path(assistant.settings.store_dir)
    before = len(path.read_text("utf-8").splitlines()) if path.exists() else 0
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(app_url, wait_until="load")
    page.locator("#new-conversation").click()  # at once after load: must neither hang nor eat the question
    ask_in_chat(page, "Bắc Giang hiện có bao nhiêu dự án FDI?")
    page.locator("#chat .source-card").first.wait_for(timeout=120_000)
    assert eventually(lambda: page.locator("#send").is_visible(), 60)
    page.get_by_role("button", name="Dislike").last.click()
    page.locator("#comment textarea").fill("Thiếu số liệu năm 2021")
    page.get_by_role("button", name="Gửi góp ý").click()
    assert eventually(lambda: path.exists() and len(path.read_text("utf-8").splitlines()) == before + 2)
    verdict, remark = [json.loads(line) for line in path.read_text("utf-8").splitlines()[before:]]
    assert verdict["liked"] is False and "484 dự án FDI" in verdict["answer"]
    assert remark["comment"] == "Thiếu số liệu năm 2021" and remark["question_id"] == verdict["question_id"]
    assert "Bắc Giang" not in json.dumps(verdict), "the question itself is not stored"
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", [(1366, 900), (390, 844)])
def test_page_is_readable_in_light_and_dark_at_desktop_and_phone_width(browser, app_url, scheme, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, color_scheme=scheme)
    page = context.new_page()
    page.goto(app_url, wait_until="load")
    ask_in_chat(page, "Năm 2022 Hà Giang ký mới bao nhiêu thỏa thuận quốc tế?")
    card = page.locator("#chat .source-card").first
    card.wait_for(timeout=120_000)
    assert page.evaluate("document.documentElement.lang") == "vi"
    assert page.get_by_role("textbox", name="Câu hỏi").count() == 1
    for element in (card, page.locator("#send")):
        assert contrast(page, element) >= 4.5
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= size[0] + 1, "nothing runs off the side of the screen"
    card.scroll_into_view_if_needed()
    assert card.is_visible()
    page.screenshot(path=str(ARTIFACTS / f"chat-{'phone' if size[0] < 500 else 'desktop'}-{scheme}.png"))
    context.close()


def contrast(page, element) -> float:
    """WCAG contrast ratio of an element's text colour against its nearest opaque background."""
    return element.evaluate("""(el) => {
      const rgb = (c) => c.match(/[\\d.]+/g).map(Number);
      const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
                                          .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
      let node = el, bg = null;
      while (node && !bg) { const c = getComputedStyle(node).backgroundColor; const v = rgb(c);
        if (v.length < 4 || v[3] > 0.9) { if (!(v.length === 4 && v[3] === 0)) bg = v; } node = node.parentElement; }
      bg = bg || [255, 255, 255];
      const fg = rgb(getComputedStyle(el).color);
      const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
      return (a + 0.05) / (b + 0.05);
    }""")


def test_markup_typed_as_a_question_is_shown_as_text(browser, app_url):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(app_url, wait_until="load")
    ask_in_chat(page, "<script>window.injected = 1</script><b>Bắc Giang</b> có bao nhiêu dự án FDI?")
    page.locator("#chat .source-card").first.wait_for(timeout=120_000)
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

    result = Client(app_url, verbose=False).predict("Năm 2022 Hà Giang ký mới bao nhiêu thỏa thuận quốc tế?", [],
                                                      api_name="/ask")
    answer = result[0][-1]["content"][0]["text"]
    assert "12 thỏa thuận" in answer and "source-card" in answer


@pytest.fixture(scope="module")
def library_app(assistant, tmp_path_factory) -> str:
    """An app on its own store, seeded with one article and open to the network (uploads: loopback only)."""
    import shutil

    seeds = tmp_path_factory.mktemp("one-seed")
    shutil.copy(SEEDS / f"{HA_GIANG}.txt", seeds)
    return start_app(assistant, own_store=True, host="0.0.0.0", seeds_dir=seeds,
                     store_dir=tmp_path_factory.mktemp("library-store"), collection="web-library")


def test_an_editor_uploads_a_docx_sees_it_listed_and_gets_its_figure_cited(browser, library_app, tmp_path):
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    page.goto(library_app, wait_until="load")
    assert eventually(lambda: "1 bài viết" in page.locator("#welcome").inner_text(), 30)
    page.get_by_role("tab", name="Bài viết").click()
    page.locator("#upload input[type=file]").set_input_files(str(docx_article(tmp_path / "ca-mau.docx")))
    page.locator("#add-articles").click()
    page.locator("#edit-status li").first.wait_for(timeout=120_000)
    assert "Đã thêm ca-mau.docx" in page.locator("#edit-status").inner_text()
    assert eventually(lambda: "Cà Mau đón 15 dự án FDI" in page.locator("#article-list").inner_text())
    assert "2 bài viết" in page.locator("#welcome").inner_text() and "Cà Mau" in page.locator("#welcome").inner_text()
    page.locator("#article-list details").first.click()
    assert "312,5 triệu USD" in page.locator("#article-list details mark").all_inner_texts()
    page.screenshot(path=str(ARTIFACTS / "articles.png"), full_page=True)

    page.get_by_role("tab", name="Hỏi đáp").click()
    ask_in_chat(page, "Năm 2023 Cà Mau có bao nhiêu dự án FDI mới?")
    card = page.locator("#chat .source-card").first
    card.wait_for(timeout=120_000)
    assert "15 dự án FDI" in page.locator("#chat").inner_text()
    assert "Cà Mau đón 15 dự án FDI" in card.inner_text()

    page.get_by_role("tab", name="Bài viết").click()
    page.locator("#remove-choice input").click()
    page.get_by_role("option").filter(has_text="Cà Mau").first.click()
    page.locator("#remove").click()
    page.locator("#confirm-remove").click()
    page.get_by_text("Đã xóa bài viết").wait_for(timeout=60_000)
    assert "Cà Mau" not in page.locator("#article-list").inner_text()
    page.close()


def test_a_visitor_from_another_machine_cannot_upload(browser, library_app, tmp_path):
    address = lan_address()
    if address is None:
        pytest.skip("this machine has no network interface besides loopback")
    remote = library_app.replace("127.0.0.1", address)
    page = browser.new_page()
    page.goto(remote, wait_until="load")
    assert eventually(lambda: "bài viết" in page.locator("#welcome").inner_text(), 30)
    page.get_by_role("tab", name="Bài viết").click()
    assert eventually(lambda: "Hà Giang" in page.locator("#article-list").inner_text())
    assert page.locator("#upload").count() == 0 or not page.locator("#upload").is_visible()
    page.close()
    upload = urllib.request.Request(f"{remote}/gradio_api/upload", data=b"--x--\r\n", method="POST",
                                    headers={"Content-Type": "multipart/form-data; boundary=x"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(upload, timeout=10)
    assert refused.value.code == 403
