"""Follow-ups: a question that goes on from the last one ("Còn Hưng Yên thì sao?", "What about 2021?",
"Con số đó chiếm bao nhiêu phần trăm …?") is completed from the last user turn before it is read.

The completed question is the last one with the new partner, period or item in place of the old, or
the follow-up itself with the last question's setting in square brackets (``question.split_setting``),
which the reader takes as context: it names no required partner and asks nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .lexicon import Lexicon, default_lexicon, phrase_pattern
from .numbers import find_figures
from .periods import read_period
from .kinds import KINDS
from .question import detect_kind, fold_for_cues, partner_names
from .text import fold, has_marks


def rewrite_follow_up(question: str, history: list[dict], lexicon: Lexicon | None = None) -> tuple[str, str]:
    """Complete a follow-up question from the last user turn: (the question to answer, its own new
    words when it changed the topic). Other questions pass unchanged, with no focus."""
    lexicon = lexicon or default_lexicon()
    previous = next((t["content"] for t in reversed(history or []) if t.get("role") == "user"), None)
    openers = lexicon.pattern("reference_openers").pattern
    references = phrase_pattern(lexicon.words("same_references") + lexicon.words("part_references")).pattern
    if previous and re.match(rf"(?:{openers}\s+)*(?:{references})", fold(question)):
        # "Con số đó chiếm bao nhiêu phần trăm …?", "Trong số đó …" ask their own figure about what the last
        # question asked, which is not the figure already given (stated in the setting, it answers nothing).
        answered = next((t["content"] for t in reversed(history) if t.get("role") == "assistant"), "")
        given = "; ".join(f.text for f in find_figures(answered, lexicon) if f.kind not in ("date", "year"))
        return f"{question} [{previous.rstrip(' ?.!')}{': ' + given if given else ''}]", ""
    if not previous or not _is_follow_up(question, lexicon):
        return question, ""
    if _asks_its_own(question, previous, lexicon) or _asks_another_kind(question, previous, lexicon):
        # "Còn tốc độ tăng trưởng GRDP của tỉnh là bao nhiêu?": a figure of its own, in the last question's setting.
        return f"{question} [{_setting(previous, question, lexicon)}]", ""
    new_provinces, old_provinces = lexicon.find_provinces(question), lexicon.find_provinces(previous)
    new_years = re.findall(r"\b(?:19|20)\d\d\b", question)
    old_years = re.findall(r"\b(?:19|20)\d\d\b", previous)
    rewritten = previous
    if new_provinces:
        rewritten = _replace_span(rewritten, old_provinces[0], new_provinces[0]) if old_provinces \
            else f"{rewritten} ({new_provinces[0]})"
    new_period = read_period(question, lexicon)
    if new_period.months or new_period.span or new_period.cumulative:
        # "Còn 9 tháng đầu năm 2023 thì sao?": the new period replaces the whole of the old one.
        periods = lexicon.period_phrases
        spans = [m.span() for m in periods.finditer(fold(question))]
        rewritten = f"{_cut(rewritten, periods)} ({' '.join(question[a:b] for a, b in spans)})"
    elif new_years:
        rewritten = rewritten.replace(old_years[0], new_years[0]) if old_years else f"{rewritten} ({new_years[0]})"
    if new_provinces or new_years or not new_period.empty:
        return rewritten, ""
    # A new topic or partner ("Còn Singapore thì sao?", "Thủy sản thì được bao nhiêu?"): it replaces the
    # previous question's partner or joins its words, and keeps its place, period and wording.
    core = _core(_without_restatement(question, previous, lexicon), lexicon)
    asked = re.search(rf"{phrase_pattern(lexicon.words('count_cues', 'asking') + lexicon.words('sum_cues')).pattern}\s",
                      fold(previous))
    if core and asked and (re.search(rf"\bso\s+{re.escape(fold(core).split()[0])}\b", fold(question))
                           or lexicon.pattern("money_words").match(fold(core))):
        # "Còn số cá nhân được cử đi công tác nước ngoài?", "Còn doanh thu du lịch thì được bao nhiêu?": what is
        # counted now replaces what was counted; the period asked stays.
        rest = previous[asked.end():]
        period = " ".join(rest[m.start():m.end()] for m in lexicon.period_phrases.finditer(fold(rest)))
        return f"{previous[:asked.end()]}{core} {period}".rstrip() + "?", core
    new_names = partner_names(f"x {core}", "vi", lexicon)
    old_names = partner_names(previous, "vi", lexicon)
    if new_names and old_names:
        return _replace_span(previous, old_names[0], core), core
    return _same_head(previous, core, lexicon) or (f"{previous} ({core})", core)


def _same_head(previous: str, core: str, lexicon: Lexicon) -> tuple[str, str] | None:
    """The last question with its item replaced by one of the same head noun: "Còn hàng may mặc thì sao?"
    after "… mặt hàng tinh bột mỳ của Quảng Ngãi …" asks of "mặt hàng may mặc của Quảng Ngãi". The new
    item's own words ("may mặc", not "hàng") are what the answer must name."""
    head, is_stop = fold(core).split()[0], _stopword_test(previous, lexicon)
    words = previous.split(" ")
    at = next((i for i, w in enumerate(words) if fold(w.strip("?,.!:;()")) == head and not is_stop(w)), None)
    if at is None:
        return None
    end = at + 1  # the item runs to the next question word, place or punctuation
    while end < len(words) and not is_stop(words[end].strip("?,.!:;()")) and not lexicon.find_provinces(words[end]) \
            and not re.search(r"[?,.!:;()]", words[end - 1]):
        end += 1
    tail = re.search(r"[?,.!:;()]+$", words[end - 1])
    replaced = set(fold(" ".join(words[at:end])).split())
    own = " ".join(w for w in core.split() if fold(w).strip("?,.!:;()") not in replaced)
    return " ".join(words[:at] + [core + (tail.group(0) if tail else "")] + words[end:]), own or core


def _asks_its_own(question: str, previous: str, lexicon: Lexicon) -> bool:
    """Whether a follow-up asks a figure of its own rather than the last one again for another partner or
    period: it asks an amount, in words not said before that name a kind of figure ("tổng vốn đăng ký",
    "tốc độ tăng trưởng GRDP"), not a partner, period, place or change alone."""
    folded = fold(question)
    if not lexicon.pattern("amount_cues").search(folded):
        return False
    asking = {w for key in ("amount_cues", "interrogatives", "follow_up", "follow_up_openers")
              for p in lexicon.words(key) for w in fold(p).split()}
    names = {w for n in partner_names(question, "vi", lexicon) for w in n.split()}  # a new partner: the last figure again
    known = lexicon.stopwords["vi"] | lexicon.stopwords["en"] | asking | lexicon.province_words(question) | names \
        | set(lexicon.expand_abbreviations(previous).split())
    new = {w for w in re.findall(r"[^\W\d]+", lexicon.period_phrases.sub(" ", folded)) if w not in known}
    # One of them names a kind of figure ("vốn", "tăng trưởng") or a goal ("chỉ tiêu"); a change alone ("tăng") is
    # the last figure's.
    change = {w for p in lexicon.words("change_words") + lexicon.words("change_cues") for w in fold(p).split()}
    goal = {w for p in lexicon.words("targets") for w in fold(p).split()}
    return bool(new & ((lexicon.cue_words | goal) - change))


def _asks_another_kind(question: str, previous: str, lexicon: Lexicon) -> bool:
    """Whether a follow-up asks, in its own words, a name or a date where the last question asked
    something else ("Thế lễ khai mạc có chủ đề gì?" after "… có bao nhiêu hoạt động chính?"): its own
    question, not the last one with new words in it."""
    kind = detect_kind(fold_for_cues(question, lexicon), lexicon)[0]
    return KINDS[kind].answer in ("date", "name", "names") and \
        kind != detect_kind(fold_for_cues(previous, lexicon), lexicon)[0]


def _setting(previous: str, question: str, lexicon: Lexicon) -> str:
    """What of the last question's setting the follow-up does not restate: its provinces, named partners and
    period ("Cần Thơ, 10 tháng đầu năm 2015")."""
    said, before = fold(question), fold(previous)
    places = [p for p in lexicon.find_provinces(previous) if fold(p) not in said]
    names = [previous[i:i + len(n)] for n in partner_names(previous, "vi", lexicon)  # as written: names are capitalised
             if n not in said and (i := before.find(n)) >= 0 and not lexicon.is_province(n)]
    spans: list[list[int]] = []
    for m in lexicon.period_phrases.finditer(before):
        if spans and not before[spans[-1][1]:m.start()].strip():
            spans[-1][1] = m.end()  # "Sáu tháng", "đầu năm", "2018": one period
        else:
            spans.append([m.start(), m.end()])
    own = read_period(question, lexicon)
    if own.empty:
        periods = [said_then for a, b in spans if not read_period(said_then := previous[a:b], lexicon).empty]
    elif not (own.year or own.span) and (year := read_period(previous, lexicon).year):
        periods = [f"năm {year}"]  # "Còn mục tiêu cho cả năm …?" after "9 tháng đầu năm 2025 …": the year stays
    else:
        periods = []
    return ", ".join(places + names + ([" ".join(periods)] if periods else []))


def _without_restatement(question: str, previous: str, lexicon: Lexicon) -> str:
    """The follow-up without a closing "thì …" that only asks again what the last question asked
    ("Còn Hồng Kông thì có mấy nhà đầu tư?" → "Còn Hồng Kông"); a clause with new words stays
    ("… thì giải ngân được bao nhiêu?")."""
    folded = fold(question)
    then = re.search(r"\sthi\s(.*)$", folded)
    if not then:
        return question
    stop = lexicon.stopwords["vi"] | lexicon.stopwords["en"]
    said_before = set(lexicon.expand_abbreviations(previous).split())
    new_words = set(re.findall(r"\w+", then.group(1))) - stop - said_before
    return question if new_words else question[:then.start()]


def _is_follow_up(question: str, lexicon: Lexicon) -> bool:
    """A cue ("Còn …", "… thì sao?", "What about …") or a short question that names no province."""
    folded = fold(question).strip(" ?.!")
    cue = lexicon.pattern("follow_up")
    # "Thế tổng số … là bao nhiêu?" goes on from the last question; compared with its marks ("The …" does not).
    if question.split()[:1] and question.split()[0].lower() in {w.lower() for w in lexicon.words("follow_up_openers")}:
        return True
    if len(folded.split()) > 12:
        return False
    return bool(re.match(cue.pattern, folded) or re.search(cue.pattern + r"$", folded)) or \
        (len(folded.split()) <= 8 and not lexicon.find_provinces(question))


def _core(question: str, lexicon: Lexicon) -> str:
    """The new words of a follow-up, without its cue words ("Còn Singapore thì sao?" → "Singapore")."""
    question = question.strip(" ?.!")
    kept = lexicon.pattern("follow_up").sub(lambda m: " " * len(m.group(0)), fold(question))
    kept = re.sub(rf"^(?:{lexicon.pattern('follow_up_openers').pattern})", lambda m: " " * len(m.group(0)), kept)
    # fold() keeps the length of NFC text, so the folded offsets cut the original words.
    kept = "".join(c if k != " " else " " for c, k in zip(question, kept))
    words = kept.split()
    is_stop = _stopword_test(question, lexicon)
    content = [i for i, w in enumerate(words) if not is_stop(w) or w[:1].isupper()]
    # Trimmed at its ends only: "tốc độ tăng trưởng" and "số cá nhân được cử đi" keep their inner words.
    return " ".join(words[content[0]:content[-1] + 1]) if content else ""


def _stopword_test(text: str, lexicon: Lexicon) -> Callable[[str], bool]:
    """Whether a word of ``text`` is a question word: compared with its marks where ``text`` has them ("cá"
    (nhân) is not "cả", "tỉnh" not "tinh"), folded where it has none."""
    if has_marks(text):
        stop = {w for lang in ("vi", "en") for p in lexicon.words("question_words", lang) for w in p.lower().split()}
        return lambda word: word.lower() in stop
    folded_stop = lexicon.stopwords["vi"] | lexicon.stopwords["en"]
    return lambda word: fold(word) in folded_stop


def _cut(text: str, pattern: re.Pattern) -> str:
    """``text`` without what ``pattern`` matches in its folded form (``fold`` keeps the offsets)."""
    blanked = pattern.sub(lambda m: " " * len(m.group(0)), fold(text))
    return " ".join("".join(c if k != " " else " " for c, k in zip(text, blanked)).split())


def _replace_span(text: str, old: str, new: str) -> str:
    """Replace the words of ``old`` (compared folded, so with or without diacritics) by ``new``."""
    tokens = text.split(" ")
    width = len(old.split())
    for i in range(len(tokens) - width + 1):
        span = " ".join(tokens[i:i + width])
        core = span.strip("?,.!:;()")
        if fold(core) == fold(old):
            # "châu Mỹ" → "châu Âu", not "châu châu Âu": a word the new text starts with is not repeated.
            start = i - 1 if i and fold(tokens[i - 1]) == fold(new.split()[0]) else i
            tokens[start:i + width] = [span.replace(core, new)]
            return " ".join(tokens)
    return f"{text} ({new})"
