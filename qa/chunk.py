"""Split a document's text into paragraph chunks and sentences.

The unit is the paragraph: blocks separated by blank lines. Fragments that are
not whole paragraphs are merged back, page furniture (breadcrumbs, share and
comment notices, run-together tag lists) is dropped by general rules, and
paragraphs longer than the encoder's window are cut at sentence boundaries.
Every chunk and sentence keeps exact character offsets into the source text.
"""

from __future__ import annotations

import hashlib
import re
from typing import Callable, Iterator

from .types import Chunk, Span
from .words import WORD

# Abbreviations whose trailing period does not end a sentence.
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st vs etc inc ltd co corp gen gov sen rep fig e.g i.e
    jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n a.d b.c ca approx
    est mt ft lt col capt sgt rev hon pres no vol pp ed eds al""".split()
)
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)")
_BLOCK_SEP = re.compile(r"\n[ \t\r\f\v]*\n\s*")

# Page furniture: phrases that mark share/comment/subscription/ad notices on web pages.
_NOTICE = re.compile(
    r"\b(ad-?block(er)?|ad blocker|leave a (comment|reply)|you may also like|"
    r"related (posts|articles|stories)|recommended for you|share (this|on)|"
    r"sign up|subscribe|newsletter|cookie|privacy policy|all rights reserved|"
    r"comment data is processed|reduce spam|disabling your|read more|click here|"
    r"follow us|skip to (main )?content)\b",
    re.IGNORECASE,
)
_CRUMB_SEP = re.compile(r"\s[»›>|/]\s")


def chunk_id(source: str, text: str, ordinal: int = 0) -> str:
    """Stable id from the source and the content (ordinal only breaks exact repeats)."""
    digest = hashlib.sha256(f"{source}\0{ordinal}\0{text}".encode("utf-8")).hexdigest()
    return digest[:32]


def _last_word(text: str) -> str:
    match = re.search(r"(\S+)$", text)
    return match.group(1).lower().strip("(\"'“‘[") if match else ""


def _ends_sentence(before: str, after: str) -> bool:
    """True when the punctuation ending ``before`` closes a sentence, given what follows."""
    word = _last_word(before).rstrip(".")
    if word in _ABBREVIATIONS or re.fullmatch(r"[a-z]", word):
        return False
    nxt = after.lstrip()[:1]
    return not (nxt and nxt.islower())


def continues(before: str, after: str, wrapped: bool = False) -> bool:
    """True when a break between ``before`` and ``after`` sits inside a sentence.

    That is the case when ``before`` stops on an abbreviation ("the U.S."), or has
    no closing punctuation and ``after`` starts in lower case. With ``wrapped``
    (a single line break, not a blank line), a long line without closing
    punctuation also runs on: hard-wrapped prose, as PDFs give it.
    """
    before = before.rstrip()
    if not before or not after.strip():
        return False
    if re.search(r"[.!?…][\"'”’)\]]*$", before):
        return before.endswith(".") and not _ends_sentence(before, after) and not after.lstrip()[:1].isdigit()
    if re.search(r"[:;]$", before):
        return False
    last_line = before.splitlines()[-1]
    return after.lstrip()[:1].islower() or (wrapped and len(last_line) >= 60)


def sentences(text: str) -> list[Span]:
    """Sentence spans of ``text``: cut after closing punctuation and at line breaks
    that end a line of their own (headings, bylines), never inside "U.S." or "Dr."."""
    cuts: list[int] = []
    for match in _SENTENCE_END.finditer(text):
        if _ends_sentence(text[: match.end()], text[match.end():]):
            cuts.append(match.end())
    for match in re.finditer(r"\n\s*", text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        wrapped = match.group().count("\n") == 1
        if not continues(text[line_start: match.start()], text[match.end():], wrapped):
            cuts.append(match.start())
    spans: list[Span] = []
    start = 0
    for cut in sorted(set(cuts)) + [len(text)]:
        a, b = start, cut
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a and WORD.search(text[a:b]):
            spans.append((a, b))
        start = cut
    return spans


def _blocks(text: str) -> Iterator[Span]:
    start = 0
    for match in _BLOCK_SEP.finditer(text):
        yield start, match.start()
        start = match.end()
    yield start, len(text)


def is_boilerplate(block: str) -> bool:
    """Page furniture rather than content: breadcrumbs, notices, tag lists."""
    words = WORD.findall(block)
    if not words:
        return True
    if len(words) <= 30 and _NOTICE.search(block):
        return True
    if len(_CRUMB_SEP.findall(block)) >= 2 and len(words) <= 25:
        return True
    # Tags scraped without separators run together ("politicsUSA", "relationsintelligence").
    if not re.search(r"[.!?]", block) and len(words) <= 25:
        if any(re.search(r"[a-z][A-Z]", w) or (w.isalpha() and len(w) >= 22) for w in words):
            return True
    return False


def paragraphs(text: str) -> list[Span]:
    """Spans of the content paragraphs of ``text``, fragments merged, furniture dropped."""
    merged: list[Span] = []
    for a, b in _blocks(text):
        block = text[a:b].strip()
        if not block:
            continue
        a = text.index(block[0], a)
        b = a + len(block)
        if merged and continues(text[merged[-1][0]: merged[-1][1]], block):
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    seen: set[str] = set()
    kept: list[Span] = []
    for a, b in merged:
        block = text[a:b]
        key = " ".join(block.split()).lower()
        if key in seen or is_boilerplate(block):
            continue
        seen.add(key)
        kept.append((a, b))
    return kept


def _approx_tokens(text: str) -> int:
    return int(len(WORD.findall(text)) * 1.4) + 2


def _pack(text: str, spans: list[Span], limit: int, count: Callable[[str], int]) -> list[Span]:
    """Group sentence spans into pieces of at most ``limit`` tokens; cut overlong sentences by words.

    Word-piece counts add up across whitespace, so each unit is counted once and
    pieces are sized by summing.
    """
    units: list[tuple[int, int, int]] = []  # start, end, tokens
    for a, b in spans:
        n = count(text[a:b])
        if n <= limit:
            units.append((a, b, n))
            continue
        piece_start, piece_end, piece_n = None, None, 0
        for m in re.finditer(r"\S+", text[a:b]):
            w = count(m.group())
            if piece_start is not None and piece_n + w > limit:
                units.append((piece_start, piece_end, piece_n))
                piece_start, piece_n = None, 0
            if piece_start is None:
                piece_start = a + m.start()
            piece_end, piece_n = a + m.end(), piece_n + w
        if piece_start is not None:
            units.append((piece_start, piece_end, piece_n))
    pieces: list[list[int]] = []
    for a, b, n in units:
        if pieces and pieces[-1][2] + n <= limit:
            pieces[-1][1:] = [b, pieces[-1][2] + n]
        else:
            pieces.append([a, b, n])
    return [(a, b) for a, b, _ in pieces]


def chunk_text(
    text: str,
    source: str,
    title: str = "",
    max_tokens: int = 254,
    count_tokens: Callable[[str], int] | None = None,
) -> list[Chunk]:
    """Cut a document's text into chunks of at most ``max_tokens`` word pieces.

    Example:
        >>> [c.paragraph for c in chunk_text("One.\\n\\nTwo. Three.", "a.txt")]
        [1, 2]
    """
    count = count_tokens or _approx_tokens
    chunks: list[Chunk] = []
    seen_ids: set[str] = set()
    for number, (pa, pb) in enumerate(paragraphs(text), start=1):
        para = text[pa:pb]
        spans = sentences(para)
        pieces = [(0, len(para))] if count(para) <= max_tokens else _pack(para, spans, max_tokens, count)
        for part, (ca, cb) in enumerate(pieces):
            body = para[ca:cb]
            ordinal = 0
            cid = chunk_id(source, body)
            while cid in seen_ids:
                ordinal += 1
                cid = chunk_id(source, body, ordinal)
            seen_ids.add(cid)
            inner = [(max(a, ca) - ca, min(b, cb) - ca) for a, b in spans if a < cb and b > ca]
            chunks.append(
                Chunk(
                    id=cid, source=source, title=title, paragraph=number,
                    part=part if len(pieces) > 1 else 0,
                    start=pa + ca, end=pa + cb, text=body, sentences=inner,
                )
            )
    return chunks
