"""The figures of the seed articles as a committed, reviewable table (``evals/figures.jsonl``).

Run ``python -m evals.figures`` to regenerate it after changing the articles or the
extractor; the file is committed so a change in what is extracted shows up in review.
The rows are ``assistant.figures.FigureRow``s (value as written, number, normalised value,
unit, kind, period, sentence, offsets, article, province).
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

from assistant.figures import article_figures
from assistant.ingest import load_articles
from assistant.lexicon import default_lexicon
from assistant.settings import Settings

FIGURES_FILE = Path(__file__).resolve().parent / "figures.jsonl"


def all_figures(seeds_dir: Path) -> list:
    articles, _ = load_articles(seeds_dir)
    return [row for article in articles for row in article_figures(article, default_lexicon())]


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
