"""Is this build safe on this machine? A self-check for ``assistant setup`` and a report for bug reports.

llama.cpp is native code: a build that uses an instruction this CPU lacks (SIGILL) or a kernel
that crashes here (AMX on some Xeons: SIGSEGV) kills whatever process runs it. The self-check
therefore runs one real prompt and one generated token in a *child* process and turns its death
into a message with the fix, at set-up time rather than on a user's first question.
"""

from __future__ import annotations

import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from . import artifacts
from .runner import describe_exit
from .settings import Settings

# CPU features that decide which llama.cpp kernels can run, as /proc/cpuinfo names them.
CPU_FEATURES = ("avx", "avx2", "fma", "f16c", "bmi2", "avx512f", "avx512_vnni", "avx512_bf16", "amx_tile",
                "amx_int8", "asimd", "asimddp", "sve")
REBUILD_HINT = ("rebuild llama-cpp-python with the project's portable flags: `rm -rf .venv && make setup` "
                "(the Makefile compiles llama.cpp for AVX2 without AVX-512 or AMX), or answer without the model "
                "meanwhile with ASSISTANT_USE_LLM=false")


def one_token(model: Path, n_threads: int) -> str:
    """Run in the child: the real chat template and system prompt, one generated token."""
    from llama_cpp import Llama

    from .generate import build_messages

    llm = Llama(model_path=str(model), n_ctx=512, n_threads=n_threads, verbose=False)
    messages = build_messages("Bắc Giang có bao nhiêu dự án FDI?", "Bắc Giang có 484 dự án FDI", "484 dự án",
                              "tiếng Việt")
    return llm.create_chat_completion(messages, max_tokens=1, temperature=0.0)["choices"][0]["message"]["content"]


def self_check(model: Path, settings: Settings, timeout_s: float = 300) -> str | None:
    """None when one token came out of the model in a child process; otherwise what went wrong and the fix."""
    command = [sys.executable, "-m", "assistant.doctor", str(model), str(settings.n_threads)]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s)
    except subprocess.TimeoutExpired:
        return f"llama.cpp produced no token within {timeout_s:.0f} s on this machine; {REBUILD_HINT}"
    if result.returncode == 0:
        return None
    if result.returncode < 0:
        return (f"llama.cpp crashed on this CPU ({describe_exit(result.returncode)}) while generating one token "
                f"with {model.name}; {REBUILD_HINT}")
    return f"the model failed its one-token check ({describe_exit(result.returncode)}): {result.stderr.strip()[-800:]}"


def cpu_features() -> list[str]:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return []
    flags = set()
    for line in text.splitlines():
        if line.startswith(("flags", "Features")):
            flags.update(line.split(":", 1)[1].split())
    return [f for f in CPU_FEATURES if f in flags]


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def report(settings: Settings) -> list[str]:
    """Lines describing the build, the models and the index, for a bug report."""
    import llama_cpp

    lines = [f"python {platform.python_version()} on {platform.machine()} ({platform.platform()})",
             f"cpu: {cpu_model()}; features: {' '.join(cpu_features()) or 'unknown'}",
             f"llama-cpp-python {metadata.version('llama-cpp-python')}; llama.cpp build: "
             f"{llama_cpp.llama_print_system_info().decode().strip()}"]
    wanted = [artifacts.LLMS[settings.llm]] if not settings.llm_path else []
    if settings.embedder == "embeddinggemma":
        wanted.append(artifacts.EMBEDDINGGEMMA)
    for artifact in wanted:
        path = settings.cache_dir / artifact.name
        checked = path / artifact.inner_sha256[0] if artifact.inner_sha256 else path
        expected = artifact.inner_sha256[1] if artifact.inner_sha256 else artifact.sha256
        if not checked.exists():
            lines.append(f"model {artifact.name}: not assembled yet (run `assistant setup`)")
            continue
        digest = artifacts.sha256_of(checked)
        lines.append(f"model {checked}: sha256 {digest} ({'ok' if digest == expected else 'MISMATCH, expected ' + expected})")
    if settings.llm_path:
        lines.append(f"model {settings.llm_path}: sha256 {artifacts.sha256_of(Path(settings.llm_path))} (ASSISTANT_LLM_PATH)")
    lines.append(f"embedder: {settings.embedder}; llm url: {settings.llm_url or 'none (in-process, or a child process for serve)'}")
    lines.append(f"store: {settings.chroma_url or settings.store_dir}; index version: {_index_version(settings)}")
    return lines


def _index_version(settings: Settings) -> str:
    from .index import Store, StoreError

    try:
        store = Store(settings)
    except StoreError as err:
        return f"cannot open ({err})"
    return f"{store.version} ({len(store.articles)} articles)" if store.version else "none yet (run `assistant index`)"


if __name__ == "__main__":  # the child of self_check: python -m assistant.doctor MODEL N_THREADS
    print(repr(one_token(Path(sys.argv[1]), int(sys.argv[2]))))
