"""Shared fixtures. The slow ones load the real embedder and the real GGUF model once per
session and index the real articles into a temporary Chroma store."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.pipeline import Assistant
from assistant.settings import Settings

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
BAC_GIANG = "002_758ba71a20a2b5c5"
HA_GIANG = "001_6bb18e9a3ba038bf"
HOA_BINH = "000_cf29b15495d44c1e"
HUNG_YEN = "003_e502fe8537f7091f"
THANH_HOA = "004_a07299ca7e59cc6d"


class ScriptedGenerator:
    """A stand-in for the LLM that always writes the same text, to test what the checks do with it."""

    def __init__(self, text: str):
        self.text = text

    def stream(self, messages, max_tokens, grammar=None):
        if grammar:  # asked to choose among numbered options: the scripted model takes the first
            yield "1"
            return
        yield from self.text.split(" ")[:1] + [" " + w for w in self.text.split(" ")[1:]]


@pytest.fixture(scope="session")
def settings(tmp_path_factory) -> Settings:
    return Settings(store_dir=tmp_path_factory.mktemp("store"), seeds_dir=SEEDS)


@pytest.fixture(scope="session")
def assistant(settings) -> Assistant:
    bot = Assistant(settings, progress=lambda message: None)
    bot.index()
    return bot


@pytest.fixture(scope="session")
def scripted(assistant):
    """An assistant sharing the real store and embedder, with a scripted model."""

    def make(text: str) -> Assistant:
        return Assistant(assistant.settings, store=assistant.store, embedder=assistant.embedder,
                         generator=ScriptedGenerator(text), progress=lambda message: None)

    return make
