"""The model in a supervised child process, as Ollama runs its models.

``assistant serve`` starts llama.cpp's OpenAI-compatible server (``python -m llama_cpp.server``)
on loopback and talks to it through ``ServerGenerator``. If native code crashes (a CPU feature
the build should not have used, an out-of-memory kill), only that process dies: the answer in
flight falls back to the extracted figure, and the runner starts the model again after a
back-off that doubles while it keeps failing.
"""

from __future__ import annotations

import ctypes
import logging
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from .generate import ModelUnavailable, ServerGenerator
from .settings import Settings

log = logging.getLogger(__name__)
FIRST_BACKOFF_S, MAX_BACKOFF_S = 1.0, 30.0
STABLE_AFTER_S = 60.0  # a process that lived this long resets the back-off


def free_loopback_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def describe_exit(code: int) -> str:
    if code < 0:
        return f"killed by signal {-code} ({signal.Signals(-code).name})"
    return f"exit code {code}"


def _die_with_parent() -> None:
    """Runs in the child before exec: the kernel kills it if the app dies, so no orphan keeps the port."""
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class ModelRunner:
    """A ``Generator`` whose model lives in a supervised child process."""

    def __init__(self, model: Path, settings: Settings, log_path: Path):
        self.port = free_loopback_port()
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self.command = [sys.executable, "-m", "llama_cpp.server", "--model", str(model),
                        "--host", "127.0.0.1", "--port", str(self.port), "--n_ctx", str(settings.n_ctx),
                        "--n_threads", str(settings.n_threads), "--n_batch", "512",
                        # The server keeps logits for every context position by default: 1.2 GB for this
                        # model's vocabulary at 2,048 tokens, and slower. Only the last one is needed.
                        "--logits_all", "false"]
        self.log_path = log_path
        self.start_timeout_s = settings.llm_timeout_s
        self.generator = ServerGenerator(self.url, settings.llm_timeout_s)
        self.process: subprocess.Popen | None = None
        self.restarts = 0
        self.ready = threading.Event()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._supervise, name="model-runner", daemon=True)

    def start(self) -> "ModelRunner":
        self._thread.start()
        return self

    def wait_ready(self, timeout: float) -> bool:
        return self.ready.wait(timeout)

    def stream(self, messages: list[dict], max_tokens: int, grammar: str | None = None):
        # The first start is waited for (nobody is asking yet: this is the warm-up); while the
        # process restarts after a crash, answers go on without the model instead of waiting.
        if not self.ready.wait(self.start_timeout_s if self.restarts == 0 else 0):
            raise ModelUnavailable("the model process is not running (restarting)")
        return self.generator.stream(messages, max_tokens, grammar)

    def count_tokens(self, messages: list[dict]) -> int:
        return self.generator.count_tokens(messages)

    def stop(self) -> None:
        self._stopping.set()
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self._thread.join(15)

    def _supervise(self) -> None:
        backoff = FIRST_BACKOFF_S
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        while not self._stopping.is_set():
            started = time.monotonic()
            with self.log_path.open("ab") as out:
                self.process = subprocess.Popen(self.command, stdout=out, stderr=subprocess.STDOUT,
                                                stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent)
            self._wait_until_serving()
            code = self.process.wait()
            if self._stopping.is_set():
                self.ready.clear()
                return
            self.restarts += 1  # first, so that no answer waits for this restart as for a first start
            self.ready.clear()
            if time.monotonic() - started > STABLE_AFTER_S:
                backoff = FIRST_BACKOFF_S
            log.warning("the model process (pid %d) stopped: %s; answers come from the extracted figures "
                        "until it is back; restarting in %.0f s (log: %s)",
                        self.process.pid, describe_exit(code), backoff, self.log_path)
            self._stopping.wait(backoff)
            backoff = min(2 * backoff, MAX_BACKOFF_S)

    def _wait_until_serving(self) -> None:
        while self.process.poll() is None and not self._stopping.is_set():
            try:
                if httpx.get(f"{self.url}/models", timeout=2).status_code == 200:
                    self.ready.set()
                    log.info("the model process (pid %d) is serving on %s", self.process.pid, self.url)
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
