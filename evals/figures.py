"""Every figure in the cleaned articles, as a reviewable table (``evals/figures.jsonl``).

Run ``python -m evals.figures`` to regenerate it after changing the articles or the
extractor; the file is committed so a change in what is extracted shows up in review.
Each row: the value as written, its number, normalised value and unit, its kind, the
period the sentence gives it (a year, a range, "10 tháng qua"…), the sentence, the
article and province. Years are dates, not figures, and are left out.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from assistant.chunk import split_sentences
from assistant.ingest import Article, load_articles
from assistant.numbers import find_figures
from assistant.settings import Settings

FIGURES_FILE = Path(__file__).resolve().parent / "figures.jsonl"
PERIOD_RE = re.compile(
    r"(?:nhiệm kỳ|giai đoạn|trong)?\s*\(?\b(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d\b\)?|"
    r"\b(?:năm|tháng \d{1,2}/)\s*(?:19|20)\d\d\b|\b\d{1,2} tháng (?:qua|đầu năm)\b|\bnăm nay\b|\bđến nay\b|"
    r"\b(?:19|20)\d\d\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FigureRow:
    id: str
    doc: str
    province: str
    text: str  # as written: "1.217,78 triệu USD"
    number: str  # "1.217,78"
    value: float  # normalised: 1217780000.0
    unit: str  # folded unit words: "trieu usd"
    kind: str  # count | money | percent | weight
    period: str | None  # "năm 2021", "2017-2019", "10 tháng qua", or None
    sentence: str
    sentence_start: int  # offset of the sentence in the cleaned article
    start: int  # offset of the figure as written in the cleaned article


def figures_of(article: Article) -> list[FigureRow]:
    rows: list[FigureRow] = []
    sentences = split_sentences(article)
    for i, sentence in enumerate(sentences):
        period = _period(sentence.text) or next(
            (p for s in reversed(sentences[max(0, i - 2):i]) if (p := _period(s.text))), None)
        for figure in find_figures(sentence.text):
            if figure.kind == "year":
                continue
            rows.append(FigureRow(
                id=f"{article.id}#{len(rows) + 1}", doc=article.id, province=article.province or "",
                text=figure.text, number=figure.number, value=figure.value, unit=figure.unit, kind=figure.kind,
                period=period, sentence=sentence.text, sentence_start=sentence.start,
                start=sentence.start + figure.start,
            ))
    return rows


def _period(sentence: str) -> str | None:
    match = PERIOD_RE.search(sentence)
    return match.group(0).strip(" ()") if match else None


def all_figures(seeds_dir: Path) -> list[FigureRow]:
    articles, _ = load_articles(seeds_dir)
    return [row for article in articles for row in figures_of(article)]


def load(path: Path = FIGURES_FILE) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def main() -> int:
    rows = all_figures(Settings().seeds_dir)
    with FIGURES_FILE.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(asdict(row), ensure_ascii=False) + "\n")
    by_doc: dict[str, int] = {}
    for row in rows:
        by_doc[row.doc] = by_doc.get(row.doc, 0) + 1
    print(f"{len(rows)} figures written to {FIGURES_FILE}: {by_doc}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
