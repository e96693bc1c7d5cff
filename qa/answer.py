"""The extractive answerer: quotes the sentences of the retrieved passages that answer the question; no LLM.

An answerer turns a question and its retrieved passages into an :class:`~qa.Answer`;
:class:`Answerer` is what one must do, and :class:`ExtractiveAnswerer` is the one
shipped, so that a learned answerer can take its place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from .types import Answer, AnswerSentence, Citation, Hit, Passage
from .words import NUMBER, compose, content_words, names, overlap, words

_YEAR_OR_DATE = re.compile(
    r"\b(1[0-9]{3}|20[0-9]{2})\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d|"
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|week|month|year|century|decade)s?\b",
    re.I)


def answer_type_match(question: str, sentence: str) -> float:
    """1.0 when the sentence holds the kind of thing the question asks for
    (a date for "when", a number for "how many", a new name for "who"), else 0."""
    q = question.lower()
    if re.search(r"\b(when|what year|what date|which year|what time)\b", q):
        return 1.0 if _YEAR_OR_DATE.search(sentence) else 0.0
    if re.search(r"\bhow (many|much|long|old|far)\b", q):
        return 1.0 if NUMBER.search(sentence) else 0.0
    if re.search(r"\b(who|whom|whose)\b", q):
        asked = set(words(question))
        # A person or place is written in capitals and lower case; "PWNED" and "U.S." are not who was asked for.
        people = [n for n in names(sentence) if re.search(r"[A-Z][a-z]", n)]
        return 1.0 if any(not (set(words(name)) & asked) for name in people) else 0.0
    return 0.0


@dataclass(frozen=True)
class ScoredSentence:
    hit: Hit
    index: int
    start: int
    end: int
    similarity: float  # cosine to the question
    score: float  # what the ranking uses




class Answerer(Protocol):
    """Turns a question and its retrieved passages into an answer.

    ``vectors`` maps each hit's chunk id to the unit vectors of its sentences;
    ``qvec`` is the question's unit vector. ``kind`` is the question whose kind
    of answer counts, when ``question`` also carries words of earlier turns.
    """

    def answer(self, question: str, qvec: np.ndarray, hits: list[Hit], vectors: dict[str, np.ndarray],
               kind: str | None = None) -> Answer: ...


def score_sentences(question: str, qvec: np.ndarray, hits: list[Hit], vectors: dict[str, np.ndarray],
                    overlap_weight: float = 0.4, type_weight: float = 0.1, rank_weight: float = 0.05,
                    kind: str | None = None) -> list[ScoredSentence]:
    """Every sentence of the retrieved passages, best first.

    The score is the sentence's cosine to the question, plus a share for the
    question's content words it contains, plus a bonus when it holds the kind of
    thing asked for (a date, a number, a name), plus a little for its passage's rank.
    Questions in the documents (headings such as "What is at stake?") are skipped.
    """
    asked = content_words(question)
    top = hits[0].score if hits else 0.0
    scored = []
    for hit in hits:
        matrix = vectors.get(hit.chunk.id)
        for i, (a, b) in enumerate(hit.chunk.sentences):
            sentence = hit.chunk.text[a:b]
            if sentence.rstrip().endswith("?"):
                continue
            sim = float(matrix[i] @ qvec) if matrix is not None and i < len(matrix) else 0.0
            score = (sim + overlap_weight * overlap(asked, sentence) + type_weight * answer_type_match(kind or question, sentence)
                     + rank_weight * (hit.score - top))
            scored.append(ScoredSentence(hit, i, a, b, sim, score))
    scored.sort(key=lambda s: -s.score)
    return scored


@dataclass(frozen=True)
class ExtractiveAnswerer:
    """Quotes up to ``max_sentences`` of the best-scoring sentences, each at least
    ``abstain_below`` similar to the question; abstains when none is.

    Example:
        >>> answerer = ExtractiveAnswerer(max_sentences=2, abstain_below=0.30)
        >>> answerer.answer("Who built it?", np.zeros(3), hits=[], vectors={}).abstained
        True
    """

    max_sentences: int = 2
    abstain_below: float = 0.30

    def answer(self, question: str, qvec: np.ndarray, hits: list[Hit], vectors: dict[str, np.ndarray],
               kind: str | None = None) -> Answer:
        passages = [Passage.of(h) for h in hits]
        ranked = score_sentences(question, qvec, hits, vectors, kind=kind)
        chosen = [s for s in ranked if s.similarity >= self.abstain_below][: self.max_sentences]
        if not chosen:
            return Answer.abstention(question, passages)
        citations = [Citation.of(s.hit.chunk, n, s.start, s.end) for n, s in enumerate(chosen, start=1)]
        sentences = [AnswerSentence(" ".join(c.quote.split()), (c.n,)) for c in citations]
        return Answer(question, compose((s.text, s.markers) for s in sentences), False, citations, passages,
                      sentences=sentences, upheld=1.0)
