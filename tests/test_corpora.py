"""The CI gate on the generalisation corpora: articles of provinces the seeds do not cover, with
questions written by people who had not read the code (evals/corpora/provinces, …/provinces2 to
…/provinces8, …/provinces10)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.pipeline import Assistant
from evals.evaluate import Corpus, below_baseline, run

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("name, articles", [("provinces", 30), ("provinces2", 10), ("provinces3", 10),
                                            ("provinces4", 10), ("provinces5", 10), ("provinces6", 10),
                                            ("provinces7", 10), ("provinces8", 10), ("provinces10", 10)])
def test_a_generalisation_corpus_stays_at_or_above_its_baseline(assistant, name, articles):
    corpus = Corpus(name)
    bot = Assistant(corpus.settings(assistant.settings), embedder=assistant.embedder,
                    generator=assistant.generator, progress=lambda m: None)
    bot.index()
    assert bot.settings.collection == f"corpus-{name}" and len(bot.store.articles) == articles
    report_dir = Path("tests/artifacts/eval") / name
    summary = run(bot, corpus.questions(), report_dir / "answers.jsonl", report_dir)
    assert below_baseline(summary, corpus.baseline()) == []
    assert summary["grounded_figure_rate"] == 1.0
    assert set(summary["by_split"]) == {"dev", "test"}
