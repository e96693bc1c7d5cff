"""Turn a file into plain text: .txt, .md, .html/.htm and .pdf."""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from .chunk import is_boilerplate
from .errors import DocumentError
from .settings import BYTES_PER_MB

SUFFIXES: tuple[str, ...] = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf")
"""The file types citeqa reads, as lower-case suffixes; the one list of them.

Compare ``Path(name).suffix.lower()`` against it. Ingest, the UI and the CLI import it
from here rather than keeping their own copy.
"""


@dataclass(frozen=True)
class Document:
    """A readable file: its text (offsets refer to it) and a title."""

    source: str
    title: str
    text: str

    @property
    def sha256(self) -> str:
        """The version of the text: what an answer's audit record names, and checks its offsets against."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def _decode(data: bytes, path: Path) -> str:
    if not data.strip():
        raise DocumentError(f"{path.name}: empty file")
    if b"\0" in data[:8192]:
        raise DocumentError(f"{path.name}: binary data, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"{path.name}: not UTF-8 text (bad byte at offset {exc.start})") from exc
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.05 * min(len(text), 8192):
        raise DocumentError(f"{path.name}: binary data, not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


class _HTMLText(HTMLParser):
    """Collect visible text; block elements become paragraph breaks."""

    _SKIP = {"script", "style", "noscript", "template", "nav", "footer", "aside", "form", "svg", "head"}
    _BLOCK = {"p", "div", "section", "article", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4",
              "h5", "h6", "blockquote", "pre", "table", "tr", "header", "main", "figure", "figcaption", "dd", "dt"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        if tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in self._SKIP and self._skip:
            self._skip -= 1
        elif tag == "title":
            self._in_title = False
        if tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        elif not self._skip:
            self.parts.append(re.sub(r"\s+", " ", data))


def _html_text(raw: str) -> tuple[str, str]:
    parser = _HTMLText()
    parser.feed(raw)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t]*\n[ \t\n]*\n[ \t]*", "\n\n", text)
    text = "\n\n".join(line.strip() for line in text.split("\n\n") if line.strip())
    return parser.title.strip(), text  # convert_charrefs=True has unescaped it once already


_pypdf_quiet_lock = threading.Lock()
_pypdf_quiet_depth = 0
_pypdf_saved_level = logging.NOTSET


@contextmanager
def _pypdf_quiet():
    """Keep pypdf's warnings ("Ignoring wrong pointing object" ...) off stderr while reading.

    Raises the ``pypdf`` logger to ERROR for the duration and restores its level after;
    nested and concurrent reads share one save/restore.
    """
    global _pypdf_quiet_depth, _pypdf_saved_level
    logger = logging.getLogger("pypdf")
    with _pypdf_quiet_lock:
        if _pypdf_quiet_depth == 0:
            _pypdf_saved_level = logger.level
            logger.setLevel(logging.ERROR)
        _pypdf_quiet_depth += 1
    try:
        yield
    finally:
        with _pypdf_quiet_lock:
            _pypdf_quiet_depth -= 1
            if _pypdf_quiet_depth == 0:
                logger.setLevel(_pypdf_saved_level)


def _pdf_text(path: Path) -> tuple[str, str]:
    with _pypdf_quiet():
        return _read_pdf(path)


def _read_pdf(path: Path) -> tuple[str, str]:
    import pypdf
    from pypdf.errors import DependencyError, PyPdfError

    encrypted = False
    try:
        reader = pypdf.PdfReader(str(path))
        encrypted = reader.is_encrypted
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise DocumentError(f"{path.name}: encrypted PDF (needs a password)")
            except (DocumentError, DependencyError):
                raise
            except Exception as exc:
                raise DocumentError(f"{path.name}: encrypted PDF (needs a password)") from exc
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
        meta_title = (reader.metadata.title if reader.metadata else None) or ""
    except DocumentError:
        raise
    except DependencyError as exc:
        # AES needs a crypto library; pypdf raises this from opening, decrypting or reading a page.
        if encrypted or "AES" in str(exc):
            raise DocumentError(f"{path.name}: encrypted PDF; reading it needs the 'cryptography' package "
                                "(pip install cryptography)") from exc
        raise DocumentError(f"{path.name}: PDF needs an optional package ({exc})") from exc
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError, AssertionError) as exc:
        raise DocumentError(f"{path.name}: malformed PDF ({type(exc).__name__})") from exc
    text = "\n\n".join(p for p in pages if p)
    if not text.strip():
        raise DocumentError(f"{path.name}: PDF has no extractable text (scanned images?)")
    return str(meta_title).strip(), text


def _first_line_title(text: str, fallback: str) -> str:
    """The headline among the heading-like lines that open ``text``.

    A scraped page often opens with its site's name ("Daily News") before the
    headline, so the first heading of four words or more wins; failing that,
    the first heading; failing that, ``fallback``.
    """
    headings = []
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if not line or is_boilerplate(line):
            continue
        if len(line.split()) > 20 or line.endswith("."):
            break  # body text: the headings are behind us
        headings.append(line)
        if len(headings) == 3:
            break
    return next((h for h in headings if len(h.split()) >= 4), headings[0] if headings else fallback)


def read_document(path: str | Path, max_bytes: int | None = None) -> Document:
    """Read one file into a :class:`Document`; raise :class:`DocumentError` with the reason if it can't be."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise DocumentError(f"{path.name}: unsupported file type '{suffix or 'none'}' (supported: {', '.join(SUFFIXES)})")
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise DocumentError(f"{path.name}: too large ({size / BYTES_PER_MB:.1f} MB; "
                                f"the limit is {max_bytes / BYTES_PER_MB:g} MB)")
        if suffix == ".pdf":
            title, text = _pdf_text(path)
        else:
            raw = _decode(path.read_bytes(), path)
            if suffix in (".html", ".htm"):
                title, text = _html_text(raw)
            else:
                title, text = "", raw
    except OSError as exc:
        raise DocumentError(f"{path.name}: cannot read ({exc.strerror or exc})") from exc
    if not text.strip():
        raise DocumentError(f"{path.name}: no text in it")
    return Document(source=str(path.resolve()), title=title or _first_line_title(text, path.stem), text=text)
