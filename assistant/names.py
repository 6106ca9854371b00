"""Names in Vietnamese text: organisations, people, places and countries, found by the lexicon's
organisation and place heads, titles and countries, and by runs of capitalised words. Used to
answer which/who questions and to read the partners a question names."""

from __future__ import annotations

import re

from .lexicon import Lexicon
from .text import fold, has_marks, is_vietnamese_syllable

CLAUSE_WORDS = 4  # lower-case words after a company's last capital that say what it does, not its name
MAX_NAME_WORDS = 12  # "Sở Nông nghiệp và Phát triển nông thôn tỉnh Kon Tum"
_TOKEN_RE = re.compile(r"\w+(?:[.'’&]\w+)*|[^\w\s]")


def name_spans(text: str, lexicon: Lexicon) -> list[tuple[int, int, str, str]]:
    """Names in ``text``: (start, end, name, type), type one of person, country, place, org, name.

    An organisation starts with one of the lexicon's heads ("Tập đoàn", "Tổ chức", "Nhà máy")
    and runs to the next break word ("do", "của", "tại") or punctuation; a place follows a
    place head ("tỉnh Tochigi"); other names are runs of capitalised words ("Habitat for
    Humanity International", "A Đớt - Tà Vàng"), a person when a title stands before them or
    when they are two to four syllables that are no country or province."""
    tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN_RE.finditer(text)]
    # Words are compared with their diacritics when the text has them: folded, "Sở" is "So" (sánh)
    # and "là" is "la". Text typed without diacritics can only be compared folded.
    accented = has_marks(text)
    key = (lambda w: w.lower()) if accented else fold  # noqa: E731
    folded = [key(t) for _, _, t in tokens]
    breaks = {key(w) for w in lexicon.words("name_breaks") + lexicon.words("interrogatives")}
    titles = {key(t) for t in lexicon.words("title_words")}
    stop = {key(w) for w in lexicon.words("question_words", "vi")}
    countries = {key(c) for c in lexicon.words("countries")}
    org_words = set(lexicon.words("org_words"))
    heads = sorted(((key(h).split(), "org") for h in lexicon.words("name_heads")), key=lambda h: -len(h[0])) + \
        sorted(((key(h).split(), "place") for h in lexicon.words("place_heads")), key=lambda h: -len(h[0]))
    word = lambda k: k < len(tokens) and tokens[k][2][:1].isalnum()  # noqa: E731
    # A word of four letters or more with a capital inside is a name too ("eCoSys", "iPhone"); shorter
    # ones are unit symbols ("kWh", "mW").
    capital = lambda k: word(k) and (tokens[k][2][:1].isupper() or tokens[k][2][:1].isdigit()  # noqa: E731
                                     or len(tokens[k][2]) >= 4 and not tokens[k][2].islower())
    head_words = {h[0][0] for h in heads}
    conjunctions = {key(w) for w in lexicon.words("name_conjunctions")}
    connectors = {key(w) for w in lexicon.words("name_connectors")} | {"-"}  # lower-case words inside a foreign name
    surnames = {key(w) for w in lexicon.words("surnames")}

    def person_starts(k: int) -> bool:
        """A family name then two or three capitalised syllables, no province: "… UBND thành phố Nguyễn
        Thanh Bình" is an office then its officer, not one name."""
        if k >= len(tokens) or folded[k] not in surnames or tokens[k - 1][2][:1].isupper():
            return False
        n = next((n for n in (4, 3) if all(capital(k + m) for m in range(n))), 0)
        return bool(n) and not lexicon.is_province(text[tokens[k][0]:tokens[k + n - 1][1]])

    def ends_province(k: int) -> bool:
        """Whether the words before ``k`` end with a province, where an office's name ends ("Sở Ngoại vụ Lào Cai")."""
        return any(k - n >= 0 and lexicon.is_province(text[tokens[k - n][0]:tokens[k - 1][1]]) for n in (2, 3, 4))

    def after_title(k: int) -> bool:
        """Whether a title ("ông", "Đại sứ", "Phó Chủ tịch") ends just before ``k``."""
        return any(k - n >= 0 and " ".join(folded[k - n:k]) in titles for n in (1, 2, 3, 4))

    def ends_name(k: int) -> bool:
        """Whether the lower-case word at ``k`` ends the name before it: "Quốc hội" (then "Nguyễn Khắc Định", a
        person), unlike "tổ chức" (then "Hue Help", an organisation)."""
        return k > 0 and tokens[k][2][:1].islower() and tokens[k - 1][2][:1].isupper()

    def joins(k: int) -> bool:
        """Inside a name: "và" between a lower-case word and a capital that starts no other name ("Sở
        Nông nghiệp và Phát triển nông thôn", not "UBND tỉnh Thái Bình và Chính quyền …"); the stop of an
        abbreviation before a capital ("Cục Thống kê TP. Hồ Chí Minh")."""
        if k == 0 or not capital(k + 1):
            return False
        if folded[k] in conjunctions:
            return tokens[k - 1][2].islower() and folded[k + 1] not in head_words
        return folded[k] == "." and tokens[k - 1][2].isupper() and len(tokens[k - 1][2]) <= 3

    spans, i = [], 0
    while i < len(tokens):
        head = next(((h, kind) for h, kind in heads if folded[i:i + len(h)] == h), None)
        if head and any(" ".join(folded[i:i + k]) in titles for k in range(len(head[0]) + 1, 5)):
            head = None  # a title ("Bộ trưởng Bộ Công Thương …"), not the office it starts like
        if head and (head[1] == "org" and capital(i) or head[1] == "place" and capital(i + len(head[0]))):
            j = i + len(head[0])
            while j - i < MAX_NAME_WORDS and not (capital(j - 1) and not capital(j) and ends_province(j)) \
                    and not person_starts(j) and (
                    word(j) and folded[j] not in breaks and (head[1] == "org" or capital(j))
                    or folded[j:j + 1] == ["-"] and capital(j + 1) or joins(j)):
                j += 1
            # A company's name ends at its last capital when words of a clause follow it ("Công ty TNHH Lữ hành
            # quốc tế Tictours chịu trách nhiệm đón khách"), with the syllable after a Vietnamese one, which may
            # end its word ("Sở Kế hoạch và Đầu tư thẩm định hồ sơ"), unless a country ends there ("Tổ chức
            # Động vật Châu Á nhiều lần tài trợ"); fewer lower-case words may be part of it
            # ("Tổ chức Y tế thế giới").
            last_capital = max((k for k in range(i + len(head[0]), j) if capital(k)), default=j - 1)
            if head[1] == "org" and j - 1 - last_capital >= CLAUSE_WORDS:
                country_ends = any(" ".join(folded[last_capital - n:last_capital + 1]) in countries for n in (0, 1, 2))
                syllable_after = accented and is_vietnamese_syllable(tokens[last_capital][2]) and not country_ends
                j = last_capital + 1 + syllable_after
            # An office's own name has a capital after its head ("Sở Ngoại vụ", "Liên hiệp các tổ chức hữu nghị
            # Việt Nam"); "UBND phê duyệt khoản viện trợ …" is a head and a verb.
            if j > i + len(head[0]) and any(tokens[k][2][:1].isupper() for k in range(i + len(head[0]), j)):
                spans.append((tokens[i][0], tokens[j - 1][1], text[tokens[i][0]:tokens[j - 1][1]], head[1]))
                i = j
                continue
        if not capital(i) or tokens[i][2][:1].isdigit() or i > 0 and tokens[i - 1][2] == "/":
            i += 1
            continue  # not a name, or a document's number ("Quyết định số 1405/QĐ-UBND")
        title = next((k for k in (4, 3, 2, 1) if " ".join(folded[i:i + k]) in titles), 0)
        if title and any(lexicon.is_province(text[tokens[i][0]:tokens[min(i + k, len(tokens)) - 1][1]])
                         for k in (5, 4, 3, 2)):
            title = 0  # a province is named whole, even one that opens like a title ("Bà Rịa - Vũng Tàu": not "bà")
        if title or (folded[i] in stop and not capital(i + 1) is False and i + 1 < len(tokens) and capital(i + 1)):
            i += title or 1
            continue  # "Ông Phạm Nam Hồng", "Phó Chủ tịch …", "Theo …": the title or a first word is not the name
        j = i + 1
        while j < len(tokens) and not (tokens[j][2][:1].isdigit() and word(j + 1) and tokens[j + 1][2].islower()):
            # (a number before a lower-case word is a figure after the name: "Hong Kong 29 dự án")
            glued = folded[j] == "-" and word(j + 1) and tokens[j - 1][1] == tokens[j][0] == tokens[j + 1][0] - 1 \
                and not tokens[j - 1][2].isupper()  # "Park Noh-wan" (not "KOICA-funded")
            if capital(j) or (folded[j] in connectors and capital(j + 1)) or folded[j] == "." and joins(j) \
                    or glued:
                j += 2 if glued else 1
            else:
                break
        province = next((k for k in (4, 3, 2) if i + k <= j and lexicon.is_province(text[tokens[i][0]:tokens[i + k - 1][1]])),
                        None)
        if province:  # "Lào Cai" is a province, not the country "Lào" then "Cai"
            spans.append((tokens[i][0], tokens[i + province - 1][1], text[tokens[i][0]:tokens[i + province - 1][1]],
                          "place"))
            i += province
            continue
        # A country inside a run stands on its own: "Hàn Quốc Oh Youngju", "Fukuoka Nhật Bản".
        country = next((k for k in (3, 2, 1) if i + k < j and " ".join(folded[i:i + k]) in countries), None)
        later = next((p for p in range(i + 1, j) for k in (3, 2, 1) if p + k <= j
                      and " ".join(folded[p:p + k]) in countries), None)
        # ... but not the given name ending a titled Vietnamese name ("Đại sứ Nguyễn Phương Nga").
        titled = after_title(i) and j - i <= 4 and accented \
            and all(is_vietnamese_syllable(t[2]) for t in tokens[i:j])
        if country:
            j = i + country
        elif later and not titled:
            j = later
        opens_sentence = i == 0 or tokens[i - 1][2] in ".:;!?\"“(–"
        if opens_sentence and j - i >= 2 and accented and is_vietnamese_syllable(tokens[i][2]) and (
                tokens[i][2] != fold(tokens[i][2]) and tokens[i + 1][2].isupper() and len(tokens[i + 1][2]) > 1
                or tokens[i + 1][2][:1].isdigit()):
            i += 1
            continue  # "Vốn FDI …", "Sau 5 tháng …": a sentence's first word, capitalised before an acronym or a
            # number, is no part of a name
        # A continent's lower-case head belongs to it ("châu Á").
        first = i - 1 if i > 0 and " ".join(folded[i - 1:j]) in countries else i
        start, end = tokens[first][0], tokens[j - 1][1]
        name, n_words = text[start:end], j - first
        lone_syllable = n_words == 1 and not after_title(i) and folded[i] not in countries \
            and " ".join(folded[i - 1:i + 1]) not in countries  # "châu Âu"
        if lone_syllable and (opens_sentence and (not accented or is_vietnamese_syllable(name))
                              or name != fold(name) and is_vietnamese_syllable(name)):
            i = j
            continue  # the capital of a sentence's first word ("Theo"), or of a clause's ("Cùng ngày, Quyết định"),
            # or a direction ("phía Bắc"): one Vietnamese syllable with its marks names nothing alone
        if key(name) in countries:
            kind = "country"
        elif any(t[2] in org_words for t in tokens[i:j]) or all(t[2].isupper() for t in tokens[i:j]) \
                or any(folded[max(0, i - len(h)):i] == h and not ends_name(i - len(h))
                       for h, head_kind in heads if head_kind == "org" and i >= len(h)):
            kind = "org"  # "Hagar International", "KOICA", "tổ chức Hue Help"
        elif lexicon.is_province(name):
            kind = "place"
        elif not any(t[2][:1].isdigit() for t in tokens[i:j]) and (
                (i > 0 and folded[i - 1] in titles) or 2 <= n_words <= 4 and not any(t[2].isupper() for t in tokens[i:j])):
            kind = "person"
        else:
            kind = "name"
        if fold(name) not in lexicon.units and fold(name) not in lexicon.abbreviations:  # "USD", "FDI"
            spans.append((start, end, name, kind))
        i = j
    return spans
