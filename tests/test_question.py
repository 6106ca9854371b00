import pytest

from assistant.lexicon import default_lexicon
from assistant.followup import rewrite_follow_up
from assistant.question import analyze, detect_kind, detect_language, gloss
from assistant.text import MarkRestorer

LEXICON = default_lexicon()


@pytest.mark.parametrize("question, kind, noun", [
    ("Bắc Giang hiện có bao nhiêu dự án FDI?", "count", "du an fdi"),
    ("bac giang co bao nhieu du an fdi", "count", "du an fdi"),  # a noun the lexicon knows, typed bare
    ("Các dự án có tổng vốn đăng ký bao nhiêu tỷ đồng?", "money", None),  # a scale word, then the currency
    ("Tỉnh đón bao nhiêu triệu lượt khách quốc tế?", "count", "luot khach"),
    ("What was the 2024 export value of the textile, garment and footwear group?", "money", None),  # "dệt may"
    ("Ngành dệt may có mấy doanh nghiệp?", "count", "doanh nghiep"),
    ("How many international agreements did Ha Giang sign in 2022?", "count", "thoa thuan"),
    ("Kim ngạch xuất khẩu của Hòa Bình năm 2021 là bao nhiêu?", "money", None),
    ("Tốc độ tăng trưởng kinh tế của Bắc Giang năm 2020?", "percent", None),
    ("Tập đoàn nào ký thỏa thuận với Hưng Yên?", "entity", None),
    ("Vải thiều tiêu thụ được bao nhiêu tấn?", "weight", None),
    ("Đường biên giới của tỉnh dài bao nhiêu km?", "amount", "km"),  # a measure, in the unit asked
    ("And by how much did it grow?", "amount", None),  # a change, in whatever unit the text gives it
    ("Hội thảo tổng kết hợp tác được tổ chức hôm nào?", "date", None),  # "tổng kết" here names the event
])
def test_kind_of_answer(question, kind, noun):
    query = analyze(question)
    assert (query.kind, query.noun) == (kind, noun)


def test_provinces_years_and_language():
    query = analyze("What was Hoa Binh's export turnover in 2021?")
    assert (query.lang, query.provinces, query.period.year) == ("en", ["Hòa Bình"], 2021)
    assert "xuat" in query.keywords and "khau" in query.keywords


def test_follow_up_takes_the_previous_question_with_the_new_province():
    history = [{"role": "user", "content": "Bắc Giang hiện có bao nhiêu dự án FDI?"},
               {"role": "assistant", "content": "484 dự án FDI [1]."}]
    assert rewrite_follow_up("Còn Hưng Yên thì sao?", history) == ("Hưng Yên hiện có bao nhiêu dự án FDI?", "")
    assert rewrite_follow_up("Hà Giang có bao nhiêu dự án FDI của Nhật Bản trong năm nay?", history) == (
        "Hà Giang có bao nhiêu dự án FDI của Nhật Bản trong năm nay?", "")


def test_follow_up_with_a_new_year():
    history = [{"role": "user", "content": "Năm 2022 Hà Giang ký mới bao nhiêu thỏa thuận?"}]
    assert rewrite_follow_up("Còn năm 2021 thì sao?", history) == ("Năm 2021 Hà Giang ký mới bao nhiêu thỏa thuận?", "")


def test_follow_up_replacing_a_partner_does_not_repeat_its_first_word():
    history = [{"role": "user", "content": "Nửa đầu năm 2020, thị trường châu Mỹ nhập bao nhiêu hàng của Ninh Bình?"}]
    assert rewrite_follow_up("Thế còn châu Âu?", history)[0] == \
        "Nửa đầu năm 2020, thị trường châu Âu nhập bao nhiêu hàng của Ninh Bình?"


def test_follow_up_with_a_new_period_replaces_the_whole_old_one():
    history = [{"role": "user", "content": "Cả năm 2022 Bình Phước thu hút được bao nhiêu vốn FDI?"}]
    searched, _ = rewrite_follow_up("Còn 9 tháng đầu năm 2023 thì sao?", history)
    assert analyze(searched).period.year == 2023 and analyze(searched).period.months == (1, 9)
    assert "2022" not in searched


def test_follow_up_with_a_new_partner_or_topic_keeps_its_own_words_as_focus():
    history = [{"role": "user", "content": "Hàn Quốc đã đầu tư bao nhiêu vốn vào Hà Nội tính lũy kế?"}]
    assert rewrite_follow_up("Còn Singapore thì sao?", history) == (
        "Singapore đã đầu tư bao nhiêu vốn vào Hà Nội tính lũy kế?", "Singapore")
    history = [{"role": "user", "content": "Nhóm lâm sản của TP. Hồ Chí Minh xuất khẩu 7 tháng năm 2016 đạt bao nhiêu?"}]
    searched, focus = rewrite_follow_up("Thủy sản thì được bao nhiêu?", history)
    query = analyze(searched, focus=focus)
    assert query.focus == ["thuy"] and query.period.months == (1, 7) and query.kind == "money"


def test_follow_up_asking_again_after_then_keeps_only_its_new_partner():
    history = [{"role": "user", "content": "Lâm Đồng có bao nhiêu nhà đầu tư Nhật Bản?"}]
    assert rewrite_follow_up("Còn Thái Lan thì có mấy nhà đầu tư?", history) == (
        "Lâm Đồng có bao nhiêu nhà đầu tư Thái Lan?", "Thái Lan")
    # New words after "thì" are a question of their own, kept.
    assert "thì giải ngân" in rewrite_follow_up("Còn Thái Lan thì giải ngân được bao nhiêu?", history)[0]


def test_a_known_noun_is_read_whole_though_its_syllables_fold_like_stopwords():
    assert analyze("Lâm Đồng có bao nhiêu nhà đầu tư Nhật Bản?").noun == "nha dau tu"  # "đâu", "từ"


def test_an_english_relative_pronoun_asks_nothing():
    assert analyze("What share of the workers who went abroad in 2024 were women?").kind == "percent"
    assert analyze("To which country did Lam Dong send the most workers?").kind == "entity"


def test_a_counted_noun_that_folds_like_a_stopword_is_still_the_noun():
    query = analyze("du an mang lai loi ich cho bao nhieu nguoi va bao nhieu ho")  # "hộ", folded as "họ"
    assert [(p.kind, p.noun) for p in query.parts] == [("count", "nguoi"), ("count", "ho")]


def test_an_english_count_read_as_typed_beats_an_amount_read_from_glossed_words_in_another_order():
    query = analyze("How many foreign-invested projects does Tay Ninh have and what is their registered capital?")
    assert [(p.kind, p.noun) for p in query.parts] == [("count", "du an"), ("money", None)]


def test_an_english_phrase_of_four_words_or_more_is_glossed_whole():
    assert analyze("How many rooms did Da Nang have at the end of July 2025?").period.until == 7
    assert "Sở Kế hoạch và Đầu tư" in analyze("What did the Department of Planning and Investment approve?").search_text


def test_a_counted_noun_that_folds_like_a_stop_noun_is_still_counted_where_its_marks_differ():
    assert (analyze("Có bao nhiêu hãng hàng không bay thẳng đến tỉnh?").kind,
            analyze("Tỉnh xuất khẩu bao nhiêu hàng hóa?").kind) == ("count", "money")


def test_a_counted_noun_typed_without_marks_is_read_from_words_next_to_each_other():
    # "mã số" folds like stopwords ("mà", "so"); "vùng" and "cây" are not next to each other.
    assert analyze("son la duoc cap bao nhieu ma so vung trong cho cay an qua").noun == "vung"


def test_items_listed_with_commas_before_and_asked_respectively_get_one_part_each():
    query = analyze("Năm 2024 của Bắc Ninh thì vốn cấp mới, vốn tăng thêm và vốn góp lần lượt là bao nhiêu?")
    assert [p.text for p in query.parts] == [f"Năm 2024 của Bắc Ninh thì {item} là bao nhiêu?"
                                             for item in ("vốn cấp mới", "vốn tăng thêm", "vốn góp")]
    query = analyze("GRDP quý II, quý III và quý IV tăng tối thiểu bao nhiêu?")
    assert [p.text for p in query.parts] == [f"GRDP quý {q} tăng tối thiểu bao nhiêu?" for q in ("II", "III", "IV")]


def test_words_that_narrow_the_counted_noun_are_kept():
    query = analyze("Bắc Giang tiêu thụ được bao nhiêu tấn nhãn lồng?")
    assert (query.kind, query.qualifiers) == ("weight", ["nhan", "long"])
    assert analyze("Bao nhiêu lao động làm việc tại 6 KCN?").qualifiers == []  # a verb ends the noun phrase


def test_words_in_other_scripts_are_left_out_of_the_question():
    query = analyze("Bắc Giang 北江 hiện có bao nhiêu dự án FDI? Сколько проектов?")
    assert query.text == "Bắc Giang hiện có bao nhiêu dự án FDI?"
    assert query.provinces == ["Bắc Giang"] and query.kind == "count" and query.keywords == ["du", "an", "fdi"]


def test_a_question_for_two_figures_has_one_part_per_figure_with_the_shared_setting():
    query = analyze("Trong 10 tháng năm 2025, Hà Nội cấp phép mới cho bao nhiêu dự án có vốn nước ngoài "
                    "và tổng số tiền đăng ký của các dự án đó là bao nhiêu?")
    assert [(p.kind, p.noun) for p in query.parts] == [("count", "du an"), ("money", None)]
    assert all(p.provinces == ["Hà Nội"] and p.period.months == (1, 10) and p.period.year == 2025 for p in query.parts)


@pytest.mark.parametrize("question, kind", [
    ("Hà Nội xếp hạng mấy cả nước về thu hút vốn FDI?", "rank"),
    ("Sở Ngoại vụ ra đời năm nào?", "date"),
    ("Kể tên các tập đoàn Nhật Bản đang đầu tư tại tỉnh.", "list"),
    ("Tóm tắt kết quả thu hút đầu tư nước ngoài của tỉnh năm 2023", "summary"),
    ("Tóm lại giúp tôi kết quả hút vốn ngoại của tỉnh trong 11 tháng.", "summary"),
    ("Tỉnh ưu tiên vận động viện trợ cho những huyện có tỷ lệ hộ nghèo cao nào?", "list"),  # a share describes them
    ("Which two farm products have already obtained trademark protection abroad?", "list"),  # English, several
    ("Ai là Thống đốc tỉnh Tochigi?", "entity"),
    ("Which companies signed memoranda with Khanh Hoa?", "list"),
    # A word written with other marks than a cue is no cue: "tiêu thụ hàng hóa" is no "thứ hạng".
    ("Thị trường nào là nơi tiêu thụ hàng hóa của tỉnh nhiều nhất?", "entity"),
    ("Thi truong nao dung thu may?", "rank"),
    # A rank stated, a name asked.
    ("Mặt hàng nào đứng thứ hai về kim ngạch?", "entity"),
    ("Những tỉnh nào cùng nhóm với Bình Phước trên bảng xếp hạng vốn ngoại?", "list"),
    ("Nhật Bản đứng ở vị trí thứ mấy?", "rank"),
    ("How large is the Hoa Lu border economic zone?", "amount"),
    # English cues are read as typed too: "which year" is glossed "which năm".
    ("In which year did Kon Tum and Attapeu sign the memorandum?", "date"),
    # Asked to tell a few ("Kể giúp tôi vài …"), not the growth the words after say.
    ("Kể giúp tôi vài thị trường khách nước ngoài đang tăng trưởng tốt ở Gia Lai.", "list"),
    ("Hồi tháng 8/2024, Bình Thuận tổ chức đêm chung kết cuộc thi hoa hậu nào?", "entity"),
])
def test_more_kinds(question, kind):
    assert analyze(question).kind == kind


def test_a_country_is_a_name_with_its_lower_case_head_or_typed_without_marks():
    assert analyze("Thị trường châu Âu nhập bao nhiêu hàng?", LEXICON).names == ["chau au"]
    assert analyze("xuat khau sang chau au dat bao nhieu", LEXICON).names == ["chau au"]
    assert analyze("xuat khau lao dong sang nhat ban bao nhieu nguoi", LEXICON).names == ["nhat ban"]  # not "lao"
    # A question's first word, capitalised before an acronym, is no partner: "Vốn FDI" names nobody.
    assert analyze("Vốn FDI thực hiện của Hà Nội là bao nhiêu?", LEXICON).names == []


def test_partners_named_in_the_question_are_kept_as_names():
    assert analyze("Các nhà đầu tư Hoa Kỳ đã rót bao nhiêu vốn vào Hà Nội?").names == ["hoa ky"]
    assert analyze("How much will Toyota invest in Phu Tho?").names == ["toyota"]
    assert analyze("Honda đã rót bao nhiêu vốn vào Phú Thọ?").names == ["honda"]  # a foreign word starting it
    assert analyze("What share of Ho Chi Minh City's exports did rice account for?").names == []
    # A place's head is no part of its name; a word inside a name may fold like a head or a function word.
    assert analyze("Huyện Mù Cang Chải được giao bao nhiêu lao động?").names == ["mu cang chai"]
    assert analyze("Huyen Mu Cang Chai duoc giao bao nhieu lao dong?").names == ["mu cang chai"]


def test_a_province_is_spelled_with_its_own_tones():
    lexicon = default_lexicon()
    assert lexicon.find_provinces("Xuất khẩu hàng hóa Bình Thuận tăng") == ["Bình Thuận"]  # not "hóa Bình"
    assert lexicon.find_provinces("Hoà Bình, Hòa Bình and Hoa Binh") == ["Hòa Bình"]  # tone placement, no tones


def test_a_question_typed_without_marks_is_searched_as_the_articles_write_it():
    marks = MarkRestorer(["Sở vẫn giữ mục tiêu xuất khẩu 2,2 tỷ USD.", "Báo Ninh Bình đưa tin.", "bao nhiêu"])
    query = analyze("Muc tieu xuat khau cua Ninh Binh la bao nhieu?", LEXICON, marks=marks.restore)
    assert query.search_text == "Mục tiêu xuất khẩu cua Ninh Bình la bao nhiêu?"
    assert query.keywords == analyze("Muc tieu xuat khau cua Ninh Binh la bao nhieu?", LEXICON).keywords
    # The words narrowing a counted noun are read from the question with its marks restored.
    marks = MarkRestorer(["Nhà máy cần 120.420 tấn cao su mỗi năm.", "bao nhiêu"])
    assert analyze("Nha may can bao nhieu tan cao su?", LEXICON, marks=marks.restore).qualifiers == ["cao", "su"]
    english = "How much did exports grow in Ninh Binh?"
    assert analyze(english, LEXICON, marks=marks.restore).search_text.startswith(english)


def test_a_follow_up_counting_something_else_replaces_what_was_counted():
    history = [{"role": "user", "content": "Năm 2019 Lai Châu đón bao nhiêu đoàn khách nước ngoài?"}]
    assert rewrite_follow_up("Còn số cá nhân được cử đi công tác nước ngoài?", history)[0] == \
        "Năm 2019 Lai Châu đón bao nhiêu cá nhân được cử đi công tác nước ngoài?"


@pytest.mark.parametrize("english, vietnamese", [
    ("teachers", "giáo viên"),  # "teacher" in the glossary
    ("industries", "công nghiệp"),  # "industry"
    ("ceremonies", "lễ"),  # "ceremony"
    ("harvesting", "thu hoạch"),  # "harvest"
    ("piloting", None),  # neither "pilot" nor "pilote" is in it
    ("is", None),  # a function word is never a stem's inflection ("i")
])
def test_an_inflected_english_word_is_glossed_as_its_stem(english, vietnamese):
    assert LEXICON.gloss_of([english]) == vietnamese


def test_english_compounds_are_glossed_whole():
    assert gloss("How large is the economic zone near the border gates?", LEXICON) == \
        "how rộng is the khu kinh tế near the cửa khẩu"
    # A holiday's capitals name no partner.
    query = analyze("How many visitors came over the Gregorian New Year holiday?", LEXICON)
    assert "tet duong lich" in " ".join(query.keywords) and "gregorian" not in query.names
    # Nor is the country the provinces are in a partner.
    assert analyze("What share of Vietnam's total registered FDI did Hanoi account for?", LEXICON).names == []


def test_an_english_question_naming_a_place_with_its_marks_is_english():
    assert detect_language("How many Lao students has Huế received for study?", LEXICON) == "en"
    assert detect_language("Năm 2022 Hà Giang ký mới bao nhiêu thỏa thuận quốc tế?", LEXICON) == "vi"


def test_a_follow_up_asking_a_sum_instead_keeps_the_period():
    history = [{"role": "user", "content": "Lai Châu đón bao nhiêu lượt khách lưu trú trong tháng 6/2024?"}]
    assert rewrite_follow_up("Còn doanh thu du lịch thì được bao nhiêu?", history)[0] == \
        "Còn doanh thu du lịch thì được bao nhiêu? [Lai Châu, tháng 6/2024]"
    assert rewrite_follow_up("Còn doanh thu du lịch?", history)[0] == \
        "Lai Châu đón bao nhiêu doanh thu du lịch tháng 6/2024?"


def test_a_question_about_that_figure_after_a_cue_word_takes_the_last_question_along():
    history = [{"role": "user", "content": "Năm 2023 viện trợ cam kết cho Lai Châu là bao nhiêu?"}]
    assert rewrite_follow_up("Thế các khoản đó do bao nhiêu tổ chức tài trợ?", history)[0] == \
        "Thế các khoản đó do bao nhiêu tổ chức tài trợ? [Năm 2023 viện trợ cam kết cho Lai Châu là bao nhiêu]"


def test_a_province_whose_name_folds_like_a_money_word_asks_no_sum():
    assert detect_kind("how much did industrial production in tien giang province grow in 2024?", LEXICON) == \
        ("amount", None)


def test_a_question_opening_with_the_then_of_a_conversation_goes_on_from_the_last_one():
    history = [{"role": "user", "content": "Lai Châu đã dựng được bao nhiêu cột mốc trên tuyến biên giới?"}]
    searched, focus = rewrite_follow_up("Thế số cột mốc đã xác định vị trí?", history)
    assert searched == "Lai Châu đã dựng được bao nhiêu cột mốc đã xác định vị trí?" and focus
    # Folded, "The" is "thế": the opener is compared with its marks.
    english = "The number of agreements that Lai Chau signed with partners from Laos in 2023 was how many?"
    assert rewrite_follow_up(english, history) == (english, "")


def test_a_follow_up_asking_a_figure_of_its_own_keeps_only_the_setting():
    history = [{"role": "user", "content": "Trong 9 tháng đầu năm 2024, Sóc Trăng cấp mới bao nhiêu dự án FDI?"}]
    assert rewrite_follow_up("Còn tốc độ tăng trưởng GRDP của tỉnh là bao nhiêu?", history)[0] == \
        "Còn tốc độ tăng trưởng GRDP của tỉnh là bao nhiêu? [Sóc Trăng, 9 tháng đầu năm 2024]"
    # A period of its own replaces the last one; a change alone ("tăng") still asks of the last figure.
    assert rewrite_follow_up("Thế cả năm 2024 thì tổng vốn đăng ký là bao nhiêu?", history)[0] == \
        "Thế cả năm 2024 thì tổng vốn đăng ký là bao nhiêu? [Sóc Trăng]"
    assert "[Sóc Trăng" not in rewrite_follow_up("So với năm trước thì tăng bao nhiêu?", history)[0]
    # A goal asked is a figure of its own, though the goal's verb ("đặt") folds like the last one's ("đạt").
    history = [{"role": "user", "content": "Năm 2022 tổng sản lượng thủy sản của Cà Mau đạt bao nhiêu?"}]
    assert rewrite_follow_up("Thế năm 2023 tỉnh đặt chỉ tiêu sản lượng nuôi trồng là bao nhiêu?", history)[0] == \
        "Thế năm 2023 tỉnh đặt chỉ tiêu sản lượng nuôi trồng là bao nhiêu? [Cà Mau]"


def test_a_follow_up_asking_a_name_or_date_after_a_figure_keeps_only_the_setting():
    history = [{"role": "user", "content": "Tuần lễ Festival nghệ thuật quốc tế Huế 2024 có bao nhiêu hoạt động chính?"}]
    assert rewrite_follow_up("Thế lễ khai mạc có chủ đề gì?", history)[0] == \
        "Thế lễ khai mạc có chủ đề gì? [Thừa Thiên Huế, Festival, 2024]"
    assert rewrite_follow_up("Lễ bế mạc diễn ra khi nào?", history)[0] == \
        "Lễ bế mạc diễn ra khi nào? [Thừa Thiên Huế, Festival, 2024]"
    # A new partner alone still asks the last question again.
    history = [{"role": "user", "content": "Năm 2023 Bắc Giang có bao nhiêu dự án FDI?"}]
    assert rewrite_follow_up("Còn Hưng Yên thì sao?", history)[0] == "Năm 2023 Hưng Yên có bao nhiêu dự án FDI?"


def test_a_follow_up_item_with_the_head_noun_of_the_last_one_takes_its_place():
    history = [{"role": "user", "content": "Năm 2023 mặt hàng hạt tiêu của Đắk Nông xuất khẩu được bao nhiêu?"}]
    assert rewrite_follow_up("Còn hàng cà phê thì sao?", history) == \
        ("Năm 2023 mặt hàng cà phê của Đắk Nông xuất khẩu được bao nhiêu?", "cà phê")


def test_among_them_asks_a_part_of_what_the_last_question_counted():
    history = [{"role": "user", "content": "Dịp Tết, Sa Pa đón bao nhiêu lượt khách?"}]
    assert rewrite_follow_up("Trong số đó có bao nhiêu lượt khách quốc tế?", history)[0] == \
        "Trong số đó có bao nhiêu lượt khách quốc tế? [Dịp Tết, Sa Pa đón bao nhiêu lượt khách]"


def test_the_setting_taken_from_the_last_question_asks_nothing_and_names_no_partner():
    query = analyze("Trong số đó có bao nhiêu lượt khách quốc tế? [Dịp Lễ hội Pháo hoa, Sa Pa đón bao nhiêu lượt khách]")
    assert query.kind == "count" and query.parts == [] and query.names == []
    assert "sa" in query.keywords  # the setting's words still say what the question is about


def test_a_change_asked_of_a_sum_may_be_given_in_any_unit():
    assert analyze("Năm 2023 mặt hàng hạt điều của Bình Phước xuất khẩu tăng bao nhiêu?").kind == "amount"
    assert analyze("Năm 2023 kim ngạch xuất khẩu hạt điều đạt bao nhiêu?").kind == "money"


def test_the_first_word_of_a_question_written_with_marks_is_no_name_on_its_own():
    assert analyze("Mức 604 triệu USD là kim ngạch của Sóc Trăng tính đến thời điểm nào?").names == []
    assert analyze("Samsung đầu tư vào Sóc Trăng bao nhiêu?").names == ["samsung"]


def test_english_counts_end_at_their_plural_noun_and_by_how_much_asks_a_change():
    assert analyze("How many direct flights link Vietnam and Korea each month?").noun == "chuyen bay"
    assert analyze("By how much did Soc Trang's exports exceed the plan of 1 billion USD?").kind == "amount"


def test_a_side_named_is_the_partner_not_the_word_side():
    assert analyze("Phía Gyeonggi, ai là người đặt bút ký bản ghi nhớ cùng Chủ tịch Trần Sỹ Thanh?").names == \
        ["gyeonggi", "tran sy thanh"]


def test_the_opening_words_of_a_question_that_the_tagger_reads_as_common_are_no_part_of_a_name():
    assert analyze("Tàu AIDAstella cập cảng hành khách Phú Quốc vào ngày nào?").names == ["aidastella", "phu quoc"]
    assert analyze("Xây Cảng hành khách quốc tế Phú Quốc tốn bao nhiêu vốn?").names == ["phu quoc"]
    assert analyze("Phú Quốc đón bao nhiêu lượt khách quốc tế?").names == ["phu quoc"]


def test_a_counter_among_the_words_after_a_counted_noun_does_not_use_up_the_narrowing_words():
    query = analyze("Năm 2024 tỉnh đón được bao nhiêu lượt du khách người nước ngoài?")
    assert (query.noun, query.qualifiers) == ("luot du khach", ["nuoc", "ngoai"])


@pytest.mark.parametrize("question, noun", [
    ("Thế tổng số mốc phải cắm trên toàn tuyến là bao nhiêu?", "moc"),  # up to "phải"
    ("Từ đầu năm, Bình Thuận đón bao nhiêu lượt du khách nước ngoài?", "luot du khach"),  # whole words
    ("Tỉnh có bao nhiêu người lao động đi làm việc ở Nhật Bản?", "nguoi lao dong"),  # a noun the lexicon knows
])
def test_the_counted_noun_is_read_in_the_taggers_whole_words_up_to_an_auxiliary(question, noun):
    assert analyze(question).noun == noun


@pytest.mark.parametrize("question, kind, noun", [
    ("AEON dự kiến đạt doanh thu bao nhiêu mỗi năm khi đi vào hoạt động?", "money", None),
    ("Tỷ lệ giải ngân vốn đạt bao nhiêu so với kế hoạch?", "percent", None),
    ("Mỗi năm nhà máy cấp cho lưới điện bao nhiêu điện năng?", "amount", "kwh"),
    ("Cả năm 2022, thủy sản bán ra nước ngoài mang về bao nhiêu ngoại tệ?", "money", None),
])
def test_what_follows_the_cue_or_stands_before_it_says_the_kind_of_figure(question, kind, noun):
    query = analyze(question)
    assert (query.kind, query.noun) == (kind, noun)


def test_an_english_name_keeps_its_own_words_and_its_country_not_the_common_words_glossed():
    assert analyze("How far is Cam Ranh International Port from the city?").names == ["cam ranh"]
    assert analyze("How much will Toyota Vietnam invest in Phu Tho?").names == ["toyota viet nam"]


def test_a_holiday_is_no_partner():
    assert analyze("Trong 9 ngày nghỉ Tết Nguyên đán 2026, tổng thu từ khách du lịch của Gia Lai là bao nhiêu?"
                   ).names == []


def test_a_question_typed_without_marks_reads_its_kind_with_them_put_back():
    marks = MarkRestorer(["Nhà máy điện khí LNG Thái Bình đặt tại xã Thái Đô.", "xã nào", "bao nhiêu", "mấy"])
    question = "Nha may dien khi LNG Thai Binh duoc dat o xa nao?"
    assert analyze(question).kind == "count"  # folded, "may" may be "mấy"
    assert analyze(question, marks=marks.restore).kind == "entity"


def test_question_phrases_outweigh_the_articles_in_putting_marks_back():
    articles = ["Vốn ngoại tăng nhiều so với năm trước.", "Khách quốc tế nhiều so với cùng kỳ."]
    assert MarkRestorer(articles + ["bao nhiêu"]).restore("tang bao nhieu so voi") == "tăng bao nhiều so với"
    assert MarkRestorer(articles, ["bao nhiêu"]).restore("tang bao nhieu so voi") == "tăng bao nhiêu so với"


@pytest.mark.parametrize("folded, periods", [
    ("co bao nhieu nha may dau tu vao tinh nam 2023", ["nam 2023"]),
    ("von tu nhat ban tang bao nhieu", []),
    ("dau thang 10 nam 2024", ["dau", "thang 10", "nam 2024"]),
    ("tu dau nam den het thang 10", ["tu dau nam den het", "thang 10"]),
    ("by how much did exports rise by 2025", ["by", "2025"]),
])
def test_a_lone_connective_is_a_period_word_only_next_to_a_number_or_another(folded, periods):
    assert [m.group() for m in LEXICON.period_phrases.finditer(folded)] == periods


def test_a_word_that_says_how_of_a_verb_does_not_narrow_the_noun_counted():
    assert analyze("Trên địa bàn Lai Châu có bao nhiêu dân tộc cùng sinh sống?").qualifiers == []


def test_the_percent_sign_says_percent_in_words():
    assert "31,6% phan tram" in LEXICON.expand_abbreviations("giáo dục đứng thứ hai với 31,6%")


def test_south_korean_names_korea():
    assert analyze("How much capital have South Korean investors committed in Binh Phuoc?").names == ["han quoc"]


def test_a_follow_ups_own_period_comes_before_its_settings():
    history = [{"role": "user", "content": "Lai Châu đón bao nhiêu lượt khách trong 9 tháng đầu năm 2025?"},
               {"role": "assistant", "content": "1.248.912 lượt [1]."}]
    question, _ = rewrite_follow_up("Còn mục tiêu cho cả năm là bao nhiêu lượt khách?", history, LEXICON)
    period = analyze(question).period
    assert (period.year, period.months, period.whole_year) == (2025, None, True)


def test_how_many_in_english_counts_though_a_glossed_word_names_a_sum():
    assert analyze("How many aid packages did Lao Cai need in 2013-2017 to reach its committed funding?").kind == "count"
