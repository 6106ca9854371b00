"""Serve: the Gradio chat page and a JSON API, in one FastAPI app.

* ``/`` — the page (Vietnamese). "Hỏi đáp": the question shows at once with a waiting line,
  then only the checked answer (never the model's unchecked draft), with its sources as cards
  (title, province, date, the quoted sentence with the figure highlighted, the whole cleaned
  article behind a click). "Bài viết": the indexed articles with search and filters, each
  opening its cleaned text with its figures marked; editors add files or pasted text and
  remove articles. "Số liệu": every figure, filterable. The welcome line, the example
  questions and the filters are read from the index, so they follow each added or removed article.
* ``POST /api/ask`` — ``{question, history}`` → ``{answer, citations, abstained}`` for intranet pages.

All text from users and articles is HTML-escaped before it is shown: a question or an article
can never inject markup. Uploads are read into memory and their temporary copies deleted at
once; the app never serves a file back.
"""

from __future__ import annotations

import html
import ipaddress
import secrets
from pathlib import Path
from typing import Iterator

import gradio as gr
from pydantic import BaseModel, Field

from .formats import MAX_FILE_BYTES, SUFFIXES
from .index import StoreError
from .library import Listed
from .pipeline import Answer, Assistant, Busy, QuestionError
from .settings import Settings
from .text import fold


class Turn(BaseModel):
    role: str
    content: str


class AskRequest(BaseModel):
    """Body of ``POST /api/ask``."""

    question: str
    history: list[Turn] = Field(default_factory=list)

KIND_LABELS = {"count": "số lượng", "money": "giá trị tiền", "percent": "tỷ lệ", "weight": "khối lượng",
               "area": "diện tích", "length": "chiều dài", "rank": "thứ hạng"}
ALL = "Tất cả"
ARTICLES_SHOWN = 50  # the list renders every shown article's text: past this, filters narrow it
CSS = """
.source-card {border: 1px solid #d0d7de; border-radius: 8px; padding: 10px 12px; margin: 8px 0; background: #f8fafc}
.source-card .meta, .article-card .meta {color: #57606a; font-size: 0.85em}
.source-card mark, .article-card mark {background: #ffe58f; color: #1f2328; padding: 0 2px}
.source-card details {margin-top: 6px}
.source-card .article, .article-card .article {white-space: pre-wrap; max-height: 320px; overflow-y: auto; font-size: 0.9em}
.article-card {border-bottom: 1px solid #d0d7de; padding: 6px 0}
.article-card summary {cursor: pointer}
.abstained {border-left: 4px solid #d4a72c; padding-left: 8px}
.refused {color: #b42318}
"""


def source_cards(answer: Answer, assistant: Assistant) -> str:
    """HTML cards for the citations of ``answer``; every piece of text is escaped."""
    if answer.abstained:
        return f'<div class="abstained">⚠️ {html.escape(answer.text)}</div>'
    cards = []
    for c in answer.citations:
        info = assistant.store.articles.get(c.doc)
        sentence = html.escape(c.sentence)
        if answer.figure and html.escape(answer.figure) in sentence:
            sentence = sentence.replace(html.escape(answer.figure), f"<mark>{html.escape(answer.figure)}</mark>", 1)
        meta = " · ".join(html.escape(v) for v in (c.province, info.date if info else "", info.outlet if info else "",
                                                   c.doc) if v)
        article = html.escape(info.text) if info else ""
        cards.append(
            f'<div class="source-card"><b>[{c.n}] {html.escape(c.title)}</b>'
            f'<div class="meta">{meta}</div><blockquote>“{sentence}”</blockquote>'
            f'<details><summary>Xem toàn văn bài viết</summary><div class="article">{article}</div></details></div>')
    return "".join(cards)


def shown(text: str) -> str:
    """Chat text as the chatbot should display it: markup characters escaped, markdown kept."""
    return html.escape(text, quote=False)


def highlighted(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` escaped, with each (start, end) span marked."""
    pieces, cursor = [], 0
    for start, end in sorted(spans):
        if start < cursor:
            continue
        pieces += [html.escape(text[cursor:start]), f"<mark>{html.escape(text[start:end])}</mark>"]
        cursor = end
    return "".join(pieces) + html.escape(text[cursor:])


def article_cards(assistant: Assistant, listed: list[Listed]) -> str:
    """Each article as a collapsed card: title and metadata, then its cleaned text with its figures marked."""
    if not listed:
        return "<p>Không có bài viết nào khớp với bộ lọc.</p>"
    figures: dict[str, list[tuple[int, int]]] = {}
    for f in assistant.figures():
        figures.setdefault(f.doc, []).append((f.start, f.start + len(f.text)))
    cards = []
    for a in listed[:ARTICLES_SHOWN]:
        info = assistant.store.articles.get(a.id)
        origin = f"thêm lúc {a.added_at[:16].replace('T', ' ')}" if a.added_at else "bài viết ban đầu"
        meta = " · ".join(html.escape(v) for v in (a.province, a.date, a.outlet, a.source, f"{a.figures} số liệu",
                                                   origin, f"mã {a.id}") if v)
        text = highlighted(info.text, figures.get(a.id, [])) if info else ""
        cards.append(f'<details class="article-card"><summary><b>{html.escape(a.title)}</b>'
                     f'<div class="meta">{meta}</div></summary><div class="article">{text}</div></details>')
    more = len(listed) - ARTICLES_SHOWN
    note = f"<p>… và {more} bài viết khác: dùng bộ lọc để thu hẹp.</p>" if more > 0 else ""
    return "".join(cards) + note


def year_of(date: str) -> str:
    return date[-4:] if date[-4:].isdigit() else ""


def filter_articles(listed: list[Listed], needle: str, province: str, year: str, outlet: str) -> list[Listed]:
    needle = fold(needle.strip())
    return [a for a in listed
            if (not needle or needle in fold(" ".join((a.title, a.province, a.outlet, a.source, a.id))))
            and province in (ALL, None, a.province) and year in (ALL, None, year_of(a.date))
            and outlet in (ALL, None, a.outlet)]


def figure_rows(assistant: Assistant, province: str = ALL, needle: str = "") -> list[list[str]]:
    """The "Số liệu" table: the search looks at the figure, its unit, kind, period and article,
    not at the whole sentence (searching "USD" finds amounts in USD, not percentages beside them)."""
    needle = fold(needle.strip())
    rows = []
    for f in assistant.figures():
        info = assistant.store.articles.get(f.doc)
        title = info.title if info else f.doc
        row = [f.text, KIND_LABELS.get(f.kind, f.kind), f.period, f.province, title, f.sentence]
        if province in (ALL, None, f.province) and (not needle or needle in fold(" ".join(row[:5]))):
            rows.append(row)
    return rows


def choices(values) -> list[str]:
    return [ALL] + sorted({v for v in values if v})


def build(assistant: Assistant, may_edit):
    """The page. ``may_edit(request)`` says whether a visitor may add and remove articles."""
    def page_state(request: gr.Request):
        """Everything derived from the index, read when a page opens and after each change."""
        overview = assistant.overview()
        listed = assistant.listing()
        figures = figure_rows(assistant)
        editor = may_edit(request)
        return (f"# Trợ lý thông tin đối ngoại\n{overview.welcome()} Câu trả lời chỉ dựa trên các bài viết "
                "và trích dẫn nguồn [1], [2].",
                gr.Dataset(samples=[[q] for q in overview.examples]),
                listed, article_cards(assistant, listed), articles_summary(listed, len(listed)),
                gr.Dropdown(choices([a.province for a in listed]), value=ALL),
                gr.Dropdown(choices([year_of(a.date) for a in listed]), value=ALL),
                gr.Dropdown(choices([a.outlet for a in listed]), value=ALL),
                gr.Dropdown(choices=[(f"{a.title[:80]} ({a.id})", a.id) for a in listed], value=None),
                gr.Group(visible=editor),
                figures, f"{len(figures)} số liệu", gr.Dropdown(choices(f.province for f in assistant.figures()),
                                                                value=ALL))

    def articles_summary(listed: list[Listed], total: int) -> str:
        provinces = len({a.province for a in listed if a.province})
        shown_part = f"{len(listed)}/{total}" if len(listed) != total else str(total)
        return f"**{shown_part} bài viết** · {provinces} tỉnh, thành phố"

    def respond(message: str, chat: list[dict], turns: list[dict]) -> Iterator[tuple]:
        chat = chat + [{"role": "user", "content": shown(message)}]
        # The model's draft is never shown: only the answer whose figures passed the check appears.
        yield chat + [{"role": "assistant", "content": "⏳ Đang tìm trong các bài viết…"}], "", turns, ""
        try:
            for part in assistant.stream(message, turns):
                answer = part
        except (QuestionError, Busy) as err:
            yield chat + [{"role": "assistant", "content": shown(str(err))}], "", turns, ""
            return
        prefix = "⚠️ " if answer.abstained else ""
        turns = turns + [{"role": "user", "content": message}, {"role": "assistant", "content": answer.text}]
        yield (chat + [{"role": "assistant", "content": prefix + shown(answer.text)}], "", turns,
               source_cards(answer, assistant))

    def show_articles(listed, needle, province, year, outlet):
        kept = filter_articles(listed, needle, province, year, outlet)
        return article_cards(assistant, kept), articles_summary(kept, len(listed))

    def add_articles(paths, title, province, date, outlet, paste_title, paste_text, request: gr.Request,
                     progress=gr.Progress()):
        if not may_edit(request):
            raise gr.Error("Chỉ biên tập viên đã đăng nhập mới thêm được bài viết.")
        files = []
        for path in paths or []:
            upload = Path(path)
            files.append((upload.name, upload.read_bytes()))
            upload.unlink(missing_ok=True)  # read into memory; the upload is not kept where it could be served
        if paste_text and paste_text.strip():
            name = (paste_title or "van-ban-dan").strip()[:80] + ".txt"
            files.append((name, f"{paste_title.strip()}\n\n{paste_text}".strip().encode()))
        if not files:
            return "Chưa chọn tệp hoặc dán văn bản nào.", *page_state(request)
        overrides = {"title": title, "province": province, "date": date, "outlet": outlet}
        if len(files) > 1:
            overrides.pop("title")  # a title names one article
        try:
            added, refused = assistant.add(files, overrides, progress=lambda message: progress(None, desc=message))
        except (ValueError, StoreError) as err:
            return f'<p class="refused">Không thêm được: {html.escape(str(err))}</p>', *page_state(request)
        lines = [f"<li>Đã thêm {html.escape(a.source)}: “{html.escape(a.title)}” ({html.escape(a.province or '?')}, "
                 f"{html.escape(a.date or 'chưa rõ ngày')}), mã {html.escape(a.id)}</li>" for a in added]
        lines += [f'<li class="refused">Không thêm {html.escape(r.source)}: {html.escape(r.reason)}</li>'
                  for r in refused]
        return f"<ul>{''.join(lines)}</ul>", *page_state(request)

    def remove_article(article_id, request: gr.Request, progress=gr.Progress()):
        if not may_edit(request):
            raise gr.Error("Chỉ biên tập viên đã đăng nhập mới xóa được bài viết.")
        _, refused = assistant.remove([article_id], progress=lambda message: progress(None, desc=message))
        status = (f'<p class="refused">Không xóa được: {html.escape(str(refused[0]))}</p>' if refused
                  else f"<p>Đã xóa bài viết {html.escape(article_id)}.</p>")
        return (status, gr.Button(visible=True), gr.Button(visible=False), gr.Button(visible=False),
                *page_state(request))

    with gr.Blocks(title="Trợ lý thông tin đối ngoại") as demo:
        welcome = gr.Markdown("# Trợ lý thông tin đối ngoại", elem_id="welcome")
        with gr.Tab("Hỏi đáp"):
            turns = gr.State([])
            chatbot = gr.Chatbot(label="Hội thoại", height=380, elem_id="chat")
            with gr.Row():
                question = gr.Textbox(placeholder="Nhập câu hỏi về các bài viết…", show_label=False, scale=8,
                                      elem_id="question")
                send = gr.Button("Gửi", variant="primary", scale=1, elem_id="send")
            new = gr.Button("Cuộc trò chuyện mới", size="sm")
            sources = gr.HTML(label="Nguồn", elem_id="sources")
            examples = gr.Dataset(components=[question], samples=[], label="Câu hỏi mẫu (từ các bài viết đang có)",
                                  elem_id="examples")
            examples.click(lambda sample: sample[0], examples, question, api_name=False)
            outputs = [chatbot, question, turns, sources]
            send.click(respond, [question, chatbot, turns], outputs, api_name="ask")
            question.submit(respond, [question, chatbot, turns], outputs, api_name=False)
            new.click(lambda: ([], "", [], ""), None, outputs, api_name=False)
        with gr.Tab("Bài viết"):
            listed = gr.State([])
            summary = gr.Markdown(elem_id="articles-summary")
            with gr.Row():
                a_search = gr.Textbox(label="Tìm bài viết", placeholder="tiêu đề, tỉnh, nguồn tin, tên tệp…")
                a_province = gr.Dropdown([ALL], value=ALL, label="Tỉnh, thành phố")
                a_year = gr.Dropdown([ALL], value=ALL, label="Năm")
                a_outlet = gr.Dropdown([ALL], value=ALL, label="Nguồn tin")
            article_list = gr.HTML(elem_id="article-list")
            filters = [listed, a_search, a_province, a_year, a_outlet]
            for control in filters[1:]:
                control.change(show_articles, filters, [article_list, summary], api_name=False)
            with gr.Group(visible=False) as editor:
                gr.Markdown("### Thêm bài viết\nTệp .docx, .pdf (có lớp văn bản), .html hoặc .txt; tối đa "
                            f"{MAX_FILE_BYTES // 1_000_000} MB mỗi tệp. Tiêu đề, tỉnh, ngày đọc từ tệp; "
                            "điền vào ô dưới đây để sửa.")
                uploads = gr.File(file_count="multiple", file_types=list(SUFFIXES), label="Tệp bài viết",
                                  elem_id="upload")
                with gr.Row():
                    e_title = gr.Textbox(label="Tiêu đề (tùy chọn)")
                    e_province = gr.Textbox(label="Tỉnh (tùy chọn)")
                    e_date = gr.Textbox(label="Ngày (dd/mm/yyyy, tùy chọn)")
                    e_outlet = gr.Textbox(label="Nguồn tin (tùy chọn)")
                with gr.Accordion("Hoặc dán văn bản bài viết", open=False):
                    paste_title = gr.Textbox(label="Tiêu đề bài dán")
                    paste_text = gr.Textbox(label="Nội dung", lines=8)
                add = gr.Button("Thêm vào kho bài viết", variant="primary", elem_id="add-articles")
                edit_status = gr.HTML(elem_id="edit-status")
                gr.Markdown("### Xóa bài viết")
                with gr.Row():
                    doomed = gr.Dropdown([], label="Bài viết cần xóa", elem_id="remove-choice", scale=4)
                    remove = gr.Button("Xóa…", variant="stop", elem_id="remove", scale=1)
                    confirm = gr.Button("Xác nhận xóa", variant="stop", visible=False, elem_id="confirm-remove",
                                        scale=1)
                    cancel = gr.Button("Hủy", visible=False, scale=1)
        with gr.Tab("Số liệu"):
            figure_count = gr.Markdown(elem_id="figure-count")
            with gr.Row():
                province = gr.Dropdown([ALL], value=ALL, label="Tỉnh")
                search = gr.Textbox(label="Tìm", placeholder="ví dụ: FDI, triệu USD, 2021")
            table = gr.Dataframe(headers=["Số liệu", "Loại", "Thời gian", "Tỉnh", "Bài viết", "Câu"],
                                 interactive=False, wrap=True, elem_id="figures")

            def filter_figures(province: str, text: str):
                rows = figure_rows(assistant, province, text)
                return rows, f"{len(rows)} số liệu"

            province.change(filter_figures, [province, search], [table, figure_count], api_name=False)
            search.change(filter_figures, [province, search], [table, figure_count], api_name=False)

        derived = [welcome, examples, listed, article_list, summary, a_province, a_year, a_outlet, doomed, editor,
                   table, figure_count, province]
        demo.load(page_state, None, derived, api_name=False)
        add.click(add_articles, [uploads, e_title, e_province, e_date, e_outlet, paste_title, paste_text],
                  [edit_status, *derived], api_name=False).then(
            lambda: (None, "", ""), None, [uploads, paste_title, paste_text], api_name=False)
        asking = [remove, confirm, cancel]
        remove.click(lambda choice: (gr.Button(visible=not choice), gr.Button(visible=bool(choice)),
                                     gr.Button(visible=bool(choice))), doomed, asking, api_name=False)
        cancel.click(lambda: (gr.Button(visible=True), gr.Button(visible=False), gr.Button(visible=False)),
                     None, asking, api_name=False)
        confirm.click(remove_article, doomed, [edit_status, *asking, *derived], api_name=False)
    return demo


def create_app(settings: Settings | None = None, assistant: Assistant | None = None):
    """The served app: the chat page at ``/`` and the JSON API at ``/api/ask``."""
    from fastapi import Depends, FastAPI, HTTPException
    from fastapi.middleware.cors import CORSMiddleware
    from fastapi.responses import JSONResponse
    from fastapi.security import HTTPBasic, HTTPBasicCredentials
    assistant = assistant or Assistant(settings)
    settings = assistant.settings
    assistant.warm_up()  # index and load now, not while the first visitor waits

    basic = HTTPBasic(auto_error=False)
    credentials = (settings.auth_username, settings.auth_password) if settings.auth_username else None

    def authorized(given: HTTPBasicCredentials | None = Depends(basic)) -> None:
        if credentials is None:
            return
        if given is None or not (secrets.compare_digest(given.username, credentials[0])
                                 and secrets.compare_digest(given.password, credentials[1])):
            raise HTTPException(401, "Cần đăng nhập (login required)", headers={"WWW-Authenticate": "Basic"})

    app = FastAPI(title="Trợ lý thông tin đối ngoại")
    if settings.allowed_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.allowed_origins, allow_methods=["POST"],
                           allow_headers=["Content-Type", "Authorization"])

    @app.post("/api/ask")
    def ask(request: AskRequest, _: None = Depends(authorized)) -> dict:
        try:
            answer = assistant.ask(request.question, [t.model_dump() for t in request.history])
        except QuestionError as err:
            raise HTTPException(400, str(err)) from None
        except Busy as err:
            raise HTTPException(503, str(err), headers={"Retry-After": "10"}) from None
        return {"answer": answer.text, "abstained": answer.abstained, "figure": answer.figure,
                "llm_used": answer.llm_used, "citations": [c.to_dict() for c in answer.citations]}

    def may_edit(request) -> bool:
        """Editors: the signed-in user when a login is configured, else visitors from this machine only."""
        if credentials:
            return bool(getattr(request, "username", None))
        return request is not None and request.client is not None and is_loopback(request.client.host)

    @app.middleware("http")
    async def uploads_from_editors_only(request, call_next):
        # Gradio accepts uploads from anyone who can open the page; without a login that is only safe on loopback.
        if request.url.path.endswith("/upload") and not credentials and not is_loopback(request.client.host):
            return JSONResponse({"detail": "Chỉ biên tập viên mới tải tệp lên được (uploads: editors only)"}, 403)
        return await call_next(request)

    demo = build(assistant, may_edit)
    # The assistant's own queue orders the page's and the API's questions; Gradio's only bounds its own.
    demo.queue(default_concurrency_limit=1, max_size=settings.queue_size)
    return gr.mount_gradio_app(app, demo, path="/", auth=credentials, css=CSS, footer_links=["api"],
                               max_file_size=MAX_FILE_BYTES)


def is_loopback(host: str | None) -> bool:
    try:
        return host is not None and (host == "localhost" or ipaddress.ip_address(host).is_loopback)
    except ValueError:
        return False


def serve(settings: Settings | None = None) -> None:
    import uvicorn

    settings = settings or Settings()
    runner = None
    if settings.use_llm and settings.isolate_llm and not settings.llm_url:
        from .generate import model_path
        from .runner import ModelRunner

        runner = ModelRunner(model_path(settings), settings, settings.cache_dir / "logs" / "model-runner.log").start()
        print(f"Starting the language model in its own process ({runner.url}; log {runner.log_path})…", flush=True)
    try:
        app = create_app(settings, Assistant(settings, generator=runner))
        print(f"Serving on http://{settings.host}:{settings.port}/ (API: POST /api/ask)", flush=True)
        uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")
    finally:
        if runner:
            runner.stop()

