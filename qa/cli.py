"""The ``qa`` command: ingest, ask, chat, status, collections, ui, serve, mcp, eval."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys

from .errors import InputError, QAError

# A command whose reader closed the pipe exits as a shell reports one killed by SIGPIPE: 128 + 13.
SIGPIPE_EXIT = 141
# Skipped files named one per line before the rest are counted: a manual split by node skips a
# hundred redirect pages, and a hundred lines would bury a real failure.
SHOWN_SKIPPED = 3

log = logging.getLogger("qa")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qa", description="Answers about your documents, with citations, offline.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", help="where the store lives (default: QA_DATA_DIR or a per-user data dir)")
    common.add_argument("--collection", help="the collection to read and write (default: QA_COLLECTION, else citeqa); "
                                             "questions may read several: a+b (QA_ALSO_ASK)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("ingest", parents=[common], help="add or update documents (files or folders)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--prune", action="store_true", help="remove documents whose files are gone")
    p.add_argument("--json", action="store_true", help="print the report as JSON")

    p = sub.add_parser("ask", parents=[common], help="answer one question")
    p.add_argument("question")
    p.add_argument("--json", action="store_true", help="print the answer as JSON")
    p.add_argument("--audit", action="store_true", help="print the answer's audit record as JSON (check it later with qa audit)")

    sub.add_parser("chat", parents=[common], help="a conversation in the terminal")

    p = sub.add_parser("audit", parents=[common], help="check an answer's audit record against the documents it cites")
    p.add_argument("record", help="a file written from qa ask --audit (- for standard input)")

    p = sub.add_parser("status", parents=[common], help="what the store holds")
    p.add_argument("--json", action="store_true")
    p.add_argument("--check", action="store_true", help="open the store and read every vector back (slower)")

    p = sub.add_parser("collections", parents=[common], help="list, create, rename or delete collections")
    p.add_argument("action", nargs="?", choices=("list", "create", "rename", "delete"), default="list")
    p.add_argument("names", nargs="*", metavar="NAME", help="create NAME, rename NAME NEW, delete NAME")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("serve", parents=[common], help="an OpenAI-compatible chat endpoint (POST /v1/chat/completions)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback only; others need QA_API_KEYS)")
    p.add_argument("--port", type=int, default=8000)

    p = sub.add_parser("mcp", parents=[common], help="an MCP server: tools ask, search, list_documents; the documents as resources")
    p.add_argument("--transport", choices=("stdio", "http"), default="stdio", help="stdio (default) or streamable HTTP")
    p.add_argument("--host", default="127.0.0.1", help="with --transport http: address to listen on (default: loopback only)")
    p.add_argument("--port", type=int, default=8765)

    p = sub.add_parser("ui", parents=[common], help="the chat UI in the browser")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback only)")
    p.add_argument("--port", type=int, default=7860)
    p.add_argument("--eval-dir", default="eval/out", help="where the latest qa eval report is read from")
    p.add_argument("--allow-host", action="append", default=[], metavar="HOST",
                   help="another Host header to answer, e.g. a reverse proxy's name (repeatable; '*' for any)")

    # Listed for the help text only: main() hands `qa eval ...` to the runner unparsed.
    sub.add_parser("eval", help="run the fixed evaluation set (options: qa eval --help)", add_help=False)
    return parser


def _quote(citation, bold: bool = False) -> str:
    """The quote on one line; on a terminal, its short answer in bold."""
    if not (bold and citation.answer_span):
        return " ".join(citation.quote.split())
    a, b = (x - citation.start for x in citation.answer_span)
    q = citation.quote
    return " ".join(f"{q[:a]}\x1b[1m{q[a:b]}\x1b[0m{q[b:]}".split())


def _streamed(parts, out=None):
    """Print the text of ``parts`` (what :meth:`qa.Assistant.stream` yields) as it comes; return the final answer
    and the text shown."""
    out = out or sys.stdout
    shown = ""
    for part in parts:
        if isinstance(part, str):
            print(part, end="", file=out, flush=True)
            shown += part
        else:
            return part, shown
    raise AssertionError("a stream ends with an Answer")  # pragma: no cover


def _print_answer(answer, out=None, shown: str = "") -> None:
    """The answer's text (unless ``shown`` already printed it), then its citations, or the passages an abstention considered."""
    out = out or sys.stdout  # looked up now: the caller may have redirected it
    if shown == answer.text:
        print(file=out)
    else:
        print(("\n" if shown else "") + answer.text, file=out)
    if answer.abstained:
        if answer.passages:
            print("\nClosest passages considered:", file=out)
            for p in answer.passages[:3]:
                print(f"  - {p.source} {p.place}: {' '.join(p.text.split())[:160]}", file=out)
        return
    print(file=out)
    for c in answer.citations:
        if c.supported:
            print(f"[{c.n}] {c.source} {c.place}", file=out)
            print(f"    “{_quote(c, bold=out.isatty())}”", file=out)
            if c.short_answer:
                print(f"    answer: {' '.join(c.short_answer.split())}", file=out)
    dropped = [s.text for s in answer.sentences if not s.supported]
    if dropped:
        print("\nNot supported by the documents (left out):", file=out)
        for text in dropped:
            print(f"  ✗ {text}", file=out)


def _ingest(assistant, args) -> int:
    report = assistant.ingest(args.paths, prune=args.prune, progress=sys.stderr.isatty())
    if args.json:
        print(json.dumps(report.to_dict(), indent=2))
    else:
        for f in report.files:
            if f.status in ("failed", "removed") and f.reason:
                print(f"{f.status}: {f.reason}")
            elif f.reason and f.status != "skipped":
                print(f"note: {f.reason}")
        for f in report.skipped[:SHOWN_SKIPPED]:
            print(f"skipped: {f.reason}")
        if len(report.skipped) > SHOWN_SKIPPED:
            print(f"skipped: {len(report.skipped) - SHOWN_SKIPPED} more with no text of their own (--json lists them)")
        print(report.summary())
    return 1 if report.failed and not (report.added or report.updated or report.unchanged) else 0


def _ask(assistant, args) -> int:
    if not (args.audit or args.json):
        # Sentence by sentence, each once it is upheld: with an LLM the first shows long before the last.
        answer, shown = _streamed(assistant.stream(args.question))
        _print_answer(answer, shown=shown)
        return 0
    answer = assistant.ask(args.question)
    if args.audit:
        print(json.dumps(answer.audit(), indent=2, ensure_ascii=False))
    else:
        print(json.dumps(answer.to_dict(), indent=2, ensure_ascii=False))
    return 0


def _audit(assistant, args) -> int:
    from pathlib import Path

    from .audit import check

    try:
        raw = sys.stdin.read() if args.record == "-" else Path(args.record).read_text(encoding="utf-8")
        record = json.loads(raw)
        problems = check(record)
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the audit record {args.record}: {exc}") from exc
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(f"{args.record} is not an audit record from qa ask --audit ({type(exc).__name__}: {exc})") from exc
    for line in problems:
        print(line)
    n = len(record["citations"])
    print(f"{len(problems)} problem(s) in {n} citation(s)" if problems else
          f"all {n} citation(s) found at their recorded offsets, in the recorded document versions")
    return 1 if problems else 0


def _chat(assistant, args) -> int:
    session = assistant.chat()
    # Bytes that are not UTF-8 reach the question as lone surrogates and are refused there, not here.
    if hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(errors="surrogateescape")
    print("Ask about your documents. An empty line or Ctrl-D ends the conversation.")
    while True:
        try:
            question = input("you> ")
        except EOFError:
            print()
            return 0
        if not question.strip():
            return 0
        try:
            answer, shown = _streamed(session.stream(question))
        except QAError as exc:
            print(f"error: {exc}")
            continue
        _print_answer(answer, shown=shown)
        print()


def _status(assistant, args) -> int:
    status = assistant.status(check=args.check)
    if args.json:
        print(json.dumps(status, indent=2))
    else:
        kw = status["keyword_index"]
        print(f"store: {status['store']}")
        print(f"documents: {status['documents']}  chunks: {status['chunks']}  sentences: {status['sentences']}")
        print(f"keyword index: {kw['documents']} documents, {kw['chunks']} chunks, {kw['sentences']} sentences")
        if status["consistent"] and not status["vectors_checked"]:
            print("consistent (from the store's tables; `qa status --check` also reads every vector back)")
        else:
            print("consistent" if status["consistent"] else "not consistent:")
        for problem in status.get("problems", []):
            print(f"  - {problem}")
    return 0


def _ui(assistant, args) -> int:
    try:
        from ui.app import serve
    except ImportError:
        print("qa: error: the UI (ui/) is not installed with this copy of qa", file=sys.stderr)
        return 2
    try:
        serve(assistant, args.host, args.port, args.eval_dir, extra_hosts=args.allow_host)
    except OSError as exc:  # the port is taken, or the address is not this machine's
        print(f"qa: error: cannot serve on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 2
    return 0


def _collections(assistant, args) -> int:
    wanted = {"list": 0, "create": 1, "rename": 2, "delete": 1}[args.action]
    if len(args.names) != wanted:
        usage = {"list": "qa collections [list]", "create": "qa collections create NAME",
                 "rename": "qa collections rename NAME NEW", "delete": "qa collections delete NAME"}[args.action]
        raise InputError(f"usage: {usage}")
    names = set(assistant.collections())
    # The list after the change is worked out, not read again: reading through an assistant whose own
    # collection was just deleted or renamed would make that collection anew.
    if args.action == "create":
        assistant.create_collection(args.names[0])
        names.add(args.names[0])
    elif args.action == "rename":
        assistant.rename_collection(*args.names)
        names = (names - {args.names[0]}) | {args.names[1]}
    elif args.action == "delete":
        assistant.drop_collection(args.names[0])
        names.discard(args.names[0])
    names = sorted(names)
    if args.json:
        print(json.dumps(names))
    elif args.action == "list":
        print("\n".join(f"{n}{'  (current)' if n == assistant.settings.collection else ''}" for n in names))
    else:
        print({"create": "created", "rename": "renamed", "delete": "deleted"}[args.action] + f"; collections: {', '.join(names)}")
    return 0


def _serve(assistant, args) -> int:
    from .serve import serve

    try:
        serve(assistant.settings, args.host, args.port)
    except OSError as exc:  # the port is taken, or the address is not this machine's
        print(f"qa: error: cannot serve on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 2
    return 0


def _mcp(assistant, args) -> int:
    from .serve import LOOPBACK

    try:
        from .mcp_server import run
    except ImportError as exc:
        print(f"qa: error: qa mcp needs the MCP SDK: pip install 'citeqa[mcp]' ({exc})", file=sys.stderr)
        return 2
    if args.transport == "http" and args.host not in LOOPBACK:
        print(f"qa: error: qa mcp serves on loopback only (asked for {args.host}); put a proxy with authentication in front",
              file=sys.stderr)
        return 2
    run(assistant.settings, args.transport, args.host, args.port)
    return 0


# The commands that only ask: they may read several collections at once (--collection a+b).
_ASKING = frozenset({"ask", "chat", "ui", "serve", "mcp"})


def main(argv: list[str] | None = None, assistant=None) -> int:
    """Entry point of the ``qa`` command; errors become one line on stderr.

    ``assistant`` serves the command instead of one made from ``--data-dir`` and
    ``QA_*`` variables (tests reuse a loaded model this way).

    Example:
        >>> main(["ask", "   "])   # doctest: +SKIP
        qa: error: the question is empty
        2
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    if not logging.getLogger().handlers and not log.handlers:
        handler = logging.StreamHandler()  # stderr, looked up at each message
        handler.setFormatter(logging.Formatter("qa: %(levelname)s: %(message)s"))
        log.addHandler(handler)
    # Handed over before parsing: argparse's REMAINDER drops a leading option (qa eval --docs ...).
    if argv[:1] == ["eval"]:
        try:
            from eval.run import main as run_eval
        except ImportError:
            print("qa: error: the evaluation runner (eval/) is not installed with this copy of qa", file=sys.stderr)
            return 2
        return run_eval(argv[1:])
    args = _parser().parse_args(argv)
    try:
        if assistant is None:
            from .assistant import Assistant
            from .settings import Settings

            collection, _, also = (args.collection or "").partition("+")
            if also and args.command not in _ASKING:
                raise InputError(f"qa {args.command} works on one collection; a+b is for asking ({', '.join(sorted(_ASKING))})")
            assistant = Assistant(Settings.load(data_dir=args.data_dir, collection=collection or None, also_ask=also or None))
        handler = {"ingest": _ingest, "ask": _ask, "audit": _audit, "chat": _chat, "status": _status, "ui": _ui, "serve": _serve, "mcp": _mcp,
                   "collections": _collections}[args.command]
        return handler(assistant, args)
    except QAError as exc:
        print(f"qa: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("qa: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away ("qa ask ... | head -1"): nothing is wrong, and there is no one left to tell. Its
        # output goes nowhere from here on, so the interpreter's last flush does not fail in its turn.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return SIGPIPE_EXIT
    except Exception as exc:  # a bug: still one line here; the traceback goes to the log at debug level
        log.debug("unexpected error", exc_info=True)
        print(f"qa: error: unexpected {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
