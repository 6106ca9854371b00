"""The CI gate on the generalisation corpus: 30 articles of provinces the seeds do not cover, with
questions written by people who had not read the code (evals/corpora/provinces)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.pipeline import Assistant
from evals.evaluate import Corpus, below_baseline, run

pytestmark = pytest.mark.slow


def test_the_generalisation_corpus_stays_at_or_above_its_baseline(assistant):
    corpus = Corpus("provinces")
    bot = Assistant(corpus.settings(assistant.settings), embedder=assistant.embedder,
                    generator=assistant.generator, progress=lambda m: None)
    bot.index()
    assert bot.settings.collection == "corpus-provinces" and len(bot.store.articles) == 30
    report_dir = Path("tests/artifacts/eval/provinces")
    summary = run(bot, corpus.questions(), report_dir / "answers.jsonl", report_dir)
    assert below_baseline(summary, corpus.baseline()) == []
    assert summary["grounded_figure_rate"] == 1.0
    assert set(summary["by_split"]) == {"dev", "test"}
