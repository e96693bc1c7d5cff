"""Junk chunks and ingest throughput of the readers, against an earlier revision's reader in the same run.

    python -m eval.junk [DOCS...] [--baseline REV] [--json OUT]

Reads and chunks every document under DOCS (default: the real-document set, eval/realdocs/docs
and eval/realdocs/office) and counts the
chunks that are junk by rules of this script's own, independent of the readers' rules:

- ``toc``: a table-of-contents line (a dot leader before a page number);
- ``markup``: markdown syntax left in: link or image syntax, code fences, ``**bold**``, and in
  a markdown document a ``#`` heading mark (code samples, whose ``#`` and ``<tags>`` are
  content, are not counted); in a reStructuredText document a role (``:func:`x```), a directive
  (``.. note::``), an inline literal's double backquotes or a heading's underline;
- ``navigation``: a short chunk made of navigation words ("next", "previous", "index",
  "home", "table of contents", "quick search", "show source", ...) or the headerlink ``¶``;
- ``header_footer`` (PDFs): a line that poppler's ``pdftotext`` puts first or last on three pages
  or more (its shape, digits read as one; page numbers aside), or a line that is only a page number.
  poppler is independent of the reader, so this does not grade the reader by its own rule.

Then it ingests DOCS into a fresh store (read, chunk, embed, write) and reports chunks/s and
MB/s. With ``--baseline REV``, the readers as they were at git revision REV (the whole ``qa``
package of that revision, so its ``read.py`` reads with its own ``html.py``, ``pdf.py`` and
``words.py``) are loaded beside the current ones and measured the same way in the same run, chunked
by the current chunker, so the two are compared on the same machine minute.
"""

from __future__ import annotations

import argparse
import importlib
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter
from pathlib import Path

# The real-document set and its Word and PowerPoint files (kept beside it, see eval/realdocs/README.md).
DEFAULT_DOCS = [Path(__file__).parent / "realdocs" / "docs", Path(__file__).parent / "realdocs" / "office"]
_TOC = re.compile(r"(\.\s?){4,}\s*(\d{1,4}|[ivxlc]{1,6})\s*$", re.M | re.I)
_MARKUP = re.compile(r"\[[^\]\n]+\]\([^)\s]+\)|!\[[^\]\n]*\]\(|^\s*(```|~~~)|\*\*\w[^*\n]*\w\*\*", re.M)
_MD_HEADING = re.compile(r"\A#{1,6} \S")  # a chunk opening with a heading mark, in a markdown document
_RST = re.compile(r":[\w:+.-]+:`|^\s*\.\.\s+[\w:+.-]+\s*::|``\S|^([=\-~^*#\"+`])\1{3,}\s*$", re.M)
_NAV_WORDS = re.compile(r"\b(next|previous|prev|index|home|up|contents|table of contents|quick search|search|"
                        r"navigation|show source|edit on github|edit this page|skip to content|modules|go)\b", re.I)
_PAGE_NUMBER = re.compile(r"^\W*(page\s+)?\d{1,4}(\s*(of|/)\s*\d{1,4})?\W*$", re.I)
# A navigation chunk is short: a bar of links, not a paragraph that mentions "the next step".
_NAV_MAX_WORDS = 15
# A running header or footer: the first or the last line of a page (page numbers aside), on this many
# pages or more. One line, not more: the line after a header is often a label that recurs as content.
_EDGE_LINES = 1
_RUNNING_MIN_PAGES = 3


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split()).lower())


def running_lines(pdf: Path) -> set[str]:
    """Shapes of the lines poppler's pdftotext puts at the top or bottom of three pages or more of ``pdf``."""
    run = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    counts: Counter[str] = Counter()
    for page in run.stdout.split("\f"):
        lines = [line for line in page.splitlines() if line.strip() and not _PAGE_NUMBER.match(line)]
        counts.update({_shape(line) for line in lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]})
    return {shape for shape, n in counts.items() if n >= _RUNNING_MIN_PAGES}


def _kind(text: str, markdown: bool, running: set[str], paged: bool = False, rst: bool = False) -> str | None:
    if _TOC.search(text):
        return "toc"
    if _MARKUP.search(text) or (markdown and _MD_HEADING.match(text)) or (rst and _RST.search(text)):
        return "markup"
    words = text.split()
    if "¶" in text or (len(words) <= _NAV_MAX_WORDS and len(_NAV_WORDS.findall(text)) >= 2):
        return "navigation"
    if paged and any(_shape(line) in running or _PAGE_NUMBER.match(line) for line in text.splitlines() if line.strip()):
        return "header_footer"  # only a paged document has them; a lone "1." in a text file is a list's number
    return None


def count_junk(chunks_by_doc: dict[Path, list[str]]) -> dict:
    """Junk chunks by kind and by document, over chunk texts grouped by document."""
    kinds: Counter[str] = Counter()
    by_doc: dict[str, int] = {}
    examples: dict[str, str] = {}
    total = 0
    for doc, texts in chunks_by_doc.items():
        running = running_lines(doc) if doc.suffix.lower() == ".pdf" else set()
        markdown = doc.suffix.lower() in (".md", ".markdown")
        for text in texts:
            total += 1
            kind = _kind(text, markdown, running, paged=doc.suffix.lower() == ".pdf", rst=doc.suffix.lower() == ".rst")
            if kind:
                kinds[kind] += 1
                by_doc[doc.name] = by_doc.get(doc.name, 0) + 1
                examples.setdefault(kind, f"{doc.name}: {' '.join(text.split())[:100]}")
    junk = sum(kinds.values())
    return {"chunks": total, "junk": junk, "share": round(junk / max(total, 1), 4), "by_kind": dict(kinds),
            "by_document": by_doc, "examples": examples}


def load_baseline_reader(rev: str):
    """``qa/read.py`` as at git revision ``rev``, inside that revision's ``qa`` package (its model weights left out),
    imported beside this one as ``qa_baseline``: a reader of one revision with another's HTML or PDF reader fails
    (a ``read.py`` whose ``Blocks`` lacks what a newer ``html.py`` calls)."""
    root = Path(__file__).resolve().parent.parent
    archive = subprocess.run(["git", "-C", str(root), "archive", "--format=tar", rev, "qa", ":(exclude)qa/models"],
                             capture_output=True, check=True).stdout
    target = Path(tempfile.mkdtemp(prefix="qa-baseline-"))
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    (target / "qa").rename(target / "qa_baseline")
    # Another revision loaded before in this process is forgotten, or its modules would answer for this one.
    for name in [name for name in sys.modules if name == "qa_baseline" or name.startswith("qa_baseline.")]:
        del sys.modules[name]
    sys.path.insert(0, str(target))
    return importlib.import_module("qa_baseline.read")


def _as_document(read):
    """A reader function whose documents are this version's :class:`qa.read.Document`, with the fields a baseline's
    has (an old one's may lack pages and headings)."""
    import dataclasses

    from qa.errors import DocumentError
    from qa.read import Document

    fields = [f.name for f in dataclasses.fields(Document)]
    # A baseline refuses a file with its own package's DocumentError: the same refusal, to be counted as one.
    refusal = getattr(sys.modules.get(read.__module__), "DocumentError", DocumentError)

    def read_document(path, max_bytes=None):
        try:
            doc = read(path, max_bytes=max_bytes)
        except refusal as exc:
            if isinstance(exc, DocumentError):
                raise
            raise DocumentError(str(exc)) from exc
        if isinstance(doc, Document):
            return doc
        return Document(**{name: getattr(doc, name) for name in fields if hasattr(doc, name)})

    return read_document


def measure(name: str, read, files: list[Path], embedder) -> dict:
    """Junk and throughput of one reader over ``files``."""
    from qa import Assistant, ingest as ingest_module
    from qa.chunk import chunk_text
    from qa.errors import DocumentError

    read = _as_document(read)
    chunks_by_doc: dict[Path, list[str]] = {}
    failed = {}
    started = time.perf_counter()
    for path in files:
        try:
            doc = read(path)
        except DocumentError as exc:
            failed[path.name] = str(exc)
            continue
        chunks = chunk_text(doc.text, doc.source, doc.title, embedder.max_tokens, embedder.count_tokens,
                            pages=doc.pages, headings=doc.headings)
        chunks_by_doc[path] = [c.text for c in chunks]
    read_s = time.perf_counter() - started
    megabytes = sum(p.stat().st_size for p in files) / 1e6
    original = ingest_module.read_document
    ingest_module.read_document = read  # the same ingest, this reader
    try:
        with tempfile.TemporaryDirectory(prefix="qa-junk-") as tmp:
            report = Assistant(data_dir=tmp, chroma_host="", embedder=embedder).ingest(files)
    finally:
        ingest_module.read_document = original
    n = sum(len(t) for t in chunks_by_doc.values())
    return {"reader": name, "files": len(files), "failed": failed, "megabytes": round(megabytes, 3),
            "read_and_chunk_s": round(read_s, 3), "read_mb_per_s": round(megabytes / read_s, 2),
            "ingest_s": round(report.seconds, 2), "ingest_chunks_per_s": round(report.chunks_embedded / report.seconds, 1),
            "ingest_mb_per_s": round(megabytes / report.seconds, 3), **count_junk(chunks_by_doc), "chunks": n}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.junk", description=__doc__.split("\n\n")[0])
    parser.add_argument("docs", type=Path, nargs="*", default=DEFAULT_DOCS)
    parser.add_argument("--baseline", metavar="REV", help="also measure the readers as at this git revision")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)
    from qa.embed import Embedder
    from qa.read import SUFFIXES, read_document

    files = sorted(p for folder in args.docs for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES)
    embedder = Embedder()
    results = [measure("current", read_document, files, embedder)]
    if args.baseline:
        results.append(measure(f"baseline {args.baseline}", load_baseline_reader(args.baseline).read_document, files, embedder))
    for r in results:
        print(f"\n== {r['reader']}: {r['files']} files, {r['megabytes']} MB, {r['chunks']} chunks, {len(r['failed'])} refused")
        print(f"junk chunks: {r['junk']} ({r['share']:.1%})  by kind: {r['by_kind']}")
        for kind, example in r["examples"].items():
            print(f"  e.g. {kind}: {example}")
        print(f"read+chunk {r['read_and_chunk_s']} s ({r['read_mb_per_s']} MB/s); ingest {r['ingest_s']} s, "
              f"{r['ingest_chunks_per_s']} chunks/s, {r['ingest_mb_per_s']} MB/s")
        for name, reason in r["failed"].items():
            print(f"  refused: {reason}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
