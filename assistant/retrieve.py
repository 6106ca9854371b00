"""Retrieve: hybrid search over the store, dense and lexical, fused by reciprocal rank.

Dense vectors let an English or paraphrased question reach Vietnamese passages; BM25 over
word-segmented and diacritic-folded tokens catches exact names and figures, with or
without diacritics. When the question names provinces the store covers, only those
provinces' chunks are kept.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .chunk import Chunk, Sentence
from .index import Store
from .question import Query
from .text import lexical_tokens

RRF_K = 60  # the constant from Cormack et al.; damps the weight of top ranks


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    score: float  # fused reciprocal-rank score
    before: tuple[Sentence, ...] = ()  # the sentences just before the chunk in its article
    published: str = ""  # the article's date, dd/mm/yyyy: the year of figures it leaves unsaid


def retrieve(query: Query, store: Store, query_vector: np.ndarray, candidates: int, top_k: int,
             context_sentences: int = 8, whole_article: bool = False) -> list[Hit]:
    """The ``top_k`` chunks for ``query``; ``query_vector`` is the embedder's vector of ``query.search_text``.
    ``whole_article``: the best chunk's article's other chunks follow them, in the article's order."""
    wanted = {p for p in query.provinces if p in store.provinces}
    # A province filter shrinks the pool, so ask each retriever for more.
    pool = candidates * 4 if wanted else candidates
    dense = store.dense_search(query_vector, pool)
    lexical = store.lexical_search(list(lexical_tokens(query.search_text)), pool)
    fused: dict[str, float] = {}
    for ranking in (dense, lexical):
        kept = [cid for cid, _ in ranking if not wanted or store.chunks[cid].province in wanted][:candidates]
        for rank, cid in enumerate(kept):
            fused[cid] = fused.get(cid, 0.0) + 1.0 / (RRF_K + rank + 1)
    best = sorted(fused, key=fused.get, reverse=True)[:top_k]
    scores = [fused[cid] for cid in best]
    if whole_article and best:
        rest = [c.id for c in store.article_chunks(store.chunks[best[0]].article_id) if c.id not in best]
        best += rest
        scores += [min(scores) / 2] * len(rest)
    return [Hit(store.chunks[cid], score, store.sentences_before(store.chunks[cid], context_sentences),
                getattr(store.articles.get(store.chunks[cid].article_id), "date", "") or "")
            for cid, score in zip(best, scores)]
