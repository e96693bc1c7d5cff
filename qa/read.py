"""Turn a file into plain text with its structure: .txt, .md, .rst, .html/.htm, .pdf, .docx and .pptx.

A reader gives a :class:`Document`: the text (blocks separated by blank lines; every offset
in citeqa refers to it), the title, where each page starts (PDF pages, pptx slides) and
where each heading starts, with its level (HTML, markdown, reStructuredText, docx, pptx, and plain text's
headings underlined reStructuredText's way). Chunking turns
those into each chunk's page and section path.

Markdown is parsed (markdown-it-py, CommonMark with tables): headings, paragraphs and
code blocks come out as blocks of plain text (a short paragraph of bold words alone, a heading), a tight list or a table as one block of
a line per item or row (a list of long items: each item a paragraph; short items marked when one opens in lower
case), the items of a loose list as paragraphs; links keep
their words and lose their targets; images, badges, raw HTML, link definitions and
front matter are left out, so none of their syntax is indexed, embedded or quoted.

Example:
    >>> blocks = _markdown_text("# Guide\\n\\nRead [the FAQ](faq.md) **first**.\\n\\n- One\\n- Two\\n")
    >>> blocks.title, blocks.parts, blocks.headings
    ('Guide', ['Guide', 'Read the FAQ first.', 'One\\nTwo'], [(0, 1, 'Guide')])
"""

from __future__ import annotations

import hashlib
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

from .chunk import BULLET, EXAMPLE_CHARS, LIST_ITEM, SEPARATOR_CHARS, WRAPPED_LINE, follows_in_outline, is_boilerplate
from .errors import DocumentError, NothingToReadError
from .settings import BYTES_PER_MB
from .words import ADDRESS, CODE, STOP_WORDS

SUFFIXES: tuple[str, ...] = (".txt", ".md", ".markdown", ".rst", ".html", ".htm", ".pdf", ".docx", ".pptx")
"""The file types citeqa reads, as lower-case suffixes; the one list of them.

Compare ``Path(name).suffix.lower()`` against it. Ingest, the UI and the CLI import it
from here rather than keeping their own copy.
"""

# A plain-text document named without one of those suffixes, as Debian's /usr/share/doc and source trees name them:
# no suffix at all ("README", "FAQ", "AUTHORS"), or a word in capitals among the name's parts ("README.Debian",
# "INSTALL.unix", "lampd-FAQ.old"). Such a file is read as .txt when what it holds is text (:func:`plain_text_by_name`).
_TEXT_NAME = re.compile(r"(?:.*[._-])?[A-Z]{3,}(?:[._-].*)?")
# How much of such a file is looked at to tell text from a program or binary data.
_SNIFF_BYTES = 4096


def plain_text_by_name(path: Path) -> bool:
    """Whether ``path`` is a plain-text document named without a suffix citeqa reads: "README", "FAQ",
    "README.Debian", holding text rather than binary data or a script ("#!").

    Example:
        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp())
        >>> _ = (folder / "README.Debian").write_text("Lampd for Debian\\n")
        >>> _ = (folder / "lampd").write_bytes(b"\\x7fELF\\x00\\x01")
        >>> _ = (folder / "notes.cfg").write_text("a = 1\\n")
        >>> _ = (folder / "lampd-FAQ.old").write_text("Q: Why?\\n")
        >>> [plain_text_by_name(folder / n) for n in ("README.Debian", "lampd", "notes.cfg", "lampd-FAQ.old")]
        [True, False, False, True]
    """
    if path.suffix.lower() in SUFFIXES or (path.suffix and not _TEXT_NAME.fullmatch(path.name)):
        return False
    try:
        with path.open("rb") as f:
            head = f.read(_SNIFF_BYTES)
    except OSError:
        return False
    if b"\0" in head or head.startswith(b"#!"):
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3  # a character cut at the end of what was read
    return True


STRUCTURED_SUFFIXES: frozenset[str] = frozenset({".md", ".markdown", ".rst", ".html", ".htm", ".docx", ".pptx"})
"""The file types whose readers know the document's paragraphs: their text is never hard-wrapped, so the lines of
one block are a list's items (a slide's, a README's "Features"), a table's rows or code, not a paragraph's lines."""

READER_VERSION = 50
"""The version of what the readers make of a file; stored with every chunk.

Raise it whenever a reader's output changes (text, pages or headings): ingest then reads,
chunks and embeds again every document stored by an older version, so an existing store
is brought up to date rather than left stale. 1: the readers before pages and sections
(stores from then carry no version and count as 1). 2: pages and sections. 3: HTML laid out
with tables read once, in paragraphs; a ``<br>`` parts words; a defined term (``<dt>``) heads its
definition; plain text's underlined headings; chunking's furniture rules keep
documentation's lines about cookies, subscriptions and products; a heading never runs into the
text under it; a paragraph ending in ":" keeps the example under it, a signature the definition indented under it.
4: a hard-wrapped sentence runs on past a line that ends in a semicolon.
5: a heading is never taken for the example a paragraph ending in ":" introduces; an HTML page's bar of links
that step through a manual (texinfo's "Next: ..., Up: ...") is navigation, as are a Sphinx site's index tables; a
description's field list ("Returns: ...") is a block per field rather than headings, and a list of short items one
block; a paragraph that announces what follows ("The following ...") keeps the list after it; a paragraph of bold
words alone is a heading (markdown, HTML, reStructuredText); a full stop after a word that is no abbreviation ends a
sentence even when the next opens in lower case.
6: a PDF's numbered section headings ("3.1 Invoking asn1Parser") are headings, and its running title its title when its
first line is an address; "eg." and "ie." end no sentence, and a line inside open brackets or after a comma runs on; a
block of code (markdown, HTML ``<pre>``) is one block, its blank lines dropped.
7: a line that ends in ":" introduces what follows and is no title.
8: a table of contents (a list of links to the headings after it, in their order; markdown, HTML) is left out.
9: a plain-text FAQ's questions (paragraphs of their own ending in "?", three or more, the text after the last no
longer than twice the longest answer before it) head their answers.
10: a line holding a web or mail address ("Documentation: https://...") or asking a question is no title; a markdown
file's blocks of HTML (a README's centred title and tagline) are read.
11: plain text's lines of capitals over indented text ("DESCRIPTION", as manual pages write them) are headings, and a
word a manual page cut with its own hyphen (U+2010) at a line's end is joined.
12: a heading's line is a paragraph of its own when the text under it follows with no blank line.
13: an HTML page's image of its own title (``alt`` the ``<title>``, no heading of that text) is its heading.
14: a paragraph that stops inside a sentence ("you can use") keeps the command under it, and the rest of the sentence after.
15: characters of Unicode's private use area (an icon font's glyphs) are dropped; docutils' admonition
and topic titles ("Note", "When to use include()") are headings.
16: a PDF's page of contents without dot leaders (most lines a title and a page number, in order) is left out.
17: a PDF's C1 control characters are dropped, one at a line's start before a space read as a bullet ("• ").
18: a PDF's page of contents is left out whole (an entry its pattern missed too); a PDF's outline may open with a
section numbered 0 ("0 How to use this Guide"), and "Chapter 2" over its title is its section 2; a remark in
brackets after a finished sentence ends its paragraph's last sentence ("support. (Optional)" over "socksio - ...").
19: a web address that ends a sentence ends it before a lower-case word (".../listinfo/nauty." over "nauty and Traces are ...").
20: so does a bracket closed before a full stop ("(but it sets it to TRUE)." over "boolean cartesian: ..."), and a
number's full stop at a line's end ("Default 100." over "int mininvarlevel: ..."; "April 2009." over a paragraph "iPods ...").
21: a byline alone on its line after a blank one ("by Mara Ellison") is a sentence of its own, not the end of the title's.
22: a plain-text document's title is never the first line of a hard-wrapped paragraph of prose ("Please note that this
document is provided in order to document" over "Debian's history. ..."): the file's name is its title then.
23: a table's row is one sentence, whatever full stops its cells hold ("loop.index | The current iteration of the loop.
(1 indexed)").
24: an HTML section whose anchor is its heading's words is never page furniture, whatever the words
("highlighting-active-menu-items", "related-projects", "cookies": Sphinx's sections had been dropped whole).
25: a PDF's line that is one of its bookmarks (its outline) on that bookmark's page is a heading, numbered or not
("Replot" in gnuplot's manual had run into the example above it and the sentence under it).
26: an HTML element that holds the page's main content is never furniture, whatever its class or tag (Read the Docs'
theme wraps its pages in "wy-grid-for-nav": such a page had been refused as having no text).
27: a list that a sentence ending in ":" introduces, if it fits an example, is one block of its items marked as a
browser shows them ("• nesting is reduced", "2. Trim the wick"), kept with that sentence however long its items
(markdown, HTML); a block of list items ends its paragraph ("• saves the compiler work" ran into the code under it).
28: a heading's words as a link are the heading's, whatever the link's class: docutils links each section's title back
to a ``.. contents::`` list ("toc-backref"), and every title of such a document had been dropped (tqdm's README).
29: a command shown without a prompt ("pip install tqdm", :data:`qa.words.COMMAND`) is code, never a heading-like line.
30: Sphinx's list of links to a manual's other pages (its "toctree-wrapper", on index pages) is navigation, and what a
page shows only when printed ("onlyprint": Jupyter Book's theme repeats the title there) is furniture.
31: a short paragraph of bold words alone that asks a question heads what follows, as a FAQ writes its questions; a
plain-text FAQ's question wrapped over lines is one heading, not its first line over the rest; a web address cut at a
line's end runs on to the next line; "No." before a capital ends a sentence ("No. If you have installed ...");
a PDF's bookmarked title is a heading with its number and wrapped over lines, its chapters' openings are never
running lines, its running heads in capitals ("CHAPTER 6. THE ARCHIVES 6.7. ...") and contents whose entries wrap
are dropped, and so are running heads in capitals that end in their page number, the entries of contents under a
title page, and a grave accent that combines with nothing; an item of a list of long items (markdown, HTML) is
marked as a browser shows it ("• apt-cache for querying ..."), so it is never taken for the rest of the item before it;
a line break before a bullet ends a sentence, and an item's bullet or number opens no sentence's span.
32: a note's mark in the text ("not classes.<a ...>1</a> Since", "[^1]", "[#]_") is left out, so it no longer hides
the end of the sentence it follows; the notes that docutils puts in an ``<aside>`` are read, not dropped as furniture;
an indented item number ("    1. Decide on ...", as plain text sets its lists) opens its item's sentence and is no
sentence of its own; a PDF's word space that pdfium leaves out is put back ("as theyare read.Ifthe", groff's manuals);
texi2html's bars of links through a manual ("[ < ] [ Up ] [ > ] [Top] [Contents]") are navigation.
33: a company's "Inc." or a list's "etc." ends its sentence before a capitalised word that opens sentences ("ESL,
Inc. The implementation of POSTGRES began in 1986." is two); groff's minus signs and tildes in a PDF read as typed
("--login", "~/.bashrc"); a page that only redirects to another (texinfo writes one for each node) is
refused, and texinfo's indexes of concepts and functions are not text; a plain text's numbered sections ("5. Project
Leader", "  5.1. Powers") are headings.
34: a line of ten marks or more in a text is a separator, never text, and a short line right under one heads its
section (Vim's help); a sentence over an underline is no heading.
35: terms in a row of a definition list (``<dt>``, ``<dt>``, ``<dd>``) head the definition they share together.
36: a plain text's definition list (a manual page's options and settings, "ServerAliveInterval" over its definition
indented deeper) has its terms as headings; a version's line under the title ("Version 2.0, January 2004") is not it.
37: a web page copied to text has its headings where their permalinks' pilcrows are ("2.3. dh-python¶").
38: a plain text's definition list's term may be long when it lists names ("ForwardToSyslog=, ForwardToKMsg=,", on a
line or more); a manual page's running head and foot ("CRONTAB(5)   File Formats Manual   CRONTAB(5)") are no text;
a disclosure's summary (``<summary>``) is a heading; a comment's line under a line of code opens a sentence; a plain
text's table drawn in box-drawing characters is read as rows of cells; a paragraph said again under another heading
is kept (each option's "Default: false"); a defined term anchored with its own words is no page furniture
(Sphinx's ``<dt id="SESSION_COOKIE_NAME">``, whose id says "cookie").
39: a paragraph that ends on a one-letter word's full stop ends its sentence ("... just before the n." had run on into
the next paragraph); a short line that is no sentence is an example of the sentence over it that ends in ":" (a format
shown: "sourcefile:lineno: message"), and kept with it; a text file written in reStructuredText (Django's
documentation) is read as reStructuredText.
40: a list of short items, one of which opens in lower case, is marked as a list of longer items is, each item a
sentence of its own (a changelog's "add mergeParams option to Router" had run on from the item before it).
41: a plain-text changelog's release lines ("CHANGES FROM 3.2a TO 3.3", "Version 2.4.1 (2021-03-02)") over their lists
of changes are headings, so a change is quoted under the release that made it.
42: a line that opens with a remark in brackets goes on with the sentence of the line before ("... by its author, Ed
Nather" over "(<nather@astro.as.utexas.edu>), on May 21, 1983." had been two sentences).
43: a heading the reader found inside a block opens a paragraph of its own (an indented numbered list's items).
44: a command between two rules of dashes is an AsciiDoc listing, not an overlined title ("git log -p --color |
/path/to/diff-highlight" had headed the rest of its section); an HTML table's row of one filled cell is text (a
DocBook FAQ's answer beside its anchor's empty cell), and a DocBook FAQ's question row heads its answer.
45: a short paragraph of italic words alone that asks a question heads what follows, as a FAQ may write its questions
("*License?*" over "MIT", markdown or reStructuredText).
46: a hard-wrapped sentence runs on past a colon the wrapping left at a line's end before prose ("adds the
Cache-Control:" over "header with a value of 'no-cache' which ..."), and past a line that stops on an article or a
preposition.
47: a line that introduces what follows it is never furniture ("Install from PyPI using pip:", which was dropped with its
command); a short indented line over a blank one ends its sentence ("\tUTS (Amdahl)" over "bc is an arbitrary ...");
two questions of a plain-text FAQ that share an answer both head it.
48: a web address alone on its line over a blank one ends its sentence ("http://..." over "cups-pk-helper is ..."), and so
does a version's full stop at a line's end ("... requires Python 3.10 - 3.15." over "pip install watchfiles").
49: a line that ends on an address over a blank one ends its sentence, a byline's mail too ("Christian Heimes
<christian@python.org>" over "defusedxml is ...").
50: a doctest ends over a blank line, however the paragraph after it opens ("4138058784" over "mmh3.mmh3_x64_128_digest()
...").
"""


def list_items(items: list[str], ordered: bool, start: int = 1) -> list[str]:
    """A list's items marked as a browser shows them ("• nesting is reduced", "2. Trim the wick"): an item is no
    sentence's rest, however it opens ("apt-cache for querying ..." under "apt-get for retrieval of ...")."""
    return [f"{n}. {item}" if ordered else f"{BULLET}{item}" for n, item in enumerate(items, start=start)]


def short_items(items: list[str], ordered: bool) -> str:
    """A list of short items as one block, a line each: as they are (a menu of names, "Lighting" over "Whale oil"), or
    marked (:func:`list_items`) when one opens in lower case, which would run on from the item over it as a wrapped
    line does (a changelog's "add mergeParams option to Router" under "add headers option to res.sendfile").

    Example:
        >>> short_items(["Lighting", "Whale oil"], False), short_items(["add dimming", "fix the wick"], False)
        ('Lighting\\nWhale oil', '• add dimming\\n• fix the wick')
    """
    marked = any(item[:1].islower() for item in items)
    return "\n".join(list_items(items, ordered) if marked else items)


@dataclass(frozen=True)
class Document:
    """A readable file: its text (offsets refer to it), a title, and its structure.

    ``pages``: (offset where a page starts, its label: "12", "slide 3"), in order.
    ``headings``: (offset where a heading starts, its level 1-6, its text), in order.
    ``notes``: what a reader could not do but did not stop for (a page without a text layer).
    """

    source: str
    title: str
    text: str
    pages: tuple[tuple[int, str], ...] = ()
    headings: tuple[tuple[int, int, str], ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def sha256(self) -> str:
        """The version of the text: what an answer's audit record names, and checks its offsets against."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass
class Blocks:
    """Builds a document's text block by block (blank lines between), noting where pages and headings start.

    Not frozen: a builder, filled by one reader call and then turned into a :class:`Document`.
    """

    title: str = ""
    parts: list[str] = field(default_factory=list)
    pages: list[tuple[int, str]] = field(default_factory=list)
    headings: list[tuple[int, int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # A title to fall back on when the document's first lines give none: a PDF's running header.
    running_title: str = ""
    _size: int = 0
    _page: str | None = None

    def page(self, label: str) -> None:
        """The next block starts page ``label``."""
        self._page = label

    def add(self, text: str, heading: int = 0) -> None:
        """Add a block; ``heading`` is its level when it is a heading (1 = top)."""
        text = _PRIVATE_USE.sub("", text).strip()
        if not re.search(r"\w", text):  # what an icon font's glyphs leave ("/" between two): nothing to read
            return
        offset = self._size + (2 if self.parts else 0)
        if self._page is not None:
            self.pages.append((offset, self._page))
            self._page = None
        if heading:
            self.headings.append((offset, heading, " ".join(text.split())))
        self.parts.append(text)
        self._size = offset + len(text)

    def introduced_list(self, items: list[str], ordered: bool) -> str | None:
        """A list's items as one block, a line each, marked (:func:`list_items`), when the last block introduces them
        (it ends in ":", "The rationale for using gotos is:") and they fit an example (:data:`qa.chunk.EXAMPLE_CHARS`):
        the chunker keeps them with it, whatever their length. None otherwise: the reader adds them its own way."""
        block = "\n".join(list_items(items, ordered))
        introduced = bool(self.parts) and self.parts[-1].rstrip().endswith(":")
        return block if introduced and len(block) <= EXAMPLE_CHARS else None

    def document(self, source: str, fallback_title: str) -> Document:
        text = "\n\n".join(self.parts)
        first = _first_line_title(text, fallback_title)
        opening = next((line for line in text.splitlines() if line.strip()), "")
        if self.running_title and (first == fallback_title or ADDRESS.search(opening)):
            first = self.running_title  # "X Desktop Group (http://www.freedesktop.org)" opens the page, and is no title
        return Document(source=source, title=self.title.strip() or first, text=text,
                        pages=tuple(self.pages), headings=tuple(self.headings), notes=tuple(self.notes))


# The character set an HTML page declares in its head: <meta charset="ISO-8859-1"> or <meta http-equiv="Content-Type"
# content="text/html; charset=ISO-8859-1">, as older manuals (DocBook, texinfo) were written.
_DECLARED_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_HEAD_BYTES = 4096


def _decode(data: bytes, path: Path) -> str:
    """``data`` as text: UTF-8, or for an HTML page that is not, the character set it declares; no other guessing."""
    if not data.strip():
        raise NothingToReadError(f"{path.name}: empty file")
    if b"\0" in data[:8192]:
        raise DocumentError(f"{path.name}: binary data, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        declared = _DECLARED_CHARSET.search(data[:_HEAD_BYTES]) if path.suffix.lower() in (".html", ".htm") else None
        try:
            text = data.decode(declared.group(1).decode("ascii")) if declared else None
        except (LookupError, UnicodeDecodeError):
            text = None
        if text is None:
            raise DocumentError(f"{path.name}: not UTF-8 text (bad byte at offset {exc.start})") from exc
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.05 * min(len(text), 8192):
        raise DocumentError(f"{path.name}: binary data, not text")
    return _PRIVATE_USE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


# Unicode's private use area: an icon font's glyphs (Django's documentation draws its Linux, macOS and Windows tabs as
# "\uf17c/\uf179"), which no reader can read and which would stand between a sentence and the example it introduces.
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


# YAML (---) or TOML (+++) front matter at the very start of a markdown file: metadata, not text.
_FRONT_MATTER = re.compile(r"\A(---|\+\+\+)[ \t]*\n.*?\n\1[ \t]*(\n|\Z)", re.S)


# The longest paragraph of bold words alone that is read as a heading: two and a half lines of prose (WRAPPED_LINE
# is one), room for an example's long title ("Example 1: To create a pre-signed URL with the default one hour
# lifetime that links to an object in an S3 bucket", 111 characters); bold words beyond that are emphasis.
BOLD_HEADING_CHARS = 2 * WRAPPED_LINE + WRAPPED_LINE // 2


def code_block(text: str) -> str:
    """A block of code as one block: without its blank lines, which would cut it into fragments ("console.print(x)"
    alone, a closing bracket) that chunking and answers take for paragraphs of their own.

    Example:
        >>> code_block("table = Table()\\n\\nconsole.print(table)\\n")
        'table = Table()\\nconsole.print(table)'
    """
    return re.sub(r"\n[ \t]*(?=\n)", "", text.strip("\n"))


def is_bold_heading(text: str, bold_only: bool) -> bool:
    """Whether a paragraph of ``text``, all of it bold when ``bold_only``, heads what follows, as documentation writes
    the headings of its examples ("**Example 1: Copying a local file to S3**") and a FAQ its questions ("**(12) I
    deleted a lot of data but the file did not get any smaller. Is this a bug?**"): short, and no statement; a numbered
    one may exclaim ("**(3) SQLite lets me insert a string into a database column of type integer!**").

    Example:
        >>> is_bold_heading("(3) It lets me insert a string!", True), is_bold_heading("Never do this!", True)
        (True, False)
    """
    ends = r"[.;,]$" if _NUMBERED_ENTRY.match(text) else r"[.!;,]$"
    return bold_only and 0 < len(text) <= BOLD_HEADING_CHARS and not re.search(ends, text)


def is_italic_question(text: str, italic_only: bool) -> bool:
    """Whether a paragraph of ``text``, all of it italic when ``italic_only``, is a FAQ's question that heads its answer
    ("*Should I use it?*"): a question as short as a bold heading (:func:`is_bold_heading`); italic words that say
    anything else are emphasis or a quotation.

    Example:
        >>> is_italic_question("License?", True), is_italic_question("Keep the light burning.", True)
        (True, False)
    """
    return italic_only and 0 < len(text) <= BOLD_HEADING_CHARS and text.rstrip().endswith("?")


# The number a FAQ's or a list's entry opens with: "(3) ", "3. ", "3) ".
_NUMBERED_ENTRY = re.compile(r"\(?\d+[.)]\s")


# GitHub's footnotes in markdown: the mark in the text, and the label that opens the note.
_NOTE_REF = re.compile(r"^\[\^[^\]\s]+\]:\s*|\[\^[^\]\s]+\]")


def _inline_text(token) -> str:
    """The words of an inline token: text and code kept, link targets, images and raw HTML left out."""
    out = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
        # image (a badge or a picture: its alt text is no sentence of the document), html_inline: left out
    # A note's mark ("classes.[^1] Since") glues to the word before and hides the sentence's end; the note itself
    # ("[^1]: The word is ...") is a paragraph of its own.
    return _NOTE_REF.sub("", re.sub(r"\s+", " ", "".join(out))).strip()


def _markdown_text(raw: str) -> Blocks:
    """The blocks of a markdown document, its headings, and its title (the first level-1 heading); see the module docstring."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(_FRONT_MATTER.sub("", raw, count=1))
    out = Blocks()
    lines: list[str] = []  # the items of a tight list or the rows of a table, one block
    row: list[str] = []
    depth = 0  # inside lists and tables: their inline parts are lines of one block
    outer = ""  # the outermost list's or table's opening token
    level = 0  # of the last heading

    within: list[str] = []  # for each line that is a link within the page and nothing else, where it links to
    # Where each heading is, by the anchor a renderer gives it ("Release types" -> "release-types", GitHub's way).
    anchors: dict[str, list[int]] = {}
    for i, t in enumerate(tokens):
        if t.type == "heading_open" and i + 1 < len(tokens):
            anchors.setdefault(re.sub(r"[^\w\- ]", "", _inline_text(tokens[i + 1]).lower()).replace(" ", "-"), []).append(i)

    def contents(at: int) -> bool:
        """Whether the list that ends at token ``at`` is a table of contents: its lines link to the headings after
        it, in their order (links to places elsewhere are a list of the text)."""
        if at < 0 or not lines or len(within) != len(lines):
            return False
        places = [next((i for i in anchors.get(href, ()) if i > at), -1) for href in within]
        return -1 not in places and places == sorted(places)

    def flush(at: int = -1) -> None:
        # A table of contents is left out: the headings it links to are read where they are.
        # Short items (a menu of names, a table's rows) are the lines of one block; an item as long as
        # a line of prose or longer is a paragraph of its own, as an HTML list item is.
        if contents(at):
            pass
        elif lines and all(len(line) < WRAPPED_LINE for line in lines):
            out.add("\n".join(lines) if outer == "table_open" else short_items(lines, outer == "ordered_list_open"))
        elif lines and outer != "table_open" and (block := out.introduced_list(lines, outer == "ordered_list_open")):
            out.add(block)
        else:
            # An item as long as a line of prose: a paragraph of its own, marked; a table's rows are not.
            for line in lines if outer == "table_open" else list_items(lines, outer == "ordered_list_open"):
                out.add(line)
        lines.clear()
        within.clear()

    for i, token in enumerate(tokens):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open", "table_open"):
            outer = outer if depth else kind
            depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close", "table_close"):
            depth -= 1
            if depth == 0:
                flush(i)
        elif kind == "tr_close":
            if any(row):
                lines.append(" | ".join(row))
            row = []
        elif kind == "inline":
            text = _inline_text(token)
            parent = tokens[i - 1] if i else None
            if parent is not None and parent.type in ("th_open", "td_open"):
                row.append(text)
            elif not text:
                continue
            elif depth and parent is not None and parent.hidden:  # an item of a tight list: a line of the list's block
                lines.append(text)
                parts = [c for c in token.children or () if c.type != "text" or c.content.strip()]
                if [c.type for c in parts] == ["link_open", "text", "link_close"] and str(parts[0].attrs.get("href", "")).startswith("#"):
                    within.append(str(parts[0].attrs["href"])[1:])
            elif depth:  # an item of a loose list (blank lines between items) is a paragraph of its own
                flush()
                out.add(text)
            elif parent is not None and parent.type == "heading_open":
                level = int(parent.tag[1])
                out.add(text, heading=level)
                if level == 1 and not out.title:
                    out.title = text
            elif is_bold_heading(text, (inline := [c.type for c in token.children or () if c.type != "text" or c.content.strip()])
                                 == ["strong_open", "text", "strong_close"]):
                out.add(text, heading=min(6, level + 1))  # "**Example 1: Copying a file**" heads what follows
            elif is_italic_question(text, inline == ["em_open", "text", "em_close"]):
                out.add(text, heading=min(6, level + 1))  # "*Should I use it?*" heads its answer
            else:
                out.add(text)
        elif kind == "html_block" and not depth and token.content.strip():
            # A README's block of HTML: its centred title and tagline are text of the document, its badges not.
            from .html import read_fragment

            read_fragment(token.content, out, level)
            if not out.title:
                out.title = next((text for _, lvl, text in out.headings if lvl == 1), "")
        elif kind in ("fence", "code_block") and token.content.strip():
            if depth:
                lines.append(code_block(token.content))
            else:
                out.add(code_block(token.content))
    flush()
    return out


# The most words a title line holds: more, and the line is body text.
TITLE_WORDS = 20


# A document's version, on a line of its own under its title: "Version 2.0, January 2004".
_VERSION_LINE = re.compile(r"(?:version|revision|release|draft)\s+v?\d", re.I)


def _first_line_title(text: str, fallback: str) -> str:
    """The headline among the heading-like lines that open ``text``.

    A scraped page often opens with its site's name ("Daily News") before the
    headline, so the first heading of four words or more wins (not one in capitals
    after the first); failing that, the first heading; failing that, ``fallback``.
    """
    headings = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        line = line.strip().lstrip("#").strip()
        if not line or is_boilerplate(line) or ADDRESS.search(line):
            continue  # an address is a publisher's or an author's line ("Documentation: https://..."), not the title
        if len(line.split()) > TITLE_WORDS or line.endswith((".", ":", "?")) or _wrapped(lines, i):
            break  # body text, a line that introduces it ("The kit holds two parts:") or a FAQ's first question
        if _VERSION_LINE.match(line):
            continue  # a version's line under the title ("Version 2.0, January 2004") says which one
        headings.append(line)
        if len(headings) == 3:
            break
    # A line in capitals under the title heads the first section ("TERMS AND CONDITIONS FOR USE, ...").
    return next((h for h in headings if len(h.split()) >= 4 and (h is headings[0] or not h.isupper())),
                headings[0] if headings else fallback)


def _wrapped(lines: list[str], i: int) -> bool:
    """Whether ``lines[i]`` is a line of a hard-wrapped paragraph of prose: as long as such lines, it runs on into
    more lines, and their paragraph holds more words than a title ("Please note that this document is provided in
    order to document" over "Debian's history.  While ...")."""
    if len(lines[i].strip()) < WRAPPED_LINE or i + 1 >= len(lines) or not lines[i + 1].strip():
        return False
    return sum(len(line.split()) for line in itertools.takewhile(str.strip, lines[i:])) > TITLE_WORDS


# A line that underlines (or overlines) a heading in plain text, reStructuredText's and setext's way:
# one punctuation mark, repeated ("=====", "-----", "*****").
_RULE = re.compile(r"([=\-~*^#+\"'`:.])\1{2,}")
# An underline at least this share of its heading's length: shorter, it is a separator, not an underline.
_RULE_SHARE = 0.8
# A line that ends as a clause does, and so heads nothing: "The keeper may:", "Trim the wick.".
_CLAUSE_END = re.compile(r"[.!?:;,]$")


def underlined_headings(text: str) -> tuple[tuple[int, int, str], ...]:
    """The headings of plain text written as reStructuredText writes them: a line of its own, under (and maybe
    over) a rule of one punctuation mark as long as it. Levels come in the order their styles first appear,
    as reStructuredText reads them.

    Example:
        >>> underlined_headings("Guide\\n=====\\n\\nIntro.\\n\\nInstall\\n-------\\n\\nRun it.\\n")
        ((0, 1, 'Guide'), (21, 2, 'Install'))
    """
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    bare = [line.strip() for line in lines]
    found: list[tuple[int, tuple[str, str], str]] = []  # offset, style, title
    for i in range(1, len(lines)):
        title = bare[i - 1]
        # A sentence over a separator is no title: "The wick is trimmed at dawn." over a line of dashes.
        if (not _RULE.fullmatch(bare[i]) or not title or _RULE.fullmatch(title) or len(bare[i]) < _RULE_SHARE * len(title)
                or title.endswith(".")):
            continue
        over = i >= 2 and bare[i - 2] == bare[i]
        if over and CODE.search(title):
            continue  # a command between two rules is an AsciiDoc listing of one line, not a title
        before = i - 3 if over else i - 2
        if before >= 0 and bare[before]:
            continue  # the line above is text: a paragraph's last line over a rule, not a heading
        found.append((starts[i - 1] + len(lines[i - 1]) - len(lines[i - 1].lstrip()), (bare[i][0], "over" if over else "under"), title))
    # A title under a long rule alone, over a blank line: a section of a plain-text manual whose sections are
    # parted by a line of "=" across the page (Vim's help: the rule, then "*03.1*   Word movement").
    for i in range(len(lines) - 1):
        title = bare[i + 1]
        if (len(bare[i]) < SEPARATOR_CHARS or not _RULE.fullmatch(bare[i]) or (i and bare[i - 1]) or not title
                or _RULE.fullmatch(title) or len(title) >= WRAPPED_LINE or _CLAUSE_END.search(title)
                or (i + 2 < len(lines) and bare[i + 2])):
            continue
        found.append((starts[i + 1] + len(lines[i + 1]) - len(lines[i + 1].lstrip()), (bare[i][0], "above"), " ".join(title.split())))
    styles: list[tuple[str, str]] = []
    for _, style, _ in sorted(found):
        if style not in styles:
            styles.append(style)
    return tuple((at, min(6, styles.index(style) + 1), title) for at, style, title in sorted(found))


# A heading as manual pages and plain-text specifications write one: a line of capitals at the margin ("DESCRIPTION",
# "EXIT STATUS", "SEE ALSO"), over text indented deeper than it.
_CAPITALS_LINE = re.compile(r"[A-Z][A-Z0-9]*(?:[ /&-]+[A-Z0-9]+)*")
_CAPITALS_CHARS = 40


def capitals_headings(text: str) -> tuple[tuple[int, int, str], ...]:
    """The headings of plain text written as a manual page is: a line of capitals alone at the margin, the text under
    it indented. Each is level 1.

    Example:
        >>> capitals_headings("NAME\\n       lampctl - light the lamp\\n\\nSEE ALSO\\n       logctl(1)\\n")
        ((0, 1, 'NAME'), (38, 1, 'SEE ALSO'))
    """
    found, at = [], 0
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        bare = line.rstrip()
        if (bare and len(bare) <= _CAPITALS_CHARS and _CAPITALS_LINE.fullmatch(bare) and (i == 0 or not lines[i - 1].strip())):
            # The next line with text, looked for without copying the rest (a file of capitals alone stays linear).
            j = i + 1
            while j < len(lines) and not lines[j].strip():
                j += 1
            if j < len(lines) and len(lines[j]) - len(lines[j].lstrip()) >= 2:
                found.append((at, 1, bare))
        at += len(line)
    return tuple(found)


# A release's line in a plain-text changelog, over its list of changes: "CHANGES FROM 3.2a TO 3.3", "Version 2.4.1
# (2021-03-02)", "lampd 1.2 - 2019-05-16". A short line at the margin that gives a version (a number with a dot) and ends
# no sentence, between blank lines, with a list's first item under it ("* Do not crash ...", "- Fix ...").
_RELEASE_LINE = re.compile(r"(?=[^\n]*\d\.\d)[^\s*+•-][^\n]{0,58}[^\s.:;,!?]")
_CHANGE_ITEM = re.compile(r"[*+•-][ \t]+\S")


def release_headings(text: str) -> tuple[tuple[int, int, str], ...]:
    """The release lines of a plain-text changelog (:data:`_RELEASE_LINE`), each a level-1 heading over its changes.

    Example:
        >>> release_headings("CHANGES FROM 1.1 TO 1.2\\n\\n* Dim the lamp at dawn.\\n\\nCHANGES FROM 1.0 TO 1.1\\n\\n* Light it.\\n")
        ((0, 1, 'CHANGES FROM 1.1 TO 1.2'), (50, 1, 'CHANGES FROM 1.0 TO 1.1'))
        >>> release_headings("The lamp was lit in 1.5 seconds\\n\\n* and dimmed.\\n")  # a sentence's line over an item
        ()
    """
    found, at = [], 0
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        bare = line.rstrip()
        if (_RELEASE_LINE.fullmatch(bare) and (i == 0 or not lines[i - 1].strip()) and i + 2 < len(lines)
                and not lines[i + 1].strip() and _CHANGE_ITEM.match(lines[i + 2]) and not _sentence_like(bare)):
            found.append((at, 1, bare))
        at += len(line)
    return tuple(found)


def _sentence_like(line: str) -> bool:
    """Whether ``line`` reads as the start of a sentence: more than a few words, most of them lower case."""
    tokens = line.split()
    return len(tokens) > 4 and sum(t[:1].islower() for t in tokens) > len(tokens) / 2


# A numbered heading of plain text, as constitutions and specifications number their sections ("5. Project Leader",
# "  5.1. Powers", "    1. Debian will remain 100% free"): a short line without closing punctuation, its number next
# in the outline after the one before (or opening a new list at 1), over text indented deeper than its number, that
# opens with a capital. A list's items ("1. Trim the wick" over "2. Light it") stand at the same indent.
_NUMBERED_LINE = re.compile(r"([ \t]*)(\d{1,2}(?:\.\d{1,2}){0,3})\.?[ \t]+([^\W\d_][^\n]*?)[ \t]*\r?\n?")
_NUMBERED_WORDS = 12


def numbered_headings(text: str, base: int = 0) -> tuple[tuple[int, int, str], ...]:
    """The numbered headings of plain text, each at ``base`` plus its number's depth.

    Example:
        >>> numbered_headings("1. Keepers\\n\\n  1.1. Powers\\n\\n   A keeper may:\\n    1. Trim the wick.\\n")
        ((0, 1, '1. Keepers'), (14, 2, '1.1. Powers'))
    """
    found, last, at = [], None, 0
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        m = _NUMBERED_LINE.fullmatch(line)
        title = m.group(3) if m else ""
        # A title, not the first line of a hard-wrapped item ("1. Developers are volunteers who agree to further the
        # aims of the"): shorter than a wrapped line, and not ending on a word that joins it to the next.
        if (m and len(title.split()) <= _NUMBERED_WORDS and len(line.strip()) < WRAPPED_LINE
                and not _CLAUSE_END.search(title) and title.split()[-1].lower() not in STOP_WORDS):
            number = tuple(int(n) for n in m.group(2).split("."))
            j = i + 1
            while j < len(lines) and not lines[j].strip():
                j += 1
            under = lines[j] if j < len(lines) else ""
            # Over its text or a list's first item, indented deeper, or over its own first section ("5. Project
            # Leader" over "5.1. Powers"), after a blank line: a contents page's chapter sits right over its sections'
            # entries, and a list's last item may stand over the next section.
            numbered_under = _NUMBERED_LINE.fullmatch(under)
            deeper = len(under) - len(under.lstrip()) > len(m.group(1))
            text_under = not numbered_under and under.strip()[:1].isupper() and deeper
            section_under = bool(numbered_under) and j > i + 1 and (
                numbered_under.group(2) == f"{m.group(2)}.1" or (numbered_under.group(2) == "1" and deeper))
            if (text_under or section_under) and (follows_in_outline(last, number) or number == (1,)):
                found.append((at + len(m.group(1)), min(6, base + len(number)), " ".join(line.split())))
                last = number
        at += len(line)
    return tuple(found)


# A term of a plain-text definition list, as manual pages write their options and settings: a short line of its own
# after a blank line ("ServerAliveInterval", "-R hostname | [hostname]:port", "read only"), with its definition right
# under it, indented deeper ("             Sets a timeout interval in seconds ..."). A list has a few such rows with
# their terms at one indent; a lone short line over an indented one is an example's caption or a poem's line.
_TERM_CHARS = WRAPPED_LINE // 2
_TERM_DEEPER = 2
_TERM_ROWS = 3
_GOES_ON = re.compile(r"(?:means|refers|is|are|shall|denotes|stands)\b")
# A term that lists names, one word each ("ForwardToSyslog=, ForwardToKMsg=, ForwardToConsole="): a few lines long.
_NAME_LIST = re.compile(r"[^\s,]+(?:,\s*[^\s,]+)*,?")
_NAMES_CHARS = 4 * WRAPPED_LINE


def term_headings(text: str, level: int = 2) -> tuple[tuple[int, int, str], ...]:
    """The terms of plain text's definition lists, as headings over their definitions: the outermost list's of
    ``level``, a list nested in its definitions one deeper.

    Example:
        >>> text = "".join(f"\\n   {t}\\n          Sets the {t}.\\n" for t in ("Wick", "Oil", "Glass"))
        >>> term_headings(text)
        ((4, 2, 'Wick'), (38, 2, 'Oil'), (70, 2, 'Glass'))
    """
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    rows: dict[tuple[int, int], list[tuple[int, str]]] = {}  # a term's and its definition's indents: their rows
    for i in range(len(lines) - 1):
        term, indent = lines[i].strip(), len(lines[i].expandtabs()) - len(lines[i].expandtabs().lstrip())
        # Settings that share a definition, their names listed over it on a line or more ("OnActiveSec=, OnBootSec=,"
        # over "OnUnitInactiveSec="): one term, however long.
        j, names = i, _NAME_LIST.fullmatch(term)
        while names and term.endswith(",") and j + 2 < len(lines) and _NAME_LIST.fullmatch(lines[j + 1].strip()) and (
                len(lines[j + 1].expandtabs()) - len(lines[j + 1].expandtabs().lstrip()) == indent):
            j += 1
            term += " " + lines[j].strip()
        under = lines[j + 1].expandtabs()
        deeper, opens = len(under) - len(under.lstrip()), under.lstrip()
        # A definition that opens with a verb goes on with its term's sentence ('"Larger Work"' over "means a work
        # that combines ..."): the term is its subject, not its heading.
        if _GOES_ON.match(opens):
            continue
        # After a blank line, or right under its section's heading ("OPTIONS" over "Beam=").
        after = lines[i - 1].strip() if i else ""
        if (not term or len(term) > (_NAMES_CHARS if names else _TERM_CHARS) or (after and not _CAPITALS_LINE.fullmatch(after))
                or _CLAUSE_END.search(term)
                or LIST_ITEM.match(term) or not re.search(r"[^\W_]", term) or _CAPITALS_LINE.fullmatch(term)
                or not under.strip() or deeper < indent + _TERM_DEEPER):
            continue
        rows.setdefault((indent, deeper), []).append((starts[i] + len(lines[i]) - len(lines[i].lstrip()), " ".join(term.split())))
    lists = {key: found for key, found in rows.items() if len(found) >= _TERM_ROWS}
    # A list nested in another's definitions (a hashing method's "Prefix", "Hash size" under "yescrypt") a level under it.
    depth = {indent: rank for rank, indent in enumerate(sorted({indent for indent, _ in lists}))}
    return tuple(sorted((at, min(6, level + depth[indent]), term) for (indent, _), found in lists.items() for at, term in found))


# A table drawn with box-drawing characters, as groff's tbl and many tools draw one in text: its rules, and its rows
# whose cells may wrap onto several lines between the bars.
_BOX_RULE = re.compile(r"[ \t]*[┌├└╞╘╒╟╙╓][─━═┬┼┴╤╪╧┯┿┷┐┤┘╡╛╕╢╜╖ ]*")
_BOX_ROW = re.compile(r"[ \t]*[│┃║].*[│┃║][ \t]*")


def box_tables(text: str) -> str:
    """``text`` with each table drawn in box-drawing characters written as the readers write a table: a row a line,
    its cells joined by " | ", a cell's wrapped lines joined ("│OnBootSec= │ Defines a timer relative │" over
    "│ │ to when the machine was │" is "OnBootSec= | Defines a timer relative to when the machine was"). A drawing
    whose rows do not all have the same cells (a diagram's nested boxes) is left as it is.

    Example:
        >>> box_tables("  ┌───┬────┐\\n  │Key│ Use│\\n  ├───┼────┤\\n  │A= │ On │\\n  │   │ dusk │\\n  └───┴────┘\\nAfter.\\n")
        '  Key | Use\\n  A= | On dusk\\n\\nAfter.\\n'
    """
    if "│" not in text and "┃" not in text and "║" not in text:
        return text
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and (_BOX_RULE.fullmatch(lines[j].rstrip("\r\n")) or _BOX_ROW.fullmatch(lines[j].rstrip("\r\n"))):
            j += 1
        table = _box_rows([line.rstrip("\r\n") for line in lines[i:j]]) if j > i + 1 else None
        if table is None:  # no table, nor any part of it
            out.extend(lines[i: max(j, i + 1)])
            i = max(j, i + 1)
            continue
        indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
        out.extend(f"{indent}{' | '.join(cells)}\n" for cells in table)
        if j < len(lines) and lines[j].strip():
            out.append("\n")  # the text after the table is a paragraph of its own, as the rule under it showed
        i = j
    return "".join(out)


def _box_rows(block: list[str]) -> list[list[str]] | None:
    """The rows of a box-drawn table, each a list of its cells' text; None when ``block`` is no such table."""
    rows: list[list[str]] = []
    current: list[list[str]] = []
    for line in block + [""]:
        if _BOX_ROW.fullmatch(line):
            cells = [cell.strip() for cell in re.split(r"[│┃║]", line.strip())[1:-1]]
            if current and len(cells) != len(current[0]):
                return None
            current.append(cells)
            continue
        if current:  # a rule, or the block's end, closes the row
            rows.append([" ".join(filter(None, column)) for column in zip(*current)])
            current = []
    width = {len(row) for row in rows}
    return rows if rows and len(width) == 1 and width != {1} else None


# A heading as a page copied from the web to text keeps it: with the pilcrow that Sphinx, MkDocs and other site
# generators put after a heading as its permalink ("2.3. dh-python¶", "Abstract¶").
_PERMALINKED_WORDS = 16
_SECTION_NUMBER = re.compile(r"\d{1,2}(?:\.\d{1,2}){0,3}\.?(?=\s)")


def permalinked_headings(text: str) -> tuple[tuple[int, int, str], ...]:
    """The headings of a web page copied to text that kept their permalinks' pilcrows, a numbered one at its number's
    depth, any other at level 1; the pilcrow is no part of the title. Only a line that ends in a pilcrow is looked at,
    so the cost stays linear however long the other lines are (a paragraph written as one line).

    Example:
        >>> permalinked_headings("Abstract¶\\n\\nIt says.\\n\\n2.3. Tools¶\\n\\nThey help.\\n")
        ((0, 1, 'Abstract'), (21, 2, '2.3. Tools'))
    """
    found, at = [], 0
    for line in text.splitlines(keepends=True):
        bare = line.rstrip()
        title = " ".join(bare[:-1].split()) if bare.endswith("¶") else ""
        if title and "¶" not in title and re.search(r"[^\W_]", title) and len(title.split()) <= _PERMALINKED_WORDS:
            number = _SECTION_NUMBER.match(title)
            depth = len(number.group().rstrip(".").split(".")) if number else 1
            found.append((at + len(line) - len(line.lstrip()), min(6, depth), title))
        at += len(line)
    return tuple(found)


# A plain-text FAQ's question: a paragraph of its own, of a few lines, ending in "?" ("Q:  What do the letters XZ
# mean?", " 1. Is zlib Y2K-compliant?"), with its answer in the paragraph after it. A document with one or two such
# paragraphs asks them in passing, and one whose text runs on long after its last question only opens with questions
# (a guide's "Has your bug report been filed already?" over a page of it): a heading would claim all that text.
_QUESTION_LINES = 3
_QUESTION_CHARS = 300
_FAQ_QUESTIONS = 3
_LAST_ANSWER_SHARE = 2  # the text after the last question, at most this many times the longest answer before it


def question_headings(text: str, level: int = 2) -> tuple[tuple[int, int, str], ...]:
    """The questions of a plain-text FAQ, as headings of ``level`` over their answers.

    Example:
        >>> question_headings("FAQ\\n\\nQ: Is it free?\\n\\nA: Yes.\\n\\nQ: Who wrote it?\\n\\nA: Ida.\\n\\nQ: Why?\\n\\nA: Fun.\\n")
        ((5, 2, 'Q: Is it free?'), (30, 2, 'Q: Who wrote it?'), (57, 2, 'Q: Why?'))
    """
    blocks = [(m.start(), m.group()) for m in re.finditer(r"\S(?:.*\S)?(?:\n[ \t]*\S.*)*", text)]
    asking = [block.endswith("?") and block.count("\n") < _QUESTION_LINES and len(block) <= _QUESTION_CHARS for _, block in blocks]
    found = []
    for i, (at, block) in enumerate(blocks[:-1]):
        # answered by the paragraph after it, or after the question next to it, which shares its answer ("... Should it
        # not read "testing"?" over "... Should it not read "unstable"?" over "A. That would be nice, but ...")
        if asking[i] and (not asking[i + 1] or i + 2 < len(blocks) and not asking[i + 2]):
            found.append((at, level, " ".join(block.split())))
    if len(found) < _FAQ_QUESTIONS:
        return ()
    longest = max(b[0] - a[0] for a, b in zip(found, found[1:]))
    return tuple(found) if len(text) - found[-1][0] <= _LAST_ANSWER_SHARE * longest else ()


# reStructuredText's explicit markup at a line's start: a link's target (".. _Apache: https://..."), a directive
# (".. code-block:: text") or a substitution's definition; or Sphinx's role (":doc:`release notes </releases>`"); and
# a section title's underline, as long as the title.
_EXPLICIT_MARKUP = re.compile(r"^\.\. (?:_[^:\n]+:|[\w-]+::|\|[^|\n]+\|)|(?<![\w`]):[\w-]+(?::[\w-]+)?:`[^`\n]+`", re.M)
_ADORNED_TITLE = re.compile(r"^(\S.*)\n([=\-~^\"'`#*+:.])\2+[ \t]*$", re.M)
_RESTRUCTURED_MARKS = 2  # one ".. " line may be a plain text's ellipsis; two marks are markup


def restructured(text: str) -> bool:
    """Whether a plain text file is reStructuredText: a section title underlined as long as itself, and markup.

    Example:
        >>> restructured("Lamps\\n=====\\n\\nSee `the FAQ`_.\\n\\n.. _the FAQ: faq.html\\n.. _lamps-intro:\\n")
        True
        >>> restructured("Lamps\\n=====\\n\\nThe keeper trims the wick.\\n"), restructured(".. _a:\\n.. _b:\\nNo title here.\\n")
        (False, False)
    """
    if len(_EXPLICIT_MARKUP.findall(text)) < _RESTRUCTURED_MARKS:
        return False
    return any(len(m.group()) - len(m.group(1)) - 1 >= len(m.group(1).rstrip()) for m in _ADORNED_TITLE.finditer(text))


def _read(path: Path, suffix: str) -> Blocks | str:
    """The blocks of a structured file, or the text of a plain one."""
    if suffix == ".pdf":
        from .pdf import read_pdf

        out = Blocks()
        read_pdf(path, out)
        return out
    if suffix in (".docx", ".pptx"):
        from .office import read_docx, read_pptx

        out = Blocks()
        (read_docx if suffix == ".docx" else read_pptx)(path, out)
        return out
    raw = _decode(path.read_bytes(), path)
    if suffix == ".txt" and restructured(raw):
        # A project's documentation in reStructuredText, named .txt (Django's); as plain text, if docutils cannot read it.
        from .rst import read_rst

        out = Blocks()
        try:
            read_rst(raw, out)
        except DocumentError:
            return raw
        return out
    if suffix in (".html", ".htm", ".rst"):
        from .html import read_html
        from .rst import read_rst

        out = Blocks()
        try:
            (read_rst if suffix == ".rst" else read_html)(raw, out)
        except DocumentError as exc:
            raise type(exc)(f"{path.name}: {exc}") from exc
        return out
    if suffix in (".md", ".markdown"):
        return _markdown_text(raw)
    return raw


def read_document(path: str | Path, max_bytes: int | None = None) -> Document:
    """Read one file into a :class:`Document`; raise :class:`DocumentError` with the reason if it can't be."""
    path = Path(path)
    suffix = path.suffix.lower()
    if path.name.lower().endswith(".rst.txt"):
        suffix = ".rst"  # Sphinx's copy of a page's source, in a built site's _sources folder
    if suffix not in SUFFIXES and plain_text_by_name(path):
        suffix = ".txt"
    if suffix not in SUFFIXES:
        raise DocumentError(f"{path.name}: unsupported file type '{suffix or 'none'}' (supported: {', '.join(SUFFIXES)}, "
                            "and plain text named without a suffix, as README or FAQ)")
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise DocumentError(f"{path.name}: too large ({size / BYTES_PER_MB:.1f} MB; "
                                f"the limit is {max_bytes / BYTES_PER_MB:g} MB)")
        if size == 0:
            raise NothingToReadError(f"{path.name}: empty file")
        read = _read(path, suffix)
    except OSError as exc:
        raise DocumentError(f"{path.name}: cannot read ({exc.strerror or exc})") from exc
    source = str(path.resolve())
    if isinstance(read, Blocks):
        doc = read.document(source, path.stem)
    else:
        # A word a manual page's formatter cut at a line's end with a hyphen of its own (U+2010): "par‐\n   ticular".
        read = re.sub(r"(?<=[^\W\d_])\u2010\n[ \t]*(?=[a-z])", "", read)
        # A compound it broke after its own hyphen ("Debian-" / "             specific") is one word again.
        read = re.sub(r"(?<=[^\W\d_])-\n[ \t]*(?=[a-z])", "-", read)
        read = box_tables(read)
        permalinked = permalinked_headings(read)
        # The pilcrow is a link, not text: a space in its place keeps every offset found.
        read = re.sub(r"¶(?=[ \t]*$)", " ", read, flags=re.M)
        underlined = underlined_headings(read) + capitals_headings(read) + permalinked
        taken = {at for at, _, _ in underlined}
        underlined += tuple(h for h in release_headings(read) if h[0] not in taken)
        top = max((level for _, level, _ in underlined), default=0)
        taken = {at for at, _, _ in underlined}
        underlined += tuple(h for h in numbered_headings(read, top) if h[0] not in taken)
        taken = {at for at, _, _ in underlined}
        deepest = max((level for _, level, _ in underlined), default=0)
        underlined += tuple(h for h in term_headings(read, min(6, deepest + 1)) if h[0] not in taken)
        questions = question_headings(read, min(6, max((level for _, level, _ in underlined), default=0) + 1))
        doc = Document(source=source, title=_first_line_title(read, path.stem), text=read,
                       headings=tuple(sorted(underlined + questions)))
    if not doc.text.strip():
        raise DocumentError(f"{path.name}: no text in it")
    return doc
