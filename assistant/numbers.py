"""Figures in Vietnamese text: find them, read their value and unit, and compare them.

Vietnamese writes "1.217,78" ('.' groups thousands, ',' is the decimal mark) and scales
with words: nghìn/ngàn (10^3), triệu (10^6), tỷ/tỉ (10^9). Sources are read the Vietnamese
way only. A model's answer may use English style ("1,217.78 million"), so an answer's
number is read both ways and matches when either reading does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import fold

SCALES = {"nghin": 1e3, "ngan": 1e3, "trieu": 1e6, "ty": 1e9, "ti": 1e9,
          "thousand": 1e3, "million": 1e6, "billion": 1e9}
MONEY_UNITS = ("usd", "dong", "do la", "vnd", "euro", "yen", "dollar")
WEIGHT_UNITS = ("tan", "tons", "tonnes", "kg")
PERCENT_UNITS = ("%", "phan tram", "percent")

# A number not glued to a date ("12/2021", "10-4-2014") or to a code ("Covid-19", "15/CT-TTg").
NUMBER_RE = re.compile(r"(?<![\w/.,-])(?<!\w-)(\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?![\w/]|[.,]\d|-\d)")
QUALIFIER_RE = re.compile(r"(?<!\w)(?:hơn|gần|khoảng|trên|dưới|xấp xỉ|ước|over|about|nearly|almost) $", re.I)
_UNIT_RE = re.compile(r"\s*(%|[^\W\d_]+(?:\s+[^\W\d_]+){0,2})")
_STOP_NOUNS = {"va", "voi", "so", "tang", "giam", "dat", "nam", "trong", "cua", "den", "tu", "la", "o", "tai",
               "cho", "nhu", "da", "dang", "duoc", "co", "con", "hon", "ve", "tren", "moi", "nay", "thi"}


@dataclass(frozen=True)
class Figure:
    text: str  # as written, with scale word and unit: "1.217,78 triệu USD"
    number: str  # "1.217,78"
    value: float  # number times scale: 1217780000.0
    kind: str  # percent | money | weight | year | count
    unit: str  # folded unit words after the number: "trieu usd", "du an fdi", "%"
    start: int
    end: int


def read_vietnamese(number: str) -> float:
    return float(number.replace(".", "").replace(",", "."))


def readings(number: str) -> set[float]:
    """Every plausible value of a number written by a model in either convention."""
    vietnamese = read_vietnamese(number)
    english = float(number.replace(",", ""))
    if "." in number and "," in number:  # the last separator is the decimal mark
        return {vietnamese} if number.rfind(",") > number.rfind(".") else {english}
    return {vietnamese, english}


def find_figures(text: str) -> list[Figure]:
    figures = []
    for match in NUMBER_RE.finditer(text):
        number = match.group(1)
        tail = text[match.end():match.end() + 40]
        unit_match = _UNIT_RE.match(tail)
        written_words = unit_match.group(1).split() if unit_match else []
        unit_words = [fold(w) for w in written_words]
        scale = 1.0
        consumed = 0
        if unit_words and unit_words[0] in SCALES:
            scale = SCALES[unit_words[0]]
            consumed = 1
        kind, unit_word_count = _classify(number, written_words[consumed:], text[:match.start()])
        n_words = 0 if kind == "year" else consumed + unit_word_count
        written_end = _end_after_units(text, match.end(), n_words)
        # "hơn 8.000 lao động" is not "8.000 lao động": keep the qualifier in the quoted figure.
        qualifier = QUALIFIER_RE.search(text[max(0, match.start() - 12):match.start()])
        start = match.start() - (len(qualifier.group(0)) if qualifier else 0)
        figures.append(Figure(
            text=text[start:written_end].rstrip(" ,.;:"),
            number=number,
            value=read_vietnamese(number) * scale,
            kind=kind,
            unit="%" if kind == "percent" else " ".join(unit_words[:n_words]),
            start=start,
            end=written_end,
        ))
    return figures


def _end_after_units(text: str, pos: int, n_words: int) -> int:
    end = pos
    for _ in range(n_words):
        m = re.match(r"\s*(%|[^\W\d_]+)", text[end:])
        if not m:
            break
        end += m.end()
    return end


def _classify(number: str, written: list[str], before: str) -> tuple[str, int]:
    """(kind, number of the written words after the number that belong to the figure)."""
    words = [fold(w) for w in written]
    unit = " ".join(words)
    if unit.startswith("%") or any(unit.startswith(u) for u in PERCENT_UNITS[1:]):
        return "percent", 1 if unit.startswith("%") else len(PERCENT_UNITS[1].split())
    for money in MONEY_UNITS:
        if unit.startswith(money):
            return "money", len(money.split())
    if words and words[0] in WEIGHT_UNITS:
        return "weight", 1
    if re.fullmatch(r"(19|20)\d\d", number) and (not words or words[0] in _STOP_NOUNS or
                                                  fold(before[-12:]).rstrip().endswith(("nam", "in", "year"))):
        return "year", 0
    noun = []
    for w in words[:2]:
        if w in _STOP_NOUNS:
            break
        noun.append(w)
    # A third word only when it is an acronym that qualifies the noun: "484 dự án FDI".
    if len(noun) == 2 and len(words) > 2 and re.fullmatch(r"[A-Z]{2,}s?", written[2]):
        noun.append(words[2])
    return "count", len(noun)
