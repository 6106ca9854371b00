"""The vocabulary, as data: ``assistant/lexicon.json`` plus any files a corpus adds.

Every stage reads its words from here (provinces, units and scale words, period words,
abbreviations, synonyms, English glosses, the cue words of each question kind), so an
office's own articles are handled by extending a JSON file, not by editing code. Files are
merged in order: objects key by key, lists extended.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from .text import fold, normalize, same_spelling

DEFAULT_FILE = Path(__file__).resolve().parent / "lexicon.json"


def _merge(base: dict, extra: dict) -> dict:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        elif isinstance(value, list) and isinstance(merged.get(key), list):
            merged[key] = merged[key] + value
        else:
            merged[key] = value
    return merged


def phrase_pattern(phrases, *, capture: bool = False, overlapping: bool = False) -> re.Pattern:
    """One regex matching any of ``phrases`` as whole words in folded text, longest first.
    ``overlapping``: a zero-width match at every position, the phrase in group 1."""
    folded = sorted({fold(p) for p in phrases if p.strip()}, key=len, reverse=True)
    body = "|".join(re.escape(p) for p in folded) or r"(?!x)x"
    if overlapping:
        return re.compile(rf"(?<![\w])(?=({body})(?![\w]))")
    return re.compile(rf"(?<![\w]){'(' if capture else '(?:'}{body})(?![\w])")


# An English inflection and what its stem may end with instead ("countries" → "country", "rated" → "rate").
_ENGLISH_SUFFIXES = (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"))


@dataclass(frozen=True, eq=False)  # hashed by identity: load_lexicon makes one per set of files
class Lexicon:
    data: dict

    def words(self, key: str, *path: str) -> list[str]:
        node = self.data[key]
        for part in path:
            node = node[part]
        return node

    @cached_property
    def provinces(self) -> dict[str, str]:
        """Every way of writing a province (folded) → its canonical name."""
        names = {fold(p): p for p in self.data["provinces"]}
        names.update({fold(alias): canonical for alias, canonical in self.data["province_aliases"].items()})
        return names

    @cached_property
    def scales(self) -> dict[str, float]:
        return {fold(w): float(v) for w, v in self.data["scales"].items()}

    @cached_property
    def units(self) -> dict[str, str]:
        """Folded unit word → figure kind ("usd" → "money", "tan" → "weight")."""
        return {fold(u): kind for kind, words in self.data["units"].items() for u in words}

    @cached_property
    def abbreviations(self) -> dict[str, str]:
        return {fold(a): fold(b) for a, b in self.data["abbreviations"].items()}

    @cached_property
    def glossary(self) -> dict[str, str]:
        return {k.lower(): v for k, v in self.data["glossary"].items()}

    @cached_property
    def longest_gloss(self) -> int:
        """How many words the glossary's longest phrase has ("department of planning and investment")."""
        return max((len(k.split()) for k in self.glossary), default=1)

    def gloss_of(self, tokens: list[str]) -> str | None:
        """The Vietnamese for lower-cased English words, the last perhaps inflected: "teachers",
        "processed", "visiting" are glossed as "teacher", "process", "visit" are."""
        *head, last = tokens
        stems = [] if last in self.stopwords["en"] else [
            last[:-len(suffix)] + base for suffix, base in _ENGLISH_SUFFIXES
            if last.endswith(suffix) and len(last) - len(suffix) >= 3]
        return next((self.glossary[p] for p in (" ".join([*head, w]) for w in [last, *stems]) if p in self.glossary),
                    None)

    @cached_property
    def synonyms(self) -> dict[str, frozenset[str]]:
        """Folded phrase → every folded phrase of its group (itself included)."""
        groups: dict[str, set[str]] = {}
        for group in self.data["synonyms"]:
            folded = {fold(p) for p in group}
            for phrase in folded:
                groups.setdefault(phrase, set()).update(folded)
        return {p: frozenset(g) for p, g in groups.items()}

    @cached_property
    def spellings(self) -> dict[str, frozenset[str]]:
        """Folded name → how the lexicon writes it, with marks and capitals ("lao": {"Lào"}, "my": {"Mỹ"}): the
        folded form alone is also a common syllable ("lao động", "mỹ nghệ")."""
        spelled: dict[str, set[str]] = {}
        for name in [*(p for group in self.data["synonyms"] for p in group), *self.data["countries"]]:
            if fold(name) != normalize(name).lower() and name[:1].isupper():
                spelled.setdefault(fold(name), set()).add(normalize(name))
        return {k: frozenset(v) for k, v in spelled.items()}

    @cached_property
    def synonym_pattern(self) -> re.Pattern:
        return phrase_pattern(self.synonyms, capture=True)

    @cached_property
    def stopwords(self) -> dict[str, frozenset[str]]:
        return {lang: frozenset(w for p in words for w in fold(p).split())
                for lang, words in self.data["question_words"].items()}

    @cached_property
    def kind_terms(self) -> frozenset[str]:
        """Folded abbreviations, synonym phrases and units ("fdi", "usd"): words that name a kind of
        figure, not a partner, though they are written in capitals."""
        return frozenset({fold(a) for a in self.abbreviations} | set(self.synonyms) | set(self.units))

    @cached_property
    def ordinals(self) -> dict[str, int]:
        return {fold(w): n for w, n in self.data["ordinals"].items()}

    @cached_property
    def joiner_words(self) -> re.Pattern:
        """A word joining two items in folded text (" va ", " and "), with the spaces around it."""
        joiners = [fold(j.strip()) for j in self.words("multi_joiners") if j.strip(" ,")]
        return re.compile(rf"\s(?:{'|'.join(map(re.escape, joiners))})\s")

    @cached_property
    def countries(self) -> frozenset[str]:
        return frozenset(fold(c) for c in self.data["countries"])

    @cached_property
    def period_phrases(self) -> re.Pattern:
        """Whole period phrases in folded text: the lexicon's period words with their numbers
        ("6 thang dau nam", "quy iii", "thang 7/2016", "tu dau nam den het thang 10")."""
        words = [w for key, value in self.data["periods"].items() if isinstance(value, list) and key != "base_markers"
                 for w in value]
        # A lone "đầu", "từ", "đến", "by" or "May" is part of a period only next to a number or another
        # period word ("đầu tháng 10", "từ đầu năm", "by 2025"); else it is "đầu tư", "từ Nhật Bản", "by how much".
        connectives = {fold(w) for key in ("first", "last", "range_from", "range_to", "until_fillers", "month_names")
                       for w in self.data["periods"][key] if " " not in w.strip()}
        numbers = "|".join(re.escape(fold(n)) for n in self.data["periods"]["written_numbers"])
        phrase = phrase_pattern([w for w in words if fold(w) not in connectives]).pattern
        number = rf"(?:\d{{1,2}}(?!\d)|{numbers})"
        connective = rf"{phrase_pattern(connectives).pattern}(?=\s+(?:\d|{numbers}|{phrase}))"
        return re.compile(rf"(?:{number}\s+)?{phrase}(?:\s+(?:{number}|(?:iv|iii|ii|i)\b))?(?:\s*/\s*\d{{4}})?|"
                          rf"{connective}|"
                          rf"\b{number}\s+thang\b|\bthang\s+\d{{1,2}}\b|\bnam\s+(?:19|20)\d\d\b|\b(?:19|20)\d\d\b")

    @cached_property
    def time_words(self) -> frozenset[str]:
        """Folded units of time ("tháng", "năm", "quý"): "7 tháng" dates a figure rather than counts a thing."""
        return frozenset(fold(w) for w in self.data["time_words"])

    @cached_property
    def measure_cues(self) -> dict[str, re.Pattern]:
        """Kind of unit → the words asking a measure of it ("dài bao nhiêu" → "length")."""
        return {kind: phrase_pattern(cues) for kind, cues in self.data["measure_cues"].items() if kind != "_about"}

    @cached_property
    def date_words(self) -> frozenset[str]:
        """Folded words before a number that make it part of a date ("tháng 12", "ngày 9", "quý 3")."""
        return frozenset(fold(w) for w in self.data["date_words"])

    @cached_property
    def counters(self) -> frozenset[str]:
        """Folded units that count people or events in general ("người", "lượt")."""
        return frozenset(fold(c) for c in self.data["counters"])

    @cached_property
    def classifiers(self) -> frozenset[str]:
        """Folded classifier words that stand before a counted noun ("căn nhà", "chiếc xe")."""
        return frozenset(fold(c) for c in self.data["classifiers"])

    @cached_property
    def contrast_groups(self) -> list[tuple[str, ...]]:
        return [tuple(fold(t) for t in group) for group in self.data["contrasts"]]

    @cached_property
    def cue_words(self) -> frozenset[str]:
        """Folded words that say what kind of answer is wanted or its unit ("phần trăm", "USD"), not what about."""
        cues = [c for cues in self.data["kinds"].values() for c in cues] + \
            [u for units in self.data["units"].values() for u in units] + \
            [c for currency in self.data["currencies"].values() for c in currency]
        return frozenset(w for c in cues for w in fold(c).split())

    @cached_property
    def share_cue_words(self) -> frozenset[str]:
        """Folded words that ask for a share but say nothing of which one ("chiếm", "tỷ trọng")."""
        return frozenset(w for cue in self.words("share_cues") for w in fold(cue).split())

    @cached_property
    def cue_spellings(self) -> dict[str, frozenset[str]]:
        """How the words of the kind cues, interrogatives, joiners and stop nouns are written, by their folded
        form: "thu" → {"thứ"}, "may" → {"mấy"}. A word written with other marks is none of them ("thụ", "máy",
        "hãng")."""
        cues = [c for cues in self.data["kinds"].values() for c in cues] + self.words("amount_cues") + \
            self.words("interrogatives") + self.words("multi_joiners") + self.words("stop_nouns")
        spellings: dict[str, set[str]] = {}
        for word in (w for c in cues for w in re.findall(r"\w+", c.lower())):
            spellings.setdefault(fold(word), set()).add(word)
        return {k: frozenset(v) for k, v in spellings.items()}

    @cached_property
    def caption(self) -> re.Pattern:
        """A photo caption or source line ("Ảnh: …", "[Ảnh] …"): kept in the article, never an answer."""
        return re.compile("|".join(self.words("captions")), re.IGNORECASE)

    def pattern(self, key: str, *path: str) -> re.Pattern:
        return _pattern(self, (key, *path))

    # -- provinces -----------------------------------------------------------------------
    @cached_property
    def _province_pattern(self) -> re.Pattern:
        # Overlapping, so "hàng hóa Bình Thuận" still yields "bình thuận" once "hóa Bình" is refused.
        return phrase_pattern(self.provinces, overlapping=True)

    @cached_property
    def _province_spellings(self) -> dict[str, list[str]]:
        spellings: dict[str, list[str]] = {}
        for name in [*self.data["provinces"], *self.data["province_aliases"]]:
            spellings.setdefault(fold(name), []).append(name)
        return spellings

    def province_spans(self, text: str) -> list[tuple[int, str]]:
        """(offset in ``normalize(text)``, folded name) of the provinces ``text`` names, in order. Text with
        diacritics must spell them with the same tones ("hàng hóa Bình Thuận" names Bình Thuận, not Hòa Bình);
        text without is read folded."""
        text = normalize(text)
        folded = fold(text)
        spans, end = [], 0
        for m in self._province_pattern.finditer(folded):
            start, key = m.start(1), m.group(1)
            written = text[start:start + len(key)]
            if start < end or (written.lower() != fold(written) and len(folded) == len(text)
                               and not any(same_spelling(written, s) for s in self._province_spellings[key])):
                continue
            spans.append((start, key))
            end = start + len(key)
        return spans

    def _province_mentions(self, text: str) -> list[str]:
        return [key for _, key in self.province_spans(text)]

    def without_provinces(self, text: str) -> str:
        """``normalize(text)`` with the provinces it names blanked out: "Yên Bái" names no yen."""
        text = normalize(text)
        for start, key in self.province_spans(text):
            text = text[:start] + " " * len(key) + text[start + len(key):]
        return text

    def find_provinces(self, text: str) -> list[str]:
        """Provinces named in ``text`` (with or without diacritics), in order of first mention."""
        return list(dict.fromkeys(self.provinces[k] for k in self._province_mentions(text)))

    def province_counts(self, text: str) -> dict[str, int]:
        counts: dict[str, int] = {}
        for key in self._province_mentions(text):
            counts[self.provinces[key]] = counts.get(self.provinces[key], 0) + 1
        return counts

    def province_words(self, text: str) -> set[str]:
        """Folded words of the provinces named in ``text``, as written there ("thủ đô", "hà nội")."""
        mentions = self._province_mentions(text)
        return {w for k in mentions for w in k.split() + fold(self.provinces[k]).split()}

    def is_province(self, text: str) -> bool:
        return fold(text).strip() in self.provinces

    # -- abbreviations -------------------------------------------------------------------
    @cached_property
    def _abbreviation_pattern(self) -> re.Pattern:
        return re.compile(r"(?<![\w-])(" + "|".join(re.escape(a) for a in self.abbreviations) + r")(?![\w-])")

    def expand_abbreviations(self, text: str) -> str:
        """Folded ``text`` with each abbreviation's spelled-out words added after it: '40 DN' -> '40 dn doanh
        nghiep'. An abbreviation is written without marks: "Bính Ngọ" has no NGO (folded text matches as is)."""
        written = normalize(text)
        folded = fold(written)
        if len(folded) != len(written):  # a letter whose lower case is longer: no marks to go by
            written = folded

        def expand(m: re.Match) -> str:
            as_written = written[m.start(1):m.end(1)]
            if as_written.lower().replace("đ", "d") != m.group(1):  # "HĐND" is written so
                return m.group(1)
            return f"{m.group(1)} {self.abbreviations[m.group(1)]}"

        # "%" is said "phần trăm": a question in words asks what a sentence writes with the sign.
        return self._abbreviation_pattern.sub(expand, folded).replace("%", self._percent_said)

    @cached_property
    def _percent_said(self) -> str:
        return " ".join(["%", *(fold(word) for word in self.words("units", "percent") if word != "%")])

    def says_goal(self, text: str) -> bool:
        """Whether ``text`` speaks of a goal or plan ("mục tiêu", "phấn đấu"); "Sở Kế hoạch và Đầu tư" is
        an office, "vượt kế hoạch" a result."""
        return bool(self.pattern("targets").search(
            self.pattern("target_exceptions").sub(" ", self.expand_abbreviations(text))))


@lru_cache(maxsize=256)
def _pattern(lexicon: Lexicon, path: tuple[str, ...]) -> re.Pattern:
    return phrase_pattern(lexicon.words(*path))


@lru_cache(maxsize=8)
def load_lexicon(extra_paths: tuple[Path, ...] = ()) -> Lexicon:
    data = json.loads(DEFAULT_FILE.read_text("utf-8"))
    for path in extra_paths:
        data = _merge(data, json.loads(Path(path).read_text("utf-8")))
    return Lexicon(data)



def default_lexicon() -> Lexicon:
    return load_lexicon(())
