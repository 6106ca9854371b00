"""Overview: what the page says about the corpus it serves, all read from the index.

How many articles, which provinces and years, and example questions made from the figures
of the indexed articles. An example is kept only when the reader, asked it, picks the very
figure it was made from, so an example never leads to an abstention. Nothing here names a
province, a figure or a word of any particular article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .figures import FigureRow
from .lexicon import Lexicon, phrase_pattern
from .text import fold

EXAMPLES_WANTED = 4
CANDIDATES_TRIED = 16  # each costs one retrieval (~0.1 s); bounded so a large corpus does not stall the page
YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")


@dataclass(frozen=True)
class Overview:
    articles: int
    provinces: list[str]
    years: list[int]
    examples: list[str]

    def welcome(self) -> str:
        """One Vietnamese sentence for the top of the page."""
        if not self.articles:
            return "Chưa có bài viết nào được lập chỉ mục: thêm bài viết ở thẻ “Bài viết”."
        places = ", ".join(self.provinces[:8]) + (f" và {len(self.provinces) - 8} tỉnh khác"
                                                   if len(self.provinces) > 8 else "")
        years = f", các năm {self.years[0]}–{self.years[-1]}" if len(self.years) > 1 else \
            f", năm {self.years[0]}" if self.years else ""
        return f"Đang tra cứu **{self.articles} bài viết** về {places or 'nhiều địa phương'}{years}."


def overview(articles: dict, figures: list[FigureRow], lexicon: Lexicon, reads) -> Overview:
    """``articles``: the index's articles by id; ``reads(question)``: the answer span the reader
    picks for a question without the model (None when it abstains)."""
    provinces = sorted({a.province for a in articles.values() if a.province})
    years = sorted({int(y) for a in articles.values() for y in YEAR_RE.findall(a.date or "")} |
                   {int(y) for f in figures for y in YEAR_RE.findall(f.period)})
    return Overview(len(articles), provinces, years, example_questions(figures, lexicon, reads))


def example_questions(figures: list[FigureRow], lexicon: Lexicon, reads) -> list[str]:
    examples: list[str] = []
    used_provinces: set[str] = set()
    # One figure per article first, so the examples show the breadth of the corpus.
    seen_docs: set[str] = set()
    spread = [f for f in figures if not (f.doc in seen_docs or seen_docs.add(f.doc))]
    ordered = spread + [f for f in figures if f not in spread]
    tried = 0
    for figure in ordered:
        if len(examples) >= EXAMPLES_WANTED or tried >= CANDIDATES_TRIED:
            break
        question = question_for(figure, lexicon)
        if question is None or figure.province in used_provinces or question in examples:
            continue
        tried += 1
        if reads(question) == figure.text:
            examples.append(question)
            used_provinces.add(figure.province)
    return examples


def question_for(figure: FigureRow, lexicon: Lexicon) -> str | None:
    """A question an official might ask about ``figure``: what was counted ("dự án FDI") for a count,
    the money phrase before it ("kim ngạch xuất khẩu") for an amount of money."""
    if not figure.province:
        return None
    period = f" {figure.period}" if figure.period and figure.period != "lũy kế" else ""
    if figure.kind == "count":
        counted = figure.text.split(figure.number, 1)[-1].strip()
        # "12 thỏa thuận" asks well; "1,2 triệu người" would ask "bao nhiêu triệu người".
        if not (1 <= len(counted.split()) <= 4) or not counted[0].isalpha() or fold(counted.split()[0]) in lexicon.scales:
            return None
        return f"{figure.province}{period} có bao nhiêu {counted}?"
    if figure.kind == "money":
        phrase = _money_phrase(figure.sentence[:figure.start - figure.sentence_start], lexicon)
        return f"{phrase[0].upper()}{phrase[1:]} của {figure.province}{period} là bao nhiêu?" if phrase else None
    return None


def _money_phrase(before: str, lexicon: Lexicon) -> str | None:
    """The last money word before the figure and the words after it up to a function word:
    "Tổng kim ngạch xuất khẩu năm 2021 đạt" → "kim ngạch xuất khẩu"."""
    matches = list(phrase_pattern(lexicon.words("money_words"), capture=True).finditer(fold(before)))
    if not matches:
        return None
    stop = set(map(fold, lexicon.words("stop_nouns")))
    words = before[matches[-1].start():].split()
    kept = []
    for word in words:
        if kept and (fold(word) in stop or not word[0].isalpha()):
            break
        kept.append(word.strip(",;:"))
    return " ".join(kept[:5]) if kept else None
