"""Check the page of PDF citations against poppler's pdftotext, page by page.

    python -m eval.pdfpages [DOCS] [--per-pdf N]

Ingests the PDFs under DOCS (default: the real-document set) into a fresh store, takes N
sentences of each spread over the document (the citations an answer could make), makes the
citation of each as answers do (:meth:`qa.types.Citation.of`) and checks that its quote is on
the page it names in ``pdftotext -f P -l P`` (poppler-utils), an extractor independent of
ours. A citation names the page its quote starts on, so the quote's first words are looked for
on that page, each compared on its letters and digits only and in any order (line breaks,
hyphens, ligatures and the order of a page's blocks differ between extractors). Exits 1 if any
page is wrong.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

DEFAULT_DOCS = Path(__file__).parent / "realdocs" / "docs"
# The quote's first words, each looked for on the page cited (in any order: the extractors order a page's
# blocks differently): a sentence that runs over a page break starts on the page cited.
_FIRST_WORDS = 6
_MIN_LETTERS = 40  # sentences shorter than this are skipped: too little to tell one page from another


def _letters(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\ufffe", "")
    return re.sub(r"[^0-9a-z]", "", text.lower())


def pdftotext_page(path: Path, page: int) -> str:
    run = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(path), "-"],
                         capture_output=True, text=True, check=True)
    return run.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.pdfpages", description=__doc__.split("\n\n")[0])
    parser.add_argument("docs", type=Path, nargs="?", default=DEFAULT_DOCS)
    parser.add_argument("--per-pdf", type=int, default=10, help="sentences checked per PDF")
    args = parser.parse_args(argv)
    if not shutil.which("pdftotext"):
        raise SystemExit("eval.pdfpages: needs pdftotext (apt-get install poppler-utils)")
    from qa import Assistant
    from qa.types import Citation

    pdfs = sorted(args.docs.glob("*.pdf"))
    checked = wrong = 0
    with tempfile.TemporaryDirectory(prefix="qa-pdfpages-") as tmp:
        assistant = Assistant(data_dir=tmp, chroma_host="")
        assistant.ingest(pdfs)
        chunks = sorted(assistant.store.iter_chunks(), key=lambda c: (c.source, c.start))
        for pdf in pdfs:
            sentences = [(c, a, b) for c in chunks if c.source == str(pdf.resolve()) for a, b in c.sentences
                         if len(_letters(c.text[a:b])) >= _MIN_LETTERS]
            step = max(1, len(sentences) // args.per_pdf)
            pages: dict[int, str] = {}
            for chunk, a, b in sentences[::step][: args.per_pdf]:
                cite = Citation.of(chunk, 1, a, b)
                page = int(cite.page)
                if page not in pages:
                    pages[page] = _letters(pdftotext_page(pdf, page))
                ok = all(_letters(word) in pages[page] for word in cite.quote.split()[:_FIRST_WORDS])
                checked += 1
                wrong += not ok
                print(f"{'ok   ' if ok else 'WRONG'} {pdf.name} p. {page}: {' '.join(cite.quote.split())[:70]}")
    print(f"\n{checked - wrong}/{checked} PDF citations name the page pdftotext finds their quote on")
    return 1 if wrong or not checked else 0


if __name__ == "__main__":
    sys.exit(main())
