"""Write the set's .docx and .pptx, converted from freely licensed markdown documents.

    python -m eval.realdocs.make_office

No Word or PowerPoint file ships in Debian's documentation packages, so these two are
conversions (see SOURCES.md): systemd's CODING_STYLE.md becomes a Word document (its
headings as Heading styles, each paragraph, list item and code block a paragraph) and zstd's
CONTRIBUTING.md a slide deck (a slide per level-2 section, titled by its heading, with the
section's blocks as its text). The markdown is read with citeqa's own reader.
"""

from __future__ import annotations

import gzip
from pathlib import Path

# Beside docs/, not in it: the question set's corpus stays as its questions were written for (see README.md).
OFFICE = Path(__file__).parent / "office"
DOCX_SOURCE = Path("/usr/share/doc/systemd/CODING_STYLE.md.gz")  # Debian package systemd
PPTX_SOURCE = Path("/usr/share/doc/zstd/CONTRIBUTING.md.gz")  # Debian package zstd


def _blocks(path: Path):
    """(heading level or 0, text) for each block of a markdown file, as citeqa reads it."""
    import tempfile

    from qa import read_document

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / path.name.removesuffix(".gz")
        source.write_bytes(gzip.decompress(path.read_bytes()))
        doc = read_document(source)
    levels = {offset: level for offset, level, _ in doc.headings}
    out, offset = [], 0
    for block in doc.text.split("\n\n"):
        out.append((levels.get(offset, 0), block))
        offset += len(block) + 2
    return out


def write_docx(source: Path, dest: Path) -> None:
    import docx

    document = docx.Document()
    document.core_properties.title = "systemd Coding Style"
    for level, text in _blocks(source):
        if level:
            document.add_heading(text, level=min(level, 9))
        else:
            document.add_paragraph(text)
    document.save(dest)


def write_pptx(source: Path, dest: Path) -> None:
    import pptx

    deck = pptx.Presentation()
    deck.core_properties.title = "Contributing to Zstandard"
    slide = body = None
    for level, text in _blocks(source):
        if level and level <= 2 or slide is None:
            slide = deck.slides.add_slide(deck.slide_layouts[1])
            slide.shapes.title.text = text if level else "Contributing to Zstandard"
            body = slide.placeholders[1].text_frame
            body.text = ""
            if level:
                continue
        paragraph = body.add_paragraph()
        paragraph.text = text
        paragraph.level = 1 if level else 0
    deck.save(dest)


if __name__ == "__main__":
    OFFICE.mkdir(exist_ok=True)
    write_docx(DOCX_SOURCE, OFFICE / "systemd-coding-style.docx")
    write_pptx(PPTX_SOURCE, OFFICE / "zstd-contributing.pptx")
