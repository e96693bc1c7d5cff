"""Split a document's text into paragraph chunks and sentences.

The unit is the paragraph: blocks separated by blank lines. Fragments that are
not whole paragraphs are merged back, page furniture (breadcrumbs, share and
comment notices, run-together tag lists) is dropped by general rules, and
paragraphs longer than the encoder's window are cut at sentence boundaries.
Every chunk and sentence keeps exact character offsets into the source text.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from typing import Callable, Iterator, Sequence

from .types import Chunk, Span
from .words import ADDRESS, BYLINE, CODE, MANUAL_PAGE, PROMPT, STOP_WORDS, WORD

# Abbreviations whose trailing period does not end a sentence.
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st vs etc inc ltd co corp gen gov sen rep fig e.g i.e
    jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n a.d b.c ca approx
    est mt ft lt col capt sgt rev hon pres no vol pp ed eds al cf viz resp incl esp min max avg dept univ eg ie
    assoc bros ave blvd govt misc""".split()
)
# Abbreviations that are words too, never abbreviating before a capital: "No. 5", but not "No. It is not."
_BEFORE_A_NUMBER = frozenset({"no"})
# Abbreviations that end a company's name or a list ("... and ESL, Inc.", "tabs, spaces, etc."): before a capitalised
# word that opens sentences and goes on no name ("The", "It", "In": a stop word) their stop ends the sentence too.
_ENDS_A_NAME = frozenset({"inc", "ltd", "corp", "co", "bros", "etc", "plc", "llc"})
_OPENING_WORD = re.compile(r"\s*([A-Z][a-z]*)\b")
_END_MARKS = ".!?…"
# The fewest letters of a word that a full stop ends as a sentence, whatever follows: shorter ones may be abbreviations.
_WORD_BEFORE_A_STOP = 3
_CLOSERS = "\"'”’)]"
# Closing punctuation before a space. Possessive, and tried only from the first mark of a run:
# otherwise a run of marks without a space after it ("a" and 200 000 dots) is rescanned from
# every mark, which is quadratic.
_SENTENCE_END = re.compile(r"(?<![.!?…])[.!?…]++[\"'”’)\]]*+(?=\s)")
# A line of one mark repeated at least this often is a separator, not text: plain-text manuals part their sections
# with a rule across the page ("=====" 78 times in Vim's help), and a heading's underline is as long as its title.
SEPARATOR_CHARS = 10
_BLOCK_SEP = re.compile(rf"(?:^|\n)(?:[ \t\r\f\v]*\n)*+[ \t]*([=\-_*#~+])\1{{{SEPARATOR_CHARS - 1},}}+[ \t\r]*(?=\n|$)\s*"
                        r"|\n[ \t\r\f\v]*\n\s*")
_LINE_BREAK = re.compile(r"\n\s*+")
_LETTER_STOP = re.compile(r"(?<![\w.])[a-z]\.$")  # a word of one lower-case letter and its full stop
# A byline opens with "by" (a name runs on a sentence otherwise); the longest line looked at for one.
_BYLINE = re.compile(rf"[Bb]y\s+{BYLINE.pattern}")
_BYLINE_CHARS = 120
_RUN = re.compile(r"\S+")  # a whitespace-free run: a word with its punctuation
# An ordered list's item number ("2." of "2. Trim the wick."), at a line's start (indented, in plain text).
_ITEM_NUMBER = re.compile(r"\d{1,2}\.")
BULLET = "• "  # how the readers mark a list's item (qa.read.list_items), and pdfium's TeX bullet reads
# A web address or path cut at a line's end inside it ("(http://en.tldp.org/FAQ/intro.html#" over
# "DOES-LINUX-RUN-ON-MY-COMPUTER) for details."): a last word that has a slash and ends where no word does.
_ADDRESS_CUT_AFTER = "/#=&"
_NEXT = re.compile(r"\s*+(\S?)")
# A line of code's comment, as C-like languages, Python and shells write one.
_LINE_COMMENT = re.compile(r"\s*(?://|/\*|#\s)")
_HAS_COMMENT = re.compile(r"(?:^|(?<=\s))(?://|/\*|#\s)", re.M)
# A line at least this long without closing punctuation is taken for hard-wrapped prose (the
# rule's threshold from the start): wrapped body text runs 60-100 characters a line, headings
# and bylines are shorter.
WRAPPED_LINE = 60
# BERT's WordPiece reads a word longer than this as one [UNK] (max_input_chars_per_word), so no
# cut between word pieces lies further back than this inside a word.
_MAX_WORD_CHARS = 100

# Page furniture that gives itself away in any block of up to 30 words: consent banners, legal lines,
# ad-blocker pleas. (Not "cookie" alone: an HTTP library's documentation speaks of cookies.)
_NOTICE = re.compile(
    r"\b(ad-?block(er)?|ad blocker|(we|this (site|website)) uses? cookies|accept (all )?cookies|"
    r"cookie (policy|settings|preferences|consent|notice)|privacy policy|all rights reserved|"
    r"comment data is processed|reduce spam|disabling your|skip to (main )?content)\b",
    re.IGNORECASE,
)
# Calls to act, furniture only as a short block of their own ("Leave a comment", "Share this story on
# social media"): in a sentence, "subscribe to the mailing list" or "read more in the manual" is content.
_CALL = re.compile(
    r"\b(leave a (comment|reply)|you may also like|related (posts|articles|stories)|recommended for you|"
    r"share (this|on)|sign up|subscribe|newsletter|read more|click here|follow us)\b",
    re.IGNORECASE,
)
CALL_WORDS = 8
# The longest example (a command, code, a list) kept with the sentence that introduces it: a few lines.
EXAMPLE_CHARS = 600
_CRUMB_SEP = re.compile(r"\s[»›>|/]\s")
# A manual page's running head or foot as ``man`` renders it: its name and section at both ends of the line
# ("CRONTAB(5)   File Formats Manual   CRONTAB(5)", "BSD   January 13, 2023   BSD"), or its name and section at the
# end of the page's last line ("systemd 252      JOURNALD.CONF(5)"), parted from the rest by a run of spaces.
_RUNNING_LINE = re.compile(rf"(\S+)[ \t]{{3,}}\S.*?[ \t]{{3,}}\1|(?:.*\S[ \t]{{3,}})?{MANUAL_PAGE}")


def chunk_id(source: str, text: str, ordinal: int = 0) -> str:
    """Stable id from the source and the content (ordinal only breaks exact repeats)."""
    digest = hashlib.sha256(f"{source}\0{ordinal}\0{text}".encode("utf-8")).hexdigest()
    return digest[:32]


def _line_opens(text: str, at: int) -> bool:
    """Whether only spaces stand before ``at`` on its line."""
    return not text[text.rfind("\n", 0, at) + 1: at].strip(" \t")


def _last_word(text: str) -> str:
    """The last word of ``text`` ("" if it ends in a space), lower-cased, quotes and brackets stripped.

    Split off from the right, so the cost is the word's length, not the text's.
    """
    if not text or text[-1].isspace():
        return ""
    return text.rsplit(None, 1)[-1].lower().strip("(\"'“‘[")


def _next_char(text: str, pos: int = 0) -> str:
    """The first character at or after ``pos`` that is not a space; "" if there is none."""
    return _NEXT.match(text, pos).group(1)


def _ends_sentence(word: str, nxt: str, line_end: bool = False, after: str = "") -> bool:
    """True when the punctuation ending ``word`` (as :func:`_last_word` gives it) closes a
    sentence, ``nxt`` being the first non-space character after it ("" at the end), ``line_end``
    whether a line ends right after it and ``after`` the text after it (its first word is enough)."""
    ellipsis = word.endswith("..")
    word = word.rstrip(".")
    if word in _ABBREVIATIONS or re.fullmatch(r"[a-z]", word):
        if word in _ENDS_A_NAME and (opening := _OPENING_WORD.match(after)):
            return opening.group(1).lower() in STOP_WORDS  # "ESL, Inc. The implementation began in 1986."
        # "No. 5" and "No. of rows" count, but "No. If you have installed them, you can remove them." opens an answer.
        return word in _BEFORE_A_NUMBER and nxt.isupper()
    # A web address or a path ends on its last part: ".../listinfo/nauty." is a word's full stop, as "nauty." is; so
    # does a bracket closed before the stop: "(but dreadnaut sets it to TRUE)." ends on "true".
    word = word.rpartition("/")[2].rstrip(_CLOSERS)
    if line_end and re.fullmatch(r"\d+(?:\.\d+)*", word):
        # A number's full stop at a line's end: a reference's "Default 100." over its next entry, "int mininvarlevel: ...";
        # a version's too ("watchfiles requires Python 3.10 - 3.15." over "pip install watchfiles").
        return True
    # Lower case after a full stop goes on the sentence ("approx. five"), unless the stop closes a word that is no
    # abbreviation: documentation opens sentences with names written in lower case ("... is ignored. ffi_prep_cif returns").
    return not (nxt and nxt.islower()) or (not ellipsis and len(word) >= _WORD_BEFORE_A_STOP and word.isalpha())


def continues(before: str, after: str, wrapped: bool = False, line_after: str = "") -> bool:
    """True when a break between ``before`` and ``after`` sits inside a sentence.

    That is the case when ``before`` stops on an abbreviation ("the U.S."), or has
    no closing punctuation and ``after`` starts in lower case. With ``wrapped``
    (a single line break, not a blank line), a long line without closing
    punctuation also runs on: hard-wrapped prose, as PDFs give it, and so does a line that opens a remark in
    brackets (``line_after`` is the line after the break, when ``after`` is less of it).
    """
    # Only the end of ``before`` and the start of ``after`` are looked at, and from their ends:
    # callers pass a line and a look-ahead, and the cost stays linear in the text.
    before = before.rstrip()
    nxt = _next_char(after)
    if not before or not nxt:
        return False
    if nxt == BULLET[0]:
        return False  # a list's next item ("• rex was the tyrannosaurus," over "• bo was Bo Peep,")
    if wrapped and (before[-1] in ",([{" or nxt in ")]}"):
        # Inside a line's open brackets, or after a comma: code's arguments one to a line, never a sentence each.
        return True
    if wrapped and before[-1] in _ADDRESS_CUT_AFTER and "/" in before.rsplit(None, 1)[-1]:
        return True
    if wrapped and _HANGING_WORD.search(before[-WRAPPED_LINE:]) and not CODE.search(before[-WRAPPED_LINE:].splitlines()[-1]):
        # A line of prose that stops on an article or a preposition stops inside its sentence, however the next line
        # opens ("server. You can use the" over "Cache-Control: header to change ...").
        return True
    if not wrapped and before.endswith(")"):
        # A remark in brackets after a finished sentence ends its paragraph: "h2 - HTTP/2 support. (Optional, with
        # httpx[http2])" over the next list item "socksio - SOCKS proxy support.", however it opens.
        opened = before.rfind("(")
        if opened == 0 or (opened > 0 and before[:opened].rstrip()[-1:] in _END_MARKS):
            return False
    core = before.rstrip(_CLOSERS)
    if core and core[-1] in _END_MARKS:
        # A letter's full stop ("... ending just before the n.") ends a paragraph's sentence, as no initial or "p." does.
        if not wrapped and _LETTER_STOP.search(before):
            return False
        return (before.endswith(".") and not _ends_sentence(_last_word(before), nxt, line_end=True, after=after)
                and not nxt.isdigit())
    last_line = before[-WRAPPED_LINE:].splitlines()[-1]
    if before.endswith(";"):
        # Hard-wrapped prose runs on past a semicolon ("split into two bindings;" / "strong and weak."); a short
        # line ending in one (a list item, a line of code) ends there.
        return wrapped and len(last_line) >= WRAPPED_LINE and nxt.islower()
    if before.endswith(":"):
        # A colon ends what it introduces (a list, an example), but for one that the wrapping left at a line's end
        # inside a sentence that goes on in prose ("the second request adds the Cache-Control:" over "header with a
        # value of 'no-cache' which tells the library").
        return wrapped and nxt.islower() and _reads_as_prose(line_after or after)
    if wrapped and nxt == "(" and not _BRACKETED_ITEM.match((line_after or after).lstrip()):
        # A remark in brackets on the next line goes on with the sentence ("posted to Usenet by its author, Ed Nather"
        # over "(<nather@astro.as.utexas.edu>), on May 21, 1983."); "(1)" or "(a)" opens a list's item.
        return True
    if not wrapped and _ENDS_ON_ADDRESS.search(last_line.strip()):
        # A line that ends on an address over a blank one ends there: a README's link under its title, or its byline
        # ("Christian Heimes <christian@python.org>"), over the paragraph that says what the program is
        # ("cups-pk-helper is a PolicyKit helper ...", "defusedxml is ...").
        return False
    if not wrapped and len(last_line) < WRAPPED_LINE and last_line[:1].isspace() and before[-1] != ",":
        # A short indented line over a blank one (a list's, a table's, code's) ends where its writer ended it, however
        # the next paragraph opens: "\tUTS (Amdahl)" over "bc is an arbitrary precision ...", a name in lower case.
        return False
    return nxt.islower() or (wrapped and len(last_line) >= WRAPPED_LINE)


# A doctest's line at Python's prompt.
_DOCTEST = re.compile(r"(?m)^[ \t]*>>>[ \t]")
# A line's end on a web or mail address, bare or in brackets ("<christian@python.org>").
_ENDS_ON_ADDRESS = re.compile(rf"(?:^|\s)[<(]?(?:{ADDRESS.pattern})[>)]?$", re.I)
# A word no sentence, heading or byline ends on.
_HANGING_WORD = re.compile(r"\s(?:the|a|an|of|to|with|from)$")
# The fewest stop words in a line that reads as prose rather than a command or code ("make check", "export X=1").
_PROSE_STOP_WORDS = 3


def _reads_as_prose(line: str) -> bool:
    """Whether ``line`` reads as prose: no code (:data:`qa.words.CODE`) and :data:`_PROSE_STOP_WORDS` stop words."""
    return not CODE.search(line) and sum(w.lower() in STOP_WORDS for w in WORD.findall(line)) >= _PROSE_STOP_WORDS


_BRACKETED_ITEM = re.compile(r"\((?:\d{1,2}|[a-zA-Z]|[ivxIVX]{1,4})\)")


def sentences(text: str) -> list[Span]:
    """Sentence spans of ``text``: cut after closing punctuation and at line breaks
    that end a line of their own (headings, bylines), never inside "U.S." or "Dr."."""
    # Each test looks at one word, one line and the next character, never at the text before or
    # after as a whole: slicing those per match made a long paragraph quadratic.
    cuts: list[int] = []
    word_start = {m.end(): m.start() for m in _RUN.finditer(text)}
    for match in _SENTENCE_END.finditer(text):
        end = match.end()  # a space follows, so a run ends here
        if _ITEM_NUMBER.fullmatch(text, word_start[end], end) and _line_opens(text, word_start[end]):
            continue  # an ordered list's item number at a line's start ("2. Trim the wick.") opens its sentence
        if _ends_sentence(_last_word(text[word_start[end]: end]), _next_char(text, end), text[end] in "\r\n", text[end: end + 20]):
            cuts.append(end)
    for match in _LINE_BREAK.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        wrapped = match.group().count("\n") == 1
        # The match took the spaces after the break: the next character is all of ``after`` that counts, but for a
        # byline alone on the line after a blank one ("The Keeper of Brannock Light" over "by Mara Ellison").
        after = text[match.end(): match.end() + _BYLINE_CHARS].partition("\n")[0]
        if (not continues(text[line_start: match.start()], after[:1], wrapped, after) or (not wrapped and _BYLINE.fullmatch(after))
                # a doctest ends over a blank line, its output's last line however the next paragraph opens ("4138058784"
                # over "mmh3.mmh3_x64_128_digest(), introduced in version 5.0.0, ..."); only a blank line's paragraph
                # is looked at, so each paragraph once
                or (not wrapped and _DOCTEST.search(text, text.rfind("\n\n", 0, line_start) + 1, match.start()))
                # a comment under a line of code opens what it says of the code under it ("// `maxRedirects` ..."); under
                # a comment, or a line that ends in one, it goes on with it
                or (_LINE_COMMENT.match(after) and not _HAS_COMMENT.search(text, line_start, match.start()))):
            cuts.append(match.start())
    # A table's row is one sentence, however many full stops its cells hold ("loop.index | The current iteration of the
    # loop. (1 indexed)"): its cells say one thing together.
    rows = _table_rows(text)
    if rows:
        starts = [a for a, _ in rows]
        inside = lambda cut: (i := bisect.bisect_right(starts, cut) - 1) >= 0 and cut < rows[i][1]  # noqa: E731
        cuts = [cut for cut in cuts if not inside(cut)] + [b for _, b in rows]
    spans: list[Span] = []
    start = 0
    for cut in sorted(set(cuts)) + [len(text)]:
        a, b = start, cut
        while a < b and text[a].isspace():
            a += 1
        # A list item's bullet or number is where it stands, not what it says: no quote opens with it.
        if text.startswith(BULLET, a):
            a += len(BULLET)
        elif (number := _ITEM_NUMBER.match(text, a, b)) and text[number.end(): number.end() + 1] == " " and _line_opens(text, a):
            a = number.end() + 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a and WORD.search(text[a:b]):
            spans.append((a, b))
        start = cut
    return spans


def _table_rows(text: str) -> list[Span]:
    """The lines of ``text`` that are rows of a table as the readers write one: cells joined by " | ", on two lines or
    more in a row."""
    lines, at = [], 0
    for line in text.splitlines(keepends=True):
        lines.append((at, at + len(line.rstrip("\r\n")), " | " in line))
        at += len(line)
    return [(a, b) for i, (a, b, row) in enumerate(lines)
            if row and ((i > 0 and lines[i - 1][2]) or (i + 1 < len(lines) and lines[i + 1][2]))]


def _blocks(text: str) -> Iterator[Span]:
    start = 0
    for match in _BLOCK_SEP.finditer(text):
        yield start, match.start()
        start = match.end()
    yield start, len(text)


def is_boilerplate(block: str) -> bool:
    """Page furniture rather than content: breadcrumbs, notices, tag lists, a manual page's running head."""
    words = WORD.findall(block)
    if not words or _RUNNING_LINE.fullmatch(block.strip()):
        return True
    if len(words) <= 30 and _NOTICE.search(block):
        return True
    if len(words) <= CALL_WORDS and _CALL.search(block):
        return True
    # A breadcrumb is one line; several lines of " | " are a table's rows.
    if "\n" not in block.strip() and len(_CRUMB_SEP.findall(block)) >= 2 and len(words) <= 25:
        return True
    # Tags scraped without separators run together ("politicsUSA", "relationsintelligence"); a line that has
    # a function word is a line of text ("Beacons is available on PyPI:"), whatever its names' capitals, and so is one
    # that introduces what follows it ("Install from PyPI using pip:" over "pip install wrapt").
    if (not re.search(r"[.!?]", block) and len(words) <= 25 and not any(w.lower() in STOP_WORDS for w in words)
            and not re.search(r":[ \t]*$", block, re.M)):
        if any(re.search(r"[a-z][A-Z]", w) or (w.isalpha() and len(w) >= 22) for w in words):
            return True
    return False


# A sentence that announces what comes after it ("The following three types are supported.", "... as follows"),
# not a time ("the following year").
ANNOUNCES = re.compile(r"\b(?:the\s+following(?!\s+(?:days?|weeks?|months?|years?|mornings?|evenings?|nights?|seasons?|decades?|"
                       r"century|centuries|time|times))|as\s+follows)\b", re.I)


# A list's item on a line of its own: "* A subroutine library ...", "- one", "2. two", "(b) three", and "• nesting is
# reduced" as the readers mark the items of a list a sentence introduces (qa.read.Blocks.introduced_list).
LIST_ITEM = re.compile(r"\s*(?:[*•·–-]\s|\(?(?:\d{1,2}|[a-z])[.)]\s)")


def opens_item(text: str, span: tuple[int, int]) -> bool:
    """Whether the sentence at ``span`` of ``text`` opens a list's item: its line opens with the item's marker
    (:data:`LIST_ITEM`), which the sentence's span may leave out (:func:`sentences` quotes no bullet or number).

    Example:
        >>> text = "The keeper may:\\n    1. Trim the wick.\\n    • Light the lamp. Then rest."
        >>> [opens_item(text, span) for span in sentences(text)]
        [False, True, True, False]
    """
    a, b = span
    marker = LIST_ITEM.match(text, text.rfind("\n", 0, a) + 1, b)
    return bool(marker) and marker.end() >= a  # the marker ends where the sentence's span does or inside it


def is_example(block: str) -> bool:
    """Whether ``block`` is what a sentence ending in ":" introduces: a command or code, a short list of
    short lines, or lines that are each a list's item, at most :data:`EXAMPLE_CHARS` long."""
    if len(block) > EXAMPLE_CHARS:
        return False
    lines = block.strip().splitlines()
    # A short line that is no sentence is a formula or a format shown ("sourcefile:lineno: message").
    return bool(lines) and (bool(CODE.search(lines[0])) or (len(lines) > 1 and all(len(line) <= WRAPPED_LINE for line in lines))
                            or (len(lines) == 1 and len(lines[0]) <= WRAPPED_LINE and not re.search(r"[.!?]\W*$", lines[0]))
                            or all(LIST_ITEM.match(line) for line in lines))


def _indent(text: str, at: int) -> int:
    """The indentation of the line that ``text[at]`` lies on, up to ``at``."""
    return at - (text.rfind("\n", 0, at) + 1)


def _defines(text: str, term: Span, block: Span) -> bool:
    """Whether ``block`` is the definition of the one-line ``term`` above it, a signature or other code
    (:data:`qa.words.CODE`; a numbered heading over its section is not), every line of it indented deeper."""
    if term[1] - term[0] > WRAPPED_LINE:
        return False
    line = text[term[0]: term[1]]
    if "\n" in line or not CODE.search(line):
        return False
    lines = [line for line in text[block[0] - _indent(text, block[0]): block[1]].split("\n") if line.strip()]
    deeper = _indent(text, term[0])
    return bool(lines) and all(len(line) - len(line.lstrip()) > deeper for line in lines)


def _last_line(text: str, a: int, b: int) -> str:
    """The last line of ``text[a:b]``: all :func:`continues` needs of a paragraph. Passing the whole
    paragraph made a long run of merged fragments quadratic."""
    newline = text.rfind("\n", a, b)
    return text[newline + 1 if newline >= 0 else a: b]


def stops_mid_sentence(line: str) -> bool:
    """Whether a paragraph's last ``line`` stops inside a sentence: four words or more, ending on a word in lower
    case or a comma ("Alternatively, you can use"; not a headline's "... in Caribbean")."""
    found = WORD.findall(line)
    return len(found) >= 4 and (line.rstrip().endswith(",") or (line.rstrip()[-1:].isalnum() and found[-1].islower()))


# A command as a manual shows one: typed at a prompt ("$ git add .", ">>> len(x)"), or a line of code that opens in
# lower case or with a path ("git commit -a", "./configure --prefix=/usr") and is no sentence.
_COMMAND = re.compile(r"\s*[a-z./~]")


def is_command(line: str) -> bool:
    """Whether ``line`` is a command (see above); a table's row ("65534 | nobody | /etc/passwd") is none."""
    if PROMPT.match(line):
        return True
    return (bool(_COMMAND.match(line)) and bool(CODE.search(line)) and " | " not in line
            and not line.rstrip().endswith((".", "!", "?")))


def _heading_end(text: str, start: int, b: int, title: str) -> int:
    """Where the heading ``title`` that starts at ``start`` ends: the end of the line holding its last word, so that a
    question wrapped over lines ("5.6. Why do I get ... when compiling" / "programs?") is one heading; ``b`` if none."""
    wanted, at = len(title.split()), start
    while at < b:
        end = text.find("\n", at, b)
        end = b if end < 0 else end
        wanted -= len(text[at:end].split())
        if wanted <= 0:
            return end
        at = end + 1
    return b


def _at_headings(text: str, blocks: Iterator[Span], heads: dict[int, str]) -> Iterator[Span]:
    """``blocks``, each cut where a line inside it opens with a heading: an indented list's numbered items under
    their titles, with no blank line between ("component." over "    2. We will give back to the free software
    community" over "       When we write new components ...")."""
    starts = sorted(heads)
    for a, b in blocks:
        cuts = [line for h in starts[bisect.bisect_right(starts, a): bisect.bisect_left(starts, b)]
                if not text[(line := text.rfind("\n", 0, h) + 1): h].strip() and line > a]
        for start, end in zip([a, *cuts], [*cuts, b]):
            yield start, end


def _under_headings(text: str, blocks: Iterator[Span], heads: dict[int, str]) -> Iterator[Span]:
    """``blocks``, a heading parted from the text right under it ("DESCRIPTION" over "       xz is a ...",
    as a manual page writes it, with no blank line between)."""
    for a, b in _at_headings(text, blocks, heads):
        start = a + len(text[a:b]) - len(text[a:b].lstrip())
        end = _heading_end(text, start, b, heads[start]) if start in heads else b
        if end < b and text[end:b].strip():
            yield a, end
            yield end + 1, b
        else:
            yield a, b


def follows_in_outline(last: tuple[int, ...] | None, number: tuple[int, ...]) -> bool:
    """Whether section ``number`` can come next after section ``last`` in an outline: its first child (2.4 by
    2.4.1), its next sibling or an ancestor's (2.4 by 2.5 or 3); the first section found is a first child, or a
    book's section 0 (a guide's "0 How to use this Guide" before its "1 Introduction")."""
    if last is None:
        return number[-1] == 1 or number == (0,)
    if len(number) == len(last) + 1 and number[:-1] == last and number[-1] == 1:
        return True
    return len(number) <= len(last) and number[:-1] == last[: len(number) - 1] and number[-1] == last[len(number) - 1] + 1


def paragraphs(text: str, headings: Sequence[tuple[int, int, str]] = ()) -> list[Span]:
    """Spans of the content paragraphs of ``text``, fragments merged, furniture dropped.

    ``headings`` are the headings the reader found (offset, level, title): a heading ends its block, even when
    the text under it opens in lower case ("Scheduling with cron" over "cron is the daemon ...")."""
    merged: list[Span] = []
    heads = {offset: title for offset, _, title in headings}
    listed = False  # the last paragraph is a list, each of its lines an item: its last item ends it
    for a, b in _under_headings(text, _blocks(text), heads):
        block = text[a:b].strip()
        if not block or _RUNNING_LINE.fullmatch(block):
            continue  # a manual page's running foot is no sentence's end ("Defaults to 3cm." over "lamp 252  LAMP(5)")
        a = text.index(block[0], a)
        b = a + len(block)
        if (merged and merged[-1][0] not in heads and a not in heads and not listed
                and continues(_last_line(text, *merged[-1]), block) and not _DOCTEST.search(text, *merged[-1])):
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
            listed = all(LIST_ITEM.match(line) for line in block.splitlines())
    # A sentence that introduces an example ("take a snapshot with:") keeps it: the command or list under it.
    # A signature on a line of its own keeps the definition indented under it, as plain-text manuals write
    # them ("str.split(sep=None)" over "   Return a list of the words ...").
    # So does a paragraph that announces what follows ("The following three types are supported. ...").
    joined: list[Span] = []
    announcing = False  # the last paragraph announces what follows, and nothing has been joined to it yet
    for a, b in merged:
        # Only the last character of the paragraph so far is looked at, and each paragraph searched once for an
        # announcement: the cost stays linear in the text.
        # A heading the reader found is never the example: it heads what follows ("Variables:" over "CPACK_DEB_...").
        introduces = bool(joined) and (text[joined[-1][1] - 1] == ":" or announcing)
        # A sentence the command cuts in two ("you can use" over "$ git commit -a" over "which will ..."), the last
        # part joined to the command already: the command and what follows it are the rest of the sentence. A list's
        # last item is no such sentence, however it ends.
        last = _last_line(text, *joined[-1]) if joined else ""
        cut = (bool(joined) and joined[-1][0] not in heads and not LIST_ITEM.match(last) and stops_mid_sentence(last)
               and is_command(text[a:b].partition("\n")[0]))
        if joined and a not in heads and (((introduces or cut) and is_example(text[a:b])) or _defines(text, joined[-1], (a, b))):
            joined[-1] = (joined[-1][0], b)
            announcing = False
        else:
            joined.append((a, b))
            announcing = bool(ANNOUNCES.search(text, a, b))
    # The same words again are furniture ("Advertisement" between a story's paragraphs), but under another heading
    # they are what that section says too: each option's "Default: false" in a README's list of options.
    seen: set[tuple[int, str]] = set()
    kept: list[Span] = []
    starts = sorted(heads)
    for a, b in joined:
        block = text[a:b]
        key = (starts[i - 1] if (i := bisect.bisect_right(starts, a)) else -1, " ".join(block.split()).lower())
        if key in seen or is_boilerplate(block):
            continue
        seen.add(key)
        kept.append((a, b))
    return kept


def _approx_tokens(text: str) -> int:
    return int(len(WORD.findall(text)) * 1.4) + 2


def _group(units: list[tuple[int, int, int]], limit: int) -> list[tuple[int, int, int]]:
    """Merge consecutive (start, end, tokens) units greedily while the summed tokens stay within ``limit``."""
    pieces: list[list[int]] = []
    for a, b, n in units:
        if pieces and pieces[-1][2] + n <= limit:
            pieces[-1][1:] = [b, pieces[-1][2] + n]
        else:
            pieces.append([a, b, n])
    return [(a, b, n) for a, b, n in pieces]


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # what ``\w`` matches in a str pattern


def _cut_point(text: str, start: int, end: int) -> int:
    """The last place in ``(start, end]`` beside punctuation, where a BERT-style tokenizer splits
    anyway (so the pieces' counts still add up); ``end`` if there is none within a word's reach."""
    for p in range(end, max(start, end - _MAX_WORD_CHARS), -1):
        if not _is_word_char(text[p - 1]) or (p < len(text) and not _is_word_char(text[p])):
            return p
    return end


def _cut_run(text: str, a: int, b: int, limit: int, count: Callable[[str], int]) -> list[tuple[int, int, int]]:
    """Cut ``text[a:b]``, one run without spaces that is more than ``limit`` tokens, into units of
    at most ``limit`` tokens. Each window is counted once (twice if it was too wide), so the cost
    is linear in the run, a 200 KB line included.

    A word piece covers at least one character, so the first window, ``limit`` characters, is at
    most ``limit`` pieces for a BERT-style tokenizer; later windows are sized from the characters
    per token seen so far. A window that counts too many is shrunk in proportion and tried again.
    """
    units: list[tuple[int, int, int]] = []
    width = limit
    while a < b:
        end = b if a + width >= b else _cut_point(text, a, a + width)
        n = count(text[a:end])
        if n > limit and end - a > 1:
            width = max(1, (end - a) * limit // n)  # strictly narrower, as n > limit
            continue
        units.append((a, end, n))
        width = max(1, (end - a) * limit // max(n, 1))
        a = end
    return units


def _pack(text: str, spans: list[Span], limit: int, count: Callable[[str], int], total: int | None = None) -> list[Span]:
    """Group sentence spans into pieces of at most ``limit`` tokens; cut overlong sentences by
    words, and words longer than ``limit`` tokens by characters. ``total``: the tokens of all of
    ``text`` if known (a one-sentence, one-word paragraph is then not counted three times).

    Word-piece counts add up across whitespace and punctuation (BERT-style tokenizers always
    split there), so each unit is counted once and pieces are sized by summing.
    """
    known = {(0, len(text)): total} if total is not None else {}

    def tokens(a: int, b: int) -> int:
        if (a, b) not in known:
            known[(a, b)] = count(text[a:b])
        return known[(a, b)]

    units: list[tuple[int, int, int]] = []  # start, end, tokens
    for a, b in spans:
        n = tokens(a, b)
        if n <= limit:
            units.append((a, b, n))
            continue
        words: list[tuple[int, int, int]] = []
        for m in _RUN.finditer(text, a, b):
            w = tokens(*m.span())
            words.extend([(*m.span(), w)] if w <= limit else _cut_run(text, *m.span(), limit, count))
        units.extend(_group(words, limit))  # an overlong sentence's pieces start where it starts
    return [(a, b) for a, b, _ in _group(units, limit)]


SECTION_SEP = " › "  # between the headings of a section path: "4. More Control Flow Tools › 4.7 Defining Functions"


def section_paths(headings: Sequence[tuple[int, int, str]]) -> list[tuple[int, str]]:
    """(offset, section path) for each heading: the heading with the ones above it, by level.

    Example:
        >>> section_paths([(0, 1, "Guide"), (10, 2, "Install"), (50, 2, "Use"), (90, 1, "Index")])
        [(0, 'Guide'), (10, 'Guide › Install'), (50, 'Guide › Use'), (90, 'Index')]
    """
    stack: list[tuple[int, str]] = []  # (level, heading) from the top down
    paths = []
    for offset, level, heading in headings:
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, heading))
        paths.append((offset, SECTION_SEP.join(h for _, h in stack)))
    return paths


def _at(marks: list[tuple[int, str]], offset: int) -> str:
    """The label of the last mark at or before ``offset`` ("" before the first)."""
    i = bisect.bisect_right([m for m, _ in marks], offset)
    return marks[i - 1][1] if i else ""


def chunk_text(
    text: str,
    source: str,
    title: str = "",
    max_tokens: int = 254,
    count_tokens: Callable[[str], int] | None = None,
    pages: Sequence[tuple[int, str]] = (),
    headings: Sequence[tuple[int, int, str]] = (),
) -> list[Chunk]:
    """Cut a document's text into chunks of at most ``max_tokens`` word pieces.

    ``pages`` and ``headings`` (as :class:`qa.read.Document` has them) give each chunk its
    section path (where its text starts) and the pages its text lies on.

    Example:
        >>> [c.paragraph for c in chunk_text("One.\\n\\nTwo. Three.", "a.txt")]
        [1, 2]
    """
    count = count_tokens or _approx_tokens
    sections = section_paths(headings)
    page_marks = list(pages)
    chunks: list[Chunk] = []
    repeats: dict[str, int] = {}  # id of a body's first occurrence -> occurrences so far
    for number, (pa, pb) in enumerate(paragraphs(text, headings), start=1):
        para = text[pa:pb]
        spans = sentences(para)
        tokens = count(para)
        # A chunk is indexed with its section path before it (Chunk.indexed): the two fit the encoder's
        # window together, but a path never takes more than half of it.
        section = _at(sections, pa)
        limit = max(max_tokens // 2, max_tokens - count(section)) if section else max_tokens
        pieces = [(0, len(para))] if tokens <= limit else _pack(para, spans, limit, count, tokens)
        # A piece without a word (the rest of a dot leader, a rule of dashes) is furniture, as a
        # block without one is: nothing to find it by, and a window of the encoder's time each.
        pieces = [(ca, cb) for ca, cb in pieces if WORD.search(para, ca, cb)]
        # Spans are in order and disjoint: each piece's sentences are found by bisection, not by
        # a scan of all of them per piece (quadratic in a long paragraph).
        starts, ends = [a for a, _ in spans], [b for _, b in spans]
        for part, (ca, cb) in enumerate(pieces):
            body = para[ca:cb]
            # The n-th repeat of a body gets ordinal n, counted per body: probing 0, 1, 2, ... for
            # each repeat was quadratic in a line cut into hundreds of identical pieces.
            first = chunk_id(source, body)
            ordinal = repeats.get(first, 0)
            repeats[first] = ordinal + 1
            cid = chunk_id(source, body, ordinal) if ordinal else first
            inside = spans[bisect.bisect_right(ends, ca): bisect.bisect_left(starts, cb)]
            inner = [(max(a, ca) - ca, min(b, cb) - ca) for a, b in inside]
            start, end = pa + ca, pa + cb
            on_pages = ()
            if page_marks:  # the page it starts on, then each page that starts inside it
                on_pages = ((0, _at(page_marks, start)),) + tuple((m - start, label) for m, label in page_marks if start < m < end)
            chunks.append(
                Chunk(
                    id=cid, source=source, title=title, paragraph=number,
                    part=part if len(pieces) > 1 else 0,
                    start=start, end=end, text=body, sentences=inner,
                    section=_at(sections, start), pages=on_pages,
                )
            )
    return chunks
