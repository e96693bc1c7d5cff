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
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np

from .chunk import sentences
from .types import ABSTAIN_TEXT, Answer, AnswerSentence, Chunk, Citation
from .words import NAME, STOP_WORDS, compose, content_words, markers_before_stop, markers_in, numerals, overlap, strip_markers, words

# Chosen by measurement: copied and paraphrased sentences score 0.9 to 1.5,
# on-topic inventions 0.4 to 0.8 (see tests/test_verify.py for both kinds).
SUPPORTED = 0.85
# A sentence that cites nothing must clear a higher bar before it is given a marker.
SUPPORTED_UNCITED = 1.05
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
    numbers = {n.replace(",", "") for n in numerals(passage)}
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


def check(text: str, chunks: list[Chunk], embedder) -> list[Check]:
    """Check every sentence of generated ``text`` against ``chunks``, the passages numbered from 1 in the prompt."""
    parts, seen = [], set()
    for sentence, cited in split_generated(text):
        key = " ".join(sentence.lower().split())
        if key not in seen:  # a model that repeats itself says nothing new the second time
            seen.add(key)
            parts.append((sentence, tuple(n - 1 for n in cited if 1 <= n <= len(chunks))))
    if not parts:
        return []
    spans = [c.sentences or [(0, len(c.text))] for c in chunks]
    texts = [s for s, _ in parts] + [c.text[a:b] for c, sp in zip(chunks, spans) for a, b in sp]
    vectors = embedder.encode_queries(texts)
    generated, rows, offset = vectors[: len(parts)], [], len(parts)
    for sp in spans:
        rows.append(vectors[offset: offset + len(sp)])
        offset += len(sp)
    checks = []
    for (sentence, cited), vector in zip(parts, generated):
        # A question asserts nothing, however close it is to a passage: small models often echo the one asked.
        asserts = not sentence.rstrip(" \"'”’)").endswith("?")
        if cited:
            found = tuple(support(sentence, vector, chunks[i], i, rows[i]) for i in cited)
            checks.append(Check(sentence, cited, found, asserts and any(s.score >= SUPPORTED for s in found)))
        else:
            best = max((support(sentence, vector, c, i, rows[i]) for i, c in enumerate(chunks)), key=lambda s: s.score, default=None)
            found = (best,) if best else ()
            checks.append(Check(sentence, (), found, asserts and bool(best and best.score >= SUPPORTED_UNCITED)))
    return checks


def declines(text: str) -> bool:
    """True when generated ``text`` is the reply the prompt asks for when the passages don't answer.

    Example:
        >>> declines("The documents don't answer this question."), declines("The documents do not answer this question [1].")
        (True, True)
    """
    said = " ".join(words(strip_markers(text).replace("n't", " not")))
    return said == " ".join(words(ABSTAIN_TEXT.replace("n't", " not")))


def verified_answer(question: str, text: str, chunks: list[Chunk], embedder, extractive: Answer, generator: str) -> Answer:
    """The answer to show for generated ``text``: its supported sentences with fresh citations, or a fallback.

    Citations quote the passage sentence that best supports each sentence, so
    ``citation.text[start:end] == citation.quote`` holds as for extractive answers.
    Citations that verification did not uphold come after the others, with
    ``supported`` false and no marker in the text. A reply that declines is an
    abstention. When no sentence is supported, a copy of ``extractive`` is
    returned with ``fallback`` set (it abstains when it found nothing either).
    """
    if declines(text):
        return Answer.abstention(question, extractive.passages, generator=generator)
    checks = check(text, chunks, embedder)
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
