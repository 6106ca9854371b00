"""Scale-out on existing engines: a real Chroma server (`chroma run`) and a real llama.cpp server
(`python -m llama_cpp.server`), each started on loopback, answering through the assistant."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from assistant.generate import ServerGenerator, model_path
from assistant.pipeline import Assistant
from conftest import BAC_GIANG, HA_GIANG
from assistant.runner import free_loopback_port as free_port
from evals.load import stop

pytestmark = pytest.mark.slow


@contextmanager
def running(command: list[str], ready_url: str, timeout: float = 120):
    log = tempfile.TemporaryFile()  # not a pipe: a chatty server would fill it and block
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"{command[0]} exited: {log.read().decode()[-2000:]}")
            try:
                if httpx.get(ready_url, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{command} did not start in time")
            time.sleep(0.5)
        yield
    finally:
        stop(process)
        log.close()


def test_the_assistant_indexes_into_and_answers_from_a_chroma_server(tmp_path, assistant):
    port = free_port()
    chroma = str(Path(sys.executable).parent / "chroma")
    with running([chroma, "run", "--path", str(tmp_path / "chroma-server"), "--host", "127.0.0.1", "--port", str(port)],
                 f"http://127.0.0.1:{port}/api/v2/heartbeat"):
        settings = assistant.settings.model_copy(update={"chroma_url": f"http://127.0.0.1:{port}",
                                                         "store_dir": tmp_path / "replica-1"})
        indexer = Assistant(settings, embedder=assistant.embedder, generator=assistant.generator,
                            progress=lambda m: None)
        report = indexer.index()
        assert report.added > 0 and not (tmp_path / "replica-1" / "chroma").exists()
        # A second replica with no local store answers from the same server.
        replica = Assistant(settings.model_copy(update={"store_dir": tmp_path / "replica-2"}),
                            embedder=assistant.embedder, generator=assistant.generator, progress=lambda m: None)
        answer = replica.ask("Năm 2022 Hà Giang ký mới bao nhiêu thỏa thuận quốc tế?")
        assert "12 thỏa thuận" in answer.text and answer.citations[0].doc == HA_GIANG
        assert replica.store.version == report.version


def test_the_assistant_answers_through_a_llama_cpp_server(assistant):
    port = free_port()
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(model_path(assistant.settings)),
               "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "2048",
               "--n_threads", str(assistant.settings.n_threads)]
    with running(command, f"http://127.0.0.1:{port}/v1/models"):
        settings = assistant.settings.model_copy(update={"llm_url": f"http://127.0.0.1:{port}/v1"})
        bot = Assistant(settings, store=assistant.store, embedder=assistant.embedder, progress=lambda m: None)
        parts = list(bot.stream("Bắc Giang hiện có bao nhiêu dự án FDI?"))
        assert isinstance(bot.generator, ServerGenerator)
        tokens, answer = [p for p in parts if isinstance(p, str)], parts[-1]
        assert tokens and "484" in "".join(tokens)  # the phrasing came from the server
        assert "484 dự án FDI" in answer.text and answer.citations[0].doc == BAC_GIANG
        assert bot.generator.count_tokens([{"role": "user", "content": "Bắc Giang"}]) > 0


def test_an_unreachable_llm_server_still_gets_the_checked_extractive_answer(assistant, caplog):
    settings = assistant.settings.model_copy(update={"llm_url": f"http://127.0.0.1:{free_port()}/v1"})
    bot = Assistant(settings, store=assistant.store, embedder=assistant.embedder, progress=lambda m: None)
    answer = bot.ask("Bắc Giang hiện có bao nhiêu dự án FDI?")
    assert answer.text.startswith("484 dự án FDI [1]") and answer.citations[0].doc == BAC_GIANG
    assert "LLM server" in caplog.text
