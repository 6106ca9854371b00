"""Prompt and generation speed of the installed llama.cpp build, to compare builds (README, "Portable build").

    python -m evals.build_speed MODEL.gguf [--threads N] [--runs 3]

Self-contained (llama_cpp only), so it can run in a throw-away venv that holds another build:
``/tmp/other/bin/python evals/build_speed.py MODEL.gguf``. Prints one JSON line: the build's
system info, prompt tokens/s over a 256-token prompt and generation tokens/s over 64 tokens
(medians of the runs, after one warm-up run).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time


def measure(model: str, threads: int, runs: int) -> dict:
    import llama_cpp

    llm = llama_cpp.Llama(model_path=model, n_ctx=1024, n_threads=threads, n_batch=512, verbose=False)
    prompt = llm.tokenize(("Kim ngạch xuất khẩu của tỉnh năm 2023 đạt 1.217,78 triệu USD, tăng 18%. " * 40).encode())[:256]
    prompt_speed, generation_speed = [], []
    for run in range(runs + 1):
        llm.reset()
        started = time.perf_counter()
        llm.eval(prompt)
        prompt_s = time.perf_counter() - started
        started = time.perf_counter()
        for _ in range(64):
            token = llm.sample(temp=0.0)
            llm.eval([token])
        generation_s = time.perf_counter() - started
        if run:  # the first run warms caches and the thread pool
            prompt_speed.append(len(prompt) / prompt_s)
            generation_speed.append(64 / generation_s)
    return {"system_info": llama_cpp.llama_print_system_info().decode().strip(), "threads": threads,
            "prompt_tokens_per_s": round(statistics.median(prompt_speed), 1),
            "generation_tokens_per_s": round(statistics.median(generation_speed), 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.model, args.threads, args.runs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
