"""What the model is shown: the clauses around the answer, and a system prompt that never varies."""

from assistant.generate import build_messages, focus

SENTENCE = ("Lũy kế đến nay, Bắc Giang có 484 dự án FDI đang hoạt động, với tổng vốn đăng ký 6.830,15 triệu USD, "
            "đến từ hơn 20 quốc gia và vùng lãnh thổ.")


def span(text: str) -> tuple[int, int]:
    return SENTENCE.index(text), SENTENCE.index(text) + len(text)


def test_focus_keeps_the_clauses_around_the_figure_within_the_limit():
    assert focus(SENTENCE, *span("484 dự án FDI")) == \
        "Lũy kế đến nay, Bắc Giang có 484 dự án FDI đang hoạt động, với tổng vốn đăng ký 6.830,15 triệu USD,…"
    assert focus(SENTENCE, *span("6.830,15 triệu USD"), limit=90) == \
        "…Bắc Giang có 484 dự án FDI đang hoạt động, với tổng vốn đăng ký 6.830,15 triệu USD,…"  # leftwards first
    assert focus(SENTENCE, *span("484 dự án FDI"), limit=1000) == SENTENCE


def test_the_system_prompt_is_the_same_for_every_question_so_its_tokens_are_reused():
    vi = build_messages("Bắc Giang có bao nhiêu dự án FDI?", "…484 dự án FDI…", "484 dự án FDI", "tiếng Việt")
    en = build_messages("How many FDI projects?", "…484 dự án FDI…", "484 dự án FDI", "English")
    assert vi[0] == en[0] and "{" not in vi[0]["content"]
    assert "English" in en[1]["content"] and "484 dự án FDI" in en[1]["content"]
