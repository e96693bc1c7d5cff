"""Read Word (.docx, python-docx) and PowerPoint (.pptx, python-pptx) files.

A .docx gives a block per paragraph and per table (a line per row, cells joined by " | "), in
document order; a paragraph styled "Title" is a heading of level 1 and one styled "Heading N" a
heading of level N + 1, so they make the section paths. A .pptx gives, per
slide, its page label "slide N", the slide's title as a heading and every other text frame and
table as blocks; the speaker notes follow the slide's text.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from .errors import DocumentError

_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)


def _open(path: Path, loader):
    from lxml import etree

    try:
        return loader(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise DocumentError(f"{path.name}: malformed {path.suffix.lower()[1:]} file ({type(exc).__name__})") from exc
    except Exception as exc:  # noqa: BLE001 - python-docx/pptx raise their own classes for a file that is no package
        if type(exc).__name__ in ("PackageNotFoundError", "InvalidXmlError"):
            raise DocumentError(f"{path.name}: malformed {path.suffix.lower()[1:]} file ({type(exc).__name__})") from exc
        raise


def _rows(table) -> str:
    lines = []
    for row in table.rows:
        cells = [" ".join(cell.text.split()) for cell in row.cells]
        # A merged cell is repeated in each row position it covers: once is enough.
        cells = [c for i, c in enumerate(cells) if c and (i == 0 or c != cells[i - 1])]
        if cells:
            lines.append(" | ".join(cells))
    return "\n".join(lines)


def read_docx(path: Path, out) -> None:
    """Read a .docx into ``out`` (a :class:`qa.read.Blocks`)."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = _open(path, docx.Document)
    out.title = (document.core_properties.title or "").strip()
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            style = (paragraph.style.name if paragraph.style is not None else "") or ""
            match = _HEADING_STYLE.match(style)
            level = 1 if style.lower() == "title" else int(match.group(1)) + 1 if match else 0
            out.add(paragraph.text, heading=level)
            if style.lower() == "title" and not out.title:
                out.title = paragraph.text.strip()
        elif tag == "tbl":
            out.add(_rows(Table(child, document)))


def read_pptx(path: Path, out) -> None:
    """Read a .pptx into ``out``: each slide a page ("slide N"), its title a heading."""
    import pptx

    presentation = _open(path, pptx.Presentation)
    out.title = (presentation.core_properties.title or "").strip()
    for number, slide in enumerate(presentation.slides, start=1):
        out.page(f"slide {number}")
        title = slide.shapes.title
        if title is not None and title.text_frame.text.strip():
            out.add(title.text_frame.text, heading=1)
        for shape in slide.shapes:
            if title is not None and shape.shape_id == title.shape_id:
                continue
            if shape.has_text_frame:
                for paragraph in shape.text_frame.paragraphs:
                    out.add(paragraph.text.replace("\v", "\n"))  # python-pptx gives a line break as a vertical tab
            elif getattr(shape, "has_table", False) and shape.has_table:
                out.add(_rows(shape.table))
        if slide.has_notes_slide:
            notes = slide.notes_slide.notes_text_frame
            out.add(notes.text.replace("\v", "\n") if notes is not None else "")
