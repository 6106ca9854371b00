"""Index: chunk vectors in Chroma, plus a BM25 index over the same chunks.

The index is versioned, so a reader never sees half an index. Each sync writes a new
collection ``<name>.v<milliseconds>`` (and ``….articles`` for the cleaned articles) and marks
it complete in its metadata only after the last write; readers open the newest complete
version. A killed indexer leaves an incomplete version that nobody reads and that the next
sync deletes. Writers take a lock file, so two indexers never interleave. Unchanged chunks
(their id is a hash of what they hold) are copied with their vectors into the new version,
never re-embedded.

The same code runs against Chroma's embedded store (``store/chroma``) or a Chroma server
(``chroma_url``). BM25 is built in memory from token lists kept in each chunk's metadata
when a version is loaded: nothing is rebuilt per query, and app replicas need nothing but
the Chroma server.
"""

from __future__ import annotations

import fcntl
import json
import logging
import math
import os
import shutil
import threading
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from urllib.parse import urlparse

import numpy as np

from .chunk import Chunk, Sentence, chunk_article
from .embed import Embedder
from .ingest import Article
from .settings import Settings
from .text import lexical_tokens

EMBED_BATCH = 16
COPY_BATCH = 1000
REFRESH_EVERY_S = 5.0  # how often a reader looks for a newer version written by another process
ARTICLE_FIELDS = ("title", "province", "outlet", "date", "author", "source")


class StoreError(RuntimeError):
    pass


@dataclass
class SyncReport:
    articles: int
    added: int
    removed: int
    unchanged: int
    version: str = ""

    def __str__(self) -> str:
        switched = f"; now serving {self.version}" if self.version else "; nothing changed"
        return (f"{self.articles} articles: {self.added} chunks embedded, {self.removed} removed, "
                f"{self.unchanged} unchanged{switched}")


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


def open_client(settings: Settings):
    import chromadb

    options = chromadb.Settings(anonymized_telemetry=False)
    try:
        if settings.chroma_url:
            url = urlparse(settings.chroma_url)
            return chromadb.HttpClient(host=url.hostname, port=url.port or 8000, ssl=url.scheme == "https",
                                       settings=options)
        Path(settings.store_dir).mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(Path(settings.store_dir) / "chroma"), settings=options)
    except Exception as err:  # chroma raises several types for a damaged folder or an unreachable server
        _forget_chroma_clients()
        if settings.chroma_url:
            raise StoreError(f"cannot reach the Chroma server at {settings.chroma_url}: {err}. "
                             "Is `chroma run` up, and ASSISTANT_CHROMA_URL right?") from err
        raise StoreError(f"cannot open the store at {settings.store_dir}: {err}. "
                         "Run `assistant index --rebuild` to recreate it.") from err


_held = threading.local()  # the lock files the current thread holds


@contextmanager
def index_lock(settings: Settings) -> Iterator[None]:
    """Held while an index version is written: a second indexer (another process or thread) is
    refused, not interleaved. Re-entrant in the holding thread: ``Assistant.index`` takes it
    before loading the models, ``Store.sync`` takes it again. The kernel drops the lock when its
    process dies, so a killed indexer never blocks the next one."""
    path = (Path(settings.store_dir) / "index.lock").resolve()
    mine = _held.__dict__.setdefault("paths", set())
    if path in mine:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            raise StoreError(f"another indexer ({handle.read().strip() or 'unknown process'}) is writing the index; "
                             "wait for it to finish, then try again") from None
        handle.truncate(0)
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        mine.add(path)
        try:
            yield
        finally:
            mine.discard(path)
            handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)


class Store:
    """The newest complete index version: its chunks, cleaned articles, vectors (in Chroma) and BM25."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._client = open_client(settings)
        self._switching = threading.RLock()  # one thread loads a new version; sync holds it while it writes
        try:
            self._load(self._newest_complete())
        except Exception as err:
            _forget_chroma_clients()
            raise StoreError(f"cannot read the index at {settings.chroma_url or settings.store_dir}: {err}. "
                             "Run `assistant index --rebuild` to recreate it.") from err

    # -- versions ------------------------------------------------------------------------
    def _versions(self) -> list:
        """Chunk collections of our embedder, oldest first."""
        prefix = f"{self.settings.collection_name}.v"
        ours = [c for c in self._client.list_collections()
                if c.name.startswith(prefix) and c.name[len(prefix):].isdigit()]
        return sorted(ours, key=lambda c: int(c.name[len(prefix):]))

    def _newest_complete(self):
        complete = [c for c in self._versions() if (c.metadata or {}).get("complete")]
        return complete[-1] if complete else None

    def refresh(self, force: bool = False) -> bool:
        """Switch to a newer version written by another process or store (checked every few seconds,
        or now when ``force``)."""
        with self._switching:
            if not force and time.monotonic() - self._checked_at < REFRESH_EVERY_S:
                return False
            self._checked_at = time.monotonic()
            newest = self._newest_complete()
            if newest is None or newest.name == self.version:
                return False
            self._load(newest)
            return True

    # -- reading -------------------------------------------------------------------------
    def _load(self, collection) -> None:
        """Read a version into new objects, then swap them in: a thread answering meanwhile keeps
        reading the version it started with."""
        from bm25s import BM25

        chunks: dict[str, Chunk] = {}
        articles: dict[str, ArticleInfo] = {}
        bm25, bm25_ids, tokens = None, [], []
        sentences = None
        if collection is not None:
            rows = collection.get(include=["documents", "metadatas"])
            for chunk_id, text, meta in zip(rows["ids"], rows["documents"], rows["metadatas"]):
                chunks[chunk_id] = _chunk_from_record(chunk_id, text, meta)
                tokens.append(meta["tokens"].split(" "))
            records = self._client.get_collection(f"{collection.name}.articles", embedding_function=None).get(
                include=["documents", "metadatas"])
            for article_id, text, meta in zip(records["ids"], records["documents"], records["metadatas"]):
                articles[article_id] = ArticleInfo(article_id, text=text, **{f: meta[f] for f in ARTICLE_FIELDS})
            if tokens:
                logging.getLogger("bm25s").setLevel(logging.WARNING)  # bm25s logs every build at DEBUG
                bm25, bm25_ids = BM25(), rows["ids"]
                bm25.index(tokens, show_progress=False)
            sentences = self._sentence_collection(collection.name)
        ordered = sorted(chunks.values(), key=lambda c: (c.article_id, c.start))
        self._previous = {b.id: a for a, b in zip(ordered, ordered[1:]) if a.article_id == b.article_id}
        self._document_frequency = Counter(t for chunk_tokens in tokens for t in set(chunk_tokens))
        self.provinces = {c.province for c in chunks.values()}
        self._bm25, self._bm25_ids = bm25, bm25_ids
        self.chunks, self.articles = chunks, articles
        self._collection, self._sentences = collection, sentences
        self.version = collection.name if collection is not None else ""
        self._checked_at = time.monotonic()

    def _sentence_collection(self, version: str):
        from chromadb.errors import NotFoundError

        try:
            return self._client.get_collection(f"{version}.sentences", embedding_function=None)
        except NotFoundError:  # written by a release that kept no sentence vectors: the next sync adds them
            return None

    def sentence_vectors(self, keys: list[str]) -> dict[str, np.ndarray]:
        """The stored vectors of these sentences (keys from ``sentence_key``), by key."""
        if self._sentences is None or not keys:
            return {}
        rows = self._sentences.get(ids=keys, include=["embeddings"])
        return {key: np.asarray(vector, dtype=np.float32) for key, vector in zip(rows["ids"], rows["embeddings"])}

    def idf(self, word: str) -> float:
        """Inverse document frequency of a folded syllable over the chunks (0 when no chunk has it):
        how much finding it in a sentence tells."""
        df = self._document_frequency.get(word, 0)
        return math.log(1 + len(self.chunks) / df) if df else 0.0

    def article_chunks(self, article_id: str) -> list[Chunk]:
        """The chunks of one article, in its order."""
        return sorted((c for c in self.chunks.values() if c.article_id == article_id), key=lambda c: c.start)

    def sentences_before(self, chunk: Chunk, n: int) -> tuple[Sentence, ...]:
        """The last ``n`` sentences of the article before ``chunk`` (context such as the year)."""
        sentences: tuple[Sentence, ...] = ()
        previous = self._previous.get(chunk.id)
        while previous and len(sentences) < n:
            sentences = previous.sentences + sentences
            previous = self._previous.get(previous.id)
        return sentences[-n:] if n else ()

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
        """Delete every version, even of a store too damaged to open (``index --rebuild``)."""
        if settings.chroma_url:
            client = open_client(settings)
            for collection in client.list_collections():
                if collection.name.startswith(f"{settings.collection_name}.v"):
                    client.delete_collection(collection.name)
            return
        _forget_chroma_clients()
        shutil.rmtree(Path(settings.store_dir) / "chroma", ignore_errors=True)

    def sync(self, articles: list[Article], embedder: Embedder, progress=print, reuse: bool = True) -> SyncReport:
        """Write a new version holding exactly ``articles`` and switch to it once it is complete.
        ``reuse=False`` re-embeds every chunk (``index --rebuild``)."""
        with index_lock(self.settings):
            self.refresh(force=True)  # build on the newest version, whoever wrote it
            wanted = {c.id: c for a in articles for c in chunk_article(a, self.settings.chunk_chars)}
            kept = [cid for cid in wanted if cid in self.chunks] if reuse else []
            new_ids = [cid for cid in wanted if cid not in kept]
            stale = [cid for cid in self.chunks if cid not in wanted]
            same_articles = {a.id: _article_record(a) for a in articles} == {
                a.id: _article_record(a) for a in self.articles.values()}
            self._delete_incomplete()
            if reuse and not new_ids and not stale and same_articles and self._sentences is not None:
                return SyncReport(len(articles), 0, 0, len(kept))
            version = f"{self.settings.collection_name}.v{time.time_ns() // 1_000_000}"
            target = self._client.create_collection(version, embedding_function=None, metadata={"complete": False},
                                                    configuration={"hnsw": {"space": "cosine"}})
            for start in range(0, len(kept), COPY_BATCH):
                rows = self._collection.get(ids=kept[start:start + COPY_BATCH],
                                            include=["embeddings", "documents", "metadatas"])
                target.add(ids=rows["ids"], embeddings=rows["embeddings"], documents=rows["documents"],
                           metadatas=rows["metadatas"])
            for start in range(0, len(new_ids), EMBED_BATCH):
                batch = [wanted[cid] for cid in new_ids[start:start + EMBED_BATCH]]
                progress(f"Embedding chunks {start + len(batch)}/{len(new_ids)}")
                vectors = embedder.embed_passages([c.text for c in batch], [c.title for c in batch])
                target.add(ids=[c.id for c in batch], embeddings=[v.tolist() for v in vectors],
                           documents=[c.text for c in batch], metadatas=[_chunk_record(c) for c in batch])
            self._write_sentences(version, [wanted[cid] for cid in wanted], embedder, progress, reuse)
            self._write_articles(version, articles)
            target.modify(metadata={"complete": True, "articles": len(articles), "chunks": len(wanted)})
            self._load(target)
            self._delete_old_versions()
            return SyncReport(len(articles), len(new_ids), len(stale), len(kept), version)

    def _write_sentences(self, version: str, chunks: list[Chunk], embedder: Embedder, progress, reuse: bool) -> None:
        target = self._client.create_collection(f"{version}.sentences", embedding_function=None,
                                                configuration={"hnsw": {"space": "cosine"}})
        wanted = {sentence_key(c, s): (c, s) for c in chunks for s in c.sentences}
        copied: set[str] = set()
        if reuse and self._sentences is not None:
            ids = list(wanted)
            for start in range(0, len(ids), COPY_BATCH):
                rows = self._sentences.get(ids=ids[start:start + COPY_BATCH], include=["embeddings"])
                if rows["ids"]:
                    target.add(ids=rows["ids"], embeddings=rows["embeddings"])
                    copied.update(rows["ids"])
        missing = [key for key in wanted if key not in copied]
        for start in range(0, len(missing), EMBED_BATCH):
            batch = missing[start:start + EMBED_BATCH]
            progress(f"Embedding sentences {start + len(batch)}/{len(missing)}")
            vectors = embedder.embed_passages([wanted[k][1].text for k in batch], [wanted[k][0].title for k in batch])
            target.add(ids=batch, embeddings=[v.tolist() for v in vectors])

    def _write_articles(self, version: str, articles: list[Article]) -> None:
        collection = self._client.create_collection(f"{version}.articles", embedding_function=None)
        records = [_article_record(a) for a in articles]
        if records:
            # Chroma stores records with vectors; articles are looked up by id only, so theirs are a placeholder.
            collection.add(ids=[r.pop("id") for r in records], documents=[r.pop("text") for r in records],
                           metadatas=records, embeddings=[[0.0]] * len(records))

    def _drop(self, name: str) -> None:
        for collection_name in (name, f"{name}.articles", f"{name}.sentences"):
            try:
                self._client.delete_collection(collection_name)
            except Exception:  # already gone (a version killed before its articles were written)
                pass

    def _delete_incomplete(self) -> None:
        # Called under the lock: an incomplete version is what a killed indexer left behind.
        for collection in self._versions():
            if not (collection.metadata or {}).get("complete"):
                self._drop(collection.name)

    def _delete_old_versions(self) -> None:
        # Keep the previous version too: a replica that has not refreshed yet is still reading it.
        complete = [c for c in self._versions() if (c.metadata or {}).get("complete")]
        for collection in complete[:-2]:
            self._drop(collection.name)


def _forget_chroma_clients() -> None:
    # Chroma caches one client per path and process, a broken one too: drop the cache so the
    # next open reads the folder afresh.
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()


def sentence_key(chunk: Chunk, sentence: Sentence) -> str:
    # By the chunk's id (a hash of its text) and the offset in it: stable while the chunk is unchanged.
    return f"{chunk.id}+{sentence.start - chunk.start}"


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


def _article_record(article: Article | ArticleInfo) -> dict:
    return {"id": article.id, "title": article.title, "province": article.province or "",
            "outlet": article.outlet or "", "date": article.date or "", "author": article.author or "",
            "source": article.source, "text": article.text}
