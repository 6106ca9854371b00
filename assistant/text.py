"""Vietnamese text helpers shared by every stage: normalisation, diacritic folding,
tokens for lexical search, and the province gazetteer."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_INVISIBLE_RE = re.compile(r"[\u200b-\u200f\u2028\u2029\u2060\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalize(text: str) -> str:
    """NFC without zero-width or control characters. Tone placement ("Hoà"/"Hòa") is left as
    written, so quotes stay exact; ``fold`` makes both spellings match."""
    return _INVISIBLE_RE.sub("", unicodedata.normalize("NFC", text))


def fold(text: str) -> str:
    """Lower-case and strip diacritics: 'Bắc Giang' -> 'bac giang'."""
    text = normalize(text).lower().replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


_WORD_RE = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    return _WORD_RE.findall(normalize(text).lower())


@lru_cache(maxsize=4096)
def lexical_tokens(text: str) -> tuple[str, ...]:
    """Tokens for BM25: underthesea word segments, lower-cased, plus their diacritic-folded
    forms (so 'bac giang fdi' matches 'Bắc Giang … FDI'), plus folded syllables so a
    question segmented differently from the article still overlaps."""
    from underthesea import word_tokenize

    tokens: list[str] = []
    for segment in word_tokenize(normalize(text)):
        segment = segment.lower()
        if not _WORD_RE.search(segment):
            continue
        compound = segment.replace(" ", "_")
        tokens.append(compound)
        folded = fold(compound)
        if folded != compound:
            tokens.append(folded)
        if " " in segment:
            tokens.extend(fold(s) for s in segment.split())
    return tuple(tokens)


PROVINCES = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh", "Bến Tre", "Bình Dương",
    "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Cần Thơ", "Đà Nẵng", "Đắk Lắk", "Đắk Nông",
    "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương",
    "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu",
    "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ",
    "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La",
    "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "TP Hồ Chí Minh",
    "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
)
_PROVINCE_ALIASES = {"Huế": "Thừa Thiên Huế", "Hồ Chí Minh": "TP Hồ Chí Minh", "Sài Gòn": "TP Hồ Chí Minh",
                     "Vũng Tàu": "Bà Rịa - Vũng Tàu"}


@lru_cache(maxsize=1)
def _province_patterns() -> list[tuple[re.Pattern, str]]:
    names = {p: p for p in PROVINCES} | _PROVINCE_ALIASES
    # Longest first, so "Bà Rịa - Vũng Tàu" wins over "Vũng Tàu"; matched on folded text.
    ordered = sorted(names.items(), key=lambda kv: -len(kv[0]))
    return [(re.compile(r"(?<!\w)" + re.escape(fold(alias)) + r"(?!\w)"), canonical) for alias, canonical in ordered]


def find_provinces(text: str) -> list[str]:
    """Provinces named in ``text`` (with or without diacritics), in order of first mention."""
    folded = fold(text)
    hits: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for pattern, canonical in _province_patterns():
        for m in pattern.finditer(folded):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            hits.append((m.start(), canonical))
    seen: dict[str, None] = {}
    for _, name in sorted(hits):
        seen.setdefault(name)
    return list(seen)


def province_counts(text: str) -> dict[str, int]:
    folded = fold(text)
    counts = {}
    for pattern, canonical in _province_patterns():
        n = len(pattern.findall(folded))
        if n:
            counts[canonical] = counts.get(canonical, 0) + n
    return counts


# Abbreviations the articles use for words questions spell out (folded forms).
ABBREVIATIONS = {"dn": "doanh nghiep", "kcn": "khu cong nghiep", "ccn": "cum cong nghiep", "xnk": "xuat nhap khau",
                 "pcpnn": "phi chinh phu nuoc ngoai", "ngos": "phi chinh phu", "ktdn": "kinh te doi ngoai",
                 "khcn": "khoa hoc cong nghe", "kt-xh": "kinh te xa hoi", "tp": "thanh pho"}
_ABBREVIATION_RE = re.compile(r"(?<![\w-])(" + "|".join(re.escape(a) for a in ABBREVIATIONS) + r")(?![\w-])")


def expand_abbreviations(folded: str) -> str:
    """'40 dn' -> '40 dn doanh nghiep': keeps the abbreviation and adds its spelled-out words."""
    return _ABBREVIATION_RE.sub(lambda m: f"{m.group(1)} {ABBREVIATIONS[m.group(1)]}", folded)


_OTHER_SCRIPT_WORD_RE = re.compile(r"\S*[^\W\d_a-zA-Z\u00C0-\u024F\u0300-\u036F\u1E00-\u1EFF]\S*")


def latin_words_only(text: str) -> str:
    """``text`` without words in other scripts ("北江", "Сколько"): Vietnamese and English articles
    cannot contain them, so they would only count as question words that no sentence matches."""
    return " ".join(_OTHER_SCRIPT_WORD_RE.sub(" ", text).split())
