"""Serve: the Gradio chat page and a JSON API, in one FastAPI app.

* ``/`` — the chat page (Vietnamese): answers stream in, then the checked answer replaces the
  stream and its sources appear as cards (title, province, date, the quoted sentence with the
  figure highlighted, the whole cleaned article behind a click). A "Số liệu" tab lists every
  figure of the articles, filterable by province and by text.
* ``POST /api/ask`` — ``{question, history}`` → ``{answer, citations, abstained}`` for intranet pages.

All text from users and articles is HTML-escaped before it is shown: a question or an article
can never inject markup. The app serves no files of its own (no upload, no file component).
"""

from __future__ import annotations

import html
import secrets
from typing import Iterator

from pydantic import BaseModel, Field

from .pipeline import Answer, Assistant, Busy, QuestionError
from .settings import Settings


class Turn(BaseModel):
    role: str
    content: str


class AskRequest(BaseModel):
    """Body of ``POST /api/ask``."""

    question: str
    history: list[Turn] = Field(default_factory=list)

EXAMPLES = [
    "Bắc Giang hiện có bao nhiêu dự án FDI?",
    "Năm 2022 Hà Giang ký mới bao nhiêu thỏa thuận quốc tế?",
    "Kim ngạch xuất khẩu của Hòa Bình năm 2021 là bao nhiêu?",
    "Tỉnh nào có nhiều dự án FDI hơn, Bắc Giang hay Hưng Yên?",
    "How many international agreements did Thanh Hoa sign in 2017-2019?",
]
KIND_LABELS = {"count": "số lượng", "money": "giá trị tiền", "percent": "tỷ lệ", "weight": "khối lượng"}
CSS = """
.source-card {border: 1px solid #d0d7de; border-radius: 8px; padding: 10px 12px; margin: 8px 0; background: #f8fafc}
.source-card .meta {color: #57606a; font-size: 0.85em}
.source-card mark {background: #ffe58f; padding: 0 2px}
.source-card details {margin-top: 6px}
.source-card .article {white-space: pre-wrap; max-height: 320px; overflow-y: auto; font-size: 0.9em}
.abstained {border-left: 4px solid #d4a72c; padding-left: 8px}
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


def figure_table(assistant: Assistant) -> list[list[str]]:
    from evals.figures import all_figures

    return [[r.text, KIND_LABELS.get(r.kind, r.kind), r.period or "", r.province, r.sentence, r.doc]
            for r in all_figures(assistant.settings.seeds_dir)]


def build(assistant: Assistant):
    import gradio as gr

    figures = figure_table(assistant)
    provinces = ["Tất cả"] + sorted({row[3] for row in figures})

    def respond(message: str, chat: list[dict], turns: list[dict]) -> Iterator[tuple]:
        chat = chat + [{"role": "user", "content": shown(message)}]
        try:
            streamed = ""
            for part in assistant.stream(message, turns):
                if isinstance(part, str):
                    streamed += part
                    yield chat + [{"role": "assistant", "content": shown(streamed)}], "", turns, ""
                else:
                    answer = part
        except (QuestionError, Busy) as err:
            yield chat + [{"role": "assistant", "content": shown(str(err))}], "", turns, ""
            return
        prefix = "⚠️ " if answer.abstained else ""
        turns = turns + [{"role": "user", "content": message}, {"role": "assistant", "content": answer.text}]
        yield (chat + [{"role": "assistant", "content": prefix + shown(answer.text)}], "", turns,
               source_cards(answer, assistant))

    def filter_figures(province: str, text: str) -> list[list[str]]:
        needle = text.strip().lower()
        return [row for row in figures if (province in ("Tất cả", None) or row[3] == province)
                and (not needle or any(needle in cell.lower() for cell in row))]

    with gr.Blocks(title="Trợ lý thông tin đối ngoại") as demo:
        gr.Markdown("# Trợ lý thông tin đối ngoại\nHỏi về các bài viết đối ngoại của các tỉnh. "
                    "Câu trả lời chỉ dựa trên các bài viết và trích dẫn nguồn [1], [2].")
        with gr.Tab("Hỏi đáp"):
            turns = gr.State([])
            chatbot = gr.Chatbot(label="Hội thoại", height=380, elem_id="chat")
            with gr.Row():
                question = gr.Textbox(placeholder="Nhập câu hỏi, ví dụ: Bắc Giang có bao nhiêu dự án FDI?",
                                      show_label=False, scale=8, elem_id="question")
                send = gr.Button("Gửi", variant="primary", scale=1, elem_id="send")
            new = gr.Button("Cuộc trò chuyện mới", size="sm")
            sources = gr.HTML(label="Nguồn", elem_id="sources")
            gr.Examples(EXAMPLES, inputs=question, label="Câu hỏi mẫu")
            outputs = [chatbot, question, turns, sources]
            send.click(respond, [question, chatbot, turns], outputs, api_name="ask")
            question.submit(respond, [question, chatbot, turns], outputs, api_name=False)
            new.click(lambda: ([], "", [], ""), None, outputs, api_name=False)
        with gr.Tab("Số liệu"):
            gr.Markdown(f"{len(figures)} số liệu trích từ các bài viết.")
            with gr.Row():
                province = gr.Dropdown(provinces, value="Tất cả", label="Tỉnh")
                search = gr.Textbox(label="Tìm", placeholder="ví dụ: FDI, triệu USD, 2021")
            table = gr.Dataframe(figures, headers=["Số liệu", "Loại", "Thời gian", "Tỉnh", "Câu", "Bài viết"],
                                 interactive=False, wrap=True, elem_id="figures")
            province.change(filter_figures, [province, search], table, api_name=False)
            search.change(filter_figures, [province, search], table, api_name=False)
    return demo


def create_app(settings: Settings | None = None, assistant: Assistant | None = None):
    """The served app: the chat page at ``/`` and the JSON API at ``/api/ask``."""
    import gradio as gr
    from fastapi import Depends, FastAPI, HTTPException
    from fastapi.middleware.cors import CORSMiddleware
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

    demo = build(assistant)
    # The assistant's own queue orders the page's and the API's questions; Gradio's only bounds its own.
    demo.queue(default_concurrency_limit=1, max_size=settings.queue_size)
    return gr.mount_gradio_app(app, demo, path="/", auth=credentials, css=CSS, footer_links=["api"])


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

