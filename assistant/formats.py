"""File formats: one small reader per suffix turns a file's bytes into a ``Document``.

A reader only gets the text out (one line per paragraph or line, blank lines between
paragraphs) plus the metadata the file itself states; cleaning the text is ingest's job.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath

from .text import SENTENCE_END_RE

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 20_000_000
# Text and HTML carry no embedded images: 5 MB of text is hundreds of articles, not one.
MAX_TEXT_BYTES = 5_000_000
MIN_PDF_TEXT_CHARS = 20
PLACEHOLDER_TITLES = ("untitled", "word document")  # defaults Word / python-docx fill in, not real titles
# Accounts that Office or python-docx write as the author when nobody set one; they name no person.
GENERIC_AUTHORS = ("python-docx", "microsoft office user", "administrator", "admin", "user")
MIN_TABLE_ROWS = 2  # rows with figures that make a table data rather than a letterhead ("Số: 12/KH-UBND")
MAX_TABLE_CELL = 300  # a longer cell is a page's layout, not a table of figures


@dataclass
class Document:
    """What a file holds before cleaning: its text (one line per paragraph/line, blank lines
    between paragraphs) and the metadata the file itself states."""
    text: str
    title: str | None = None
    date: str | None = None  # dd/mm/yyyy
    author: str | None = None
    outlet: str | None = None


class Unreadable(Exception):
    """A file that cannot be read; the message says why in plain words."""


def read_document(data: bytes, name: str) -> Document:
    """Read ``data`` with the reader for the suffix of ``name``; refuse empty, oversized and
    unknown files with ``Unreadable``."""
    suffix = PurePath(name).suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        raise Unreadable(f"unsupported file type “{suffix or name}” (supported: {', '.join(SUFFIXES)})")
    if not data:
        raise Unreadable("empty file")
    limit = MAX_TEXT_BYTES if suffix in (".txt", ".html", ".htm") else MAX_FILE_BYTES
    if len(data) > limit:
        raise Unreadable(f"larger than {limit / 1_000_000:g} MB")
    return reader(data)


def _read_txt(data: bytes) -> Document:
    return Document(text=_decode_text(data))


def _decode_text(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise Unreadable("binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Older Vietnamese sites and Windows tools save Windows-1258 (combining tone marks).
        text = data.decode("cp1258")
    except UnicodeDecodeError as err:
        raise Unreadable(f"not UTF-8 or Windows-1258 text ({err.reason})") from None
    log.warning("decoded as Windows-1258, not UTF-8")
    return text


def table_paragraphs(rows: list[list[str]], caption: str = "") -> list[str]:
    """A table of figures as a list an article could have written: its caption as the list's opening line,
    then one item per row, each figure with its column's heading ("- Sản phẩm cơ khí: Kim ngạch 99,1 triệu
    USD; So với cùng kỳ tăng 79,9%."). Tables that hold no such figures (a letterhead, a page's layout)
    give nothing: read cell by cell, they garble sentences."""
    rows = [[" ".join(cell.split()) for cell in row] for row in rows]
    rows = [[cell for i, cell in enumerate(row) if i == 0 or cell != row[i - 1]] for row in rows]  # merged cells
    with_figures = [row for row in rows if any(re.search(r"\d", cell) for cell in row)]
    if len(with_figures) < MIN_TABLE_ROWS or any(len(cell) > MAX_TABLE_CELL for row in rows for cell in row):
        return []
    heading = rows[0] if rows[0] not in with_figures else []
    items = []
    for row in rows[1 if heading else 0:]:
        cells = [f"{heading[i]} {cell}" if i < len(heading) and re.search(r"\d", cell) else cell
                 for i, cell in enumerate(row) if i and cell.strip("-–— ")]
        if row[0] and cells:
            items.append(f"- {row[0].rstrip(':')}: {'; '.join(cells)}.")
    caption = " ".join(caption.split()).rstrip(".:")
    return ([f"{caption}:"] if caption else []) + items


def _html_tables_as_paragraphs(html: str) -> str:
    """The page with each table of figures replaced by paragraphs (``table_paragraphs``), where it stood;
    the extractor below drops tables, which on news pages are mostly layout."""
    import lxml.html
    from lxml.html.builder import DIV, P

    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return html
    replaced = False
    for table in root.xpath("//table[not(.//table)]"):
        rows = [[cell.text_content() for cell in row.xpath("./th|./td")] for row in table.xpath(".//tr")]
        caption = " ".join(c.text_content() for c in table.xpath("./caption"))
        paragraphs = table_paragraphs([row for row in rows if row], caption)
        if paragraphs:
            table.getparent().replace(table, DIV(*(P(text) for text in paragraphs)))
            replaced = True
    return lxml.html.tostring(root, encoding="unicode") if replaced else html


def _read_html(data: bytes) -> Document:
    import trafilatura

    page = trafilatura.bare_extraction(_html_tables_as_paragraphs(_decode_text(data)), with_metadata=True,
                                       include_comments=False, include_tables=False)
    if page is None or not getattr(page, "text", None):
        raise Unreadable("no article text found in the HTML page")
    # Each of the extractor's lines is a block of the page (a heading, a paragraph): kept apart, as a
    # .docx's paragraphs are, so that a sub-heading does not run into the sentence after it.
    return Document(text=page.text.replace("\n", "\n\n"), title=page.title or None, date=_iso_to_dmy(page.date),
                    author=page.author or None, outlet=page.sitename or None)


def _iso_to_dmy(value: str | None) -> str | None:
    try:
        return date.fromisoformat(value).strftime("%d/%m/%Y") if value else None
    except ValueError:
        return None


def _read_docx(data: bytes) -> Document:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    from lxml.etree import XMLSyntaxError

    try:
        word = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, XMLSyntaxError):
        raise Unreadable("not a valid Word (.docx) file; if it is an old .doc or a damaged file, "
                         "open it in Word and save it again as .docx") from None
    # The body in order: paragraphs, and tables of figures as paragraphs (a letterhead's table is dropped).
    blocks: list[str] = []
    for element in word.element.body.iterchildren():
        if element.tag == qn("w:p"):
            blocks.append(Paragraph(element, word).text.strip())
        elif element.tag == qn("w:tbl"):
            blocks += table_paragraphs([[cell.text for cell in row.cells] for row in Table(element, word).rows])
    paragraphs = [p for p in word.paragraphs if p.text.strip()]
    heading = next((p.text.strip() for p in paragraphs if _is_heading_style(p.style)), None)
    properties = word.core_properties
    author = (properties.author or "").strip()
    return Document(
        text="\n\n".join(block for block in blocks if block),
        # The file's created/modified dates say when the file was made, not when the article was.
        title=heading or _real_title(properties.title),
        author=author if author and author.lower() not in GENERIC_AUTHORS else None,
    )


def _is_heading_style(style) -> bool:
    name = getattr(style, "name", None) or ""
    return name == "Title" or name.startswith("Heading")


def _real_title(title: str | None) -> str | None:
    """A metadata title, unless it is a placeholder or a file name ("Microsoft Word - bao_cao.docx")."""
    title = (title or "").strip()
    if not title or title.lower() in PLACEHOLDER_TITLES or title.lower().endswith((".doc", ".docx", ".pdf")):
        return None
    return title


def _read_pdf(data: bytes) -> Document:
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError, PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise Unreadable("the PDF is password-protected; save an unprotected copy and add that instead")
        pages = [page.extract_text() or "" for page in reader.pages]
        # The metadata title is a file property, often a file name; /CreationDate is when the file was made.
        title = _real_title(reader.metadata.title if reader.metadata else None)
    except DependencyError:
        raise Unreadable("the PDF is AES-encrypted, which needs the “cryptography” package installed") from None
    except (PyPdfError, ValueError, KeyError, TypeError):
        raise Unreadable("not a valid PDF (damaged or incomplete file?)") from None
    if sum(len("".join(page.split())) for page in pages) < MIN_PDF_TEXT_CHARS:
        raise Unreadable("the PDF has no text layer (a scanned image?); run OCR on it first, then add it again")
    paragraphs = [p for page in pages for p in _pdf_paragraphs(page)]
    return Document(text="\n\n".join(paragraphs), title=title)


def _pdf_paragraphs(page_text: str) -> list[str]:
    # The PDF layout breaks paragraphs into lines. A line continues on the next one unless it ends a
    # sentence or is clearly shorter than the page's full lines (a title, a date, a paragraph's last line).
    lines = [" ".join(line.split()) for line in page_text.splitlines()]
    lines = [line for line in lines if line]
    full_width = max((len(line) for line in lines), default=0)
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        current.append(line)
        if SENTENCE_END_RE.search(line) or len(line) < 0.6 * full_width:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


READERS: dict[str, Callable[[bytes], Document]] = {
    ".txt": _read_txt,
    ".html": _read_html,
    ".htm": _read_html,
    ".docx": _read_docx,
    ".pdf": _read_pdf,
}
SUFFIXES: tuple[str, ...] = tuple(READERS)
