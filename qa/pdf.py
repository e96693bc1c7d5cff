"""Read a PDF page by page (pypdfium2), cleaned of what is no content, and OCR pages without a text layer.

- Each page's text is kept with where the page starts, so a chunk and a citation carry their page.
- Running headers and footers are dropped: a line among the first or last few of a page whose
  shape (digits read as one) recurs on many pages, or stands in the same place on a run of
  pages (a chapter's title), but never a chapter's opening ("Chapter 2"); a page's first line in
  capitals that LaTeX sets there ("CHAPTER 6. THE ARCHIVES 6.7. WHAT ARE …", "4 INTERFACES 7"), when
  such heads open many pages. Lone page numbers ("12", "Page 3 of 9", "iv") too.
- Table-of-contents lines are dropped: a title, a dot leader and a page number; and a page of contents
  (:func:`_contents`), most of its lines a title and a page number (an entry's title may wrap), in order,
  or the entries and title of contents that share a page with a title page.
- Numbered section headings on a line of their own ("3.1 Invoking asn1Parser", "2.4. OPTIONS") are
  headings (:func:`numbered_heading`), so a chunk carries its section and a heading never runs into
  the sentence under it: each must follow the one before it in the outline (2.4 by 2.5, 3 or 2.4.1),
  which tells them from numbered list items and table rows.
- A line that is one of the PDF's bookmarks (its outline, as LaTeX's hyperref and DocBook write it) on the page the
  bookmark opens is a heading too, numbered or not ("Replot", "Functional Overview"), and so are a few lines a
  bookmark's title is wrapped over ("4.1 On what hardware does Debian" / "run?").
- A grave accent that combines with nothing (TeX's opening quote in some fonts) is dropped.
- A word hyphenated across a line end is joined again (pdfium marks such a hyphen itself).
- A space pdfium leaves out between two words (a gap of a fifth of an em or more) is put back.
- A page without a text layer is read with Tesseract (``tesseract`` on the PATH) when it is
  installed; when it is not, the document says so in a note (and is refused if no page has text).

pypdfium2 was chosen over pypdf by measurement on the real-document set's PDFs: 13 times faster
(0.27 s against 3.2 s for the four), no ligature glyphs (pypdf gave 447 "ﬁ"/"ﬂ" characters that
split words), and it gives the character boxes the viewer highlights a quote with.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from .chunk import BULLET, WRAPPED_LINE, continues, follows_in_outline
from .errors import DocumentError

# How many lines at the top and at the bottom of a page can be a running header or footer.
_EDGE_LINES = 3
# A line counts as running when its shape recurs at the page's edge on at least this share of the
# pages (and on at least _MIN_REPEATS of them): the book's title in every header.
_REPEAT_SHARE = 0.3
_MIN_REPEATS = 3
# Or when it stands in the same place at the top (the first line, the second...) of _MIN_REPEATS pages
# in a row, a page or two apart at most (books alternate left and right headers): a chapter's running
# title covers a run of pages, not a share of the book. A label that happens to open a few scattered
# pages ("BZ_PARAM_ERROR") is not in such a run. Only at the top: an API reference's pages can end on
# the same label a few pages running ("Possible return values:"), and a footer is a page number or
# the same on every page.
_MAX_PAGE_GAP = 2
_PAGE_NUMBER = re.compile(r"^\W*(page\s+)?(\d{1,4}|[ivxlcdm]{1,7})(\s*(of|/)\s*\d{1,4})?\W*$", re.IGNORECASE)
# A table-of-contents line: text, a leader of dots (or dot-space runs) and a page number.
_TOC_LINE = re.compile(r"(\.\s?){4,}\s*(\d{1,4}|[ivxlcdm]{1,7})\s*$|…{2,}\s*\d{1,4}\s*$", re.IGNORECASE)
# A numbered heading: a section number of up to four parts (a full stop after it or not), then a title that
# opens with a letter (or a name that starts with digits: "4ti2 as a library", "3D plots") and ends without the
# punctuation that ends a sentence or a list item ("?" may end one: "4.4. Did you get the right package?"), and no
# page number at its end (a contents line without a leader).
_NUMBERED = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+((?:[^\W\d_]|\d+[^\W\d_]).*?)\s*$")
_JOINING = re.compile(r"(?:and|or|of|to|in|on|at|by|for|with|from|as|is|are|the|a|an|than|that|which)\b")
_HEADING_WORDS = 12  # a longer line under a number is a numbered sentence, not a title
_SOFT_HYPHEN = "\ufffe"  # pdfium's mark for a hyphen it found at a line end
_OCR_DPI = 300  # Tesseract reads best at 300 dpi (its documentation's advice)
_OCR_TIMEOUT_S = 120


def _shape(line: str) -> str:
    """A line as a running header or footer repeats it: digits (page numbers, dates) read as one."""
    return re.sub(r"\d+", "#", " ".join(line.split()).lower())


# A running head as LaTeX's classes set it, in capitals, on a page's first line: the chapter's number and title
# ("CHAPTER 6. THE DEBIAN ARCHIVES 6.7. WHAT ARE ALL THOSE DIRECTORIES AT …") or the section's ("3.2. INVOKING
# LAMPCTL", "4 INTERFACES FOR CLASS AND PACKAGE AUTHORS 7"). Its words change with each section, so no one shape of
# it recurs; its form does. A document whose pages open often enough with such a head in a form no heading has (a
# chapter's, or one that ends in its page number) has them; a section's number and title alone might be a heading.
_CAPITALS_HEAD = re.compile(r"\s*(?:(?:CHAPTER|APPENDIX)\s+[A-Z\d]{1,2}\.?|\d{1,2}(?:\.\d{1,2})*\.?)\s+[^a-z]*[A-Z][^a-z]*")
_PAGE_AT_END = re.compile(r"[A-Z…]\s+\d{1,4}$")
# What stands in the running set for all such heads, when heads in a form no heading has open enough pages.
_CAPITALS_SHAPE = "CHAPTER #. TITLE"


def _capitals_head(line: str, sure: bool = False) -> bool:
    """Whether ``line`` has the form of a running head in capitals; with ``sure``, one no heading has: a chapter's
    ("CHAPTER 6. THE ARCHIVES") or one that ends in its page number ("4 INTERFACES FOR PACKAGE AUTHORS 7")."""
    line = line.strip()
    return (len(line) <= 2 * WRAPPED_LINE and bool(_CAPITALS_HEAD.fullmatch(line))
            and (not sure or line.startswith(("CHAPTER", "APPENDIX")) or bool(_PAGE_AT_END.search(line))))


def _running_lines(pages: list[list[str]]) -> set[tuple[int | None, str]]:
    """(place, shape) of the running lines: place is a line's index from the top (0, 1, ...) or from the
    bottom (-1, -2, ...) of its page; place None stands for any edge place (the share rule). A chapter's opening
    ("Chapter 2" over its title) is never one, however many short chapters open pages a page or two apart."""
    if len(pages) < _MIN_REPEATS:
        return set()
    counts: Counter[str] = Counter()
    seen: dict[tuple[int, str], list[int]] = {}  # (place, shape) -> pages it stands on there
    for number, lines in enumerate(pages):
        edge = [(i, line) for i, line in enumerate(lines[:_EDGE_LINES])]
        edge += [(i - len(lines), line) for i, line in enumerate(lines) if i >= max(len(lines) - _EDGE_LINES, _EDGE_LINES)]
        edge = [(place, line) for place, line in edge if line.strip() and not _CHAPTER.match(line)]
        counts.update({_shape(line) for _, line in edge} | ({_CAPITALS_SHAPE} if lines and _capitals_head(lines[0], sure=True) else set()))
        for place, line in edge:
            seen.setdefault((place, _shape(line)), []).append(number)
    least = max(_MIN_REPEATS, int(_REPEAT_SHARE * len(pages) + 0.999))
    running = {(None, shape) for shape, n in counts.items() if n >= least}
    for key, numbers in seen.items():
        if key[0] < 0:
            continue  # the bottom: see _MAX_PAGE_GAP
        run = longest = 1
        for a, b in zip(numbers, numbers[1:]):
            run = run + 1 if b - a <= _MAX_PAGE_GAP else 1
            longest = max(longest, run)
        if longest >= _MIN_REPEATS:
            running.add(key)
    return running


# The share of a document's pages a running line must top to be its title: all of them, a cover or an odd page aside.
_TITLE_SHARE = 0.8


def _running_title(pages: list[list[str]], running: set[tuple[int | None, str]]) -> str:
    """The running line at the top of at least :data:`_TITLE_SHARE` of the pages, with letters and no digits (no
    page number, no chapter's number), or ""."""
    counts: Counter[str] = Counter()
    for lines in pages:
        top = {" ".join(line.split()) for i, line in enumerate(lines[:_EDGE_LINES])
               if ((None, _shape(line)) in running or (i, _shape(line)) in running) and re.search(r"[^\W\d_]", line)
               and not re.search(r"\d", line)}
        counts.update(top)
    title, n = counts.most_common(1)[0] if counts else ("", 0)
    return title if len(pages) >= _MIN_REPEATS and n >= _TITLE_SHARE * len(pages) else ""


# A contents line without a leader ("Seeking-assistance 22", "I Gnuplot 21"): words, then a page number. A page is
# contents when most of its lines are such, at least _CONTENTS_LINES of them, their numbers in order and none past
# the end of the book: a table of figures rarely is all three.
_CONTENTS_ENTRY = re.compile(r"^\s*\S.*?[^\W\d_][^.,;:!?]*?\s(\d{1,4})\s*$")
_CONTENTS_LINES = 8
_CONTENTS_SHARE = 0.7  # of a page's lines
_IN_ORDER_SHARE = 0.9  # of its entries' numbers, each no smaller than the one before
_WRAPPED_ENTRY_LINES = 2  # the most lines an entry's title takes before the line with its leader
_CONTENTS_TITLE = re.compile(r"(?:table\s+of\s+)?contents(?:\s+\d{1,4})?", re.I)


def _contents(lines: list[str], n_pages: int) -> set[int]:
    """The lines of ``lines`` (a page of a book of ``n_pages``) when it is a table of contents: all of them or none. A
    page that is contents is contents throughout; its lines the entry pattern misses ("6 NEWS: Changes since
    version 1.2 47", an entry's page number wrapped to a line of its own) are no text either."""
    # The lines with a leader count too: a book's contents give its chapters without one, their sections with.
    entries = [(i, m.group(1) if m else None) for i, line in enumerate(lines)
               if (m := _CONTENTS_ENTRY.match(line)) or _TOC_LINE.search(line)]
    texts = sum(bool(line.strip()) for line in lines)
    numbers = [int(n) for _, n in entries if n is not None]
    in_order = sum(a <= b for a, b in zip(numbers, numbers[1:]))
    # An entry's title wrapped over lines ("1.5 What is the difference between ... Why" over "should I choose
    # Debian? . . . 2"): the lines before its leader are the entry's too.
    starts = {i for i, _ in entries}
    wrapped: list[int] = []
    pending: list[int] = []
    first = min(starts, default=len(lines))  # the lines above the first entry are the page's (a chapter's title)
    for i, line in enumerate(lines):
        if i in starts:
            wrapped += pending if _TOC_LINE.search(line) and len(pending) <= _WRAPPED_ENTRY_LINES else []
            pending = []
        elif line.strip() and i > first:
            pending.append(i)
    if (len(entries) < _CONTENTS_LINES or len(entries) + len(wrapped) < _CONTENTS_SHARE * texts or not numbers
            or max(numbers) > n_pages or in_order < _IN_ORDER_SHARE * (len(numbers) - 1)):
        if sum(bool(_TOC_LINE.search(line)) for line in lines) < _CONTENTS_LINES:
            return set()
        # Contents that share their page with the title page above them (LaTeX's article: title, authors, date,
        # then "Contents"): many leaders make it contents, but only its entries and its title are.
        return ({i for i, n in entries if n is None or int(n) <= n_pages} | set(wrapped)
                | {i for i, line in enumerate(lines) if _CONTENTS_TITLE.fullmatch(line.strip())})
    return set(range(len(lines)))


_C1_BULLET = re.compile(r"^[\x80-\x9f] ", re.M)
_C1 = re.compile(r"[\x80-\x9f]")
_LONE_GRAVE = re.compile(r"(?:(?<=\s)|^)\u0300[ \t]*", re.M)


def _clean_page(lines: list[str], running: set[tuple[int | None, str]], n_pages: int = 0) -> str:
    """A page's text without running lines, page numbers and TOC lines, hyphenated words joined."""
    kept = []
    contents = _contents(lines, n_pages) if n_pages else set()
    for i, line in enumerate(lines):
        if i in contents:
            continue
        edge = i < _EDGE_LINES or i >= len(lines) - _EDGE_LINES
        place = i if i < _EDGE_LINES else i - len(lines)
        shape = _shape(line)
        if edge and ((None, shape) in running or (place, shape) in running or _PAGE_NUMBER.match(line)) and not _CHAPTER.match(line):
            continue
        if i == 0 and (None, _CAPITALS_SHAPE) in running and _capitals_head(line):
            continue
        if _TOC_LINE.search(line):
            continue
        kept.append(line.rstrip())
    text = "\n".join(kept)
    # A C1 control is no text: pdfium gives one for a glyph it cannot map, TeX's list bullet among them ("\x88 Support
    # for ..."). At a line's start, before a space, it is that bullet; anywhere else, nothing.
    text = _C1.sub("", _C1_BULLET.sub(BULLET, text))
    # TeX's opening quote (`stable') set in a font that draws it as a grave accent: pdfium gives a combining grave
    # with nothing to combine with, before its word or stranded elsewhere on the line; it is dropped.
    text = _LONE_GRAVE.sub("", text)
    text = text.replace(_SOFT_HYPHEN + "\n", "").replace(_SOFT_HYPHEN, "")
    # A hyphen at a line end before a lower-case word: a word cut by the line, joined again.
    return re.sub(r"(\w)-\n(?=[a-z])", r"\1", text)


def numbered_heading(line: str, last: tuple[int, ...] | None) -> tuple[int, ...] | None:
    """The section number of ``line`` when it is a numbered heading that can follow section ``last``, else None.

    Example:
        >>> numbered_heading("3.1 Invoking asn1Parser", (3,)), numbered_heading("3.1 Invoking asn1Parser", (2, 4))
        ((3, 1), None)
        >>> numbered_heading("2. Run the tests.", (1,)), numbered_heading("4 CARD32 N_ENTRIES 12", (3,))
        (None, None)
    """
    number = _shaped(line)
    return number if number is not None and follows_in_outline(last, number) else None


def _shaped(line: str) -> tuple[int, ...] | None:
    """The section number of ``line`` when it has a numbered heading's shape, wherever it stands."""
    # The length first: the pattern's lazy title is quadratic in a long run of spaces (a hostile page's line).
    if len(line.strip()) > 2 * WRAPPED_LINE:
        return None
    m = _NUMBERED.match(line.strip())
    if not m or len(m.group(2).split()) > _HEADING_WORDS:
        return None
    title = m.group(2)
    # A sentence or list item, a contents line's page number, a footnote's address; or a sentence's middle under a
    # number that wrapped to the line's start (an exponent: "with λ ∈ Z" / "2 and λ ∈ Z"): a joining word opens no title.
    if (title[-1] in ".,;:!" or re.search(r"\s\d+$", title) or re.search(r"://|www\.", title)
            or _JOINING.match(title)):
        return None
    return tuple(int(n) for n in m.group(1).split("."))


Outline = tuple[tuple[int, ...] | None, bool | None]
"""Where reading a PDF's numbered headings stands: the last heading's number, and whether its headings put a full
stop after their number ("2.1. NAME") or not ("2.1 ASN.1 syntax"), each None before the first heading."""


def _dotted(line: str) -> bool:
    """Whether a numbered line puts a full stop after its number ("2.1. NAME")."""
    return bool(re.match(r"\s*[\d.]*\d\.\s", line))


# At most this many of a PDF's bookmarks are read: a manual of 300 pages has some 650; a hostile outline may have more.
_MAX_BOOKMARKS = 20_000


def _bookmarks(pdf) -> dict[int, list[tuple[str, int]]]:
    """The PDF's bookmarks by the page each opens (0-based): the words of its title and its level (1 for the outline's
    top), in outline order; none when the PDF has no outline or pdfium cannot read it."""
    import pypdfium2 as pdfium

    marks: dict[int, list[tuple[str, int]]] = {}
    try:
        for i, mark in enumerate(pdf.get_toc()):
            if i >= _MAX_BOOKMARKS:
                break
            dest = mark.get_dest()
            index = dest.get_index() if dest is not None else None
            title = _heading_words(mark.get_title() or "")
            if index is not None and title:
                marks.setdefault(index, []).append((title, mark.level + 1))
    except (pdfium.PdfiumError, ValueError):
        return {}
    return marks


def _heading_words(line: str) -> str:
    """A line's words, as a bookmark's title is matched against the page's lines: in their case, so that the command
    "refresh" in an example above it is not taken for the heading "Refresh"."""
    return " ".join(re.findall(r"[^\W_]+", line))


# A heading's section number ("4.1 ", "2.1. "), as a bookmarked line may open with it.
_LEADING_NUMBER = re.compile(r"\s*(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s")
# The most lines a bookmark's title is found wrapped over.
_TITLE_LINES = 3


def _bookmarked(lines: list[str], i: int, unclaimed: dict[str, list[int]]) -> tuple[int, int] | None:
    """The level of the bookmark whose title ``lines[i]`` is, alone or with the lines after it (a title wrapped over
    up to :data:`_TITLE_LINES`), with its section number or without, and how many lines it takes; the bookmark is
    claimed. None when the line starts no bookmark's title."""
    words = bare = ""
    for taken in range(1, min(_TITLE_LINES, len(lines) - i) + 1):
        line = lines[i + taken - 1]
        words = f"{words} {_heading_words(line)}".strip()
        bare = f"{bare} {_heading_words(_LEADING_NUMBER.sub('', line, count=1) if taken == 1 else line)}".strip()
        if not bare:
            return None  # a line without a word (".") opens no title
        for title in (words, bare):
            if unclaimed.get(title):
                return unclaimed[title].pop(0), taken
        if not any(t.startswith(bare) or t.startswith(words) for t, levels in unclaimed.items() if levels):
            return None
    return None


def _sectioned(text: str, outline: Outline, marks: Sequence[tuple[str, int]] = ()) -> tuple[list[tuple[str, int]], Outline]:
    """A page's text as (block, heading level) pairs, level 0 for a block that is no heading, with the numbered
    headings (:func:`numbered_heading`) and the lines that are one of the page's bookmarks (``marks``, each a title's
    words and its level; each heads the first line, or the first few lines, that are it: :func:`_bookmarked`) as blocks
    of their own; and the outline after it, for the next page.

    Heading-shaped lines one under another, the lower not the first child of the upper, are a list (or a contents
    page without leaders), and so is a line numbered unlike the headings before it; neither is a line as long as
    prose that the prose above runs into."""
    last, dotted = outline
    out: list[tuple[str, int]] = []
    unclaimed: dict[str, list[int]] = {}  # a bookmark's title words: the levels of those not yet found on the page
    for title, level in marks:
        unclaimed.setdefault(title, []).append(level)
    for block in re.split(r"\n\s*\n", text):
        lines = _chapters(block.split("\n"))
        body: list[str] = []
        i = 0
        while i < len(lines):
            claimed = _bookmarked(lines, i, unclaimed) if unclaimed else None
            if claimed is not None:
                # A bookmark's title, numbered or not, on one line or wrapped over a few ("4.1 On what hardware
                # architectures does Debian GNU/Linux" / "run?"): one heading, and where the numbered outline stands.
                level, taken = claimed
                if body:
                    out.append(("\n".join(body), 0))
                    body = []
                heading = " ".join(x.strip() for x in lines[i: i + taken])
                out.append((heading, level))
                if (lead := _LEADING_NUMBER.match(heading)) is not None:
                    last, dotted = tuple(int(n) for n in lead.group(1).split(".")), _dotted(heading)
                i += taken
                continue
            line = lines[i]
            i += 1
            number = numbered_heading(line, last)
            if number is not None:
                after = next((x for x in lines[i:] if x.strip()), "")
                before = _shaped(body[-1]) if body else None
                listed = (_shaped(after) not in (None, number + (1,))) or (before is not None and number != before + (1,))
                # A document numbers its headings one way: "3." under headings numbered "2.1 ..." is a list's item.
                listed = listed or (dotted is not None and dotted != _dotted(line))
                # A line as long as wrapped prose, which the line above runs into, is a sentence that starts with a number.
                wrapped = len(line.strip()) >= WRAPPED_LINE and bool(body) and continues(body[-1], line, wrapped=True)
                if listed or wrapped:
                    number = None
            if number is None:
                body.append(line)
                continue
            if body:
                out.append(("\n".join(body), 0))
                body = []
            out.append((line.strip(), len(number)))
            last, dotted = number, _dotted(line)
        if body:
            out.append(("\n".join(body), 0))
    return out, (last, dotted)


# A book's chapter heading as LaTeX sets it: "Chapter 2" over its title ("Advanced guide"), a line each.
_CHAPTER = re.compile(r"\s*(?:Chapter|CHAPTER)\s+(\d{1,2})\s*$")


def _chapters(lines: list[str]) -> list[str]:
    """``lines`` with each "Chapter N" line and the title under it as one numbered heading's line ("2 Advanced guide"),
    so that the chapter heads the outline its sections ("2.1 Affine systems") go on."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        m = _CHAPTER.match(lines[i])
        if m and i + 1 < len(lines) and _shaped(f"{m.group(1)} {lines[i + 1].strip()}") is not None:
            out.append(f"{m.group(1)} {lines[i + 1].strip()}")
            i += 2
            continue
        out.append(lines[i])
        i += 1
    return out


def _ocr(page, number: int) -> str:
    """The text Tesseract reads on a rendered page."""
    image = page.render(scale=_OCR_DPI / 72).to_pil()
    with tempfile.TemporaryDirectory(prefix="qa-ocr-") as tmp:
        png = Path(tmp) / "page.png"
        image.save(png)
        run = subprocess.run(["tesseract", str(png), "stdout"], capture_output=True, text=True, timeout=_OCR_TIMEOUT_S)
    if run.returncode != 0:
        raise DocumentError(f"page {number}: tesseract failed ({run.stderr.strip().splitlines()[-1:] or run.returncode})")
    return run.stdout


def open_pdf(path: Path):
    """The pypdfium2 document at ``path``; :class:`DocumentError` for a malformed or password-protected file."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise DocumentError(f"{path.name}: encrypted PDF (needs a password)") from exc
        raise DocumentError(f"{path.name}: malformed PDF ({exc})") from exc


# A gap between two glyphs of a line at least this share of the font's size is a space between words. pdfium leaves
# out some that PDFs set as a move rather than a space glyph: groff's, through Ghostscript, after a kerned letter
# ("as theyare read.", "exit successfully.Ifthe reserved": 1,731 in bash's manual page, none in the ten LaTeX, DocBook
# and Texinfo PDFs of the real-document set and the trials). Kerning moves a glyph by hundredths of an em; the
# narrowest word space is TeX's shrunk 0.22 em, and Times' is 0.25 em.
_WORD_GAP = 0.2


def _spaced(textpage, text: str) -> str:
    """``text``, pdfium's text of ``textpage``, with a space where two glyphs of a line stand a word's gap apart
    (:data:`_WORD_GAP`) and pdfium gave none. Each character's loose box is where its advance puts it."""
    import pypdfium2.raw as pdfium_c

    if len(text) != textpage.count_chars():
        return text  # characters outside the basic plane: its indices are not the text's
    out, last = [], None
    for i, char in enumerate(text):
        if char.isspace() or char == _SOFT_HYPHEN:
            last = None
        else:
            box = textpage.get_charbox(i, loose=True)
            if last is not None:
                size = pdfium_c.FPDFText_GetFontSize(textpage.raw, i) or box[3] - box[1]
                if abs(box[1] - last[1]) < size / 3 and box[0] - last[2] > _WORD_GAP * size:
                    out.append(" ")
            last = box
        out.append(char)
    return "".join(out)


# The glyphs groff sets for what was typed as "-" and "~" ("−−login", "˜/.bashrc"): read as typed, so "--login" in
# a question is the option in the text. One character for one, so the glyphs' boxes stay the text's.
_AS_TYPED = str.maketrans({"\u2212": "-", "\u02dc": "~"})


def page_lines(page) -> list[str]:
    """The text lines of a pypdfium2 page, as pdfium extracts them, with the spaces it left out (:func:`_spaced`) and
    groff's minus signs and tildes as typed (:data:`_AS_TYPED`)."""
    textpage = page.get_textpage()
    try:
        text = _spaced(textpage, textpage.get_text_range()).translate(_AS_TYPED)
        return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    finally:
        textpage.close()


def read_pdf(path: Path, out) -> None:
    """Read the PDF at ``path`` into ``out`` (a :class:`qa.read.Blocks`): a page label before each page's text."""
    import pypdfium2 as pdfium

    pdf = open_pdf(path)
    try:
        try:
            pages = [page_lines(pdf[i]) for i in range(len(pdf))]
            out.title = (pdf.get_metadata_dict().get("Title") or "").strip()
        except pdfium.PdfiumError as exc:
            raise DocumentError(f"{path.name}: malformed PDF ({exc})") from exc
        running = _running_lines(pages)
        # A book's title often runs at the top of every page and nowhere else: the title to fall back on when the
        # first line is none (a cover's first line may be the publisher's: "X Desktop Group (http://...)").
        out.running_title = _running_title(pages, running)
        tesseract = shutil.which("tesseract")
        unread: list[int] = []  # pages without a text layer and no tesseract to read them
        outline: Outline = (None, None)  # see _sectioned
        marks = _bookmarks(pdf)
        for number, lines in enumerate(pages, start=1):
            text = _clean_page(lines, running, len(pages))
            if not any(line.strip() for line in lines):
                if tesseract:
                    try:
                        text = _ocr(pdf[number - 1], number)
                    except (OSError, subprocess.SubprocessError) as exc:
                        raise DocumentError(f"{path.name}: page {number}: tesseract failed ({exc})") from exc
                else:
                    unread.append(number)
            out.page(str(number))
            # Paragraphs split at blank lines, where the page has them (OCR gives them), and at headings, numbered or
            # bookmarked.
            blocks, outline = _sectioned(text, outline, marks.get(number - 1, []))
            for block, level in blocks:
                out.add(block, heading=level)
    finally:
        pdf.close()
    if unread:
        which = f"page {unread[0]} has" if len(unread) == 1 else f"pages {', '.join(map(str, unread))} have"
        out.notes.append(f"{path.name}: {which} no text layer; install tesseract-ocr to read {'it' if len(unread) == 1 else 'them'}")
    if not out.parts:
        raise DocumentError(out.notes[0] if out.notes else f"{path.name}: PDF has no extractable text")
