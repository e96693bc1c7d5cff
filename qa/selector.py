"""The learned answer-sentence selector: what each candidate sentence shows, and a small network that weighs it.

Every quotable sentence of the retrieved passages is described by :data:`FEATURES`:
its embedding similarity to the question (and its neighbours'), how much of the
question it holds (weighted by how rare each word is among the candidates, and in
its neighbourhood too, for "he" and "it"), whether it holds the kind of thing asked
for (a date for "when", a cause for "why"), where it sits, and how its passage was
retrieved. A two-layer network trained here on SQuAD (``python -m qa.train answering``)
turns those into one score per sentence; the answer quotes the best. It runs in numpy:
the sentence vectors come from the store, so reading a question costs a few
milliseconds and no model call.

Example:
    >>> import numpy as np
    >>> from qa.types import Chunk, Hit
    >>> text = "The lighthouse was built in 1871. It is painted red."
    >>> chunk = Chunk("c1", "guide.txt", "Guide", 1, 0, 0, len(text), text, ((0, 33), (34, 52)))
    >>> found = candidates("When was the lighthouse built?", np.ones(2) / 2 ** .5,
    ...                    [Hit(chunk, 1.0)], {"c1": np.array([[1.0, 0.0], [0.0, 1.0]])})
    >>> [c.text for c in found], found[0].features.shape == (len(FEATURES),)
    (['The lighthouse was built in 1871.', 'It is painted red.'], True)
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from .answer_type import ASKED, asks, asks_release_of_change, asks_version, cues, dates_release, gives_field, gives_licence, gives_own_version, gives_product_version, holds, kind_of, names_release_heading
from .chunk import BULLET, SECTION_SEP, is_command
from .errors import SettingsError
from .read import STRUCTURED_SUFFIXES
from .types import Chunk, Hit
from .words import ABOUT_THE_DOCUMENT, ADDRESS, BYLINE, CODE, COMMAND, MANUAL_PAGE, PROGRAM_KIND, PROMPT, STOP_WORDS, base_forms, content_words, overlap, stem, words

# A sentence of fewer words with no closing punctuation is a heading, a byline or a title line.
HEADING_WORDS = 8
# The paragraphs that open a document and may hold its front matter: a masthead or breadcrumb, the
# headline, the byline, a dateline and a subheadline, each its own paragraph, before the text starts.
FRONT_MATTER = 5

FEATURES = (
    "cosine",  # embedding similarity of the sentence to the question
    "cosine_gap",  # ... less the best candidate's
    "cosine_neighbour",  # the better of its neighbours' similarity (0 without neighbours)
    "overlap",  # share of the question's content words in the sentence
    "overlap_rare",  # the same, each word weighed by its rarity among the candidates
    "overlap_rare_gap",  # ... less the best candidate's
    "overlap_near",  # share of the question's content words in the sentence and its neighbours
    "overlap_rare_near",  # the same, weighed by rarity
    "bigrams",  # share of the question's word pairs found as pairs in the sentence
    "new_words",  # log(1 + content words of the sentence the question does not use)
    "restates",  # share of the sentence's content words that the question uses
    "length",  # log(1 + words)
    "first",  # the first sentence of its passage
    "position",  # its place in the passage, 0 (first) to 1 (last)
    "passage_rank",  # 1 / (1 + the passage's rank)
    "passage_gap",  # the passage's fused retrieval score less the best passage's
    "passage_dense",  # the passage's embedding similarity to the question (0 when not among the dense hits)
    *(f"asks_{k}" for k in ASKED),  # what the question asks for (one of them, or none)
    "holds_asked",  # the sentence holds the kind of thing asked for
    *(f"has_{k}" for k in ASKED),  # what kinds of thing the sentence holds
)


@dataclass(frozen=True)
class Candidate:
    """One sentence of a retrieved passage, as an answer candidate."""

    hit: Hit
    index: int  # the sentence's number in its chunk
    start: int
    end: int
    cosine: float  # embedding similarity to the question
    features: np.ndarray  # the FEATURES, in order
    score: float = 0.0  # the selector's score, once read

    @property
    def text(self) -> str:
        return self.hit.chunk.text[self.start: self.end]


# Words that call a document by its kind without saying which one ("the article", "this essay").
DOCUMENT_NOUNS = frozenset("article essay story post page document piece report paper book guide manual tutorial handbook "
                           "faq readme specification".split())
"""Words that call a document by its kind ("Who wrote the tutorial?")."""


# "What is the essay called?", "What is the name of this guide?": a question for the name of the document it calls by
# its kind, as the question's last words ("What is the book Hale wrote called?" asks about a book in the text).
_ASKS_ITS_NAME = re.compile(rf"\b(?:(?:the|this|that)\s+(?:{'|'.join(sorted(DOCUMENT_NOUNS))})\s+(?:called|named)|"
                            rf"name\s+of\s+(?:the|this|that)\s+(?:{'|'.join(sorted(DOCUMENT_NOUNS))}))\W*$", re.I)


def asks_its_name(question: str) -> bool:
    """Whether ``question`` asks what the document it calls by its kind is called ("What is the essay called?").

    Example:
        >>> asks_its_name("What is the essay called?"), asks_its_name("What is the name of the book Hale wrote?")
        (True, False)
    """
    return bool(_ASKS_ITS_NAME.search(question))


def about_the_document(question: str) -> bool:
    """Whether ``question`` asks about a document itself (who wrote it, when it was published: :data:`qa.words.ABOUT_THE_DOCUMENT`;
    what it is called: :func:`asks_its_name`)."""
    return bool(ABOUT_THE_DOCUMENT & set(words(question))) or asks_its_name(question)


# A question that asks who wrote a document or a program ("Who wrote ssh-keygen?", "Who is the author of ...?").
ASKS_AUTHOR = re.compile(r"\b(?:who\s+(?:wrote|writes|authored|is\s+the\s+author|are\s+the\s+authors)|author|authors|written\s+by)\b", re.I)
# The heading of the section that says who wrote a program, as manual pages and READMEs head it.
CREDITS_HEADING = re.compile(r"(?:authors?|written\s+by)(?:\s*(?:/|and|&)\s*contributors)?\W*", re.I)
# The verb of a "who" question that asks who did something ("Who maintains python-dotenv?", "Who currently funds it?"),
# not who someone is or what they did; and of a "which" question that asks what something was done with, the word
# after the verb included ("Which editor was git-jump tested with?", "What language is it written in?").
_WHO_DID = re.compile(r"\s*who\s+(?:[a-z]+ly\s+)?([a-z]+)\b", re.I)
_NO_DEED = frozenset("is was are were be been did does do has had have can could will would should may might must else".split())
# Not "in" or "on" but of what a program is written in: "What river is New York City located on?" is answered by where
# it is, and a sentence that says "located on" may say it of something else (on SQuAD's partial training set "Which
# cemetery was Chopin buried in?" quoted "Chopin's works are cannon buried in flowers!").
_DONE_WITH = re.compile(r"\W*(?:which|what)\b.*\b(?:is|was|are|were)\b.*\s([a-z]+(?=\s+(?:with|using))|(?:written|implemented|coded)(?=\s+in))"
                        r"\s+(with|using|in)\W*$", re.I)


@functools.lru_cache(maxsize=256)  # every candidate sentence's score asks it of the same question
def asked_deed(question: str) -> tuple[str, str] | None:
    """What a question asks the doer of, or the means: the stem of its verb, as :func:`qa.words.base_forms` reads it,
    and the word after the verb in the passive that answers it ("by" for who did it); None for a question that asks
    who someone is or what they did.

    Example:
        >>> asked_deed("Who maintains python-dotenv?"), asked_deed("Who wrote it?"), asked_deed("Who is the leader?")
        (('maintain', 'by'), ('write', 'by'), None)
        >>> asked_deed("Which editor was git-jump tested with?")
        ('test', 'with')
    """
    if found := _DONE_WITH.match(question):
        return _base(found.group(1)), found.group(2).lower()
    found = _WHO_DID.match(question)
    if found is None or found.group(1).lower() in _NO_DEED:
        return None
    return _base(found.group(1)), "by"


def _base(word: str) -> str:
    return next(iter(base_forms({stem(word.lower())})))


def says_done_by(deed: tuple[str, str], text: str) -> bool:
    """Whether ``text`` says in the passive who did ``deed`` (:func:`asked_deed`), or with what.

    Example:
        >>> says_done_by(("maintain", "by"), "This project is currently maintained by Ann Lee and Bo Chen.")
        True
        >>> says_done_by(("write", "by"), "It was written by Ann Lee."), says_done_by(("maintain", "by"), "It was funded by a grant.")
        (True, False)
        >>> says_done_by(("test", "with"), "This script was written and tested with vim.")
        True
        >>> says_done_by(("attack", "by"), "As a wolf, he attacks by biting.")
        False
        >>> says_done_by(("port", "by"), "Ported and modified for Python by Ann Lee."), says_done_by(("port", "by"), "Ported to C.")
        (True, False)
    """
    verb, after = deed
    # The participle right before "by", or one of two joined by "and", before what it was done for ("Ported and
    # modified for Python by Hajime Senuma."); not when ("developed in 1698 by Thomas Savery", in a sentence about
    # something else, took a second quote from another article on SQuAD's dev articles 1-8).
    said = re.findall(rf"\b([A-Za-z]+)(?:\s+and\s+([a-z]+))?(?:\s+for\s+(?-i:[A-Z])[\w.+-]*)?\s+{after}\b", text)
    # (a participle: "he attacks by biting" says how, not who)
    return any(_base(w) == verb and not re.search(r"(?:[^s]s|ing)$", w) for pair in said for w in pair if w)


def heads_doers(deed: tuple[str, str], chunk: Chunk) -> bool:
    """Whether ``chunk`` stands under a heading that names who does ``deed`` (:func:`asked_deed`): "Maintainers" over
    "Meet our maintainers since 2008: ..." for "Who maintains urllib3?".

    Example:
        >>> chunk = Chunk("c", "lampctl-README.md", "lampctl", 9, 0, 0, 9, "Ida Penrose", section="lampctl › Maintainers")
        >>> heads_doers(("maintain", "by"), chunk), heads_doers(("write", "by"), chunk)
        (True, False)
    """
    verb, after = deed
    return after == "by" and any(_base(w) == verb for w in words(heading_of(chunk)))


def under_credits(chunk: Chunk) -> bool:
    """Whether ``chunk`` is in the section that says who wrote the program or the document ("AUTHORS" in a manual
    page), or is a list its first line labels so ("Authors:" over a policy's authors, one an item)."""
    return (bool(CREDITS_HEADING.fullmatch(heading_of(chunk).strip()))
            or bool(re.fullmatch(r"(?:authors?|written\s+by)\s*:", chunk.text.lstrip().partition("\n")[0].strip(), re.I)))


# A field that names who wrote a program, as a README's or a source's header lists its facts one a line: "Author: Philip
# A. Nelson" under "Program: GNU bc", wherever in the document it stands.
_AUTHOR_FIELD = re.compile(r"[ \t]*(?:(?:main|original|primary)\s+)?authors?\s*:[ \t]*", re.I)
# Or a README's author introducing themselves, as a one-person project's "About" does: "I'm Julian Berman."
_SELF_INTRODUCED = re.compile(r"[ \t]*(?:I['’]m|I\s+am|My\s+name\s+is)\s+")


def names_its_author(line: str) -> bool:
    """Whether ``line`` is a field that names who wrote the program: its label, then a name (:data:`qa.words.BYLINE`).

    Example:
        >>> names_its_author("Author: Philip A. Nelson"), names_its_author("Main author: Ann Lee <ann@example.org>")
        (True, True)
        >>> names_its_author("Author: see the AUTHORS file"), names_its_author("Program: GNU bc")
        (False, False)
        >>> names_its_author("I'm Julian Berman."), names_its_author("I am Very Happy To Help.")
        (True, False)
    """
    if label := _AUTHOR_FIELD.match(line):
        return bool(BYLINE.fullmatch(line[label.end():].strip()))
    # a name alone, then the sentence's end ("I'm Julian Berman and I wrote ..." says more than who)
    return bool(label := _SELF_INTRODUCED.match(line)) and bool(BYLINE.fullmatch(line[label.end():].strip().rstrip(".!")))


def has_author_field(chunk: Chunk) -> bool:
    """Whether a line of ``chunk`` names who wrote the program (:func:`names_its_author`)."""
    return any(names_its_author(line) for line in chunk.text.splitlines())


def naming_words(question: str) -> set[str]:
    """What a question about a document says of which one it is: its content words but those asking about a
    document (:data:`qa.words.ABOUT_THE_DOCUMENT`) or calling one by its kind ("article")."""
    # Single letters are no name: a possessive's "s", the "U" and "S" of "U.S.".
    return {w for w in content_words(question) if len(w) > 1} - {stem(w) for w in ABOUT_THE_DOCUMENT | DOCUMENT_NOUNS}


def document_name(source: str) -> str:
    """What a document is called by the first part of its file's name, as a question would write it: "gzip" for
    gzip.txt and gzip.1.txt, "pythondotenv" for python_dotenv-README.md (compare :func:`as_name` of a question's word)."""
    stem = re.split(r"[\\/]", source)[-1].rsplit(".", 1)[0]
    # A manual page's section is no part of its name: "grep" for grep.1.txt, "crypt" for crypt.5.
    return as_name(_MANUAL_SECTION.sub("", stem.split("-")[0]))


_MANUAL_SECTION = re.compile(r"\.\d[a-z]*$")


def as_name(word: str) -> str:
    """``word`` as :func:`document_name` writes names: lower case, no hyphens, underscores or dots."""
    return re.sub(r"[-_.]", "", word.lower())


# A word that may be a document's name as a question writes it ("xz", "python-dotenv", "gzip.txt").
NAME_TOKEN = r"[\w.+-]+"


def names_in_question(question: str) -> set[str]:
    """The words of ``question`` as :func:`document_name` writes names: the documents it may name by file name."""
    return {as_name(w) for w in re.findall(NAME_TOKEN, question)}


def named_document(question: str, hits: Sequence[Hit]) -> str | None:
    """The source among ``hits`` whose title holds most of what ``question`` says of the document it asks about
    ("Who wrote How to Keep a Lighthouse?"), or None when its words name no title ("Who wrote the article?").

    Example:
        >>> hit = lambda source, title: Hit(Chunk("c", source, title, 1, 0, 0, 1, "x"), 1.0)
        >>> named_document("When was How to Keep a Lighthouse written?", [hit("a.txt", "Lamp Tools"), hit("b.html", "How to Keep a Lighthouse")])
        'b.html'
    """
    asked = naming_words(question)
    best, most = None, 0.0
    for hit in hits:
        share = overlap(asked, hit.chunk.title)
        if share > most:
            best, most = hit.chunk.source, share
    return best


# "What is lampctl?", "What does lampctl do?" (or "provide"): a question for what a thing one word names is or does,
# maybe with its kind ("What is the idna package?").
_ASKS_WHAT_ONE_IS = re.compile(rf"^\W*what\s+(?:(?:is|are)\s+(?:the\s+(?=\S+\s+{PROGRAM_KIND}))?(?!(?:a|an|the)\s)(?P<is>{NAME_TOKEN})(?:\s+{PROGRAM_KIND})?"
                               rf"|(?:does|do)\s+(?P<does>{NAME_TOKEN})\s+(?:do|provide|offer))\W*$", re.I)


def asks_what_document_is(question: str, hits: Sequence[Hit]) -> str | None:
    """The document among ``hits`` that is the thing ``question`` asks what it is or does ("What does threadpoolctl
    do?" of threadpoolctl-README.md), by its file's name or the name its title opens with ("pytz - World Timezone
    Definitions for Python"); or None. Its opening paragraphs say it, whether or not they name it.

    Example:
        >>> hit = lambda source, title: Hit(Chunk("c", source, title, 1, 0, 0, 1, "x"), 1.0)
        >>> hits = [hit("lampctl-README.md", "Lamp Controls"), hit("wick.rst", "wick - Wicks for Python")]
        >>> [asks_what_document_is(q, hits) for q in ("What does lampctl do?", "What is wick?", "What is a lamp?")]
        ['lampctl-README.md', 'wick.rst', None]
        >>> asks_what_document_is("What does lampctl provide?", hits), asks_what_document_is("What is the lampctl tool?", hits)
        ('lampctl-README.md', 'lampctl-README.md')
    """
    name = _name_asked(question)
    if name is None:
        return None
    return next((h.chunk.source for h in hits if name in (document_name(h.chunk.source), as_name(title_name(h.chunk.title)))), None)


def _name_asked(question: str) -> str | None:
    """The name of the thing ``question`` asks what it is or does (:data:`_ASKS_WHAT_ONE_IS`), as :func:`as_name`
    writes it; None for another question."""
    asked = _ASKS_WHAT_ONE_IS.match(question)
    return as_name(asked.group("is") or asked.group("does")) if asked else None


# What sets a title's tagline apart from the name it opens with: "defusedxml -- defusing XML bombs", "Lampd: lamps".
_TAGLINE = re.compile(r"\s+(?:--|—|–|-)\s+|:\s+")


def tagline_answers(question: str, title: str) -> bool:
    """Whether ``title`` says what the thing ``question`` asks about is, in a tagline after its name ("yq: Command-line
    YAML/XML/TOML processor - jq wrapper for YAML, XML, TOML documents" for "What is yq?").

    Example:
        >>> tagline_answers("What is yq?", "yq: Command-line YAML processor"), tagline_answers("What is yq?", "yq")
        (True, False)
        >>> tagline_answers("What is jq?", "yq: Command-line YAML processor")
        False
    """
    name = title_name(title)
    return name != title and _name_asked(question) == as_name(name)


def title_name(title: str) -> str:
    """The name a title opens with before its tagline ("pytz" of "pytz - World Timezone Definitions for Python"), or the
    whole title when it has none."""
    return _TAGLINE.split(title, maxsplit=1)[0]


def asked_document(question: str, hits: Sequence[Hit], context: str = "") -> str | None:
    """The one document among ``hits``, when there are several, that ``question`` asks about by name: by every word of
    its title, two or more but its version ("the Mozilla Public License" for "Mozilla Public License Version 2.0"), by
    capitals that spell its title out ("MPL", "GPL" for "GNU General Public License") or by its file's name in
    capitals ("CAD" for CAD.pdf); for a follow-up that names none, the one its ``context`` names. None when it names
    none, or more than one. A title's words among others ("Debian Project" of "What is the Debian Project?") are the
    document's subject, and a question about that subject need not ask about the document.

    Example:
        >>> hit = lambda source, title: Hit(Chunk("c", source, title, 1, 0, 0, 1, "x"), 1.0)
        >>> hits = [hit("GPL-3.txt", "GNU General Public License"), hit("MPL-2.0.txt", "Mozilla Public License Version 2.0")]
        >>> [asked_document(q, hits) for q in ("Who steers the MPL?", "Is the GNU General Public License free?", "Why license?")]
        ['MPL-2.0.txt', 'GPL-3.txt', None]
    """
    titles = {hit.chunk.source: hit.chunk.title for hit in hits}
    if len(titles) < 2:
        return None
    return (_named(question, titles) or _named_by_file(question, hits)
            or (_named(context, titles) or _named_by_file(context, hits) if context else None))


def _named_by_file(question: str, hits: Sequence[Hit]) -> str | None:
    """The one source among ``hits`` that ``question`` names by its file's name ("Typer" for typer-README.md), when
    no passage of another source says that name: then the name tells which document, not what it is about."""
    said = {as_name(w) for w in re.findall(NAME_TOKEN, question) if w.lower() not in STOP_WORDS and len(w) > 2}
    named = {hit.chunk.source for hit in hits if document_name(hit.chunk.source) in said}
    if len(named) != 1:
        return None
    source = named.pop()
    name = document_name(source)
    if any(name in names_in_question(hit.chunk.text + " " + hit.chunk.title) for hit in hits if hit.chunk.source != source):
        return None
    return source


def _named(question: str, titles: dict[str, str]) -> str | None:
    """The one source of ``titles`` that ``question`` names (:func:`asked_document`), or None."""
    asked = content_words(question)
    named = {source for source, title in titles.items()
             if len(_title_words(title)) >= 2 and _title_words(title) <= asked
             or any(c.lower() == document_name(source) or _spelled(c, title) for c in _CAPITALS.findall(question))}
    return named.pop() if len(named) == 1 else None


# Capitals that may name a document: "MPL", "GPL", "CAD"; two ("CD") are too few to tell what they spell.
_CAPITALS = re.compile(r"\b[A-Z][A-Z0-9]{2,}\b")
# A title's word that says which version of it, not which document: "Version 2.0".
_VERSION_WORDS = frozenset({"version"})


def _title_words(title: str) -> set[str]:
    """The content words of ``title`` that name it: not its version's."""
    return {w for w in content_words(title) if not re.fullmatch(r"v?[\d.]+", w) and w not in _VERSION_WORDS}


def _spelled(capitals: str, title: str) -> bool:
    """Whether ``capitals`` spell ``title``'s words out, as an acronym of them all ("GPL" of "GNU General Public
    License"; not "CD" of "Chapter 1 -- The Debian Project", nor "CNF" of "fonts.conf -- Font configuration files").

    Example:
        >>> _spelled("GPL", "GNU GENERAL PUBLIC LICENSE"), _spelled("WAL", "Write-Ahead Logging"), _spelled("CNF", "Font configuration files")
        (True, True, False)
    """
    initials = "".join(w[0] for w in words(title) if w not in STOP_WORDS and stem(w) not in _VERSION_WORDS and not w[0].isdigit())
    letters = iter(initials)
    # Each capital a word's initial, in order, and no word of the title left out but one that repeats an initial.
    return set(initials) <= set(capitals.lower()) and all(letter in letters for letter in capitals.lower())


def asked_without_name(question: str, source: str | None, hits: Sequence[Hit]) -> str:
    """``question`` without the words naming ``source`` (:func:`unnamed`), its title as ``hits`` have it; ``question``
    itself when it names no document."""
    title = next((hit.chunk.title for hit in hits if hit.chunk.source == source), None)
    if title is None:
        return question
    # and the word that names it by its file's name ("Typer" of typer-README.md), but a name in capitals (see unnamed)
    name = document_name(source)
    return _tidied(re.sub(NAME_TOKEN, lambda m: "" if as_name(m.group()) == name and not _CAPITALS.fullmatch(m.group()) else m.group(),
                          unnamed(question, title)))


def _tidied(question: str) -> str:
    """``question`` with the spaces that words taken out of it left behind closed up."""
    return re.sub(r"\s+([?!.,])", r"\1", re.sub(r"\s{2,}", " ", question)).strip()


def unnamed(question: str, title: str) -> str:
    """``question`` without the words that name the document it asks about by its title (:func:`asked_document`): they
    say which document, not what in it, and its notices that repeat its name ("If a copy of the MPL was not
    distributed ...") answer nothing. A file's name in capitals stays: it is the document's subject too ("CAD"
    drawings, of CAD.pdf).

    Example:
        >>> unnamed("What is a Contributor under the Mozilla Public License?", "Mozilla Public License Version 2.0")
        'What is a Contributor?'
        >>> unnamed("Can the MPL be changed?", "Mozilla Public License Version 2.0")
        'Can the be changed?'
    """
    own = _title_words(title)
    tokens = list(re.finditer(r"[\w'’.-]*\w", question))
    naming: list[int] = []
    run: list[int] = []  # the tokens in a row that are the title's words
    for i, token in enumerate(tokens + [None]):
        said = content_words(token.group()) if token is not None else set()
        if token is not None and _CAPITALS.fullmatch(token.group()) and _spelled(token.group(), title):
            naming.append(i)
        elif token is not None and (said <= own if said else run):  # a title's word, or a small word inside its run
            run.append(i)
            continue
        if len(own) >= 2 and own <= set().union(*(content_words(tokens[k].group()) for k in run)):
            naming += run
        run = []
    for i in sorted(naming, reverse=True):
        question = question[: tokens[i].start()] + question[tokens[i].end():]
    # and the words that led to the name at the end ("What is a Contribution under the Apache License?").
    question = re.sub(r"\s+(?:in|of|under|about|for|from|by)(?:\s+the)?\s*(?=[?!.]*$)|\s+the\s*(?=[?!.]*$)", "", question)
    return _tidied(question)


# A field of an API's or a setting's description ("Returns: the new bearing", "Default : OFF"): a fact however short.
FIELD = re.compile(r"^(?:returns?|return\s+(?:type|value)|parameters?|params?|arguments?|args|raises?|throws|yields?|"
                   r"default(?:\s+value)?|type|required|mandatory|optional|since|deprecated|units?|range)\s*:\s*\S", re.I)


def heading_of(chunk: Chunk) -> str:
    """The heading ``chunk`` is under, the last of its section's."""
    return chunk.section.rpartition(SECTION_SEP)[2]


def release_section(chunk: Chunk) -> str | None:
    """The section of the release ``chunk`` is an entry of, when a changelog's heading over it names one: "Changelog ›
    1.5.0" for an entry under "1.5.0", and for one under its "Removed" too; else None."""
    parts = chunk.section.split(SECTION_SEP)
    for i in range(len(parts) - 1, max(len(parts) - 3, -1), -1):
        if names_release_heading(parts[i]):
            return SECTION_SEP.join(parts[: i + 1])
    return None


def heads(chunk: Chunk, sentence: str) -> bool:
    """Whether ``sentence`` is the heading ``chunk`` is under."""
    return " ".join(sentence.split()) == heading_of(chunk)


def is_line(sentence: str) -> bool:
    """Whether ``sentence`` is a short line with no closing punctuation: a heading, a table cell, a byline, a dateline."""
    sentence = sentence.strip()
    return not re.search(r"[.!:;)\"”’']$", sentence) and len(words(sentence)) < HEADING_WORDS


# A web address alone, as a page or a README lists one ("<https://example.org/x>", "https://example.org/x."), and the
# questions it answers: where something is, its link, or whom to write to.
# So is one under a label of a word or two ("Documentation: https://...", "Source Code: https://...").
_BARE_ADDRESS = re.compile(rf"(?:[A-Z][\w-]*(?:\s+[\w-]+)?\s*:\s*)?[<(\[]?\s*(?:{ADDRESS.pattern})\s*[>)\]]?[.,;]?", re.I)
SAYS_WHERE = re.compile(r"\b(?:available|hosted|found|published|kept|documented)\s+(?:on|at|in|from)\s+\S", re.I)
_ASKS_WHERE = re.compile(r"\b(?:where|url|urls|link|links|address|site|website|page|download|downloaded|e-?mail|mail|contact)\b", re.I)

# A sentence that only sends the reader elsewhere: "See also git-pull(1).", "Refer to the FAQ.", "For more details, see ...".
_POINTS_ELSEWHERE = re.compile(r"^\W*(?:see(?:\s+also)?|refer\s+to|(?:for|with)\s+(?:more|further|full)\s+(?:information|details?)"
                               r"[^.]*?,\s*(?:see|refer\s+to))\b", re.I)

# A clause that says what the thing pointed to is: "See also Rich's sister project, Textual, which you can use to build
# user interfaces in the terminal." says what Textual is, beside where to look.
_SAYS_WHAT_IT_IS = re.compile(r",\s+(?:which|who)\s+\w+")

# Manual pages named by their sections alone, as a manual's "SEE ALSO" lists them: "resolver(3), host.conf(5)".
_MANUAL_PAGES = re.compile(rf"\s*{MANUAL_PAGE}(?:\s*,?\s*(?:and\s+)?{MANUAL_PAGE})*\s*\.?\s*")

# A question about a setting's default, and a heading that gives one: "[default: 12]", "(default: yes)", "Default: OFF".
ASKS_DEFAULT = re.compile(r"\bdefaults?\b", re.I)
# "What is the default value of sep?": what the default is asked of comes after "of".
_DEFAULT_OF = re.compile(r"\bdefaults?\s+(\w+)\s+of\b", re.I)
# The name a signature defines: "dim" of "dim(lamp, level=5)", "Wick" of "class Wick(length=10)".
_SIGNATURE_NAME = re.compile(r"\s*(?:class\s+)?(?:[A-Za-z_][\w]*\.)*([A-Za-z_]\w*)\(")
_GIVES_DEFAULT = re.compile(r"[\[(]?\bdefault\s*[:=]\s*\S", re.I)
# A signature's parameter with its default value: "orphans=0", "sep=' '", "*, timeout: float = 5.0".
_PARAMETER_DEFAULT = re.compile(r"[(,]\s*\*?(\w+)\s*(?::\s*[^=,()]+)?=\s*[^,)\s]")


def gives_default(sentence: str, question: str) -> bool:
    """Whether a heading ``sentence`` gives the default a ``question`` asks about: "[default: 12]" in an option's
    entry, or a signature's parameter the question names with its value ("print(*objects, sep=' ')" for "What is the
    default value of sep?").

    Example:
        >>> gives_default("Paginator(object_list, per_page, orphans=0)", "What is the default value of orphans?")
        True
        >>> gives_default("Paginator(object_list, per_page, orphans=0)", "What is the default value of per_page?")
        False
    """
    return bool(_GIVES_DEFAULT.search(sentence)) or names_default(sentence, question)


# A sentence of a setting's entry that says what its default is: "Defaults to 1min.", "The default timeout is 5
# minutes.", "If not set, a default of "NAME=Linux" may be used.", "By default, sampling is set to 100 points."
_STATES_DEFAULT = re.compile(r"\bdefaults?\s+(?:to|of)\b|\bthe\s+default(?:\s+\w+){0,2}\s+is\b|\bis\s+the\s+default\b|^\W*by\s+default\b", re.I)


# What happens by default ("What shell runs cron commands by default?") may be said without the word; a default asked
# for as a value ("What is the default value of IdleActionSec?", "What is its default?", "What does it default to?") is
# said with it, or by a signature ("orphans=0").
_BY_DEFAULT = re.compile(r"\bby\s+default\b", re.I)
# The word as a word, not in a name ("default-version", "--default", "DEFAULT_MODE").
_DEFAULT_WORD = re.compile(r"(?<![\w.=-])defaults?(?![\w=-])", re.I)


def lacks_default(question: str, quotes: list[str]) -> bool:
    """Whether ``question`` asks what a default value is and none of ``quotes`` says one: what a question about a
    setting whose default the documents never give looks like.

    Example:
        >>> asked = "What is the default value of IdleActionSec?"
        >>> lacks_default(asked, ["IdleAction= is taken after the system is idle."]), lacks_default(asked, ["Defaults to 30min."])
        (True, False)
        >>> lacks_default("What shell runs cron commands by default?", ["Commands are run by /bin/sh."])
        False
        >>> lacks_default("What is default-version?", ["The lamp lit when no keeper chooses another."])
        False
    """
    if not _DEFAULT_WORD.search(question) or _BY_DEFAULT.search(question):
        return False
    return not any(ASKS_DEFAULT.search(quote) or names_default(quote, question) for quote in quotes)


def states_default(sentence: str, question: str) -> bool:
    """Whether ``question`` asks for a default and ``sentence`` says what one is ("Defaults to "auto" in the default
    journal namespace", "Default: utf8"): in the entry of the setting the question names, what it asks.

    Example:
        >>> states_default("Defaults to 1min.", "What is the default value of AccuracySec=?")
        True
        >>> states_default("Takes a boolean argument.", "What is the default value of Persistent=?")
        False
    """
    return bool(ASKS_DEFAULT.search(question) and (_STATES_DEFAULT.search(sentence) or _GIVES_DEFAULT.match(sentence)))


def names_default(sentence: str, question: str) -> bool:
    """Whether ``question`` asks for a default and ``sentence`` is a signature that gives it for a parameter the
    question names ("orphans=0" for "What is the default value of orphans?")."""
    if not ASKS_DEFAULT.search(question) or sentence.rstrip().endswith((".", "!", "?", ":")):
        return False  # a sentence of prose ("..., per_page=10, and orphans=3, there will be two pages.") is no signature
    if any(PROMPT.match(line) for line in sentence.splitlines()):
        return False  # a call typed at a prompt (">>> tabulate(rows, missingval='?')") passes a value of its own
    # "the default type of an option" asks it of an option: "type=..." is another thing's.
    of = _DEFAULT_OF.search(question)
    # "What does the default filter do?" asks of a filter named default, not of a parameter named so.
    asked = set(words(question[of.end():] if of else question)) - {"default", "defaults"}
    # "the default level of dim()" asks it of dim's own parameter level, "dim(lamp, level=5)".
    if of and (owner := _SIGNATURE_NAME.match(sentence)) and owner.group(1).lower() in asked:
        asked = asked - {owner.group(1).lower()} | {of.group(1).lower()}
    return any(m.group(1).lower() in asked for m in _PARAMETER_DEFAULT.finditer(sentence))


# A document's title as a question asks for it; a person's "job title" is no document's.
_TITLE_WORDS = r"(?<!job )title|titled|headline"
# A question that asks what a document is called: its title or headline (not a subtitle, which is the line after it).
ASKS_HEADLINE = re.compile(rf"\b(?:{_TITLE_WORDS}|called)\b", re.I)
# A question a document's title line may answer: what it is called, its title or headline (and a subtitle's question,
# which the line after the title answers more often; qa.answer's headline rule takes the title line only for the first).
_ASKS_TITLE = re.compile(rf"\b(?:{_TITLE_WORDS}|subheadline|subtitle|called|named|name)\b", re.I)


# A question that asks what a thing does or means ("What does git stash do?", "What does -k mean?", "What does the wq
# command do in ed?"), or what a thing is ("What are savepoints?", "What is a window function?": a few words after
# "what is").
_ASKS_WHAT_IT_IS_OR_DOES = re.compile(r"^\W*what\s+(?:(?:does|do)\b.*\b(?:do|mean|stand\s+for)(?:\s+(?:in|for|with)\s+[\w.+-]+)?"
                                      r"|(?:is|are)(?:\s+[\w.-]+){1,4})\W*$", re.I)


# What makes one word code: a TeX command's backslash, brackets, an assignment.
_CODE_MARKS = re.compile(r"[\\{}()\[\]=]")
# A statement of code of a few words ("SAVEPOINT my_savepoint;", "ROLLBACK TO my_savepoint;"): no stop word in it.
_STATEMENT_WORDS = 4


# A line of code that calls something, alone or to assign what it returns: 'docutils = pytest.importorskip("docutils")';
# one that imports, at Python's prompt or not (">>> from lampctl import dim"): it prints nothing and says nothing.
_CALL_LINE = re.compile(r"\s*(?:[\w.\[\]]+\s*=\s*)?[\w.]+\(.*\)\s*;?\s*|\s*(?:>>>\s+)?(?:from\s+[\w.]+\s+)?import\s+[\w., ]+")


def _typed_only(sentence: str) -> bool:
    """Whether ``sentence`` is nothing but commands typed at a shell's prompt ("$ git stash pop"), one word of code
    ("\\usepackage{natbib}", "lamp.dim(level)"), one call ('docutils = pytest.importorskip("docutils")') or import,
    a package manager's command ("pip install lampctl"), a statement of a few words ending in ";", or a block of code
    that opens with a command, a call or an import and has no line of prose ("import httplib2" over "h =
    httplib2.Http(".cache")"); a line typed at Python's prompt is quoted with what it printed, which says what it
    does."""
    lines = [line for line in sentence.splitlines() if line.strip()]
    if len(lines) == 1 and (len(lines[0].split()) == 1 and _CODE_MARKS.search(lines[0]) or _CALL_LINE.fullmatch(lines[0])
                            or COMMAND.match(lines[0])):
        return True
    if (len(lines) == 1 and lines[0].rstrip().endswith(";") and len(lines[0].split()) <= _STATEMENT_WORDS
            and CODE.search(lines[0]) and not set(words(lines[0])) & STOP_WORDS):
        return True
    if all(PROMPT.match(line) and not line.lstrip().startswith(">>>") for line in lines):
        return bool(lines)
    return len(lines) > 1 and _opens_code(lines[0]) and all(_code_line(line) for line in lines)


# A line of a program: a statement by its keyword, an assignment, a call, or closing brackets alone; or of the
# traceback it printed ('File "lampd/base.py", line 64, in parse', "ValueError: ...").
_STATEMENT = re.compile(r"\s*(?:Traceback\s+\(most\s+recent\s+call\s+last\):|File\s+\"[^\"]*\",\s+line\s+\d+|[A-Z]\w*(?:Error|Exception):|(?:return|print|if|elif|else|for|while|try|except|finally|with|def|class|import|from|raise|yield|"
                        r"assert|pass|await|async)\b|[\w.\[\], ]+\s*[-+*/]?=(?!=)|[\w.]+\(.*\)\s*;?\s*$|[)\]}]+[,;]?\s*$)")
# What a question that code may answer says: how to do something, the code or command for it, or what a call
# returns, prints or does ("What does lamp.dim() return?", "How do I light it?").
_WANTS_CODE = re.compile(r"^\W*how\b(?!\s+(?:many|much|long|old|big|large|often|fast|far)\b)|\b(?:commands?|code|examples?|syntax|"
                         r"snippets?|usage|install\w*|invoke\w*|import\w*|call\w*|run\w*|return\w*|print\w*|output\w*|"
                         r"yield\w*|evaluat\w*)\b|\bdo\W*$|\bwhat\s+(?:does|do|did|is|are|was|were)\s+`?\w*[._(]", re.I)


def is_code(sentence: str) -> bool:
    """Whether ``sentence`` is code and nothing else: a line typed at Python's prompt with what it printed, or lines
    that are each a statement of a program, without a sentence's full stop.

    Example:
        >>> is_code(">>> lampd.Version('0.1.1') < lampd.Version('0.1.2')\\nTrue")
        True
        >>> is_code("lamp = lampd.find()\\nexcept lampd.LampDetectionFailure:\\n    lamp = default_lamp()")
        True
        >>> is_code('File "lampd/base.py", line 64, in __init__\\n    major, minor = self.parse(version)')
        True
        >>> is_code("Lampd lights the lamp (and dims it) when asked."), is_code("pip install lampd")
        (False, False)
    """
    lines = [line for line in sentence.splitlines() if line.strip()]
    if not lines:
        return False
    if lines[0].lstrip().startswith(">>>"):
        return True
    # (the cheap tests first: it is asked of every candidate of most questions)
    return (not sentence.rstrip().endswith((".", "!", "?")) and all(_STATEMENT.match(line) for line in lines)
            and bool(CODE.search(sentence)))


def wants_code(question: str) -> bool:
    """Whether code may answer ``question``: it asks how to do something, for a command, an example or code, or what a
    call returns, prints or does ("What does lamp.dim() return?", "What does lamp.state give?"); not "Which version of
    the spec does lampd follow?"."""
    return bool(_WANTS_CODE.search(question))


# A line that opens a call its arguments go on from, alone or to assign what it returns: '(resp, content) =
# h.request("http://example.org/", "GET",'.
_OPENS_CALL = re.compile(r"\s*(?:[\w.\[\](), ]+?\s*=\s*)?[A-Za-z_][\w.]*\(")


def _opens_code(line: str) -> bool:
    """Whether ``line`` opens a block of code: a command, or a call or import, not at Python's prompt (which is quoted
    with what it printed)."""
    return not line.lstrip().startswith(">>>") and bool(is_command(line) or _CALL_LINE.fullmatch(line) or _OPENS_CALL.match(line))


def _code_line(line: str) -> bool:
    """Whether ``line`` of a block of code is code too: a block's opening line again, marked as code
    (:data:`qa.words.CODE`), one word ("wq"), or no words ("...", a closing bracket); not a line of prose or what
    Python's prompt printed."""
    if line.lstrip().startswith(">>>"):
        return False
    return _opens_code(line) or bool(CODE.search(line)) or len(line.split()) == 1 or not re.search(r"[^\W\d_]{2}", line)



def quotable(chunk: Chunk, start: int, end: int, question: str = "", document: str | None = None) -> bool:
    """Whether a sentence can be quoted as an answer: not a question, a heading or the title line.

    A short line with no closing punctuation (a heading, a table cell, a byline or a dateline) is quotable
    when it is code or a command (:data:`qa.words.CODE`), when it holds the date or number ``question`` asks for
    (a dateline answers "when was it published?"; a changelog's heading, the date of its release), when it says where
    something is kept or gives a version of what the question names, or when the question is about the document itself
    (:data:`qa.words.ABOUT_THE_DOCUMENT`: "who wrote it?") and the line is in its front matter, where the
    title, byline and dateline are; when the question names the ``document`` (:func:`named_document`), only in
    that one's. Elsewhere a heading or a table fragment answers nothing, and a web address alone, or a sentence
    that only sends the reader elsewhere ("See also git-pull(1)."), only where something is. A line or command of
    nothing but the question's own words ("$ git pull" for "What does git pull do?") answers nothing."""
    sentence = chunk.text[start:end].strip()
    if question and dates_release(question, sentence, heading_of(chunk)):
        # A changelog's heading, all numbers, gives the date of the release it numbers ("1.2.3 - 2026-08-16").
        return True
    if question and asks_release_of_change(question) and heads(chunk, sentence) and names_release_heading(sentence):
        # A changelog's heading names the release whose entries are under it ("1.5.0" over "Drop python 3.8 support").
        return True
    if sentence.endswith("?") or not re.search(r"[^\W\d_]", sentence):
        return False
    front_matter = (bool(question) and chunk.paragraph <= FRONT_MATTER and about_the_document(question)
                    and document in (None, chunk.source))
    if chunk.title and " ".join(words(sentence)) == " ".join(words(chunk.title)):
        # The title names the document: it answers what the document is called, not who wrote it; and which version
        # of its thing it is, or what that thing is, when it says ("README for libpng version 1.6.39", "yq:
        # Command-line YAML/XML/TOML processor - ...").
        return (front_matter and bool(_ASKS_TITLE.search(question))
                or bool(question) and (gives_own_version(question, sentence) or tagline_answers(question, chunk.title)))
    if _BARE_ADDRESS.fullmatch(sentence):
        # A link alone ("https://nodejs.org/download/nightly/") says where, and nothing of what is there.
        return bool(question) and bool(_ASKS_WHERE.search(question))
    said = content_words(sentence)
    if (question and said and said <= content_words(question) and (is_line(sentence) or CODE.match(sentence))
            and not sentence.lstrip().startswith(">>>") and not front_matter
            and not ((ASKS_YES_NO.match(question) or asks_version(question)) and _list_item(chunk, start, end))):
        # A line that says only what the question does ("$ git pull" for "What does git pull do?") answers nothing; a
        # sentence may ("Mercury is the working fluid in the mercury vapor turbine."), and a line typed at an
        # interactive prompt is quoted with what it printed. A list's item answers a question whether it is there:
        # "Streaming Downloads" among a README's features, for "Does HTTPX support streaming downloads?", and in which
        # release, under its heading: "add mergeParams option to Router" in a changelog's "4.5.0 / 2014-07-04".
        return False
    if question and _ASKS_WHAT_IT_IS_OR_DOES.match(question) and _typed_only(sentence):
        # "$ git stash pop" shows what to type, and says nothing of what "git stash" does.
        return False
    if (_POINTS_ELSEWHERE.match(sentence) and not _SAYS_WHAT_IT_IS.search(sentence)) or _MANUAL_PAGES.fullmatch(sentence):
        # "See git-pull(1) for more information." names where the answer is, and says none of it; so does a manual
        # page's list of others to see ("hostname(1), resolver(3), host.conf(5)").
        return bool(question) and bool(_ASKS_WHERE.search(question))
    heading = heading_of(chunk)
    if heading and heading in (" ".join(sentence.split()), " ".join(chunk.text.split())):
        # A heading the reader found names what follows and says nothing of it, code or not ("CPACK_DEB_COMPONENT_INSTALL"),
        # and no sentence of it does either ("Q: My tar fails on .tar.xz files. How can I extract them?"); but an
        # option's entry may give its default in its heading ("--num-callers=<number> [default: 12]").
        # A heading that says where something is ("API Reference and User Guide available on Read the Docs") answers
        # where it is, as a README heads the link to its documentation.
        return front_matter or bool(question) and bool(ASKS_DEFAULT.search(question) and gives_default(sentence, question)
                                                       or _ASKS_WHERE.search(question) and SAYS_WHERE.search(sentence))
    if _RUN_IN_HEADING.fullmatch(sentence) and _run_in(chunk.text, start, end):
        # A numbered section's heading run into its text ("3. Grant of Patent License. Subject to the terms ..."), as
        # licences and contracts write them: it names the section, and says nothing of it.
        return False
    if not is_line(sentence) or CODE.search(sentence) or FIELD.match(sentence):
        return True
    # Not names: a heading's capitals read as one ("Installing Beacons").
    return (front_matter or (bool(question) and kind_of(question) in ("date", "number") and holds(question, sentence))
            # a line that says where something is, its closing stop lost to a link's markup ("The project is hosted on
            # GitHub_" in reStructuredText), or a version of what the question names ("Python 3.8+" under "Requirements"),
            # or the licence asked for ("MIT" under "License?"), or the field asked for ("Status: recommendation, stable"),
            # or who wrote the program ("Author: Philip A. Nelson")
            or bool(question) and bool(_ASKS_WHERE.search(question) and SAYS_WHERE.search(sentence))
            or bool(question) and (gives_product_version(question, sentence) or gives_licence(question, sentence)
                                   or gives_field(question, sentence) or ASKS_AUTHOR.search(question) and names_its_author(sentence))
            or _list_item(chunk, start, end) or row_asked(question, chunk, start, end))


# What sets a table's cells apart in a passage's text (qa.read writes each row as one line).
CELLS = " | "


def row_asked(question: str, chunk: Chunk, start: int, end: int) -> bool:
    r"""Whether the sentence at ``start``..``end`` of ``chunk`` is a table's row whose first cell ``question`` names, in
    a table whose header names a column the question asks for: "integer | 4 bytes | ... | -2147483648 to +2147483647"
    under "Name | Storage Size | Description | Range" for "What is the range of the integer type?". The header is the
    first line of the rows the row stands among.

    Example:
        >>> text = "Name | Size | Range\nwick | 2 bytes | 1 to 9\nlamp | 4 bytes | 1 to 99"
        >>> chunk = Chunk("c", "types.md", "Types", 1, 0, 0, len(text), text)
        >>> asked = ("What is the size of a lamp?", "What is a lamp?", "What is the size of a wick?")
        >>> [row_asked(q, chunk, text.index("lamp"), len(text)) for q in asked]
        [True, False, False]
    """
    row = chunk.text[start:end]
    if CELLS not in row:
        return False
    asked, cells = content_words(question), row.split(CELLS)
    if not content_words(cells[0]) or not content_words(cells[0]) <= asked:
        return False
    lines = chunk.text[:start].split("\n")[:-1]
    header = row
    while lines and CELLS in lines[-1]:
        header = lines.pop()
    columns = header.split(CELLS)
    return (header != row and len(cells) == len(columns)
            and any(content_words(column) <= asked for column in columns[1:] if content_words(column)))


# A heading run into its section's first paragraph: its number, then a few words in title case and a full stop.
_RUN_IN_NUMBER = re.compile(r"\s*(?:\d{1,2}(?:\.\d{1,2})*\.?|\(?[a-z0-9]\)|[a-z]\.)\s+")
_MORE = re.compile(r"\s*\S")  # more text after a position
_RUN_IN_HEADING = re.compile(r"(?:[A-Z][\w'’-]*|of|and|or|the|to|for|in|on|a|an)(?:\s+(?:[A-Z][\w'’-]*|of|and|or|the|to|for|in|on|a|an)){0,5}\.")


def _run_in(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` opens a numbered paragraph, right after its number, and more of it follows.

    Example:
        >>> text = "2. Lamps. Keepers light them.\\n\\n3. Grant of Oil. Each keeper gets oil."
        >>> _run_in(text, 3, 9), _run_in(text, 34, 47), _run_in(text, 10, 29)
        (True, True, False)
    """
    line = text.rfind("\n", 0, start) + 1
    above = text.rfind("\n", 0, max(line - 1, 0)) + 1
    # The paragraph's first line: the passage's, or one under a blank line (looked at without copying the text).
    first = line == 0 or not text[above: line - 1].strip(" \t")
    return first and bool(_RUN_IN_NUMBER.fullmatch(text, line, start)) and bool(_MORE.match(text, end))


# A question answered yes or no: it opens with its verb.
ASKS_YES_NO = re.compile(r"\W*(?:does|do|did|is|are|was|were|can|could|will|would|should|has|have|may)\b", re.I)


# A list item's bullet, as the readers write it before the item (qa.chunk.BULLET).
_BULLET = re.compile(rf"[ \t]*{re.escape(BULLET.strip())}[ \t]+")


def _list_item(chunk: Chunk, start: int, end: int) -> bool:
    """Whether ``chunk.text[start:end]`` is one of a list's short items ("Streaming Downloads" in a README's list of
    features): a line of a block of lines, no table's row, in a document whose reader knows its paragraphs
    (:data:`qa.read.STRUCTURED_SUFFIXES`); a PDF's or plain text's short lines may be headings, an address, a table."""
    if Path(chunk.source).suffix.lower() not in STRUCTURED_SUFFIXES:
        return False
    text = chunk.text
    # An item its reader kept alone, after its bullet ("• Support for Python 3.8+").
    if _BULLET.fullmatch(text, text.rfind("\n", 0, start) + 1, start):
        return True
    opened, closed = text.rfind("\n\n", 0, start), text.find("\n\n", end)
    block = text[opened + 2 if opened >= 0 else 0: closed if closed >= 0 else len(text)]
    lines = [line for line in block.splitlines() if line.strip()]
    return len(lines) >= 2 and not any(" | " in line for line in lines)


def same_words(text: str) -> str:
    """What makes two sentences the same quote: their words, whatever the spacing and punctuation."""
    return " ".join(words(text))


def _pairs(text: str) -> set[tuple[str, str]]:
    """Adjacent word pairs (stemmed) with at least one content word."""
    ws = words(text)
    return {(stem(a), stem(b)) for a, b in zip(ws, ws[1:]) if a not in STOP_WORDS or b not in STOP_WORDS}


def candidates(question: str, qvec: np.ndarray, hits: list[Hit], vectors: dict[str, np.ndarray], context: str = "") -> list[Candidate]:
    """Every quotable sentence of the passages, once (the same words in two passages count once),
    with its :data:`FEATURES`, in passage order. ``context`` is what a conversation adds to a
    follow-up: its words count as the question's."""
    seen: set[str] = set()
    rows = []  # (hit rank, hit, sentence index, start, end, cosine, neighbour cosine)
    document = named_document(question, hits) if about_the_document(question) else None
    for rank, hit in enumerate(hits):
        matrix = vectors.get(hit.chunk.id)
        spans = hit.chunk.sentences
        cos = [float(matrix[i] @ qvec) if matrix is not None and i < len(matrix) else 0.0 for i in range(len(spans))]
        for i, (a, b) in enumerate(spans):
            key = same_words(hit.chunk.text[a:b])
            if key in seen or not quotable(hit.chunk, a, b, question, document):
                continue
            seen.add(key)
            near = [cos[j] for j in (i - 1, i + 1) if 0 <= j < len(spans)]
            rows.append((rank, hit, i, a, b, cos[i], max(near, default=0.0)))
    if not rows:
        return []
    asked = content_words(f"{context} {question}")
    pairs = _pairs(question)
    kind = asks(question)
    texts = [hit.chunk.text[a:b] for _, hit, _, a, b, _, _ in rows]
    own = [content_words(t) for t in texts]
    # A word's weight: how rare it is among the candidates (a word every sentence has tells none apart).
    df = Counter(w for ws in own for w in ws & asked)
    weight = {w: math.log((len(rows) + 1) / (df[w] + 0.5)) for w in asked}
    total = sum(weight.values()) or 1.0
    top_score = hits[0].score
    out = []
    for (rank, hit, i, a, b, cosine, near_cos), text, ws in zip(rows, texts, own):
        spans = hit.chunk.sentences
        around = ws | content_words(hit.chunk.text[spans[max(0, i - 1)][0]: spans[min(len(spans) - 1, i + 1)][1]])
        has = cues(text, question)
        n_words = len(words(text))
        f = [
            cosine, 0.0, near_cos,
            len(asked & ws) / len(asked) if asked else 0.0,
            sum(weight[w] for w in asked & ws) / total, 0.0,
            len(asked & around) / len(asked) if asked else 0.0,
            sum(weight[w] for w in asked & around) / total,
            len(pairs & _pairs(text)) / len(pairs) if pairs else 0.0,
            math.log1p(len(ws - asked)),
            len(ws & asked) / len(ws) if ws else 0.0,
            math.log1p(n_words),
            float(i == 0),
            i / (len(spans) - 1) if len(spans) > 1 else 0.0,
            1.0 / (1 + rank),
            hit.score - top_score,
            float(hit.signals.get("dense", 0.0)),
            *(float(kind == k) for k in ASKED),
            float(kind is not None and kind in has),
            *(float(k in has) for k in ASKED),
        ]
        out.append(Candidate(hit, i, a, b, cosine, np.asarray(f, dtype=np.float32)))
    # The gaps compare each candidate with the best of this question's: filled in once all are known.
    matrix = np.stack([c.features for c in out])
    for column, gap in (("cosine", "cosine_gap"), ("overlap_rare", "overlap_rare_gap")):
        values = matrix[:, FEATURES.index(column)]
        matrix[:, FEATURES.index(gap)] = values - values.max()
    return [Candidate(c.hit, c.index, c.start, c.end, c.cosine, row) for c, row in zip(out, matrix)]


def ranked(found: list[Candidate], scores: np.ndarray) -> list[Candidate]:
    """The candidates with their scores, best first (ties keep passage order)."""
    order = np.argsort(-np.asarray(scores), kind="stable")
    return [replace(found[i], score=float(scores[i])) for i in order]


def shares(best_first: list[Candidate]) -> np.ndarray:
    """Each ranked candidate's softmax share of the selector's scores: how sure it is of each, all summing to 1."""
    s = np.array([c.score for c in best_first], dtype=np.float64)
    e = np.exp(s - s.max())
    return e / e.sum()


@dataclass(frozen=True)
class Selector:
    """The trained network: standardised features, one hidden layer (tanh), one score per candidate.

    Saved as ``selector.json`` (:meth:`save`, :meth:`load`) with the feature names it was trained on.
    """

    mean: np.ndarray
    scale: np.ndarray
    w1: np.ndarray  # (features, hidden)
    b1: np.ndarray
    w2: np.ndarray  # (hidden,)
    b2: float

    def scores(self, features: np.ndarray) -> np.ndarray:
        """One score per row of ``features`` (candidates by :data:`FEATURES`); higher is a better answer."""
        if not len(features):
            return np.zeros(0, dtype=np.float32)
        hidden = np.tanh(((features - self.mean) / self.scale) @ self.w1 + self.b1)
        return (hidden @ self.w2 + self.b2).astype(np.float32)

    def to_dict(self) -> dict:
        return {"features": list(FEATURES), "mean": self.mean.tolist(), "scale": self.scale.tolist(),
                "w1": self.w1.tolist(), "b1": self.b1.tolist(), "w2": self.w2.tolist(), "b2": float(self.b2)}

    @classmethod
    def from_dict(cls, data: dict) -> "Selector":
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"the selector was trained on features {data['features']}, this version computes {list(FEATURES)}")
        arr = functools.partial(np.asarray, dtype=np.float32)
        return cls(arr(data["mean"]), arr(data["scale"]), arr(data["w1"]), arr(data["b1"]), arr(data["w2"]), float(data["b2"]))

    @classmethod
    def load(cls, path: Path) -> "Selector":
        try:
            return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise SettingsError(f"answer selector {path} cannot be read: {exc}") from exc
