"""Safe re-indexing on a real Chroma store: versions switch only when complete, a killed or failed
indexer leaves the previous version answering, and two indexers never interleave.

The store tests use vectors seeded by the text (the store's behaviour does not depend on what the
vectors mean); the kill test runs the real `assistant index` and the real models.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from assistant.index import Store, StoreError, index_lock, sentence_key
from assistant.ingest import load_articles
from assistant.lexicon import default_lexicon
from assistant.question import analyze
from assistant.retrieve import retrieve
from assistant.settings import Settings
from conftest import HA_GIANG, HUNG_YEN, SEEDS
from evals.bench import RandomEmbedder


class FailingEmbedder(RandomEmbedder):
    """Embeds ``batches`` batches, then fails: an indexer that dies half-way."""

    def __init__(self, batches: int):
        super().__init__(8)
        self.batches = batches

    def embed_passages(self, texts, titles):
        if self.batches == 0:
            raise RuntimeError("embedder died")
        self.batches -= 1
        return super().embed_passages(texts, titles)


@pytest.fixture
def seeded(tmp_path) -> Settings:
    settings = Settings(store_dir=tmp_path / "store", seeds_dir=tmp_path / "seeds")
    settings.seeds_dir.mkdir()
    for doc in (HA_GIANG, HUNG_YEN):
        (settings.seeds_dir / f"{doc}.txt").write_text((SEEDS / f"{doc}.txt").read_text("utf-8"), "utf-8")
    return settings


def articles(settings: Settings):
    return load_articles(settings.seeds_dir)[0]


def test_each_sync_switches_to_a_complete_new_version_and_unchanged_chunks_are_copied(seeded):
    store = Store(seeded)
    first = store.sync(articles(seeded), RandomEmbedder(8), progress=lambda m: None)
    assert first.added > 0 and store.version == first.version
    unchanged = store.sync(articles(seeded), FailingEmbedder(0), progress=lambda m: None)
    assert unchanged.added == 0 and unchanged.version == "" and store.version == first.version

    edited = seeded.seeds_dir / f"{HA_GIANG}.txt"
    edited.write_text(edited.read_text("utf-8").replace("12 thỏa thuận", "13 thỏa thuận"), "utf-8")
    second = store.sync(articles(seeded), RandomEmbedder(8), progress=lambda m: None)
    assert second.version != first.version and second.added == 1 and second.removed == 1
    reopened = Store(seeded)
    assert reopened.version == second.version and len(reopened.chunks) == first.added
    assert set(reopened.articles) == {HA_GIANG, HUNG_YEN}


class RecordingEmbedder(RandomEmbedder):
    def __init__(self):
        super().__init__(8)
        self.embedded: list[str] = []

    def embed_passages(self, texts, titles):
        self.embedded += texts
        return super().embed_passages(texts, titles)


def test_every_sentence_has_its_vector_and_unchanged_ones_are_copied_not_embedded(seeded):
    store = Store(seeded)
    store.sync(articles(seeded), RandomEmbedder(8), progress=lambda m: None)
    keys = [sentence_key(c, s) for c in store.chunks.values() for s in c.sentences]
    assert store.sentence_vectors(keys).keys() == set(keys)

    edited = seeded.seeds_dir / f"{HA_GIANG}.txt"
    edited.write_text(edited.read_text("utf-8").replace("12 thỏa thuận", "13 thỏa thuận"), "utf-8")
    recording = RecordingEmbedder()
    store.sync(articles(seeded), recording, progress=lambda m: None)
    [changed] = [c for c in store.chunks.values() if "13 thỏa thuận" in c.text]
    assert recording.embedded == [changed.text] + [s.text for s in changed.sentences]
    keys = [sentence_key(c, s) for c in store.chunks.values() for s in c.sentences]
    assert store.sentence_vectors(keys).keys() == set(keys)


def test_an_indexer_that_dies_half_way_leaves_the_previous_version_answering(seeded):
    store = Store(seeded)
    good = store.sync(articles(seeded), RandomEmbedder(8), progress=lambda m: None)
    before = dict(store.chunks)
    with pytest.raises(RuntimeError, match="embedder died"):
        store.sync(articles(seeded), FailingEmbedder(1), progress=lambda m: None, reuse=False)
    reopened = Store(seeded)
    assert reopened.version == good.version and reopened.chunks.keys() == before.keys()
    assert len(reopened._versions()) == 2  # the good one and the half-written one nobody reads
    nothing_new = reopened.sync(articles(seeded), RandomEmbedder(8), progress=lambda m: None)
    assert nothing_new.added == 0 and [c.name for c in reopened._versions()] == [good.version]


def test_a_second_indexer_is_refused_while_the_first_holds_the_lock(seeded):
    store = Store(seeded)
    holding, release = threading.Event(), threading.Event()

    def first_indexer():
        with index_lock(seeded):
            holding.set()
            release.wait(30)

    thread = threading.Thread(target=first_indexer)
    thread.start()
    holding.wait(30)
    try:
        with pytest.raises(StoreError, match=r"another indexer \(pid \d+\)"):
            store.sync(articles(seeded), RandomEmbedder(8), progress=lambda m: None)
    finally:
        release.set()
        thread.join()
    assert store.is_empty
    store.sync(articles(seeded), RandomEmbedder(8), progress=lambda m: None)  # free again
    assert not store.is_empty


def test_a_reader_switches_to_a_version_written_by_another_store(seeded):
    reader = Store(seeded)
    Store(seeded).sync(articles(seeded), RandomEmbedder(8), progress=lambda m: None)
    assert not reader.refresh()  # looked less than REFRESH_EVERY_S ago
    assert reader.refresh(force=True) and not reader.is_empty


def test_old_versions_are_pruned_but_the_previous_one_is_kept(seeded):
    store = Store(seeded)
    for _ in range(4):
        store.sync(articles(seeded), RandomEmbedder(8), progress=lambda m: None, reuse=False)
    assert len(store._versions()) == 2


@pytest.mark.slow
def test_killing_the_indexer_mid_way_leaves_the_previous_index_answering(assistant):
    """`assistant index --rebuild` in a subprocess, killed while it embeds: a second indexer meanwhile
    is refused, and afterwards the store still answers from the version it had."""
    settings = assistant.settings
    env = dict(os.environ, ASSISTANT_STORE_DIR=str(settings.store_dir), ASSISTANT_SEEDS_DIR=str(settings.seeds_dir))
    version = Store(settings).version
    indexer = subprocess.Popen([sys.executable, "-m", "assistant.cli", "index", "--rebuild"], env=env,
                               stderr=subprocess.PIPE, text=True)
    try:
        for line in indexer.stderr:
            if line.startswith("Embedding chunks 16/"):
                break
        second = subprocess.run([sys.executable, "-m", "assistant.cli", "index"], env=env, capture_output=True,
                                text=True, timeout=300)
        assert second.returncode != 0 and "another indexer" in second.stderr
        indexer.send_signal(signal.SIGKILL)
    finally:
        indexer.kill()
        indexer.wait()
    time.sleep(0.5)
    after = Store(settings)
    assert after.version == version
    assert len(after._versions()) == 2  # the killed rebuild's half-written version is ignored
    answer = assistant.ask("Năm 2022 Hà Giang ký mới bao nhiêu thỏa thuận quốc tế?")
    assert "12 thỏa thuận" in answer.text and answer.citations[0].doc == HA_GIANG


def test_an_unreachable_chroma_server_is_a_clear_error(tmp_path):
    from assistant.runner import free_loopback_port as free_port

    settings = Settings(store_dir=tmp_path, chroma_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(StoreError, match="cannot reach the Chroma server .* ASSISTANT_CHROMA_URL"):
        Store(settings)


def test_a_summary_reads_the_whole_of_its_best_article_after_the_retrieved_chunks(seeded):
    store = Store(seeded)
    store.sync(articles(seeded), RandomEmbedder(8), progress=lambda m: None)
    query = analyze("Tóm tắt kết quả đối ngoại của Hà Giang năm 2022", default_lexicon())
    vector = RandomEmbedder(8).embed_queries([query.search_text])[0]
    retrieved = retrieve(query, store, vector, candidates=12, top_k=1)
    whole = retrieve(query, store, vector, candidates=12, top_k=1, whole_article=True)
    assert whole[0] == retrieved[0]
    article = store.article_chunks(retrieved[0].chunk.article_id)
    assert len(article) > 1
    assert [h.chunk.id for h in whole[1:]] == [c.id for c in article if c.id != retrieved[0].chunk.id]
    assert all(h.score < whole[0].score for h in whole[1:])
