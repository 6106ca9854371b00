"""One reader per file format: text and stated metadata come out, unreadable files are refused
with a reason. Every file is built here, in memory, so no binary fixture is kept in the repo."""

import io
from pathlib import Path

import docx
import matplotlib
import pytest
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from assistant import formats
from assistant.formats import Unreadable, read_document
from assistant.ingest import article_from_bytes, load_articles
from assistant.text import normalize
from conftest import HA_GIANG, SEEDS

TITLE = "Hợp tác quốc tế năm 2026 của tỉnh Hà Giang"
LEAD = ("Năm 2026, tỉnh Hà Giang đã ký mới được 12 thỏa thuận hợp tác quốc tế với các đối tác nước ngoài, "
        "kim ngạch xuất nhập khẩu đạt 1.217,78 triệu USD, tăng 13,02% so với cùng kỳ năm trước, "
        "góp phần quan trọng vào tăng trưởng kinh tế của tỉnh.")
FOLLOW_UP = ("Tỉnh tiếp tục triển khai 24 thỏa thuận hợp tác quốc tế và mở rộng quan hệ với các địa phương "
             "phía Trung Quốc, Lào và Hàn Quốc trong những năm tới.")
FONT = Path(matplotlib.get_data_path()) / "fonts/ttf/DejaVuSans.ttf"  # covers Vietnamese diacritics


def make_docx(*paragraphs: str, heading: str | None = TITLE, author: str | None = None,
              title_property: str | None = None) -> bytes:
    word = docx.Document()
    if heading:
        word.add_heading(heading, level=1)
    for text in paragraphs:
        word.add_paragraph(text)
    if author:
        word.core_properties.author = author
    if title_property:
        word.core_properties.title = title_property
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def make_pdf(*paragraphs: str, title_property: str | None = None) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=12)
    for text in paragraphs:
        pdf.multi_cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")  # wraps long text over several lines
    if title_property:
        pdf.set_title(title_property)
    return bytes(pdf.output())


def encrypted(pdf: bytes, **passwords: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(**passwords)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_word_file_gives_title_date_and_exact_figures():
    data = make_docx("25/11/2026", "Lê Hải", LEAD, FOLLOW_UP)
    article = article_from_bytes(data, "bao-cao.docx", "bao-cao")
    assert article.title == TITLE
    assert article.date == "25/11/2026"
    assert article.author == "Lê Hải", "the byline, not python-docx's default author property"
    for figure in ("12 thỏa thuận", "1.217,78 triệu USD", "13,02%", "24 thỏa thuận"):
        assert figure in article.text
    assert article.source == "bao-cao.docx" and article.province == "Hà Giang"


def test_word_file_properties_are_used_only_when_they_name_something():
    stated = read_document(make_docx(LEAD, heading=None, author="Nguyễn Văn An", title_property="Báo cáo đối ngoại"),
                           "a.docx")
    assert (stated.title, stated.author, stated.date) == ("Báo cáo đối ngoại", "Nguyễn Văn An", None)
    generic = read_document(make_docx(LEAD, heading=None, author="Microsoft Office User"), "a.DOCX")
    assert generic.title is None and generic.author is None


FIGURES_TABLE = [["Mặt hàng", "Kim ngạch", "So với cùng kỳ"], ["Thép", "560 triệu USD", "tăng 44,6%"],
                 ["Sản phẩm cơ khí", "99,1 triệu USD", "tăng 79,9%"]]
TABLE_ITEMS = ["- Thép: Kim ngạch 560 triệu USD; So với cùng kỳ tăng 44,6%.",
               "- Sản phẩm cơ khí: Kim ngạch 99,1 triệu USD; So với cùng kỳ tăng 79,9%."]


def test_a_word_table_of_figures_is_read_as_a_list_where_it_stands_and_a_letterhead_is_dropped():
    word = docx.Document()
    letterhead = word.add_table(rows=2, cols=2)
    for cell, text in zip(letterhead._cells, ["ỦY BAN NHÂN DÂN TỈNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                              "Số: 12/KH-UBND", "Hà Giang, ngày 5 tháng 3 năm 2026"]):
        cell.text = text
    word.add_paragraph(LEAD)
    figures = word.add_table(rows=3, cols=3)
    for cell, text in zip(figures._cells, sum(FIGURES_TABLE, [])):
        cell.text = text
    word.add_paragraph(FOLLOW_UP)
    out = io.BytesIO()
    word.save(out)
    doc = read_document(out.getvalue(), "a.docx")
    assert doc.text.split("\n\n") == [LEAD, *TABLE_ITEMS, FOLLOW_UP]


def test_pdf_text_comes_back_exact_with_wrapped_paragraphs_rejoined():
    data = make_pdf(TITLE, "25/11/2026", LEAD, FOLLOW_UP)
    raw = normalize(PdfReader(io.BytesIO(data)).pages[0].extract_text())
    lead_lines = [line for line in raw.splitlines() if line.split() and " ".join(line.split()) in LEAD]
    assert len(lead_lines) >= 3, "the PDF layout really splits the lead over several lines"

    doc = read_document(data, "bao-cao.pdf")
    assert normalize(doc.text).split("\n\n") == [TITLE, "25/11/2026", LEAD, FOLLOW_UP]
    article = article_from_bytes(data, "bao-cao.pdf", "bao-cao")
    assert "Hợp tác quốc tế" in article.title and article.date == "25/11/2026"
    assert LEAD in article.text and "1.217,78 triệu USD" in article.text and "13,02%" in article.text


def test_pdf_metadata_title_is_a_hint_unless_it_is_a_file_name():
    assert read_document(make_pdf(LEAD, title_property="Đối ngoại Hà Giang"), "a.pdf").title == "Đối ngoại Hà Giang"
    assert read_document(make_pdf(LEAD, title_property="Microsoft Word - bao_cao.docx"), "a.pdf").title is None


def test_pdf_without_text_layer_is_refused():
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60)  # a drawing, like a scanned page: no text to extract
    with pytest.raises(Unreadable, match="text layer"):
        read_document(bytes(pdf.output()), "scan.pdf")


def test_password_protected_pdf_is_refused_but_owner_only_protection_is_read():
    with pytest.raises(Unreadable, match="password"):
        read_document(encrypted(make_pdf(LEAD), user_password="secret"), "a.pdf")
    doc = read_document(encrypted(make_pdf(LEAD), user_password="", owner_password="owner"), "a.pdf")
    assert normalize(doc.text) == LEAD


@pytest.mark.parametrize("data", [bytes(range(256)) * 4, b"%PDF-1.7\n" + b"x" * 500], ids=["random", "header-only"])
def test_broken_pdf_is_refused(data):
    with pytest.raises(Unreadable, match="not a valid PDF"):
        read_document(data, "a.pdf")


def test_truncated_pdf_is_refused():
    data = make_pdf(LEAD)
    with pytest.raises(Unreadable, match="not a valid PDF"):
        read_document(data[: len(data) // 3], "a.pdf")


def test_text_renamed_to_docx_is_refused():
    with pytest.raises(Unreadable, match=r"not a valid Word \(\.docx\) file"):
        read_document(LEAD.encode(), "a.docx")


def test_empty_oversized_and_unknown_files_are_refused(monkeypatch):
    with pytest.raises(Unreadable, match="empty"):
        read_document(b"", "a.pdf")
    with pytest.raises(Unreadable, match="unsupported file type"):
        read_document(b"PK\x03\x04", "bang-tinh.xlsx")
    monkeypatch.setattr(formats, "MAX_FILE_BYTES", 100)
    with pytest.raises(Unreadable, match="larger than"):
        read_document(make_pdf(LEAD), "a.pdf")


def test_saved_web_page_states_title_and_date():
    page = f"""<html><head><title>{TITLE}</title>
    <meta property="article:published_time" content="2023-02-01T09:48:00+07:00"></head><body>
    <nav><a href="/">Trang chủ</a></nav><article><h1>{TITLE}</h1><p>{LEAD}</p><p>{FOLLOW_UP}</p></article>
    </body></html>"""
    doc = read_document(page.encode(), "trang.HTM")
    assert doc.title == TITLE and doc.date == "01/02/2023"
    assert "1.217,78 triệu USD" in doc.text and "Trang chủ" not in doc.text


def test_a_web_page_table_of_figures_is_read_as_a_list_under_its_caption():
    rows = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in FIGURES_TABLE)
    page = f"""<html><head><title>{TITLE}</title></head><body><article><h1>{TITLE}</h1><p>{LEAD}</p>
    <table><caption>Xuất khẩu 8 tháng năm 2022</caption>{rows}</table><p>{FOLLOW_UP}</p>
    <table><tr><td>Trang chủ</td><td>Liên hệ</td></tr></table></article></body></html>"""
    paragraphs = read_document(page.encode(), "trang.html").text.split("\n\n")
    assert paragraphs[paragraphs.index(LEAD) + 1:] == ["Xuất khẩu 8 tháng năm 2022:", *TABLE_ITEMS, FOLLOW_UP]


def test_a_folder_of_mixed_formats_is_loaded(tmp_path):
    (tmp_path / "seed.txt").write_bytes((SEEDS / f"{HA_GIANG}.txt").read_bytes())
    (tmp_path / "word.docx").write_bytes(make_docx("25/11/2026", LEAD, FOLLOW_UP))
    (tmp_path / "scan.pdf").write_bytes(make_pdf(TITLE, FOLLOW_UP, LEAD))
    (tmp_path / "notes.xlsx").write_bytes(b"ignored")
    articles, warnings = load_articles(tmp_path)
    assert sorted(a.source for a in articles) == ["scan.pdf", "seed.txt", "word.docx"]
    assert warnings == []
