"""Figures: every figure of the indexed articles, with its kind, unit and period.

One row per figure as the article writes it ("1.217,78 triệu USD"), read with the same
number and period readers the answering uses. The page's "Số liệu" tab, the article view's
highlights and ``assistant list`` count them; the eval's committed table is built from them.
Years, dates and codes are not figures and are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from .chunk import Sentence, split_sentences
from .ingest import Article
from .lexicon import Lexicon
from .numbers import find_figures
from .periods import Period, read_period

PERIOD_LOOKBACK = 2  # a sentence without its own period takes the one of the sentences just before


@dataclass(frozen=True)
class FigureRow:
    id: str
    doc: str
    province: str
    text: str  # as written: "1.217,78 triệu USD"
    number: str  # "1.217,78"
    value: float  # normalised: 1217780000.0
    unit: str  # folded unit words: "trieu usd"
    kind: str  # count | money | percent | weight | area | length | rank
    period: str  # "năm 2021", "6 tháng đầu năm năm 2023", "lũy kế"…; "" when the text gives none
    sentence: str
    sentence_start: int  # offset of the sentence in the cleaned article
    start: int  # offset of the figure as written in the cleaned article


def figures_in(doc: str, province: str, sentences: Iterable[Sentence], lexicon: Lexicon) -> list[FigureRow]:
    rows: list[FigureRow] = []
    recent: list[Period] = []
    for sentence in sentences:
        own = read_period(sentence.text, lexicon)
        period = own if not own.empty else next((p for p in reversed(recent) if not p.empty), Period())
        recent = (recent + [own])[-PERIOD_LOOKBACK:]
        for figure in find_figures(sentence.text, lexicon):
            if figure.kind == "year":
                continue
            rows.append(FigureRow(
                id=f"{doc}#{len(rows) + 1}", doc=doc, province=province, text=figure.text, number=figure.number,
                value=figure.value, unit=figure.unit, kind=figure.kind, period=period.describe(),
                sentence=sentence.text, sentence_start=sentence.start, start=sentence.start + figure.start))
    return rows


def article_figures(article: Article, lexicon: Lexicon) -> list[FigureRow]:
    return figures_in(article.id, article.province or "", split_sentences(article), lexicon)


def store_figures(store, lexicon: Lexicon) -> list[FigureRow]:
    """The figures of every article of an index version, from the sentences its chunks keep."""
    by_article: dict[str, list] = {}
    for chunk in sorted(store.chunks.values(), key=lambda c: (c.article_id, c.start)):
        by_article.setdefault(chunk.article_id, []).append(chunk)
    return [row for chunks in by_article.values()
            for row in figures_in(chunks[0].article_id, chunks[0].province,
                                  (s for c in chunks for s in c.sentences), lexicon)]
