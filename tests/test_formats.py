"""Readers of structured documents: PDF pages, HTML and markdown structure, .docx and .pptx, scanned pages."""

import shutil

import pytest

from helpers import make_pages_pdf, make_scanned_pdf

from qa.chunk import chunk_text, paragraphs
from qa.errors import DocumentError, NothingToReadError
from qa.read import read_document


def _chunks(doc):
    return chunk_text(doc.text, doc.source, doc.title, pages=doc.pages, headings=doc.headings)


def _book(tmp_path):
    """Five pages with a running header, page numbers, a contents page and a word hyphenated across lines."""
    body = [
        ["The Keeper's Manual", "Contents", "1. The Lamp . . . . . . . . . . . . 2", "2. The Fog Signal . . . . . . . . 3", "1"],
        ["The Keeper's Manual", "The lamp is lit at sunset and put out at sunrise by the keeper on duty.",
         "Its wick is trimmed every four hours through the night.", "2"],
        ["The Keeper's Manual", "The fog signal sounds twice a minute whenever the far buoy cannot be seen.",
         "A keeper who hears no answer from the light-", "vessel writes it in the log.", "3"],
        ["The Keeper's Manual", "Oil for the lamp is kept in the stone store beside the tower.", "4"],
        ["The Keeper's Manual", "The inspector visits the station each spring and reads the log.", "5"],
    ]
    return make_pages_pdf(tmp_path / "manual.pdf", body)


def test_pdf_chunks_carry_their_page_and_lose_headers_numbers_and_contents(tmp_path):
    doc = read_document(_book(tmp_path))
    assert [label for _, label in doc.pages] == ["1", "2", "3", "4", "5"]
    assert "Keeper's Manual" not in doc.text  # the running header
    assert ". . . ." not in doc.text and "Contents" in doc.text  # TOC lines gone, not the word
    assert "lightvessel" in doc.text  # the hyphenated word joined
    assert not any(line.strip().isdigit() for line in doc.text.splitlines())  # page numbers gone
    pages = {c.text.split()[1]: c.page_at(0) for c in _chunks(doc) if len(c.text.split()) > 3}
    assert pages["lamp"] == "2" and pages["fog"] == "3" and pages["inspector"] == "5"


def test_a_citation_gives_the_page_of_its_quote(tmp_path):
    from qa.types import Citation

    doc = read_document(_book(tmp_path))
    # Pages 2 and 3 run into one paragraph when page 3 starts in the middle of a sentence; here they don't,
    # so take a chunk and check every sentence's page against the page the reader put its text on.
    for chunk in _chunks(doc):
        for a, b in chunk.sentences:
            cite = Citation.of(chunk, 1, a, b)
            where = chunk.start + a
            expected = [label for offset, label in doc.pages if offset <= where][-1]
            assert cite.page == expected


def test_a_pdfs_running_title_is_its_title_when_its_first_line_is_an_address(tmp_path):
    pages = [["The Lighthouse Manual", "Brannock Press (http://www.brannock.example)", "The lamp is lit at sunset by the keeper."],
             ["The Lighthouse Manual", "The fog signal sounds twice a minute in fog."],
             ["The Lighthouse Manual", "The inspector visits the station each spring."]]
    assert read_document(make_pages_pdf(tmp_path / "manual.pdf", pages)).title == "The Lighthouse Manual"
    pages[0][1] = "How to Keep a Lighthouse"  # a first line that is a title stays the title
    assert read_document(make_pages_pdf(tmp_path / "manual.pdf", pages)).title == "How to Keep a Lighthouse"


def test_a_pdfs_numbered_section_headings_make_sections_and_its_numbered_lists_stay_text(tmp_path):
    pages = [
        ["1 Introduction", "The keeper lights the lamp at dusk.", "The steps, each done in turn:",
         "1. Check the oil", "2. Trim the wick", "3. Light the mantle", "Two kinds of weather:",
         "1. Clear nights", "the lamp burns low.", "2. Foggy nights", "the horn sounds too."],
        ["2 Keeping the log", "2.1 Writing entries", "entries are written in ink at the end of each watch.",
         "Field sizes of a record:", "4 CARD32 N_ENTRIES 12", "4 CARD32 OFFSET 16",
         "2.2 Reading it back", "The inspector reads the log each spring."],
    ]
    doc = read_document(make_pages_pdf(tmp_path / "keeping.pdf", pages))
    assert [(level, text) for _, level, text in doc.headings] == [
        (1, "1 Introduction"), (1, "2 Keeping the log"), (2, "2.1 Writing entries"), (2, "2.2 Reading it back")]
    sections = {c.text.split("\n")[0]: c.section for c in _chunks(doc)}
    # The heading no longer runs into the sentence under it, though that opens in lower case.
    assert sections["entries are written in ink at the end of each watch."] == "2 Keeping the log › 2.1 Writing entries"
    assert sections["The inspector reads the log each spring."] == "2 Keeping the log › 2.2 Reading it back"
    assert "1. Check the oil" in doc.text and "3. Light the mantle" in doc.text and "2. Foggy nights" in doc.text


def test_a_pdfs_bookmarked_lines_are_headings_on_the_bookmarks_page(tmp_path):
    pages = [
        ["Plotting", "refresh", "Refresh", "set output 'lamp.ps'", "refresh", "Replot",
         "The replot command repeats the last plot command.", "Replot"],
        ["Keeping the log", "Replot", "Entries are written in ink."],
    ]
    bookmarks = [("Plotting", 0, None), ("Refresh", 0, 0), ("Replot", 0, 0), ("Keeping the log", 1, None)]
    doc = read_document(make_pages_pdf(tmp_path / "lampplot.pdf", pages, bookmarks))
    # A bookmark heads the first line that is it, case and all, on its page; the same words elsewhere stay text.
    assert [(level, text) for _, level, text in doc.headings] == [
        (1, "Plotting"), (2, "Refresh"), (2, "Replot"), (1, "Keeping the log")]
    sections = {c.text.split("\n")[0]: c.section for c in _chunks(doc)}
    # The heading no longer runs into the example above it and the sentence under it.
    assert sections["The replot command repeats the last plot command."] == "Plotting › Replot"
    assert not any("refresh Replot" in " ".join(c.text.split()) for c in _chunks(doc))
    # Without an outline, the same page reads as before: its lines are text.
    assert read_document(make_pages_pdf(tmp_path / "plain.pdf", pages)).headings == ()


def test_a_pdfs_bookmarked_title_is_a_heading_numbered_and_wrapped_and_its_capital_running_heads_go(tmp_path):
    prose = "The keeper lights the lamp at dusk and trims the wick at midnight, as the board asks."
    pages = [
        # contents whose entries wrap over lines: gone whole
        ["Contents", "1 The lamp 2", "1.1 Who lights the lamp and trims its wick", "when the keeper is away on",
         "relief? . . . . . . . . 2", "1.2 Oil . . . . . . . . 2", "1.3 Why is the oil kept in the cold cellar",
         "and never in the warm room under", "the lamp? . . . . . . . . 2", "2 Fog 3", "2.1 The horn . . . . . . . . 3",
         "2.2 Why does the horn sound twice a", "minute when fog comes in from", "the west? . . . . . . . . 3",
         "2.3 Bells . . . . . . . . 3", "2.4 Lights . . . . . . . . 3"],
        ["Chapter 1", "The lamp", "1.1 Who lights the lamp and trims its wick when the keeper is away on", "relief?",
         "The relief keeper does, with the board's shears.", prose],
        ["CHAPTER 1. THE LAMP 1.2. OIL", "1.2 Oil", "The lamp burns whale oil.", prose],
        ["Chapter 2", "Fog", "2.1 The horn", "The horn is wound at noon.", prose],
        ["CHAPTER 2. FOG 2.2. WHY DOES THE HORN SOUND TWICE A ...", "2.2 Why does the horn sound twice a minute when fog",
         "comes in from the west?", "So that ships tell it from the Tolver horn.", prose],
        ["CHAPTER 2. FOG 2.3. BELLS", "2.3 Bells", "The bell is rung by hand.", "2.4 Lights", prose],
    ]
    bookmarks = [("The lamp", 1, None), ("Who lights the lamp and trims its wick when the keeper is away on relief?", 1, 0),
                 ("Oil", 2, 0), ("Fog", 3, None), ("The horn", 3, 3),
                 ("Why does the horn sound twice a minute when fog comes in from the west?", 4, 3), ("Bells", 5, 3),
                 ("Lights", 5, 3)]
    doc = read_document(make_pages_pdf(tmp_path / "keeping.pdf", pages, bookmarks))
    assert [h[1:] for h in doc.headings] == [
        (1, "1 The lamp"), (2, "1.1 Who lights the lamp and trims its wick when the keeper is away on relief?"),
        (2, "1.2 Oil"), (1, "2 Fog"), (2, "2.1 The horn"),
        (2, "2.2 Why does the horn sound twice a minute when fog comes in from the west?"), (2, "2.3 Bells"), (2, "2.4 Lights")]
    # The running heads in capitals and the contents are gone; the chapters' openings, a page or two apart, stay.
    assert "CHAPTER" not in doc.text and "Contents" not in doc.text and ". . ." not in doc.text
    sections = {c.text.split("\n")[0]: c.section for c in _chunks(doc)}
    assert sections["So that ships tell it from the Tolver horn."].endswith("west?")


def test_a_latex_articles_contents_under_its_title_and_its_running_heads_with_page_numbers_go(tmp_path):
    prose = [f"The keeper lights the {name} lamp at dusk and trims its wick at midnight, as the board asks."
             for name in ("north", "south", "harbour", "tower")]
    leaders = [f"1.{n} Part {n} of the lamp . . . . . . . . 1" for n in range(1, 9)]
    pages = [["Keeping the Light", "Ida Penrose", "2022-07-05", "Contents", "1 The lamp 1", *leaders, "2 Fog 3",
              "3 Bells 4", "1 The lamp", prose[0]],
             ["1 THE LAMP 2", prose[1]], ["2 FOG 3", "2 Fog", prose[2]], ["3 BELLS 4", "3 Bells", prose[3]],
             # a chapter's own contents under its title, as DocBook sets them: the title stays
             ["4 Lights", "Table of Contents", *(f"4.{n} Light {n} . . . . . . . . 5" for n in range(1, 9)), "Lights burn oil."]]
    text = read_document(make_pages_pdf(tmp_path / "article.pdf", pages)).text
    assert "4 Lights\n\nLights burn oil." in text and "Light 1" not in text
    # The title page stays; its contents and the running heads, each section's own, go.
    assert text.startswith("Keeping the Light\nIda Penrose\n2022-07-05")
    assert "Contents" not in text and "Part 1" not in text and "3 Bells 4" not in text
    assert "THE LAMP" not in text and "FOG" not in text and "BELLS" not in text and all(p in text for p in prose)


def test_a_pdfs_short_chapters_opening_pages_a_page_apart_are_headings_and_no_running_lines(tmp_path):
    prose = ["The keeper lights the lamp at dusk and trims the wick at midnight, as the board asks."]
    pages = [["Chapter 1", "The lamp", *prose], prose, ["Chapter 2", "Fog", *prose], ["Chapter 3", "Bells", *prose], prose]
    doc = read_document(make_pages_pdf(tmp_path / "short.pdf", pages))
    assert [h[1:] for h in doc.headings] == [(1, "1 The lamp"), (1, "2 Fog"), (1, "3 Bells")]


def test_a_pdfs_stray_grave_accent_is_dropped():
    from qa.pdf import _clean_page

    # TeX's opening quote in a font that draws it as a grave accent, before its word and stranded at a line's end.
    assert _clean_page(["the \u0300testing\u2019 distribution is \u0300", "caf\u0065\u0300 stays"], set()) == \
        "the testing\u2019 distribution is \ncaf\u0065\u0300 stays"


def test_reading_a_pdf_pages_numbered_headings_is_linear_in_a_long_line():
    # A hostile page's line: a heading's number, then a long run of spaces. The heading pattern's lazy title made
    # this quadratic (50 000 spaces took 5 s); four times the line must take about four times as long.
    import time

    from qa.pdf import _sectioned

    def seconds(n: int) -> float:
        text = "1 Introduction\n" + "1 A" + " " * n + "x\nThe keeper lights the lamp."
        best = float("inf")
        for _ in range(2):
            start = time.process_time()
            _sectioned(text, (None, None))
            best = min(best, time.process_time() - start)
        return max(best, 1e-4)

    assert seconds(400_000) < 8 * seconds(100_000) + 0.05


def test_markdown_is_parsed_into_plain_blocks_with_sections(tmp_path):
    (tmp_path / "guide.md").write_text(
        "# Guide\n\nRead [the FAQ](faq.md) **first**. ![badge](b.svg)\n\n## Install\n\n"
        "Run `make` then:\n\n```sh\nmake install\n```\n\n- one item\n- two item\n\n### Options\n\nSet `--fast` for speed.\n")
    doc = read_document(tmp_path / "guide.md")
    assert "[" not in doc.text and "**" not in doc.text and "```" not in doc.text and "faq.md" not in doc.text
    assert "Read the FAQ first." in doc.text and "make install" in doc.text
    sections = {c.text: c.section for c in _chunks(doc)}
    assert sections["Set --fast for speed."] == "Guide › Install › Options"
    assert sections["Read the FAQ first."] == "Guide"


def test_a_block_of_code_with_blank_lines_is_one_paragraph(tmp_path):
    code = 'table = Table()\ntable.add_row(\n    "Dec 20",\n\n)\n\nConsole().print(table)'
    (tmp_path / "rich.md").write_text(f"# Tables\n\nHere is a table example:\n\n```python\n{code}\n```\n", encoding="utf-8")
    (tmp_path / "rich.html").write_text(f"<html><body><h1>Tables</h1><p>Here is a table example:</p><pre>{code}</pre></body></html>",
                                        encoding="utf-8")
    for name in ("rich.md", "rich.html"):
        texts = [c.text for c in _chunks(read_document(tmp_path / name))]
        # Kept with the sentence that introduces it, whole: no chunk or sentence is a fragment of it.
        assert any(t.startswith("Here is a table example:") and t.endswith("Console().print(table)") for t in texts), texts


SPHINX_PAGE = """<!DOCTYPE html><html><head><title>4. More Control Flow Tools &#8212; Toolkit 1.0 documentation</title></head>
<body><div class="related" role="navigation"><ul><li><a href="index.html">index</a></li><li><a href="next.html">next</a> |</li></ul></div>
<div class="document"><div class="documentwrapper"><div class="body" role="main">
<section id="flow"><h1>4. More Control Flow Tools<a class="headerlink" href="#flow">¶</a></h1>
<p>Besides the while statement, the toolkit uses a few more.</p>
<section id="defining"><h2>4.7. Defining Functions<a class="headerlink" href="#defining">¶</a></h2>
<p>The keyword <code>def</code> introduces a function definition.</p>
<table><tr><th>Name</th><th>Meaning</th></tr><tr><td>def</td><td>a definition</td></tr></table>
</section></section></div></div>
<div class="sphinxsidebar" role="navigation"><h3>Table of Contents</h3><ul><li><a href="#">4. More Control Flow Tools</a></li></ul>
<h3>Quick search</h3></div></div>
<div class="footer">&#169; Copyright 2024. Created using Sphinx.</div>
<div id="cookie-notice">We use cookies to improve your experience.</div></body></html>"""


def test_html_keeps_the_main_content_with_its_sections(tmp_path):
    (tmp_path / "flow.html").write_text(SPHINX_PAGE)
    doc = read_document(tmp_path / "flow.html")
    assert doc.title == "4. More Control Flow Tools — Toolkit 1.0 documentation"
    for junk in ("index", "next", "Quick search", "Table of Contents", "Copyright", "cookies", "¶"):
        assert junk not in doc.text
    assert "Name | Meaning\ndef | a definition" in doc.text
    sections = {c.text.split("\n")[0]: c.section for c in _chunks(doc)}
    assert sections["The keyword def introduces a function definition."] == "4. More Control Flow Tools › 4.7. Defining Functions"


def test_a_section_whose_heading_names_page_furniture_is_kept(tmp_path):
    # Sphinx and docutils anchor a section with its heading's words: "menu", "related" or "cookies" there are the text's.
    (tmp_path / "tricks.html").write_text(
        '<html><body><div class="body" role="main"><section id="highlighting-active-menu-items"><h2>Highlighting Active Menu '
        'Items<a class="headerlink" href="#highlighting-active-menu-items">¶</a></h2><p>Set active_page in the child '
        'template.</p></section><div class="section" id="related-lamps"><h2>Related Lamps</h2><p>The harbour keeps two '
        'more.</p></div><h3 id="cookies">Cookies</h3><p>Keepers bake them on Sundays.</p>'
        '<dl class="py data"><dt class="sig sig-object py" id="LAMP_COOKIE_NAME"><span class="pre">LAMP_COOKIE_NAME</span>'
        '</dt><dd><p>The name of the lamp\'s cookie.</p></dd></dl>'
        '<div id="menu"><ul><li><a href="/">Home</a></li><li><a href="/a">About</a></li></ul></div></div></body></html>')
    doc = read_document(tmp_path / "tricks.html")
    text = doc.text
    for kept in ("Highlighting Active Menu Items", "Set active_page in the child template.", "Related Lamps",
                 "The harbour keeps two more.", "Cookies", "Keepers bake them on Sundays.", "The name of the lamp's cookie."):
        assert kept in text
    assert "LAMP_COOKIE_NAME" in [h[2] for h in doc.headings]  # a defined term anchored with its own words
    assert "About" not in text  # a menu with no heading of its own is still furniture


def test_a_sphinx_toctree_of_the_manuals_other_pages_and_what_only_print_shows_are_furniture(tmp_path):
    (tmp_path / "index.html").write_text(
        '<html><body><div role="main"><section id="lamp-keeping"><h1>Lamp keeping</h1><p>The keeper lights the lamp at '
        'dusk.</p><div class="toctree-wrapper compound"><ul><li class="toctree-l1"><a class="reference internal" '
        'href="fog.html">Fog signals</a><ul><li class="toctree-l2"><a class="reference internal" href="fog.html#bells">'
        'Bells</a></li></ul></li></ul></div></section></div></body></html>')
    text = read_document(tmp_path / "index.html").text
    assert text == "Lamp keeping\n\nThe keeper lights the lamp at dusk."
    # Nor is what a page shows only when printed: Jupyter Book's theme repeats the title there.
    (tmp_path / "book.html").write_text(
        '<html><body><main><div id="jb-print-docs-body" class="onlyprint"><h1>Lamp keeping</h1></div><article>'
        '<h1>Lamp keeping</h1><p>The keeper lights the lamp at dusk.</p></article></main></body></html>')
    assert read_document(tmp_path / "book.html").text == "Lamp keeping\n\nThe keeper lights the lamp at dusk."


def test_what_holds_the_pages_content_is_never_furniture_whatever_its_name_or_tag(tmp_path):
    # Read the Docs' Sphinx theme wraps the whole page in "wy-grid-for-nav" and the text in "wy-nav-content": the
    # page was read as its title alone. ASP.NET wraps its pages in a <form>.
    (tmp_path / "care.html").write_text(
        '<html><head><title>Lamp care</title></head><body><div class="wy-grid-for-nav">'
        '<nav class="wy-nav-side"><ul><li><a href="a.html">Lamp history</a></li></ul></nav>'
        '<section class="wy-nav-content-wrap"><div class="wy-nav-content"><div class="rst-content">'
        '<div role="navigation" aria-label="Page navigation"><a href="index.html">Docs</a> » Lamp care</div>'
        '<div role="main" class="document"><section id="lamp-care"><h1>Lamp care</h1>'
        '<p>Trim the wick before dusk.</p></section></div>'
        '<footer><p>Built with a theme.</p></footer></div></div></section></div></body></html>')
    text = read_document(tmp_path / "care.html").text
    assert "Trim the wick before dusk." in text
    for junk in ("Lamp history", "Docs", "Built with a theme."):
        assert junk not in text
    (tmp_path / "form.html").write_text(
        '<html><body><nav><h1>Harbour Site</h1><a href="/">Home</a> | <a href="/a">About</a></nav>'
        '<form id="aspnetForm"><div class="navbar"><a href="/c">Contact</a></div>'
        '<h1>Fog signals</h1><p>The horn sounds twice a minute in fog.</p></form></body></html>')
    text = read_document(tmp_path / "form.html").text
    # The page's first heading outside its menu says where the content is; the menu's own heading does not.
    assert "The horn sounds twice a minute in fog." in text
    for junk in ("About", "Contact", "Harbour Site"):
        assert junk not in text


# A page of a manual as texinfo writes it: a bar of links through the manual over and under the text.
TEXINFO_PAGE = """<html><head><title>The Basics (lamp: the lighthouse library)</title></head><body>
<div class="section" id="The-Basics"><div class="header"><p>
Next: <a href="Example.html" accesskey="n" rel="next">Example</a>, Up: <a href="Using.html" accesskey="u" rel="up">Using lamp</a>
&nbsp; [<a href="Index.html" title="Index" rel="index">Index</a>]</p></div><hr>
<h3 class="section">2.1 The Basics</h3>
<p>The lamp turns once a minute. See the next section, up the stairs, for the index of bearings.</p>
<dl><dt><a id="index-lamp_turn"></a>Function: <code>int</code> <strong>lamp_turn</strong> <em>(int bearing)</em>
<a class="copiable-anchor" href="#index-lamp_turn"> &para;</a></dt><dd><p>Turns the lamp.</p></dd></dl>
</div><hr><div class="header"><p>
Next: <a href="Example.html">Example</a>, Up: <a href="Using.html">Using lamp</a> &nbsp; [<a href="Index.html" title="Index" rel="index">Index</a>]</p>
</div></body></html>"""


# The same page as texi2html (and texi2any in its style) writes it: bars of bracketed links in a table, marked by titles.
TEXI2HTML_PAGE = """<html><head><title>The Basics (lamp)</title></head><body><div class="section" id="The-Basics">
<table class="header" cellpadding="1" cellspacing="1" border="0"><tr>
<td valign="middle" align="left">[<a href="Using.html#Using" title="Beginning of this chapter or previous chapter"> &lt;&lt; </a>]</td>
<td valign="middle" align="left">[<a href="Using.html#Intro" title="Previous section in reading order"> &lt; </a>]</td>
<td valign="middle" align="left">[<a href="Using.html" title="Up section"> Up </a>]</td>
<td valign="middle" align="left">[<a href="Example.html" title="Next section in reading order"> &gt; </a>]</td>
<td valign="middle" align="left"> &nbsp; </td><td valign="middle" align="left">[<a href="index.html" title="Cover (top) of document">Top</a>]</td>
<td valign="middle" align="left">[<a href="lamp_toc.html#SEC_Contents" title="Table of contents">Contents</a>]</td></tr></table>
<h3 class="section">2.1 The Basics</h3>
<p>The lamp turns once a minute. See the next section, up the stairs, for the index of bearings.</p>
<dl><dt>Function: <code>int</code> <strong>lamp_turn</strong> <em>(int bearing)</em></dt><dd><p>Turns the lamp.</p></dd></dl>
</div><hr><table class="header" cellpadding="1" cellspacing="1" border="0"><tr>
<td valign="middle" align="left">[<a href="Using.html#Using" title="Beginning of this chapter or previous chapter"> &lt;&lt; </a>]</td>
<td valign="middle" align="left">[<a href="Parts.html" title="Next chapter"> &gt;&gt; </a>]</td>
<td valign="middle" align="left">[<a href="index.html" title="Cover (top) of document">Top</a>]</td></tr></table></body></html>"""


@pytest.mark.parametrize("page", [TEXINFO_PAGE, TEXI2HTML_PAGE], ids=["texinfo", "texi2html"])
def test_a_manuals_bar_of_links_is_navigation_above_and_below_the_text(tmp_path, page):
    (tmp_path / "basics.html").write_text(page)
    doc = read_document(tmp_path / "basics.html")
    assert doc.text.split("\n\n") == ["2.1 The Basics", "The lamp turns once a minute. See the next section, up the stairs, "
                                       "for the index of bearings.", "Function: int lamp_turn (int bearing)", "Turns the lamp."]


# A page laid out with tables and <br><br> paragraphs, as personal sites were built before CSS.
LAYOUT_PAGE = """<html><head><title>How to Keep a Lighthouse</title></head><body>
<table border="0" width="100%"><tr valign="top"><td width="69"><a href="index.html"><img src="home.gif"></a><br>
<img src="essays.gif"><br></td><td><img src="spacer.gif" width="26"></td>
<td><img src="title.gif" alt="How to Keep a Lighthouse"><br><br><table border="0" width="435"><tr><td><font size="2">March 2019<br><br>
The first thing a keeper learns is that the lamp matters less than the logbook. A lamp can be mended in an afternoon,
but a missing entry can never be written again.<br><br>Most keepers started young.<br>They came because a relative kept the tower.
<br><br><b>Notes</b><br><br>[1] Thanks to the harbour board.<br><br></font></td></tr></table></td></tr></table></body></html>"""


def test_a_page_laid_out_with_tables_is_read_once_in_paragraphs(tmp_path):
    (tmp_path / "essay.html").write_text(LAYOUT_PAGE)
    doc = read_document(tmp_path / "essay.html")
    paragraphs = doc.text.split("\n\n")
    assert paragraphs[1] == "March 2019" and paragraphs[-1] == "[1] Thanks to the harbour board."
    # The title drawn as an image (its alt the page's <title>) is the page's heading; the menu's images are no text.
    assert paragraphs[0] == "How to Keep a Lighthouse" and [h[1:] for h in doc.headings] == [(1, "How to Keep a Lighthouse")]
    assert doc.text.count("the lamp matters less") == 1 and "|" not in doc.text
    # One <br> parts sentences, two part paragraphs.
    assert "Most keepers started young. They came because a relative kept the tower." in paragraphs


def test_a_tables_row_of_one_filled_cell_is_text(tmp_path):
    (tmp_path / "faq.html").write_text(
        "<html><body><table><tr class='question'><td><a name='q1'></a><b>1.1.</b></td><td><b>How do you light the lamp?</b></td></tr>"
        "<tr><td><a name='a1'></a></td><td><p>With a long taper, at dusk.</p><p>Never with a match.</p></td></tr>"
        "<tr><td>wick</td><td></td><td>2 bytes</td></tr></table></body></html>")
    # (its paragraphs its own), under its question (DocBook's FAQ marks the row)
    doc = read_document(tmp_path / "faq.html")
    assert doc.text.split("\n\n") == ["1.1. How do you light the lamp?", "With a long taper, at dusk.", "Never with a match.",
                                       "wick |  | 2 bytes"]  # a row of data keeps its empty cells, and so its columns
    assert [title for _, _, title in doc.headings] == ["1.1. How do you light the lamp?"]


def test_plain_text_headings_underlined_as_restructuredtext_writes_them_make_sections(tmp_path):
    (tmp_path / "tools.txt").write_text(
        "4. Lighthouse Tools\n*******************\n\nThe toolkit has a few commands.\n\n\n"
        "4.1. The beam command\n=====================\n\nThe beam command turns the lamp towards a bearing.\n"
        "A line of text\n=====\n\n"  # a short rule under a paragraph's last line: no heading
        "4.2. The sweep command\n======================\n\nThe sweep command turns the lamp round.\n")
    doc = read_document(tmp_path / "tools.txt")
    assert [(level, title) for _, level, title in doc.headings] == [(1, "4. Lighthouse Tools"), (2, "4.1. The beam command"),
                                                                    (2, "4.2. The sweep command")]
    sections = {c.text.split("\n")[0]: c.section for c in _chunks(doc)}
    assert sections["The sweep command turns the lamp round."] == "4. Lighthouse Tools › 4.2. The sweep command"


API_PAGE = """<html><head><title>lamp — Lamp control</title></head><body><div role="main">
<h1>lamp — Lamp control</h1><p>The lamp module turns and dims the light of a lighthouse.</p>
<dl class="py method"><dt class="sig" id="Lamp.turn">Lamp.turn(bearing, speed=1)<a class="headerlink" href="#Lamp.turn">¶</a></dt>
<dd><p>Return the new bearing of the lamp, in degrees from north.</p></dd></dl>
<dl class="py method"><dt class="sig" id="Lamp.dim">Lamp.dim(level)<a class="headerlink" href="#Lamp.dim">¶</a></dt>
<dd><p>Return the new brightness of the lamp, in candelas.</p></dd></dl>
</div></body></html>"""


def test_a_defined_term_heads_its_definition(tmp_path, embedder):
    from qa import Assistant

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "lamp.html").write_text(API_PAGE)
    doc = read_document(tmp_path / "docs" / "lamp.html")
    assert [(level, title) for _, level, title in doc.headings] == [
        (1, "lamp — Lamp control"), (2, "Lamp.turn(bearing, speed=1)"), (2, "Lamp.dim(level)")]
    # The definitions never name their method: only the term above them tells them apart.
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, answer_sentences=1)
    assistant.ingest([tmp_path / "docs"])
    for question, answer, section in (("What does Lamp.dim return?", "brightness", "Lamp.dim(level)"),
                                      ("What does Lamp.turn return?", "bearing", "Lamp.turn(bearing, speed=1)")):
        cited = assistant.ask(question).citations[0]
        assert answer in cited.quote and cited.section.endswith(section), (question, cited.quote)


def test_a_paragraph_of_bold_words_alone_heads_what_follows(tmp_path):
    examples = ("Lamps\n=====\n\n**Example 1: Lighting the lamp**\n\nThe following command lights it::\n\n    lamp on\n\n"
                "**Never light it in daylight.**\n\n**Note:** the lamp is hot.\n\n**Can it run on batteries?**\n\nNo, it needs mains power.\n")
    (tmp_path / "lamp.rst").write_text(examples)
    (tmp_path / "lamp.md").write_text("# Lamps\n\n**Example 1: Lighting the lamp**\n\nThe following command lights it:\n\n"
                                      "    lamp on\n\n**Never light it in daylight.**\n\n**Note:** the lamp is hot.\n\n"
                                      "**Can it run on batteries?**\n\nNo, it needs mains power.\n")
    (tmp_path / "lamp.html").write_text("<html><body><h1>Lamps</h1><p><b>Example 1: Lighting the lamp</b></p>"
                                        "<p>The following command lights it:</p><pre>lamp on</pre><p><strong>Never light it in daylight."
                                        "</strong></p><p><strong>Note:</strong> the lamp is hot.</p><p><b>Can it run on batteries?</b></p>"
                                        "<p>No, it needs mains power.</p></body></html>")
    for name in ("lamp.rst", "lamp.md", "lamp.html"):
        doc = read_document(tmp_path / name)
        # A bold sentence is emphasis, and a bold label opens its paragraph: neither is a heading. A bold question
        # heads its answer, as a FAQ writes it.
        assert [(level, title) for _, level, title in doc.headings] == [
            (1, "Lamps"), (2, "Example 1: Lighting the lamp"), (2, "Can it run on batteries?")], name
        sections = {c.text.split("\n")[0]: c.section for c in _chunks(doc)}
        assert sections["The following command lights it:"] == "Lamps › Example 1: Lighting the lamp", name
        assert sections["No, it needs mains power."] == "Lamps › Can it run on batteries?", name


def test_a_paragraph_of_italic_words_alone_that_asks_heads_its_answer(tmp_path):
    (tmp_path / "lamp.rst").write_text("Lamps\n=====\n\nFAQ\n---\n\n*Keep the light burning.*\n\nAlways.\n\n"
                                       "*License?*\n\nMIT\n\n*Should I use it?*\n\nMaybe.\n")
    (tmp_path / "lamp.md").write_text("# Lamps\n\n## FAQ\n\n*Keep the light burning.*\n\nAlways.\n\n_License?_\n\nMIT\n\n"
                                      "*Should I use it?*\n\nMaybe.\n")
    (tmp_path / "lamp.html").write_text("<html><body><h1>Lamps</h1><h2>FAQ</h2><p><em>Keep the light burning.</em></p><p>Always.</p>"
                                        "<p><i>License?</i></p><p>MIT</p><p><em>Should I use it?</em></p><p>Maybe.</p></body></html>")
    for name in ("lamp.rst", "lamp.md", "lamp.html"):
        doc = read_document(tmp_path / name)
        # An italic sentence is emphasis (a motto); an italic question heads its answer.
        assert [(level, title) for _, level, title in doc.headings] == [
            (1, "Lamps"), (2, "FAQ"), (3, "License?"), (3, "Should I use it?")], name
        sections = {c.text.split("\n")[0]: c.section for c in _chunks(doc)}
        assert sections["MIT"] == "Lamps › FAQ › License?" and sections["Always."] == "Lamps › FAQ", name


def test_a_sphinx_sites_index_pages_hold_no_links_to_index(tmp_path):
    (tmp_path / "genindex.html").write_text(
        '<html><head><title>Index — Lamp 1.0</title></head><body><div class="body" role="main"><h1 id="index">Index</h1>'
        '<div class="genindex-jumpbox"><a href="#A"><strong>A</strong></a> | <a href="#T"><strong>T</strong></a></div>'
        '<h2 id="A">A</h2><table class="indextable genindextable"><tr><td><ul><li><a href="lamp.html#lamp.aim">aim() (in module lamp)</a></li>'
        '</ul></td></tr></table><p>The index lists every lamp function.</p></div></body></html>')
    doc = read_document(tmp_path / "genindex.html")
    assert "aim()" not in doc.text and "| T" not in doc.text and "The index lists every lamp function." in doc.text


def test_a_list_of_short_items_is_one_block_as_in_markdown_and_a_docnav_bar_goes(tmp_path):
    (tmp_path / "rules.html").write_text(
        '<html><body><ul class="docnav top"><li class="previous"><a accesskey="p" href="a.html"><strong>Prev</strong></a></li>'
        '<li class="home">The Keeper\'s Handbook</li><li class="next"><a accesskey="n" href="c.html"><strong>Next</strong></a></li></ul>'
        "<h1>Rules</h1><p>Keep these rules in mind:</p><ul><li><p>One lamp per tower.</p></li><li>Two keepers per lamp.</li></ul>"
        "<ul><li>Short.</li><li>An item as long as a line of prose or longer, which is a paragraph of its own.</li></ul></body></html>")
    doc = read_document(tmp_path / "rules.html")
    # A list with an item as long as a line of prose: each item a paragraph of its own, marked as a browser shows it.
    assert doc.text.split("\n\n") == ["Rules", "Keep these rules in mind:", "One lamp per tower.\nTwo keepers per lamp.", "• Short.",
                                       "• An item as long as a line of prose or longer, which is a paragraph of its own."]
    # A sentence that introduces the list keeps it, as it does a markdown one.
    assert [c.text for c in _chunks(doc)][1] == "Keep these rules in mind:\n\nOne lamp per tower.\nTwo keepers per lamp."


def test_a_list_a_sentence_introduces_is_kept_with_it_whatever_its_items_length(tmp_path):
    items = ["unconditional statements are easier to understand and follow", "nesting is reduced",
             "errors from exit points left unchanged when the function is modified are prevented"]
    html = "".join(f"<li><p>{item}</p></li>" for item in items)
    markdown = "".join(f"1. {item}\n" for item in items)
    (tmp_path / "style.html").write_text(f"<html><body><h1>Style</h1><p>The reasons for using gotos are:</p><ul>{html}</ul>"
                                         f"<pre>int lamp(void)\n{{\n    goto out;\n}}</pre><p>Unrelated.</p><ul>{html}</ul></body></html>")
    (tmp_path / "style.md").write_text(f"# Style\n\nThe steps for using gotos are:\n\n{markdown}\nUnrelated.\n\n{markdown}")
    for name, listed in (("style.html", "\n".join(f"• {item}" for item in items)),
                         ("style.md", "\n".join(f"{n}. {item}" for n, item in enumerate(items, start=1)))):
        doc = read_document(tmp_path / name)
        found = [doc.text[a:b] for a, b in paragraphs(doc.text, doc.headings)]
        # The items, marked as a browser shows them, one paragraph with the sentence that introduces them; the list
        # ends it, so the code under it is not run into its last item.
        assert found[1].startswith("The ") and found[1].endswith(f"are:\n\n{listed}"), found
        # A list no sentence introduces: an item as long as a line of prose is a paragraph of its own, marked.
        assert doc.text.endswith("Unrelated.\n\n" + listed.replace("\n", "\n\n")), name


# An API page as Sphinx writes it: each description's fields (parameters, what it returns) in a field list.
FIELDS_PAGE = """<html><head><title>lamp API</title></head><body><div role="main"><h1>lamp API</h1>
<dl class="py function"><dt class="sig sig-object py" id="lamp.turn"><span class="sig-prename">lamp.</span><span class="sig-name">turn</span>(<em>bearing</em>, <em>speed=1</em>)<a class="headerlink" href="#lamp.turn">¶</a></dt>
<dd><p>Turn the lamp.</p>
<dl class="field-list simple">
<dt class="field-odd">Parameters<span class="colon">:</span></dt>
<dd class="field-odd"><ul class="simple"><li><p><strong>bearing</strong> (<em>int</em>) – degrees from north</p></li><li><p><strong>speed</strong> (<em>int</em>) – turns a minute</p></li></ul></dd>
<dt class="field-even">Returns<span class="colon">:</span></dt><dd class="field-even"><p>the new bearing, in degrees</p></dd>
<dt class="field-odd">Return type<span class="colon">:</span></dt><dd class="field-odd"><p>int</p></dd>
</dl></dd></dl>
<dl class="py function"><dt class="sig sig-object py" id="lamp.dim">lamp.dim(<em>level</em>)</dt>
<dd><p>Dim the lamp.</p><dl class="field-list simple"><dt class="field-odd">Returns<span class="colon">:</span></dt><dd class="field-odd"><p>the new brightness, in candelas</p></dd></dl></dd></dl>
</div></body></html>"""


def test_the_fields_of_a_description_are_sentences_under_its_signature(tmp_path, embedder):
    from qa import Assistant

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "lamp.html").write_text(FIELDS_PAGE)
    doc = read_document(tmp_path / "docs" / "lamp.html")
    assert [title for _, _, title in doc.headings] == ["lamp API", "lamp.turn(bearing, speed=1)", "lamp.dim(level)"]
    assert "Parameters: bearing (int) – degrees from north; speed (int) – turns a minute" in doc.text.split("\n\n")
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, answer_sentences=2)
    assistant.ingest([tmp_path / "docs"])
    cited = {c.quote: c.section for c in assistant.ask("What does lamp.dim return?").citations}
    assert cited.get("Returns: the new brightness, in candelas") == "lamp API › lamp.dim(level)", cited


def test_an_essay_named_only_in_its_page_title_is_found_by_it(tmp_path, embedder):
    from qa import Assistant

    (tmp_path / "docs").mkdir()
    for name, title, lesson in (("a.html", "How to Keep a Lighthouse", "patience"), ("b.html", "How to Sail a Dinghy", "balance")):
        page = LAYOUT_PAGE.replace("How to Keep a Lighthouse", title).replace("the lamp matters less than the logbook",
                                                                             f"the first thing to learn is {lesson}")
        (tmp_path / "docs" / name).write_text(page)
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, answer_sentences=1)
    assistant.ingest([tmp_path / "docs"])
    for title, lesson in (("How to Sail a Dinghy", "balance"), ("How to Keep a Lighthouse", "patience")):
        assert lesson in assistant.ask(f"In {title}, what is the first thing to learn?").text


def test_docx_headings_become_sections(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_heading("Station Rules", level=0)  # the Title style
    document.add_heading("Lamp", level=1)
    document.add_paragraph("The lamp is lit at sunset by the keeper on duty.")
    document.add_heading("Fog", level=1)
    document.add_paragraph("The fog signal sounds twice a minute in fog.")
    table = document.add_table(rows=2, cols=2)
    for row, cells in zip(table.rows, (("Signal", "Interval"), ("horn", "30 s"))):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    document.save(tmp_path / "rules.docx")
    doc = read_document(tmp_path / "rules.docx")
    assert doc.title == "Station Rules"
    sections = {c.text: c.section for c in _chunks(doc)}
    assert sections["The fog signal sounds twice a minute in fog."] == "Station Rules › Fog"
    assert "Signal | Interval\nhorn | 30 s" in doc.text


def test_pptx_slides_are_pages_and_titles_sections(tmp_path):
    pptx = pytest.importorskip("pptx")
    deck = pptx.Presentation()
    for title, body in (("Lamp duty", "The lamp is lit at sunset by the keeper."), ("Fog duty", "The horn sounds twice a minute in fog.")):
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = title
        slide.placeholders[1].text_frame.text = body
    deck.save(tmp_path / "duties.pptx")
    doc = read_document(tmp_path / "duties.pptx")
    chunk = next(c for c in _chunks(doc) if c.text.startswith("The horn"))
    assert chunk.page_at(0) == "slide 2" and chunk.section == "Fog duty"


def test_a_scanned_page_without_tesseract_is_named_in_one_line(tmp_path, monkeypatch):
    path = make_scanned_pdf(tmp_path / "scan.pdf", ["The harbour light was first lit in 1871."])
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract on it
    with pytest.raises(DocumentError) as info:
        read_document(path)
    assert str(info.value) == "scan.pdf: page 1 has no text layer; install tesseract-ocr to read it"


@pytest.mark.skipif(not shutil.which("tesseract"), reason="tesseract-ocr is not installed")
def test_a_scanned_page_is_read_with_tesseract(tmp_path):
    path = make_scanned_pdf(tmp_path / "scan.pdf", ["The harbour light was first lit in 1871.", "Its keeper was Oswin Hale."])
    doc = read_document(path)
    assert "harbour light was first lit in 1871" in doc.text and "Oswin Hale" in doc.text
    assert doc.pages == ((0, "1"),)


def test_a_scanned_page_among_text_pages_is_one_note_and_the_rest_is_read(tmp_path, monkeypatch):
    import pypdf

    text = make_pages_pdf(tmp_path / "text.pdf", [["The keeper lit the lamp at dusk every evening."]])
    scan = make_scanned_pdf(tmp_path / "scan.pdf", ["The harbour light was first lit in 1871."])
    writer = pypdf.PdfWriter()
    for part in (text, scan):
        writer.append(str(part))
    writer.write(tmp_path / "mixed.pdf")
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract on it
    doc = read_document(tmp_path / "mixed.pdf")
    assert "keeper lit the lamp" in doc.text
    assert doc.notes == ("mixed.pdf: page 2 has no text layer; install tesseract-ocr to read it",)


def test_a_chapter_title_heading_a_run_of_pages_is_dropped_and_a_scattered_label_kept(tmp_path):
    pages = []
    for n in range(1, 13):
        header = ["Getting Started"] if n <= 3 else []  # a chapter's running title: 3 pages of 12, a quarter
        label = ["Return values:"] if n in (4, 8, 12) else []  # a label opening pages far apart: content
        pages.append(header + label + [f"Body sentence number {n} says something about the harbour."])
    doc = read_document(make_pages_pdf(tmp_path / "book.pdf", pages))
    assert "Getting Started" not in doc.text
    assert doc.text.count("Return values:") == 3


def test_an_icon_fonts_glyphs_are_dropped_and_a_notes_title_is_a_heading(tmp_path):
    (tmp_path / "start.html").write_text(
        "<html><body><h1>Starting</h1><p>Check the keeper's tools by running the following command:</p>"
        "<div class='tabs'><label>&#xf17c;/&#xf179;</label><label>&#xf17a;</label></div>"
        "<pre>$ lampctl --version</pre><div class='admonition note'><p class='admonition-title'>When to use lampctl()</p>"
        "<p>Use it before every watch.</p></div></body></html>")
    doc = read_document(tmp_path / "start.html")
    assert doc.text.split("\n\n")[1:3] == ["Check the keeper's tools by running the following command:", "$ lampctl --version"]
    assert [h[1:] for h in doc.headings] == [(1, "Starting"), (2, "When to use lampctl()")]
    # The example stays with the sentence that introduces it.
    assert chunk_text(doc.text, "start.html", "Starting")[1].text.endswith("$ lampctl --version")


def test_a_pdfs_contents_without_leaders_are_dropped_and_a_table_of_numbers_stays(tmp_path):
    chapters = ["Keeping the light 3", "The lamp 3", "Wicks and oil 4", "Fog signals 5", "The logbook 6", "Storms 8",
                "Relief keepers 9", "The inspector 10", "Retirement 11"]
    # with a line the entry pattern misses: a number inside its title
    contents = ["Contents", *chapters[:4], "Lamp lenses . . . . . . . . . . 4", *chapters[4:], "12 Changes since version 1.2 11"]
    table = ["Lamps lit each year:", "Brannock 1871", "Tolver 1904", "Harrow 1880", "Fenwick 1911", "Kestle 1899",
             "Orran 1921", "Pell 1890", "Quay 1930", "Sark 1875"]
    prose = ["The keeper lights the lamp at dusk and trims the wick at midnight."]
    path = make_pages_pdf(tmp_path / "book.pdf", [contents, table + prose, prose, prose] + [prose] * 7)
    doc = read_document(path)
    # Most lines of the first page are a title and a page number, in order: contents, gone with its title.
    assert "Fog signals" not in doc.text and "Contents" not in doc.text and "Lamp lenses" not in doc.text
    assert "Changes since" not in doc.text  # the whole page
    # Years out of order, past the book's last page: a table, kept.
    assert "Tolver 1904" in doc.text and "Brannock 1871" in doc.text


def test_a_pdfs_control_characters_are_no_text_and_a_bullet_stays_one(tmp_path):
    # pdfium gives a C1 control for a glyph it cannot map, as TeX's list bullet.
    path = make_pages_pdf(tmp_path / "lamps.pdf", [["Lamps", "\x88 The lamp is lit at dusk.", "The wick\x88 is trimmed."]])
    assert read_document(path).text == "Lamps\n• The lamp is lit at dusk.\nThe wick is trimmed."


def test_a_pdfs_outline_opens_at_section_0_and_takes_a_chapter_over_its_title_as_its_number(tmp_path):
    pages = [["0 How to use this manual", "Every new keeper reads the manual from start to finish."],
             ["1 The lamp", "The lamp is lit at dusk with k turns of the wick, for k in Z", "2 and k in R", "It burns oil."],
             ["Chapter 2", "Fog signals", "The horn sounds twice a minute."],
             ["2.1 The horn", "The horn is wound at noon."], ["Chapter 3", "4ti2 as a lamp library", "It is old."]]
    doc = read_document(make_pages_pdf(tmp_path / "manual.pdf", pages))
    # A joining word opens no title: "2 and k in R" is the sentence's end, under its exponent.
    assert [h[1:] for h in doc.headings] == [(1, "0 How to use this manual"), (1, "1 The lamp"), (1, "2 Fog signals"),
                                            (2, "2.1 The horn"), (1, "3 4ti2 as a lamp library")]


def test_a_page_that_only_redirects_to_another_is_refused_with_where_it_points(tmp_path):
    # texinfo writes one for every node of a manual split by chapter; indexed, each would outrank the page it points to.
    head = '<html><head><title>Fog Mode (lamp)</title><meta http-equiv="Refresh" content="0; url=Modes.html#Fog-Mode">'
    (tmp_path / "Fog-Mode.html").write_text(f"{head}</head><body><p>The node you are looking for is at "
                                            '<a href="Modes.html#Fog-Mode">Fog Mode</a>.</p></body></html>')
    with pytest.raises(NothingToReadError, match=r"Fog-Mode\.html: a redirect to Modes\.html#Fog-Mode, with no text of its own"):
        read_document(tmp_path / "Fog-Mode.html")
    # A page with text of its own is read, whatever it refreshes to.
    (tmp_path / "news.html").write_text(f"{head}</head><body><p>{'The lamp was lit at dusk and the fog horn sounded. ' * 5}"
                                        "</p></body></html>")
    assert "fog horn sounded" in read_document(tmp_path / "news.html").text


def test_a_texinfo_index_of_concepts_is_not_text(tmp_path):
    (tmp_path / "Concept-Index.html").write_text(
        '<html><head><title>Concept Index (lamp)</title></head><body><h2 class="unnumbered">Concept Index</h2>'
        '<p>Jump to: <a href="#ci-F">F</a></p><table class="index-cp" border="0"><tr><td></td><th align="left">Index Entry</th>'
        '<td>&nbsp;</td><th align="left"> Section</th></tr><tr><th id="ci-F">F</th><td></td><td></td></tr><tr><td></td>'
        '<td valign="top"><a href="Modes.html#index-fog">fog mode, enabling</a></td><td>&nbsp;</td><td valign="top">'
        '<a href="Modes.html#Fog">16.2.3 Fog and Horns</a></td></tr></table>'
        '<table class="fn-entries-printindex" border="0"><tr><td></td><td valign="top"><a href="Modes.html#index-dim">'
        'dim</a></td><td valign="top"><a href="Modes.html#Dim">16.3 Dimming</a></td></tr></table>'
        "<p>The lamp's concepts, each with the section that explains it.</p></body></html>")
    text = read_document(tmp_path / "Concept-Index.html").text
    assert "fog mode, enabling" not in text and "Fog and Horns" not in text and "Dimming" not in text
    assert "The lamp's concepts, each with the section that explains it." in text


def test_terms_in_a_row_head_the_definition_they_share(tmp_path):
    # texinfo's @item/@itemx: the last of a row of terms is no glossary entry for the definition under them all.
    (tmp_path / "expansion.html").write_text(
        "<html><body><h1>Expansion</h1><dl><dt>Fog Expansion</dt><dd><p>This is done first.</p></dd>"
        "<dt>Lamp Expansion</dt><dt>Wick Expansion</dt><dd><p>These two are done in turn.</p></dd></dl></body></html>")
    doc = read_document(tmp_path / "expansion.html")
    assert [title for _, _, title in doc.headings] == ["Expansion", "Fog Expansion", "Lamp Expansion, Wick Expansion"]
