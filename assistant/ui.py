"""Serve: a minimal Gradio chat page over the assistant (the full UI is a later step).

Answers stream token by token, then the checked answer replaces the stream and its
citations are listed under it. Gradio escapes user text (no HTML from a question runs).
"""

from __future__ import annotations

from .pipeline import Answer, Assistant, QuestionError
from .settings import Settings

EXAMPLES = [
    "Bắc Giang hiện có bao nhiêu dự án FDI?",
    "Năm 2022 Hà Giang ký mới bao nhiêu thỏa thuận quốc tế?",
    "Kim ngạch xuất khẩu của Hòa Bình năm 2021 là bao nhiêu?",
    "How many international agreements did Thanh Hoa sign in 2017-2019?",
]


def render(answer: Answer) -> str:
    if answer.abstained:
        return f"⚠️ {answer.text}"
    sources = "\n".join(f"> **[{c.n}] {c.title}** ({c.province}, `{c.doc}`)  \n> “{c.sentence}”"
                        for c in answer.citations)
    return f"{answer.text}\n\n{sources}"


def build(assistant: Assistant):
    import gradio as gr

    def respond(message: str, history: list[dict]):
        turns = [{"role": t["role"], "content": t["content"] if isinstance(t["content"], str) else ""}
                 for t in history]
        streamed = ""
        try:
            for part in assistant.stream(message, turns):
                if isinstance(part, str):
                    streamed += part
                    yield streamed
                else:
                    yield render(part)
        except QuestionError as err:
            yield str(err)

    return gr.ChatInterface(
        respond,
        title="Trợ lý thông tin đối ngoại",
        description="Hỏi về các bài viết đối ngoại của các tỉnh. Câu trả lời trích dẫn nguồn [1], [2].",
        examples=EXAMPLES,
        textbox=gr.Textbox(placeholder="Nhập câu hỏi…", submit_btn="Gửi"),
    )


def serve(settings: Settings | None = None) -> None:
    assistant = Assistant(settings)
    assistant.ensure_index()
    assistant.generator  # load the model before the first visitor waits for it
    app = build(assistant)
    app.queue(default_concurrency_limit=1).launch(server_name=assistant.settings.host,
                                                  server_port=assistant.settings.port, show_error=True)
