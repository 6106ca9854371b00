"""Vietnamese text helpers shared by every stage: normalisation, diacritic folding and
tokens for lexical search. (Words themselves live in the lexicon.)"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from functools import lru_cache

_INVISIBLE_RE = re.compile(r"[\u200b-\u200f\u2028\u2029\u2060\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalize(text: str) -> str:
    """NFC without zero-width or control characters. Tone placement ("Hoà"/"Hòa") is left as
    written, so quotes stay exact; ``fold`` makes both spellings match."""
    return _INVISIBLE_RE.sub("", unicodedata.normalize("NFC", text))


SENTENCE_END_RE = re.compile(r"[.!?…:;][\"'”’»)]*$")  # a line that ends a sentence, not a heading

_MARKED_RE = re.compile(r"[à-ỹđ]")


def has_marks(text: str) -> bool:
    """Whether Vietnamese text is written with its diacritics (a question may be typed without them)."""
    return bool(_MARKED_RE.search(text.lower()))


def fold(text: str) -> str:
    """Lower-case and strip diacritics: 'Bắc Giang' -> 'bac giang'."""
    text = normalize(text).lower().replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


_WORD_RE = re.compile(r"\w+", re.UNICODE)


def compared_as(text: str) -> Callable[[str], str]:
    """How words are compared with ``text``: lower-cased with their marks when it has marks (folded, "đồng" is
    "động" and "hàng" is "hãng"), folded when it was typed without them."""
    return (lambda t: normalize(t).lower()) if has_marks(text) else fold


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


_OTHER_SCRIPT_WORD_RE = re.compile(r"\S*[^\W\d_a-zA-Z\u00C0-\u024F\u0300-\u036F\u1E00-\u1EFF]\S*")


def latin_words_only(text: str) -> str:
    """``text`` without words in other scripts ("北江", "Сколько"): Vietnamese and English articles
    cannot contain them, so they would only count as question words that no sentence matches."""
    return " ".join(_OTHER_SCRIPT_WORD_RE.sub(" ", text).split())


# One Vietnamese syllable, folded: an initial consonant, a vowel nucleus, a final consonant.
_SYLLABLE_RE = re.compile(r"(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdghklmnpqrstvx])?"
                          r"[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?")


def is_vietnamese_syllable(word: str) -> bool:
    """Whether ``word`` could be one Vietnamese syllable: "Theo" could, "Honda" or "Samsung" cannot,
    so a capitalised word that starts a sentence is still read as a foreign name."""
    return bool(_SYLLABLE_RE.fullmatch(fold(word)))


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng


def _syllables(text: str) -> list[tuple[str, str]]:
    """Each word's letters and tone, apart: where the tone mark sits ("Hoà"/"Hòa") does not matter."""
    decomposed = [unicodedata.normalize("NFD", w) for w in normalize(text).lower().split()]
    return [("".join(c for c in w if c not in _TONES), "".join(c for c in w if c in _TONES)) for w in decomposed]


def same_spelling(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are the same words with the same diacritics, wherever the tone mark sits."""
    return _syllables(a) == _syllables(b)


class MarkRestorer:
    """Puts the diacritics back on text typed without them, as the given texts (the articles, the
    lexicon's question words) write its words: each word takes the marked form seen most often
    between the word before it and the word after it, else its commonest form. The embedder
    reads "muc tieu xuat khau" poorly and "mục tiêu xuất khẩu" well."""

    QUESTION_WEIGHT = 20  # how many article mentions one question phrase counts as

    def __init__(self, texts, question_phrases=()):
        """``question_phrases`` ("bao nhiêu", "tăng bao nhiêu phần trăm") are how questions are written, which
        articles, made of statements, seldom are: each counts as many times as ``QUESTION_WEIGHT``."""
        self._forms: dict[str, Counter] = defaultdict(Counter)
        self._pairs: Counter = Counter()  # (marked word, folded next word)
        self._after: dict[tuple[str, str], Counter] = defaultdict(Counter)  # (marked word, folded next) -> forms
        for text, weight in [*((t, 1) for t in texts), *((p, self.QUESTION_WEIGHT) for p in question_phrases)]:
            before = ""
            for word in words(text):
                self._forms[fold(word)][word] += weight
                self._after[before, fold(word)][word] += weight
                self._pairs[before, fold(word)] += weight
                before = word

    def restore(self, text: str) -> str:
        if fold(text) != text.lower():  # it has marks: as its author wrote it
            return text
        pieces = re.split(r"(\w+)", text)
        keys = [p.lower() for p in pieces if _WORD_RE.fullmatch(p)]
        restored, before, k = [], "", 0
        for piece in pieces:
            if not _WORD_RE.fullmatch(piece):
                restored.append(piece)
                continue
            key, after = keys[k], keys[k + 1] if k + 1 < len(keys) else ""
            k += 1
            forms = self._forms.get(key)
            if not forms:
                restored.append(piece)
                before = ""
                continue
            seen_before = self._after.get((before, key), Counter())
            form = max(forms, key=lambda f: (seen_before[f] + self._pairs[f, after], forms[f]))
            restored.append(form[:1].upper() + form[1:] if piece[:1].isupper() else form)
            before = form
        return "".join(restored)
