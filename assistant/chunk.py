"""Chunk: split cleaned articles into sentence-aligned chunks.

Sentences come from underthesea's splitter and keep their character offsets in the
article text, so a citation can quote the exact sentence. Chunks never split a sentence,
nor a bulleted list from the line introducing it, and stay under ``chunk_chars`` (a single longer
sentence or list becomes its own chunk).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from .ingest import Article


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # offsets in Article.text
    end: int


@dataclass(frozen=True)
class Chunk:
    id: str
    article_id: str
    title: str
    province: str
    text: str
    start: int
    end: int
    sentences: tuple[Sentence, ...]


BRAND_END_RE = re.compile(r"\b[A-ZĐ0-9]{2,}!$")  # a name written with "!" ("GO!"), which ends no sentence
GOES_ON_RE = re.compile(r"[,;)\]]")  # how no sentence opens (nor does a small letter)
LIST_ITEM_RE = re.compile(r"\s*[-–+•*]\s")  # a bulleted item ("- Thép: 560 triệu USD;")
LIST_CHUNKS = 2  # a list with the line introducing it stays in one chunk up to this many chunks' length


def split_sentences(article: Article) -> list[Sentence]:
    from underthesea import sent_tokenize

    text = article.text
    sentences: list[Sentence] = []
    offset = 0
    for paragraph in article.paragraphs:
        start_of_paragraph = text.index(paragraph.text, offset)
        cursor = start_of_paragraph
        for piece in sent_tokenize(paragraph.text):
            start = text.find(piece, cursor)
            if start < 0:  # the splitter altered the text: never cite a span that is not in the article
                continue
            end = start + len(piece)
            if sentences and sentences[-1].start >= start_of_paragraph and (
                    BRAND_END_RE.search(sentences[-1].text) or GOES_ON_RE.match(piece) or piece[:1].islower()):
                # "Trung tâm Thương mại GO! Lào Cai": a name, not an exclamation; "SCM Co." then ",Ltd (Hàn Quốc)
                # đầu tư …": what opens with a comma or a small letter goes on with the sentence before.
                start = sentences.pop().start
            sentences.append(Sentence(text[start:end], start, end))
            cursor = end
        offset = start_of_paragraph + len(paragraph.text)
    return sentences


def chunk_article(article: Article, chunk_chars: int) -> list[Chunk]:
    # A list is read with the line introducing it ("Một số mặt hàng chủ yếu:" then "- Thép: …"): one unit,
    # which a chunk boundary does not cut unless the list is very long.
    units: list[list[Sentence]] = []
    for sentence in split_sentences(article):
        in_list = units and (units[-1][-1].text.rstrip().endswith(":") or LIST_ITEM_RE.match(units[-1][-1].text))
        fits = units and sentence.end - units[-1][0].start <= LIST_CHUNKS * chunk_chars
        if in_list and fits and LIST_ITEM_RE.match(sentence.text):
            units[-1].append(sentence)
        else:
            units.append([sentence])
    groups: list[list[Sentence]] = []
    for unit in units:
        if groups and unit[-1].end - groups[-1][0].start <= chunk_chars:
            groups[-1].extend(unit)
        else:
            groups.append(list(unit))
    chunks = []
    for group in groups:
        start, end = group[0].start, group[-1].end
        body = article.text[start:end]
        # The id changes whenever what gets embedded or shown changes, and only then: the sentences too,
        # which are cited and stored with the chunk (a better splitter must not leave old ones behind).
        bounds = ",".join(f"{s.start - start}-{s.end - start}" for s in group)
        digest = hashlib.sha256("|".join((article.title, article.province or "", body, bounds)).encode()).hexdigest()
        chunks.append(Chunk(
            id=f"{article.id}:{digest[:16]}",
            article_id=article.id,
            title=article.title,
            province=article.province or "",
            text=body,
            start=start,
            end=end,
            sentences=tuple(group),
        ))
    return chunks
