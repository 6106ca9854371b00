"""Render: answers, sources, articles and figures as the page shows them (HTML and table rows).

Pure functions of the assistant's records, no Gradio: every piece of text from users and
articles is HTML-escaped here, so a question or an article can never inject markup. The HTML
has no blank lines or raw newlines: it sits inside a chat message, where a blank line would
end the HTML block and hand the rest to the markdown renderer.
"""

from __future__ import annotations

import html
import re

from .figures import FigureRow
from .index import ArticleInfo
from .library import Listed
from .pipeline import MESSAGES, Answer
from .text import fold

ALL = "Tất cả"
ARTICLES_SHOWN = 50  # the list renders every shown article's text: past this, filters narrow it
KIND_LABELS = MESSAGES["vi"]["figure_kinds"]  # the figures table shows each figure's kind by its name
FIGURE_HEADERS = ["Số liệu", "Loại", "Thời gian", "Tỉnh", "Bài viết", "Câu"]
MARKER_RE = re.compile(r"\[(\d+)\]")


def shown(text: str) -> str:
    """Chat text as the chatbot should display it: markup characters escaped, markdown kept."""
    return html.escape(text, quote=False)


def highlighted(text: str, spans: list[tuple[int, int]], css_class: str = "") -> str:
    """``text`` escaped, each (start, end) span marked, paragraphs as <p> (no raw newlines)."""
    pieces, cursor = [], 0
    mark = f'<mark class="{css_class}">' if css_class else "<mark>"
    for start, end in sorted(spans):
        if start < cursor:
            continue
        pieces += [html.escape(text[cursor:start]), mark + html.escape(text[start:end]) + "</mark>"]
        cursor = end
    body = "".join(pieces) + html.escape(text[cursor:])
    return "".join(f"<p>{p.strip()}</p>" for p in body.split("\n\n") if p.strip()).replace("\n", " ")


def answer_message(answer: Answer, articles: dict[str, ArticleInfo], number: int) -> str:
    """One assistant chat message: the checked answer, its [n] linking to its own source cards
    below it (ids unique per message, so older answers keep theirs)."""
    text = MARKER_RE.sub(lambda m: f'<a href="#src-{number}-{m.group(1)}">[{m.group(1)}]</a>', shown(answer.text))
    if answer.abstained:
        return f'<div class="abstained">⚠️ {text}</div>'
    return f"{text}\n\n{source_cards(answer, articles, number)}"


def source_cards(answer: Answer, articles: dict[str, ArticleInfo], number: int) -> str:
    cards = []
    for c in answer.citations:
        info = articles.get(c.doc)
        sentence = html.escape(c.sentence)
        figure = html.escape(answer.figure or "")
        if figure and figure in sentence:
            sentence = sentence.replace(figure, f"<mark>{figure}</mark>", 1)
        meta = " · ".join(html.escape(v) for v in (c.province, info.date if info else "", info.outlet if info else "")
                          if v)
        article = highlighted(info.text, [(c.start, c.end)], "cited") if info else ""
        cards.append(
            f'<div class="source-card" id="src-{number}-{c.n}"><div class="source-title">[{c.n}] '
            f'{html.escape(c.title)}</div><div class="meta">{meta}</div><blockquote>“{sentence}”</blockquote>'
            f'<details><summary>Xem toàn văn bài viết</summary><div class="article">{article}</div></details></div>')
    return f'<div class="sources">{"".join(cards)}</div>'


def article_cards(listed: list[Listed], articles: dict[str, ArticleInfo], figures: list[FigureRow]) -> str:
    """Each article as a collapsed card: title and metadata, then its cleaned text with its figures marked."""
    if not listed:
        return "<p>Không có bài viết nào khớp với bộ lọc.</p>"
    spans: dict[str, list[tuple[int, int]]] = {}
    for f in figures:
        spans.setdefault(f.doc, []).append((f.start, f.start + len(f.text)))
    cards = []
    for a in listed[:ARTICLES_SHOWN]:
        info = articles.get(a.id)
        origin = f"thêm lúc {a.added_at[:16].replace('T', ' ')}" if a.added_at else "bài viết ban đầu"
        meta = " · ".join(html.escape(v) for v in (a.province, a.date, a.outlet, a.source, f"{a.figures} số liệu",
                                                   origin, f"mã {a.id}") if v)
        text = highlighted(info.text, spans.get(a.id, [])) if info else ""
        cards.append(f'<details class="article-card"><summary><span class="source-title">{html.escape(a.title)}'
                     f'</span><div class="meta">{meta}</div></summary><div class="article">{text}</div></details>')
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


def figure_rows(figures: list[FigureRow], articles: dict[str, ArticleInfo], province: str = ALL, kind: str = ALL,
                needle: str = "") -> list[list[str]]:
    """The "Số liệu" table. The search looks at the figure, its unit, period and article title, not
    the whole sentence: searching "USD" finds amounts in USD, not the percentages beside them."""
    needle = fold(needle.strip())
    rows = []
    for f in figures:
        info = articles.get(f.doc)
        row = [f.text, KIND_LABELS.get(f.kind, f.kind), f.period, f.province, info.title if info else f.doc,
               f.sentence]
        if province in (ALL, None, f.province) and kind in (ALL, None, row[1]) \
                and (not needle or needle in fold(" ".join(row[:5]))):
            rows.append(row)
    return rows


def choices(values) -> list[str]:
    return [ALL] + sorted({v for v in values if v})
