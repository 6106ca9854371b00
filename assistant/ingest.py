"""Ingest: read article files and strip the web page around the article.

The seed files are article pages copied as text, with site chrome mixed in. Cleaning
works line by line with a few rules rather than a learned boilerplate model:

* widget lines (the lexicon's `page_widgets`: view counters, night mode, font size…) are dropped wherever they are;
* an end marker (the lexicon's `end_markers`: "Các tin khác", "Cùng chuyên mục"…) cuts everything after it,
  unless it sits at the top of the page, where it only heads a block of links, which is dropped;
* the section label, date line, byline and the author's role line become metadata;
* the outlet tag that opens the lead ("(HBĐT) -") becomes metadata;
* photo captions are kept only when marked as such ("Ảnh: …", "(Nguồn: …)") and are labelled;
* sentences repeated inside one article are kept once (one page repeats its lead three times).

Saved web pages, Word files and PDFs are first turned into text by ``formats`` (one reader per
format); their text then goes through the same rules, and metadata the file states wins over guesses.
Every dropped line is recorded with its reason, so cleaning can be audited (``assistant index --verbose``).
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from .formats import SUFFIXES, Unreadable, read_document
from .lexicon import Lexicon, default_lexicon
from .text import fold, normalize

log = logging.getLogger(__name__)

MIN_ARTICLE_CHARS = 200

DAY = r"(\d{1,2}([/-])\d{1,2}\2\d{4})"  # "07/02/2018", "07-05-2024"
DATE_RE = re.compile(rf"^(?:\d{{1,2}}:\d{{2}},?\s*)?(?:\w+,\s*)?{DAY}(?:\s+\d{{1,2}}:\d{{2}})?$")
# A page's time stamp: a short line with a date and a clock time ("Thứ Sáu, 29/07/2016 - 15:20 GMT+7",
# "Kinh tế - Ngày đăng: 05:08, 11/11/2024"); a sentence of the article is longer or ends with a stop.
STAMP_RE = re.compile(rf"^(?=.*\b\d{{1,2}}:\d{{2}}\b).{{0,40}}?\b{DAY}\b[^.]{{0,40}}$")
# A page's date among other fields ("Thứ Ba, 13/01/2026 17:36 | Huế ngày nay | 1.863 lượt xem").
FIELDS_DATE_RE = re.compile(rf"^.{{0,40}}?\b{DAY}\b(?=.*\|)(?:[^.]|\.\d){{0,90}}$")
# A menu ("Trang chủ | Thời sự | Kinh tế | …") or a breadcrumb ("Trang chủ » Kinh tế » Đầu tư"): three or
# more short items between separators, none of them a sentence.
MENU_RE = re.compile(r"^[^.|»>›/]{1,40}(?:(?:\s*(?:\||\s/\s)\s*[^.|»>›/]{1,40}){2,}|(?:\s*(?:»|›|\s>\s)\s*[^.|»>›/]{1,40})+)$"
                     r"|^(?:\[[^\]]{1,30}\]\s*){2,}$")  # or a row of buttons: "[Chia sẻ] [Facebook] [Zalo]"
OUTLET_RE = re.compile(r"^(?:\((?P<paren>[^()]{2,24})\)|(?P<bare>[A-ZĐ]{2,6}))\s*[-–—]\s+")
NAME_WORD = r"[A-ZÀ-ỸĐ][a-zà-ỹđA-ZÀ-ỸĐ]*"
AUTHOR_RE = re.compile(rf"^{NAME_WORD}(?: {NAME_WORD}){{1,3}}$")


@dataclass
class Paragraph:
    text: str
    kind: str = "body"  # "body" or "caption"


@dataclass
class Article:
    id: str
    source: str
    title: str
    paragraphs: list[Paragraph]
    province: str | None = None
    outlet: str | None = None
    date: str | None = None
    author: str | None = None
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (reason, text)

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs)

    @property
    def content_hash(self) -> str:
        meta = "|".join(str(v) for v in (self.title, self.province, self.outlet, self.date, self.author))
        return hashlib.sha256((meta + "\n" + self.text).encode()).hexdigest()[:16]


# A file that cannot be read or holds no article: the message says why, indexing goes on without it.
SkippedFile = Unreadable


def load_articles(seeds_dir: Path, lexicon: Lexicon | None = None) -> tuple[list[Article], list[str]]:
    """All articles under ``seeds_dir`` and one warning per file that was skipped."""
    articles: list[Article] = []
    warnings: list[str] = []
    seen_hashes: dict[str, str] = {}
    for path in sorted(p for p in seeds_dir.iterdir() if p.suffix.lower() in SUFFIXES):
        try:
            article = read_article(path, lexicon)
        except SkippedFile as err:
            warnings.append(f"skipped {path.name}: {err}")
            continue
        digest = hashlib.sha256(article.text.encode()).hexdigest()
        if digest in seen_hashes:
            warnings.append(f"skipped {path.name}: same article text as {seen_hashes[digest]}")
            continue
        seen_hashes[digest] = path.name
        articles.append(article)
    for warning in warnings:
        log.warning(warning)
    return articles, warnings


def read_article(path: Path, lexicon: Lexicon | None = None) -> Article:
    return article_from_bytes(path.read_bytes(), path.name, path.stem, lexicon)


def article_from_bytes(data: bytes, name: str, article_id: str, lexicon: Lexicon | None = None) -> Article:
    """The article in a file's bytes; ``name`` picks the reader and becomes the article's source.
    Metadata the file states (an HTML page's date, a Word title) wins over what cleaning guessed."""
    doc = read_document(data, name)
    article = clean_text(article_id, name, doc.text, lexicon)
    article.title = normalize(doc.title) if doc.title else article.title
    article.author = normalize(doc.author) if doc.author else article.author
    article.date = doc.date or article.date
    article.outlet = normalize(doc.outlet) if doc.outlet else article.outlet
    return article


def clean_text(article_id: str, source: str, text: str, lexicon: Lexicon | None = None) -> Article:
    lexicon = lexicon or default_lexicon()
    lines = [re.sub(r"\s+", " ", normalize(line)).strip() for line in text.splitlines()]
    meta: dict[str, str] = {}
    dropped: list[tuple[str, str]] = []
    total = sum(len(line) for line in lines) or 1
    paragraphs: list[str] = []
    current: list[str] = []
    title: str | None = None
    position = 0
    in_link_block = False
    previous_was_author = False
    in_body = False
    heads: list[str] = []
    end_markers = [fold(m) for m in lexicon.words("end_markers")]  # a page's "related news" block starts here
    widgets = [re.compile(p, re.IGNORECASE) for p in lexicon.words("page_widgets")]  # counters, share buttons…

    def flush() -> None:
        if current:
            paragraphs.append(" ".join(current))
            current.clear()

    for index, line in enumerate(lines):
        position += len(line)
        if not line:
            flush()
            continue
        key = fold(line).rstrip(":").strip()
        author_role = previous_was_author and len(line) <= 80 and not line.endswith(".")
        previous_was_author = False
        if len(line) <= 60 and (any(key == m or key.startswith(m + " ") for m in end_markers)
                                or key.endswith("binh luan")):
            if position / total > 0.3:
                flush()
                dropped.append((f"after end marker “{line}”", " / ".join(l for l in lines[index:] if l)))
                break
            dropped.append(("link-block heading", line))
            in_link_block = True
            continue
        if any(p.search(line) for p in widgets):
            dropped.append(("page widget", line))
            continue
        if MENU_RE.match(line) and not DATE_RE.match(line):
            dropped.append(("menu or breadcrumb", line))
            continue
        date = DATE_RE.match(line) or STAMP_RE.match(line) or FIELDS_DATE_RE.match(line)
        if date:
            meta.setdefault("date", date.group(1).replace("-", "/"))
            dropped.append(("date line (kept as metadata)", line))
            continue
        if lexicon.is_province(line):
            dropped.append(("section label", line))
            continue
        if author_role and not AUTHOR_RE.match(line):
            dropped.append(("author's role", line))
            continue
        if AUTHOR_RE.match(line) and len(line) <= 32:
            meta.setdefault("author", line.title() if line.isupper() else line)
            dropped.append(("byline (kept as metadata)", line))
            previous_was_author = True
            flush()
            continue
        if in_link_block:
            if len(line) < 200 and not lexicon.caption.search(line):
                if title is None and _looks_like_title(line, lexicon):
                    title = line
                dropped.append(("link in link block", line))
                continue
            in_link_block = False
        if not in_body and _looks_like_title(line, lexicon):
            # Before the first line of prose, title-like lines are the headline and the page's head (the
            # site's name, its slogan); what else stands above them is page head too (a hotline, a login).
            flush()
            dropped.extend(("page head", head) for head in paragraphs)
            paragraphs.clear()
            heads.append(line)
            continue
        # Prose starts with a long line or a sentence; "Tìm kiếm..." is too short to be one.
        in_body = in_body or len(line) >= 80 or line.endswith((".", "!", "?", "…", ":")) and len(line.split()) >= 4
        current.append(line)
    flush()

    if heads:
        mastheads = [re.compile(p, re.IGNORECASE) for p in lexicon.words("mastheads")]
        title = _headline([h for h in heads if not any(p.search(h) for p in mastheads)] or heads, paragraphs)
        dropped.extend(("title (kept as metadata)" if head == title else "page head", head) for head in heads)
    if paragraphs:
        outlet = OUTLET_RE.match(paragraphs[0])
        if outlet:
            meta["outlet"] = outlet.group("paren") or outlet.group("bare")
            paragraphs[0] = paragraphs[0][outlet.end():]
    kept, repeated = _drop_repeated_sentences(paragraphs, title, lexicon)
    dropped.extend(("repeated inside the article", s) for s in repeated)
    body = "\n\n".join(p.text for p in kept)
    if len(body) < MIN_ARTICLE_CHARS:
        raise SkippedFile(f"no article text after cleaning ({len(body)} characters left)")
    counts = lexicon.province_counts(((title or "") + " ") * 3 + body)
    return Article(
        id=article_id,
        source=source,
        title=title or _title_from_lead(kept[0].text),
        paragraphs=kept,
        province=max(counts, key=counts.get) if counts else None,
        outlet=meta.get("outlet"),
        date=meta.get("date"),
        author=meta.get("author"),
        dropped=dropped,
    )


def _looks_like_title(line: str, lexicon: Lexicon) -> bool:
    return 3 <= len(line.split()) and len(line) <= 160 and not line.endswith((".", ":", ";", ",")) \
        and not lexicon.caption.search(line)


def _headline(heads: list[str], paragraphs: list[str]) -> str:
    """Of the title-like lines at the top of a page, the one the article goes on about: the headline
    shares its word pairs with the text, the site's name and slogan hardly do."""
    opening = fold(" ".join(paragraphs))

    def shared(line: str) -> float:
        tokens = re.findall(r"\w+", fold(line))
        pairs = [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]
        return sum(pair in opening for pair in pairs) / (len(pairs) or 1)
    return max(heads, key=shared)  # the first of equals: a saved page starts with its <title>


def _title_from_lead(lead: str) -> str:
    first = re.split(r"(?<=[.!?…])\s", lead, maxsplit=1)[0]
    return first if len(first) <= 120 else first[:117].rsplit(" ", 1)[0] + "…"


def _sentence_key(sentence: str) -> str:
    return re.sub(r"\W+", " ", fold(OUTLET_RE.sub("", sentence))).strip()


def _drop_repeated_sentences(paragraphs: list[str], title: str | None,
                             lexicon: Lexicon) -> tuple[list[Paragraph], list[str]]:
    """Cut sentences already seen earlier in the article out of the paragraph text, leaving
    the rest of the text exactly as written."""
    from underthesea import sent_tokenize

    seen: set[str] = {_sentence_key(title)} if title else set()
    kept: list[Paragraph] = []
    repeated: list[str] = []
    for text in paragraphs:
        cursor, pieces = 0, []
        for sentence in sent_tokenize(text):
            start = text.find(sentence, cursor)
            if start < 0:
                continue
            key = _sentence_key(sentence)
            if len(key) >= 40 and key in seen:
                pieces.append(text[cursor:start])
                repeated.append(sentence)
                cursor = start + len(sentence)
            seen.add(key)
        pieces.append(text[cursor:])
        joined = re.sub(r"\s{2,}", " ", "".join(pieces)).strip()
        if joined:
            kept.append(Paragraph(joined, "caption" if lexicon.caption.search(joined) else "body"))
    return kept, repeated
