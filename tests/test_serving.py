"""Serving many users: the bounded answer queue and the one-line answer log."""

from __future__ import annotations

import json
import logging
import threading
import time

from pathlib import Path

import pytest

from assistant.pipeline import Answer, AnswerQueue, Busy
from evals.load import ask, gold_questions, is_right, peak_rss_mb, run_load, served

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def test_the_queue_answers_one_at_a_time_and_refuses_past_its_size():
    queue = AnswerQueue(2)
    inside, release, order = threading.Event(), threading.Event(), []

    def first():
        with queue.place():
            order.append("first")
            inside.set()
            release.wait(10)

    def second():
        with queue.place():
            order.append("second")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    threads[0].start()
    inside.wait(10)
    threads[1].start()  # takes the last slot and waits for its turn
    while queue.pending < 2:
        time.sleep(0.01)
    with pytest.raises(Busy, match="try again"):
        with queue.place():
            pass
    release.set()
    for t in threads:
        t.join(10)
    assert order == ["first", "second"]
    with queue.place():  # slots are given back
        pass


def test_the_answer_log_line_is_one_json_line_without_the_question():
    answer = Answer("Bắc Giang có bao nhiêu dự án FDI? Tôi là Nguyễn Văn A, số điện thoại 0912345678", "484 dự án FDI [1].",
                    False, retrieved=["002_x:ab"], rejected_model_answer=True,
                    timings={"retrieve_s": 0.1234, "total_s": 1.5})
    line = answer.log_line()
    record = json.loads(line)
    assert "\n" not in line and "Nguyễn" not in line and "0912345678" not in line
    assert record["retrieved"] == ["002_x:ab"] and record["figure_rejected"] is True and not record["abstained"]
    assert record["timings_ms"] == {"retrieve": 123, "total": 1500} and len(record["question_id"]) == 12


@pytest.mark.slow
def test_each_answer_logs_one_structured_line(assistant, caplog):
    with caplog.at_level(logging.INFO, logger="assistant.answers"):
        assistant.ask("Năm 2022 Hà Giang ký mới bao nhiêu thỏa thuận quốc tế?")
        assistant.ask("Đà Nẵng có bao nhiêu dự án FDI?")
    answered, abstained = [json.loads(r.getMessage()) for r in caplog.records if r.name == "assistant.answers"]
    assert answered["retrieved"] and answered["cited"] == ["001_6bb18e9a3ba038bf"] and not answered["abstained"]
    assert abstained["abstained"] and abstained["cited"] == [] and "total" in abstained["timings_ms"]


def served_env(settings) -> dict[str, str]:
    return {"ASSISTANT_STORE_DIR": str(settings.store_dir), "ASSISTANT_SEEDS_DIR": str(settings.seeds_dir)}


@pytest.mark.slow
def test_fifty_requests_from_ten_clients_each_get_their_own_right_answer(assistant):
    """The load test of the README, against `assistant serve` in its own process."""
    with served(served_env(assistant.settings)) as (url, server):
        report = run_load(url, gold_questions(), requests=50, clients=10)
        report["server_peak_rss_mb"] = peak_rss_mb(server.pid)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "load.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), "utf-8")
    assert report["answered"] == 50 and report["failed"] == [] and report["wrong"] == []
    assert report["server_peak_rss_mb"] < 3 * 1024


@pytest.mark.slow
def test_a_full_queue_says_busy_and_the_server_keeps_answering(assistant):
    rows = gold_questions()
    with served(dict(served_env(assistant.settings), ASSISTANT_QUEUE_SIZE="2")) as (url, _):
        report = run_load(url, rows, requests=12, clients=8)
        after = ask(url, rows[0], timeout=120)
    assert report["busy"] > 0 and report["answered"] >= 2
    assert report["failed"] == [] and report["wrong"] == []
    assert after["status"] == "ok" and is_right(rows[0], after)
