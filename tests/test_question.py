import pytest

from assistant.question import analyze, rewrite_follow_up


@pytest.mark.parametrize("question, kind, noun", [
    ("Bắc Giang hiện có bao nhiêu dự án FDI?", "count", "du an fdi"),
    ("bac giang co bao nhieu du an fdi", "count", "du an"),
    ("How many international agreements did Ha Giang sign in 2022?", "count", "thoa thuan"),
    ("Kim ngạch xuất khẩu của Hòa Bình năm 2021 là bao nhiêu?", "money", None),
    ("Tốc độ tăng trưởng kinh tế của Bắc Giang năm 2020?", "percent", None),
    ("Tập đoàn nào ký thỏa thuận với Hưng Yên?", "entity", None),
    ("Vải thiều tiêu thụ được bao nhiêu tấn?", "weight", None),
])
def test_kind_of_answer(question, kind, noun):
    query = analyze(question)
    assert (query.kind, query.noun) == (kind, noun)


def test_provinces_years_and_language():
    query = analyze("What was Hoa Binh's export turnover in 2021?")
    assert (query.lang, query.provinces, query.years) == ("en", ["Hòa Bình"], ["2021"])
    assert "xuat" in query.keywords and "khau" in query.keywords


def test_follow_up_takes_the_previous_question_with_the_new_province():
    history = [{"role": "user", "content": "Bắc Giang hiện có bao nhiêu dự án FDI?"},
               {"role": "assistant", "content": "484 dự án FDI [1]."}]
    assert rewrite_follow_up("Còn Hưng Yên thì sao?", history) == "Hưng Yên hiện có bao nhiêu dự án FDI?"
    assert rewrite_follow_up("Hà Giang có bao nhiêu dự án FDI?", history) == "Hà Giang có bao nhiêu dự án FDI?"


def test_follow_up_with_a_new_year():
    history = [{"role": "user", "content": "Năm 2022 Hà Giang ký mới bao nhiêu thỏa thuận?"}]
    assert rewrite_follow_up("Còn năm 2021 thì sao?", history) == "Năm 2021 Hà Giang ký mới bao nhiêu thỏa thuận?"


def test_words_that_narrow_the_counted_noun_are_kept():
    query = analyze("Bắc Giang tiêu thụ được bao nhiêu tấn nhãn lồng?")
    assert (query.kind, query.qualifiers) == ("weight", ["nhan", "long"])
    assert analyze("Bao nhiêu lao động làm việc tại 6 KCN?").qualifiers == []  # a verb ends the noun phrase


def test_words_in_other_scripts_are_left_out_of_the_question():
    query = analyze("Bắc Giang 北江 hiện có bao nhiêu dự án FDI? Сколько проектов?")
    assert query.text == "Bắc Giang hiện có bao nhiêu dự án FDI?"
    assert query.provinces == ["Bắc Giang"] and query.kind == "count" and query.keywords == ["du", "an", "fdi"]
