"""Read an HTML page: its main content as blocks, its headings, its title.

The page is parsed with lxml. Page furniture is removed first: scripts and styles,
``nav``/``header``/``footer``/``aside``/``form`` elements, the ARIA roles of navigation, banners and
footers, elements whose class or id names navigation (documentation generators mark
theirs so: Sphinx's ``sphinxsidebar`` and ``related``, DocBook's ``navheader``/``navfooter``
and ``toc``, breadcrumbs, cookie notices; the tables of a Sphinx site's general and module indexes), and a short block holding a link that steps through
a manual (``rel="next"``, ``"prev"``, ``"up"``: texinfo's "Next: ..., Up: ..." bar). The main content is then ``<main>``, the
``role="main"`` element or the single ``<article>`` when the page has one, else the body.
Headings become heading blocks (they make the section paths), and so do docutils' titles of a note, topic or
rubric (``<p class="admonition-title">``), a short paragraph of bold words alone
(``<p><b>Example 1: ...</b></p>``) and defined terms (``<dt>``:
an API's signature, a glossary's word) one level under the heading above them, but not the fields of a
description (Sphinx's ``field-list``: "Returns: the new bearing", one block each); paragraphs, list items
(a list of short items: one block of a line each, as markdown's),
definitions and preformatted text blocks of their own, and a table one block of a line
per row with its cells joined by " | " (a row of one filled cell is text, and a DocBook FAQ's question
row heads the answer under it). A table that lays out the page (it holds another table,
or paragraphs in a cell) is read as the content of its cells instead, and in text written without
``<p>`` a blank line (``<br><br>``) parts paragraphs.

trafilatura was tried for this and set aside: on the DocBook pages of the real-document
set it dropped the headings of 6 pages of 7 (see eval/realdocs/README.md).
"""

from __future__ import annotations

import re

from .chunk import WRAPPED_LINE
from .errors import DocumentError, NothingToReadError
from .read import code_block, is_bold_heading, is_italic_question, list_items, short_items

# Elements that are never content.
_DROP_TAGS = ("script", "style", "noscript", "template", "nav", "footer", "aside", "form", "svg", "button",
              "select", "iframe", "object", "canvas", "head")
# ARIA roles of page furniture.
_DROP_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar", "dialog"}
# Class or id words that name navigation and notices, as documentation generators and sites spell them (Sphinx's
# "toctree-wrapper": the list of links to a manual's other pages that its index pages show; what is shown only when
# printed, as Jupyter Book's theme repeats a page's title and contents in "onlyprint"; texinfo's indexes of concepts,
# functions and variables, "index-cp" and "cp-entries-printindex", rows of links to where each is named).
# Not "sidebar" alone: DocBook's sidebars are the tips and notes of the text.
_DROP_NAMES = re.compile(
    r"(^|[\s_-])(nav|navbar|navigation|navheader|navfooter|docnav|sphinxsidebar|sphinxsidebarwrapper|related|"
    r"breadcrumbs?|toc|menu|footer|cookies?|cookie-banner|consent|skip-?link|headerlink|copiable-anchor|copiable-link|edit-?this-?page|"
    r"genindex|indextable|modindextable|index-(?:cp|fn|vr|ky|pg|tp)|printindex|toctree-wrapper|onlyprint|print-?only|"
    r"prev-?next|pagination|share|social|advert|ads)($|[\s_-])",
    re.IGNORECASE)
# The titles docutils and Sphinx give a note, a topic, a sidebar or a rubric: headings over them, not sentences.
_TITLE_CLASSES = {"admonition-title", "topic-title", "sidebar-title", "rubric"}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# What a <br> leaves in the text: a line separator (whitespace to str.split, unlike anything in the source).
_BR = "\u2028"
# Two <br> in a row, with nothing but whitespace between: the paragraph break of pages written without <p>.
_BLANK_LINE = re.compile(rf"{_BR}(?:[^\S{_BR}]*{_BR})+")
# Elements that run inside a line of text: they join the block around them.
_INLINE = {"a", "abbr", "acronym", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "del", "dfn", "em", "font",
           "i", "img", "ins", "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub",
           "sup", "time", "tt", "u", "var", "wbr"}


# Links that step through a manual ("Next: Simple Example, Up: Using libffi"), as texinfo and other generators
# mark them (texi2html's bars, "[ < ] [ Up ] [ > ]", by their titles: "Next section in reading order", "Up section");
# a short block of text holding one is a navigation bar, whatever its class.
_STEP_LINKS = ("//a[@rel='next' or @rel='prev' or @rel='previous' or @rel='up' or @title='Up section' or @title='Next chapter' "
               "or @title='Next section in reading order' or @title='Previous section in reading order' "
               "or @title='Beginning of this chapter or previous chapter']")
_NAV_BAR_TAGS = ("p", "div", "td", "tr", "table", "ul")
_NAV_BAR_WORDS = 25


def _step_bars(root) -> list:
    """The bars of links that step through a manual: around each such link, the largest block of at most
    :data:`_NAV_BAR_WORDS` words (found from the links up, so a page is searched once)."""
    bars = []
    for link in root.xpath(_STEP_LINKS):
        bar = None
        for el in link.iterancestors(*_NAV_BAR_TAGS):
            if len(_text(el).split()) > _NAV_BAR_WORDS:
                break
            bar = el
        if bar is not None and not any(b is bar for b in bars):
            bars.append(bar)
    return bars


def _is_furniture(el) -> bool:
    if el.tag == "aside" and _NOTES_NAMES.search(f"{el.get('class') or ''} {el.get('role') or ''}"):
        return False  # a document's notes, which docutils and pandoc put in <aside>
    if el.tag in _DROP_TAGS:
        return True
    if (el.get("role") or "").lower() in _DROP_ROLES or el.get("hidden") is not None:
        return True
    if el.tag == "header" and el.getparent() is not None and el.getparent().tag == "body":
        return True  # the site's banner; a header inside an article holds its headline and stays
    if el.tag == "a" and re.search(r"\w", _text(el)) and next(el.iterancestors(*_HEADINGS), None) is not None:
        return False  # a heading's words as a link (docutils' "toc-backref" back to the contents) are the heading's
    anchor = el.get("id") or ""
    names = f"{el.get('class') or ''} {'' if _heading_anchor(el, anchor) else anchor}"
    return bool(names.strip()) and bool(_DROP_NAMES.search(names))


# A note's mark in the text ("classes.<a class="footnote-reference" href="#id1">1</a> Since ..."): a number, a
# bracketed number or a dagger, linked to a place on the page. Left in, it would glue to the word before and hide
# the sentence's end ("classes.1 Since").
_NOTE_MARK = re.compile(r"\[?(?:\d{1,3}|[a-z]|[*\u2020\u2021])\]?")
# How generators mark a note's reference: docutils and Sphinx ("footnote-reference"), python-markdown and pandoc
# ("footnote-ref", role "doc-noteref"), and any mark set as a superscript (MediaWiki's <sup class="reference">).
_NOTE_NAMES = re.compile(r"(^|[\s-])(footnote-reference|footnote-ref|fn-?ref|noteref|citation-reference)($|\s)",
                         re.IGNORECASE)
# The link from a note back to its mark ("[1]" before the note, "↩" after it), as the same generators mark it.
_BACKLINK_NAMES = re.compile(r"(^|[\s-])(fn-backref|footnote-backref|backlink)($|\s)", re.IGNORECASE)
# The notes themselves, which docutils and pandoc put in <aside> or <section>: text, not page furniture.
_NOTES_NAMES = re.compile(r"(^|[\s-])(footnotes?|footnote-list|endnotes?|doc-footnote|doc-endnotes)($|\s)",
                          re.IGNORECASE)


def _is_note_mark(el) -> bool:
    """Whether ``el`` is a note's mark in the text: a link within the page, or a superscript around one, whose
    text is only the note's number, and which a generator marks as a note's reference or sets as a superscript."""
    link = el if el.tag == "a" else next(el.iter("a"), None) if el.tag == "sup" else None
    if link is None or not (link.get("href") or "").startswith("#") or not _NOTE_MARK.fullmatch(_text(el)):
        return False
    marks = f"{el.get('class') or ''} {link.get('class') or ''} {link.get('role') or ''}"
    return (el.tag == "sup" or next(el.iterancestors("sup"), None) is not None or el.find("sup") is not None
            or bool(_NOTE_NAMES.search(marks)))


def _drop_note_marks(root) -> None:
    """Remove the marks of notes from the text (:func:`_is_note_mark`) and each note's link back to its mark, with
    what holds only that link (docutils' ``<dt class="label">``); the notes themselves stay."""
    for el in list(root.iter("a", "sup")):
        if el.getparent() is None:
            continue
        if _is_note_mark(el):
            el.drop_tree()  # its tail stays
        elif (el.tag == "a" and _BACKLINK_NAMES.search(f"{el.get('class') or ''} {el.get('role') or ''}")
              and (_NOTE_MARK.fullmatch(words := _text(el)) or not re.search(r"\w", words))):
            # Only a number or an arrow: docutils links a section's title back to the contents the same way.
            for up in el.iterancestors():
                if up.tag in ("aside", "section", "li", "dd", "div", "p") or _text(up).strip("[]") != words:
                    break
                el = up
            if el.getparent() is not None:
                el.drop_tree()


def _content_holders(root) -> dict[int, object]:
    """The elements that hold the page's content, by id: its main part (``<main>``, ``role="main"``, else
    ``<article>``; else its first ``<h1>`` outside a site's header, menu or footer) and every element around it.
    None of them is furniture, whatever its name or tag: Read the Docs' theme wraps the whole page in
    ``<div class="wy-grid-for-nav">`` and the text in ``"wy-nav-content"``, and ASP.NET pages wrap theirs in a
    ``<form>``. (The elements are kept with their ids: lxml makes a new Python object for an element no one holds,
    and an id may then name another.)"""
    mains = (root.xpath("//main | //*[@role='main']") or root.xpath("//article")
             or root.xpath("//h1[not(ancestor::nav or ancestor::header or ancestor::footer or ancestor::aside)]")[:1])
    return {id(el): el for main in mains for el in (main, *main.iterancestors())}


def _drop_furniture(root) -> None:
    """Remove the page's furniture (:func:`_is_furniture`), never what holds its content (:func:`_content_holders`)."""
    holders = _content_holders(root)
    for el in list(root.iter()):
        if isinstance(el.tag, str) and el.getparent() is not None and id(el) not in holders and _is_furniture(el):
            el.drop_tree()


def _heading_anchor(el, anchor: str) -> bool:
    """Whether ``anchor``, the element's id, is made of the words of its heading (the element's own, a defined term's,
    or a heading right under it): a section's anchor, as Sphinx, docutils and markdown renderers make them from the heading's text
    ("highlighting-active-menu-items" over "Highlighting Active Menu Items"), not a name of page furniture."""
    said = set(re.findall(r"[a-z0-9]+", anchor.lower()))
    if not said:
        return False
    # A defined term is its entry's heading: Sphinx anchors "SESSION_COOKIE_NAME" on its <dt>, no cookie banner.
    heads = [el] if el.tag in _HEADINGS or el.tag == "dt" else [child for child in el if child.tag in _HEADINGS][:1]
    return any(said <= set(re.findall(r"[a-z0-9]+", _text(head).lower())) for head in heads)


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split())


def _paragraphs(text: str) -> list[str]:
    """The paragraphs of a run of text: two ``<br>`` in a row part them."""
    return [" ".join(p.split()) for p in _BLANK_LINE.split(text)]


def _rows(table) -> list:
    return table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")


def _is_layout(table) -> bool:
    """Whether a table lays out the page rather than holding data, as on sites built before CSS: it holds
    another table, a cell holds paragraphs parted by ``<br><br>``, or it has a single row or column."""
    if any(t is not table for t in table.iter("table")):
        return True
    cells = [[c for c in row if isinstance(c.tag, str) and _text(c)] for row in _rows(table)]
    if any(_BLANK_LINE.search("".join(c.itertext())) for row in cells for c in row):
        return True
    return sum(bool(row) for row in cells) <= 1 or max((len(row) for row in cells), default=0) <= 1


def _has_block(el) -> bool:
    return any(isinstance(d.tag, str) and d.tag not in _INLINE for d in el.iterdescendants())


def _emphasised_only(el, tags: tuple[str, ...] = ("strong", "b")) -> bool:
    """Whether all of ``el``'s words are in one element of ``tags``: bold (``<strong>``, ``<b>``) unless told."""
    children = [c for c in el if isinstance(c.tag, str)]
    return (len(children) == 1 and children[0].tag in tags and not (el.text or "").strip()
            and not (children[0].tail or "").strip() and not _has_block(children[0]))


def _drop_contents(root) -> None:
    """Leave out the page's tables of contents: lists whose every item (and every item of the lists inside them) is
    one link within the page, to the places after the list in their order. Links to options elsewhere on the page
    ("Affects: --cpu-prof-dir, --heap-prof-dir") are a list of the text. Where each id is, is found once for the page."""
    lists = [el for el in root.iter("ul", "ol") if not any(up.tag in ("ul", "ol") for up in el.iterancestors())]
    found = {id(el): el for el in lists if (items := list(el.iter("li"))) and all(_link_within(li) for li in items)}
    if not found:
        return
    starts, places = {}, {}
    for at, node in enumerate(root.iter()):
        if id(node) in found:
            starts[id(node)] = at
        for name in (node.get("id"), node.get("name") if node.tag == "a" else None):
            if name and name not in places:
                places[name] = at
    for key, el in found.items():
        targets = [places.get(a.get("href")[1:], -1) for li in el.iter("li") for a in li.iter("a")
                   if next(a.iterancestors("li"), None) is li]
        if all(starts[key] < t for t in targets) and targets == sorted(targets):
            el.drop_tree()


def _link_within(li) -> bool:
    """Whether list item ``li``, the lists inside it aside, is one link within the page ("#installing")."""
    links = [a for a in li.iter("a") if next(a.iterancestors("li"), None) is li]
    own = [li.text or ""]
    for child in li:
        if isinstance(child.tag, str) and child.tag not in ("ul", "ol"):
            own.append("".join(child.itertext()))
        own.append(child.tail or "")
    return (len(links) == 1 and (links[0].get("href") or "").startswith("#")
            and " ".join("".join(own).split()) == _text(links[0]))


def _simple_items(el) -> bool:
    """Whether list ``el`` holds only items of text, each at most one paragraph."""
    items = [li for li in el if isinstance(li.tag, str)]
    return bool(items) and all(li.tag == "li" and not _has_block_but_p(li) and _text(li) for li in items)


def _short_items(el) -> bool:
    """Whether list ``el`` holds only items shorter than a line of prose, with no blocks inside them."""
    return _simple_items(el) and all(len(_text(li)) < WRAPPED_LINE for li in el if isinstance(li.tag, str))


def _has_block_but_p(el) -> bool:
    """Whether ``el`` holds a block other than a single paragraph (docutils and Sphinx wrap list items in <p>)."""
    blocks = [d for d in el.iterdescendants() if isinstance(d.tag, str) and d.tag not in _INLINE]
    return len(blocks) > 1 or any(b.tag != "p" for b in blocks)


def _walk(el, out, level: list[int]) -> None:
    """Add ``el``'s blocks to ``out`` (a :class:`qa.read.Blocks`). ``level[0]`` is the level of the last
    heading met, so a defined term (``<dt>``) heads its definition one level under it."""
    tag = el.tag
    if tag in _HEADINGS:
        out.add(_text(el), heading=_HEADINGS[tag])
        level[0] = _HEADINGS[tag]
    elif tag == "summary" and _text(el):
        # A disclosure's summary heads what it hides, as a FAQ written with them asks its questions ("<details>
        # <summary>Should I commit my .env file?</summary> No. ..."): one level under the heading it is under, and
        # never the page's title.
        out.add(_text(el), heading=min(6, max(level[0], 1) + 1))
    elif tag == "dl" and "field-list" in (el.get("class") or "").split():
        # Sphinx's fields of a description ("Parameters:", "Returns:"): each one sentence, not a heading, so the
        # signature above stays the section of what it returns.
        for dt in el.iterchildren("dt"):
            dd = dt.getnext()
            if dd is None or dd.tag != "dd":
                continue
            items = [_text(li) for li in dd.iter("li")] or [_text(dd)]
            out.add(" ".join([_text(dt), "; ".join(item for item in items if item)]).strip())
    elif tag in ("ul", "ol") and _short_items(el):
        # A list of short items (a menu of names, the fields of a setting) is one block of a line per item, as a
        # markdown list is; an item as long as a line of prose or longer is a block of its own.
        out.add(short_items([_text(li) for li in el.iterchildren("li")], tag == "ol"))
    elif tag in ("ul", "ol") and _simple_items(el) and (
            block := out.introduced_list([_text(li) for li in el.iterchildren("li")], tag == "ol")):
        out.add(block)  # a short list that a sentence ending in ":" introduces ("The rationale for using gotos is:")
    elif tag == "li" and not _has_block_but_p(el) and _text(el):
        # An item of a list of long items, a paragraph of its own, marked as a browser shows it.
        parent = el.getparent()
        ordered = parent is not None and parent.tag == "ol"
        number = 1 + sum(1 for _ in el.itersiblings("li", preceding=True))
        out.add(list_items([_text(el)], ordered, start=number)[0])
    elif tag == "dt" and _text(el):
        # An API's signature ("str.split(sep=None)") or a glossary's term: what its definition, which
        # seldom names it ("Return a list of the words ..."), is about. Terms in a row share the definition
        # after them, and head it together: zsh's "Parameter Expansion", "Command Substitution", ..., "Brace
        # Expansion" over "These five are performed in left-to-right fashion.", which defines none of them.
        previous = el.getprevious()
        if previous is not None and previous.tag == "dt" and _text(previous):
            return  # in the heading of the first term of its row
        terms = [_text(el)]
        following = el.getnext()
        while following is not None and following.tag == "dt":
            terms.append(_text(following))
            following = following.getnext()
        out.add(", ".join(t for t in terms if t), heading=min(6, level[0] + 1))
    elif tag in ("p", "div") and _TITLE_CLASSES & set((el.get("class") or "").split()) and _text(el):
        out.add(_text(el), heading=min(6, level[0] + 1))  # docutils' "Note" over a note, "When to use include()" over a tip
    elif tag == "p" and is_bold_heading(_text(el), _emphasised_only(el)):
        out.add(_text(el), heading=min(6, level[0] + 1))  # "<p><strong>Example 1: ...</strong></p>" heads what follows
    elif tag == "p" and is_italic_question(_text(el), _emphasised_only(el, ("em", "i"))):
        out.add(_text(el), heading=min(6, level[0] + 1))  # "<p><em>Should I use it?</em></p>" heads its answer
    elif tag == "pre":
        out.add(code_block("".join(el.itertext()).replace(_BR, "\n")))
    elif tag == "table" and _is_layout(el):
        for row in _rows(el):
            for cell in row:
                if isinstance(cell.tag, str):
                    _walk(cell, out, level)
    elif tag == "table":
        rows = []
        for tr in el.iter("tr"):
            cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
            filled = [c for c in cells if _text(c)]
            if "question" in (tr.get("class") or "").split() and filled:
                # DocBook's FAQ (a "qandaset") sets each question in a row of its own, its answer in the row after.
                out.add("\n".join(rows))
                rows = []
                out.add(" ".join(_text(c) for c in filled), heading=min(6, level[0] + 1))
            elif len(filled) == 1:
                # A row of one filled cell is text, not a row of data: a DocBook FAQ's answer, its paragraphs, beside
                # its anchor's empty cell ("| The "Val" as in the word "value". ..." had opened the quote).
                out.add("\n".join(rows))
                rows = []
                _walk(filled[0], out, level)
            elif filled:
                rows.append(" | ".join(_text(c) for c in cells))
        out.add("\n".join(rows))
    elif not _has_block(el):
        for paragraph in _paragraphs("".join(el.itertext())):  # a paragraph, list item or definition: one block
            out.add(paragraph)
    else:
        # Runs of text and inline elements between block children are blocks of their own.
        run = [el.text or ""]
        for child in el:
            if isinstance(child.tag, str) and not (child.tag in _INLINE and not _has_block(child)):
                for paragraph in _paragraphs("".join(run)):
                    out.add(paragraph)
                run = []
                _walk(child, out, level)
            elif isinstance(child.tag, str):
                run.append("".join(child.itertext()))
            run.append(child.tail or "")
        for paragraph in _paragraphs("".join(run)):
            out.add(paragraph)


def _title_images(root, title: str) -> None:
    """Read an image of the page's title as its heading: sites built before CSS drew the title of a page as an
    image (``<img alt="Why Gardens Fail">``), leaving it nowhere in the text. Only an image whose ``alt`` is the
    ``<title>`` itself, on a page with no heading of that text: other images' ``alt`` ("Home", a logo) is no text."""
    key = " ".join(title.split()).casefold()
    if not key or any(_text(h).casefold() == key for h in root.iter(*_HEADINGS)):
        return
    for img in root.iter("img"):
        if " ".join((img.get("alt") or "").split()).casefold() == key:
            heading = img.makeelement("h1")
            heading.text, heading.tail = " ".join(img.get("alt").split()), img.tail
            img.getparent().replace(img, heading)
            return


def read_fragment(raw: str, out, level: int = 0) -> None:
    """Add the blocks of a piece of HTML inside another document to ``out`` (a :class:`qa.read.Blocks`): a markdown
    README's centred heading and tagline (``<h1 align="center">``, ``<p><em>...</em></p>``); its images and badges
    have no text. Headings that are defined terms go one level under ``level``; a piece that is not HTML adds nothing."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fragment_fromstring(raw, create_parent="div")
    except (etree.ParserError, ValueError):
        return
    for comment in root.xpath("//comment() | //processing-instruction()"):
        if comment.getparent() is not None:
            comment.drop_tree()
    _drop_furniture(root)
    _drop_note_marks(root)
    _drop_contents(root)
    for br in root.iter("br"):
        br.tail = _BR + (br.tail or "")
    _walk(root, out, [level])


# A page that sends the browser on to another ("<meta http-equiv="refresh" content="0; url=Expansion.html">") with
# at most this many words of its own: texinfo writes one for every node and anchor of a manual split by chapter (144
# of zsh's 186 pages: "The node you are looking for is at Brace Expansion."), and indexed, each would outrank the page
# it points to.
_REDIRECT_WORDS = 30


def _refuse_redirect(root) -> None:
    """Raise :class:`NothingToReadError` when the page is only a redirect to another (:data:`_REDIRECT_WORDS`)."""
    for meta in root.iter("meta"):
        if (meta.get("http-equiv") or "").lower() == "refresh" and "url=" in (meta.get("content") or "").lower():
            body = root.find("body")
            if body is None or len(_text(body).split()) <= _REDIRECT_WORDS:
                target = re.split(r"url\s*=\s*", meta.get("content"), maxsplit=1, flags=re.I)[-1].strip(" '\"")
                raise NothingToReadError(f"a redirect to {target}, with no text of its own")


def read_html(raw: str, out) -> None:
    """Parse ``raw`` into ``out`` (a :class:`qa.read.Blocks`): blocks, headings and the title; see the module docstring."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(raw.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (etree.ParserError, ValueError) as exc:
        raise DocumentError(f"malformed HTML ({exc})") from exc
    title = root.find(".//title")
    out.title = _text(title) if title is not None else ""
    _refuse_redirect(root)
    for comment in root.xpath("//comment() | //processing-instruction()"):
        if comment.getparent() is not None:
            comment.drop_tree()  # its tail stays
    found = _step_bars(root)
    bars = {_text(bar) for bar in found}
    for bar in found:
        if bar.getparent() is not None:
            bar.drop_tree()
    _drop_furniture(root)
    # The same bar again at the foot of the page, its links without ``rel``.
    for el in list(root.iter("p", "div")):
        if el.getparent() is not None and bars and _text(el) in bars:
            el.drop_tree()
    _drop_note_marks(root)
    _drop_contents(root)  # the headings a table of contents links to are read where they are
    _title_images(root, out.title)
    for br in root.iter("br"):
        br.tail = _BR + (br.tail or "")  # a line break parts words ("again.<br>Most" is two sentences)
    mains = root.xpath("//main | //*[@role='main']") or root.xpath("//article")
    body = mains[0] if len(mains) == 1 else root.find("body")
    _walk(body if body is not None else root, out, [0])
