"""Page: the Gradio page in three tabs, "Hỏi đáp", "Bài viết" and "Số liệu".

Only checked text is ever shown as an answer: the question appears at once with a waiting
line (the queue position when others are ahead), then the grounded answer composed from the
source, then the model's phrasing only if it passed the check. Each answer carries its own
source cards. The conversation is kept in the browser's storage across a reload; "Cuộc trò
chuyện mới" (or the chat's clear icon) resets bubbles and memory together. Everything the page
says about the corpus (welcome line, example questions, filters, figures) is read from the
index when the page opens and after each change.
"""

from __future__ import annotations

import csv
import html
import queue
import re
import tempfile
import threading
from pathlib import Path
from typing import Callable, Iterator

import gradio as gr

from .feedback import feedback_path, record
from .formats import MAX_FILE_BYTES, SUFFIXES
from .index import StoreError
from .pipeline import Answer, Assistant, Busy, QuestionError
from .render import (ALL, FIGURE_HEADERS, KIND_LABELS, answer_message, article_cards, choices, figure_rows,
                     filter_articles, shown, year_of)

TAG_RE = re.compile(r"<[^>]+>")
KEPT_MESSAGES = 40  # the conversation kept in the browser: the last 20 questions and answers

THEME = gr.themes.Default(
    primary_hue="blue",
    # System fonts with full Vietnamese coverage in every weight; no web font is fetched (offline).
    font=["Segoe UI", "Roboto", "Noto Sans", "Liberation Sans", "Arial", "sans-serif"],
    font_mono=["Noto Sans Mono", "DejaVu Sans Mono", "Consolas", "monospace"],
).set(
    button_primary_background_fill="*primary_700", button_primary_background_fill_hover="*primary_800",
    button_primary_background_fill_dark="*primary_600", button_primary_text_color="white",
    input_placeholder_color="*neutral_600", input_placeholder_color_dark="*neutral_300",
    body_text_color_subdued="*neutral_600", body_text_color_subdued_dark="*neutral_300",
)
CSS = """
.source-card {border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 10px; margin: 8px 0;
  background: var(--background-fill-secondary); color: var(--body-text-color)}
.source-title {font-weight: 600}
.meta {color: var(--body-text-color-subdued); font-size: 0.85em}
mark {background: #ffe58f; color: #1f2328; padding: 0 2px}
mark.cited {background: #fff1b8}
.source-card blockquote {margin: 6px 0; padding-left: 8px; border-left: 3px solid var(--border-color-primary)}
.source-card .article, .article-card .article {max-height: 320px; overflow-y: auto; font-size: 0.9em}
.article-card {border-bottom: 1px solid var(--border-color-primary); padding: 6px 0}
.article-card summary {cursor: pointer}
.abstained {border-left: 4px solid #d4a72c; padding-left: 8px}
.refused {color: var(--error-text-color)}
#figures table {font-family: var(--font)}
@media (max-width: 700px) {
  #chat {height: auto !important; max-height: none !important}
  #chat > div, #chat .bubble-wrap {max-height: none !important; overflow: visible !important}
}
"""
# lang="vi" for screen readers and hyphenation; Esc stops the answer being written; opening an
# article behind a source card scrolls it to the cited sentence.
HEAD = """<script>
document.documentElement.lang = "vi";
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") { document.querySelector("#stop")?.click(); }
});
document.addEventListener("toggle", (event) => {
  const cited = event.target.open && event.target.querySelector?.("mark.cited");
  if (cited) { cited.scrollIntoView({block: "nearest"}); }
}, true);
</script>"""


def build(assistant: Assistant, may_edit: Callable[[gr.Request], bool]) -> gr.Blocks:
    """The page. ``may_edit(request)`` says whether a visitor may add and remove articles."""
    feedback_file = feedback_path(assistant.settings.store_dir)

    # -- Hỏi đáp ---------------------------------------------------------------------------
    stops: dict[str, threading.Event] = {}  # per browser session: set by "Dừng" to end the answer written

    def answers(message: str, turns: list[dict], stop: threading.Event) -> Iterator[Answer]:
        """The grounded and the final answer, computed in a thread of their own: when the page goes
        away or cancels, the answer still ends (at ``stop``, or by itself) and frees its queue place."""
        parts: queue.Queue = queue.Queue()

        def work() -> None:
            try:
                for part in assistant.stream(message, turns):
                    if stop.is_set():
                        break  # leaving the loop closes the stream: the model stops, the queue place is freed
                    if isinstance(part, Answer):  # the model's tokens are an unchecked draft: never shown
                        parts.put(part)
            except Exception as err:  # handed to the page's thread, which reports or raises it
                parts.put(err)
            finally:
                parts.put(None)

        threading.Thread(target=work, daemon=True, name="answer").start()
        while (part := parts.get()) is not None:
            if isinstance(part, Exception):
                raise part
            yield part

    def respond(message: str, chat: list[dict], turns: list[dict], exchanges: list,
                request: gr.Request) -> Iterator[tuple]:
        """Yields (chat, question box, turns, exchanges, saved conversation, send button, stop button).
        ``turns`` is the conversation the reader sees (answered questions only); ``exchanges`` holds
        one (question, answer text) per answer bubble, for feedback."""
        chat = chat + [{"role": "user", "content": shown(message)}]
        ahead = assistant.queue.pending
        waiting = f"⏳ Đang chờ: còn {ahead} câu hỏi trước bạn…" if ahead else "⏳ Đang tìm trong các bài viết…"
        busy = gr.Button(visible=False), gr.Button(visible=True)
        yield chat + [{"role": "assistant", "content": waiting}], "", turns, exchanges, gr.skip(), *busy
        stop = stops[request.session_hash] = threading.Event()
        answer = None
        try:
            for answer in answers(message, turns, stop):
                if answer.provisional and not stop.is_set():
                    bubble = answer_message(answer, assistant.store.articles, len(chat))
                    yield (chat + [{"role": "assistant", "content": bubble}], gr.skip(), turns, exchanges,
                           gr.skip(), *busy)
        except (QuestionError, Busy) as err:
            chat = chat + [{"role": "assistant", "content": shown(str(err))}]
            exchanges = exchanges + [[message, str(err)]]
            yield chat, gr.skip(), turns, exchanges, kept(chat, turns, exchanges), *idle()
            return
        if answer is None or stop.is_set():
            # Stopped or cleared: the stop and clear handlers set the chat; the last yield, which Gradio
            # applies again when the event ends, must not bring the waiting line back.
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip(), *idle()
            return
        if stops.get(request.session_hash) is stop:
            del stops[request.session_hash]
        bubble = answer_message(answer, assistant.store.articles, len(chat))
        chat = chat + [{"role": "assistant", "content": bubble}]
        turns = turns + [{"role": "user", "content": message}, {"role": "assistant", "content": answer.text}]
        exchanges = exchanges + [[message, answer.text]]
        yield chat, gr.skip(), turns, exchanges, kept(chat, turns, exchanges), *idle()

    def kept(chat: list[dict], turns: list[dict], exchanges: list) -> dict:
        """What the browser keeps across a reload: the last questions and answers."""
        return {"chat": chat[-KEPT_MESSAGES:], "turns": turns[-KEPT_MESSAGES:],
                "exchanges": exchanges[-KEPT_MESSAGES // 2:]}

    def idle():
        return gr.Button(visible=True), gr.Button(visible=False)

    def halt(request: gr.Request) -> None:
        if request.session_hash in stops:
            stops.pop(request.session_hash).set()

    def stopped(chat: list[dict], request: gr.Request):
        """After "Dừng": a waiting line becomes "stopped"; a grounded answer shown stays (it is checked)."""
        halt(request)
        if chat and chat[-1]["role"] == "assistant" and message_text(chat[-1]).startswith("⏳"):
            chat = chat[:-1] + [{"role": "assistant", "content": "Đã dừng."}]
        return chat, *idle()

    def restore(saved: dict | None):
        saved = saved or {}
        return saved.get("chat", []), saved.get("turns", []), saved.get("exchanges", [])

    def new_conversation(request: gr.Request):
        halt(request)
        # The question box is left alone: what the user is typing is not part of the old conversation.
        return [], gr.skip(), [], [], kept([], [], []), gr.Row(visible=False), *idle()

    def judge(chat: list[dict], exchanges: list, vote: gr.LikeData):
        question, answer = exchange(chat, exchanges, vote.index)
        record(feedback_file, question, answer, liked=vote.liked is True or vote.liked == "Like")
        gr.Info("Cảm ơn bạn đã đánh giá câu trả lời.")
        return gr.Row(visible=True), vote.index

    def comment(text: str, index, chat: list[dict], exchanges: list):
        if text.strip() and index is not None:
            question, answer = exchange(chat, exchanges, index)
            record(feedback_file, question, answer, liked=None, comment=text)
            gr.Info("Đã ghi nhận góp ý.")
        return "", gr.Row(visible=False)

    # -- Bài viết and everything derived from the index --------------------------------------
    def page_state(request: gr.Request):
        overview = assistant.overview()
        listed = assistant.listing()
        figures = assistant.figures()
        rows = figure_rows(figures, assistant.store.articles)
        return (f"# Trợ lý thông tin đối ngoại\n{overview.welcome()} Câu trả lời chỉ dựa trên các bài viết "
                "và trích dẫn nguồn [1], [2].",
                gr.Dataset(samples=[[q] for q in overview.examples]),
                listed, article_cards(listed, assistant.store.articles, figures),
                articles_summary(listed, len(listed)),
                gr.Dropdown(choices([a.province for a in listed]), value=ALL),
                gr.Dropdown(choices([year_of(a.date) for a in listed]), value=ALL),
                gr.Dropdown(choices([a.outlet for a in listed]), value=ALL),
                gr.Dropdown(choices=[(f"{a.title[:80]} ({a.id})", a.id) for a in listed], value=None),
                gr.Group(visible=may_edit(request)),
                rows, f"**{len(rows)} số liệu**", gr.Dropdown(choices(f.province for f in figures), value=ALL))

    def articles_summary(listed, total: int) -> str:
        provinces = len({a.province for a in listed if a.province})
        count = f"{len(listed)}/{total}" if len(listed) != total else str(total)
        return f"**{count} bài viết** · {provinces} tỉnh, thành phố"

    def show_articles(listed, needle, province, year, outlet):
        kept = filter_articles(listed, needle, province, year, outlet)
        return article_cards(kept, assistant.store.articles, assistant.figures()), articles_summary(kept, len(listed))

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
        overrides = {"title": title if len(files) == 1 else None, "province": province, "date": date,
                     "outlet": outlet}
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
        return (status, *asking(False), *page_state(request))

    def asking(confirming: bool):
        return gr.Button(visible=not confirming), gr.Button(visible=confirming), gr.Button(visible=confirming)

    # -- Số liệu -----------------------------------------------------------------------------
    def filter_figures(province: str, kind: str, text: str):
        rows = figure_rows(assistant.figures(), assistant.store.articles, province, kind, text)
        return rows, f"**{len(rows)} số liệu**"

    def export_figures(province: str, kind: str, text: str) -> str:
        rows = figure_rows(assistant.figures(), assistant.store.articles, province, kind, text)
        with tempfile.NamedTemporaryFile("w", suffix=".csv", prefix="so-lieu-", delete=False, encoding="utf-8-sig",
                                         newline="") as out:
            csv.writer(out).writerows([FIGURE_HEADERS, *rows])  # utf-8-sig: Excel reads the diacritics right
        return out.name

    with gr.Blocks(title="Trợ lý thông tin đối ngoại") as demo:
        welcome = gr.Markdown("# Trợ lý thông tin đối ngoại", elem_id="welcome")
        with gr.Tab("Hỏi đáp"):
            turns, exchanges = gr.State([]), gr.State([])
            saved = gr.BrowserState({}, storage_key="tro-ly-doi-ngoai-hoi-thoai")
            chatbot = gr.Chatbot(label="Hội thoại", height="62vh", elem_id="chat", buttons=["copy", "copy_all"],
                                 placeholder="Đặt câu hỏi về các bài viết: số liệu, đối tác, thời gian…")
            with gr.Row():
                question = gr.Textbox(label="Câu hỏi", placeholder="Nhập câu hỏi rồi nhấn Enter…", show_label=False,
                                      scale=8, elem_id="question", max_lines=4)
                send = gr.Button("Gửi", variant="primary", scale=1, elem_id="send")
                stop = gr.Button("Dừng (Esc)", variant="stop", scale=1, visible=False, elem_id="stop")
            with gr.Row(visible=False, elem_id="comment-row") as comment_row:
                rated = gr.State(None)
                remark = gr.Textbox(label="Góp ý thêm về câu trả lời (tùy chọn)", scale=8, elem_id="comment")
                send_remark = gr.Button("Gửi góp ý", scale=1)
            new = gr.Button("Cuộc trò chuyện mới", size="sm", elem_id="new-conversation")
            examples = gr.Dataset(components=[question], samples=[], label="Câu hỏi mẫu (từ các bài viết đang có)",
                                  elem_id="examples")
            examples.click(lambda sample: sample[0], examples, question, api_name=False, queue=False)
            outputs = [chatbot, question, turns, exchanges, saved, send, stop]
            # always_last: a question sent while one is answered runs next (with the updated chat), not dropped.
            for trigger, name in ((send.click, "ask"), (question.submit, False)):
                trigger(respond, [question, chatbot, turns, exchanges], outputs, api_name=name, show_progress="hidden",
                        concurrency_limit=assistant.settings.queue_size, trigger_mode="always_last")
            # Our own stop flag ends an answer, not Gradio's `cancels`: a cancelled event leaves the
            # session's next question shown as waiting forever when clicked right after the page loads.
            # Light handlers skip Gradio's queue (queue=False), so they never wait behind a slow one.
            stop.click(stopped, chatbot, [chatbot, send, stop], api_name=False, queue=False)
            cleared = [chatbot, question, turns, exchanges, saved, comment_row, send, stop]
            new.click(new_conversation, None, cleared, api_name=False, queue=False)
            chatbot.clear(new_conversation, None, cleared, api_name=False, queue=False)
            chatbot.like(judge, [chatbot, exchanges], [comment_row, rated], api_name=False, queue=False)
            send_remark.click(comment, [remark, rated, chatbot, exchanges], [remark, comment_row], api_name=False,
                              queue=False)
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
                kind = gr.Dropdown([ALL, *KIND_LABELS.values()], value=ALL, label="Loại số liệu")
                search = gr.Textbox(label="Tìm", placeholder="số liệu, đơn vị, thời gian, bài viết: FDI, triệu USD…")
                export = gr.DownloadButton("Tải CSV", elem_id="export", scale=0)
            table = gr.Dataframe(headers=FIGURE_HEADERS, interactive=False, wrap=True, elem_id="figures",
                                 column_widths=["14%", "9%", "11%", "9%", "22%", "35%"])
            for control in (province, kind, search):
                control.change(filter_figures, [province, kind, search], [table, figure_count], api_name=False)
            export.click(export_figures, [province, kind, search], export, api_name=False)

        derived = [welcome, examples, listed, article_list, summary, a_province, a_year, a_outlet, doomed, editor,
                   table, figure_count, province]
        demo.load(page_state, None, derived, api_name=False, show_progress="hidden", queue=False)
        demo.load(restore, saved, [chatbot, turns, exchanges], api_name=False, show_progress="hidden", queue=False)
        add.click(add_articles, [uploads, e_title, e_province, e_date, e_outlet, paste_title, paste_text],
                  [edit_status, *derived], api_name=False).then(
            lambda: (None, "", ""), None, [uploads, paste_title, paste_text], api_name=False)
        remove.click(lambda choice: asking(bool(choice)), doomed, [remove, confirm, cancel], api_name=False, queue=False)
        cancel.click(lambda: asking(False), None, [remove, confirm, cancel], api_name=False, queue=False)
        confirm.click(remove_article, doomed, [edit_status, remove, confirm, cancel, *derived], api_name=False)
    return demo


def message_text(message: dict) -> str:
    """The text of a chat message, whether Gradio hands it back as a string or as content parts."""
    content = message["content"]
    if isinstance(content, str):
        return content
    return "".join(part.get("text", "") for part in content if isinstance(part, dict))


def exchange(chat: list[dict], exchanges: list, index) -> tuple[str, str]:
    """The question and the answer text of the answer bubble at ``index`` in ``chat``: from the
    exchanges when one matches the bubble, else read from the bubbles themselves (an answer judged
    while it was still the grounded one, before the final answer was recorded)."""
    position = index[0] if isinstance(index, (list, tuple)) else index
    if not 0 < position < len(chat):
        return "", ""
    question = html.unescape(message_text(chat[position - 1]))
    answer = html.unescape(TAG_RE.sub("", message_text(chat[position]).split('<div class="sources">')[0])).strip()
    recorded = next((pair for pair in reversed(exchanges) if pair[1].strip() == answer.lstrip("⚠️ ").strip()), None)
    return tuple(recorded) if recorded else (question, answer)
