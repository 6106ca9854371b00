"""Read: choose the sentences, and the span in them, that answer the question — or abstain.

This step, not the language model, decides what the answer is. Every sentence of the
retrieved chunks is scored by meaning (the embedder's similarity between the question and
the sentence) and by words (the question's content words and lexicon synonym groups it
holds). Then the question's kind (``kinds.py``) says what span answers it:

* a **figure** of the kind asked (a count of the noun asked, money in the currency asked, a
  percentage, a rank…) whose own period (``periods.py``) is the period asked, nearest the
  question's words;
* a **date**, one **name** or several **names** (of the type asked: a person, a country, a
  place, an organisation), never one the question itself gives;
* the 1–3 **passages** most about a list, summary or "what/how" question.

Partners the question names must be near the answer, and a follow-up's new words must be
in it. When nothing qualifies, the result says why and the assistant abstains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Callable, Sequence

from .chunk import LIST_ITEM_RE, Chunk, Sentence
from .kinds import KINDS
from .lexicon import Lexicon
from .names import name_spans
from .numbers import DATE_RANGE_RE, NUMBER_RE, Figure, find_dates, find_figures
from .periods import YEAR, Period, affinity, compared_years, days_named, mismatch, read_period
from .question import Query, split_setting
from .retrieve import Hit
from .text import SENTENCE_END_RE, compared_as, fold, has_marks, normalize

LOOKBACK = 4  # sentences before the answer that may set its period ("Năm 2020, … GRDP đạt …")
MIN_COVERAGE = 0.3  # share of the question's content words a sentence needs, unless its meaning is close
MIN_SIMILARITY = 0.55  # embedder similarity that stands in for missing words ("vốn ngoại" ~ "FDI")
RARE_IDF = 3.0  # a word in at most about one chunk in twenty
KEY_SIMILARITY = 0.68  # similarity that stands in for the question's rarest word
KEY_COVERAGE = 0.5  # without the rarest word, a sentence needs this much of the others (IDF-weighted)
MAX_DROP = 0.6  # how far below the best sentence's score the sentence holding the answer may be
PREFERRED = 0.8  # bonus of the sentence that answered a question's first part, for its other parts
PART = 0.5  # cost of a figure said as a part of the one before it ("…, gồm …") where the question asks no part
CONTINUED = 40  # how far (in characters) a figure in the sentence going on from that one is from the first part's
CONTEXT_WINDOW = 2  # sentences before the answer that may hold words it refers back to ("nhóm này", "khu này")
UNSURE_MARGIN = 0.35  # figures scored this close to the best are alternatives the model may choose among
MAX_ALTERNATIVES = 2
NAMING_SENTENCES = 4  # a name or list answer comes from the best few sentences that name anyone fitting
SAME_DAY = 0.4  # bonus of a sentence that says the day the question names
ENUMERATED = 0.15  # bonus per item (up to three) of a sentence quoted for a list question
UNCOMPARED = ("percent", "year", "date", "rank")  # figure kinds that make no item larger than another
DESCRIBED = 0.5  # bonus of a list sentence saying what describes the names asked ("lãnh đạo Trung ương nào")
RANKED_WITHIN = 12  # characters between a place in a ranking and the country it ranks in ("thứ 3 trong cả nước")
DESCRIBING_WORDS = 4  # words between an entity cue's head and "nào" ("Lãnh đạo UBND tỉnh Sơn La nào")
LISTED = 3  # other partners named with the one asked that make a sentence a list of them
_CLAUSE_RE = re.compile(r"[;:]\s")
_DEMONSTRATIVE_RE = re.compile(r"(\w+ \w+) này\b")  # "hội nghị này": what a sentence before named
_ITEM_RE = re.compile(r";\s|\n|(?:^|\s)[-–+•*]\s")  # a list's items, each with its label ("* Cấp mới: …")
_ITEM_BREAK_RE = re.compile(r"[;:\n]|(?:^|\s)[-–+•*]\s")  # …and where a label ends too
CLAUSE_WORDS = 0.4  # cost per share of the question's words a figure's list item says less than its sentence's best
SAID_AFTER = 1.0  # bonus per share of the question's words said right after a share (what it is a share of)
RESULT_DROP = 1.5  # how far below the sentence most about a summary's question its results may be

# (query text, sentences) -> similarity of each sentence to the question, in [-1, 1]
Similarity = Callable[[str, Sequence[Sentence], Sequence[Chunk]], list[float]]


@dataclass(frozen=True)
class Evidence:
    chunk: Chunk
    sentence: Sentence
    score: float  # retrieval score of the chunk


@dataclass
class Extraction:
    evidence: list[Evidence]  # [0] holds the answer; a later one gives its period or more of the answer
    kind: str = "other"
    figure: Figure | None = None
    answer: str | None = None  # the span shown as the answer (figure, date, names), as written
    abstain_reason: str | None = None  # "province" | "year" | "not_found" | "instruction"
    missing: str | None = None  # what the articles lack, for the abstention message
    span: tuple[int, int] = (0, 0)  # the answer within evidence[0]
    parts: list["Extraction"] = field(default_factory=list)  # one per figure of a multi-part question
    # Other figures of the text scored close to this one: where the rules are unsure, the model may
    # choose one of them instead (never a span that is not in the text).
    alternatives: list["Extraction"] = field(default_factory=list)


@dataclass
class _Candidate:
    hit: Hit
    sentence: Sentence
    folded: str  # abbreviations expanded
    anchors_words: list[str]  # the question's words the answer should follow: a follow-up's own, else all matched
    score: float
    period: Period
    window: str = ""  # the sentence and the few before it ("Chỉ tiêu được chia theo ba nhóm. Nhóm lớn nhất …")
    lead: float = float("-inf")  # the score of the sentence just before, whose subject this one may go on with
    continues: bool = False  # goes on from the sentence a multi-part question's first part was answered from

    def anchors(self, skipped: frozenset[str] = frozenset()) -> list[int]:
        """Where the question's words, less ``skipped``, end in the sentence (``fold`` keeps offsets;
        ``folded`` does not)."""
        text = fold(self.sentence.text)
        return [m.end() for k in self.anchors_words if k not in skipped
                for m in re.finditer(rf"\b{re.escape(k)}\b", text)]


def extract(query: Query, hits: list[Hit], covered_provinces: set[str], lexicon: Lexicon,
            similarity: Similarity | None = None, idf: Callable[[str], float] | None = None,
            prefer: tuple[str, int] | None = None, first_end: int | None = None,
            taken: frozenset[str] = frozenset()) -> Extraction:
    """``similarity`` scores sentences by meaning; ``idf`` weighs the question's words by how rare
    they are in the articles (without them, sentences are scored by plain word counts); ``prefer``
    (chunk id, sentence offset) names a sentence to favour, ``first_end`` where in it the part
    before was answered, and ``taken`` the figures the parts before gave."""
    if lexicon.pattern("instruction_overrides").search(fold(query.text)):
        return Extraction([], abstain_reason="instruction")
    if query.parts:
        # Figures asked together are usually said together: later parts prefer the first part's sentence.
        parts = [extract(query.parts[0], hits, covered_provinces, lexicon, similarity, idf)]
        first = parts[0].evidence[0] if parts[0].evidence else None
        prefer = (first.chunk.id, first.sentence.start) if first and query.said_together else None
        for part in query.parts[1:]:
            # …and say them in the order asked ("… 4 dự án FDI, vốn đăng ký 26,5 triệu USD").
            # Two parts ask for two figures: the next best rather than the same one twice.
            parts.append(extract(part, hits, covered_provinces, lexicon, similarity, idf, prefer,
                                 first_end=parts[0].span[1] if prefer else None,
                                 taken=frozenset(p.figure.text for p in parts if p.figure)))
        answered = [p for p in parts if not p.abstain_reason]
        if not answered:
            return parts[0]
        evidence = [e for p in answered for e in p.evidence[:1]]
        return Extraction(evidence, kind="multi", parts=parts)
    unknown = [p for p in query.provinces if p not in covered_provinces]
    if query.provinces and len(unknown) == len(query.provinces):
        return Extraction([], abstain_reason="province", missing=", ".join(unknown))
    candidates = _candidates(query, hits, lexicon, similarity, idf or (lambda word: 1.0), prefer)
    kind = KINDS[query.kind]
    chosen = None
    if candidates:
        if kind.answer == "figure":
            chosen = _figure_answer(query, candidates, lexicon, idf or (lambda word: 1.0),
                                    prefer if first_end is not None else None, first_end or 0, taken)
        elif kind.answer == "date":
            chosen = _date_answer(query, candidates, lexicon)
        elif kind.answer == "name" or kind.answer == "names" and _asks_names(query, lexicon):
            # The most of items ("Mặt hàng nào …", "Doanh nghiệp nào … lớn nhất?") may be read off their figures;
            # a country, place or person asked is named where it leads.
            largest = query.rank == 1 and _wanted_type(query, lexicon) in (None, "org")
            chosen = (query.rank and kind.answer == "name" and (
                _ranked_answer(query, candidates, lexicon) or largest and _largest(query, candidates, lexicon))) \
                or _name_answer(query, candidates, lexicon, several=kind.answer == "names")
        if chosen is None and kind.answer in ("passage", "names"):
            chosen = _passage_answer(query, candidates, lexicon)
    if chosen is None:
        return _abstention(query, hits)
    for extraction in (chosen, *chosen.alternatives):
        extraction.kind = query.kind
    return chosen


# -- sentences -------------------------------------------------------------------------------
def _candidates(query: Query, hits: list[Hit], lexicon: Lexicon, similarity: Similarity | None,
                idf: Callable[[str], float], prefer: tuple[str, int] | None = None) -> list[_Candidate]:
    rows = []
    for rank, hit in enumerate(hits):
        sentences = hit.before + hit.chunk.sentences
        for i in range(len(hit.before), len(sentences)):
            rows.append((rank, hit, i, sentences[i]))
    if not rows:
        return []
    similarities = similarity(query.search_text, [r[3] for r in rows], [r[1].chunk for r in rows]) \
        if similarity else [0.0] * len(rows)
    weights = {k: idf(k) for k in query.keywords}
    # A sentence without the question's key word must be close in meaning instead.
    key = _key_word(query, idf, lexicon)
    # A summary's results are anywhere in the article it is about, in whatever words they use: every
    # sentence of the best article may answer it, however few of the question's words it shares.
    about = hits[0].chunk.article_id if KINDS[query.kind].whole_article else None
    # The synonyms the question itself uses ("bán ra nước ngoài"), each with its group.
    asked_phrases = {p: group for group in query.phrases for p in group
                     if set(p.split()) - lexicon.stopwords["vi"] <= set(query.keywords)}
    # "Riêng các doanh nghiệp của thành phố Suwon có bao nhiêu dự án?": the part asked must be named with its figure.
    # (A clause may set the time first: "Năm 2025, riêng tỉnh Svay Rieng …"; "Riêng trong tháng 8/2023, Đà Lạt …"
    # singles out a month: the name is not in the marker's clause.)
    clauses = re.split(r"[,;:?]", fold(query.text))
    singled_out = any(lexicon.pattern("part_markers").match(clause.strip()) and any(_has(n, clause) for n in query.names)
                      for clause in clauses)
    # A day the question names ("Lần ghé ngày 20/2, …") picks the sentences of that day among those of its month.
    days = days_named(split_setting(query.text)[0], lexicon)
    candidates = []
    for (rank, hit, i, sentence), sim in zip(rows, similarities):
        sentences = hit.before + hit.chunk.sentences
        folded = lexicon.expand_abbreviations(sentence.text)
        # A partner the question names must be in the sentence or before it, if the sentence names no other
        # partner ("Nhà máy lốp Haohua …" then "Dự án … tạo việc làm cho 1.600 lao động"). A figure's partner
        # is the last one named before it ("… thành phố Yeongju …", "… nhà đầu tư Hàn Quốc …", "Trong đó có 8
        # dự án FDI …" is Korea's); a name asked for may follow other names (a partner's delegation, the hosts).
        own_and_title = f"{sentence.text} {hit.chunk.title}"
        missing = [n for n in query.names if not _says_name(n, sentence.text if singled_out else own_and_title, lexicon)]
        # (A summary's article is about the partner it names: each of its sentences may hold a result.)
        if missing and hit.chunk.article_id != about and (
                singled_out or not _named_before(missing, sentences[:i + 1], query, lexicon,
                                                 last=KINDS[query.kind].answer == "figure")):
            continue  # about another partner than the one asked
        if singled_out and _listed_with_others(sentence.text, query, lexicon):
            continue  # "Với ba tỉnh Svay Rieng, Prey Veng và Tboung Khmum, … 3 thỏa thuận": the group's, not one's
        window = sentences[max(0, i - CONTEXT_WINDOW):i + 1]
        nearby = _folded(window, hit.chunk.title, lexicon)
        if sum(bool(re.search(rf"\b{q}\b", nearby) or _in_group(q, nearby, query)) for q in query.qualifiers) \
                < (len(query.qualifiers) + 1) // 2:
            continue  # most of the words narrowing the noun must be near ("lưu học sinh" for "du học sinh")
        # A follow-up's new words ("Còn thủy sản?") must be in the answer; a partner's name may have been
        # named before it, as checked above ("… Hàn Quốc (KOICA) …" then "phần do KOICA tài trợ").
        if query.focus and sum(bool(re.search(rf"\b{re.escape(w)}\b", folded)) or any(w in n.split() for n in query.names)
                               for w in query.focus) < max(1, len(query.focus) // 2):
            continue
        # "Con số này cao hơn 12,3% …" is about what the sentence before named, and says it in that sentence's
        # words. "Trong số này, 14 tổ chức đã triển khai …" counts a part of it: where it adds a word asked that
        # that sentence lacks, the part is the answer and takes that sentence's words.
        said, previous = folded, ""
        if i and lexicon.pattern("back_references").match(folded):
            previous = _folded(sentences[i - 1:i], "", lexicon)
            if lexicon.pattern("same_references").match(folded) or \
                    any(_has(k, folded) and not _has(k, previous) for k in query.keywords):
                said = f"{previous} {folded}"
        elif i and KINDS[query.kind].answer != "figure" and (named := _DEMONSTRATIVE_RE.search(sentence.text)) \
                and _has(fold(named.group(1)), before := _folded(window[:-1], "", lexicon)):
            # "… đã phát biểu chỉ đạo tại hội nghị này": the conference is the one a sentence just before names.
            # (Not for a figure: "tổng giá trị này", "năm này" would lend a figure the words of the one before.)
            said = f"{before} {folded}"
        matched = [k for k in query.keywords if re.search(rf"\b{re.escape(k)}\b", said)]
        said_phrases = [p for group in query.phrases for p in group if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", said)]
        groups = sum(any(p in said_phrases for p in group) for group in query.phrases)
        # A synonym said stands for the question's words it replaces ("xuất khẩu" for "bán ra nước ngoài"); a
        # single word of the question's own ("tăng" of "tăng trưởng") says no more than it does.
        stood_for = {w for p, group in asked_phrases.items()
                     if any(q in said_phrases and not (" " not in q and q in p.split()) for q in group) for w in p.split()}
        matched += [k for k in query.keywords if k in stood_for and k not in matched]
        coverage = sum(weights[k] for k in matched) / (sum(weights.values()) or 1)
        # The sentence a first part was answered from may answer the next in other words ("tổng số tiền
        # đăng ký của các dự án đó" of "350 dự án …, với tổng vốn đầu tư đạt 318 triệu USD").
        # (…or in the next, going on from it: "… đón 312.964 lượt khách. Trong tổng số này có 29.448 lượt khách
        # quốc tế".)
        continues = bool(i and (hit.chunk.id, sentences[i - 1].start) == prefer
                         and lexicon.pattern("back_references").match(folded))
        preferred = (hit.chunk.id, sentence.start) == prefer or continues
        admitted = preferred or hit.chunk.article_id == about
        if coverage < MIN_COVERAGE and sim < MIN_SIMILARITY and not groups and not admitted \
                and not _measures(sentence.text, query, lexicon):
            continue
        # A sentence close in meaning may say it in other words ("bán ra nước ngoài" for "xuất khẩu").
        # The rarest word may stand just before ("Nông sản: …" then "Hai mặt hàng … của nhóm này").
        # (A partner asked was checked above: it may be named further up.)
        # So may a measure of the kind asked ("bao nhiêu điện năng": "… khoảng 10 tỷ kWh mỗi năm"), or, for a list,
        # a sentence naming several ("… gồm Hàn Quốc, Trung Quốc, Mỹ, Pháp").
        if key and key not in matched and not _in_group(key, folded, query) and coverage < KEY_COVERAGE \
                and sim < KEY_SIMILARITY and not _has(key, nearby) and not any(key in n.split() for n in query.names) \
                and not admitted and not _measures(sentence.text, query, lexicon) \
                and not (query.kind == "list" and len(name_spans(sentence.text, lexicon)) >= LISTED):
            continue
        intro = _folded(_list_intro(sentences, i), "", lexicon)
        if _contrasts(query, folded, lexicon) or _contrasts(query, f"{previous} {intro} {folded}", lexicon) \
                or _contrasts(query, f"{intro} {nearby}", lexicon, phrases_only=True):
            continue  # "nhập khẩu" asked, only "xuất khẩu" said (by it, by the sentence "Trong đó, …" goes on from,
            # by the one introducing the list it is an item of, or by those just before and the title)
        pairs = sum(f"{a} {b}" in said for a, b in zip(query.keywords, query.keywords[1:]))
        score = 2.0 * sim + coverage + 0.3 * groups + 0.1 * pairs + 0.2 / (1 + rank) + \
            PREFERRED * preferred - 0.2 * len(missing) + SAME_DAY * _on_day_asked(sentences[:i + 1], days, lexicon)
        # Unsaid parts of the period come from the sentences before (a section's "Nửa đầu năm …"; a photo
        # caption between them is not the text's flow), then the title, then the date the article was published.
        # ("Trước đó, tính đến hết tháng 5/2016 …" tells an earlier figure: its time is only that of the sentence
        # going on from it.)
        context = [s.text for k, s in enumerate(sentences[:i]) if not lexicon.caption.search(s.text)
                   and (k == i - 1 or not lexicon.pattern("earlier_openers").match(fold(s.text)))][-LOOKBACK:]
        period = read_period(sentence.text, lexicon)
        if i and not period.year and (that_year := lexicon.pattern("periods", "that_year").search(folded)) \
                and that_year.start() < 20 and (years := re.findall(rf"\b{YEAR}\b", sentences[i - 1].text)):
            # "… nối tiếp từ một năm 2023 đặc biệt. Năm đó, vốn FDI …": the year last named before it.
            period = replace(period, year=int(years[-1]))
        titled = read_period(hit.chunk.title, lexicon)
        if period.months and period.months == titled.months:
            # The months the title reports ("Nửa đầu năm 2024, …" then "… trong 6 tháng …") are of the title's
            # year, not of a year compared with nearby ("… xấp xỉ con số của cả năm 2023").
            period = period.filled_from(titled)
        if not period.year and hit.published and lexicon.pattern("periods", "now").search(folded):
            # "Lũy kế đến nay, …" is as of when the article was written, not of the year the sentence before names.
            period = replace(period, year=read_period(hit.published, lexicon).year)
        for text in [*reversed(context), hit.chunk.title, hit.published]:
            period = period.filled_from(read_period(text, lexicon))
        own = [w for w in query.focus if re.search(rf"\b{re.escape(w)}\b", folded)]
        # A figure follows what the question asks about: in its words, else in the lexicon's other words for them.
        candidates.append(_Candidate(hit, sentence, folded, own or matched or said_phrases, score, period,
                                     window=" ".join(s.text for s in window), continues=continues))
    scores = {(c.hit.chunk.article_id, c.sentence.start): c.score for c in candidates}
    for c in candidates:
        sentences = c.hit.before + c.hit.chunk.sentences
        i = sentences.index(c.sentence)
        c.lead = scores.get((c.hit.chunk.article_id, sentences[i - 1].start), c.lead) if i else c.lead
    return sorted(candidates, key=lambda c: -c.score)


def _on_day_asked(sentences: Sequence[Sentence], days: list[tuple[int, int]], lexicon: Lexicon) -> bool:
    """Whether the last sentence is of a day asked: the last day said in it or in the few before it ("Ngày
    7/12/2025, tàu … thả neo." then "Khoảng 1.300 du khách đăng ký lên bờ")."""
    said = days_named(" ".join(s.text for s in sentences[-LOOKBACK - 1:]), lexicon)
    return bool(said) and said[-1] in days


def _key_word(query: Query, idf: Callable[[str], float], lexicon: Lexicon) -> str | None:
    """The rarest of the question's words that the articles use at all: what it is really about
    ("nhập khẩu" rather than "kim ngạch", "túi xách" rather than "xuất khẩu"). A follow-up's own words, not
    those of the setting it took from the last question."""
    own = set(re.findall(r"\w+", fold(split_setting(query.text)[0])))
    return max((k for k in query.keywords if idf(k) > 0 and k not in lexicon.cue_words and k in own), key=idf,
               default=None)


def _folded(sentences: Sequence[Sentence], title: str, lexicon: Lexicon) -> str:
    return lexicon.expand_abbreviations(" ".join(s.text for s in sentences) + " " + title)


def _has(phrase: str, folded: str) -> bool:
    return bool(re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", folded))


def _named_before(names: list[str], sentences: Sequence[Sentence], query: Query, lexicon: Lexicon,
                  last: bool) -> bool:
    """Whether ``names`` are named in ``sentences`` (the last is the one asked about, which names no other
    partner) and, when ``last``, no other partner is named after them."""
    aliases = _aliases(_folded(sentences, "", lexicon), query.names)
    for k, sentence in enumerate(reversed(sentences)):
        if all(_says_name(n, sentence.text, lexicon) for n in names):
            # One of several partners listed before ("7 nhà đầu tư Hàn Quốc, …, 1 nhà đầu tư Australia") is
            # not what the figure after the list is about ("Cộng dồn, vốn đăng ký … đạt 119 triệu USD"); a
            # partner's own name and country ("Tổ chức Tầm nhìn Thế giới tại Việt Nam (World Vision)") make no list.
            return not (last and k and len(_other_partners(sentence.text, query, lexicon, aliases)) >= LISTED)
        if _is_heading(sentence.text, lexicon):
            return False  # a partner named above a sub-heading is not what it, or the section below it, is about
        # In the sentence asked about, a partner named after its figures is not theirs ("nhà máy cần
        # 120.420 tấn cao su …, được nhập từ Trung Quốc").
        text = sentence.text
        asked = [f for f in find_figures(text, lexicon) if KINDS[query.kind].takes(f.kind)] if k == 0 and last else []
        if asked:
            text = text[:asked[0].start]
        if (last or k == 0) and _other_partners(text, query, lexicon, aliases):
            return False
    return False


def _is_heading(text: str, lexicon: Lexicon) -> bool:
    """A sub-heading: a line that ends no sentence ("Mục tiêu 1.200 người trong năm 2025"), no photo caption."""
    return not SENTENCE_END_RE.search(text.strip()) and not lexicon.caption.search(text)


def _says_name(name: str, text: str, lexicon: Lexicon) -> bool:
    """Whether the name asked, or another name the lexicon gives it ("Hoa Kỳ" / "Mỹ"), is in ``text``: as the
    lexicon writes it, capitalised and with marks, where the text has marks ("mỹ nghệ" names no "Mỹ", "lao
    động" no "Lào"), or by an abbreviation the lexicon expands."""
    folded, plain = lexicon.expand_abbreviations(text), fold(text)
    written = normalize(text) if has_marks(text) else None
    return any(_has(n, folded) and (written is None or n not in lexicon.spellings or not _has(n, plain)
                                    or any(_has(s, written) or _has(s.upper(), written) for s in lexicon.spellings[n]))
               for n in lexicon.synonyms.get(name, (name,)))


def stated_alone(provinces: Sequence[str], extraction: Extraction, lexicon: Lexicon) -> bool:
    """Whether the answer's sentences name each of ``provinces`` with no other province but their article's
    own: after "Cà Mau cùng Sóc Trăng và Bạc Liêu …", "ba địa phương này đóng góp khoảng 3 tỷ USD" is no
    figure of Bạc Liêu's."""
    named = [set(lexicon.find_provinces(e.sentence.text)) - {e.chunk.province} for e in extraction.evidence]
    return all(any(p in said and len(said) == 1 for said in named) for p in provinces)


def _aliases(folded_before: str, names: Sequence[str]) -> set[str]:
    """Short names the passage gives the partners asked: "Công ty Ô tô Toyota Việt Nam (TMV)" → "tmv"."""
    return {m.group(2) for m in re.finditer(r"([^()]{1,80})\(([a-z0-9&-]{2,12})\)", folded_before)
            if any(n in m.group(1) for n in names)}


def _other_partners(sentence: str, query: Query, lexicon: Lexicon, aliases: set[str] = frozenset()) -> set[str]:
    """The countries and organisations the sentence names that the question does not (nor by ``aliases``);
    a facility ("Khu công nghiệp …", "Nhà máy …") is where a partner works, not another partner, and the
    country the provinces are in ("… giải ngân tại Việt Nam") is none either."""
    facilities = tuple(fold(h) + " " for h in lexicon.words("facility_heads"))
    home = {fold(c) for c in lexicon.words("home_country")}
    return {fold(name) for _, _, name, kind in name_spans(sentence, lexicon)
            if kind in ("country", "org") and fold(name) not in aliases | home and not fold(name).startswith(facilities)
            and not any(n in fold(name) or fold(name) in n for asked in query.names
                        for n in lexicon.synonyms.get(asked, (asked,)))
            and not lexicon.find_provinces(name)}


def _contrasts(query: Query, folded: str, lexicon: Lexicon, phrases_only: bool = False) -> bool:
    """Whether the sentence says the opposite of a term the question uses and not the term itself
    (the lexicon's ``contrasts``: "xuất khẩu"/"nhập khẩu", "cam kết"/"giải ngân"); ``phrases_only``: of the
    terms of more than one word, which tell what a passage is about ("xuất khẩu"), not how a sentence
    goes ("tăng")."""
    asked = lexicon.expand_abbreviations(query.asked)
    # A question saying both sides ("xuất nhập khẩu") asks of both: no side is then a contrast.
    both = {w for group in lexicon.contrast_groups if all(_has(t, asked) for t in group) for t in group for w in t.split()}
    for group in lexicon.contrast_groups:
        if (phrases_only and any(" " not in t for t in group)) or any(set(t.split()) & both for t in group):
            continue
        said = [t for t in group if _has(t, asked)]
        if len(said) == 1 and not any(_has(t, folded) for t in lexicon.synonyms.get(said[0], {said[0]})) \
                and any(_has(t, folded) for t in group if t != said[0]):
            return True
    return False


def _in_group(word: str, folded: str, query: Query) -> bool:
    """Whether a synonym of the phrase holding ``word`` is in the sentence ("vốn ngoại" ~ "FDI")."""
    return any(any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", folded) for p in group)
               for group in query.phrases if any(word in p.split() for p in group))


def _evidence(candidate: _Candidate) -> Evidence:
    return Evidence(candidate.hit.chunk, candidate.sentence, candidate.hit.score)


def _abstention(query: Query, hits: list[Hit]) -> Extraction:
    """Why nothing answers: a year no retrieved passage mentions ("year"), or nothing fits ("not_found")."""
    missing = " ".join(query.provinces + ([query.period.describe()] if not query.period.empty else [])) or None
    year_unknown = bool(query.period.year) and not any(str(query.period.year) in h.chunk.text for h in hits)
    return Extraction([], abstain_reason="year" if year_unknown else "not_found", missing=missing)


# -- figures ---------------------------------------------------------------------------------
def _figure_answer(query: Query, candidates: list[_Candidate], lexicon: Lexicon, idf: Callable[[str], float],
                   prefer: tuple[str, int] | None = None, first_end: int = 0,
                   taken: frozenset[str] = frozenset()) -> Extraction | None:
    """``prefer`` and ``first_end``: the sentence and offset where the first figure of a multi-part question
    was answered; a later part's figure is likelier just after it."""
    kind = KINDS[query.kind]
    currency = _currency(query.text, lexicon) if query.kind == "money" else None
    asks_change = lexicon.pattern("change_cues").search(fold(query.text))
    # A figure the question states is the setting, not the answer ("Ngoài 3 thỏa thuận mới, … bao nhiêu thỏa
    # thuận khác?"); a part of a multi-part question states what the whole question does.
    stated = _stated_numbers(query, lexicon)
    key = _key_word(query, idf, lexicon)
    # The question's rare words, less its names: a name sets the scene ("… sang Salavan"), a common noun
    # says what is counted ("… là bộ đội xuất ngũ").
    named = set(fold(" ".join(re.findall(r"\b[^\W\d_]*[A-ZĐ]\w*", query.text))).split())
    rare = [k for k in query.keywords if idf(k) >= RARE_IDF and k not in lexicon.cue_words and k not in named]
    asks_time = _asks_time(query, lexicon)
    asks_goal = lexicon.says_goal(query.asked)  # "chỉ tiêu", "muốn thu hút": a goal, not what was done
    total_weight = sum(idf(k) for k in query.keywords) or 1.0
    compared = compared_years(query.text, lexicon)  # "So với Tết năm 2025, … tăng bao nhiêu phần trăm?"
    # A province's figure is asked, not the country's, unless the country is what the question asks about ("Cả
    # nước thu hút bao nhiêu …?"; in "… đứng thứ mấy cả nước?", "… chiếm bao nhiêu phần trăm cả nước?" the
    # country is where it ranks or what it is a share of).
    asked = fold(query.text)
    rest_asked = bool(lexicon.pattern("remainders").search(asked))  # "phần vốn còn lại là bao nhiêu?"
    country = lexicon.pattern("national_scope").search(asked)
    first_cue = lexicon.pattern("interrogatives").search(asked)
    province_asked = bool(query.provinces) or not country or bool(first_cue and first_cue.start() < country.start())

    def said_share(clause: str) -> float:
        """The share of the question's words (IDF-weighted) a clause says."""
        folded = lexicon.expand_abbreviations(clause)
        return sum(idf(k) for k in query.keywords if _has(k, folded)) / total_weight

    scored = []
    for candidate in candidates:
        text = candidate.sentence.text
        figures = find_figures(text, lexicon)
        items = _clauses(text, _ITEM_RE)
        own_places = {*query.provinces, candidate.hit.chunk.province}
        names_province = bool(lexicon.find_provinces(text))
        best_item = max((said_share(text[a:b]) for a, b in items), default=0.0)
        for figure in figures:
            # "tạo việc làm cho hơn 70.000 lao động" counts the jobs asked, "59 chương trình, dự án" the projects,
            # "25 triệu kWh điện" the power: the noun stands just before it or among the words naming it (not
            # further on: "3 thỏa thuận về vận chuyển hàng hóa" counts no goods).
            noun_near = bool(query.noun) and (
                _has(query.noun, fold(text[max(0, figure.start - 25):figure.start]))
                or bool(re.match(rf"(?:\s*,\s*|{lexicon.joiner_words.pattern})?\s*{re.escape(query.noun)}\b",
                                 fold(text[figure.end:figure.end + 40]))))
            # "bán sang Campuchia bao nhiêu điện?": how much of what a measure measures ("25 triệu kWh điện").
            measured = query.kind == "count" and noun_near and KINDS["amount"].takes(figure.kind) \
                and figure.kind not in ("percent", "money")  # a share or a price is no quantity of it
            if not (kind.takes(figure.kind) or measured) or figure.number in stated or figure.text in taken:
                continue
            if _dates(figure, lexicon) and not asks_time:
                continue  # "(từ 01 năm trở lên) với 810 người": the span of time says which, not how many
            if query.names and _of_another_country(figure, query, lexicon):
                continue  # "… 130.000 khách Trung Quốc và hơn 25.000 khách Thái Lan": the second is Thailand's
            if not query.names and _country_follows(text, figure, lexicon):
                continue  # "… đón 1,68 triệu lượt khách Hàn Quốc" is one country's share, not the total asked
            # "2.163 người", "5.713 người đi" may count the "lao động" asked
            # (not "lượt" when "lượt khách" is asked: there it is the noun's own counter, "370.000 lượt").
            counted = _counted(figure, lexicon)
            generic = bool(counted) and counted.split()[0] in lexicon.counters \
                and not (query.noun and (query.noun.startswith(counted) or counted.startswith(query.noun)))
            if query.kind == "count" and query.noun and not (
                    _counts_noun(figure, query.noun, lexicon) or _counts_people(figure, query.noun, lexicon)
                    or generic or noun_near):
                continue
            if query.kind == "amount" and query.noun and _unit_kind(figure, lexicon) != lexicon.units[query.noun]:
                continue  # a measure asked in its unit ("bao nhiêu km", "bao nhiêu mét": a length, "6,5m")
            if currency and currency != _currency(figure.text, lexicon):
                continue  # asked in đồng, written in USD (or the reverse)
            if not currency and _currency(figure.text, lexicon) and _restated(text, figure, lexicon):
                continue  # "13,5 triệu USD, tương đương chừng 315 tỷ đồng": the same sum in another currency
            period = _own_period(text, figure, figures, lexicon).filled_from(candidate.period)
            if mismatch(query.period, period) \
                    and not _reported_in_month(query.period, period, candidate.hit.published, lexicon):
                continue
            a, b = _clause(text, figure.start, figure.end)
            # The words right after it, up to the next figure or comma, are its own too ("… 500 người là bộ
            # đội xuất ngũ", "bằng 60,3% tổng vốn đăng ký").
            tail = re.match(r"[^,;:.()]*", text[figure.end:min([b, *(f.start for f in figures if f.start > figure.start)])])
            after = lexicon.expand_abbreviations(lexicon.joiner_words.split(fold(tail.group()), 1)[0])  # "… 25 tỷ USD và vốn FDI thực hiện"
            label = lexicon.expand_abbreviations(text[max(a, figure.start - 60):figure.start])
            # The words right after it say whose it is before those leading up to it, which may be the figure
            # before's ("1.060 tỷ đồng đối với nhà đầu tư trong nước và 380 triệu USD đối với nhà đầu tư nước ngoài").
            if _contrasts(query, after, lexicon) or _contrasts(query, f"{label} {after}", lexicon):
                continue  # the words around the figure say the opposite ("nhập khẩu đạt …")
            if _named_after_only(text, figure, query, lexicon):
                continue  # "… thu hút 2,34 tỷ USD vốn FDI, …, và mời các doanh nghiệp của Gyeonggi …" is not Gyeonggi's
            if province_asked and _the_country_s(text, figure, figures, own_places, lexicon):
                continue  # "… cả nước có 962 dự án FDI mới, … 5,26 tỷ USD" is not the province's
            # …nor the reverse: "Cả nước …?" is answered where the country is the subject, in the sentence or,
            # if it names no province, in the few before it.
            before = fold(text[:figure.start] if names_province
                          else f"{candidate.window[:-len(text)]} {text[:figure.start]}")
            if not province_asked and not (lexicon.pattern("national_scope").search(before)
                                           or lexicon.pattern("home_country").search(before)):
                continue
            if _part_of_another(text[a:figure.start], query, lexicon):
                continue  # "riêng Công ty … Carlsberg đã nộp 3.500 tỷ đồng" is not what all the firms paid
            if not asks_goal and lexicon.says_goal(text[a:figure.start]) \
                    and not lexicon.pattern("targets").match(fold(text[figure.end:]).lstrip()):
                continue  # a goal ("Theo kế hoạch, tỉnh phấn đấu đưa 1.200 người") is not what was done; a share of
                # it is ("Kế hoạch cả năm là 1,9 tỉ USD, như vậy tỉnh đã đạt 132% mục tiêu")
            if asks_goal and not lexicon.says_goal(candidate.window):
                continue  # nor is what was done ("huyện Mù Cang Chải có 7 người") a goal asked
            # The figure's own clause names the rare thing the question is about ("…; túi xách đứng sau với 154
            # triệu USD"); a common key word ("ngoài") tells little.
            keyed = bool(key) and idf(key) >= RARE_IDF and _has(key, lexicon.expand_abbreviations(text[a:b]))
            # …as may the words right after it ("1.200 người …, trong đó có 500 người là bộ đội xuất ngũ").
            named_after = any(_has(k, after) for k in [*rare, *query.focus])
            # …and the words right after a share say what it is a share of ("chiếm 90% về số dự án và 70% tổng vốn
            # đầu tư nước ngoài"), up to what it is compared with ("tăng 21,2% so với Tết năm 2023"). (Not after a sum
            # or a count: a part's words follow it, a total's do not.) "70% vốn còn lại" is the rest, not the part asked.
            share_of = lexicon.pattern("periods", "base_markers").split(after, 1)[0]
            said_after = said_share(share_of) if figure.kind == "percent" else 0.0
            the_rest = not rest_asked and bool(lexicon.pattern("remainders").search(share_of))
            # A follow-up's own words said since the figure before ("Còn nhóm giày, da thì sao?": "… nhóm giày, da các
            # loại với kim ngạch gần 139 triệu USD, …, và nhóm sản phẩm cơ khí với 99,1 triệu USD").
            since = max([a, *(f.end for f in figures if f.end <= figure.start)])
            focused = sum(_has(w, fold(text[since:figure.start])) for w in query.focus) / (len(query.focus) or 1)
            # A count's noun follows its number ("25 dự án FDI" when "dự án FDI" is asked): its unit naming the
            # whole noun asked outweighs the question's words standing before another count ("… 18 dự án").
            unit_on = fold(text[figure.end - len(figure.unit):figure.end + len(query.noun or "")])
            # The words narrowing it ("lượt khách quốc tế") said in its own clause: "Khách quốc tế … đạt 370.000
            # lượt; khách nội địa …" rather than "… 1,3 triệu lượt khách lưu trú" below a sentence about the
            # foreign guests. (A clause may say them once for two figures: "ký mới 12 và triển khai 24 thỏa
            # thuận quốc tế".)
            own_clause = lexicon.expand_abbreviations(text[a:b])
            if lexicon.pattern("back_references").match(candidate.folded):
                own_clause += " " + lexicon.expand_abbreviations(candidate.window)  # "Trong số này, 14 tổ chức …"
            qualified = bool(query.qualifiers) and all(_has(q, own_clause) or _in_group(q, own_clause, query)
                                                       for q in query.qualifiers)
            # Of a sentence's clauses or bulleted items, the one saying most of the question's words ("- Phương
            # tiện vận tải và phụ tùng …, tăng 36,9%" of "Nhóm phương tiện vận tải … tăng bao nhiêu phần trăm?").
            # (An item's label is its own: "* Tổng vốn thu hút: khoảng 3,9 tỷ USD".)
            fewer_words = best_item - next(said_share(text[i:j]) for i, j in items if i <= figure.start < j)
            whole_noun = query.kind == "count" and bool(query.noun) and (qualified or not query.qualifiers) \
                and (unit_on.startswith(query.noun) or _noun_before(text[a:figure.start], figure, query.noun, lexicon))
            # "7 nhà đầu tư Hàn Quốc, 2 nhà đầu tư Hồng Kông": the partner named right after is the figure's.
            partner_next = bool(_partner_next(text[figure.end:], query))
            follows = prefer == (candidate.hit.chunk.id, candidate.sentence.start) and figure.start >= first_end
            after_first = figure.start - first_end if follows else figure.start + CONTINUED
            follows = follows or prefer is not None and candidate.continues
            # "kéo dài mấy năm?" is answered by a span of time ("5 năm", not "4 huyện"); "So với Tết năm 2025, …
            # tăng bao nhiêu?" by a change compared with that year ("… cao hơn 65% so với Tết năm 2025").
            span_asked = asks_time and _dates(figure, lexicon)
            same_base = bool(compared & compared_years(text[figure.end:b], lexicon))
            # "21,4 triệu USD vốn FDI, gồm 5 dự án mới với tổng vốn 15,8 triệu USD": the second is a part of the
            # first, asked only by the words that single it out ("dự án mới").
            part = _part_words(text, figure, figures, lexicon)
            singled = bool(part) and sum(w in query.keywords for w in part) / len(part) < 0.5
            score = candidate.score + _closeness(candidate, figure, asks_change, lexicon) \
                + (0.3 / (1 + after_first / 40) if follows else 0.0) \
                + 0.3 * affinity(query.period, period) - 0.3 * generic + 0.5 * whole_noun + 0.3 * keyed \
                + 0.3 * named_after + 0.5 * partner_next + 0.5 * qualified - CLAUSE_WORDS * fewer_words \
                + 0.5 * span_asked + 0.3 * same_base + 0.3 * focused - PART * singled + SAID_AFTER * said_after \
                - PART * the_rest
            # Stated of the partner asked, in the sentence itself ("Nhật Bản đứng thứ hai với 2.163 người").
            own_partner = bool(query.names) and all(_has(n, candidate.folded) for n in query.names)
            scored.append((score, candidate, figure, whole_noun or own_partner))
    # A figure in a sentence far below the ones most about the question is a guess, unless it follows
    # one of them ("… Dự án Chương trình phát triển nông thôn …" then "… KOICA tài trợ 347,7 tỷ đồng"),
    # counts the very noun asked ("gần 150 khách mời" below the sentence naming the event asked about)
    # or names the partner asked. A photo caption sets no bar: it is about the photo; nor does a sentence
    # about another period than the one asked ("6 tháng đầu năm …" when "hai tháng đầu năm" is asked).
    # An article's lead often says what its body then gives figures for ("… lượng vốn giải ngân trong năm cho
    # thấy …"): it sets no bar for a sentence that says the question's rarest word with its figure.
    answering = {id(s[1]) for s in scored}

    def bar(past_lead: bool) -> float:
        return next((c.score for c in candidates if not lexicon.caption.search(c.sentence.text)
                     and (id(c) in answering or not mismatch(query.period, c.period)
                          and not (past_lead and c.sentence.start == 0))), candidates[0].score)

    bars = {False: bar(False), True: bar(True)}
    scored = sorted((s[:3] for s in scored if max(s[1].score, s[1].lead) + 0.5 * s[3]
                     >= bars[bool(key) and _has(key, s[1].folded)] - MAX_DROP), key=lambda s: -s[0])
    if not scored:
        return None

    def answer(candidate: _Candidate, figure: Figure) -> Extraction:
        # The partner asked, named right after the figure, is part of it ("2 nhà đầu tư Hồng Kông").
        end = figure.end + _partner_next(candidate.sentence.text[figure.end:], query)
        return Extraction([_evidence(candidate)], figure=figure, answer=candidate.sentence.text[figure.start:end],
                          span=(figure.start, end))

    best = answer(*scored[0][1:])
    close = {s[2].text: s for s in scored[1:] if s[0] >= scored[0][0] - UNSURE_MARGIN and s[2].text != best.answer}
    best.alternatives = [answer(*s[1:]) for s in list(close.values())[:MAX_ALTERNATIVES]]
    return best


def _the_country_s(text: str, figure: Figure, figures: list[Figure], own_places: set[str], lexicon: Lexicon) -> bool:
    """Whether a figure is the country's: "cả nước" is said right after it ("chiếm 8,58% tổng kim ngạch 266,44 tỉ
    USD của cả nước"), or before it since the province was last named ("GRDP của Thừa Thiên Huế tăng 7,03%, cao
    hơn mức bình quân cả nước (khoảng 4,7-5,8%)"), and not as where the province ranks ("tăng trưởng đứng đầu
    toàn quốc, đạt 13,02%")."""
    if figure.kind != "rank" and re.match(rf"\s*(?:cua\s+)?{lexicon.pattern('national_scope').pattern}",
                                          fold(text[figure.end:])):
        return True  # (a place "thứ 3 cả nước" is where the province ranks)
    before = text[:figure.start]
    folded = fold(before)
    superlatives = [m.end() for group in ("split", "whole")
                    for m in lexicon.pattern("superlatives", group).finditer(folded)]
    ranked = [f.end for f in figures if f.kind == "rank"] + superlatives
    national = [m.start() for m in lexicon.pattern("national_scope").finditer(folded)
                if not any(0 <= m.start() - end <= RANKED_WITHIN for end in ranked)]
    named = [start for start, key in lexicon.province_spans(before) if lexicon.provinces[key] in own_places]
    return bool(national) and (not named or national[-1] > named[-1])


def _part_of_another(before: str, query: Query, lexicon: Lexicon) -> bool:
    """Whether the words before a figure single out a part by a name, where the question asks about no
    partner ("Trong số đó, Hàn Quốc có 126 dự án …", "riêng Công ty TNHH Bia Carlsberg đã nộp …"). An
    acronym the lexicon knows ("Trong đó, FDI đạt …") names a kind of figure, not a part."""
    markers = list(lexicon.pattern("part_markers").finditer(fold(before)))
    known = lexicon.kind_terms
    if not markers or query.focus or any(n not in known for n in query.names):
        return False  # a part asked by its name, or by another of its names ("phía Hàn Quốc" for "KOICA")
    # The name opens the part, perhaps after its common noun ("riêng Công ty …", "riêng dự án Nhà máy …";
    # not "Riêng trong năm 2023, Chủ tịch UBND tỉnh …").
    opening = re.match(r"[\s,:]*([^\d,;:.]*)", before[markers[-1].end():]).group(1).split()
    asked = fold(query.text).split()
    named = [(i, fold(w)) for i, w in enumerate(opening[:6]) if w[0].isupper() and fold(w) not in known]
    if any(w in asked and w not in lexicon.stopwords["vi"] for _, w in named):
        return False  # the part named is the one asked ("riêng Công ty TNHH Bia Carlsberg" when Carlsberg is)
    return any(i < 3 and w not in asked for i, w in named)


def _part_words(text: str, figure: Figure, figures: list[Figure], lexicon: Lexicon) -> list[str]:
    """The folded content words that single out a figure as a part of one of its kind said before it in its
    sentence: those between the part marker ("gồm", "trong đó") and it; none if it is no such part."""
    before = [f for f in figures if f.end <= figure.start and f.kind == figure.kind]
    if not before:
        return []
    markers = list(lexicon.pattern("part_markers").finditer(fold(text), before[-1].end, figure.start))
    if not markers:
        return []
    words = re.findall(r"[^\W\d_]+", fold(text[markers[-1].end():figure.start]))
    return [w for w in words if w not in lexicon.stopwords["vi"] and len(w) > 1]


def _listed_with_others(text: str, query: Query, lexicon: Lexicon) -> bool:
    """Whether the partner asked is one of a list of names in ``text`` ("Svay Rieng, Prey Veng và Tboung Khmum")."""
    spans = name_spans(text, lexicon)
    runs, run = [], spans[:1]
    for before, after in zip(spans, spans[1:]):
        if lexicon.joiner_words.fullmatch(f" {fold(text[before[1]:after[0]]).strip(' ,')} ") \
                or not text[before[1]:after[0]].strip(" ,"):
            run.append(after)  # joined by a comma or "và"
        else:
            runs.append(run)
            run = [after]
    runs.append(run)
    return any(len(r) >= LISTED and any(_has(n, fold(name)) for *_, name, _ in r for n in query.names) for r in runs)


def _named_after_only(text: str, figure: Figure, query: Query, lexicon: Lexicon) -> bool:
    """Whether the partners asked are named in the sentence only after the figure, in a clause joined on
    ("… 2,34 tỷ USD vốn đầu tư nước ngoài, …, và mời các doanh nghiệp của Gyeonggi"): not its partners."""
    if not query.names or _partner_next(text[figure.end:], query):
        return False
    after = fold(text[figure.end:])
    if any(_says_name(n, text[:figure.start], lexicon) for n in query.names):
        return False
    first = min((after.find(n) for n in query.names if n in after), default=-1)
    return first > 0 and bool(re.search(rf",.*{lexicon.joiner_words.pattern}", after[:first]))


def _stated_numbers(query: Query, lexicon: Lexicon) -> set[str]:
    """The numbers of the figures the question itself states, less its dates and spans of time; both ends of
    a range ("khách sạn 3 - 5 sao")."""
    return {number for f in find_figures(query.text, lexicon) if f.kind != "date" and not _dates(f, lexicon)
            for number in {f.number, *NUMBER_RE.findall(f.text)}}


def _partner_next(after: str, query: Query) -> int:
    """The length of the partner asked when ``after`` (the text after a figure) starts with it, else 0."""
    named = (re.match(rf"\s+{re.escape(n)}(?!\w)", fold(after)) for n in query.names)
    return next((m.end() for m in named if m), 0)


def _dates(figure: Figure, lexicon: Lexicon) -> bool:
    """Whether the figure is a year or a span of time ("7 tháng"): it dates a result, it is none."""
    return figure.kind == "year" or bool(figure.unit) and figure.unit.split()[0] in lexicon.time_words


def _asks_time(query: Query, lexicon: Lexicon) -> bool:
    """Whether the question asks for a span of time ("bao nhiêu năm", "mấy tháng", "bao lâu")."""
    times = "|".join(map(re.escape, sorted(lexicon.time_words, key=len, reverse=True)))
    cues = lexicon.pattern("amount_cues").pattern
    folded = fold(query.text)
    return bool(re.search(rf"{cues}\s+(?:{times})\b", folded) or lexicon.pattern("duration_cues").search(folded))


def _measures(text: str, query: Query, lexicon: Lexicon) -> bool:
    """Whether ``text`` gives a measure of the kind of unit a question asks ("bao nhiêu điện năng": energy),
    or a count of the very noun it counts ("tổng số mốc …": "… trên tổng số 353 cột mốc")."""
    if query.kind == "count" and query.noun:
        return any(_counts_noun(f, query.noun, lexicon) for f in find_figures(text, lexicon))
    kind = lexicon.units.get(query.noun or "") if query.kind == "amount" else None
    return bool(kind) and any(_unit_kind(f, lexicon) == kind for f in find_figures(text, lexicon))


def _unit_kind(figure: Figure, lexicon: Lexicon) -> str | None:
    """The kind of a figure's unit, its scale aside ("10 tỷ kWh": energy)."""
    return lexicon.units.get(_counted(figure, lexicon))


def _of_another_country(figure: Figure, query: Query, lexicon: Lexicon) -> bool:
    """Whether a figure's own words name a foreign country, and not the one asked ("25.000 khách Thái Lan").
    Matched as written, capitalised and with marks: "lao động" names no "Lào"."""
    return any(re.search(rf"(?<!\w){re.escape(c)}(?!\w)", figure.text) for c in _foreign_countries(lexicon)) \
        and not any(_has(n, fold(figure.text)) for n in query.names)


def _country_follows(text: str, figure: Figure, lexicon: Lexicon) -> bool:
    """Whether a foreign country is named right after a figure, as written ("1,68 triệu lượt khách Hàn Quốc")."""
    return any(re.match(rf"\s*{re.escape(c)}(?!\w)", text[figure.end:]) for c in _foreign_countries(lexicon))


def _foreign_countries(lexicon: Lexicon) -> list[str]:
    """The lexicon's countries as written, less the one the provinces are in."""
    home = set(lexicon.words("home_country"))
    return [c for c in lexicon.words("countries") if c not in home]


def _counts_noun(figure: Figure, noun: str, lexicon: Lexicon) -> bool:
    unit = lexicon.expand_abbreviations(figure.unit)
    counted = _counted(figure, lexicon)  # "6.553 nghìn lượt" counts "lượt khách"
    wanted = set(noun.split()) - lexicon.classifiers or set(noun.split())  # "căn nhà" counts "nhà tình thương"
    if wanted <= set(unit.split()) or (counted and set(counted.split()) <= wanted):
        return True
    group = lexicon.synonyms.get(noun) or lexicon.synonyms.get(noun.split()[0], frozenset())
    return any(re.search(rf"\b{re.escape(p)}\b", unit) for p in group)


def _counts_people(figure: Figure, noun: str, lexicon: Lexicon) -> bool:
    """"bao nhiêu người?" is answered by "hơn 220.000 lao động", "337 thành viên"."""
    counted = _counted(figure, lexicon)
    return noun in _people(lexicon, "asked") \
        and any(re.match(rf"{re.escape(p)}\b", counted) for p in _people(lexicon, "nouns"))


def _people(lexicon: Lexicon, key: str) -> frozenset[str]:
    """The lexicon's words for people, folded: those a count of people is asked with, or the nouns counting them."""
    return frozenset(fold(w) for w in lexicon.words("people", key))


def _counted(figure: Figure, lexicon: Lexicon) -> str:
    """What a figure counts or measures: its unit without the scale word ("nghìn lượt" → "lượt"), folded."""
    return " ".join(w for w in fold(figure.unit).split() if w not in lexicon.scales)


def _noun_before(clause_before: str, figure: Figure, noun: str, lexicon: Lexicon) -> bool:
    """Whether a counter's noun is said before its figure in its clause: "số khách lưu trú ước khoảng 117.000
    lượt" counts "lượt khách" as "15.500 lượt khách" does."""
    counter, *rest = noun.split()
    return _counted(figure, lexicon) == counter and bool(rest) and _has(" ".join(rest), fold(clause_before))


def _restated(text: str, figure: Figure, lexicon: Lexicon) -> bool:
    """Whether ``figure`` restates the figure before it ("…, tương đương 315 tỷ đồng")."""
    return bool(lexicon.pattern("restatements").search(fold(text[max(0, figure.start - 25):figure.start])))


def _currency(text: str, lexicon: Lexicon) -> str | None:
    """The currency ``text`` names. Matched with diacritics when it has them: folded, "đồng" (the
    currency) and "động" ("hoạt động") are one word."""
    key = compared_as(text)
    haystack = key(lexicon.without_provinces(text))
    for name, words in lexicon.words("currencies").items():
        for word in words:
            if re.search(rf"(?<!\w){re.escape(key(word))}(?!\w)", haystack):
                return name
    return None


def _own_period(sentence: str, figure: Figure, figures: list[Figure], lexicon: Lexicon) -> Period:
    """The period said just before the figure, since the figure before it ("quý III phải tăng 7,54% và quý IV
    phải tăng 8,23%"), else in its clause ("…; 6 tháng đầu năm 2023 đạt X"), else in the sentence."""
    clause_start = max(sentence.rfind(";", 0, figure.start), sentence.rfind(". ", 0, figure.start)) + 1
    since = max([clause_start, *(f.end for f in figures
                                 if f.end <= figure.start and not _dates(f, lexicon))])  # not "6 tháng" of a period
    for start in (since, clause_start):
        own = read_period(sentence[start:figure.start], lexicon)
        if not own.empty:
            return own
    return read_period(sentence, lexicon)


def _reported_in_month(asked: Period, given: Period, published: str, lexicon: Lexicon) -> bool:
    """Whether a figure whose text says no month, in an article published in the one month asked, is of that
    month: "Doanh thu … trong suốt đợt lễ hội … 159 tỷ đồng" reported on 13/6/2024 answers "tháng 6/2024"."""
    reported = read_period(published, lexicon)
    return bool(asked.months and asked.months[0] == asked.months[1] and not given.months and not given.until
                and given.year in (None, asked.year) and (reported.months, reported.year) == (asked.months, asked.year))


def _closeness(candidate: _Candidate, figure: Figure, asks_change, lexicon: Lexicon) -> float:
    """Near the question's words, just after them ("xuất khẩu … đạt 1.217,78 triệu USD"), and not a
    change ("tăng 18%") unless the question asks for one. Words that only ask for a share say nothing of
    which one ("giáo dục đứng thứ hai với 31,6%; các vấn đề xã hội chiếm 17,1%"), unless nothing else is said."""
    anchors = candidate.anchors(lexicon.share_cue_words) or candidate.anchors()
    before = [figure.start - a for a in anchors if a <= figure.start]
    distance = min(before) if before else 200 + figure.start
    change = lexicon.pattern("change_words").pattern
    # Up to the number itself: "cao hơn 20,27%" is a change whose "hơn" the figure's text holds.
    number_at = figure.start + max(0, figure.text.find(figure.number))
    is_change = bool(re.search(rf"{change}\s*(?:them\s*)?$", fold(candidate.sentence.text[:number_at])))
    return 0.6 / (1 + distance / 30) + (0.3 if is_change == bool(asks_change) else -0.4)


def _clauses(text: str, breaks: re.Pattern = _CLAUSE_RE) -> list[tuple[int, int]]:
    """The clauses of a sentence: between ';', ':' or its ends (or other ``breaks``)."""
    cuts = [0] + [m.end() for m in breaks.finditer(text)] + [len(text)]
    return list(zip(cuts, cuts[1:]))


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause holding ``text[start:end]``."""
    return next((a, b) for a, b in _clauses(text) if a <= start < b)


# -- dates -----------------------------------------------------------------------------------
def _date_answer(query: Query, candidates: list[_Candidate], lexicon: Lexicon) -> Extraction | None:
    asked = fold(query.text)
    # A figure the question states says which fact it asks the date of ("có 180 người … tính đến ngày nào?").
    stated = _stated_numbers(query, lexicon)
    stating = [c for c in candidates[:5] if stated & {f.number for f in find_figures(c.sentence.text, lexicon)}]
    asks_year = bool(lexicon.pattern("kinds", "year").search(asked))
    asks_range = bool(lexicon.pattern("date_range_cues").search(asked))
    def dates_in(text: str) -> list[tuple[int, int, str]]:
        # A span of years ("giai đoạn 2017 - 2022") answers "giai đoạn nào?", not "kết thúc vào ngày nào?".
        dated = find_dates(text)
        spans = [(a, b, t) for a, b, t in dated
                 if fold(t) not in asked and (asks_range or "/" in t or not DATE_RANGE_RE.search(t))]
        spans += [(f.start, f.end, f.text) for f in find_figures(text, lexicon)
                  if f.kind == "year" and f.number not in asked and not any(a <= f.start < b for a, b, _ in dated)]
        if not asks_range:
            return spans
        # "… tính cho khoảng thời gian nào?": a period of months as written ("9 tháng đầu năm 2024"), in place of
        # the year it holds.
        periods = [p for p in _period_spans(text, lexicon) if fold(p[2]) not in asked]
        return periods + [s for s in spans if not any(a <= s[0] < b for a, b, _ in periods)]

    looked_at = stating + [c for c in candidates[:3] if c not in stating]
    if lexicon.pattern("day_questions").search(asked):  # "vào ngày nào?": a sentence giving a day before one giving a month
        looked_at.sort(key=lambda c: not any(re.search(r"(?<![\d/])\d{1,2}/\d{1,2}(?!\d)", t)
                                             for _, _, t in dates_in(c.sentence.text)))
    for candidate in looked_at:
        spans = dates_in(candidate.sentence.text)
        if not spans and (earlier := _referred_to(candidate, lexicon)):
            # "Sau chuyến khảo sát này, GPI quyết định …": the date of that visit is in the sentence before.
            candidate = replace(candidate, sentence=earlier)
            spans = dates_in(earlier.text)
        text = candidate.sentence.text
        if spans:
            anchors = candidate.anchors()

            def in_clause(span) -> int:
                a, b = _clause(text, span[0], span[1])
                return sum(a <= x <= b for x in anchors)

            # "hôm nào?" is answered by the day ("06/7/2022") before a bare year; then by the date in the clause
            # holding most of the question's words ("…; nhà máy dự kiến vận hành từ quý III/2025"), nearest them.
            # "giai đoạn nào?" is answered by a range ("2024-2026", "ngày 13 đến 16/6").
            a, b, written = min(spans, key=lambda s: (asks_range and not DATE_RANGE_RE.search(s[2]),
                                                      "/" not in s[2] and not asks_year and not asks_range, -in_clause(s),
                                                      min((abs(s[0] - x) for x in anchors), default=s[0])))
            year = re.search(r"(?:19|20)\d\d", written)
            if year and asks_year and not asks_range and written != year.group(0):
                # "năm nào?" is answered by the year; the full date is kept beside it.
                written = f"{'năm ' if query.lang == 'vi' else ''}{year.group(0)} ({written})"
            return Extraction([_evidence(candidate)], answer=written, span=(a, b))
    return None


def _period_spans(text: str, lexicon: Lexicon) -> list[tuple[int, int, str]]:
    """Periods of months as written, their pieces joined: "9 tháng đầu năm 2024", "8 tháng năm 2022", "quý
    III/2025" (not a bare year or month, which are dates)."""
    folded, spans = fold(text), []
    for m in lexicon.period_phrases.finditer(folded):
        if spans and not folded[spans[-1][1]:m.start()].strip():
            spans[-1] = (spans[-1][0], m.end())
        else:
            spans.append((m.start(), m.end()))
    return [(a, b, text[a:b]) for a, b in spans
            if (months := read_period(text[a:b], lexicon).months) and months[0] != months[1]]


def _referred_to(candidate: _Candidate, lexicon: Lexicon) -> Sentence | None:
    """The sentence before ``candidate``'s when its opening clause points back to it ("Sau chuyến khảo sát
    này, …"); read with the text's marks, as folded "đó" is "do"."""
    sentences = candidate.hit.before + candidate.hit.chunk.sentences
    i = sentences.index(candidate.sentence)
    opening = candidate.sentence.text[:60].split(",")[0].lower()
    pointers = "|".join(re.escape(w.lower()) for w in lexicon.words("demonstratives"))
    return sentences[i - 1] if i and re.search(rf"(?<!\w)(?:{pointers})(?!\w)", opening) else None


# -- names -----------------------------------------------------------------------------------
def _wanted_type(query: Query, lexicon: Lexicon) -> str | None:
    """The type of name asked, by the cue said first, then the longest ("đơn vị nào" is an organisation, not
    "vị nào"). A cue's head may stand a word or two before its "nào": "Vị lãnh đạo tỉnh nào" asks a person,
    "Hãng lữ hành nào" a company."""
    said = _entity_cues(query, lexicon)
    return max(said)[3] if said else None


def _entity_cues(query: Query, lexicon: Lexicon) -> list[tuple[int, int, int, str, list[str]]]:
    """The entity cues a question says: (-start, length, -order of its type, type, the folded words between
    its head and "nào", which describe the name asked: "lữ hành" of "Hãng lữ hành nào")."""
    key = compared_as(query.text)  # with the marks: "hàng xuất khẩu nào" is no "hãng … nào"
    asked, which = key(query.text), key("nào")
    said = []
    for order, kind in enumerate(lexicon.words("entity_types")):
        for cue in map(key, lexicon.words("entity_types", kind)):
            head, last = cue.rsplit(" ", 1) if " " in cue else (cue, "")
            pattern = rf"\b{re.escape(head)}((?:\s+\w+){{0,{DESCRIBING_WORDS}}})\s+{which}\b" if last == which \
                else rf"\b{re.escape(cue)}\b()"
            # A place named between a place's head and "nào" is no place asked: "Lãnh đạo UBND tỉnh Sơn La nào".
            said += [(-m.start(), len(m.group()), -order, kind, fold(m.group(1)).split())
                     for m in re.finditer(pattern, asked)
                     if not (kind == "place" and lexicon.find_provinces(query.text[m.start(1):m.end(1)]))]
    return said


def _asks_names(query: Query, lexicon: Lexicon) -> bool:
    """Whether a list question asks for things with proper names (companies, countries, provinces);
    "những mặt hàng nào" asks for common nouns, answered by the passage that lists them."""
    return bool(_wanted_type(query, lexicon) or lexicon.pattern("named_nouns").search(fold(query.text)))


def _name_answer(query: Query, candidates: list[_Candidate], lexicon: Lexicon, several: bool) -> Extraction | None:
    cue = max(_entity_cues(query, lexicon), default=None)
    wanted, described = (cue[3], " ".join(cue[4])) if cue else (None, "")
    asked = fold(query.text)
    # Unknown local and foreign names look alike ("Tuần Giáo", "Gain Lucky"): a list of places or
    # organisations takes any name, a single "who" answer only a person.
    compatible = {"country": {"country"}, "place": {"place", "country"} | ({"name", "person"} if several else set()),
                  "person": {"person"}, "org": {"org", "name", "person"},
                  None: {"person", "country", "place", "org", "name"}}[wanted]
    def listed(candidate: _Candidate, names: list) -> Extraction:
        unique = list(dict.fromkeys(s[2] for s in names))
        return Extraction([_evidence(candidate)], answer=", ".join(unique), span=(names[0][0], names[-1][1]))

    surnames = {fold(w) for w in lexicon.words("surnames")}
    office = _office_asked(query, lexicon) if wanted in (None, "person") else None
    place_heads = sorted((fold(h) for h in lexicon.words("place_heads")), key=len, reverse=True)
    heads = re.compile(rf"^(?:{'|'.join(map(re.escape, place_heads))})\b")
    head_asked = next((h + " " for h in place_heads if re.search(rf"\b{re.escape(h)} nao\b", asked)), None)
    first, lists, singles, naming = None, [], [], 0
    for candidate in candidates:
        if naming == NAMING_SENTENCES:
            break
        items = []
        if several:
            candidate, items = _with_items(candidate)
        text = candidate.sentence.text
        if items:  # each item's own name, first ("Hagar International (Thụy Sỹ)": not the country)
            offset = lambda item: item.start - candidate.sentence.start  # noqa: E731
            spans = [next(((a + offset(item), b + offset(item), name, kind) for a, b, name, kind
                           in name_spans(item.text, lexicon) if kind in compatible), None) for item in items]
            spans = [span for span in spans if span]
        else:
            spans = name_spans(text, lexicon)
        if wanted == "place":  # "tỉnh nào?" is answered by the place an office is of ("Ủy ban … tỉnh Salavan")
            spans += [p for s in spans if s[3] == "org" for p in _places_within(s, lexicon)]
        # "Thị trưởng thành phố Asan tên là gì?": a person said to hold that office, not any officer named; the
        # office is said between the person named before and the one named after.
        if office:
            people = [s for s in spans if s[3] == "person"]
            bounds = [0] + [p[1] for p in people] + [len(text)]
            starts = [0] + [p[0] for p in people[1:]] + [len(text)]
            spans = [p for p, a, b in zip(people, bounds, starts[1:])
                     if office.search(fold(text[max(a, p[0] - 60):b]))]
        # The province asked about is not its own answer, though an office of it may be ("Sở … tỉnh Kon Tum");
        # nor is a place the question names ("xã Hòa Lợi" for "… trường Hòa Lợi thuộc huyện nào?").
        names = [s for s in spans if s[3] in compatible and fold(s[2]) not in asked
                 and not _named_in(s[2], asked, lexicon)
                 and not (s[3] == "place" and heads.sub("", fold(s[2])).strip() in asked)
                 and not any(fold(s[2]) in lexicon.synonyms.get(n, (n,)) for n in query.names)
                 and not (s[3] != "org" and set(lexicon.find_provinces(s[2]))
                          & {*query.provinces, candidate.hit.chunk.province})]
        # "… thuộc huyện nào?": a district, not the commune named beside it.
        names = [s for s in names if fold(s[2]).startswith(head_asked)] or names if head_asked and not several \
            else names
        if not names:
            continue  # a sentence naming no one does not use up the few looked at
        naming += 1
        first = first or (candidate, names)
        if several and len(names) >= 2:
            # … and says what describes them ("Những lãnh đạo Trung ương nào": "Về phía Trung ương có …").
            lists.append((candidate.score + 0.3 * min(len(names), 4)
                          + DESCRIBED * (bool(described) and _has(described, candidate.folded)), candidate, names))
        if not several:
            # Not a Vietnamese person's name unless a person is asked ("đơn vị nào": the company, not its
            # director), one that says the words describing what is asked ("Hãng lữ hành nào": "Công ty … Lữ
            # hành … Tictours", not "Chùa Long Sơn" it takes guests to), in the clause holding most of the
            # question's words, then the nearest to them.
            anchors = candidate.anchors()

            def fit(span):
                a, b = _clause(text, span[0], span[1])
                person = span[3] == "person" and fold(span[2].split()[0]) in surnames
                return (wanted not in (None, "person") and person, bool(described) and not _has(described, fold(span[2])),
                        -sum(a <= x <= b for x in anchors), min((abs(span[0] - x) for x in anchors), default=span[0]))

            a, b, name, _ = min(names, key=fit)
            # A name right after the question's own words ("Đại sứ Hàn Quốc … Park Noh-wan" for "Ai là đại
            # sứ Hàn Quốc?") outweighs one in a sentence slightly more about the question.
            introduced = any(a - 40 <= x <= a for x in anchors)
            singles.append((candidate.score + 0.5 * introduced, candidate, (a, b, name)))
    if singles:
        _, candidate, (a, b, name) = max(singles, key=lambda row: row[0])
        return Extraction([_evidence(candidate)], answer=name, span=(a, b))
    if lists:  # the sentence most about the question, and naming most
        return listed(*max(lists, key=lambda row: row[0])[1:])
    return listed(*first) if several and first else None


def _named_in(name: str, asked: str, lexicon: Lexicon) -> bool:
    """Whether the question names ``name`` in other words around its own: "Trung tâm Bảo tồn voi tỉnh Đắk Lắk"
    is "Trung tâm Bảo tồn voi của Đắk Lắk", less its province and place words; "Nhà máy Điện gió Vân Canh" is
    "điện gió Vân Canh", less the word for what it is."""
    place = {w for key in ("place_heads", "facility_heads") for h in lexicon.words(key) for w in fold(h).split()}
    own = set(fold(lexicon.without_provinces(name)).split()) - place
    return len(own) >= 2 and own <= set(re.findall(r"\w+", asked))


def _office_asked(query: Query, lexicon: Lexicon) -> re.Pattern | None:
    """The office a "who" question names ("Thị trưởng", "Đại sứ"), as a pattern that a deputy's title
    ("Phó Thị trưởng") does not match unless a deputy is asked; None when it names none."""
    courtesy = {fold(w) for w in lexicon.words("courtesy_titles")}
    folded = fold(query.text)
    offices = [fold(t) for t in lexicon.words("title_words") if fold(t) not in courtesy
               and re.search(rf"(?<!\w){re.escape(fold(t))}(?!\w)", folded)]
    if not offices:
        return None
    office = max(offices, key=len)
    deputies = [fold(d) for d in lexicon.words("deputy_titles")]
    if office.split()[0] in deputies:
        return re.compile(rf"(?<!\w){re.escape(office)}(?!\w)")
    not_deputy = "".join(f"(?<!{re.escape(d)} )" for d in deputies)  # look-behinds must each be of one width
    return re.compile(rf"(?<!\w){not_deputy}{re.escape(office)}(?!\w)")


def _ranked_answer(query: Query, candidates: list[_Candidate], lexicon: Lexicon) -> Extraction | None:
    """The name at the rank the question states, as the sentence writes it, capitalised or not: "xếp thứ
    hai là điện tử - linh kiện với …" (after the rank), "…, Nhật Bản đứng thứ hai với …" (before it). Where no
    sentence states the first place, the proper name a superlative is said of: "Trung Quốc tiếp tục là thị trường
    gửi khách lớn nhất với 1,58 triệu lượt"."""
    stated = _at_rank(query, candidates, lexicon, lambda text: [
        (f.start, f.end) for f in find_figures(text, lexicon) if f.kind == "rank" and f.value == query.rank])
    if stated or query.rank != 1:
        return stated
    most = _marked_pattern(lexicon.words("superlatives", "split") + lexicon.words("superlatives", "whole"))
    return _at_rank(query, candidates, lexicon, lambda text: [m.span() for m in re.finditer(most, text.lower())],
                    proper=True)


def _at_rank(query: Query, candidates: list[_Candidate], lexicon: Lexicon,
             places: Callable[[str], list[tuple[int, int]]], proper: bool = False) -> Extraction | None:
    """The holder of the first of ``places`` (spans of a sentence) that has one; ``proper``: only a proper name."""
    # Matched with their marks: folded, "điện tử" would end at "từ".
    holder, breaks, verbs = (_marked_pattern(lexicon.words(key)) for key in ("rank_holder_after", "name_breaks", "rank_words"))
    for candidate in candidates:
        if max(candidate.score, candidate.lead) < candidates[0].score - MAX_DROP:
            continue  # a sentence far below the ones most about the question is about something else, unless it
            # goes on from one of them ("… rót vốn vào 54 tỉnh, thành phố." then "Thái Nguyên dẫn đầu với …")
        text = candidate.sentence.text
        for at, to in places(text):
            a, b = _clause(text, at, to)
            after = re.match(rf"\s*{holder}\s+(.+?)\s*(?={breaks}|[,;.(]|$)", text[to:b].lower())
            if after:
                start, end = to + after.start(1), to + after.end(1)
            else:  # the words since the clause's last comma, without the verbs before the rank
                head = text[a:at]
                start = a + max(head.rfind(","), head.rfind(":")) + 1
                trimmed = re.sub(rf"(?:\s*{verbs})+\s*$", "", text[start:at].lower())
                end = start + len(trimmed)
            if proper:
                names = [(i, j) for i, j, name, _ in name_spans(text[start:end], lexicon) if not lexicon.find_provinces(name)]
                if not names:
                    continue
                start, end = start + names[0][0], start + names[0][1]
            name = text[start:end].strip()
            # Not the province asked about ("tỉnh Thanh Hóa nhiều năm thuộc nhóm dẫn đầu"): it is no rank's holder.
            if name and not re.search(r"\d", name) and not set(lexicon.find_provinces(name)) & set(query.provinces):
                start = text.index(name, start)
                return Extraction([_evidence(candidate)], answer=name, span=(start, start + len(name)))
    return None


def _largest(query: Query, candidates: list[_Candidate], lexicon: Lexicon) -> Extraction | None:
    """The first rank where no sentence states one ("Nhóm hàng nào có kim ngạch lớn nhất?"): of the items a
    sentence, or the list it introduces, gives figures of one kind and unit for, the one with the largest, with
    its figure ("mặt hàng may mặc đạt hơn 304 triệu USD; giày dép … đạt hơn 281 triệu USD; …"). The figures
    compared are growth rates where the question asks the most of a change ("tăng nhanh nhất"), sums where it
    names one ("kim ngạch"), else those in a unit it names ("nhiều người")."""
    asked = fold(query.text)
    rates = bool(lexicon.pattern("change_cues").search(asked))
    sums = not rates and bool(lexicon.pattern("money_words").search(asked))
    totals = _marked_pattern(lexicon.words("total_labels"))
    for candidate in candidates:
        if candidate.score < candidates[0].score - MAX_DROP:
            break
        block, listed = _with_items(_intro_of(candidate))
        text = block.sentence.text
        groups: dict[tuple[str, str], list[Figure]] = {}
        for figure in find_figures(text, lexicon):
            # A growth rate is a share said after its change ("tăng 79,9%"; not "hoàn thành 82,4% kế hoạch").
            grew = figure.kind == "percent" \
                and lexicon.pattern("change_cues").search(fold(text[max(0, figure.start - 20):figure.start]))
            if (grew if rates else figure.kind not in UNCOMPARED and not _dates(figure, lexicon)
                                   and (figure.kind == "money" or not sums)):
                groups.setdefault((figure.kind, figure.unit.split()[-1] if figure.unit else ""), []).append(figure)
        named = [items for (_, unit), items in groups.items() if unit and _has(unit, asked)]
        items = max(named or list(groups.values()), key=len, default=[])
        # A total is no item ("tổng diện tích … là 783,3 ha, cụ thể: …", "1.200 người, trong đó có 500 …", a
        # table's "- Toàn tỉnh: 1,533 tỷ USD").
        def total(f: Figure) -> bool:
            # What follows it up to the next item: a colon there opens a list, one after is that item's label
            # ("…; - KCN Đồng Văn II: 222 ha").
            after, *listed_after = LIST_ITEM_RE.split(text[f.end:min([g.start for g in items if g.start > f.start],
                                                                      default=len(text))])
            label = text[max([0, *(m.end() for m in _ITEM_BREAK_RE.finditer(text, 0, f.start)
                                    if m.group() != ":")]):f.start]
            return bool(re.search(r":(?!\s*$)", after) or listed_after and after.rstrip().endswith(":")
                        or lexicon.pattern("part_references").search(fold(after))
                        or re.match(totals, label.strip().lower()))  # with marks: "Công ty" is no "Cộng"

        items = [f for f in items if not total(f)]
        if len(items) < 2:
            continue
        top = max(items, key=lambda f: f.value)
        # The item is its bulleted line ("- Sản phẩm cơ khí: Kim ngạch …; So với cùng kỳ tăng 79,9%"), else
        # what is said since the last break before its figure (a clause), or before the label that a colon
        # ends ("KCN Đồng Văn II: 222 ha").
        at = block.sentence.start + top.start
        line = next((item for item in listed if item.start <= at < item.end), None)
        breaks = [0] + [m.end() for m in _ITEM_BREAK_RE.finditer(text, 0, top.start)]
        start = line.start - block.sentence.start + LIST_ITEM_RE.match(line.text).end() if line else \
            next(b for b in reversed(breaks) if re.search(r"[^\W\d_]", text[b:top.start]) or b == 0)
        start += len(text[start:top.start]) - len(text[start:top.start].lstrip())
        return Extraction([_evidence(block)], answer=text[start:top.end], span=(start, top.end))
    return None


def _marked_pattern(words: list[str]) -> str:
    """Any of ``words`` as a whole word of lower-cased text, compared with their marks."""
    return rf"(?<!\w)(?:{'|'.join(re.escape(w.lower()) for w in sorted(words, key=len, reverse=True))})(?!\w)"



def _with_items(candidate: _Candidate) -> tuple[_Candidate, list[Sentence]]:
    """A sentence that introduces a list ("Sáu tổ chức này gồm:"), or the sentence just before that one,
    read together with the list's items (each item is a sentence of its own: "- Hagar International (Thụy Sỹ);"),
    and those items."""
    chunk, sentence = candidate.hit.chunk, candidate.sentence
    if sentence not in chunk.sentences:
        return candidate, []
    i = chunk.sentences.index(sentence)
    colon = i if sentence.text.rstrip().endswith(":") else i + 1
    if colon >= len(chunk.sentences) or not chunk.sentences[colon].text.rstrip().endswith(":"):
        return candidate, []
    last = colon
    while last + 1 < len(chunk.sentences) and LIST_ITEM_RE.match(chunk.sentences[last + 1].text):
        last += 1
    if last == colon:
        return candidate, []
    start, end = sentence.start, chunk.sentences[last].end
    block = Sentence(chunk.text[start - chunk.start:end - chunk.start], start, end)
    return replace(candidate, sentence=block), list(chunk.sentences[colon + 1:last + 1])


def _list_intro(sentences: Sequence[Sentence], i: int) -> list[Sentence]:
    """The sentences introducing the bulleted list sentence ``i`` is an item of ("… 6 nhóm hàng xuất khẩu tăng
    trưởng. Cụ thể:"), else none."""
    if not i or not (LIST_ITEM_RE.match(sentences[i].text) or sentences[i - 1].text.rstrip().endswith(":")):
        return []
    j = i - 1
    while j > 0 and LIST_ITEM_RE.match(sentences[j].text):
        j -= 1
    return list(sentences[max(0, j - 1):j + 1]) if sentences[j].text.rstrip().endswith(":") else []


def _intro_of(candidate: _Candidate) -> _Candidate:
    """The sentence introducing the list an item belongs to ("Tổng diện tích … cụ thể:" for "- KCN Đồng Văn II:
    222 ha;"), else the candidate itself."""
    sentences, sentence = candidate.hit.chunk.sentences, candidate.sentence
    if sentence not in sentences or not LIST_ITEM_RE.match(sentence.text):
        return candidate
    i = sentences.index(sentence)
    while i > 0 and LIST_ITEM_RE.match(sentences[i].text):
        i -= 1
    return replace(candidate, sentence=sentences[i]) if sentences[i].text.rstrip().endswith(":") else candidate


def _places_within(span: tuple[int, int, str, str], lexicon: Lexicon) -> list[tuple[int, int, str, str]]:
    """The place that ends an organisation's name: "Ủy ban Chính quyền tỉnh Salavan" → "tỉnh Salavan"."""
    a, _, name, _ = span
    heads = "|".join(map(re.escape, sorted(lexicon.words("place_heads"), key=len, reverse=True)))
    m = re.search(rf"(?<!\w)(?:{heads})\s+[A-ZĐÀ-Ỹ]\w*(?:\s+[A-ZĐÀ-Ỹ]\w*)*$", name)
    return [(a + m.start(), a + m.end(), m.group(0), "place")] if m else []


# -- passages --------------------------------------------------------------------------------
def _passage_answer(query: Query, candidates: list[_Candidate], lexicon: Lexicon) -> Extraction | None:
    """The sentences most about the question, from the article of the best one, as many as the kind takes,
    in the article's order; never a photo caption. Sentences that state figures come first among near
    equals; for a summary (``Kind.results``), which is made of its results, they come first outright."""
    kind = KINDS[query.kind]
    said = [c for c in candidates if not lexicon.caption.search(c.sentence.text)]
    if not said:
        return None
    article = said[0].hit.chunk.article_id
    same = [c for c in said if c.hit.chunk.article_id == article]
    # A year or a span of time ("7 tháng đầu năm") dates a result rather than states one.
    results = {id(c): min(3, sum(not _dates(f, lexicon) for f in find_figures(c.sentence.text, lexicon)))
               for c in same}

    # A list is answered by a sentence that enumerates ("… các tuyến tham quan Chùa Long Sơn, Tháp Bà Ponagar, Nhà
    # thờ Đá, Chợ Đầm"): its items count like results.
    enumerated = {id(c): min(3, len(re.findall(r"[,;]\s", c.sentence.text))) if query.kind == "list" else 0
                  for c in same}

    def worth(c: _Candidate) -> float:
        return c.score + 0.25 * results[id(c)] + ENUMERATED * enumerated[id(c)]

    best = sorted(same, key=worth, reverse=True)
    if kind.results:
        # Results of the years asked (not of earlier years the article recalls; a year's months are
        # its results too), not far below the best.
        stated = [c for c in best if results[id(c)] and c.score >= same[0].score - RESULT_DROP
                  and mismatch(query.period, c.period) != "year"]
        # …and of the very months asked before those of one month in them ("Riêng tháng 11, …").
        stated.sort(key=lambda c: mismatch(query.period, c.period) is not None)
        chosen = _new_results(stated, lexicon)[:kind.passages] or best[:1]
    else:
        chosen = [c for c in best[:kind.passages] if worth(c) >= worth(best[0]) - 0.8]
    chosen = list({c.sentence.start: c for c in chosen}.values())
    chosen.sort(key=lambda c: (c.hit.chunk.article_id, c.sentence.start))
    evidence = [e for c in chosen for e in [_evidence(c), *(_change_after(c, lexicon) if kind.results else [])]]
    evidence = list({(e.chunk.article_id, e.sentence.start): e for e in evidence}.values())
    return Extraction(evidence, span=(0, len(chosen[0].sentence.text)))


def _new_results(candidates: list[_Candidate], lexicon: Lexicon) -> list[_Candidate]:
    """The candidates in order, less those whose every figure one before has already stated: the lead's
    "Khoảng 101.000 lượt khách …" restated in the body says no more."""
    kept, stated = [], set()
    for candidate in candidates:
        numbers = {f.number for f in find_figures(candidate.sentence.text, lexicon) if not _dates(f, lexicon)}
        if not numbers <= stated:
            kept.append(candidate)
            stated |= numbers
    return kept


def _change_after(candidate: _Candidate, lexicon: Lexicon) -> list[Evidence]:
    """The next sentence when it only states how the result before changed ("Con số này cao hơn 34,7% so
    với cùng kỳ"): a result is quoted with its change, which says nothing read alone."""
    sentences = candidate.hit.chunk.sentences
    if candidate.sentence not in sentences[:-1]:
        return []  # the chunk's last sentence (or one of the sentences before the chunk)
    following = sentences[sentences.index(candidate.sentence) + 1]
    figures = [f for f in find_figures(following.text, lexicon) if not _dates(f, lexicon)]
    if figures and all(f.kind == "percent" for f in figures) \
            and lexicon.pattern("back_references").match(lexicon.expand_abbreviations(following.text)):
        return [Evidence(candidate.hit.chunk, following, candidate.hit.score)]
    return []
