"""Serve: the Gradio page (``assistant/page.py``) and a JSON API, in one FastAPI app.

* ``/`` — the page, in Vietnamese: "Hỏi đáp", "Bài viết" and "Số liệu".
* ``POST /api/ask`` — ``{question, history}`` → ``{answer, citations, abstained}`` for intranet pages.

Who may edit the articles is decided here: the signed-in user when a login is configured,
otherwise visitors on loopback only (Gradio's upload route included). Uploads are limited in
size, read into memory and their temporary copies deleted at once; the app never serves a file back.
"""

from __future__ import annotations

import ipaddress
import secrets

import gradio as gr
from pydantic import BaseModel, Field

from .formats import MAX_FILE_BYTES
from .page import CSS, HEAD, THEME, build
from .pipeline import Assistant, Busy, QuestionError
from .settings import Settings


class Turn(BaseModel):
    role: str
    content: str


class AskRequest(BaseModel):
    """Body of ``POST /api/ask``."""

    question: str
    history: list[Turn] = Field(default_factory=list)


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
    return gr.mount_gradio_app(app, demo, path="/", auth=credentials, css=CSS, head=HEAD, theme=THEME,
                               footer_links=["api"], max_file_size=MAX_FILE_BYTES)


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

