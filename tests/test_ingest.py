"""Cleaning, per article: known clutter is gone, known figures and metadata remain."""

import unicodedata

import pytest

from assistant.chunk import chunk_article, split_sentences
from assistant.ingest import Article, Paragraph, SkippedFile, clean_text, load_articles, read_article
from conftest import BAC_GIANG, HA_GIANG, HOA_BINH, HUNG_YEN, SEEDS, THANH_HOA

CASES = {
    HOA_BINH: dict(province="Hòa Bình", outlet="HBĐT", author="Thu Hiền",
                   clutter=["Các tin khác", "Mật ong Lâm Sơn", "Xem các tin đã đưa ngày", "(HBĐT) -"],
                   figures=["1.217,78 triệu USD", "980 triệu USD", "8 dự án NGOs", "41 chương trình"]),
    HA_GIANG: dict(province="Hà Giang", outlet="BHG", author="Lê Hải", date="01/02/2023",
                   title="Tăng cường đối ngoại, hợp tác quốc tế",
                   clutter=["Ý kiến bạn đọc", "Cùng chuyên mục", "IMF hạ dự báo", "09:48"],
                   figures=["12 thỏa thuận", "24 thỏa thuận", "4,04 triệu USD", "52 tỷ đồng"]),
    BAC_GIANG: dict(province="Bắc Giang", author="Mai Sơn",
                    title="Đối ngoại Bắc Giang: Chủ động, linh hoạt trong đại dịch Covid-19",
                    clutter=["Lượt xem", "Chế độ ban đêm", "Cỡ chữ", "Tổng số truy cập", "4,132,922",
                             "PHÓ CHỦ TỊCH THƯỜNG TRỰC"],
                    figures=["484 dự án FDI", "6.830,15 triệu USD", "13,02%", "151.674", "215 nghìn tấn"]),
    HUNG_YEN: dict(province="Hưng Yên", author="Trần Quốc Văn",
                   clutter=["LIÊN KẾT WEBSITE", "người đang online", "Gửi đánh giá"],
                   figures=["496 dự án", "2.035 dự án", "228.216 tỷ đồng", "5,64 tỷ USD", "8.000 lao động"]),
    THANH_HOA: dict(province="Thanh Hóa", outlet="Baothanhhoa.vn", author="Minh Hiếu",
                    clutter=["Tin liên quan", "Đọc nhiều", "{name}", "bình luận", "Tắt [X]", "Thời tiết"],
                    figures=["66 thỏa thuận", "22 Bản ghi nhớ", "116 triệu USD", "41,6 triệu USD", "59 tổ chức"]),
}


@pytest.mark.parametrize("article_id", CASES)
def test_cleaning_keeps_the_article_and_drops_the_page(article_id):
    case = CASES[article_id]
    article = read_article(SEEDS / f"{article_id}.txt")
    for clutter in case["clutter"]:
        assert clutter not in article.text
    for figure in case["figures"]:
        assert figure in article.text
    for key in ("province", "outlet", "author", "date", "title"):
        if key in case:
            assert getattr(article, key) == case[key]
    assert article.dropped, "the verbose report lists what was dropped"


def test_a_lead_repeated_three_times_is_kept_once():
    article = read_article(SEEDS / f"{THANH_HOA}.txt")
    assert article.text.count("Nhằm tăng cường và cụ thể hóa quan hệ hợp tác") == 1
    assert article.text.count("đã ký kết 66 thỏa thuận quốc tế") == 1
    assert "Riêng năm 2019" in article.text


def test_marked_captions_are_kept_and_labelled():
    article = read_article(SEEDS / f"{BAC_GIANG}.txt")
    captions = [p.text for p in article.paragraphs if p.kind == "caption"]
    assert any("(Nguồn: Báo Bắc Giang)" in c for c in captions)


def test_sentences_and_chunks_point_at_exact_text():
    article = read_article(SEEDS / f"{BAC_GIANG}.txt")
    for sentence in split_sentences(article):
        assert article.text[sentence.start:sentence.end] == sentence.text
    chunks = chunk_article(article, 700)
    assert all(article.text[c.start:c.end] == c.text for c in chunks)
    assert any("484 dự án FDI" in s.text for c in chunks for s in c.sentences)
    assert max(len(c.text) for c in chunks if len(c.sentences) > 1) <= 700


def test_a_bulleted_list_stays_in_one_chunk_with_the_line_introducing_it():
    lead = "Năm 2022, kim ngạch xuất khẩu của tỉnh ước đạt 1,533 tỷ USD, tăng gần 28% so với cùng kỳ năm trước."
    items = [f"- Mặt hàng thứ {i}: kim ngạch ước đạt {i}0 triệu USD; so với cùng kỳ tăng {i},5%." for i in range(1, 7)]
    article = Article("a", "a.txt", "Quảng Ngãi", [Paragraph(lead), Paragraph("Một số mặt hàng xuất khẩu chủ yếu:"),
                                                   *map(Paragraph, items), Paragraph(lead)])
    chunks = chunk_article(article, 250)
    listed = [c for c in chunks if "chủ yếu:" in c.text]
    assert len(listed) == 1 and all(item in listed[0].text for item in items) and len(listed[0].text) > 250
    assert chunks[0].text == lead, "the lead, which would fit with the list's first items, keeps a chunk of its own"


def test_a_name_written_with_an_exclamation_mark_ends_no_sentence():
    article = Article("a", "a.txt", "Lào Cai", [Paragraph(
        "Dự án thứ hai là Trung tâm Thương mại GO! Lào Cai, đã khánh thành. Tổng mức đầu tư vượt 13,5 triệu USD.")])
    assert [s.text for s in split_sentences(article)] == [
        "Dự án thứ hai là Trung tâm Thương mại GO! Lào Cai, đã khánh thành.", "Tổng mức đầu tư vượt 13,5 triệu USD."]


def test_a_company_written_co_ltd_ends_no_sentence():
    article = Article("a", "a.txt", "Gia Lai", [Paragraph(
        "Công ty SCM Co.,Ltd (Hàn Quốc) đầu tư nhà máy phụ tùng ô tô với 302 tỷ đồng. Dự án khởi công năm 2025.")])
    assert [s.text for s in split_sentences(article)] == [
        "Công ty SCM Co.,Ltd (Hàn Quốc) đầu tư nhà máy phụ tùng ô tô với 302 tỷ đồng.", "Dự án khởi công năm 2025."]


def test_saved_web_page_goes_through_a_real_extractor(tmp_path):
    body = ("Năm 2022, tỉnh Hà Giang đã ký mới được 12 thỏa thuận hợp tác quốc tế với các đối tác. "
            "Tỉnh đã tổ chức 26 hội nghị, hội đàm trực tuyến với các địa phương phía Trung Quốc. "
            "Hiện tại, tỉnh có 5 dự án FDI còn hiệu lực hoạt động với tổng vốn đầu tư đăng ký là 4,04 triệu USD.")
    page = f"""<html><head><title>Hà Giang ký 12 thỏa thuận</title></head><body>
    <nav><a href="/">Trang chủ</a> | <a href="/tin">Tin tức</a></nav>
    <article><h1>Hà Giang ký 12 thỏa thuận</h1><p>{body}</p>
    <h2>Nhiều đối tác mới</h2>
    <p>Tỉnh tiếp tục triển khai 24 thỏa thuận hợp tác quốc tế trong năm 2023 với nhiều đối tác mới.</p></article>
    <footer>Bản quyền thuộc Báo Hà Giang</footer></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    article = read_article(path)
    assert "12 thỏa thuận" in article.text and "24 thỏa thuận" in article.text
    assert "Trang chủ" not in article.text and "Bản quyền" not in article.text
    assert article.title == "Hà Giang ký 12 thỏa thuận"
    assert article.province == "Hà Giang"
    assert "Nhiều đối tác mới" in [p.text for p in article.paragraphs]  # a sub-heading does not run into its text


def test_bad_seed_files_are_skipped_with_a_reason_and_the_rest_is_kept(tmp_path):
    good = (SEEDS / f"{HA_GIANG}.txt").read_text("utf-8")
    (tmp_path / "good.txt").write_text(good, encoding="utf-8")
    (tmp_path / "copy-of-good.txt").write_text(good, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "enormous.txt").write_text(good * 1000, encoding="utf-8")  # over the 5 MB limit
    other = (SEEDS / f"{BAC_GIANG}.txt").read_text("utf-8")
    (tmp_path / "windows.txt").write_bytes(to_windows_1258(other))
    articles, warnings = load_articles(tmp_path)
    assert [a.source for a in articles] == ["copy-of-good.txt", "windows.txt"]
    reasons = " ".join(warnings)
    assert "binary" in reasons and "empty.txt" in reasons and "same article text" in reasons
    assert "enormous.txt" in reasons and "larger than" in reasons
    windows = next(a for a in articles if a.source == "windows.txt")
    assert "484 dự án FDI" in windows.text and windows.province == "Bắc Giang"


def to_windows_1258(text: str) -> bytes:
    """Encode the way Windows-1258 stores Vietnamese: letters like ă, ơ precomposed, tone marks combining."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        out.append((base + "".join(c for c in decomposed if c in tones)).encode("cp1258"))
    return b"".join(out)


def test_a_page_with_no_article_is_refused():
    with pytest.raises(SkippedFile):
        clean_text("x", "x.txt", "Lượt xem:\nChế độ ban đêm OFF\n")


@pytest.mark.parametrize("stamp", ["Thứ Sáu, 29/07/2016 - 15:20 GMT+7", "Kinh tế - Ngày đăng: 15:20, 29/07/2016",
                                   "Cập nhật lúc 15:20, Thứ Sáu, 29/07/2016 (GMT+7)", "29-07-2016 - 15:20 PM | Vĩ mô"])
def test_a_page_time_stamp_becomes_the_date(stamp):
    body = " ".join(f"Trong 7 tháng, xuất khẩu mặt hàng thứ {n} của tỉnh đạt {n},5 triệu USD, đi ngang so với cùng kỳ."
                    for n in range(1, 8))
    article = clean_text("stamp", "stamp.txt", f"Xuất khẩu 7 tháng tăng nhẹ\n{stamp}\n\n{body} "
                         "Số liệu được công bố lúc 15:20 ngày 29/07/2016.")
    assert article.date == "29/07/2016" and stamp not in article.text
    assert "lúc 15:20 ngày 29/07/2016" in article.text  # a sentence with a time stays


def test_a_related_news_block_ends_the_article():
    body = " ".join(f"Năm 2022, tỉnh và đối tác thứ {n} ký kết bản ghi nhớ hợp tác về giáo dục và y tế." for n in range(1, 8))
    article = clean_text("links", "links.txt", f"Ký kết hợp tác với tỉnh bạn\n\n{body}\n\nCác tin đã đưa:\n"
                         "- Tỉnh ký kết Bản ghi nhớ hợp tác giai đoạn 2022-2027 (26/10/2022)")
    assert "đối tác thứ 7" in article.text and "Các tin đã đưa" not in article.text and "26/10/2022" not in article.text


def test_other_news_after_the_byline_and_the_outlets_footer_are_not_the_article():
    body = " ".join(f"Năm 2024, tổ chức thứ {n} tài trợ cho tỉnh một khoản viện trợ trị giá {n}00 triệu đồng." for n in range(1, 8))
    article = clean_text("footer", "footer.txt", f"Phê duyệt các khoản viện trợ\n\n{body}\n\nHOÀNG VŨ\n\nTin khác\n"
                         "- Khánh thành cầu nông thôn do Ấn Độ tài trợ 1,2 tỷ đồng (12/05/2024)\n\n"
                         "Bản tin Hữu nghị - Giấy phép số 215/GP-BTTTT | ĐT: 0292.3821.457")
    assert "thứ 7" in article.text and "Ấn Độ" not in article.text and "0292" not in article.text
    footer = clean_text("footer2", "footer2.txt", f"Phê duyệt các khoản viện trợ\n\n{body}\n\n"
                        "Bản tin Hữu nghị - Giấy phép số 215/GP-BTTTT | Địa chỉ: 28 Ngô Quyền | ĐT: 0292.3821.457")
    assert "0292" not in footer.text


def test_a_share_button_is_dropped_but_a_sentence_that_starts_like_one_is_kept():
    lead = " ".join(f"Ngày {day}/3, tỉnh đón đoàn đại sứ của {n} nước và đại diện các tổ chức quốc tế tới thăm, làm việc."
                    for day, n in ((24, 5), (25, 9), (26, 14), (27, 3)))
    article = clean_text("x", "x.txt", f"{lead}\n\nChia sẻ: Facebook Zalo\n\nChia sẻ Facebook\n\n"
                                       "Chia sẻ cảm nhận sau chuyến đi, Đại sứ Saadi Salama tin tưởng tỉnh sẽ phát triển.\n")
    assert "Facebook" not in article.text and "Chia sẻ cảm nhận" in article.text


def test_a_page_head_of_site_name_menu_and_breadcrumb_gives_way_to_the_headline_and_its_date():
    body = " ".join(f"Sáu tháng đầu năm 2018, Hải Dương cấp phép cho dự án thứ {n} có vốn nước ngoài, vốn {n},5 triệu USD."
                    for n in range(1, 8))
    page = ("THỜI BÁO MEKONG\nTrang chủ | Thời sự | Kinh tế | Đầu tư | Video\nTrang chủ > Đầu tư > Địa phương\n\n"
            "Hải Dương: Vốn FDI nửa đầu năm đạt 289,8 triệu USD\n\n"
            "Thứ Tư, 11/07/2018 - 08:42 | Hoàng Nam | Lượt xem: 1.386\n[Chia sẻ] [Facebook] [Zalo]\n\n" + body)
    article = clean_text("head", "head.txt", page)
    assert article.title == "Hải Dương: Vốn FDI nửa đầu năm đạt 289,8 triệu USD" and article.date == "11/07/2018"
    assert article.text.startswith("Sáu tháng đầu năm 2018") and "Trang chủ" not in article.text
    # A saved page whose file starts with its <title>, the site's name after it, keeps the same headline.
    saved = clean_text("head2", "head2.txt", "Hải Dương: Vốn FDI nửa đầu năm đạt 289,8 triệu USD\nBÁO HẢI DƯƠNG ĐIỆN TỬ\n"
                       "Kinh tế > Đầu tư\n\n" + body)
    assert saved.title == article.title and saved.text.startswith("Sáu tháng")
    # A search box ("Tìm kiếm...") ends with a stop but is no sentence: the headline below it is still the title.
    searched = clean_text("head3", "head3.txt", "CỔNG THÔNG TIN ĐỐI NGOẠI TỈNH HẢI DƯƠNG\nTìm kiếm...\n\n"
                          "Hải Dương: Vốn FDI nửa đầu năm đạt 289,8 triệu USD\n\n" + body)
    assert searched.title == article.title
