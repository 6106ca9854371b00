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
MONEY_UNITS = ("usd", "dong", "vnd", "euro", "yen", "dollar", "ty dong", "trieu dong")
WEIGHT_UNITS = ("tan", "tons", "tonnes", "kg")
TIME_WORDS = {"thang", "nam", "ngay", "tuan", "gio", "nhiem ky"}

# A number not glued to a date ("12/2021", "10-4-2014") or to a code ("Covid-19", "15/CT-TTg").
NUMBER_RE = re.compile(r"(?<![\w/.,-])(?<!\w-)(\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?![\w/]|[.,]\d|-\w)")
QUALIFIER_RE = re.compile(r"(?<!\w)(?:hơn|gần|khoảng|trên|dưới|xấp xỉ|ước|over|about|nearly|almost) $", re.I)
_STOP_NOUNS = {"va", "voi", "so", "tang", "giam", "dat", "nam", "trong", "cua", "den", "tu", "la", "o", "tai",
               "cho", "nhu", "da", "dang", "duoc", "co", "con", "hon", "ve", "tren", "moi", "nay", "thi", "ca"}


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
        before = fold(text[max(0, match.start() - 8):match.start()]).split()
        if before and before[-1] in ("thang", "ngay"):  # "tháng 12", "ngày 9" are dates, not figures
            continue
        segments = _segments_after(text, match.end())
        scale = SCALES.get(fold(segments[0]), 1.0) if segments else 1.0
        consumed = 1 if scale != 1.0 else 0
        kind, unit_segments = _classify(number, segments[consumed:])
        written_end = _end_after(text, match.end(), segments[:consumed + unit_segments])
        # "hơn 8.000 lao động" is not "8.000 lao động": keep the qualifier in the quoted figure.
        qualifier = QUALIFIER_RE.search(text[max(0, match.start() - 12):match.start()])
        start = match.start() - (len(qualifier.group(0)) if qualifier else 0)
        figures.append(Figure(
            text=text[start:written_end].rstrip(" ,.;:"),
            number=number,
            value=read_vietnamese(number) * scale,
            kind=kind,
            unit="%" if kind == "percent" else fold(" ".join(segments[:consumed + unit_segments])),
            start=start,
            end=written_end,
        ))
    return figures


def _segments_after(text: str, pos: int) -> list[str]:
    """The words after a number, as underthesea segments them ("khu", "công nghiệp", "(", "KCN")."""
    from underthesea import word_tokenize

    tail = text[pos:pos + 48]
    return word_tokenize(tail) if tail.strip() else []


def _end_after(text: str, pos: int, segments: list[str]) -> int:
    end = pos
    for segment in segments:
        found = text.find(segment, end)
        if found < 0:
            break
        end = found + len(segment)
    return end


def _classify(number: str, segments: list[str]) -> tuple[str, int]:
    """(kind, how many of the segments after the number belong to the figure)."""
    words = [fold(s) for s in segments]
    first = words[0] if words else ""
    if first.startswith("%") or first == "phan tram" or first == "percent":
        return "percent", 1
    if first in MONEY_UNITS or first == "do la":
        return "money", 1
    if first in WEIGHT_UNITS:
        return "weight", 1
    if re.fullmatch(r"(19|20)\d\d", number):
        return "year", 0  # a bare 19xx/20xx is a year: Vietnamese writes counts that large as "2.035"
    if not first or first in _STOP_NOUNS or not re.match(r"[^\W\d_]", first):
        return "count", 0
    taken = 1
    # A one-syllable classifier takes the next word with it: "khu công nghiệp", "đoàn cán bộ", "điểm cầu".
    if " " not in first and first not in TIME_WORDS and not _is_acronym(segments[0]) and len(words) > 1 and words[1] not in _STOP_NOUNS \
            and re.match(r"[^\W\d_]", words[1]) and not _is_acronym(segments[1]):
        taken = 2
    # An acronym right after the noun qualifies it: "484 dự án FDI", "59 tổ chức PCPNN".
    if len(segments) > taken and _is_acronym(segments[taken]) and not _is_acronym(segments[0]):
        taken += 1
    return "count", taken


def _is_acronym(word: str) -> bool:
    return bool(re.fullmatch(r"[A-ZĐ]{2,}s?", word))
