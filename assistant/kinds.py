"""Question kinds, in one registry: how each is detected, what answers it, how it is worded.

Detection reads the folded question against the cue phrases of the lexicon's ``kinds``
section, in ``DETECTION_ORDER`` (the first that matches wins, so "tăng bao nhiêu phần trăm"
is a percentage before it is a count). The reader answers each kind with one of four
shapes: a figure of given figure kinds, a date, one or several names, or passages.
"""

from __future__ import annotations

from dataclasses import dataclass


UNITLESS = ("count", "rank", "year")  # the figure kinds that are no unit of the lexicon ("measure" takes the others)


@dataclass(frozen=True)
class Kind:
    name: str
    answer: str  # "figure" | "date" | "name" | "names" | "passage"
    figure_kinds: tuple[str, ...] = ()  # Figure.kind values that answer it ("measure": any unit of the lexicon)
    template: str = "figure_answer"  # key in prompts/messages.json for the composed answer (passages: each quoted)
    passages: int = 3  # the most sentences a passage answer quotes
    # A summary's results are spread over its article: read all of the best article, not only the
    # chunks retrieved (which may hold one result each from several articles).
    whole_article: bool = False
    results: bool = False  # made of results: sentences that state figures are quoted first

    def takes(self, figure_kind: str) -> bool:
        return figure_kind in self.figure_kinds or ("measure" in self.figure_kinds and figure_kind not in UNITLESS)


KINDS = {k.name: k for k in (
    Kind("percent", "figure", ("percent",)),
    Kind("money", "figure", ("money",)),
    Kind("weight", "figure", ("weight", "area")),
    Kind("count", "figure", ("count",)),
    # "… đạt bao nhiêu?" (no unit asked), or a measure in the unit asked ("bao nhiêu km")
    Kind("amount", "figure", ("count", "measure")),
    Kind("rank", "figure", ("rank",)),
    Kind("date", "date", template="date_answer"),
    Kind("entity", "name", template="name_answer"),
    Kind("list", "names", template="names_answer"),
    Kind("summary", "passage", template="quote", passages=5, whole_article=True, results=True),
    Kind("other", "passage", template="quote"),
    Kind("multi", "parts"),  # several figures asked at once: one answer part each (extract.Extraction.parts)
)}
# Most specific first. "list" precedes "entity": "Những đối tác nào…" asks for several names. A
# question with an amount cue ("bao nhiêu", "how much") asks for a figure before a name; one
# without asks for names first ("Hai mặt hàng nào chiếm tỷ trọng lớn nhất?").
DETECTION_ORDER = {
    "amount": ("date", "summary", "rank", "percent", "weight", "money", "count", "list", "entity"),
    "names": ("date", "summary", "rank", "list", "entity", "percent", "weight", "money", "count"),
}
