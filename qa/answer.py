"""Answers: the :class:`Answer` type and the extractive answerer, which needs no LLM."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from .cite import Citation, Passage, compose
from .retrieve import Hit

ABSTAIN_TEXT = "The documents don't answer this question."

_STOP = frozenset(
    """a an the of to in on at for by with from and or but is are was were be been being do does did
    what which who whom whose when where why how that this these those it its he she they them his her
    their there as into about than then so not no can could would should will shall may might must
    has have had i you we our your me my us any some all""".split()
)
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class AnswerSentence:
    """One sentence of an answer as it was checked against the passages.

    ``markers`` are the ``[n]`` numbers of ``Answer.citations`` it cites;
    ``supported`` is false for a generated sentence the passages do not back,
    which is left out of ``Answer.text``; ``support`` is its score (see :mod:`qa.verify`).
    """

    text: str
    markers: tuple[int, ...] = ()
    supported: bool = True
    support: float | None = None

    def to_dict(self) -> dict:
        return {"text": self.text, "markers": list(self.markers), "supported": self.supported,
                "support": None if self.support is None else round(self.support, 3)}


@dataclass
class Answer:
    """What :meth:`qa.Assistant.ask` returns.

    ``text`` carries ``[n]`` markers that index into ``citations``; when the
    documents don't support an answer, ``abstained`` is true, ``citations`` is
    empty and ``passages`` still lists what was considered.

    ``generator`` is the configured ``QA_LLM``; ``fallback`` is true when its
    answer had no supported sentence and the extractive answer stood in.
    ``sentences`` lists every sentence written, supported or not, so a front
    end can show what verification removed; a citation with ``supported``
    false belongs to such a sentence only. ``citation_precision`` is the share
    of the generator's citations that verification upheld.

    Example:
        >>> answer = assistant.ask("Who built the lighthouse?")   # doctest: +SKIP
        >>> [(s.text, s.supported) for s in answer.sentences]    # doctest: +SKIP
    """

    question: str
    text: str
    abstained: bool
    citations: list[Citation] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    generator: str = "extractive"
    fallback: bool = False
    sentences: list[AnswerSentence] = field(default_factory=list)
    citation_precision: float | None = None

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "text": self.text,
            "abstained": self.abstained,
            "generator": self.generator,
            "fallback": self.fallback,
            "citation_precision": None if self.citation_precision is None else round(self.citation_precision, 4),
            "citations": [c.to_dict() for c in self.citations],
            "sentences": [s.to_dict() for s in self.sentences],
            "passages": [p.to_dict() for p in self.passages],
            "timings": {k: round(v, 2) for k, v in self.timings.items()},
        }


def content_words(text: str) -> set[str]:
    """Lower-cased words of ``text`` that carry meaning (no stop words), crudely stemmed."""
    return {_stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP}


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


_YEAR_OR_DATE = re.compile(
    r"\b(1[0-9]{3}|20[0-9]{2})\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d|"
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|week|month|year|century|decade)s?\b",
    re.I)
_NUMBER = re.compile(r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
                     r"sixty|seventy|eighty|ninety|hundred|thousand|million|billion|dozen|several|many|few)\b", re.I)
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")


def answer_type_match(question: str, sentence: str) -> float:
    """1.0 when the sentence holds the kind of thing the question asks for
    (a date for "when", a number for "how many", a new name for "who"), else 0."""
    q = question.lower()
    if re.search(r"\b(when|what year|what date|which year|what time)\b", q):
        return 1.0 if _YEAR_OR_DATE.search(sentence) else 0.0
    if re.search(r"\bhow (many|much|long|old|far)\b", q):
        return 1.0 if _NUMBER.search(sentence) else 0.0
    if re.search(r"\b(who|whom|whose)\b", q):
        asked = {w.lower() for w in _WORD.findall(question)}
        names = [m.group() for m in _NAME.finditer(sentence)]
        return 1.0 if any(not ({w.lower() for w in n.split()} & asked) for n in names) else 0.0
    return 0.0


@dataclass(frozen=True)
class ScoredSentence:
    hit: Hit
    index: int
    start: int
    end: int
    similarity: float  # cosine to the question
    score: float  # what the ranking uses


def score_sentences(question: str, qvec: np.ndarray, hits: list[Hit], vectors: dict[str, np.ndarray],
                    overlap_weight: float = 0.4, type_weight: float = 0.1, rank_weight: float = 0.05,
                    kind: str | None = None) -> list[ScoredSentence]:
    """Every sentence of the retrieved passages, best first.

    The score is the sentence's cosine to the question, plus a share for the
    question's content words it contains, plus a bonus when it holds the kind of
    thing asked for (a date, a number, a name), plus a little for its passage's rank.
    Questions in the documents (headings such as "What is at stake?") are skipped.
    ``kind`` is the question whose kind of answer counts, when ``question`` also
    carries the words of earlier turns (whose "who" must not outweigh this turn's "when").
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
            overlap = len(asked & content_words(sentence)) / len(asked) if asked else 0.0
            score = sim + overlap_weight * overlap + type_weight * answer_type_match(kind or question, sentence) + rank_weight * (hit.score - top)
            scored.append(ScoredSentence(hit, i, a, b, sim, score))
    scored.sort(key=lambda s: -s.score)
    return scored


def extractive_answer(question: str, qvec: np.ndarray, hits: list[Hit], vectors: dict[str, np.ndarray],
                      max_sentences: int, abstain_below: float, kind: str | None = None) -> Answer:
    """Quote the sentences that best answer ``question``, each with its citation; or abstain.

    Up to ``max_sentences`` are quoted, each of them at least ``abstain_below``
    similar to the question; when none is, the answer abstains.
    """
    passages = [Passage(h.chunk.source, h.chunk.title, h.chunk.paragraph, h.chunk.text, round(h.score, 4), h.chunk.id) for h in hits]
    ranked = score_sentences(question, qvec, hits, vectors, kind=kind)
    chosen = [s for s in ranked if s.similarity >= abstain_below][:max_sentences]
    if not chosen:
        return Answer(question, ABSTAIN_TEXT, True, [], passages)
    quotes, citations = [], []
    for n, s in enumerate(chosen, start=1):
        c = citation_of(s.hit.chunk, n, s.start, s.end)
        citations.append(c)
        quotes.append((" ".join(c.quote.split()), c))
    sentences = [AnswerSentence(text, (c.n,), True, None) for text, c in quotes]
    return Answer(question, compose(quotes), False, citations, passages, sentences=sentences, citation_precision=1.0)


def citation_of(chunk, n: int, start: int, end: int, supported: bool = True) -> Citation:
    """Citation ``n`` quoting ``chunk.text[start:end]``."""
    return Citation(n=n, source=chunk.source, paragraph=chunk.paragraph, text=chunk.text, quote=chunk.text[start:end],
                    start=start, end=end, title=chunk.title, chunk_id=chunk.id, supported=supported)
