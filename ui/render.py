"""Answers and evidence turned into what the page shows.

Everything that comes from a document or a user is escaped here, so it is
shown as text: a document holding ``<script>`` or ``<img onerror=...>`` is
displayed, never run.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from qa import Answer, Citation

# Characters that would make the chat's markdown renderer build links, images or markup.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+!|~^])")


def plain(text: str) -> str:
    """``text`` escaped for the chat's markdown renderer: it shows as typed."""
    return _MARKDOWN.sub(r"\\\1", html.escape(text, quote=False))


def chat_markdown(answer: Answer) -> str:
    """The answer for the chat: text escaped, each ``[n]`` a link to its evidence.

    A marker whose citation was not confirmed by the passage shows as ``[n?]``;
    generated sentences that verification left out follow, struck through.
    """
    supported = {c.n: c.supported for c in answer.citations}

    def link(n: int) -> str:
        mark = f"[{n}]" if supported[n] else f"[{n}?]"
        return f"[\\{mark[:-1]}\\]](#cite-{n})"

    out = []
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
    return Path(source).name or source


def _passage_html(text: str, marks: list[Citation]) -> str:
    """The passage with each cited sentence wrapped in ``<mark>``, everything escaped."""
    parts, pos = [], 0
    for c in sorted(marks, key=lambda c: c.start):
        if c.start < pos:  # two markers on one sentence: highlight it once
            continue
        parts.append(html.escape(text[pos:c.start]))
        cls = "ev-quote" if c.supported else "ev-quote ev-unsupported"
        parts.append(f'<mark class="{cls}" id="cite-{c.n}">{html.escape(text[c.start:c.end])}'
                     f'<sup class="ev-n">[{c.n}]</sup></mark>')
        pos = c.end
    parts.append(html.escape(text[pos:]))
    return "".join(parts)


def _card(source: str, paragraph: int, body: str, extra: str = "") -> str:
    return (f'<div class="ev-card"><div class="ev-head" title="{html.escape(source)}">'
            f'<span class="ev-src">{html.escape(source_name(source))}</span> · ¶{paragraph}{extra}</div>'
            f'<p class="ev-text">{body}</p></div>')


def evidence_html(answer: Answer | None, closest: int = 3) -> str:
    """The evidence panel for ``answer``: each cited passage with its sentence highlighted.

    An abstention is shown as one, with the closest passages that were considered.
    """
    if answer is None:
        return '<div class="evidence ev-empty">Evidence for the latest answer appears here.</div>'
    if answer.abstained or not answer.citations:
        cards = "".join(_card(p.source, p.paragraph, html.escape(p.text)) for p in answer.passages[:closest])
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
        cards.append(_card(first.source, first.paragraph, _passage_html(first.text, cites), flags))
    return f'<div class="evidence">{"".join(cards)}</div>'
