"""Extract: choose the sentence, and the figure in it, that answers the question.

This step, not the language model, decides what the answer is. Each sentence of the
retrieved chunks is scored by how many of the question's content words it holds (word
pairs count extra, so "xuất khẩu" beats "nhập khẩu"), whether it has a figure of the kind
asked (a count of the noun asked, money, a percentage, a year…), and whether it or the
sentences just before it mention the year asked. Names the question uses (countries,
companies) must appear near the sentence. When nothing qualifies, the result says why,
and the assistant abstains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .chunk import Chunk, Sentence
from .numbers import Figure, find_figures
from .question import Query
from .retrieve import Hit
from .text import expand_abbreviations, find_provinces, fold

FIGURE_KINDS = {"percent", "money", "weight", "count", "year"}
YEAR_LOOKBACK = 4  # sentences before the answer that may set its year ("Năm 2020, … GRDP đạt …")
_BASE_YEAR_RE = re.compile(r"so với (?:cùng kỳ )?năm (?:19|20)\d\d", re.IGNORECASE)
MIN_COVERAGE = {"figure": 0.3, "text": 0.5}


@dataclass(frozen=True)
class Evidence:
    chunk: Chunk
    sentence: Sentence
    score: float  # retrieval score of the chunk


@dataclass
class Extraction:
    evidence: list[Evidence]  # [0] holds the answer; a later one may give its period
    figure: Figure | None = None
    abstain_reason: str | None = None  # "province" | "year" | "not_found"
    missing: str | None = None  # what the articles lack, for the abstention message
    span: tuple[int, int] = (0, 0)  # the answer within evidence[0]: the figure, or the clause most about the question


def extract(query: Query, hits: list[Hit], covered_provinces: set[str]) -> Extraction:
    unknown = [p for p in query.provinces if p not in covered_provinces]
    if query.provinces and len(unknown) == len(query.provinces):
        return Extraction([], abstain_reason="province", missing=", ".join(unknown))
    best: tuple[float, Evidence, Figure | None, Evidence | None] | None = None
    pairs = _keyword_pairs(query)
    names = _names_in_question(query)
    for rank, hit in enumerate(hits):
        sentences = hit.before + hit.chunk.sentences
        for i, sentence in enumerate(sentences):
            if i < len(hit.before):
                continue  # context only: answers come from the chunk itself
            folded = expand_abbreviations(fold(sentence.text))
            matched = [k for k in query.keywords if re.search(rf"\b{re.escape(k)}\b", folded)]
            coverage = len(matched) / max(1, len(query.keywords))
            nearby = " ".join(s.text for s in sentences[max(0, i - 2):i + 1])
            if names and not all(n in fold(nearby + " " + hit.chunk.title) for n in names):
                continue
            if query.qualifiers and not all(re.search(rf"\b{q}\b", expand_abbreviations(fold(nearby)))
                                            for q in query.qualifiers):
                continue
            period = None
            if query.years and not _mentions_year(sentence.text, query.years):
                period = next((s for s in reversed(sentences[max(0, i - YEAR_LOOKBACK):i])
                               if _mentions_year(s.text, query.years)), None)
                if period is None:
                    continue
            figure = None
            if query.kind in FIGURE_KINDS:
                figure = _pick_figure(query, sentence.text, matched)
                if figure is None:
                    continue
            if coverage < MIN_COVERAGE["figure" if figure else "text"]:
                continue
            score = len(matched) + sum(p in folded for p in pairs) + 0.5 / (1 + rank)
            if best is None or score > best[0]:
                context = Evidence(hit.chunk, period, hit.score) if period else None
                best = (score, Evidence(hit.chunk, sentence, hit.score), figure, context)
    if best is None:
        # "No information about 2015" only when no retrieved passage mentions the year at all.
        year_unknown = query.years and not any(_mentions_year(h.chunk.text, query.years) for h in hits)
        missing = " ".join(query.provinces + query.years) or None
        return Extraction([], abstain_reason="year" if year_unknown else "not_found", missing=missing)
    _, evidence, figure, context = best
    span = (figure.start, figure.end) if figure else _best_clause(evidence.sentence.text, query.keywords)
    return Extraction([evidence] + ([context] if context else []), figure=figure, span=span)


def _best_clause(sentence: str, keywords: list[str]) -> tuple[int, int]:
    """The clause ("…; Thỏa thuận … với Tập đoàn Sumitomo (Nhật Bản); …") holding most of the question's words."""
    cuts = [0] + [m.end() for m in re.finditer(r"[;:]\s", sentence)] + [len(sentence)]

    def hits(clause: tuple[int, int]) -> int:
        text = expand_abbreviations(fold(sentence[clause[0]:clause[1]]))
        return sum(bool(re.search(rf"\b{re.escape(k)}\b", text)) for k in keywords)

    return max(((a, b) for a, b in zip(cuts, cuts[1:]) if b > a), key=hits)


def _mentions_year(text: str, years: list[str]) -> bool:
    """Whether ``text`` is about one of ``years``; "tăng 14,2% so với năm 2019" is about another year."""
    text = _BASE_YEAR_RE.sub("", text)
    return any(re.search(rf"(?<!\d){y}(?!\d)", text) for y in years)


def _pick_figure(query: Query, sentence: str, matched: list[str]) -> Figure | None:
    figures = [f for f in find_figures(sentence) if f.kind == query.kind]
    if query.kind == "count" and query.noun:
        wanted = set(query.noun.split())
        figures = [f for f in figures if f.unit and (wanted <= set(expand_abbreviations(f.unit).split())
                                                     or set(f.unit.split()) <= wanted)]
    if query.years and query.kind == "year":
        figures = [f for f in figures if f.number not in query.years]
    if not figures:
        return None
    folded = fold(sentence)  # same length as the sentence, so offsets line up with the figures'
    anchors = [m.end() for k in matched for m in re.finditer(rf"\b{re.escape(k)}\b", folded)]
    asks_change = re.search(r"\b(tang|giam|increase|decrease|rise|fall)\b", fold(query.text))

    def distance(figure: Figure) -> float:
        # The figure right after the question's words ("xuất khẩu … đạt 1.217,78 triệu USD"),
        # and not a change ("tăng 1.174 lao động") unless the question asks for one.
        before = [figure.start - a for a in anchors if a <= figure.start]
        is_change = re.search(r"\b(tang|giam)\s*$", folded[:figure.start])
        return (min(before) if before else 1e6 + figure.start) + (1e5 if is_change and not asks_change else 0)

    return min(figures, key=distance)


def _keyword_pairs(query: Query) -> list[str]:
    return [f"{a} {b}" for a, b in zip(query.keywords, query.keywords[1:])]


def _names_in_question(query: Query) -> list[str]:
    """Capitalised names in a Vietnamese question (not provinces, not the first word), folded.
    English questions name things in English, which the Vietnamese sentences cannot match."""
    if query.lang != "vi":
        return []
    province_words = {w for p in find_provinces(query.text) for w in fold(p).split()}
    tokens = re.findall(r"\w+", query.text)
    names, current = [], []
    for i, token in enumerate(tokens + [""]):
        if i > 0 and token[:1].isupper() and not token.isupper() and fold(token) not in province_words:
            current.append(token)
            continue
        if current:
            names.append(fold(" ".join(current)))
            current = []
    return names
