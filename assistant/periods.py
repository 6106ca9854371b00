"""Periods as values: what time a figure covers and what time a question asks about.

"6 tháng đầu năm 2023", "quý III/2024", "nửa đầu năm", "từ đầu năm đến hết tháng 10/2025",
"lũy kế đến nay", "giai đoạn 2016 - 2020" and "năm 2022" are each read into a ``Period``
(a year or span of years, a range of months within the year, and whether it is a running
total), from the question and from the text around each figure, and then compared. The
words come from the lexicon's ``periods`` section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from .lexicon import Lexicon, phrase_pattern
from .text import fold

YEAR = r"(?:19|20)\d\d"
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


@dataclass(frozen=True)
class Period:
    year: int | None = None
    span: tuple[int, int] | None = None  # "giai đoạn 2016 - 2020"
    months: tuple[int, int] | None = None  # within the year; None: the whole year or not said
    cumulative: bool = False  # a running total: "lũy kế", "tính đến", "đến nay"
    since: bool = False  # the year and every one after it: "từ năm 2023 đến nay", "kể từ năm 2023"
    on_day: bool = False  # an event on a day of ``months``' month ("Sáng 11/9/2023, … trao giấy phép …")
    whole_year: bool = False  # "trong năm": the year of the text around, all of it
    until: int | None = None  # the month a running total reaches: "đến tháng 5/2025", "tính đến ngày 17/3/2025"

    @property
    def empty(self) -> bool:
        return self == Period()

    def filled_from(self, other: "Period") -> "Period":
        """This period, with what it leaves unsaid taken from ``other`` (the text before it). A
        period that names its year ("Năm 2021, …") is the whole year: it takes no months."""
        named = bool(self.year or self.span or self.whole_year)
        inherits_months = not self.months and not named
        return replace(self, year=self.year or (other.year if not self.span else None),
                       span=self.span or (other.span if not self.year else None),
                       months=self.months or (other.months if inherits_months else None),
                       cumulative=self.cumulative or (other.cumulative and not named),
                       on_day=self.on_day or (other.on_day and inherits_months),
                       # "Tỉnh phấn đấu trong năm …" then "Nhóm lớn nhất … 810 người": still the whole year.
                       whole_year=self.whole_year or (other.whole_year and inherits_months),
                       until=self.until or (other.until if inherits_months else None))

    def describe(self) -> str:
        """In words: "6 tháng đầu năm 2023", "tháng 7–9 năm 2024", "đến tháng 5 năm 2025", "lũy kế"."""
        parts = []
        if self.months:
            a, b = self.months
            parts.append(f"tháng {a}" if a == b else f"{b} tháng đầu năm" if a == 1 else f"tháng {a}–{b}")
        elif self.until:
            parts.append(f"đến tháng {self.until}")
        if self.year:
            parts.append(str(self.year) if parts and parts[-1].endswith("năm") else f"năm {self.year}")
            if self.since:
                parts[-1] = f"từ {parts[-1]}"
        if self.span:
            parts.append(f"{self.span[0]}–{self.span[1]}")
        if self.cumulative:
            parts.append("lũy kế")
        return " ".join(parts)


@dataclass(frozen=True)
class _Patterns:
    base_time: re.Pattern  # a compared-with time: "so với 7 tháng năm 2015"
    reported_on: re.Pattern  # the day figures were reported, not a time they cover: "Báo cáo ngày 24/9 của Sở"
    of_plan: re.Pattern  # a share of a plan, up to where its time may follow: "gần 80% chỉ tiêu … đặt ra cho"
    year_to_date: re.Pattern  # "từ đầu năm đến hết tháng 10"
    month_range: re.Pattern  # "từ tháng 1 đến hết tháng 7/2024"
    n_months: re.Pattern  # "7 tháng", "bảy tháng"
    quarter: re.Pattern  # "quý III", "Q3"
    quarter_name: re.Pattern  # a quarter said in words: "quý đầu năm", "first quarter"
    since_year: re.Pattern  # "từ năm 2023" not followed by "đến 2025"
    last: re.Pattern  # "… tháng cuối năm": the year's last months
    until: re.Pattern  # "đến hết tháng 5/2025", "tính đến ngày 17/3/2025": the month a running total reaches
    ends_total: re.Pattern  # what stands before such a month: "đến giữa", "by mid-"
    day_span: re.Pattern  # an event's days: "từ ngày 27/4 đến hết ngày 3/5/2023", "13-16/6"
    month_name: re.Pattern  # an English month, perhaps with its day: "7 December", "March 3", "in March"
    bounded: re.Pattern  # what bounds a span before a month: "since", "from", "until"
    numbers: dict[str, int]  # written numbers: "bảy" → 7
    month_numbers: dict[str, int]  # "December" → 12, "tháng Giêng" → 1
    quarter_numbers: dict[str, int]  # "quy dau" → 1


@lru_cache(maxsize=8)
def _patterns(lexicon: Lexicon) -> _Patterns:
    """The lexicon's period patterns, built once per lexicon."""
    numbers = {fold(k): v for k, v in lexicon.words("periods", "written_numbers").items()}
    written = "|".join(sorted(map(re.escape, numbers), key=len, reverse=True))
    base = phrase_pattern(lexicon.words("periods", "base_markers")).pattern
    to_date = phrase_pattern(lexicon.words("periods", "year_to_date")).pattern
    since = phrase_pattern(lexicon.words("periods", "range_from")).pattern
    until = phrase_pattern(lexicon.words("periods", "range_to")).pattern
    month_word = phrase_pattern(lexicon.words("periods", "month")).pattern
    first = phrase_pattern(lexicon.words("periods", "first")).pattern
    last = phrase_pattern(lexicon.words("periods", "last")).pattern
    month = rf"{month_word}\s*(\d{{1,2}})"
    quarter = "|".join(sorted({re.escape(fold(w)) for w in lexicon.words("periods", "quarter")}, key=len, reverse=True))
    fillers = phrase_pattern(lexicon.words("periods", "until_fillers")).pattern  # "đến giữa tháng 3", "by mid-March"
    month_numbers = {m: i for i, m in enumerate(lexicon.words("periods", "month_names"), 1)}
    month_numbers |= lexicon.words("periods", "month_aliases")
    quarter_numbers = {fold(k): v for k, v in lexicon.words("periods", "quarter_names").items()}
    plans = phrase_pattern(lexicon.words("targets")).pattern
    reported = phrase_pattern(lexicon.words("periods", "report_markers")).pattern
    names = "|".join(month_numbers)  # matched as written: folded, "May" is also "máy" (of "máy móc")
    return _Patterns(
        # "so với (cùng kỳ) (7 tháng | nửa đầu | quý I) năm 2015": a few words between the marker and the year.
        re.compile(rf"{base}\s+(?:cung ky\s+)?(?:(?:\d{{1,2}}|{written})\s+{month_word}\s+(?:{first}\s+)?)?"
                   rf"(?:[^\W\d]+\s+){{0,5}}(?:(?:nam|in|thang \d{{1,2}}\s*/?)\s*)?{YEAR}"
                   rf"|{base}\s+(?:cung ky\s+)?{month_word}\s*\d{{1,2}}\b(?!\s*/)"  # "cao hơn tháng 10 là 3,37%"
                   rf"|\bcung ky\s+(?:nam\s+)?{YEAR}"  # "… gấp 3 lần mức của cùng kỳ năm 2017"
                   # "84,7% kế hoạch năm 2025", "200% kế hoạch đặt ra cho cả năm": the plan's time, not the share's
                   rf"|%\s*(?:cua\s+)?{plans}(?:\s+[^\W\d]+){{0,3}}?\s+(?:ca\s+)?nam(?:\s+{YEAR})?(?!\s*\d)"),
        re.compile(rf"{reported}\s+(?:(?:sang|chieu|toi|trua|hom)\s+)?(?:ngay\s+)?"
                   rf"\d{{1,2}}\s*/\s*\d{{1,2}}(?:\s*/\s*{YEAR})?"),
        re.compile(rf"%[^,;.]*{plans}[^,;.]*$"),
        re.compile(rf"{to_date}.{{0,20}}?\b{month}\b"),
        re.compile(rf"{since}\s+{month}(?:\s*/\s*{YEAR})?\s*,?\s*{until}\s+{month}\b"),
        re.compile(rf"\b(\d{{1,2}}|{written})\s+(?:thang|months?)\b(?!\s*\d{{1,2}}\b)"),
        re.compile(rf"(?<!\w)(?:{quarter})\s*(iv|iii|ii|i|[1-4])\b"),
        phrase_pattern(quarter_numbers),
        re.compile(rf"{since}\s+(?:nam\s+)?{YEAR}\b(?!\s*(?:-|–|{until})\s*(?:nam\s+)?{YEAR})"),
        re.compile(rf"\s+(?:{last})\b"),
        re.compile(rf"{until}\s+(?:{fillers}[\s-]+)*"
                   rf"(?:{month}|\d{{1,2}}\s*/\s*(\d{{1,2}})(?=\s*/\s*{YEAR}))"),
        re.compile(rf"\b(?:ngay|het|{until})(?:[\s-]+{fillers})?[\s-]*$"),
        re.compile(rf"(?<![\d/.,])\d{{1,2}}(?:\s*/\s*(\d{{1,2}}))?\s*(?:[-–]|\s(?:{until})\s)\s*(?:{fillers}\s+)?"
                   rf"\d{{1,2}}\s*/\s*(\d{{1,2}})(?![\d.,])"),
        re.compile(rf"(?:\b(?P<before>\d{{1,2}})\s+)?\b(?P<name>{names})\b(?:\s+(?P<after>\d{{1,2}})\b(?!\d))?"),
        re.compile(rf"(?:{since}|{until}|{phrase_pattern(lexicon.words('periods', 'cumulative')).pattern})\s*(?:\d{{1,2}}\s+)?$"),
        numbers, month_numbers, quarter_numbers)


def compared_years(text: str, lexicon: Lexicon) -> set[str]:
    """The years ``text`` compares with ("tăng 65% so với Tết năm 2025": {"2025"})."""
    return {y for m in _patterns(lexicon).base_time.finditer(fold(text)) for y in re.findall(YEAR, m.group())}


def days_named(text: str, lexicon: Lexicon) -> list[tuple[int, int]]:
    """The days ``text`` names, as (day, month): "ngày 17/2", "7-12-2025", "7 December", "March 3"."""
    patterns = _patterns(lexicon)
    named = [(int(d), int(m)) for d, m in re.findall(r"(?<![\d/.,])(\d{1,2})\s*[/-]\s*(\d{1,2})(?![\d])", text)]
    named += [(int(m.group("before") or m.group("after")), patterns.month_numbers[m.group("name")])
              for m in patterns.month_name.finditer(text) if m.group("before") or m.group("after")]
    return [(d, m) for d, m in named if 1 <= d <= 31 and 1 <= m <= 12]


def read_period(text: str, lexicon: Lexicon) -> Period:
    """The period ``text`` speaks of; fields it does not state are left empty."""
    patterns = _patterns(lexicon)
    # "tăng 14,2% so với năm 2019", "cao hơn tháng 2/2019": the time compared with is not the figure's.
    folded = patterns.reported_on.sub(" ", patterns.base_time.sub(" ", fold(text)))
    months = None
    if lexicon.pattern("periods", "half_first").search(folded):
        months = (1, 6)
    elif lexicon.pattern("periods", "half_second").search(folded):
        months = (7, 12)
    elif m := patterns.quarter.search(folded):
        q = ROMAN.get(m.group(1)) or int(m.group(1))
        months = (3 * q - 2, 3 * q)
        before = re.sub(rf"\s+{YEAR}\b", "", folded[max(0, m.start() - 35):m.start()])
        if lexicon.pattern("periods", "year_to_date").search(before):
            months = (1, 3 * q)  # "từ đầu năm đến hết quý III": the months since January
    elif m := patterns.quarter_name.search(folded):
        q = patterns.quarter_numbers[m.group().strip()]
        months = (3 * q - 2, 3 * q)
    elif m := patterns.year_to_date.search(re.sub(rf"\s+{YEAR}\b", "", folded)):  # "từ đầu năm 2024 đến …"
        months = (1, int(m.group(1)))
    elif m := patterns.month_range.search(folded):
        months = (int(m.group(1)), int(m.group(2)))
    elif m := patterns.n_months.search(folded):
        n = int(m.group(1)) if m.group(1).isdigit() else patterns.numbers.get(m.group(1))
        months = None if not n or not 1 <= n <= 12 else (13 - n, 12) if patterns.last.match(folded, m.end()) else (1, n)
    elif m := re.search(rf"(?<!den )(?<!het )(?<!toi )\b(?:rieng\s+)?thang\s*(\d{{1,2}})(?:\s*[/-]\s*{YEAR})?\b", folded):
        # "đến (giữa/cuối) tháng 3/2025" ends a running total; it is not the month's own figure.
        if not patterns.ends_total.search(folded[:m.start()]):
            months = (int(m.group(1)),) * 2
    on_day = False
    if months is None and (m := patterns.month_name.search(text)) and not patterns.ends_total.search(folded[:m.start()]) \
            and not patterns.bounded.search(folded[:m.start()]):  # "since May 2023", "until March" bound a span
        months, on_day = (patterns.month_numbers[m.group("name")],) * 2, bool(m.group("before") or m.group("after"))
    if months is None and (m := patterns.day_span.search(folded)) and 1 <= int(m.group(2)) <= 12:
        months = (int(m.group(1) or m.group(2)), int(m.group(2)))  # a span of days is in the months of its days
    if months is None and (m := re.search(rf"\b\d{{1,2}}\s*([/-])\s*(\d{{1,2}})\s*\1\s*{YEAR}\b", folded)) \
            and not re.search(r"\b(?:den|het|toi)(?:\s+(?:ngay|thoi diem))?\s*$", folded[:m.start()]) and 1 <= int(m.group(2)) <= 12:
        months, on_day = (int(m.group(2)),) * 2, True  # "đến ngày 30/6/2023" is a running total's end, not an event
    if months is None and (m := re.search(r"(?<!den )(?<!het )(?<!toi )\bngay\s+\d{1,2}\s*/\s*(\d{1,2})\b(?!\s*/)", folded)) \
            and 1 <= int(m.group(1)) <= 12:
        months, on_day = (int(m.group(1)),) * 2, True  # "ghé ngày 17/2": a day of a year said elsewhere
    until = None
    if months is None and (m := patterns.until.search(folded)):
        until = int(m.group(1) or m.group(2))
    span = None
    if m := re.search(rf"({YEAR})\s*(?:-|–|den|toi|to)\s*(?:nam\s+)?({YEAR})", folded):
        span = (int(m.group(1)), int(m.group(2)))
    years = [int(y) for y in re.findall(rf"(?<![\d/.,]){YEAR}(?!\d)", folded)] + \
        [int(y) for y in re.findall(rf"(?<=[/-]){YEAR}(?!\d)", folded)]
    year = None if span else (years[0] if years else None)
    # "từ đầu năm đến tháng 10" is a part of the year, not a running total.
    cumulative = bool(lexicon.pattern("periods", "cumulative").search(folded)) \
        and not patterns.year_to_date.search(folded)
    # (Not the plan's: "gần 80% chỉ tiêu 165 dự án mà tỉnh đặt ra cho cả năm" is of the months the text reports.)
    whole = lexicon.pattern("periods", "whole_year").search(folded)
    whole_year = not (months or year or span) and bool(whole) and not patterns.of_plan.search(folded[:whole.start()])
    return Period(year=year, span=span, months=months if months != (1, 12) else None, cumulative=cumulative,
                  since=bool(year and patterns.since_year.search(folded)), on_day=on_day, whole_year=whole_year,
                  until=until if until and 1 <= until <= 12 else None)


def mismatch(asked: Period, given: Period) -> str | None:
    """Why a figure of period ``given`` does not answer a question about ``asked`` (None: it may)."""
    later = asked.since and given.year and given.year > asked.year
    if asked.year and asked.year != given.year and not later \
            and not (given.span and given.span[0] <= asked.year <= given.span[1]):
        return "year"
    if asked.span and asked.span != given.span:
        return "year"
    # "6 tháng đầu năm" asked: also a total to the end of June of that year ("Hết tháng 6/2020, … đạt").
    to_month_end = asked.months and asked.months[0] == 1 and given.until == asked.months[1] and not given.cumulative
    if asked.months and given.months != asked.months and not to_month_end:
        return "months"
    # "đến tháng 5/2025" asked: a total up to that month, or its months from January ("Năm tháng đầu năm"),
    # not a total up to 17/3 nor the month of May alone.
    if asked.until and (given.until or given.months) and given.until != asked.until \
            and given.months != (1, asked.until):
        return "months"
    if asked.year and not asked.months and not asked.until and not asked.cumulative \
            and (given.months and not given.on_day or given.until and given.until < 12):
        return "months"  # a whole year asked, a part of it given (an event on a day is in its year)
    return None


def affinity(asked: Period, given: Period) -> float:
    """A small preference among compatible periods: a running total for a question about "now"; the
    very year asked over a span of years that includes it ("riêng năm 2019" over "2017-2019")."""
    if asked.empty:
        return 0.5 * given.cumulative - 0.25 * bool(given.months and not given.on_day)
    return 0.5 * (asked.cumulative == given.cumulative) - 0.5 * bool(asked.cumulative and given.months
                                                                  and not given.cumulative) \
        + 1.0 * bool(asked.year and given.year == asked.year and not given.span)
