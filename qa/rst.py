"""Read a reStructuredText file (``.rst``), Sphinx's markup included, as the HTML reader reads a page.

docutils parses the text; what it would write as HTML is then read by :func:`qa.html.read_html`,
so sections, paragraphs, literal blocks, lists and tables come out as they do for a page.
Sphinx's own markup, which plain docutils does not know, keeps its words:

- a role (``:func:`compress```, ``:ref:`the tutorial <zl-tutorial>```) is its text, the
  target left out;
- a description (``.. function:: compress(data, level=-1)`` and its indented text, or a class,
  an option, an environment variable) is a defined term over its definition, as Sphinx's HTML has it,
  so the signature heads the section that describes it;
- a version note (``.. versionchanged:: 3.6``) is a sentence: "Changed in version 3.6: ...";
- markup that only arranges a site (a table of contents tree, index entries, the current
  module) and directives that pull text from elsewhere (``include``, ``literalinclude``,
  ``autofunction``) are left out; raw HTML is never read.

A field list (``:param data: the bytes.``) is a paragraph per field, an admonition its text.

Example:
    >>> from qa.read import Blocks
    >>> out = Blocks()
    >>> read_rst("Zlib\\n====\\n\\n.. function:: compress(data)\\n\\n   Compress *data* with :func:`zlib.compress`.\\n", out)
    >>> out.parts
    ['Zlib', 'compress(data)', 'Compress data with zlib.compress.']
"""

from __future__ import annotations

import re

from .errors import DocumentError

# Sphinx's directives that only arrange a site or pull text from elsewhere: nothing of them is read.
_ARRANGING = {"toctree", "index", "highlight", "currentmodule", "module", "program", "sectionauthor", "moduleauthor",
              "codeauthor", "testsetup", "testcleanup", "autosummary", "literalinclude", "tabularcolumns",
              "default-domain"}
# Sphinx's version notes, as its HTML words them.
_VERSION_NOTES = {"versionadded": "Added in version", "versionchanged": "Changed in version",
                  "deprecated": "Deprecated since version", "versionremoved": "Removed in version"}
# Sphinx's directives whose content is code (doctest's) or shown as it stands.
_LITERAL = {"doctest", "testcode", "testoutput", "productionlist", "parsed-literal", "code-cell", "jupyter-execute"}
# Sphinx's directives whose content is simply part of the text ("only html", a tab of tabbed docs).
_PASS_THROUGH = {"only", "ifconfig", "tab", "tabs", "tab-set", "tab-item", "container", "rst-class", "cssclass",
                 "centered", "hlist", "seealso", "todo", "card", "grid", "grid-item", "grid-item-card", "dropdown"}
# docutils' directives that Sphinx replaces with its own: "class" describes a class (docutils' sets an
# element's class, which Sphinx calls "rst-class").
_SPHINX_OVERRIDES = {"class"}
# "py:function" and "function" are one directive; the domain ("py", "c", "std" ...) says nothing a reader needs.
_DOMAIN = re.compile(r"^[a-z]+:")
_DIRECTIVE = re.compile(r"^[ \t]*\.\.[ \t]+([\w:+.-]+)[ \t]*::", re.M)
_ROLE = re.compile(r"(?<![\w`]):([\w:+.-]+):`")
# A role's text with an explicit target ("the tutorial <zl-tutorial>") shows the words before it.
_TARGET = re.compile(r"\s*<[^<>]*>\s*$")


def _role_text(text: str) -> str:
    shown = _TARGET.sub("", text) or text
    shown = shown.lstrip("!")
    # "~zlib.compress" shows only its last name, as Sphinx writes it.
    return shown[1:].rpartition(".")[2] if shown.startswith("~") else shown


def _sphinx_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    from docutils import nodes

    return [nodes.literal(rawtext, _role_text(text))], []


def _directive_class(name: str):
    """A docutils directive that reads Sphinx's ``name`` directive as described in the module docstring."""
    from docutils import nodes
    from docutils.parsers.rst import Directive, directives

    class AnyOption(dict):
        def __missing__(self, key):
            return directives.unchanged

    base = _DOMAIN.sub("", name.lower())

    class SphinxDirective(Directive):
        has_content = True
        optional_arguments = 100
        final_argument_whitespace = True
        option_spec = AnyOption(noindex=directives.flag)

        def _content(self) -> list:
            holder = nodes.container()
            self.state.nested_parse(self.content, self.content_offset, holder)
            return list(holder.children)

        def run(self) -> list:
            said = " ".join(" ".join(self.arguments).split())
            if base in _ARRANGING or base.startswith("auto"):
                return []
            if base in _LITERAL:
                return [nodes.literal_block("", "\n".join(self.content))] if self.content else []
            if base in _VERSION_NOTES:
                # "versionchanged:: 3.6 ..." may go on with the note itself, on its line or the next.
                version, _, rest = said.partition(" ")
                body = self._content()
                if rest:
                    text, _ = self.state.inline_text(rest, self.lineno)
                    body.insert(0, nodes.paragraph("", "", *text))
                label = f"{_VERSION_NOTES[base]} {version}".strip()
                if body and isinstance(body[0], nodes.paragraph):
                    body[0].insert(0, nodes.Text(f"{label}: "))
                    return body
                return [nodes.paragraph("", f"{label}."), *body]
            if base in _PASS_THROUGH or not said:
                return self._content()
            # A description: the signature over what it says (Sphinx writes a <dl> of one <dt> and its <dd>).
            return [nodes.definition_list("", nodes.definition_list_item(
                "", nodes.term("", said), nodes.definition("", *self._content())))]

    return SphinxDirective


def _learn_sphinx_markup(raw: str) -> None:
    """Teach docutils the roles and directives of ``raw`` that it does not know (Sphinx's), as above."""
    from docutils.parsers.rst import directives, roles
    from docutils.parsers.rst.languages import en

    # docutils looks names up in lower case.
    for name in {found.lower() for found in _ROLE.findall(raw)}:
        if name not in en.roles:
            roles.register_local_role(name, _sphinx_role)
    for name in {found.lower() for found in _DIRECTIVE.findall(raw)}:
        if name not in en.directives or name in _SPHINX_OVERRIDES:
            directives.register_directive(name, _directive_class(name))


def _flatten(doctree) -> None:
    """Bibliographic fields as a paragraph per field, admonitions and sidebars as their text, a table of contents left out."""
    from docutils import nodes

    for node in list(doctree.findall(nodes.topic)):
        if "contents" in node["classes"]:
            node.parent.remove(node)
    for node in list(doctree.findall(lambda n: isinstance(n, (nodes.Admonition, nodes.sidebar, nodes.topic)))):
        node.replace_self(nodes.container("", *(c for c in node.children if not isinstance(c, nodes.title))))
    # A field list is written as Sphinx writes it (``<dl class="field-list">``), which the HTML reader reads so;
    # the document's bibliographic fields are not.
    for node in list(doctree.findall(nodes.docinfo)):
        paragraphs = []
        for field in node.children:
            words = [" ".join(part.astext().split()) for part in field.children]
            paragraphs.append(nodes.paragraph("", ": ".join(w for w in words if w)))
        node.replace_self(paragraphs)


def read_rst(raw: str, out) -> None:
    """Parse ``raw`` into ``out`` (a :class:`qa.read.Blocks`): blocks, headings and the title; see the module docstring."""
    from docutils import nodes
    from docutils.core import publish_doctree, publish_from_doctree
    from docutils.utils import SystemMessage

    from .html import read_html

    settings = {
        "report_level": 5, "halt_level": 5,  # markup docutils cannot read stays text; it never stops the reading
        "file_insertion_enabled": False, "raw_enabled": False,  # never read another file, never raw HTML
        "syntax_highlight": "none", "output_encoding": "unicode",
        "embed_stylesheet": False, "stylesheet_path": "", "doctitle_xform": False,
        "initial_header_level": 1,
    }
    _learn_sphinx_markup(raw)
    try:
        doctree = publish_doctree(raw, settings_overrides=settings)
        _flatten(doctree)
        first = next(iter(doctree.findall(nodes.title)), None)
        doctree["title"] = " ".join(first.astext().split()) if first is not None else ""
        html = publish_from_doctree(doctree, writer="html5", settings_overrides=settings)
    except (SystemMessage, RecursionError, ValueError, LookupError, AttributeError, TypeError) as exc:
        # docutils' own errors, and what its directives raise on markup they cannot read (a table nested past
        # the recursion limit, a malformed option): one file's reason, never the whole ingest's.
        raise DocumentError(f"malformed reStructuredText ({type(exc).__name__}: {exc})") from exc
    read_html(html if isinstance(html, str) else html.decode("utf-8"), out)
