"""Cite: check every number of an answer against the passages it cites, and build citations.

A model answer passes only if each number in it (read in either the Vietnamese or the
English convention, with its scale word) is a number of the cited sentences. Citation
markers ([1]) and numbers inside words are not figures.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from .extract import Evidence
from .lexicon import default_lexicon
from .numbers import read_vietnamese, readings
from .text import fold

_MARKER_RE = re.compile(r"\[(\d+)\]")
_ANY_NUMBER_RE = re.compile(r"(?<![\w])\d+(?:[.,]\d+)*")


@dataclass(frozen=True)
class Citation:
    n: int
    doc: str
    title: str
    province: str
    sentence: str
    start: int  # offsets of the sentence in the cleaned article
    end: int
    score: float  # retrieval score of the passage

    def to_dict(self) -> dict:
        return asdict(self)


def numbers_in(answer: str) -> list[str]:
    """The numbers an answer states (citation markers are not numbers)."""
    return [m.group(0).rstrip(".,") for m in _ANY_NUMBER_RE.finditer(_MARKER_RE.sub(" ", answer))]


def unsupported_numbers(answer: str, passages: list[str]) -> list[str]:
    """Numbers in ``answer`` that none of ``passages`` contains."""
    scales = default_lexicon().scales
    source: set[float] = set()
    # Tokens that are no quantity ("0292.3821.457", a phone number) are supported only as written.
    written = {m.group(0).rstrip(".,") for passage in passages for m in _ANY_NUMBER_RE.finditer(passage)}
    for passage in passages:
        for match in _ANY_NUMBER_RE.finditer(passage):
            value = read_vietnamese(match.group(0)) if re.fullmatch(r"\d{1,3}(\.\d{3})*(,\d+)?|\d+(,\d+)?",
                                                                    match.group(0)) else None
            if value is None:
                continue
            source.add(value)
            next_word = fold(passage[match.end():match.end() + 12]).split()[:1]
            if next_word and next_word[0] in scales:
                source.add(value * scales[next_word[0]])
    bad = []
    text = _MARKER_RE.sub(" ", answer)
    for match in _ANY_NUMBER_RE.finditer(text):
        number = match.group(0).rstrip(".,")
        next_word = fold(text[match.end():match.end() + 12]).split()[:1]
        scale = scales.get(next_word[0]) if next_word else None
        if scale:  # "71,1 million" must be worth what the source says: its "71,1 tỷ" is not
            supported = any(_in(v * scale, source) for v in readings(number))
        else:
            supported = number in written or any(_in(v, source) for v in readings(number))
        if not supported:
            bad.append(number)
    return bad


def unsupported_names(answer: str, sources: list[str]) -> list[str]:
    """Capitalised words in ``answer`` (past its first word) that no source contains: a small
    model tends to complete names it half-read ("Vũ Bình" became "Nguyễn Vũ Bình")."""
    known = set(fold(" ".join(sources)).replace("'s", "").split()) | set(re.findall(r"\w+", fold(" ".join(sources))))
    tokens = re.findall(r"\w+", _MARKER_RE.sub(" ", answer))
    return [t for t in tokens[1:] if t[:1].isupper() and fold(t) not in known and not t.isdigit()]


def _in(value: float, values: set[float]) -> bool:
    return any(abs(value - v) <= 1e-9 * max(1.0, abs(v)) for v in values)


def citations_for(evidence: list[Evidence]) -> list[Citation]:
    return [Citation(i, e.chunk.article_id, e.chunk.title, e.chunk.province, e.sentence.text, e.sentence.start,
                     e.sentence.end, round(e.score, 4)) for i, e in enumerate(evidence, 1)]


def keep_known_markers(answer: str, n_citations: int) -> str:
    """Drop markers that point at no citation; make sure the answer cites [1]."""
    answer = _MARKER_RE.sub(lambda m: m.group(0) if 1 <= int(m.group(1)) <= n_citations else "", answer).strip()
    if n_citations and not _MARKER_RE.search(answer):
        answer = answer.rstrip(".") + " [1]."
    return answer
