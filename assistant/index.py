"""Index: a persistent Chroma collection of chunk vectors plus a BM25 index over the same chunks.

Both live under ``store_dir``. Syncing is incremental: a chunk's id is a hash of what it
holds, so unchanged chunks are neither re-embedded nor rewritten, edited articles get new
chunks and lose their old ones, removed articles disappear. The BM25 index is rebuilt
from token lists kept in each chunk's metadata (cheap: no re-segmentation) and saved
beside the Chroma files, so queries never rebuild anything.
"""

from __future__ import annotations

import json
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .chunk import Chunk, Sentence, chunk_article
from .embed import Embedder
from .ingest import Article
from .settings import Settings
from .text import lexical_tokens

EMBED_BATCH = 16


def _bm25s():
    import bm25s

    logging.getLogger("bm25s").setLevel(logging.WARNING)  # bm25s sets DEBUG on import and logs every build
    return bm25s


class StoreError(RuntimeError):
    pass


@dataclass
class SyncReport:
    articles: int
    added: int
    removed: int
    unchanged: int

    def __str__(self) -> str:
        return (f"{self.articles} articles: {self.added} chunks embedded, {self.removed} removed, "
                f"{self.unchanged} unchanged")


@dataclass(frozen=True)
class ArticleInfo:
    id: str
    title: str
    province: str
    outlet: str
    date: str
    author: str
    source: str
    text: str


class Store:
    def __init__(self, settings: Settings):
        import chromadb

        self.settings = settings
        self.root = Path(settings.store_dir)
        self.root.mkdir(parents=True, exist_ok=True)
        try:
            self._client = chromadb.PersistentClient(
                path=str(self.root / "chroma"), settings=chromadb.Settings(anonymized_telemetry=False)
            )
            self._collection = self._open_collection()
        except Exception as err:  # chroma raises several types for a damaged folder
            _forget_chroma_clients()
            raise StoreError(f"cannot open the store at {self.root}: {err}. "
                             "Run `assistant index --rebuild` to recreate it.") from err
        self._lexical_dir = self.root / "lexical" / settings.collection_name
        self._articles_file = self.root / f"articles-{settings.collection_name}.json"
        self._load()

    def _open_collection(self):
        # embedding_function=None: vectors always come from our embedder, never Chroma's default.
        return self._client.get_or_create_collection(
            self.settings.collection_name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
        )

    # -- reading -------------------------------------------------------------------------
    def _load(self) -> None:
        rows = self._collection.get(include=["documents", "metadatas"])
        self.chunks: dict[str, Chunk] = {}
        self._tokens: dict[str, list[str]] = {}
        for chunk_id, text, meta in zip(rows["ids"], rows["documents"], rows["metadatas"]):
            self.chunks[chunk_id] = _chunk_from_record(chunk_id, text, meta)
            self._tokens[chunk_id] = meta["tokens"].split(" ")
        self.provinces = {c.province for c in self.chunks.values()}
        ordered = sorted(self.chunks.values(), key=lambda c: (c.article_id, c.start))
        self._previous = {b.id: a for a, b in zip(ordered, ordered[1:]) if a.article_id == b.article_id}
        self.articles: dict[str, ArticleInfo] = {}
        if self._articles_file.exists():
            self.articles = {a["id"]: ArticleInfo(**a) for a in json.loads(self._articles_file.read_text("utf-8"))}
        self._bm25, self._bm25_ids = None, []
        if (self._lexical_dir / "ids.json").exists():
            self._bm25 = _bm25s().BM25.load(str(self._lexical_dir), show_progress=False)
            self._bm25_ids = json.loads((self._lexical_dir / "ids.json").read_text("utf-8"))
            if set(self._bm25_ids) != set(self.chunks):
                raise StoreError("the lexical index does not match the vector store; run `assistant index --rebuild`")

    def sentences_before(self, chunk: Chunk, n: int) -> tuple[Sentence, ...]:
        """The last ``n`` sentences of the article before ``chunk`` (context such as the year)."""
        previous = self._previous.get(chunk.id)
        return previous.sentences[-n:] if previous else ()

    @property
    def is_empty(self) -> bool:
        return not self.chunks

    def dense_search(self, query_vector: np.ndarray, n: int) -> list[tuple[str, float]]:
        if self.is_empty:
            return []
        result = self._collection.query(query_embeddings=[query_vector.tolist()], n_results=min(n, len(self.chunks)),
                                        include=["distances"])
        return [(cid, 1.0 - dist) for cid, dist in zip(result["ids"][0], result["distances"][0])]

    def lexical_search(self, tokens: list[str], n: int) -> list[tuple[str, float]]:
        if self._bm25 is None:
            return []
        known = [t for t in tokens if t in self._bm25.vocab_dict]
        if not known:
            return []
        docs, scores = self._bm25.retrieve([known], k=min(n, len(self._bm25_ids)), show_progress=False)
        return [(self._bm25_ids[d], float(s)) for d, s in zip(docs[0], scores[0]) if s > 0]

    # -- writing -------------------------------------------------------------------------
    @staticmethod
    def wipe(settings: Settings) -> None:
        """Delete the whole store, even one too damaged to open (``index --rebuild``)."""
        root = Path(settings.store_dir)
        _forget_chroma_clients()
        for folder in ("chroma", "lexical"):
            shutil.rmtree(root / folder, ignore_errors=True)
        for records in root.glob("articles-*.json"):
            records.unlink()

    def sync(self, articles: list[Article], embedder: Embedder, progress=print) -> SyncReport:
        wanted = {c.id: c for a in articles for c in chunk_article(a, self.settings.chunk_chars)}
        new_ids = [cid for cid in wanted if cid not in self.chunks]
        stale_ids = [cid for cid in self.chunks if cid not in wanted]
        for start in range(0, len(new_ids), EMBED_BATCH):
            batch = [wanted[cid] for cid in new_ids[start:start + EMBED_BATCH]]
            progress(f"Embedding chunks {start + len(batch)}/{len(new_ids)}")
            vectors = embedder.embed_passages([c.text for c in batch], [c.title for c in batch])
            self._collection.upsert(
                ids=[c.id for c in batch],
                embeddings=[v.tolist() for v in vectors],
                documents=[c.text for c in batch],
                metadatas=[_chunk_record(c) for c in batch],
            )
        if stale_ids:
            self._collection.delete(ids=stale_ids)
        self._articles_file.write_text(json.dumps([_article_record(a) for a in articles], ensure_ascii=False), "utf-8")
        self._write_lexical()
        self._load()
        return SyncReport(len(articles), len(new_ids), len(stale_ids), len(wanted) - len(new_ids))

    def _write_lexical(self) -> None:
        rows = self._collection.get(include=["metadatas"])
        shutil.rmtree(self._lexical_dir, ignore_errors=True)
        if not rows["ids"]:
            return
        bm25 = _bm25s().BM25()
        bm25.index([m["tokens"].split(" ") for m in rows["metadatas"]], show_progress=False)
        bm25.save(str(self._lexical_dir), show_progress=False)
        (self._lexical_dir / "ids.json").write_text(json.dumps(rows["ids"]), "utf-8")


def _forget_chroma_clients() -> None:
    # Chroma caches one client per path and process, a broken one too: drop the cache so the
    # next open reads the folder afresh.
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()


def _chunk_record(chunk: Chunk) -> dict:
    return {
        "article_id": chunk.article_id,
        "title": chunk.title,
        "province": chunk.province,
        "start": chunk.start,
        "end": chunk.end,
        "sentences": json.dumps([[s.start, s.end] for s in chunk.sentences]),
        "tokens": " ".join(lexical_tokens(f"{chunk.title}. {chunk.text}")),
    }


def _chunk_from_record(chunk_id: str, text: str, meta: dict) -> Chunk:
    start = meta["start"]
    sentences = tuple(Sentence(text[s - start:e - start], s, e) for s, e in json.loads(meta["sentences"]))
    return Chunk(chunk_id, meta["article_id"], meta["title"], meta["province"], text, start, meta["end"], sentences)


def _article_record(article: Article) -> dict:
    return {"id": article.id, "title": article.title, "province": article.province or "",
            "outlet": article.outlet or "", "date": article.date or "", "author": article.author or "",
            "source": article.source, "text": article.text}
