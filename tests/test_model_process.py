"""The model in its own process: a native crash costs one phrasing, never the answer or the service."""

from __future__ import annotations

import os
import signal
import time

import pytest

from assistant.doctor import cpu_features, report, self_check
from assistant.generate import model_path
from assistant.pipeline import Assistant
from assistant.runner import ModelRunner, describe_exit
from conftest import BAC_GIANG

QUESTION = "Bắc Giang hiện có bao nhiêu dự án FDI?"


def test_exit_descriptions_name_the_signal():
    assert describe_exit(-signal.SIGSEGV) == "killed by signal 11 (SIGSEGV)"
    assert describe_exit(-signal.SIGILL) == "killed by signal 4 (SIGILL)"
    assert describe_exit(3) == "exit code 3"


def test_the_self_check_reports_a_model_that_cannot_run(tmp_path, settings):
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + b"\0" * 64)
    problem = self_check(broken, settings)
    assert problem and "one-token check" in problem


@pytest.mark.slow
def test_the_self_check_passes_with_the_portable_build(settings):
    assert self_check(model_path(settings), settings) is None


@pytest.mark.slow
def test_doctor_reports_build_models_and_index(assistant):
    lines = "\n".join(report(assistant.settings))
    assert "AVX2 = 1" in lines and "AVX512 = 1" not in lines and "AMX" not in lines.split("features:")[0]
    assert "sha256" in lines and "MISMATCH" not in lines
    assert assistant.store.version in lines
    assert set(cpu_features()) >= {"avx2", "fma"}


@pytest.mark.slow
def test_a_model_process_killed_mid_answer_costs_one_phrasing_and_comes_back(assistant, tmp_path):
    runner = ModelRunner(model_path(assistant.settings), assistant.settings, tmp_path / "runner.log").start()
    try:
        bot = Assistant(assistant.settings, store=assistant.store, embedder=assistant.embedder, generator=runner,
                        progress=lambda m: None)
        assert bot.ask(QUESTION).llm_used  # the first call waits for the process to start
        crashed_pid = runner.process.pid
        parts = bot.stream(QUESTION)
        assert next(parts).provisional and isinstance(next(parts), str)  # the model is generating this answer now
        os.kill(crashed_pid, signal.SIGKILL)
        answer = list(parts)[-1]
        assert "484 dự án FDI" in answer.text and answer.citations[0].doc == BAC_GIANG
        assert not answer.llm_used
        # While it restarts, answers go on without waiting; then the model is used again.
        deadline = time.monotonic() + 120
        while not (runner.ready.is_set() and runner.process.pid != crashed_pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert runner.ready.is_set() and runner.restarts == 1
        again = bot.ask(QUESTION)
        assert again.llm_used and "484" in again.text and again.citations[0].doc == BAC_GIANG
    finally:
        runner.stop()
    assert runner.process.poll() is not None
