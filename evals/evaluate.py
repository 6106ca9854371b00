"""Evaluate: answer a corpus's questions and measure factual accuracy (``assistant eval``).

A corpus is a folder ``evals/corpora/<name>/``: ``articles/`` (the seeds corpus uses the
project's ``seeds/``), ``questions.jsonl``, and optionally ``lexicon.json`` (vocabulary the
corpus adds) and ``baseline.json`` (the CI gate). Each corpus is indexed into its own
collection. Each question row has ``id``, ``q``, optional ``history``, ``kind``, ``expect``
(figures or names as the article writes them), ``doc`` (article ids; empty when the articles
cannot answer it and the assistant should abstain) and optionally ``split`` ("dev" or
"test": the test split is scored only at milestones). Extra fields are ignored and
``expect`` is optional. A figure counts as found when the answer holds the same number in
any notation; a name when the answer holds it (diacritics ignored).

Retrieval is also measured without the model: every figure of ``evals/figures.jsonl`` gets
a templated question whose gold passage is the chunk holding that figure's sentence.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from assistant.cite import numbers_in, unsupported_numbers
from assistant.numbers import find_dates, find_figures, read_vietnamese, readings
from assistant.question import analyze
from assistant.retrieve import retrieve
from assistant.settings import Settings
from assistant.text import fold

GATED_METRICS = ("figure_accuracy", "citation_accuracy", "abstention_recall", "retrieval_recall_at_k")


CORPORA_DIR = Path(__file__).resolve().parent / "corpora"


@dataclass(frozen=True)
class Corpus:
    name: str

    @property
    def folder(self) -> Path:
        return CORPORA_DIR / self.name

    def articles_dir(self, settings: Settings) -> Path:
        own = self.folder / "articles"
        return own if own.is_dir() else settings.seeds_dir

    def settings(self, settings: Settings) -> Settings:
        """The settings that index this corpus into its own collection, with its lexicon."""
        lexicon = self.folder / "lexicon.json"
        return settings.model_copy(update={
            "seeds_dir": self.articles_dir(settings),
            "collection": "articles" if self.name == "seeds" else f"corpus-{self.name}",
            "lexicon_paths": settings.lexicon_paths + ([lexicon] if lexicon.is_file() else [])})

    def questions(self, split: str = "all") -> list[dict]:
        rows = [json.loads(line) for line in (self.folder / "questions.jsonl").read_text("utf-8").splitlines()
                if line.strip()]
        return [r for r in rows if split == "all" or r.get("split", "dev") == split]

    def baseline(self) -> dict | None:
        path = self.folder / "baseline.json"
        return json.loads(path.read_text("utf-8")) if path.is_file() else None


def corpora() -> list[str]:
    return sorted(p.name for p in CORPORA_DIR.iterdir() if (p / "questions.jsonl").is_file())


def run(assistant, rows: list[dict], out_path: Path, report_dir: Path | None = None,
        figures: list[dict] | None = None) -> dict:
    """Answer every question, write one JSON line per answer, then the report files."""
    progress = assistant.progress
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
    if any("split" in r for r in rows):
        summary["by_split"] = {split: summarize([r for r, row in zip(results, rows) if row.get("split", "dev") == split])
                               for split in sorted({row.get("split", "dev") for row in rows})}
    if figures:
        progress(f"Retrieval checks: {len(figures)} templated questions…")
        summary.update(retrieval_recall(assistant, figures))
    write_report(summary, results, report_dir or out_path.parent)
    return summary


def expected_found(expected: str, answer: str) -> bool:
    if " " in expected and re.search(rf"(?<![\w.,]){re.escape(fold(expected))}(?!\w|[.,]\d)", fold(answer)):
        return True  # a phrase as written ("13 đến 16/6" in "ngày 13 đến 16/6", whose numbers are a date's)
    wanted = [read_vietnamese(f.number) for f in find_figures(expected)]
    if not wanted:
        return fold(expected) in fold(answer)
    got = {value for f in find_figures(answer) for value in readings(f.number)}  # the answer may be English
    if re.fullmatch(r"\d{1,2}", expected.strip()):
        # A day expected on its own ("19" of "ngày 19 đến 22/10/2024"): the answer's dates hold no figures.
        got |= {float(d) for _, _, date in find_dates(answer) for d in re.findall(r"(?<![\d/])\d{1,2}(?![\d,.])", date)}
    return all(w in got for w in wanted)


def score(row: dict, record: dict) -> dict:
    answerable = bool(row.get("doc"))
    cited = {c["doc"] for c in record["citations"]}
    figures_ok = answerable and not record["abstained"] and all(expected_found(e, record["answer"])
                                                                 for e in row.get("expect", []))
    citation_ok = answerable and bool(cited & set(row["doc"]))
    numbers = [] if record["abstained"] else numbers_in(record["answer"])
    ungrounded = unsupported_numbers(record["answer"], [c["sentence"] for c in record["citations"]]) \
        if numbers else []
    correct = (figures_ok and citation_ok) if answerable else record["abstained"]
    return {"id": record["id"], "q": row["q"], "kind": row.get("kind", "other"), "answerable": answerable,
            "abstained": record["abstained"], "figures_ok": figures_ok, "citation_ok": citation_ok,
            "numbers": len(numbers), "ungrounded_numbers": ungrounded, "correct": correct,
            "answer": record["answer"], "expect": row.get("expect", []), "doc": row.get("doc", []),
            "cited": sorted(cited), "rejected_model_answer": record.get("rejected_model_answer", False),
            "latency_s": record["latency_s"], "ttft_s": record["ttft_s"]}


def percentile(values: list[float], q: float) -> float | None:
    """The value below which a fraction ``q`` of ``values`` lie (nearest rank), or None if there are none."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 3)


def summarize(results: list[dict]) -> dict:
    answerable = [r for r in results if r["answerable"]]
    unanswerable = [r for r in results if not r["answerable"]]
    abstained = [r for r in results if r["abstained"]]
    numbers = sum(r["numbers"] for r in results)

    def share(items, key):
        return round(sum(bool(r[key]) for r in items) / len(items), 3) if items else None

    return {
        "questions": len(results),
        "answerable": len(answerable),
        "figure_accuracy": share(answerable, "figures_ok"),
        "citation_accuracy": share(answerable, "citation_ok"),
        "abstention_recall": share(unanswerable, "abstained"),
        "abstention_precision": round(sum(not r["answerable"] for r in abstained) / len(abstained), 3)
        if abstained else None,
        "wrong_abstentions": sum(r["answerable"] and r["abstained"] for r in results),
        "grounded_figure_rate": round(1 - sum(len(r["ungrounded_numbers"]) for r in results) / numbers, 3)
        if numbers else None,
        "model_answers_replaced": sum(r["rejected_model_answer"] for r in results),
        "latency_p50_s": percentile([r["latency_s"] for r in results], 0.5),
        "latency_p95_s": percentile([r["latency_s"] for r in results], 0.95),
        "ttft_p50_s": percentile([r["ttft_s"] for r in results], 0.5),
        "accuracy_by_kind": {kind: share([r for r in results if r["kind"] == kind], "correct")
                             for kind in sorted({r["kind"] for r in results})},
    }


def retrieval_question(figure: dict) -> str:
    """A templated question for one figure: the words before it, then "bao nhiêu" and its unit."""
    sentence = figure["sentence"]
    offset = figure["start"] - figure["sentence_start"]
    before = " ".join(sentence[:offset].split()[-8:])
    unit = figure["text"][len(figure["text"].split(figure["number"])[0]) + len(figure["number"]):].strip()
    return f"{figure['province']}: {before} bao nhiêu {unit}?".replace("  ", " ")


def retrieval_recall(assistant, figures: list[dict]) -> dict:
    """Share of templated figure questions whose gold chunk is among the top-k retrieved."""
    settings = assistant.settings
    found = 0
    checked = [f for f in figures if f["unit"]]
    for figure in checked:
        query = analyze(retrieval_question(figure), assistant.lexicon)
        hits = retrieve(query, assistant.store, assistant.embedder.embed_queries([query.search_text])[0],
                        settings.candidates, settings.top_k)
        found += any(h.chunk.article_id == figure["doc"] and h.chunk.start <= figure["start"] < h.chunk.end
                     for h in hits)
    return {"retrieval_checks": len(checked), "retrieval_k": settings.top_k,
            "retrieval_recall_at_k": round(found / len(checked), 3) if checked else None}


def below_baseline(summary: dict, baseline: dict) -> list[str]:
    """The gated metrics that fell below the committed baseline."""
    return [f"{m}: {summary.get(m)} < baseline {baseline[m]}" for m in GATED_METRICS
            if m in baseline and summary.get(m) is not None and summary[m] < baseline[m]]


def write_report(summary: dict, results: list[dict], report_dir: Path) -> None:
    report_dir.mkdir(parents=True, exist_ok=True)
    (report_dir / "report.json").write_text(
        json.dumps({"summary": summary, "questions": results}, ensure_ascii=False, indent=2), "utf-8")
    (report_dir / "report.md").write_text(markdown(summary, results), "utf-8")
    chart(summary, results, report_dir / "report.png")


def markdown(summary: dict, results: list[dict]) -> str:
    lines = ["# Eval report", "", "| metric | value |", "| --- | --- |"]
    lines += [f"| {k} | {v} |" for k, v in summary.items() if not isinstance(v, dict)]
    lines += ["", "## Accuracy by question kind", "", "| kind | correct |", "| --- | --- |"]
    lines += [f"| {k} | {v} |" for k, v in summary["accuracy_by_kind"].items()]
    failures = [r for r in results if not r["correct"] or r["ungrounded_numbers"]]
    lines += ["", f"## Failures ({len(failures)})", ""]
    if failures:
        lines += ["| id | question | expected | answer | cited |", "| --- | --- | --- | --- | --- |"]
        lines += [f"| {r['id']} | {_cell(r['q'])} | {_cell(', '.join(r['expect']) or 'abstain')} | "
                  f"{_cell(r['answer'])} | {_cell(', '.join(r['cited']))} |" for r in failures]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")[:160]


def chart(summary: dict, results: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")  # no display: render straight to PNG
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    kinds = list(summary["accuracy_by_kind"])
    left.barh(kinds, [summary["accuracy_by_kind"][k] or 0 for k in kinds], color="#3b7dd8")
    left.set_xlim(0, 1)
    left.set_title("Correct answers by question kind")
    right.hist([r["latency_s"] for r in results], bins=20, color="#d8873b")
    right.set_title(f"Answer latency (p50 {summary['latency_p50_s']} s, p95 {summary['latency_p95_s']} s)")
    right.set_xlabel("seconds")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    from assistant.cli import say
    from assistant.pipeline import Assistant

    from .figures import FIGURES_FILE, load

    parser = argparse.ArgumentParser(prog="assistant eval", description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default="seeds", choices=corpora(), help="which corpus to index and score")
    parser.add_argument("--split", default="all", choices=["all", "dev", "test"],
                        help="score only one split (test: at milestones only)")
    parser.add_argument("--questions", help="a JSONL question file instead of the corpus's questions.jsonl")
    parser.add_argument("--out", help="one JSON line per answer (default evals/out/<corpus>/answers.jsonl)")
    parser.add_argument("--report", help="folder for report.md/.json/.png (default: beside --out)")
    parser.add_argument("--baseline", action="store_true",
                        help="exit 1 when a gated metric falls below the corpus's baseline.json")
    parser.add_argument("--no-retrieval-checks", dest="retrieval_checks", action="store_false",
                        help="skip the templated retrieval questions (seeds corpus: evals/figures.jsonl)")
    args = parser.parse_args(argv)
    corpus = Corpus(args.corpus)
    rows = ([json.loads(line) for line in Path(args.questions).read_text("utf-8").splitlines() if line.strip()]
            if args.questions else corpus.questions(args.split))
    out = Path(args.out or f"evals/out/{corpus.name}/answers.jsonl")
    figures = load(FIGURES_FILE) if args.retrieval_checks and corpus.name == "seeds" else None
    assistant = Assistant(corpus.settings(Settings()), progress=say)
    assistant.index()  # brings the corpus's collection up to date: articles or their cleaning may have changed
    summary = run(assistant, rows, out, Path(args.report) if args.report else None, figures)
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    say(f"Report written to {args.report or out.parent}/report.md (and .json, .png)")
    baseline = corpus.baseline()
    if args.baseline and baseline:
        failed = below_baseline(summary, baseline)
        for line in failed:
            say(f"below baseline: {line}")
        return 1 if failed else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
