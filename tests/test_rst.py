"""reStructuredText, Sphinx's markup included: sections, descriptions, roles and notes keep their words, nothing else leaks."""

import pytest

from qa.chunk import chunk_text
from qa.errors import DocumentError
from qa.read import read_document

# A module's reference page as Sphinx projects write it: roles, a description with fields and notes, a doctest.
REFERENCE = """\
:mod:`lamp` --- Lamp control
============================

.. module:: lamp
   :synopsis: Turn and dim the light.

.. sectionauthor:: Ada Lindqvist

.. index:: single: beam

The :mod:`lamp` module turns the light; see :ref:`the keeper's guide <keepers-guide>` and :func:`~lamp.turn`.

.. versionadded:: 2.1

.. function:: turn(bearing, /, speed=1)

   Turn the lamp to *bearing*, in degrees from north.

   :param bearing: degrees from north.
   :raises LampError: when the lamp is jammed.

   .. versionchanged:: 2.4
      *speed* may be given by keyword.

   .. doctest::

      >>> turn(90)
      90

.. class:: Lamp(power)

   A lamp of *power* candelas.

   .. method:: dim(level)

      Return the new brightness, in candelas.

Fog
---

.. note::

   The fog signal sounds twice a minute.

.. toctree::
   :maxdepth: 2

   keepers-guide
"""


def _chunks(doc):
    return chunk_text(doc.text, doc.source, doc.title, pages=doc.pages, headings=doc.headings)


def test_sphinx_markup_keeps_its_words_and_leaks_none_of_its_syntax(tmp_path):
    (tmp_path / "lamp.rst").write_text(REFERENCE)
    doc = read_document(tmp_path / "lamp.rst")
    assert doc.title == "lamp --- Lamp control"
    assert [(level, title) for _, level, title in doc.headings] == [
        (1, "lamp --- Lamp control"), (2, "turn(bearing, /, speed=1)"), (2, "Lamp(power)"), (2, "dim(level)"), (2, "Fog")]
    paragraphs = doc.text.split("\n\n")
    # A role is its words; an explicit target is left out, and "~" shows the last name only.
    assert "The lamp module turns the light; see the keeper's guide and turn." in paragraphs
    assert "Added in version 2.1." in paragraphs
    assert "Changed in version 2.4: speed may be given by keyword." in paragraphs
    assert "param bearing: degrees from north." in paragraphs and "raises LampError: when the lamp is jammed." in paragraphs
    assert ">>> turn(90)\n90" in paragraphs
    assert "The fog signal sounds twice a minute." in paragraphs
    for leaked in (":func:", ":mod:", "..", "::", "keepers-guide", "maxdepth", "synopsis", "Ada Lindqvist", "beam", "Note"):
        assert leaked not in doc.text, leaked
    sections = {c.text.split("\n")[0]: c.section for c in _chunks(doc)}
    assert sections["Return the new brightness, in candelas."] == "lamp --- Lamp control › dim(level)"


def test_a_document_never_reads_another_file_or_raw_html(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("the vault code is 4711")
    (tmp_path / "table.csv").write_text("vault,4711\n")
    (tmp_path / "page.rst").write_text(
        "Page\n====\n\nThe text of the page.\n\n"
        f".. include:: {secret}\n\n.. literalinclude:: {secret}\n\n"
        f".. csv-table:: Codes\n   :file: {tmp_path / 'table.csv'}\n\n"
        ".. raw:: html\n\n   <p>raw words</p><script>alert(1)</script>\n")
    doc = read_document(tmp_path / "page.rst")
    assert "The text of the page." in doc.text
    for unread in ("4711", "raw words", "alert"):
        assert unread not in doc.text


def test_markup_docutils_cannot_read_stays_text_and_never_stops_the_reading(tmp_path):
    (tmp_path / "broken.rst").write_text(
        "Broken\n===\n\nA title underline too short, an `unclosed role, a *stray star.\n\n"
        "+-----+\n| a table never closed\n\n.. image::\n\n.. unknown-thing:: with words\n\nThe last paragraph.\n")
    doc = read_document(tmp_path / "broken.rst")
    assert doc.text.startswith("Broken") and doc.text.endswith("The last paragraph.")
    assert "a *stray star" in doc.text and "with words" in doc.text


def test_a_described_function_is_found_and_cited_under_its_signature(tmp_path, embedder):
    from qa import Assistant

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "lamp.rst").write_text(REFERENCE)
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, answer_sentences=1)
    report = assistant.ingest([tmp_path / "docs"])
    assert len(report.added) == 1
    cited = assistant.ask("What does Lamp.dim return?").citations[0]
    assert "brightness" in cited.quote and cited.section.endswith("dim(level)") and cited.source.endswith("lamp.rst")


def test_a_file_nested_past_what_docutils_can_read_is_one_clear_reason(tmp_path):
    (tmp_path / "deep.rst").write_text("Deep\n====\n\n" + "".join("  " * i + "- item\n\n" for i in range(1000)))
    with pytest.raises(DocumentError, match=r"^deep\.rst: malformed reStructuredText \(RecursionError"):
        read_document(tmp_path / "deep.rst")


def test_sphinx_s_copy_of_a_source_is_read_as_restructuredtext(tmp_path):
    (tmp_path / "lamp.rst.txt").write_text(REFERENCE)
    doc = read_document(tmp_path / "lamp.rst.txt")
    assert "The lamp module turns the light; see the keeper's guide and turn." in doc.text.split("\n\n")


def test_a_text_file_written_in_restructuredtext_is_read_as_it(tmp_path):
    (tmp_path / "faq.txt").write_text(
        "=========\nFAQ: Lamp\n=========\n\nWhy does the lamp exist?\n========================\n\n"
        "The harbour needed a light, as `Brannock`_ tells, and :doc:`the history </history>` explains.\n\n"
        ".. _Brannock: https://example.org/brannock\n")
    doc = read_document(tmp_path / "faq.txt")
    assert doc.title == "FAQ: Lamp" and [h[2] for h in doc.headings] == ["FAQ: Lamp", "Why does the lamp exist?"]
    assert doc.text.split("\n\n")[-1] == "The harbour needed a light, as Brannock tells, and the history explains."
    # A plain text with an underlined title, and one docutils cannot read, stay plain text.
    (tmp_path / "notes.txt").write_text("Lamp notes\n==========\n\nThe keeper trims the wick... at dusk.\n")
    assert read_document(tmp_path / "notes.txt").text.startswith("Lamp notes\n==========")
    (tmp_path / "deep.txt").write_text("Deep\n====\n\n.. _a:\n\n.. _b:\n\n" + "".join("  " * i + "- item\n\n" for i in range(1000)))
    assert read_document(tmp_path / "deep.txt").text.startswith("Deep\n====")


def test_a_table_of_contents_that_links_its_headings_back_leaves_the_headings(tmp_path):
    # docutils makes each section's title a link back to the contents (class "toc-backref"): the titles had been
    # dropped as the contents' furniture, every one of them.
    (tmp_path / "README.rst").write_text(
        "Lampctl\n=======\n\nLampctl keeps the lamp lit.\n\n.. contents:: Table of contents\n   :backlinks: top\n   :local:\n\n"
        "Installation\n------------\n\nInstall it with pip.\n\nUsage\n-----\n\nRun it at dusk.\n")
    doc = read_document(tmp_path / "README.rst")
    assert [text for _, _, text in doc.headings] == ["Lampctl", "Installation", "Usage"]
    assert "Table of contents" not in doc.text
