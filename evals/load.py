"""Load test: many concurrent users against the JSON API, each answer checked.

``python -m evals.load`` (or ``assistant loadtest``) starts ``assistant serve`` on a free
loopback port (or uses ``--url``), sends ``--requests`` questions from ``--clients``
concurrent clients, and reports the success rate, how many were refused as busy (HTTP 503),
whether every answer is the right one for its own question (the eval harness scores it),
latency p50/p95 and the server's peak resident memory. Questions cycle over the answerable
and unanswerable gold questions without history.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from assistant.runner import free_loopback_port
from evals.evaluate import Corpus, percentile, score


def gold_questions() -> list[dict]:
    rows = Corpus("seeds").questions()
    return [r for r in rows if not r.get("history")]


def ask(url: str, row: dict, timeout: float) -> dict:
    """One request; the result says whether it was answered, refused as busy, or failed."""
    body = json.dumps({"question": row["q"]}).encode()
    request = urllib.request.Request(f"{url}/api/ask", body, {"Content-Type": "application/json"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            answer = json.loads(response.read())
    except urllib.error.HTTPError as err:
        return {"id": row["id"], "status": "busy" if err.code == 503 else f"http {err.code}",
                "seconds": time.perf_counter() - started}
    except OSError as err:
        return {"id": row["id"], "status": f"error {err}", "seconds": time.perf_counter() - started}
    return {"id": row["id"], "status": "ok", "seconds": time.perf_counter() - started, "answer": answer}


def is_right(row: dict, result: dict) -> bool:
    """Whether an answered request got the right answer to its own question (the eval harness's verdict)."""
    answer = result["answer"]
    record = {"id": row["id"], "answer": answer["answer"], "abstained": answer["abstained"],
              "citations": answer["citations"], "latency_s": result["seconds"], "ttft_s": result["seconds"]}
    return score(row, record)["correct"]


def run_load(url: str, rows: list[dict], requests: int, clients: int, timeout: float = 300) -> dict:
    batch = [rows[i % len(rows)] for i in range(requests)]
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(lambda row: ask(url, row, timeout), batch))
    # Scored here, not in the client threads: underthesea's lazy model loading is not thread-safe.
    answered = [r for r in results if r["status"] == "ok"]
    wrong = [{"id": r["id"], "answer": r["answer"]["answer"]} for row, r in zip(batch, results)
             if r["status"] == "ok" and not is_right(row, r)]
    latencies = [r["seconds"] for r in answered]
    return {
        "requests": requests, "clients": clients, "wall_s": round(time.perf_counter() - started, 1),
        "answered": len(answered), "busy": sum(r["status"] == "busy" for r in results),
        "failed": [r for r in results if r["status"] not in ("ok", "busy")],
        "wrong": wrong,
        "success_rate": round(len(answered) / requests, 3),
        "latency_p50_s": round(statistics.median(latencies), 2) if latencies else None,
        "latency_p95_s": percentile(latencies, 0.95),
    }


def peak_rss_mb(pid: int | str = "self", field: str = "VmHWM") -> float:
    """Resident memory of a process, this one by default: its peak (VmHWM), or now (VmRSS)."""
    status = Path(f"/proc/{pid}/status").read_text()
    return round(int(next(line.split()[1] for line in status.splitlines() if line.startswith(field))) / 1024, 1)


@contextmanager
def served(env: dict[str, str] | None = None, timeout: float = 600) -> Iterator[tuple[str, subprocess.Popen]]:
    """``assistant serve`` in a child process on a free loopback port, until the block ends."""
    port = free_loopback_port()
    env = dict(os.environ, **(env or {}), ASSISTANT_HOST="127.0.0.1", ASSISTANT_PORT=str(port))
    server = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve"], env=env)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"assistant serve exited with code {server.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("assistant serve did not start in time") from None
                time.sleep(0.5)
        yield f"http://127.0.0.1:{port}", server
    finally:
        stop(server)


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="assistant loadtest", description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="an already running assistant (default: start one on loopback)")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--clients", type=int, default=10)
    args = parser.parse_args(argv)
    rows = gold_questions()
    if args.url:
        report = run_load(args.url.rstrip("/"), rows, args.requests, args.clients)
    else:
        with served() as (url, server):
            report = run_load(url, rows, args.requests, args.clients)
            report["server_peak_rss_mb"] = peak_rss_mb(server.pid)
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0 if not report["failed"] and not report["wrong"] else 1


if __name__ == "__main__":
    sys.exit(main())
