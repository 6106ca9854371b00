"""Evaluate: answer a JSONL question set and measure factual accuracy.

Each question row has ``id``, ``q``, optional ``history``, ``kind``, ``expect`` (figures or
names as the article writes them) and ``doc`` (article ids); an empty ``doc`` means the
articles cannot answer it and the assistant should abstain. A figure counts as found when
the answer holds the same number (any formatting), a name when the answer holds it.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

from .cite import unsupported_numbers
from .numbers import find_figures, read_vietnamese
from .text import fold


def run(assistant, questions_path: Path, out_path: Path) -> dict:
    """Answer every question, write one JSON line per answer and ``report.json`` beside them."""
    progress = assistant.progress
    rows = [json.loads(line) for line in questions_path.read_text("utf-8").splitlines() if line.strip()]
    out_path.parent.mkdir(parents=True, exist_ok=True)
    results = []
    with out_path.open("w", encoding="utf-8") as out:
        for i, row in enumerate(rows, 1):
            answer = assistant.ask(row["q"], row.get("history"))
            record = {"id": row.get("id", str(i)), "answer": answer.text,
                      "citations": [{"doc": c.doc, "title": c.title, "sentence": c.sentence} for c in answer.citations],
                      "abstained": answer.abstained, "rejected_model_answer": answer.rejected_model_answer,
                      "latency_s": round(answer.timings["total_s"], 3),
                      "ttft_s": round(answer.timings.get("first_token_s", answer.timings["total_s"]), 3)}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            results.append(score(row, record))
            progress(f"[{i}/{len(rows)}] {'ok ' if results[-1]['correct'] else 'BAD'} {row['q'][:60]} → "
                     f"{answer.text[:80]}")
    summary = summarize(results)
    report = out_path.with_name("report.json")
    report.write_text(json.dumps({"summary": summary, "questions": results}, ensure_ascii=False, indent=2), "utf-8")
    return summary


def expected_found(expected: str, answer: str) -> bool:
    wanted = [read_vietnamese(f.number) for f in find_figures(expected)]
    if not wanted:
        return fold(expected) in fold(answer)
    got = {read_vietnamese(f.number) for f in find_figures(answer)}
    return all(w in got for w in wanted)


def score(row: dict, record: dict) -> dict:
    answerable = bool(row.get("doc"))
    cited = {c["doc"] for c in record["citations"]}
    figures_ok = answerable and not record["abstained"] and all(expected_found(e, record["answer"])
                                                                 for e in row.get("expect", []))
    citation_ok = answerable and bool(cited & set(row["doc"]))
    grounded = not unsupported_numbers(record["answer"], [c["sentence"] for c in record["citations"]])
    correct = (figures_ok and citation_ok) if answerable else record["abstained"]
    return {"id": record["id"], "q": row["q"], "kind": row.get("kind"), "answerable": answerable,
            "abstained": record["abstained"], "figures_ok": figures_ok, "citation_ok": citation_ok,
            "grounded": grounded or record["abstained"], "correct": correct, "answer": record["answer"],
            "rejected_model_answer": record.get("rejected_model_answer", False),
            "latency_s": record["latency_s"], "ttft_s": record["ttft_s"]}


def summarize(results: list[dict]) -> dict:
    answerable = [r for r in results if r["answerable"]]
    unanswerable = [r for r in results if not r["answerable"]]
    abstained = [r for r in results if r["abstained"]]
    latencies = sorted(r["latency_s"] for r in results)

    def share(items, key):
        return round(sum(r[key] for r in items) / len(items), 3) if items else None

    return {
        "questions": len(results),
        "figure_accuracy": share(answerable, "figures_ok"),
        "citation_accuracy": share(answerable, "citation_ok"),
        "abstention_recall": share(unanswerable, "abstained"),
        "abstention_precision": round(sum(not r["answerable"] for r in abstained) / len(abstained), 3)
        if abstained else None,
        "wrong_abstentions": sum(r["answerable"] and r["abstained"] for r in results),
        "grounded_answer_rate": share(results, "grounded"),
        "model_answers_replaced": sum(r["rejected_model_answer"] for r in results),
        "latency_p50_s": round(statistics.median(latencies), 3) if latencies else None,
        "latency_p95_s": round(latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))], 3)
        if latencies else None,
    }
