"""Figures in Vietnamese text: find them, read their value and unit, and compare them.

Vietnamese writes "1.217,78" ('.' groups thousands, ',' is the decimal mark) and scales
with words: nghìn/ngàn (10^3), triệu (10^6), tỷ/tỉ (10^9). Sources are read the Vietnamese
way only. A model's answer may use English style ("1,217.78 million"), so an answer's
number is read both ways and matches when either reading does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import Lexicon, default_lexicon
from .text import compared_as, fold

# A number not glued to a date ("12/2021", "10-4-2014") or to a code ("Covid-19", "15/CT-TTg").
DIGITS = r"(\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
NUMBER = rf"(?<![\w/.,-])(?<!\w-){DIGITS}"
NUMBER_RE = re.compile(rf"{NUMBER}(?![\w/]|[.,]\d|-\w)")
RANGE_DASH_RE = re.compile(r"\s+[-–]\s+|[–]")
YEAR_RE = re.compile(r"(?:19|20)\d\d")
# (A hyphen may also write one date: "7-12-2025", "tháng 9-2024".)
DATE_RANGE_RE = re.compile(r"(?<!\d)(?!\d{1,2}-(?:\d{1,2}-)?(?:19|20)\d\d(?!\d))\d+\s*(?:[-–]|\b(?:đến|den|tới|toi)(?:\s+(?:hết|het))?\b)"
                           r"\s*(?:(?:ngày|ngay)\s+)?\d", re.IGNORECASE)
# A range of days ("ngày 13 đến 16/6", "13-16/6/2024", "27/4 đến hết ngày 3/5/2023", "30/12/2023 đến 01/01/2024"),
# two days of a month ("22 và 23/10/2019") or a range of years ("2024-2026") is one date.
DATE_RE = re.compile(r"(?:\b(?:ngày|ngay)\s+)?(?<![\d/.,])\d{1,2}(?:/\d{1,2}(?:/(?:19|20)\d\d)?)?\s*(?:[-–]|\b(?:đến|den|tới|toi|và|va)(?:\s+(?:hết|het))?\b)"
                     r"\s*(?:(?:ngày|ngay)\s+)?\d{1,2}/\d{1,2}(?:/(?:19|20)\d\d)?(?![\d/])|"
                     r"(?<![\d/.,])(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d(?![\d/])|"
                     r"(?:\b(?:ngày|ngay)\s+)?(?<![\d/])\d{1,2}/\d{1,2}(?:/(?:19|20)\d\d)?(?![\d/])|"
                     r"(?:\b(?:ngày|ngay)\s+)?(?<![\d/.,-])\d{1,2}-\d{1,2}-(?:19|20)\d\d(?![\d-])|"  # "7-12-2025"
                     r"\b(?:(?:đầu|giữa|cuối|dau|giua|cuoi)\s+)?(?:tháng|thang)\s+\d{1,2}[/-](?:19|20)\d\d\b|\b(?:quý|quy)\s+(?:IV|I{1,3}|[1-4])/(?:19|20)\d\d\b|"
                     r"\b(?:năm|nam)\s+(?:19|20)\d\d\b", re.IGNORECASE)


@dataclass(frozen=True)
class Figure:
    text: str  # as written, with scale word and unit: "1.217,78 triệu USD"
    number: str  # "1.217,78"
    value: float  # number times scale: 1217780000.0
    kind: str  # percent | money | weight | area | length | year | count | rank
    unit: str  # folded unit words after the number: "trieu usd", "du an fdi", "%"
    start: int
    end: int


def read_vietnamese(number: str) -> float:
    return float(number.replace(".", "").replace(",", "."))


def readings(number: str) -> set[float]:
    """Every plausible value of a number written by a model in either convention."""
    if number.count(".") > 1:  # "12.327.219.000": '.' can only group thousands
        return {read_vietnamese(number)}
    if number.count(",") > 1:  # "12,327,219": ',' can only group thousands
        return {float(number.replace(",", ""))}
    vietnamese, english = read_vietnamese(number), float(number.replace(",", ""))
    if "." in number and "," in number:  # the last separator is the decimal mark
        return {vietnamese} if number.rfind(",") > number.rfind(".") else {english}
    return {vietnamese, english}


def find_figures(text: str, lexicon: Lexicon | None = None) -> list[Figure]:
    lexicon = lexicon or default_lexicon()
    qualifier_re, _, number_re, hyphen_range_re = _patterns(lexicon)
    figures = _ranks(text, lexicon)
    ranked = [(f.start, f.end) for f in figures]
    # (where the figure's first number starts, the number that takes the unit, where it ends); a range written
    # with a bare hyphen ("225.000-235.000 đồng/kg", "10-12%") is one such number starting at its first.
    numbers = sorted([(m.start(), m.group(2), m.end()) for m in hyphen_range_re.finditer(text)
                      if not (YEAR_RE.fullmatch(m.group(1)) and YEAR_RE.fullmatch(m.group(2)))]
                     + [(m.start(), m.group(1), m.end()) for m in number_re.finditer(text)])
    range_start = None  # "220 - 280 triệu USD" is one figure, a range: its first number takes the unit of the second
    for (begin, number, end), following in zip(numbers, numbers[1:] + [None]):
        if any(a <= begin < b for a, b in ranked):
            continue
        if following and RANGE_DASH_RE.fullmatch(text[end:following[0]]) and not YEAR_RE.fullmatch(number):
            range_start = begin if range_start is None else range_start
            continue
        before = fold(text[max(0, begin - 8):begin]).split()
        if before and before[-1] in lexicon.date_words:
            continue
        segments = _segments_after(text, end, lexicon)
        scale, consumed = 1.0, 0
        while consumed < len(segments) and fold(segments[consumed]) in lexicon.scales:  # "nghìn tỷ"
            scale *= lexicon.scales[fold(segments[consumed])]
            consumed += 1
        kind, unit_segments = _classify(number, segments[consumed:], lexicon)
        written_end = _end_after(text, end, segments[:consumed + unit_segments])
        # "hơn 8.000 lao động" is not "8.000 lao động": keep the qualifier in the quoted figure.
        first = begin if range_start is None else range_start
        range_start = None
        qualifier = qualifier_re.search(text[max(0, first - 12):first])
        start = first - (len(qualifier.group(0)) if qualifier else 0)
        figures.append(Figure(
            text=text[start:written_end].rstrip(" ,.;:"),
            number=number,
            value=read_vietnamese(number) * scale,
            kind=kind,
            unit="%" if kind == "percent" else fold(" ".join(segments[:consumed + unit_segments])),
            start=start,
            end=written_end,
        ))
    return sorted(figures, key=lambda f: f.start)


@lru_cache(maxsize=8)
def _patterns(lexicon: Lexicon) -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    """Built once per lexicon: a qualifier just before a number ("hơn ", "gần "), a place in a ranking,
    a number, which may have a measure's unit glued to it ("19,7km", "43ha"), and two numbers joined by a
    hyphen, not a date ("10-12%"; not "10-4-2014" nor "13-16/6")."""
    qualifiers = "|".join(map(re.escape, lexicon.words("qualifiers")))
    ordinals = "|".join(sorted(map(re.escape, lexicon.words("ordinals")), key=len, reverse=True))
    glued = "|".join(sorted((re.escape(u) for kind in ("weight", "area", "length")
                             for u in lexicon.words("units", kind) if re.fullmatch(r"[a-z0-9²]+", u)), key=len, reverse=True))
    ending = rf"(?!(?!(?:{glued})\b)[\w/]|[.,]\d|-\w)"
    return (re.compile(rf"(?<!\w)(?:{qualifiers}) $", re.I),
            re.compile(rf"\b(?:(?:đứng|xếp|hạng|vị trí|top)\s+)?thứ\s+(\d+(?:/\d+)?|{ordinals})\b|"
                       rf"\b(?:đứng|xếp|hạng|xếp hạng)\s+(\d+/\d+)\b|\b(đứng đầu|dẫn đầu)\b|"
                       rf"\b(?:vị trí|hạng)\s+(số\s+\d+)\b", re.IGNORECASE),
            re.compile(rf"{NUMBER}{ending}"),
            re.compile(rf"{NUMBER}-{DIGITS}{ending}"))


def _ranks(text: str, lexicon: Lexicon) -> list[Figure]:
    """"đứng thứ 3", "xếp thứ hai", "đứng thứ 23/63", "hạng 6/34", "đứng đầu", "vị trí số 1": a place in a ranking."""
    _, pattern, _, _ = _patterns(lexicon)
    figures = []
    for m in pattern.finditer(text):
        word = m.group(1) or m.group(2) or m.group(3) or m.group(4).split()[-1]  # "vị trí số 1": place 1
        place = word.split("/")[0]
        value = int(place) if place.isdigit() else lexicon.ordinals.get(fold(place), 1)
        # Quote "thứ 3", not "đứng thứ 3"; "số 1", not "vị trí số 1".
        start = m.start(1) - 4 if m.group(1) else m.start(4) if m.group(4) else m.start()
        number = place if place.isdigit() else str(value)  # "thứ hai" is place 2; "thứ 23/63" place 23
        figures.append(Figure(text[start:m.end()], number, float(value), "rank", "", start, m.end()))
    return figures


def find_dates(text: str) -> list[tuple[int, int, str]]:
    """Dates and years as written ("ngày 5/8/2009", "21/9/1973", "tháng 9/2014", "quý III/2025", "năm 1998"):
    (start, end, text)."""
    dates = []
    for m in DATE_RE.finditer(text):
        day_month = re.search(r"(\d{1,2})/(\d{1,2})(?:/|$)", m.group(0))
        if day_month and not (1 <= int(day_month.group(1)) <= 31 and 1 <= int(day_month.group(2)) <= 12):
            continue  # "23/63" is a rank, not a date
        dates.append((m.start(), m.end(), m.group(0)))
    return dates


def _segments_after(text: str, pos: int, lexicon: Lexicon) -> list[str]:
    """The words after a number, as underthesea segments them ("khu", "công nghiệp", "(", "KCN"),
    with scale words split off ("tỷ đồng" → "tỷ", "đồng")."""
    from underthesea import word_tokenize

    tail = text[pos:pos + 48]
    segments = []
    for segment in word_tokenize(tail) if tail.strip() else []:
        words = segment.split(" ")
        while len(words) > 1 and fold(words[0]) in lexicon.scales:
            segments.append(words.pop(0))
        segments.append(" ".join(words))
    return segments


def _end_after(text: str, pos: int, segments: list[str]) -> int:
    end = pos
    for segment in segments:
        found = text.find(segment, end)
        if found < 0:
            break
        end = found + len(segment)
    return end


def _classify(number: str, segments: list[str], lexicon: Lexicon) -> tuple[str, int]:
    """(kind, how many of the segments after the number belong to the figure)."""
    words = [fold(s) for s in segments]
    first = words[0] if words else ""
    two = " ".join(words[:2])
    if first.startswith("%"):
        return "percent", 1
    for phrase, taken in ((two, 2), (first, 1)):
        if phrase in lexicon.units:
            return lexicon.units[phrase], taken
    if re.fullmatch(r"(19|20)\d\d", number):
        return "year", 0  # a bare 19xx/20xx is a year: Vietnamese writes counts that large as "2.035"
    if first in lexicon.time_words and not (len(words) > 1 and YEAR_RE.fullmatch(words[1])):
        return "count", 1  # a span of time: "từ 01 năm trở lên", "trong 7 tháng" ("12 năm 2023" is no span)
    stop_nouns = {fold(w) for w in lexicon.words("stop_nouns")}
    # Compared with its marks where it has them: "12 hãng hàng không" counts airlines, though "hãng" folds as "hàng".
    key = compared_as(segments[0]) if segments else fold
    is_stop = bool(segments) and key(segments[0]) in {key(w) for w in lexicon.words("stop_nouns")}
    if not first or is_stop or not re.match(r"[^\W\d_]", first):
        return "count", 0
    taken = 1
    # A one-syllable classifier takes the next word with it: "khu công nghiệp", "đoàn cán bộ", "điểm cầu".
    if " " not in first and first not in lexicon.time_words and not _is_acronym(segments[0]) and len(words) > 1 \
            and words[1] not in stop_nouns and re.match(r"[^\W\d_]", words[1]) and not _is_acronym(segments[1]):
        taken = 2
    # An acronym right after the noun qualifies it: "484 dự án FDI", "59 tổ chức PCPNN".
    if len(segments) > taken and _is_acronym(segments[taken]) and not _is_acronym(segments[0]):
        taken += 1
    return "count", taken


def _is_acronym(word: str) -> bool:
    return bool(re.fullmatch(r"[A-ZĐ]{2,}s?", word))
