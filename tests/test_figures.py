"""The figure table covers every number of the articles, and the worked examples read right."""

import re

import pytest

from assistant.ingest import load_articles
from assistant.figures import article_figures
from assistant.lexicon import default_lexicon
from evals.figures import FIGURES_FILE, all_figures, load
from conftest import BAC_GIANG, HOA_BINH, SEEDS

YEAR = re.compile(r"(19|20)\d\d")


def test_every_number_in_the_articles_is_a_figure_a_year_a_date_or_a_code():
    """How the figure table was checked for completeness: each digit run of each cleaned
    article is accounted for; anything else would be a figure the extractor missed."""
    articles, _ = load_articles(SEEDS)
    missed = []
    for article in articles:
        spans = [(row.start, row.start + len(row.text)) for row in article_figures(article, default_lexicon())]
        for match in re.finditer(r"\d+(?:[.,]\d+)*", article.text):
            if any(a <= match.start() < b for a, b in spans):
                continue
            before, after = article.text[max(0, match.start() - 7):match.start()], article.text[match.end():]
            if YEAR.fullmatch(match.group(0)) or re.match(r"[/-]\w", after) or re.search(r"[/-]$", before) \
                    or re.search(r"(tháng|ngày)\s*$", before) or re.match(r"\s*(năm|tháng)\b", after) \
                    or re.search(r"[A-Za-z]-$", before) or after[:1].isalpha():
                continue
            missed.append((article.id, article.text[max(0, match.start() - 30):match.end() + 20]))
    assert missed == []


def test_committed_table_is_up_to_date():
    current = [row.__dict__ for row in all_figures(SEEDS)]
    assert load(FIGURES_FILE) == current, "run `python -m evals.figures` and commit evals/figures.jsonl"


@pytest.mark.parametrize("doc, written, value, unit, period", [
    (HOA_BINH, "1.217,78 triệu USD", 1_217_780_000, "trieu usd", "năm 2021"),
    (BAC_GIANG, "13,02%", 13.02, "%", "năm 2020"),
    (BAC_GIANG, "151.674 lao động", 151_674, "lao dong", "lũy kế"),  # "Đến nay": a running total
    (BAC_GIANG, "hơn 215 nghìn tấn", 215_000, "nghin tan", ""),  # "năm nay": the article's year, unsaid
    (BAC_GIANG, "2.900 USD", 2_900, "usd", "năm 2020"),
])
def test_worked_examples(doc, written, value, unit, period):
    rows = [r for r in all_figures(SEEDS) if r.doc == doc and r.text == written]
    assert len(rows) == 1
    assert (rows[0].value, rows[0].unit) == (value, unit)
    assert rows[0].period == period
