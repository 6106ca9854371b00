"""What running the model in its own process costs (README, "Portable build and the model process").

    python -m evals.model_process [--questions 10]

Phrases the same answers with the model in-process (``LlamaGenerator``) and in the supervised
child process ``serve`` uses (``ModelRunner``), and prints one JSON line: time to first token
and total phrasing time (medians), and the resident memory of this process and of the child.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from assistant.generate import LlamaGenerator, build_messages, model_path
from assistant.runner import ModelRunner
from assistant.settings import Settings

from .load import peak_rss_mb

PASSAGES = [
    ("Bắc Giang hiện có bao nhiêu dự án FDI?", "Lũy kế đến nay, Bắc Giang có 484 dự án FDI đang hoạt động", "484 dự án FDI"),
    ("Năm 2022 Hà Giang ký mới bao nhiêu thỏa thuận quốc tế?", "năm 2022 tỉnh đã ký mới 12 thỏa thuận quốc tế",
     "12 thỏa thuận"),
    ("Kim ngạch xuất khẩu của Hòa Bình năm 2021 là bao nhiêu?", "kim ngạch xuất khẩu ước đạt 1.217,78 triệu USD",
     "1.217,78 triệu USD"),
]


def phrase_times(generator, n: int) -> dict:
    first, total = [], []
    for i in range(n):
        question, passage, hint = PASSAGES[i % len(PASSAGES)]
        started = time.perf_counter()
        seen_first = False
        for _ in generator.stream(build_messages(question, passage, hint, "tiếng Việt"), 40):
            if not seen_first:
                first.append(time.perf_counter() - started)
                seen_first = True
        total.append(time.perf_counter() - started)
    return {"first_token_p50_s": round(statistics.median(first), 3), "phrasing_p50_s": round(statistics.median(total), 3)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=int, default=10)
    args = parser.parse_args(argv)
    settings = Settings()
    model = model_path(settings)
    runner = ModelRunner(model, settings, Path(tempfile.mkdtemp()) / "runner.log").start()
    try:
        child = phrase_times(runner, args.questions)
        child.update(child_rss_mb=peak_rss_mb(runner.process.pid, "VmRSS"), app_rss_mb=peak_rss_mb("self", "VmRSS"))
    finally:
        runner.stop()
    in_process = phrase_times(LlamaGenerator(model, settings), args.questions)
    in_process.update(app_rss_mb=peak_rss_mb("self", "VmRSS"))
    print(json.dumps({"child_process": child, "in_process": in_process}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
