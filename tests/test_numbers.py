from assistant.numbers import find_figures, readings
from assistant.cite import unsupported_numbers, unsupported_names


def figures(text):
    return [(f.text, f.value, f.kind) for f in find_figures(text)]


def test_vietnamese_formats_and_scale_words():
    text = ("kim ngạch xuất khẩu ước đạt 1.217,78 triệu USD, tăng 18%; tăng trưởng đạt 13,02%; "
            "với 151.674 lao động; tiêu thụ được hơn 215 nghìn tấn; 5,64 tỷ USD; 228.216 tỷ đồng")
    assert figures(text) == [
        ("1.217,78 triệu USD", 1_217_780_000, "money"),
        ("18%", 18, "percent"),
        ("13,02%", 13.02, "percent"),
        ("151.674 lao động", 151_674, "count"),
        ("hơn 215 nghìn tấn", 215_000, "weight"),
        ("5,64 tỷ USD", 5_640_000_000, "money"),
        ("228.216 tỷ đồng", 228_216_000_000_000, "money"),
    ]


def test_counted_noun_keeps_an_acronym_and_stops_at_verbs():
    assert figures("Bắc Giang có 484 dự án FDI đang hoạt động, 369 doanh nghiệp đã hoạt động") == [
        ("484 dự án FDI", 484, "count"), ("369 doanh nghiệp", 369, "count")]


def test_dates_and_codes_are_not_figures():
    assert figures("đầu tháng 12/2021, Chỉ thị 15/CT-TTg, Covid-19, ngày 10-4-2014") == []


def test_years():
    assert figures("Năm 2022 tỉnh ký 12 thỏa thuận") == [("2022", 2022, "year"), ("12 thỏa thuận", 12, "count")]


def test_english_and_vietnamese_readings_of_one_number():
    assert readings("1.217,78") == {1217.78}
    assert 1217.78 in readings("1,217.78")
    assert {151674, 151.674} <= readings("151.674")


def test_figure_check_accepts_the_source_figures_in_either_convention():
    source = ["Lũy kế đến nay, Bắc Giang có 484 dự án FDI, với tổng vốn đăng ký 6.830,15 triệu USD."]
    assert unsupported_numbers("Bắc Giang có 484 dự án FDI, vốn 6.830,15 triệu USD [1].", source) == []
    assert unsupported_numbers("Bac Giang has 484 FDI projects worth 6,830.15 million USD [1].", source) == []


def test_figure_check_rejects_rounding():
    source = ["Bắc Giang có 484 dự án FDI, với tổng vốn đăng ký 6.830,15 triệu USD."]
    assert unsupported_numbers("Registered capital is 6.83 billion USD [1].", source) == ["6.83"]


def test_figure_check_rejects_a_number_given_the_wrong_scale_word():
    source = ["Tổng vốn đầu tư nước ngoài vào thành phố đạt 71,1 tỷ USD."]
    assert unsupported_numbers("FDI totals 71.1 billion USD [1].", source) == []
    assert unsupported_numbers("FDI totals 71,1 million USD [1].", source) == ["71,1"]


def test_figure_check_rejects_a_changed_or_invented_number():
    source = ["Lũy kế đến nay, Bắc Giang có 484 dự án FDI, với tổng vốn đăng ký 6.830,15 triệu USD."]
    assert unsupported_numbers("Tổng vốn đăng ký là 2.830,15 triệu USD [1].", source) == ["2.830,15"]
    assert unsupported_numbers("Bắc Giang có 17 dự án FDI [1].", source) == ["17"]


def test_a_token_that_is_no_quantity_is_supported_only_as_written():
    source = ["Địa chỉ: 28 Ngô Quyền | ĐT: 0292.3821.457"]
    assert unsupported_numbers("ĐT: 0292.3821.457 [1].", source) == []
    assert unsupported_numbers("ĐT: 0292.3821.458 [1].", source) == ["0292.3821.458"]


def test_name_check_rejects_a_completed_name():
    source = ["tỉnh ta được đón đoàn công tác của đồng chí Vũ Bình, Tổng lãnh sự Việt Nam tại Fukuoka Nhật Bản."]
    assert unsupported_names("Tổng lãnh sự là Nguyễn Vũ Bình [1].", source) == ["Nguyễn"]
    assert unsupported_names("Tổng lãnh sự là Vũ Bình [1].", source) == []


def test_a_range_is_one_figure_with_the_unit_of_its_second_number():
    text = "Giải ngân khoảng 220 - 280 triệu USD/năm; giai đoạn 2016 - 2020 có 12 dự án."
    assert [(f.text, f.kind) for f in find_figures(text)] == [
        ("khoảng 220 - 280 triệu USD", "money"), ("2016", "year"), ("2020", "year"), ("12 dự án", "count")]


def test_a_counted_noun_that_folds_like_a_stop_noun_is_compared_with_its_marks():
    assert [f.text for f in find_figures("Có 12 hãng hàng không khai thác; hàng hóa tăng 5 hàng năm.")][:1] \
        == ["12 hãng hàng không"]


def test_a_range_may_be_written_with_a_bare_hyphen_unlike_a_date():
    text = "Giá 225.000-235.000 đồng/kg, tăng 10-12%; ngày 10-4-2014 và 13-16/6 có 3 đoàn; giai đoạn 2021-2025."
    assert [(f.text, f.kind) for f in find_figures(text)] == [
        ("225.000-235.000 đồng", "money"), ("10-12%", "percent"), ("3 đoàn", "count")]


def test_a_measure_may_have_its_unit_glued_to_the_number():
    figures = find_figures("Tuyến đường dài hơn 19,7km, nền đường rộng 6,5m trên khu đất 43ha; Covid-19.")
    assert [(f.text, f.kind) for f in figures] == [("hơn 19,7km", "length"), ("6,5m", "length"), ("43ha", "area")]
