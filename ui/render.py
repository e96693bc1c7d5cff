"""Answers and evidence turned into what the page shows.

Everything that comes from a document or a user is escaped here, so it is
shown as text: a document holding ``<script>`` or ``<img onerror=...>`` is
displayed, never run, and a bare ``https://...`` in it stays text, not a link
to another host.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Callable

from qa import Answer, Citation

# Characters that would make the chat's markdown renderer build links, images or markup.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+!|~^])")
# What the renderer's autolinker (GFM) turns into links without any markup: "https://...",
# "ftp://...", "www.x" and "name@host". Escaping the ":" / "." / "@" there (a markdown
# escape, so the reader still sees the character) leaves nothing for it to match.
_AUTOLINK = re.compile(r"(?i)\b(?:https?|ftp):(?=//)|\bwww\.|@")

Names = Callable[[str], str]


def plain(text: str) -> str:
    """``text`` escaped for the chat's markdown renderer: it shows as typed, and no URL in it becomes a link.

    Example:
        >>> plain("See [1] at https://example.com or www.example.com")
        'See \\\\[1\\\\] at https\\\\://example.com or www\\\\.example.com'
    """
    escaped = _MARKDOWN.sub(r"\\\1", html.escape(text, quote=False))
    return _AUTOLINK.sub(lambda m: m.group()[:-1] + "\\" + m.group()[-1], escaped)


def _compose(sentences: list[tuple[str, tuple[int, ...]]]) -> str:
    """Answer text as the engine writes it: each sentence followed by its markers (``qa.Answer.text``'s form)."""
    return " ".join(" ".join([" ".join(text.split()), *(f"[{n}]" for n in ns)]) for text, ns in sentences)


def _own_sentences(answer: Answer) -> list[tuple[str, tuple[int, ...]]] | None:
    """The sentences that make up ``answer.text``, each with its own markers; ``None`` if they cannot be told apart.

    The text is quotes from documents, and a quote may hold "[1]" itself; only the
    markers the engine put after a sentence are citations. They come from
    ``answer.sentences`` (or, for an extractive fallback, which keeps the generated
    sentences there, from the citations it quotes), used only when they rebuild the text exactly.
    """
    candidates = [
        [(s.text, tuple(s.markers)) for s in answer.sentences if s.supported],
        [(c.quote, (c.n,)) for c in answer.citations if c.supported],
    ]
    for pairs in candidates:
        if pairs and _compose(pairs) == answer.text:
            return pairs
    return None


def chat_markdown(answer: Answer) -> str:
    """The answer for the chat: text escaped, each of its own ``[n]`` markers a link to its evidence.

    A marker whose citation was not confirmed by the passage shows as ``[n?]``;
    generated sentences that verification left out follow, struck through. A
    "[1]" inside a quoted sentence stays text.
    """
    supported = {c.n: c.supported for c in answer.citations}

    def link(n: int) -> str:
        mark = f"[{n}]" if supported[n] else f"[{n}?]"
        return f"[\\{mark[:-1]}\\]](#cite-{n})"

    out = []
    own = None if answer.abstained else _own_sentences(answer)
    if own is not None:
        for i, (text, ns) in enumerate(own):
            out.append((" " if i else "") + plain(" ".join(text.split())))
            out += [" " + link(n) for n in ns if n in supported]
    else:  # text the sentences do not account for: cut at every marker, as before
        for piece in answer.segments():
            if isinstance(piece, str):
                out.append(plain(piece))
            elif piece in supported:
                out.append(link(piece))
    # What verification took out of a generated answer stays visible, struck through, so a
    # reader sees the model tried to say it, and where it pointed, and that the documents do not back it.
    dropped = [s for s in answer.sentences if not s.supported]
    if dropped:
        out.append("\n\n*Not supported by the documents, left out:*\n")
        for s in dropped:
            marks = " ".join(link(n) for n in s.markers if n in supported)
            out.append(f"\n- ~~{plain(' '.join(s.text.split()))}~~ {marks}".rstrip())
    return "".join(out)


def source_name(source: str) -> str:
    """The file name of a document's source path: what a page shows instead of the path.

    Example:
        >>> source_name("/srv/docs/notes/bakery.md")
        'bakery.md'
    """
    return Path(source).name or source


def _passage_html(text: str, marks: list[Citation]) -> str:
    """The passage with each cited sentence wrapped in ``<mark>`` (its short answer, if marked, in
    ``<strong class="ev-answer">``), everything escaped."""
    parts, pos = [], 0
    for c in sorted(marks, key=lambda c: c.start):
        if c.start < pos:  # two markers on one sentence: highlight it once
            continue
        parts.append(html.escape(text[pos:c.start]))
        cls = "ev-quote" if c.supported else "ev-quote ev-unsupported"
        quote = html.escape(text[c.start:c.end])
        if c.answer_span:  # the short answer inside the quote
            a, b = c.answer_span
            quote = (f'{html.escape(text[c.start:a])}<strong class="ev-answer">{html.escape(text[a:b])}</strong>'
                     f'{html.escape(text[b:c.end])}')
        # Clicking a quote opens its place in the document (the viewer); the chunk id and offsets say which.
        where = f' data-chunk="{html.escape(c.chunk_id)}" data-start="{c.start}" data-end="{c.end}" title="show it in the document"' if c.chunk_id else ""
        parts.append(f'<mark class="{cls}" id="cite-{c.n}"{where}>{quote}<sup class="ev-n">[{c.n}]</sup></mark>')
        pos = c.end
    parts.append(html.escape(text[pos:]))
    return "".join(parts)


def _card(name: str, title: str, place: str, body: str, extra: str = "") -> str:
    # The hover text is the document's title: the page never carries the server's path to it.
    return (f'<div class="ev-card"><div class="ev-head" title="{html.escape(title or name)}">'
            f'<span class="ev-src">{html.escape(name)}</span> · <span class="ev-place">{html.escape(place)}</span>{extra}</div>'
            f'<p class="ev-text">{body}</p></div>')


def evidence_html(answer: Answer | None, closest: int = 3, names: Names = source_name) -> str:
    """The evidence panel for ``answer``: each cited passage with its sentence highlighted.

    An abstention is shown as one, with the closest passages that were considered.
    ``names`` turns a source path into the name shown for it (by default its file name).
    """
    if answer is None:
        return '<div class="evidence ev-empty">Evidence for the latest answer appears here.</div>'
    if answer.abstained or not answer.citations:
        cards = "".join(_card(names(p.source), p.title, p.place, html.escape(p.text))
                        for p in answer.passages[:closest])
        considered = f'<div class="ev-sub">Closest passages considered</div>{cards}' if cards else ""
        return (f'<div class="evidence ev-abstained"><div class="ev-verdict">No answer in the documents: '
                f'{html.escape(answer.text)}</div>{considered}</div>')
    groups: dict[str, list[Citation]] = {}
    for c in answer.citations:
        groups.setdefault(c.chunk_id or f"{c.source}#{c.paragraph}", []).append(c)
    cards = []
    for cites in groups.values():
        first = cites[0]
        flags = "".join(f' <span class="ev-flag">[{c.n}] not supported by this passage</span>'
                        for c in cites if not c.supported)
        cards.append(_card(names(first.source), first.title, first.place, _passage_html(first.text, cites), flags))
    return f'<div class="evidence">{"".join(cards)}</div>'


VIEWER_EMPTY = '<div class="viewer vw-empty">Click a highlighted quote to see it in its document.</div>'


def viewer_page_html(name: str, place: str, png: bytes, boxes) -> str:
    """A PDF page as an image (inline, nothing from another host) with a box over each line of the quote.

    ``boxes`` are (left, top, width, height) fractions of the page.
    """
    import base64

    marks = "".join(f'<div class="vw-hl" style="left:{100 * x:.3f}%;top:{100 * y:.3f}%;width:{100 * w:.3f}%;height:{100 * h:.3f}%"></div>'
                    for x, y, w, h in boxes)
    found = "" if boxes else '<div class="ev-sub">The quote could not be placed on the page image.</div>'
    return (f'<div class="viewer"><div class="ev-head"><span class="ev-src">{html.escape(name)}</span> · '
            f'<span class="ev-place">{html.escape(place)}</span></div>{found}'
            f'<div class="vw-page"><img class="vw-img" alt="{html.escape(place)}" '
            f'src="data:image/png;base64,{base64.b64encode(png).decode("ascii")}">{marks}</div></div>')


def viewer_text_html(name: str, place: str, text: str, start: int, end: int) -> str:
    """A section of a document's text with ``text[start:end]`` highlighted (the page scrolls it into view)."""
    return (f'<div class="viewer"><div class="ev-head"><span class="ev-src">{html.escape(name)}</span> · '
            f'<span class="ev-place">{html.escape(place)}</span></div><div class="vw-text">{html.escape(text[:start])}'
            f'<mark class="vw-mark" id="vw-hl">{html.escape(text[start:end])}</mark>{html.escape(text[end:])}</div></div>')


def viewer_message_html(message: str) -> str:
    return f'<div class="viewer vw-empty">{html.escape(message)}</div>'
