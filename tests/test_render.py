"""What the page renders, without Gradio or models: escaping, per-answer source ids, figure search, feedback."""

import json

from assistant.cite import Citation
from assistant.feedback import record, summary
from assistant.figures import FigureRow
from assistant.index import ArticleInfo
from assistant.pipeline import Answer
from assistant.render import answer_message, figure_rows, highlighted

TEXT = "Năm 2020, tỉnh có 484 dự án FDI.\n\nKim ngạch đạt 2,5 tỷ USD, tăng 13,02%."
ARTICLE = ArticleInfo("bg", "Đối ngoại <Bắc Giang>", "Bắc Giang", "BBG", "01/02/2021", "", "bg.txt", TEXT)


def answer(text="484 dự án FDI [1].", figure="484 dự án FDI") -> Answer:
    citation = Citation(1, "bg", ARTICLE.title, "Bắc Giang", "Năm 2020, tỉnh có 484 dự án FDI.", 0, 32, 1.0)
    return Answer("q", text, False, [citation], figure=figure)


def test_an_answer_links_its_markers_to_its_own_cards_and_escapes_article_text():
    html = answer_message(answer(), {"bg": ARTICLE}, number=3)
    assert '<a href="#src-3-1">[1]</a>' in html and 'id="src-3-1"' in html
    assert "<mark>484 dự án FDI</mark>" in html and "Đối ngoại &lt;Bắc Giang&gt;" in html
    assert "01/02/2021" in html and "BBG" in html and ">bg<" not in html  # no internal id on the card
    assert "\n" not in html.split("\n\n", 1)[1], "the cards hold no newline that would end the HTML block"


def test_highlighting_marks_spans_and_keeps_paragraphs():
    assert highlighted("a <b> c\n\nd", [(2, 5)]) == "<p>a <mark>&lt;b&gt;</mark> c</p><p>d</p>"


def test_figure_search_looks_at_the_figure_not_the_whole_sentence():
    rows = [FigureRow("bg#1", "bg", "Bắc Giang", "2,5 tỷ USD", "2,5", 2.5e9, "ty usd", "money", "năm 2020",
                      "Kim ngạch đạt 2,5 tỷ USD, tăng 13,02%.", 34, 48),
            FigureRow("bg#2", "bg", "Bắc Giang", "13,02%", "13,02", 13.02, "%", "percent", "năm 2020",
                      "Kim ngạch đạt 2,5 tỷ USD, tăng 13,02%.", 34, 66)]
    assert [r[0] for r in figure_rows(rows, {"bg": ARTICLE}, needle="usd")] == ["2,5 tỷ USD"]
    assert [r[0] for r in figure_rows(rows, {"bg": ARTICLE}, kind="tỷ lệ")] == ["13,02%"]
    assert len(figure_rows(rows, {"bg": ARTICLE}, needle="Đối ngoại")) == 2  # the article title is searched


def test_feedback_keeps_a_hash_of_the_question_and_is_summarised(tmp_path):
    path = tmp_path / "feedback.jsonl"
    record(path, "Bắc Giang có bao nhiêu dự án FDI?", "484 dự án FDI [1].", liked=False)
    record(path, "Bắc Giang có bao nhiêu dự án FDI?", "484 dự án FDI [1].", liked=None, comment="thiếu năm")
    record(path, "Hà Giang?", "12 thỏa thuận [1].", liked=True)
    assert "Bắc Giang" not in path.read_text("utf-8")
    first, second = [json.loads(line) for line in path.read_text("utf-8").splitlines()[:2]]
    assert first["question_id"] == second["question_id"] and second["comment"] == "thiếu năm"
    lines = summary(path)
    assert lines[0].startswith("2 verdicts: 1 👍, 1 👎; 1 comments")
    assert any("1 × 484 dự án FDI" in line for line in lines) and any("thiếu năm" in line for line in lines)
