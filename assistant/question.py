"""Read a question: its language, the kind of answer it wants, and what it is about.

Rules over diacritic-folded text, so "bao nhieu du an" reads like "bao nhiêu dự án".
A follow-up ("Còn Hưng Yên thì sao?", "What about 2021?") is rewritten into a full
question by putting its new province or year into the previous question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import find_provinces, fold, latin_words_only, words

# English question words mapped to the Vietnamese the articles use, so lexical search and
# unit matching work for English questions too (dense search is multilingual on its own).
GLOSSARY = {
    "project": "dự án", "projects": "dự án", "agreement": "thỏa thuận", "agreements": "thỏa thuận",
    "worker": "lao động", "workers": "lao động", "labourers": "lao động", "laborers": "lao động",
    "employees": "lao động", "enterprise": "doanh nghiệp", "enterprises": "doanh nghiệp",
    "businesses": "doanh nghiệp", "companies": "doanh nghiệp", "export": "xuất khẩu", "exports": "xuất khẩu",
    "import": "nhập khẩu", "imports": "nhập khẩu", "turnover": "kim ngạch", "investment": "vốn đầu tư",
    "capital": "vốn", "registered": "đăng ký", "growth": "tăng trưởng", "conferences": "hội nghị",
    "delegations": "đoàn", "organizations": "tổ chức", "organisations": "tổ chức", "ngos": "phi chính phủ",
    "aid": "viện trợ", "tons": "tấn", "tonnes": "tấn", "lychee": "vải thiều", "lychees": "vải thiều",
    "signed": "ký kết", "sign": "ký", "new": "mới", "international": "quốc tế", "population": "dân số", "people": "người", "industrial": "khu công nghiệp",
    "parks": "KCN", "countries": "quốc gia", "productivity": "năng suất", "income": "bình quân đầu người",
    "memoranda": "bản ghi nhớ", "abroad": "nước ngoài", "work": "làm việc", "programs": "chương trình", "programmes": "chương trình",
}
ENGLISH_HINTS = {"how", "what", "which", "who", "when", "many", "much", "the", "does", "did", "is", "was",
                 "were", "are", "of", "in", "about", "province", "year"}
QUESTION_WORDS = {
    "vi": {"bao", "nhieu", "la", "gi", "nao", "ai", "khi", "co", "khong", "duoc", "da", "cua", "va", "cac", "nhung",
           "tinh", "nam", "the", "thi", "sao", "hien", "nay", "trong", "den", "voi", "o", "tai",
           "hon", "hay", "so", "sanh", "giua"},
    # English stop words are only dropped from English questions: "an" is also Vietnamese "án".
    "en": {"how", "many", "much", "what", "which", "who", "when", "did", "does", "is", "was", "were", "are", "the",
           "of", "in", "to", "by", "for", "province", "year", "about", "have", "has", "do", "there", "more",
           "fewer", "less", "or", "and", "than", "compare", "from", "since", "gone", "went", "go", "at", "on", "with"},
}
FOLLOW_UP_RE = re.compile(r"^(con|va|the con|vay con|what about|how about|and)\b|thi sao\??$|\bthe nao\??$")


@dataclass
class Query:
    text: str  # the (rewritten) question
    lang: str  # "vi" or "en"
    kind: str  # percent | money | weight | count | year | entity | other
    noun: str | None  # folded counted noun for count questions: "du an"
    provinces: list[str] = field(default_factory=list)
    years: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)  # folded content syllables
    qualifiers: list[str] = field(default_factory=list)  # folded words that narrow the noun: "tấn nhãn lồng"
    search_text: str = ""  # question plus Vietnamese glosses of English words


def detect_language(text: str) -> str:
    if re.search(r"[à-ỹđ]", text.lower()):
        return "vi"
    tokens = set(words(text))
    return "en" if len(tokens & ENGLISH_HINTS) >= 2 else "vi"


def analyze(text: str) -> Query:
    text = latin_words_only(text)
    lang = detect_language(text)
    glossed = " ".join(GLOSSARY.get(w, w) for w in words(text)) if lang == "en" else text
    folded = re.sub(r"[^\w%]+", " ", fold(glossed))
    kind, noun = _kind(folded, re.sub(r"[^\w%]+", " ", fold(text)))
    provinces = find_provinces(text)
    if len(provinces) >= 2 and kind in ("entity", "other"):
        kind, noun = _compared_quantity(folded)
    qualifiers: list[str] = []
    if kind == "count" and lang == "en":
        noun = _english_noun(words(text))
    elif kind in ("count", "weight") and lang == "vi":
        noun, qualifiers = _noun_phrase(text, noun)
    stop = QUESTION_WORDS["vi"] | (QUESTION_WORDS["en"] if lang == "en" else set())
    province_words = {w for p in find_provinces(text) for w in fold(p).split()}
    keywords = [w for w in dict.fromkeys(folded.split())
                if w not in stop and w not in province_words and not w.isdigit() and len(w) > 1]
    return Query(
        text=text, lang=lang, kind=kind, noun=noun, provinces=provinces,
        years=re.findall(r"\b(?:19|20)\d\d\b", text), keywords=keywords, qualifiers=qualifiers,
        search_text=text if lang == "vi" else f"{text} ({glossed})",
    )


def _noun_phrase(text: str, noun: str | None) -> tuple[str | None, list[str]]:
    """Read "bao nhiêu dự án FDI …" or "bao nhiêu tấn nhãn lồng" with underthesea's POS tags: the
    counted noun, an acronym that qualifies it, and the nouns or adjectives right after it that
    narrow it ("nhãn lồng") and must be found near the answer. Verbs end the phrase."""
    from underthesea import pos_tag

    tagged = pos_tag(text)
    start = next((i + 1 for i, (word, _) in enumerate(tagged) if fold(word) == "bao nhieu"), None)
    if start is None:
        return noun, []
    rest = tagged[start:]
    if rest and (rest[0][1] == "Nu" or (noun and fold(rest[0][0]) in noun)):
        rest = rest[1:]  # the counted noun or unit itself
    qualifiers: list[str] = []
    if noun and rest and re.fullmatch(r"[A-ZĐ]{2,}s?", rest[0][0]):
        noun = f"{noun} {fold(rest[0][0])}"
        rest = rest[1:]
    for word, tag in rest[:2]:
        if tag not in ("N", "A") or not re.fullmatch(r"[^\W\d_][\w ]*", word):
            break
        qualifiers.extend(fold(word).split())
    return noun, qualifiers


def _kind(folded: str, original_folded: str) -> tuple[str, str | None]:
    if re.search(r"phan tram|%|ty le|tang truong|toc do|percent|growth rate", folded + " " + original_folded):
        return "percent", None
    if re.search(r"\bnam nao\b|\bkhi nao\b|\bwhich year\b|\bwhat year\b|^when\b|\bin what year\b", folded + " "
                 + original_folded):
        return "year", None
    if re.search(r"\b(ai|nuoc nao|tinh nao|tap doan nao|cong ty nao|doi tac nao|to chuc nao|quoc gia nao|"
                 r"nha dau tu nao|dia phuong nao|thi truong nao|san pham nao)\b|\bwho\b|\bwhich\b", original_folded
                 + " " + folded):
        return "entity", None
    count = re.search(r"\b(?:bao nhieu|how many|so luong|tong so)\s+(.+)", folded)
    if count:
        noun_words = [w for w in count.group(1).split() if w not in QUESTION_WORDS["vi"]][:2]
        noun = " ".join(noun_words)
        if re.match(r"(von|tien|usd|dong|gia tri|kim ngach)", noun):
            return "money", None
        if re.match(r"(tan|tons)", noun):
            return "weight", None
        if noun:
            return "count", noun
    if re.search(r"\b(von|kim ngach|gia tri|usd|dong|grdp|how much|dau tu|dau nguoi|nang suat|vien tro)\b", folded):
        return "money", None
    if re.search(r"\b(tan|tons|tonnes|san luong)\b", folded):
        return "weight", None
    if re.search(r"\bbao nhieu\b|\bhow many\b", folded):
        return "count", None
    return "other", None


COMPARE_MORE_RE = re.compile(r"\b(nhieu|cao|lon)\b.*\bhon\b|\b(more|higher|larger|bigger)\b")
COMPARE_LESS_RE = re.compile(r"\b(it|thap|nho)\b.*\bhon\b|\b(fewer|less|lower|smaller)\b")


def _compared_quantity(folded: str) -> tuple[str, str | None]:
    """What "Tỉnh nào có nhiều dự án FDI hơn, …?" compares: here a count of "du an"."""
    match = re.search(r"\b(?:nhieu|it|cao|thap|lon|nho)\s+(.+?)\s+hon\b|\b(?:more|fewer|less|higher|larger)\s+(.+?)"
                      r"(?:\s+than\b|$)|\bso sanh\s+(?:so luong\s+|so\s+)?(.+?)\s+(?:cua|giua|o|tai)\b", folded)
    if not match:  # "Tỉnh nào có tổng vốn FDI lớn hơn…": read it without "tỉnh nào"
        without_which = re.sub(r"\b(tinh nao|dia phuong nao|which province|which)\b", " ", folded)
        return _kind(without_which, without_which)
    phrase = next(g for g in match.groups() if g).split()
    if re.match(r"(von|kim ngach|gia tri|usd|dong|dau tu)", " ".join(phrase)):
        return "money", None
    noun = [w for w in phrase if w not in QUESTION_WORDS["vi"] and not w.isupper()][:2]
    return "count", " ".join(noun) or None


def _english_noun(tokens: list[str]) -> str | None:
    """The Vietnamese head noun of "how many <modifiers> <noun> did…": the last glossary word
    before the verb ("international agreements" → "thỏa thuận")."""
    marker = next((t for t in ("many", "more", "fewer") if t in tokens), None)
    after = tokens[tokens.index(marker) + 1:] if marker else tokens
    phrase = []
    for token in after:
        if token in {"did", "does", "do", "were", "was", "are", "is", "has", "have", "had", "in", "of", "for", "by"}:
            break
        phrase.append(token)
    heads = [GLOSSARY[t] for t in phrase if t in GLOSSARY]
    return fold(heads[-1]) if heads else None


def rewrite_follow_up(question: str, history: list[dict]) -> str:
    """Complete a follow-up question from the last user turn; other questions pass unchanged."""
    previous = next((t["content"] for t in reversed(history or []) if t.get("role") == "user"), None)
    if not previous or not FOLLOW_UP_RE.search(fold(question).strip()):
        return question
    rewritten = previous
    new_provinces, old_provinces = find_provinces(question), find_provinces(previous)
    new_years = re.findall(r"\b(?:19|20)\d\d\b", question)
    old_years = re.findall(r"\b(?:19|20)\d\d\b", previous)
    if not new_provinces and not new_years:
        return f"{previous} {question}"
    if new_provinces:
        if old_provinces:
            rewritten = _replace_province(rewritten, old_provinces[0], new_provinces[0])
        else:
            rewritten = f"{rewritten} ({new_provinces[0]})"
    if new_years:
        rewritten = rewritten.replace(old_years[0], new_years[0]) if old_years else f"{rewritten} ({new_years[0]})"
    return rewritten


def _replace_province(text: str, old: str, new: str) -> str:
    tokens = text.split(" ")
    width = len(old.split())
    for i in range(len(tokens) - width + 1):
        span = " ".join(tokens[i:i + width])
        core = span.strip("?,.!:;()")
        if fold(core) == fold(old):  # written with or without diacritics
            tokens[i:i + width] = [span.replace(core, new)]
            return " ".join(tokens)
    return f"{text} ({new})"
