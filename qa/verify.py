"""Verification: every generated sentence is checked against the passages it cites.

No judge model is involved. A sentence's support from a passage is the best,
over the passage's sentences, of their cosine similarity (the embedding model)
plus a share for the sentence's content words they contain; numbers and names
the sentence holds but the passage does not count against it, since that is
what a model adds from its own memory. Markers that point at no passage are
dropped; a sentence citing nothing keeps a place only when one passage
supports it strongly, and then gets that passage's marker. What no passage
supports is left out of the answer text and flagged in ``Answer.sentences``;
when nothing supported remains, the extractive answer stands in.

A model asked to name the sentence it answers from before it answers (``Quote: [n]``
then ``Answer: … [n]``, the prompt's sentences numbered) has that sentence as its
quote; a quote it copies out instead is found again in the passages by
:func:`find_quote`, which forgives a dropped clause or a changed word but not an
invented sentence. The quote is what the answer cites, and an answer whose every
word comes from its quote or the question is upheld by it. :class:`Verifier`
checks sentences one at a time, so an answer can be shown sentence by sentence as
each is upheld (:func:`settled`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from typing import Sequence

import numpy as np

from .answer_type import lacks
from .chunk import sentences
from .generate import Shown
from .types import ABSTAIN_TEXT, Answer, AnswerSentence, Chunk, Citation
from .words import (NAME, STOP_WORDS, base_forms, compose, content_words, markers_before_stop, markers_in, numerals, overlap,
                    says_in_a_row, spelled_numbers, strip_markers, words)

# Chosen by measurement: copied and paraphrased sentences score 0.9 to 1.5,
# on-topic inventions 0.4 to 0.8 (see tests/test_verify.py for both kinds).
SUPPORTED = 0.85
# A sentence that cites nothing must clear a higher bar before it is given a marker.
SUPPORTED_UNCITED = 1.05
# A quote is found when this share of its words appear, in order, in one or two adjacent sentences
# of a passage, and it names no number or name they lack. A quote missing its leading clause
# keeps ~1.0 of its words, a lightly reworded one 0.8-0.9, an invented one on the same topic
# under 0.6 (tests/test_verify.py has the three kinds).
QUOTE_FOUND = 0.75
# Quotes shorter than this many words say too little to be found reliably.
QUOTE_MIN_WORDS = 4
LEXICAL_WEIGHT = 0.5
NOVEL_PENALTY = 0.3

_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
# Words that open a sentence in capitals without naming anything.
_OPENERS = frozenset("according also yes sure however based answer passage passages document documents question note".split())


def split_generated(text: str) -> list[tuple[str, tuple[int, ...]]]:
    """The sentences of generated ``text``, each without its markers, with the numbers it cites.

    Example:
        >>> split_generated("It was built in 1871. [2] Hale built it [1, 3].")
        [('It was built in 1871.', (2,)), ('Hale built it.', (1, 3))]
    """
    # A marker after the full stop belongs to the sentence before it.
    text = markers_before_stop(text)
    out: list[tuple[str, tuple[int, ...]]] = []
    for a, b in sentences(text):
        piece = text[a:b]
        cited = tuple(markers_in(piece))
        bare = " ".join(_BULLET.sub("", strip_markers(piece)).split())
        if re.search(r"\w", bare):
            out.append((bare, cited))
    return out


def novel_terms(sentence: str, passage: str) -> list[str]:
    """Numbers and names in ``sentence`` that ``passage`` does not contain.

    Example:
        >>> novel_terms("Paris has been the capital of France since 987.", "France is a country in Europe.")
        ['987', 'Paris']
    """
    numbers = {n.replace(",", "") for n in numerals(passage)} | spelled_numbers(passage)
    known = set(words(passage))
    novel = [n for n in numerals(sentence) if n.replace(",", "").rstrip(".") not in numbers]
    for match in NAME.finditer(sentence):
        name = match.group().lower().strip("'’-")
        parts = words(name)
        if name in STOP_WORDS or name in _OPENERS or not parts or all(p in known for p in parts):
            continue
        novel.append(match.group())
    return novel


@dataclass(frozen=True)
class Support:
    """How well one passage backs one sentence: the score and the passage sentence that backs it best."""

    passage: int  # 0-based index into the passages checked against
    score: float
    start: int
    end: int


@dataclass(frozen=True)
class Check:
    """One generated sentence after checking: what it cited, and which passages back it."""

    text: str
    cited: tuple[int, ...]  # 0-based passages it cited that exist
    supports: tuple[Support, ...]  # one per cited passage, or the best one when it cited none
    supported: bool

    @property
    def score(self) -> float:
        return max((s.score for s in self.supports), default=0.0)


def support(sentence: str, vector: np.ndarray, chunk: Chunk, index: int, sentence_vectors: np.ndarray) -> Support:
    """How well ``chunk`` (passage ``index``) supports ``sentence``; ``vector`` is the sentence's unit vector."""
    asked = content_words(sentence)
    spans = chunk.sentences or [(0, len(chunk.text))]
    best = Support(index, -1.0, *spans[0])
    for (a, b), row in zip(spans, sentence_vectors):
        score = float(row @ vector) + LEXICAL_WEIGHT * overlap(asked, chunk.text[a:b])
        if score > best.score:
            best = Support(index, score, a, b)
    penalty = 0.0
    for term in novel_terms(sentence, f"{chunk.title}\n{chunk.text}"):
        # A capital at the start of a sentence may just be a word, so it counts for half.
        penalty += NOVEL_PENALTY * (0.5 if sentence.startswith(term) and not term[0].isdigit() else 1.0)
    return Support(index, best.score - penalty, best.start, best.end)


_QUOTE_LINE = re.compile(r"^\W*quote\W*?(?:\s*\[[\d,\s]+\])?\s*:", re.I)
_BARE_NUMBER = re.compile(r"^\(?(\d{1,3})\)?\.?$")
_ANSWER_LINE = re.compile(r"^\W*answer\W*?\s*:\s*", re.I)


@dataclass(frozen=True)
class Reply:
    """A model's reply read as quotes and answer: ``quotes`` are ``(text, cited numbers)``, ``answer`` the rest."""

    quotes: tuple[tuple[str, tuple[int, ...]], ...] = ()
    answer: str = ""


def read_reply(text: str) -> Reply:
    r"""The quotes and the answer of ``text``: lines opening with ``Quote:`` and everything else, ``Answer:`` dropped.

    Example:
        >>> read_reply('Quote: "Hale built it in 1871." [2]\nAnswer: Hale built it [2].')
        Reply(quotes=(('Hale built it in 1871.', (2,)),), answer='Hale built it [2].')
    """
    quotes, answer = [], []
    for line in text.splitlines():
        if _QUOTE_LINE.match(line):
            body = strip_markers(_QUOTE_LINE.sub("", line, count=1)).strip().strip("\"'“”‘’ ").strip()
            bare = _BARE_NUMBER.match(body)  # "Quote: 2", the sentence named without its brackets
            quotes.append(("", (int(bare.group(1)),)) if bare else (body, tuple(markers_in(line))))
        elif line.strip():
            answer.append(_ANSWER_LINE.sub("", line, count=1).strip())
    return Reply(tuple(quotes), " ".join(answer).strip())


def settled(text: str, final: bool) -> str:
    r"""The part of streamed ``text`` that no later piece can change: whole lines and finished sentences.

    A line still being written counts only up to its last finished sentence (one that
    another has followed), and not at all while it may be a quote.

    Example:
        >>> settled('Quote: "Hale built it." [1]\nAnswer: Hale built it [1]. It open', final=False)
        'Quote: "Hale built it." [1]\nAnswer: Hale built it [1].'
    """
    if final:
        return text
    head, _, line = text.rpartition("\n")
    head = head + "\n" if head else ""
    if not line.strip() or _QUOTE_LINE.match(line) or "quote:".startswith(line.strip().lower()[:6]):
        return head.rstrip("\n")
    spans = sentences(markers_before_stop(line))
    if len(spans) < 2:
        return head.rstrip("\n")
    body = markers_before_stop(line)
    return head + body[: spans[-2][1]].rstrip()


def find_quote(quote: str, chunks: list[Chunk], prefer: tuple[int, ...] = ()) -> Support | None:
    """Where ``quote`` stands in ``chunks``: the sentence (or two adjacent ones) that holds most of its words, in order.

    ``None`` when fewer than :data:`QUOTE_FOUND` of its words are found in any, or
    when it names a number or name they lack. ``Support.score`` is the share found.
    Passages in ``prefer`` (the ones the quote cited) win ties.

    Example:
        >>> text = "The lighthouse stands on Brannock Point. It was built in 1871 by the engineer Oswin Hale."
        >>> chunk = Chunk("c1", "a.txt", "A", 1, 0, 0, len(text), text, ((0, 40), (41, len(text))))
        >>> found = find_quote("built in 1871 by the engineer Oswin Hale", [chunk])
        >>> text[found.start:found.end]
        'It was built in 1871 by the engineer Oswin Hale.'
        >>> find_quote("It was built in 1903 by the engineer Oswin Hale.", [chunk]) is None
        True
    """
    asked = words(quote)
    if len(asked) < QUOTE_MIN_WORDS:
        return None
    best: Support | None = None
    best_key = (0.0, 0)
    order = [*dict.fromkeys([*(i for i in prefer if 0 <= i < len(chunks)), *range(len(chunks))])]
    for i in order:
        chunk = chunks[i]
        spans = chunk.sentences or [(0, len(chunk.text))]
        for j in range(len(spans)):
            for width in (1, 2):  # a quote may run over a sentence boundary
                if j + width > len(spans):
                    break
                a, b = spans[j][0], spans[j + width - 1][1]
                found = SequenceMatcher(None, asked, words(chunk.text[a:b]), autojunk=False)
                share = sum(block.size for block in found.get_matching_blocks()) / len(asked)
                # The fewest sentences that hold it: a second one only when it adds words of the quote.
                if share < QUOTE_FOUND or (share, -width) <= best_key:
                    continue
                if novel_terms(quote, chunk.text[a:b]):
                    continue
                best, best_key = Support(i, share, a, b), (share, -width)
    return best


# English's fixed phrases that join a sentence together and claim nothing: their nouns ("over the course of eight
# months", "in order to", "for example") need no source.
_FIXED_PHRASES = re.compile(
    r"\b(?:(?:over|during|in) the course of|of course|in order (?:to|for)|in spite of|in addition(?: to)?|in terms of|"
    r"with (?:regard|respect) to|as a result(?: of)?|on behalf of|on account of|by means of|for (?:example|instance)|"
    r"in (?:fact|particular|general|short)|at (?:least|most|first|last)|on the other hand)\b", re.I)


def grounded(sentence: str, quote: str, question: str) -> bool:
    """True when every content word, number and name of ``sentence`` comes from ``quote`` or ``question``,
    and some come from the quote alone: a sentence that only says the question again answers nothing.

    Example:
        >>> grounded("Oswin Hale built it.", "It was built in 1871 by the engineer Oswin Hale.", "Who built the lighthouse?")
        True
        >>> grounded("Queen Victoria built it.", "It was built in 1871 by the engineer Oswin Hale.", "Who built it?")
        False
    """
    source = f"{quote}\n{question}"
    # "It took place" says what "did it take place" asks: verbs are compared in their base forms.
    mentioned = base_forms(content_words(_FIXED_PHRASES.sub(" ", sentence)))
    told = mentioned - base_forms(content_words(question))
    # A number the quote spells out ("Seventy-five") may be written in digits.
    return bool(told) and mentioned <= base_forms(content_words(source)) | spelled_numbers(source) and not novel_terms(sentence, source)


# A reply this short may be a phrase, not a sentence ("The Times", "October 1962"): 96% of the answers of SQuAD's
# partial training set are six words or fewer.
PHRASE_WORDS = 6


def holds_phrase(text: str, phrase: str) -> bool:
    """Whether ``text`` holds ``phrase``'s words in a row (its leading article may be missing), ``phrase`` being
    :data:`PHRASE_WORDS` words or fewer.

    Example:
        >>> text = "Earlier this week, The Times reported that the ferry had stopped."
        >>> holds_phrase(text, "The Times"), holds_phrase(text, "A ferry"), holds_phrase(text, "The Gazette")
        (True, True, False)
    """
    said = words(phrase)
    if said[:1] in (["the"], ["a"], ["an"]) and len(said) > 1:
        said = said[1:]
    return len(said) <= PHRASE_WORDS and says_in_a_row(text, " ".join(said))


def _quote_of(shown: Shown) -> Support:
    """A sentence the prompt showed, as the quote an answer is written from."""
    return Support(shown.passage, 1.0, shown.start, shown.end)


@dataclass
class Verifier:
    """Checks generated sentences against ``chunks`` (the passages numbered from 1 in the prompt), one at a time.

    The passages' sentences are embedded once, when the verifier is made; a
    sentence already checked is not checked again.
    """

    chunks: list[Chunk]
    embedder: object
    question: str = ""
    # The sentences the prompt numbered (:func:`qa.generate.excerpts`): a reply's numbers point at them.
    # Without them, a reply's numbers point at passages.
    shown: Sequence[Shown] = ()
    _rows: list = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        spans = [c.sentences or [(0, len(c.text))] for c in self.chunks]
        texts = [c.text[a:b] for c, sp in zip(self.chunks, spans) for a, b in sp]
        vectors = self.embedder.encode_queries(texts) if texts else np.zeros((0, 1), dtype=np.float32)
        offset = 0
        for sp in spans:
            self._rows.append(vectors[offset: offset + len(sp)])
            offset += len(sp)

    def _grounds(self, sentence: str, quote: Support) -> bool:
        return grounded(sentence, self.chunks[quote.passage].text[quote.start:quote.end], self.question)

    def check(self, sentence: str, cited: tuple[int, ...], quote: Support | None = None) -> Check:
        """How ``sentence`` (citing the 0-based passages ``cited``) stands, given the ``quote`` it was written from."""
        return self.check_all([(sentence, cited, quote)])[0]

    def check_all(self, parts: list[tuple[str, tuple[int, ...], Support | None]]) -> list[Check]:
        if not parts:
            return []
        vectors = self.embedder.encode_queries([s for s, _, _ in parts])
        checks = []
        for (sentence, cited, quote), vector in zip(parts, vectors):
            # A question asserts nothing, however close it is to a passage: small models often echo the one asked.
            # Nor does a sentence made only of the question's words ("sister company of Eon Productions").
            asserts = not sentence.rstrip(" \"'”’)").endswith("?") and not (
                self.question and content_words(sentence) <= content_words(self.question))
            if self.shown and quote is not None and not self._grounds(sentence, quote):
                # A small model often names the wrong sentence: the answer follows the shown one it was written from.
                # (Only a reply that names a quote: a bare word lifted from an excerpt is no answer.)
                other = next((q for q in map(_quote_of, self.shown) if self._grounds(sentence, q)), None)
                if other is not None:
                    quote = other
                    cited = cited if not cited or other.passage in cited else (other.passage,)
            if cited:
                found = [support(sentence, vector, self.chunks[i], i, self._rows[i]) for i in cited]
            else:
                best = max((support(sentence, vector, c, i, self._rows[i]) for i, c in enumerate(self.chunks)),
                           key=lambda s: s.score, default=None)
                found = [best] if best else []
            bar = SUPPORTED if cited else SUPPORTED_UNCITED
            if quote is not None and (not cited or quote.passage in cited):
                chunk = self.chunks[quote.passage]
                if grounded(sentence, chunk.text[quote.start:quote.end], self.question):
                    # Upheld by the quote it was written from, which is what it cites.
                    upheld = Support(quote.passage, bar, quote.start, quote.end)
                    found = [upheld if s.passage == quote.passage else s for s in found] or [upheld]
                    if quote.passage not in {s.passage for s in found}:
                        found.append(upheld)
                elif any(s.passage == quote.passage and s.score >= bar for s in found):
                    # Upheld by the passage: cite the sentence the model quoted, not another close one.
                    found = [replace(s, start=quote.start, end=quote.end) if s.passage == quote.passage else s for s in found]
            supported = asserts and any(s.score >= bar for s in found)
            checks.append(Check(sentence, cited, tuple(found), supported))
        return checks


def _parts(reply: Reply, chunks: list[Chunk], shown: Sequence[Shown] = (), question: str = "") -> list[tuple[str, tuple[int, ...], Support | None]]:
    """The answer's sentences, each with the 0-based passages it cites and the quote it was written from.

    With ``shown`` (the numbered sentences of the prompt), a number is a sentence, and the
    sentence a number names is a quote; a quote copied out instead is found in the passages.
    Without, a number is a passage, and quotes are found. A small model often numbers its
    quote wrongly; a sentence that cites what its quote cited is taken to cite where the quote was found.
    A reply that is one bare phrase and names no quote has for its quote the shown sentence about ``question`` that
    holds the phrase (:func:`holds_phrase`).
    """
    def named(n: int) -> Support | None:
        return _quote_of(shown[n - 1]) if 1 <= n <= len(shown) else None

    def passages(cited: tuple[int, ...]) -> tuple[int, ...]:
        if shown:
            return tuple(dict.fromkeys(s.passage for s in map(named, cited) if s is not None))
        return tuple(n - 1 for n in cited if 1 <= n <= len(chunks))

    quotes = []
    for text, cited in reply.quotes:
        prefer = passages(cited)
        by_number = next((s for s in map(named, cited) if s is not None), None) if shown else None
        if by_number is not None and len(words(text)) < QUOTE_MIN_WORDS:
            quotes.append((by_number, prefer))
        else:
            quotes.append((find_quote(text, chunks, prefer), prefer))
    found = [(q, prefer) for q, prefer in quotes if q is not None]
    said = split_generated(reply.answer)
    if shown and not reply.quotes and len(said) == 1:
        # A reply that is a bare phrase ("The Times") was lifted from the shown sentence that holds it: its quote, when
        # the sentence is about what was asked. (A word lifted from any other, as from a planted "reply PWNED", is no answer.)
        asked = content_words(question) - content_words(said[0][0])
        holder = next((q for q in map(_quote_of, shown) if holds_phrase(held := chunks[q.passage].text[q.start:q.end], said[0][0])
                       and asked & content_words(held)), None)
        if holder is not None:
            found.append((holder, (holder.passage,)))
    parts, seen = [], set()
    for sentence, numbers in said:
        key = " ".join(sentence.lower().split())
        if key in seen:  # a model that repeats itself says nothing new the second time
            continue
        seen.add(key)
        cited = passages(numbers)
        # The quote it was written from: the sentence it names, else the one found where it points,
        # else the one that cited the same, else the last.
        quote = next((s for s in map(named, numbers) if s is not None), None) if shown else None
        if quote is None:
            quote = next((q for q, _ in found if q.passage in cited), None)
        if quote is None:
            quote = next((q for q, prefer in found if prefer and set(prefer) == set(cited)), None)
            if quote is not None:
                cited = (quote.passage,)
        if quote is None and found:
            quote = found[-1][0]
        parts.append((sentence, cited, quote))
    return parts


def check(text: str, chunks: list[Chunk], embedder, question: str = "") -> list[Check]:
    """Check every sentence of generated ``text`` against ``chunks``, the passages numbered from 1 in the prompt."""
    return Verifier(chunks, embedder, question).check_all(_parts(read_reply(text), chunks))


def declines(text: str) -> bool:
    """True when generated ``text`` is the reply the prompt asks for when the passages don't answer.

    Example:
        >>> declines("The documents don't answer this question."), declines("Answer: The documents do not answer this question [1].")
        (True, True)
    """
    said = " ".join(words(strip_markers(read_reply(text).answer).replace("n't", " not")))
    return said == " ".join(words(ABSTAIN_TEXT.replace("n't", " not")))


def verified_answer(question: str, text: str, chunks: list[Chunk], embedder, extractive: Answer, generator: str,
                    verifier: Verifier | None = None) -> Answer:
    """The answer to show for generated ``text``: its supported sentences with fresh citations, or a fallback.

    Citations quote the passage sentence that best supports each sentence (the
    model's own quote when it was found), so ``citation.text[start:end] == citation.quote``
    holds as for extractive answers. Citations that verification did not uphold
    come after the others, with ``supported`` false and no marker in the text. A
    reply that declines is an abstention. When no sentence is supported, or those that are lack the date or
    count the question demands, a copy of ``extractive`` is returned with ``fallback`` set (it abstains when it
    found nothing either). ``verifier`` (over the same chunks) saves embedding them again.
    """
    if declines(text):
        return Answer.abstention(question, extractive.passages, generator=generator)
    verifier = verifier or Verifier(chunks, embedder, question)
    checks = verifier.check_all(_parts(read_reply(text), chunks, verifier.shown, question))
    numbers: dict[tuple[str, int, int, bool], int] = {}
    citations: list[Citation] = []

    def cite(s: Support, supported: bool) -> int:
        chunk = chunks[s.passage]
        key = (chunk.id, s.start, s.end, supported)
        if key not in numbers:
            numbers[key] = len(citations) + 1
            citations.append(Citation.of(chunk, numbers[key], s.start, s.end, supported))
        return numbers[key]

    markers: dict[int, tuple[int, ...]] = {}
    for i, c in enumerate(checks):
        if c.supported:
            bar = SUPPORTED if c.cited else SUPPORTED_UNCITED
            markers[i] = tuple(dict.fromkeys(cite(s, True) for s in c.supports if s.score >= bar))
    for i, c in enumerate(checks):
        # What a sentence cited and no passage upheld: kept, flagged, to show and to count.
        failed = [cite(s, False) for s in c.supports if c.cited and s.score < SUPPORTED]
        if not c.supported:
            markers[i] = tuple(dict.fromkeys(failed))
    upheld = sum(c.supported for c in citations) / len(citations) if citations else None
    flagged = [AnswerSentence(c.text, markers[i], c.supported, round(c.score, 4)) for i, c in enumerate(checks)]
    kept = [(c.text, markers[i]) for i, c in enumerate(checks) if c.supported]
    # A reply without the date or count its question demands ("When did he order it?" answered "Petro ordered the
    # halt.") answers nothing, however well its sentences are upheld: the extractive answer, held to the same rule
    # (qa.answer_type.lacks), stands in.
    if kept and lacks(question, [text for text, _ in kept]):
        kept = []
    if not kept:
        fallback = replace(extractive, generator=generator, fallback=True, upheld=upheld)
        if extractive.abstained:  # an abstention cites nothing, not even what was rejected
            return replace(fallback, sentences=[replace(s, markers=()) for s in flagged])
        # The rejected sentences keep pointing where they pointed: their citations follow the extractive answer's own.
        offset = len(extractive.citations)
        return replace(fallback, citations=[*extractive.citations, *(replace(c, n=c.n + offset) for c in citations)],
                       sentences=[replace(s, markers=tuple(n + offset for n in s.markers)) for s in flagged])
    return Answer(question, compose(kept), False, citations, extractive.passages, generator=generator,
                  sentences=flagged, upheld=upheld, context=extractive.context)
