"""Read a question: its language, its kind (``kinds.py``), what it is about, and its period.

Rules over diacritic-folded text, so "bao nhieu du an" reads like "bao nhiêu dự án"; every
word comes from the lexicon. A question asking for two figures ("bao nhiêu dự án … và tổng
vốn bao nhiêu?") becomes one part per figure, each read on its own with the whole question's
provinces and period. A follow-up is completed from the previous question before it is read
(``followup.py``); the setting it took from there stays apart, in square brackets.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import dropwhile, takewhile

from .kinds import DETECTION_ORDER, KINDS
from .lexicon import Lexicon, default_lexicon, phrase_pattern
from .names import name_spans
from .periods import Period, read_period
from .text import compared_as, fold, has_marks, latin_words_only, words

MAX_ITEM_WORDS = 4  # the most words an item of "A và B" asked side by side may have


@dataclass(frozen=True)
class Query:
    text: str  # the (rewritten) question
    lang: str  # "vi" or "en"
    kind: str  # a key of kinds.KINDS
    noun: str | None  # folded counted noun of a count question: "du an"
    provinces: list[str] = field(default_factory=list)
    period: Period = Period()
    keywords: list[str] = field(default_factory=list)  # folded content words (English glossed)
    phrases: list[frozenset[str]] = field(default_factory=list)  # synonym groups the question names
    names: list[str] = field(default_factory=list)  # folded names (partners, companies) the answer must be about
    qualifiers: list[str] = field(default_factory=list)  # folded words that narrow the noun: "tấn nhãn lồng"
    search_text: str = ""  # question plus Vietnamese glosses of English words
    parts: list["Query"] = field(default_factory=list)  # one per figure asked, when it asks for several
    # The parts' figures are likely said in one sentence ("… bao nhiêu dự án và tổng vốn …"), unlike
    # items asked "lần lượt" ("lao động dài hạn và lao động thời vụ").
    said_together: bool = True
    focus: list[str] = field(default_factory=list)  # a follow-up's own words: the answer must be about them
    rank: int | None = None  # a rank the question states ("Mặt hàng nào đứng thứ hai?"): the name at it is asked
    lead_in: str = ""  # a later part's setting: the first part's words it goes on from ("… FDI …, và tổng vốn …")

    @property
    def asked(self) -> str:
        """What the question asks in its own words, a later part with the first part's it goes on from."""
        return f"{self.lead_in} {self.text}".strip()

    @property
    def years(self) -> list[str]:
        return [str(self.period.year)] if self.period.year else []


def detect_language(text: str, lexicon: Lexicon) -> str:
    """English when it has English function words, though it may name a place with its marks
    ("How many Lao students has Huế received?")."""
    tokens = text.split()
    marked = sum(has_marks(t) for t in tokens)
    hints = len(set(words(text)) & set(lexicon.words("english_hints")))
    return "en" if hints >= 2 and marked <= max(2, len(tokens) // 5) else "vi"


def gloss(text: str, lexicon: Lexicon) -> str:
    """English words replaced by the Vietnamese the articles use ("exports" → "xuất khẩu"), compounds
    first ("economic zone" → "khu kinh tế", not "kinh tế khu")."""
    tokens, glossed, i = words(text), [], 0
    while i < len(tokens):
        n, vietnamese = next(((n, g) for n in range(lexicon.longest_gloss, 0, -1)
                              if (g := lexicon.gloss_of(tokens[i:i + n]))), (1, tokens[i]))
        glossed.append(vietnamese)
        i += n
    return " ".join(glossed)


def analyze(text: str, lexicon: Lexicon | None = None, focus: str = "",
            marks: Callable[[str], str] | None = None) -> Query:
    """``focus``: the new words of a follow-up whose ``text`` was completed from the previous question.
    ``marks`` puts diacritics back on a Vietnamese question typed without them, for the text that is
    searched and embedded (the rules read folded text either way)."""
    lexicon = lexicon or default_lexicon()
    text = latin_words_only(text)
    lang = detect_language(text, lexicon)
    # Typed without marks, a question's kind is read with them put back: "Nha may" is a factory ("Nhà máy"),
    # not "mấy".
    with_marks = marks if marks and lang == "vi" and not has_marks(text) else None
    query = _analyze_one(text, lang, lexicon, with_marks)
    if len(query.provinces) >= 2 and query.kind in ("entity", "list", "other"):
        kind, noun = _compared_quantity(fold(gloss(text, lexicon) if lang == "en" else text), lexicon)
        query = replace(query, kind=kind, noun=noun)
    if focus:
        # The follow-up's words that the previous question lacks: "Thủy sản" after "Nhóm lâm sản …" is "thủy".
        own = _analyze_one(focus, lang, lexicon).keywords
        before = set(_analyze_one(text.replace(focus, " "), lang, lexicon).keywords)
        query = replace(query, focus=[w for w in own if w not in before] or own)
    pieces, shared_words = _split_parts(text, lang, lexicon), True
    respectively = lexicon.pattern("respectively").search(fold(text))
    if len(pieces) == 1 and respectively and len(query.names) < 2:
        # Items said side by side: each part has its own words only ("nhập khẩu" is no "xuất khẩu").
        pieces, shared_words = _respective_parts(text, respectively, lexicon), False
    if len(pieces) == 1 and not respectively and KINDS[query.kind].answer == "figure":
        # "quý III và quý IV tăng bao nhiêu?", "vốn đăng ký và vốn giải ngân là bao nhiêu?": one part per item.
        pieces, shared_words = _parallel_parts(text, lexicon), False
    if len(pieces) == 1 and len(query.names) >= 2 and respectively:
        # "Đài Loan và Nhật Bản lần lượt nhận bao nhiêu lao động?": one part per partner.
        cue = {w for phrase in lexicon.words("respectively") for w in fold(phrase).split()}
        query = replace(query, parts=[replace(query, names=[name], keywords=[
            k for k in query.keywords if k not in cue and not any(k in n.split() for n in query.names if n != name)])
            for name in query.names])
    elif len(pieces) > 1:
        parts = [_analyze_one(piece, lang, lexicon, with_marks) for piece in pieces]
        # Each part keeps the whole question's setting: its provinces, its period, its names; a later part
        # also the first part's words ("… bao nhiêu tấn gạo … và thu về bao nhiêu tiền?": tiền of gạo,
        # "… Nhật Bản bao nhiêu dự án, Hàn Quốc bao nhiêu?"), unless it names a subject of its own that
        # is no partner country ("Nhà máy … Bát Xát có vốn bao nhiêu, còn Trung tâm GO! … bao nhiêu?").
        first = parts[0]

        def inherits(part: Query) -> bool:
            return shared_words and part is not first and all(
                n in first.names or n in lexicon.countries for n in part.names)

        parts = [replace(p, provinces=p.provinces or query.provinces, period=p.period.filled_from(query.period),
                         names=p.names or query.names,
                         lead_in=first.text if inherits(p) else "",
                         keywords=p.keywords + [k for k in first.keywords if inherits(p) and k not in p.keywords])
                 for p in parts]
        query = replace(query, parts=parts, said_together=shared_words)
    if marks and lang == "vi":
        query = replace(query, search_text=marks(query.search_text),
                        parts=[replace(p, search_text=marks(p.search_text)) for p in query.parts])
        if not has_marks(text):
            # The tagger reads the noun phrase ("tấn cao su") only from words written with their marks.
            query = replace(_with_noun_phrase(query, lexicon), parts=[_with_noun_phrase(p, lexicon) for p in query.parts])
    return query


def _with_noun_phrase(query: Query, lexicon: Lexicon) -> Query:
    if query.kind not in ("count", "weight"):
        return query
    noun, qualifiers = _noun_phrase(query.search_text, query.noun, lexicon)
    return replace(query, noun=noun, qualifiers=qualifiers)


def _analyze_one(text: str, lang: str, lexicon: Lexicon, marks: Callable[[str], str] | None = None) -> Query:
    glossed = gloss(text, lexicon) if lang == "en" else text
    folded = re.sub(r"[^\w%/]+", " ", fold(glossed))
    kind, noun = detect_kind(_without_relatives(fold_for_cues(glossed, lexicon), lexicon) if lang == "en"
                             else fold_for_cues(marks(text) if marks else glossed, lexicon), lexicon)
    if lang == "en":
        # English cues are read as typed too ("how large" and "which year" were glossed word by word: "how
        # diện tích", "which năm"); the more specific kind wins, as in detection.
        typed = detect_kind(_without_relatives(fold_for_cues(text, lexicon), lexicon), lexicon)
        order = _detection_order(fold(text), lexicon)
        # (A count read as typed beats an amount read from the glossed words, whose order English may have
        # upset: "how many foreign-invested projects" is glossed "how many có vốn đầu tư nước ngoài dự án".)
        # (…and a sum: "how many aid packages … its committed funding" counts packages, "funding" is only glossed.)
        rank = {k: i for i, k in enumerate(order)} | {"amount": order.index("count") + 0.5, "other": len(order)}
        if typed[0] == "count":
            rank["money"] = rank["count"] + 0.5
        if rank[typed[0]] < rank[kind]:
            kind, noun = typed
    provinces = lexicon.find_provinces(text)
    qualifiers: list[str] = []
    if kind in ("count", "weight") and lang == "vi":
        noun, qualifiers = _noun_phrase(text, noun, lexicon)
    elif kind == "count":
        noun = _english_noun(words(text), lexicon)
    stop = lexicon.stopwords["vi"] | (lexicon.stopwords["en"] if lang == "en" else frozenset())
    province_words = lexicon.province_words(text)
    # The period is read on its own ("nửa đầu năm 2020"): its words are not what the question is about, nor
    # are those of an opening clause that sets the time ("Cho tới thời điểm buổi làm việc đầu năm 2018, …").
    content = lexicon.period_phrases.sub(" ", re.sub(r"[^\w%/]+", " ", _after_time_setting(fold(glossed), lexicon)))
    keywords = [w for w in dict.fromkeys(content.split())
                if w not in stop and w not in province_words and not w.isdigit() and len(w) > 1 and "/" not in w]
    expanded = lexicon.expand_abbreviations(glossed)
    phrases = list(dict.fromkeys(lexicon.synonyms[m.group(1)] for m in lexicon.synonym_pattern.finditer(expanded)))
    superlative = kind in ("entity", "other") and _superlative(text, lexicon) \
        and bool(lexicon.pattern("list_requests").search(folded))
    if superlative:
        kind = "entity"  # "Mặt hàng nào … lớn nhất?" asks which item, though no name is asked
    rank = stated_rank(folded, lexicon) or (1 if superlative else None)
    return Query(text=text, lang=lang, kind=kind, noun=noun, provinces=provinces, rank=rank,
                 period=_period(glossed if lang == "en" else text, lexicon), keywords=keywords, phrases=phrases,
                 names=partner_names(split_setting(text)[0], lang, lexicon), qualifiers=qualifiers,
                 search_text=text if lang == "vi" else f"{text} ({glossed})")


def _period(text: str, lexicon: Lexicon) -> Period:
    """The period the question asks about: its own words', with what they leave unsaid from a follow-up's
    setting ("Còn mục tiêu cho cả năm …? [Lai Châu, 9 tháng đầu năm 2025]" asks the whole year 2025)."""
    own, setting = split_setting(text)
    return read_period(own, lexicon).filled_from(read_period(setting, lexicon))


def split_setting(text: str) -> tuple[str, str]:
    """(the question's own words, the setting in square brackets that a follow-up took from the last
    question: "Còn tốc độ tăng trưởng GRDP là bao nhiêu? [Tây Ninh]")."""
    setting = re.search(r"\s*\[[^\[\]]*\]\s*$", text)
    return (text[:setting.start()], setting.group().strip()) if setting and setting.start() else (text, "")


def _after_time_setting(folded: str, lexicon: Lexicon) -> str:
    """The question less an opening clause that starts with a period and asks nothing."""
    opening = re.match(r"([^,]*),", folded)
    if opening and not lexicon.pattern("interrogatives").search(opening.group(1)):
        period = lexicon.period_phrases.search(opening.group(1))
        if period and len(opening.group(1)[:period.start()].split()) <= 1:
            return folded[opening.end():]
    return folded


def _without_relatives(folded: str, lexicon: Lexicon) -> str:
    """English without relative pronouns: "workers who had left" asks no "who"; "to which country" does."""
    pronouns = "|".join(map(re.escape, lexicon.words("relative_pronouns", "words")))
    asking = set(lexicon.words("relative_pronouns", "interrogative_after"))
    return re.sub(rf"\b([^\W\d_]+) ({pronouns})\b", lambda m: m.group(0) if m.group(1).lower() in asking
                  else m.group(1) + " " * (len(m.group(2)) + 1), folded)


def fold_for_cues(text: str, lexicon: Lexicon) -> str:
    """``fold``, except that in text written with marks a word written otherwise than every cue word it
    folds like is upper-cased, so that no cue matches it: "tiêu thụ hàng hóa" is no "thứ hạng", "máy"
    (machine) and "dệt may" no "mấy". Offsets are kept; text typed without marks may mean any cue."""
    folded = fold(text)
    if not has_marks(text):
        return folded
    spellings = lexicon.cue_spellings

    def keep_apart(m: re.Match) -> str:
        word = m.group(0)
        return word.upper() if word in spellings and text[m.start():m.end()].lower() not in spellings[word] else word

    return re.sub(r"\w+", keep_apart, folded)


def detect_kind(folded: str, lexicon: Lexicon) -> tuple[str, str | None]:
    """(kind, counted noun) of a folded question (punctuation kept: it ends the counted noun)."""
    for kind in _detection_order(folded, lexicon):
        if not lexicon.pattern("kinds", kind).search(folded):
            continue
        if kind in ("money", "count"):
            return _amount(folded, lexicon)
        if kind == "list" and not lexicon.pattern("list_requests").search(folded):
            continue  # "những" alone ("những kết quả…") is not a request for names
        if kind == "rank" and not _asks_rank(folded, lexicon) and lexicon.pattern("kinds", "entity").search(folded):
            continue  # "Mặt hàng nào đứng thứ hai?", "Những tỉnh nào … trên bảng xếp hạng?" ask for names
        return kind, None
    return "other", None


def _detection_order(folded: str, lexicon: Lexicon) -> tuple[str, ...]:
    """Amounts first where one is asked; a share named in a question asking which ones describes the names asked
    ("những huyện có tỷ lệ hộ nghèo cao nào")."""
    nouns = {fold(w) for w in lexicon.words("amount_nouns", "words")}
    cues = [m.group() for m in lexicon.pattern("amount_cues").finditer(folded)]
    asks_amount = any(c not in nouns for c in cues) or bool(cues) and not \
        lexicon.pattern("amount_nouns", "naming").search(folded)
    return DETECTION_ORDER["amount" if asks_amount else "names"]


def _asks_rank(folded: str, lexicon: Lexicon) -> bool:
    """Whether a rank is what is asked: the rank words hold an interrogative ("vị trí nào") or one follows
    them closely ("xếp hạng thứ mấy"), unlike "Mặt hàng nào đứng thứ hai?" or "… bảng xếp hạng vốn ngoại?"."""
    interrogative = lexicon.pattern("interrogatives").pattern
    return any(re.search(interrogative, m.group(0)) or re.match(rf"(?:\s+\w+){{0,2}}?\s+{interrogative}", folded[m.end():])
               for m in lexicon.pattern("kinds", "rank").finditer(folded))


def _superlative(text: str, lexicon: Lexicon) -> bool:
    """Whether a question asks the most of something ("lớn nhất", "nhiều người … nhất", "the most"): "Địa phương
    nào … nhiều nhất?" asks the name at the first rank. Compared with the marks: "nhiều … Nhật Bản" is none."""
    key = compared_as(text)
    split = [key(cue).split(" ", 1) for cue in lexicon.words("superlatives", "split")]
    patterns = [rf"{re.escape(a)}(?:\s+\S+){{0,8}}?\s+{re.escape(b)}" for a, b in split] + \
        [re.escape(key(cue)) for cue in lexicon.words("superlatives", "whole")]
    return bool(re.search(rf"(?<!\w)(?:{'|'.join(patterns)})(?!\w)", key(text)))


def stated_rank(folded: str, lexicon: Lexicon) -> int | None:
    """The rank a folded question states ("đứng thứ hai" → 2, "ranked second") after one of the rank
    cues; None where it states none (or asks one: "đứng thứ mấy")."""
    ordinals = {fold(k): v for k, v in lexicon.words("ordinals").items()}
    written = "|".join(map(re.escape, sorted(ordinals, key=len, reverse=True)))
    m = re.search(rf"{lexicon.pattern('kinds', 'rank').pattern}\s+(\d+|{written})\b", folded)
    return None if not m else int(m.group(1)) if m.group(1).isdigit() else ordinals[m.group(1)]


def _amount(folded: str, lexicon: Lexicon) -> tuple[str, str | None]:
    """A count of something ("bao nhiêu dự án") or a sum of money ("bao nhiêu vốn", "… đạt bao nhiêu")."""
    money = lexicon.pattern("money_words")
    weight = lexicon.pattern("kinds", "weight")
    cues = lexicon.words("count_cues", "asking") + lexicon.words("count_cues", "naming")
    count = next(filter(None, (re.search(rf"{phrase_pattern(words).pattern}\s+(.+)", folded)
                               for words in (cues, lexicon.words("count_cues", "loose")))), None)
    plain = folded.lower()  # the words kept apart from the cues are words all the same
    for province in lexicon.find_provinces(plain):  # "Tien Giang" names no money ("tiền"); offsets are kept
        plain = re.sub(rf"\b{re.escape(fold(province))}\b", lambda m: " " * len(m.group()), plain)
    if count:
        def words_after(text: str) -> str:
            return re.sub(r"[^\w%/]+", " ", re.split(r"[?()—;.]", text[count.start(1):])[0]).strip()

        after = words_after(plain)
        unscaled = " ".join(after.split()[1:]) if after.split()[:1] and after.split()[0] in lexicon.scales else after
        if money.match(unscaled) or re.match(r"(usd|dong|tien)\b", unscaled):
            return "money", None  # "bao nhiêu vốn", "bao nhiêu tỷ đồng"
        if weight.match(after):
            return "weight", None
        if after and after.split()[0] in lexicon.units:
            return "amount", after.split()[0]  # "dài bao nhiêu km": a measure in that unit, not a count
        measure = next((kind for kind, cues in lexicon.measure_cues.items() if cues.match(after)), None)
        if measure:  # "bao nhiêu điện năng": a measure, in any unit of its kind
            return "amount", fold(lexicon.words("units", measure)[0])
        stop = lexicon.stopwords["vi"]
        stop_nouns = {fold(w) for w in lexicon.words("stop_nouns")}
        # Compared with the words kept apart from the cues: "bao nhiêu hãng" is no "bao nhiêu hàng (hóa)".
        if re.match(rf"(?:{'|'.join(map(re.escape, sorted(stop_nouns, key=len, reverse=True)))})\b",
                    words_after(folded)):
            # "tăng bao nhiêu so với cùng kỳ": a figure, of whatever kind is given; "doanh thu bao nhiêu mỗi
            # năm": a sum.
            return ("money" if re.search(rf"(?:{money.pattern})\s*$", plain[:count.start()].rstrip()) else "amount"), None
        # A counted noun may fold like a stopword ("bao nhiêu hộ" typed "bao nhieu ho", as "họ"): at the end
        # of the question, it is the noun all the same.
        content = [w for w in unscaled.split() if w not in stop] or unscaled.split()[:1]
        # A noun the lexicon knows may have syllables that fold like stopwords ("nhà đầu tư": "đâu", "từ";
        # "thầy cô": "có"); else the noun is its first two content words, next to each other ("mã số vùng
        # trồng cho cây" typed without marks counts "vùng", not "vùng cây").
        leading = list(dropwhile(lambda w: w in stop, unscaled.split()))
        adjacent = list(takewhile(lambda w: w not in stop, leading))[:2] or content[:2]
        noun = next((" ".join(seq[:n]) for seq in (leading, content) for n in (4, 3, 2)
                     if " ".join(seq[:n]) in lexicon.synonyms), " ".join(adjacent))
        if noun and not re.match(r"\d", noun):
            return "count", noun
    if not lexicon.pattern("duration_cues").search(folded):  # "how long did it last?" asks a span of time
        measure = next((kind for kind, cues in lexicon.measure_cues.items() if cues.search(folded)), None)
        if measure:
            return "amount", fold(lexicon.words("units", measure)[0])  # "dài bao nhiêu": a length, in any of its units
    if lexicon.pattern("change_cues").search(plain) and not money.search(plain) \
            or lexicon.pattern("change_questions").search(plain):
        # "how much did it grow?", "… xuất khẩu tăng bao nhiêu?", "by how much did it exceed …": a change, in
        # whatever unit the text gives it.
        return "amount", None
    if lexicon.pattern("sum_cues").search(folded) or money.search(plain):
        return "money", None
    if weight.search(plain):
        return "weight", None
    return "amount", None  # "… thu về bao nhiêu?": a figure, of whatever kind the sentence gives


def _compared_quantity(folded: str, lexicon: Lexicon) -> tuple[str, str | None]:
    """What "Tỉnh nào có nhiều dự án FDI hơn, Bắc Giang hay Hưng Yên?" compares: a count of "du an"."""
    comparatives = {fold(w).split()[0] for key in ("more", "less") for w in lexicon.words("comparison", key)}
    adjective = "|".join(sorted(map(re.escape, comparatives)))
    compare = phrase_pattern(lexicon.words("comparison", "compare")).pattern
    match = re.search(rf"\b(?:{adjective})\s+(.+?)\s+(?:hon|than)\b|{compare}\s+(?:so luong\s+|so\s+)?(.+?)"
                      rf"\s+(?:cua|giua|o|tai|of|between|in)\b", folded)
    if not match:  # "Tỉnh nào có tổng vốn FDI lớn hơn…": read it without the "which province"
        return detect_kind(lexicon.pattern("entity_types", "place").sub(" ", folded), lexicon)
    phrase = next(g for g in match.groups() if g)
    if lexicon.pattern("money_words").match(phrase):
        return "money", None
    noun = [w for w in phrase.split() if w not in lexicon.stopwords["vi"]][:2]
    return "count", " ".join(noun) or None


def _split_parts(text: str, lang: str, lexicon: Lexicon) -> list[str]:
    """"… bao nhiêu dự án … và tổng vốn … là bao nhiêu?" → the two questions in it: split at a joiner
    ("và", ",", "and") that has an interrogative on both sides. Matched on folded text, which has
    the same offsets, so "va" joins a question typed without diacritics too. The setting a follow-up took
    from the last question asks nothing now."""
    own, setting = split_setting(text)
    if setting:
        return [f"{piece} {setting}" for piece in _split_parts(own, lang, lexicon)]
    folded = fold_for_cues(text, lexicon)
    cues = lexicon.pattern("interrogatives")
    if len(cues.findall(folded)) < 2:
        return [text]
    joiners = "|".join(re.escape(fold(j.strip())) for j in lexicon.words("multi_joiners") if j.strip())
    pieces, start = [], 0
    for m in re.finditer(rf"(?:,\s*|\s)(?:{joiners})\s|,\s+", folded):
        if cues.search(folded[start:m.start()]) and cues.search(folded[m.end():]):
            pieces.append(text[start:m.start()].strip(" ,"))
            start = m.end()
    pieces.append(text[start:].strip(" ,"))
    return pieces if len(pieces) > 1 else [text]


def _respective_parts(text: str, cue: re.Match, lexicon: Lexicon) -> list[str]:
    """"Chỉ tiêu cho lao động dài hạn và cho lao động thời vụ lần lượt là bao nhiêu?" → one question per
    item joined before "lần lượt". The second item runs from the joiner to the cue; the first starts
    where the second's first word was said before (the repeated "cho"), else as many words back."""
    folded = fold(text)
    joined = list(lexicon.joiner_words.finditer(folded[:cue.start()]))
    if not joined:
        return [text]
    joiner = joined[-1]
    second = lexicon.period_phrases.sub(" ", folded[joiner.end():cue.start()]).split()  # "… năm 2023" is a setting
    before = folded[:joiner.start()].split()
    if not second or not before:
        return [text]
    starts = [i for i, w in enumerate(before) if w == second[0]]
    first_start = starts[-1] if starts else max(0, len(before) - len(second))
    head = len(" ".join(before[:first_start]))  # offsets in ``text``: folding keeps them
    items = _earlier_items(folded, head, second[0]) + [(head, joiner.start()), (joiner.end(), cue.start())]
    prefix, rest = text[:items[0][0]], text[cue.end():]
    return [" ".join(f"{prefix} {text[a:b]} {rest}".split()) for a, b in items]


def _parallel_parts(text: str, lexicon: Lexicon) -> list[str]:
    """Items of one shape joined by commas and "và", each opening with the same word ("quý III và quý IV",
    "khách quốc tế và khách nội địa", "vốn cấp mới, vốn tăng thêm và vốn góp"), asked with one interrogative:
    one question per item. Folded text keeps the offsets, so the pieces are cut from ``text``."""
    folded = fold(text)
    if len(lexicon.pattern("interrogatives").findall(fold_for_cues(text, lexicon))) != 1:
        return [text]
    for joiner in lexicon.joiner_words.finditer(folded):
        before = list(re.finditer(r"\w+", folded[:joiner.start()]))[-MAX_ITEM_WORDS:]
        after = list(re.finditer(r"\w+", folded[joiner.end():]))
        if not after or after[0].group() in lexicon.stopwords["vi"]:
            continue
        opening = max((i for i, w in enumerate(before) if w.group() == after[0].group()), default=None)
        if opening is None or len(after) < len(before) - opening:
            continue
        width = len(before) - opening
        last_end = joiner.end() + after[width - 1].end()
        first_start = before[opening].start()
        items = _earlier_items(folded, first_start, after[0].group()) + [(first_start, joiner.start())]
        prefix, rest = text[:items[0][0]], text[last_end:]
        return [" ".join(f"{prefix}{text[a:b]}{rest}".split()) for a, b in items + [(joiner.end(), last_end)]]
    return [text]


def _earlier_items(folded: str, first_start: int, opening: str) -> list[tuple[int, int]]:
    """The (start, end) of the items listed with commas before the one at ``first_start``, each opening with
    the same word: "vốn cấp mới, vốn tăng thêm và vốn góp"."""
    items: list[tuple[int, int]] = []
    while comma := re.search(r",\s*$", folded[:items[0][0] if items else first_start]):
        earlier = list(re.finditer(r"\w+", folded[:comma.start()]))[-MAX_ITEM_WORDS:]
        start = max((w.start() for w in earlier if w.group() == opening), default=None)
        if start is None:
            break
        items.insert(0, (start, comma.start()))
    return items


def _noun_phrase(text: str, noun: str | None, lexicon: Lexicon) -> tuple[str | None, list[str]]:
    """Read "bao nhiêu dự án FDI …" with underthesea's POS tags: the counted noun, an acronym that
    qualifies it, and the nouns right after it that narrow it and must be found near the answer."""
    from underthesea import pos_tag

    tagged = pos_tag(text)
    noun = _whole_words(noun, tagged, lexicon)
    cues = {fold(c) for key in ("asking", "loose") for c in lexicon.words("count_cues", key)}
    start = next((i + 1 for i, (word, _) in enumerate(tagged) if fold(word) in cues), None)
    if start is None:
        return noun, []
    rest = tagged[start:]
    if rest and rest[0][1] == "Nu":
        rest = rest[1:]  # the unit
    while rest and noun and set(fold(rest[0][0]).split()) <= set(noun.split()):
        rest = rest[1:]  # the counted noun itself
    qualifiers: list[str] = []
    if noun and rest and re.fullmatch(r"[A-ZĐ]{2,}s?", rest[0][0]):
        noun = noun if fold(rest[0][0]) in noun.split() else f"{noun} {fold(rest[0][0])}"
        rest = rest[1:]
    # A counter among them says nothing of which: "lượt du khách người nước ngoài" is narrowed by "du khách"
    # and "nước ngoài".
    narrowing = [i for i, (word, _) in enumerate(rest[:3]) if fold(word) not in lexicon.counters][:2]
    for i in narrowing:
        word, tag = rest[i]
        if tag not in ("N", "A") or not re.fullmatch(r"[^\W\d_][\w ]*", word) or word[:1].isupper():
            break
        if tag == "A" and rest[i + 1:i + 2] and rest[i + 1][1] == "V":
            break  # it says how of the verb after it, not which of the noun: "dân tộc cùng sinh sống"
        qualifiers.extend(fold(word).split())
    stop = lexicon.stopwords["vi"]
    return noun, [q for q in qualifiers if q not in stop]


def _whole_words(noun: str | None, tagged: list[tuple[str, str]], lexicon: Lexicon) -> str | None:
    """The counted noun in the tagger's whole words, up to an auxiliary verb: "lượt du khách nước ngoài"
    counts "lượt du khách", not "lượt du"; "tổng số mốc phải cắm" counts "mốc". A noun the lexicon knows
    stays as it is. (Read with the marks: folded, "phải" is "phái" of "phái đoàn".)"""
    words = (noun or "").split()
    if not words or noun in lexicon.synonyms:
        return noun
    auxiliaries = {w.lower() for w in lexicon.words("auxiliaries")}
    tokens = [(fold(word).split(), word.lower()) for word, _ in tagged]
    for i in range(len(tokens)):
        end, said = i, []
        while end < len(tokens) and len(said) < len(words):
            said += tokens[end][0]
            end += 1
        if said[:len(words)] == words:
            kept: list[str] = []
            for folded, word in tokens[i:end]:
                if word in auxiliaries and kept:
                    break
                kept += folded
            return " ".join(kept)
    return noun


def _english_noun(tokens: list[str], lexicon: Lexicon) -> str | None:
    """The Vietnamese head noun of "how many <modifiers> <noun> did…": the last word the glossary
    knows before the verb ("international agreements" → "thỏa thuận"); a plural noun ends the phrase
    ("how many direct flights link Vietnam …" → "chuyến bay")."""
    marker = next((t for t in ("many", "more", "fewer") if t in tokens), None)
    after = tokens[tokens.index(marker) + 1:] if marker else tokens
    phrase = []
    for token in after:
        if token in lexicon.stopwords["en"] and token not in ("many", "more", "fewer"):
            break
        phrase.append(token)
        if token.endswith("s") and token in lexicon.glossary:
            break
    heads = [lexicon.glossary[t] for t in phrase if t in lexicon.glossary]
    return fold(heads[-1]) if heads else None


def _without_opening_words(name: str, lexicon: Lexicon) -> str:
    """A name at the question's start less the Vietnamese words capitalised only because they open it:
    "Tàu AIDAstella" → "AIDAstella", "Mức" → "", but "Phú Quốc", "Samsung" and "Ngân hàng Thế giới" kept.
    The tagger tells a proper noun from a common one; a word written without marks is foreign, so a name;
    a name's head ("Ngân hàng", "Cảng") starts the name."""
    from underthesea import pos_tag

    heads = {h.lower() for h in lexicon.words("name_heads") + lexicon.words("place_heads")}
    tokens = pos_tag(name)
    opening = list(takewhile(lambda t: t[1] != "Np" and t[0].lower() not in heads
                             and all(has_marks(w) for w in t[0].split()), tokens))
    return " ".join(word for word, _ in tokens[len(opening):])


def partner_names(text: str, lang: str, lexicon: Lexicon) -> list[str]:
    """Folded names of the partners the question is about ("Hoa Kỳ", "Sumitomo"), not provinces:
    the capitalised words of the names ``name_spans`` finds, without their heads and titles
    ("Sân bay Cam Ranh" → "cam ranh", "tỉnh Tochigi" → "tochigi"). English names are glossed word
    by word ("Japan" → "nhật bản", "Toyota Vietnam" → "toyota việt nam")."""
    months = {fold(m) for m in lexicon.words("periods", "month_names")}
    currency_words = {w for words_ in lexicon.words("currencies").values() for p in words_ for w in fold(p).split()}
    # Heads and function words open no name ("Huyện …", "Theo …") but may sit inside one ("Mù Cang Chải",
    # folded like "cảng" and "càng").
    common = lexicon.stopwords["vi"] | lexicon.time_words | (lexicon.stopwords["en"] if lang == "en" else set()) | \
        {w for h in lexicon.words("name_heads") + lexicon.words("place_heads") + lexicon.words("title_words")
         for w in fold(h).split()}
    names = []
    home = {fold(c) for c in lexicon.words("home_country")}
    province_words = lexicon.province_words(text)  # "Ho Chi Minh City" is the province, not a partner "City"
    for start, end, name, kind in name_spans(text, lexicon):
        if not text[:start].strip() and kind != "country":
            name = _without_opening_words(name, lexicon)
            if not name:
                continue
        if lang == "en":
            name = re.sub(r"['’]s\b", "", name)  # "World Vision's" (a Vietnamese name may hold one: "Phuc's Fond")
        if lexicon.find_provinces(name) or fold(name) in lexicon.abbreviations.keys() | currency_words \
                or fold(name).split()[0] in months or next(iter(re.findall(r"\w+", fold(text[end:]))), "") in currency_words \
                or lexicon.pattern("occasions").match(fold(name)):
            continue  # the asker's own province and its offices, "FDI", "tiền Việt", "November", "US dollars", "Tết …"
        groups, current = [], []  # runs of capitalised words: "Nhà máy Nhiệt điện Vân Phong" → Nhiệt; Vân Phong
        for word in name.split() + [""]:
            if word[:1].isupper() and (current or fold(word) not in common or kind == "country"):
                current.append(word)
            elif current:
                groups.append(" ".join(current))
                current = []
        if kind == "country" and lang == "vi":
            groups = [name]  # "châu Âu", whose lower-case head is part of it
        for group in groups:
            if lang == "en":
                group = re.sub(r"-[a-z]\w*", "", group)  # "Korean-invested", "KOICA-funded": the partner
                # Word by word, a common word is no part of the name ("Cam Ranh International Port" → "Cam
                # Ranh"), but a country is ("Toyota Vietnam" → "toyota việt nam").
                group = lexicon.glossary.get(group.lower()) or " ".join(
                    lexicon.glossary.get(w.lower(), w) for w in group.split()
                    if w.lower() not in lexicon.glossary or fold(lexicon.glossary[w.lower()]) in lexicon.countries)
            if len(fold(group)) > 1 and not set(fold(group).split()) <= province_words and fold(group) not in home:
                names.append(fold(group))  # (the country the provinces are in is no partner: "Vietnam's total FDI")
    if lang == "vi" and not has_marks(text):
        # Typed without marks or capitals, a country is known by its name of two words or more ("chau au", "han
        # quoc"); one syllable would be a common word as well ("lao" of "lao động", "my").
        countries = [c for c in lexicon.words("countries") if " " in c.strip()]
        names += [m.group(0) for m in phrase_pattern(countries).finditer(fold(text)) if m.group(0) not in names]
    return names
