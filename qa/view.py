"""Show the place a citation quotes: the PDF page as an image with boxes over the quote, or the section's text.

- :func:`pdf_page` renders a page with pypdfium2 and finds the quote's character boxes on it
  (pdfium's text page), as fractions of the page's width and height, one box per line.
- :func:`section_of` gives the span of the section around an offset of a document's text:
  from the heading before it to the next heading (or the paragraphs around it, without headings).
"""

from __future__ import annotations

import bisect
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .errors import DocumentError
from .read import Document

# Pages are drawn at 1.5 times 72 dpi (108 dpi): sharp on a screen, about 200 KB of PNG for a letter page.
_RENDER_SCALE = 1.5
# A quote that runs onto the next page is found by its longest prefix on this page, down to this many letters.
_MIN_MATCH = 12
# Without headings, the text shown around a quote reaches this far each way (about a screenful).
_CONTEXT_CHARS = 1500


@dataclass(frozen=True)
class PageView:
    """A rendered PDF page and the boxes of a quote on it, as (left, top, width, height) fractions of the page."""

    png: bytes
    width: int
    height: int
    boxes: tuple[tuple[float, float, float, float], ...]


def _letters(text: str) -> list[tuple[str, int]]:
    """(letter, index in ``text``) for each letter or digit, case folded; ligatures count as their letters."""
    out = []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch).lower():
            if c.isalnum():
                out.append((c, i))
    return out


def _find(page_text: str, quote: str) -> tuple[int, int] | None:
    """Indices [a, b) in ``page_text`` of the quote, compared on letters and digits; its longest prefix found if
    it runs past the page."""
    page = _letters(page_text)
    hay = "".join(c for c, _ in page)
    needle = "".join(c for c, _ in _letters(quote))
    if not needle:
        return None
    lo, hi, best = min(_MIN_MATCH, len(needle)), len(needle), None
    while lo <= hi:  # the longest prefix of the quote on this page (prefixes found are nested)
        mid = (lo + hi) // 2
        at = hay.find(needle[:mid])
        if at >= 0:
            best, lo = (at, mid), mid + 1
        else:
            hi = mid - 1
    if best is None:
        return None
    at, n = best
    return page[at][1], page[at + n - 1][1] + 1


def _line_boxes(boxes: list[tuple[float, float, float, float]]) -> list[tuple[float, float, float, float]]:
    """Character boxes (left, bottom, right, top) merged into one box per line."""
    lines: list[list[float]] = []
    for left, bottom, right, top in boxes:
        if right <= left or top <= bottom:
            continue  # a space or a generated line break
        middle = (bottom + top) / 2
        line = next((ln for ln in lines if ln[1] <= middle <= ln[3]), None)
        if line is None:
            lines.append([left, bottom, right, top])
        else:
            line[0], line[1], line[2], line[3] = min(line[0], left), min(line[1], bottom), max(line[2], right), max(line[3], top)
    return [tuple(ln) for ln in lines]


def pdf_page(path: str | Path, page: int, quote: str = "") -> PageView:
    """Page ``page`` (1-based) of the PDF at ``path`` as a PNG, with the boxes of ``quote`` on it."""
    from .pdf import open_pdf

    path = Path(path)
    pdf = open_pdf(path)
    try:
        if not 1 <= page <= len(pdf):
            raise DocumentError(f"{path.name}: no page {page}")
        pg = pdf[page - 1]
        width, height = pg.get_size()
        image = pg.render(scale=_RENDER_SCALE).to_pil()
        buffer = io.BytesIO()
        image.save(buffer, "PNG")
        boxes = []
        if quote:
            textpage = pg.get_textpage()
            try:
                text = textpage.get_text_range()
                found = _find(text, quote)
                if found:
                    chars = [textpage.get_charbox(i) for i in range(found[0], found[1])]
                    boxes = [((left / width), (height - top) / height, (right - left) / width, (top - bottom) / height)
                             for left, bottom, right, top in _line_boxes(chars)]
            finally:
                textpage.close()
        return PageView(buffer.getvalue(), image.width, image.height, tuple(boxes))
    finally:
        pdf.close()


def section_of(doc: Document, start: int, end: int) -> tuple[int, int]:
    """The span of ``doc.text`` to show around [start, end): its section (heading to next heading), else the text around it."""
    offsets = [h[0] for h in doc.headings]
    i = bisect.bisect_right(offsets, start)
    if offsets:
        a = offsets[i - 1] if i else 0
        b = offsets[bisect.bisect_left(offsets, end)] if bisect.bisect_left(offsets, end) < len(offsets) else len(doc.text)
        return a, max(b, end)
    a = doc.text.rfind("\n\n", 0, max(0, start - _CONTEXT_CHARS))
    b = doc.text.find("\n\n", min(len(doc.text), end + _CONTEXT_CHARS))
    return (a + 2 if a >= 0 else 0), (b if b >= 0 else len(doc.text))
