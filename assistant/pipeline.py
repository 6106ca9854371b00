"""The assistant: ingest → chunk → index → retrieve → extract → generate → cite, in one object.

Heavy parts (store, embedder, LLM) are created on first use and can be passed in, so
tests and the web UI share one of each per process.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Callable, Iterator

import numpy as np

from .cite import Citation, citations_for, keep_known_markers, unsupported_names, unsupported_numbers
from .embed import Embedder, load_embedder
from .extract import Extraction, extract, stated_alone
from .generate import (PROMPTS_DIR, Generator, ModelUnavailable, build_messages, choice_messages, focus,
                       load_generator)
from .index import Store, StoreError, SyncReport, index_lock, sentence_key
from .figures import FigureRow, store_figures
from .ingest import Article
from .kinds import KINDS
from .lexicon import load_lexicon
from .library import Library, Listed, Refusal, list_articles
from .overview import Overview, overview
from .followup import rewrite_follow_up
from .question import Query, analyze
from .retrieve import retrieve
from .settings import Settings
from .text import MarkRestorer, fold, normalize

MESSAGES = json.loads((PROMPTS_DIR / "messages.json").read_text("utf-8"))
answer_log = logging.getLogger("assistant.answers")
# A phrasing that repeats the question or the prompt's labels ("Số liệu: …") is not an answer.
ECHO_RE = re.compile(r"\?|Câu hỏi:|Số liệu:|Trả lời \(")


def say(message: str) -> None:
    """One progress line in a single write: lines from the two loading threads never interleave."""
    sys.stdout.write(f"{message}\n")
    sys.stdout.flush()


def model_passage(extraction: Extraction) -> str:
    """What the model reads: the clauses around the answer, not the whole sentence."""
    return focus(extraction.evidence[0].sentence.text, *extraction.span)


class QuestionError(ValueError):
    """A question that cannot be asked; the message is shown to the user as is."""


class Busy(RuntimeError):
    """Too many questions are waiting; the message is shown to the user as is."""


class AnswerQueue:
    """Questions are answered one at a time (one model context on two cores), and at most
    ``size`` may wait or run: past that a question is refused at once, so waiting and memory
    stay bounded under load."""

    def __init__(self, size: int):
        self.size = size
        self.pending = 0  # questions waiting or being answered
        self._count = threading.Lock()
        self._turn = threading.Lock()

    @contextmanager
    def place(self) -> Iterator[None]:
        with self._count:
            if self.pending >= self.size:
                raise Busy("Hệ thống đang bận, vui lòng thử lại sau ít phút. (Busy: too many questions are "
                           "waiting; try again shortly.)")
            self.pending += 1
        try:
            with self._turn:
                yield
        finally:
            with self._count:
                self.pending -= 1


@dataclass
class Answer:
    question: str
    text: str
    abstained: bool
    citations: list[Citation] = field(default_factory=list)
    rewritten: str | None = None  # the question actually searched, when history changed it
    figure: str | None = None  # the extracted answer span (figure, date or names), as written in the source
    rejected_model_answer: bool = False  # the model's phrasing failed the figure check
    llm_used: bool = False  # the shown text is the model's phrasing (else composed from the source)
    provisional: bool = False  # the grounded answer shown while the model phrases it; the final one follows
    retrieved: list[str] = field(default_factory=list)  # chunk ids the answer was chosen from
    timings: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"question": self.question, "rewritten": self.rewritten, "answer": self.text,
                "abstained": self.abstained, "figure": self.figure,
                "rejected_model_answer": self.rejected_model_answer, "llm_used": self.llm_used,
                "citations": [c.to_dict() for c in self.citations], "retrieved": self.retrieved,
                "timings": self.timings}

    def log_line(self) -> str:
        """One JSON line for the answer log: a hash of the question, never its text."""
        return json.dumps({
            "event": "answer", "question_id": hashlib.sha256(self.question.encode()).hexdigest()[:12],
            "retrieved": self.retrieved, "cited": [c.doc for c in self.citations], "abstained": self.abstained,
            "figure_rejected": self.rejected_model_answer, "llm_used": self.llm_used,
            "timings_ms": {k.removesuffix("_s"): round(1000 * v) for k, v in self.timings.items()}})


class EmbedderOnDemand:
    """The assistant's embedder, loaded only when a sync has chunks to embed (a removal has none)."""

    def __init__(self, assistant: "Assistant"):
        self._assistant = assistant

    def embed_passages(self, texts: list[str], titles: list[str]) -> np.ndarray:
        return self._assistant.embedder.embed_passages(texts, titles)


class Assistant:
    def __init__(self, settings: Settings | None = None, *, store: Store | None = None,
                 embedder: Embedder | None = None, generator: Generator | None = None,
                 progress: Callable[[str], None] = say):
        self.settings = settings or Settings()
        self.progress = progress
        self._store, self._embedder, self._generator = store, embedder, generator
        self._loading = {"store": threading.Lock(), "embedder": threading.Lock(), "generator": threading.Lock()}
        self.queue = AnswerQueue(self.settings.queue_size)
        self.lexicon = load_lexicon(tuple(self.settings.lexicon_paths))
        self._last_query: tuple[str, np.ndarray | None] = ("", None)
        self._figures: tuple[str | None, list[FigureRow]] = (None, [])
        self._marks: tuple[str | None, MarkRestorer | None] = (None, None)
        self._overview: tuple[str | None, Overview | None] = (None, None)
        self._named: tuple[str | None, set[str]] = (None, set())

    # -- heavy parts, created once on first use ------------------------------------------
    def _once(self, part: str, load: Callable[[], object]):
        with self._loading[part]:  # one lock per part: the parts can load side by side
            if getattr(self, f"_{part}") is None:
                setattr(self, f"_{part}", load())
            return getattr(self, f"_{part}")

    @property
    def store(self) -> Store:
        return self._once("store", lambda: Store(self.settings))

    @property
    def embedder(self) -> Embedder:
        def load() -> Embedder:
            self.progress(f"Loading the {self.settings.embedder} embedder…")
            return load_embedder(self.settings, self.progress)

        return self._once("embedder", load)

    @property
    def generator(self) -> Generator:
        def load() -> Generator:
            self.progress("Loading the language model…")
            return load_generator(self.settings, self.progress)

        return self._once("generator", load)

    def warm_up(self) -> None:
        """Get ready to answer at once: open (or build) the index, load both models and evaluate the
        model's fixed system prompt. The embedder loads in a second thread; llama.cpp's work runs in
        C without holding Python's lock, so the two overlap."""
        with ThreadPoolExecutor(1) as pool:
            embedder = pool.submit(lambda: self.embedder.embed_queries(["Bắc Giang"]))  # the first call is slower
            try:
                for _ in self.generator.stream(build_messages("", "", "", ""), 1):
                    pass
            except ModelUnavailable as err:
                logging.getLogger(__name__).warning("%s", err)
            analyze("Bắc Giang có bao nhiêu dự án FDI?", self.lexicon)  # loads underthesea's models
            self.ensure_index()
            embedder.result()
            self.overview()  # the page's welcome line and checked examples, ready for the first visitor

    # -- the corpus: index, add, remove -----------------------------------------------------
    def index(self, rebuild: bool = False, verbose: bool = False) -> SyncReport:
        """Index the library's articles (the seeds plus what users added, minus what they removed)."""
        with index_lock(self.settings):  # refuse a second indexer before loading any model
            articles, warnings = Library(self.settings, self.lexicon).articles()
            for warning in warnings:
                self.progress(f"warning: {warning}")
            if verbose:
                for article in articles:
                    self.progress(f"\n{article.source}: “{article.title}” ({article.province}; outlet {article.outlet}; "
                                  f"date {article.date}; author {article.author}); kept {len(article.text)} characters")
                    for reason, text in article.dropped:
                        self.progress(f"  dropped [{reason}]: {text[:160]}")
            if rebuild:
                try:
                    self.store
                except StoreError:  # too damaged to open: start from nothing
                    Store.wipe(self.settings)
            return self._sync(articles, reuse=not rebuild)

    def add(self, files: list[tuple[str, bytes]], overrides: dict[str, str] | None = None,
            progress: Callable[[str], None] | None = None) -> tuple[list[Article], list[Refusal]]:
        """Add ``(file name, bytes)`` articles; returns the added articles and the refused files with
        why. The new index version is served once it is complete; a refused file changes nothing."""
        progress = progress or self.progress
        with index_lock(self.settings):
            library = Library(self.settings, self.lexicon)
            current, _ = library.articles()
            added, refused = library.add(files, current, overrides, progress)
            if added:
                library.save()  # recorded first: a failed sync is finished by the next `assistant index`
                self._sync(current + added, progress=progress)
        return added, refused

    def remove(self, article_ids: list[str], progress: Callable[[str], None] | None = None
               ) -> tuple[list[str], list[Refusal]]:
        """Take articles (their chunks, vectors and BM25 entries) out of the index: the ids removed
        and the unknown ids refused."""
        with index_lock(self.settings):
            library = Library(self.settings, self.lexicon)
            current, _ = library.articles()
            removed, refused = library.remove(article_ids, current)
            if removed:
                library.save()
                self._sync([a for a in current if a.id not in removed], progress=progress)
        return removed, refused

    def _sync(self, articles: list[Article], reuse: bool = True,
              progress: Callable[[str], None] | None = None) -> SyncReport:
        progress = progress or self.progress
        # A store of its own writes the new version, so the one answering switches only once it is complete.
        report = Store(self.settings).sync(articles, EmbedderOnDemand(self), progress=progress, reuse=reuse)
        self.store.refresh(force=True)
        progress(f"Index ready: {report}")
        return report

    def figures(self) -> list[FigureRow]:
        """Every figure of the served index version (computed once per version)."""
        self.store.refresh()
        if self._figures[0] != self.store.version:
            self._figures = (self.store.version, store_figures(self.store, self.lexicon))
        return self._figures[1]

    def restore_marks(self, text: str) -> str:
        """``text`` with the diacritics the served articles and the lexicon's question words give its words."""
        if self._marks[0] != self.store.version:
            phrases = self.lexicon.words("question_words", "vi") + self.lexicon.words("amount_cues") \
                + self.lexicon.words("change_questions") + [c for cues in self.lexicon.data["kinds"].values() for c in cues]
            self._marks = (self.store.version, MarkRestorer(
                [f"{c.title}. {c.text}" for c in self.store.chunks.values()], phrases))
        return self._marks[1].restore(text)

    def named_provinces(self) -> set[str]:
        """Provinces the served articles are about or name in their text ("tỉnh Vĩnh Phúc cũ" in an article
        of Phú Thọ, into which it merged; a neighbour an article reports on)."""
        if self._named[0] != self.store.version:
            self._named = (self.store.version, self.store.provinces | {
                p for article in self.store.articles.values() for p in self.lexicon.find_provinces(article.text)})
        return self._named[1]

    def overview(self) -> Overview:
        """Article count, provinces, years and checked example questions of the served version."""
        figures = self.figures()
        if self._overview[0] != self.store.version:
            self._overview = (self.store.version, overview(self.store.articles, figures, self.lexicon, self.reads))
        return self._overview[1]

    def reads(self, question: str) -> str | None:
        """The answer span the reader picks for ``question`` without the model (None: it abstains)."""
        extraction = self._extract(analyze(question, self.lexicon), [])
        return None if extraction.abstain_reason else extraction.answer

    def listing(self) -> list[Listed]:
        """The indexed articles with their chunk and figure counts, newest first."""
        return list_articles(self.store, self.figures(), Library(self.settings, self.lexicon))

    def ensure_index(self) -> None:
        if self.store.is_empty:
            self.progress("The index is empty: indexing the articles first.")
            self.index()

    # -- answering -----------------------------------------------------------------------
    def ask(self, question: str, history: list[dict] | None = None) -> Answer:
        *_, answer = self.stream(question, history)
        return answer

    def stream(self, question: str, history: list[dict] | None = None) -> Iterator[str | Answer]:
        """Yield, for an answered question, the grounded answer composed from the source as soon as
        the span is chosen (``provisional``), then the model's tokens as they come, then the final
        checked ``Answer`` (the model's phrasing if it passed the check, else the grounded answer).
        Only ``Answer`` texts are checked: the tokens are the model's unchecked draft.
        Raises ``QuestionError`` for a question that cannot be asked, ``Busy`` when the queue is full."""
        question = self._validate(question)
        with self.queue.place():
            answer = None
            for part in self._answer(question, history or []):
                answer = part
                yield part
            answer_log.info(answer.log_line())

    def _answer(self, question: str, history: list[dict]) -> Iterator[str | Answer]:
        started = time.perf_counter()
        self.ensure_index()
        self.store.refresh()  # another process may have indexed a newer version
        searched, focus = rewrite_follow_up(question, history, self.lexicon)
        query = analyze(searched, self.lexicon, focus, self.restore_marks)
        messages = MESSAGES[query.lang]
        timings: dict[str, float] = {}
        answer = Answer(question, "", False, rewritten=searched if searched != question else None, timings=timings)
        if len(query.provinces) >= 2:
            answer.text, answer.citations = self._compare(query, messages, answer.retrieved)
            answer.abstained = not answer.citations
            timings["total_s"] = time.perf_counter() - started
            yield answer
            return
        extraction = self._extract(query, answer.retrieved)
        timings["retrieve_s"] = time.perf_counter() - started
        if extraction.alternatives and self.settings.use_llm and self.settings.llm_choice:
            extraction = self._choose(searched, extraction)
            timings["choice_s"] = time.perf_counter() - started
        if extraction.abstain_reason:
            answer.text = messages[f"abstain_{extraction.abstain_reason}"].format(missing=extraction.missing)
            answer.abstained = True
        else:
            answer.citations = citations_for(extraction.evidence)
            answer.figure = extraction.answer
            model_text = ""
            if self.settings.use_llm and KINDS[extraction.kind].answer in ("figure", "date", "name"):
                timings["grounded_s"] = time.perf_counter() - started
                yield replace(answer, text=compose(extraction, messages), provisional=True, timings=dict(timings))
                tokens = None
                try:
                    tokens = self._phrase(searched, extraction, messages["language"])
                    for token in tokens:
                        if not model_text:
                            timings["first_token_s"] = time.perf_counter() - started
                        model_text += token
                        yield token
                        if time.perf_counter() - started - timings["first_token_s"] > self.settings.phrasing_budget_s:
                            model_text = ""  # too slow: the grounded answer stays
                            timings["phrasing_stopped_s"] = time.perf_counter() - started
                            break
                except ModelUnavailable as err:  # the figure and its source are known: answer without the model
                    logging.getLogger(__name__).warning("%s; answering from the extracted figure", err)
                    model_text = ""
                finally:
                    if tokens is not None and hasattr(tokens, "close"):
                        tokens.close()  # stops the generation
            answer.text, answer.rejected_model_answer = self._checked(model_text, extraction, messages, query)
            answer.llm_used = bool(model_text.strip()) and not answer.rejected_model_answer
        timings["total_s"] = time.perf_counter() - started
        yield answer

    def _extract(self, query: Query, retrieved: list[str]) -> Extraction:
        similarity = self._similarity if self.settings.semantic_choice else None
        # A province no article is about, but some name, is asked of like a partner ("tỉnh Vĩnh Phúc (cũ) và
        # tỉnh Tochigi đã trao bản ghi nhớ" in an article of Phú Thọ).
        named_only = [p for p in query.provinces if p not in self.store.provinces and p in self.named_provinces()]
        if named_only:
            names = [fold(p) for p in named_only]
            query = replace(query, names=[*query.names, *names],
                            parts=[replace(part, names=[*part.names, *names]) for part in query.parts])
        # Where the best chunks hold no answer, read twice as many: the sentence stating a figure often
        # shares fewer words with the question than the article's lead about the same topic.
        for top_k in (self.settings.top_k, 2 * self.settings.top_k):
            hits = retrieve(query, self.store, self._query_vector(query.search_text), self.settings.candidates,
                            top_k, whole_article=KINDS[query.kind].whole_article)
            extraction = extract(query, hits, self.named_provinces(), self.lexicon, similarity, self.store.idf)
            if extraction.abstain_reason != "not_found":
                break
        retrieved += [h.chunk.id for h in hits]
        if named_only and not extraction.abstain_reason and not stated_alone(named_only, extraction, self.lexicon):
            return Extraction([], abstain_reason="province", missing=", ".join(named_only))
        return extraction

    def _choose(self, question: str, extraction: Extraction) -> Extraction:
        """Where the rules found figures scored close together, the model picks one by its number,
        under a grammar that allows nothing else: it chooses a span of the text, never types one."""
        options = [extraction, *extraction.alternatives]
        messages = choice_messages(question, [(o.answer, model_passage(o)) for o in options])
        grammar = "root ::= " + " | ".join(f'"{n}"' for n in range(1, len(options) + 1))
        try:
            reply = "".join(self.generator.stream(messages, 2, grammar)).strip()
        except ModelUnavailable as err:
            logging.getLogger(__name__).warning("%s; keeping the rules' choice", err)
            return extraction
        return options[int(reply) - 1] if reply.isdigit() and 1 <= int(reply) <= len(options) else extraction

    def _similarity(self, question: str, sentences, chunks) -> list[float]:
        """The embedder's cosine similarity between the question and each sentence, whose vectors
        the index holds (a sentence of a version being replaced meanwhile is embedded now)."""
        keys = [sentence_key(c, s) for s, c in zip(sentences, chunks)]
        vectors = self.store.sentence_vectors(keys)
        missing = [i for i, k in enumerate(keys) if k not in vectors]
        if missing:
            embedded = self.embedder.embed_passages([sentences[i].text for i in missing],
                                                    [chunks[i].title for i in missing])
            vectors.update({keys[i]: v for i, v in zip(missing, embedded)})
        query_vector = self._query_vector(question)
        return [float(vectors[k] @ query_vector) for k in keys]

    def _query_vector(self, text: str) -> np.ndarray:
        """Retrieval and sentence choice use the same vector: the question is embedded once."""
        if self._last_query[0] != text:
            self._last_query = (text, self.embedder.embed_queries([text])[0])
        return self._last_query[1]

    def _compare(self, query: Query, messages: dict, retrieved: list[str]) -> tuple[str, list[Citation]]:
        """One extraction per province named; the comparison itself is arithmetic, not the model's."""
        parts, evidence, values = [], [], {}
        for province in query.provinces:
            extraction = self._extract(replace(query, provinces=[province]), retrieved)
            if extraction.abstain_reason:
                parts.append(messages["compare_missing"].format(province=province))
                continue
            evidence.append(extraction.evidence[0])
            shown = extraction.answer or f"“{extraction.evidence[0].sentence.text}”"
            parts.append(f"{province}: {shown} [{len(evidence)}]")
            if extraction.figure:
                values[province] = extraction.figure.value
        if not evidence:
            return messages["abstain_not_found"], []
        text = "; ".join(parts) + "."
        folded = fold(query.text)
        if len(values) >= 2 and len(set(values.values())) == len(values):
            if self.lexicon.pattern("comparison", "less").search(folded):
                text += " " + messages["compare_less"].format(province=min(values, key=values.get))
            elif self.lexicon.pattern("comparison", "more").search(folded):
                text += " " + messages["compare_more"].format(province=max(values, key=values.get))
        return text, citations_for(evidence)

    def _validate(self, question: str) -> str:
        question = " ".join(normalize(question or "").split())
        if not question:
            raise QuestionError("Câu hỏi trống: hãy nhập một câu hỏi. (The question is empty.)")
        if len(question) > self.settings.max_question_chars:
            raise QuestionError(f"Câu hỏi quá dài ({len(question)} ký tự, tối đa {self.settings.max_question_chars}). "
                                f"(The question is too long.)")
        return question

    def _phrase(self, question: str, extraction: Extraction, language: str) -> Iterator[str]:
        return self.generator.stream(build_messages(question, model_passage(extraction), extraction.answer, language),
                                     self.settings.max_answer_tokens)

    def _checked(self, model_text: str, extraction: Extraction, messages: dict, query: Query) -> tuple[str, bool]:
        """The model's phrasing if it passes the checks, else the answer composed from the source.
        A phrasing passes when its numbers are the answer's (or ones the question gives that the
        source has too, such as a year: never a second figure of the sentence, never one the model
        typed), every name is in the sources, it states the answer span (a Vietnamese answer with
        its unit as written), and it does not echo the question (an interrogative such as "bao
        nhiêu") or the prompt."""
        composed = compose(extraction, messages)
        text = keep_known_markers(model_text.strip(), len(extraction.evidence)) if model_text.strip() else ""
        if not text:
            return composed, False
        passages = [e.sentence.text for e in extraction.evidence]
        context = passages + [query.text] + [f"{e.chunk.title} {e.chunk.province}" for e in extraction.evidence]
        figure = extraction.figure
        shown = figure.number if figure and messages is MESSAGES["en"] else extraction.answer or ""
        extra = set(unsupported_numbers(text, [extraction.answer or ""]))
        extra &= set(unsupported_numbers(text, [query.text])) | set(unsupported_numbers(text, passages))
        rejected = bool(extra or unsupported_names(text, context)
                        or ECHO_RE.search(text) or fold(shown) not in fold(text)
                        or self.lexicon.pattern("interrogatives").search(fold(text)))
        if extraction.kind == "entity" and unsupported_names(text, [model_passage(extraction), query.text]):
            rejected = True  # asked for a name: it must come from the clause the model was shown
        return (composed, True) if rejected else (text, False)


def compose(extraction: Extraction, messages: dict) -> str:
    """The answer in the kind's own wording, from the chosen spans and sentences only."""
    if extraction.parts:
        shown, n = [], 0
        for part in extraction.parts:
            if part.abstain_reason:
                shown.append(messages["part_missing"])
            else:
                n += 1
                shown.append(f"{part.answer or '“' + part.evidence[0].sentence.text + '”'} [{n}]")
        return "; ".join(shown) + "."
    kind = KINDS[extraction.kind]
    if extraction.answer is None:
        return " ".join(messages["quote"].format(sentence=e.sentence.text, n=i)
                        for i, e in enumerate(extraction.evidence, 1))
    return messages[kind.template].format(answer=extraction.answer, sentence=extraction.evidence[0].sentence.text)
