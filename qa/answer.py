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


@dataclass
class Answer:
    """What :meth:`qa.Assistant.ask` returns.

    ``text`` carries ``[n]`` markers that index into ``citations``; when the
    documents don't support an answer, ``abstained`` is true, ``citations`` is
    empty and ``passages`` still lists what was considered.
    """

    question: str
    text: str
    abstained: bool
    citations: list[Citation] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    generator: str = "extractive"
    fallback: bool = False

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "text": self.text,
            "abstained": self.abstained,
            "generator": self.generator,
            "fallback": self.fallback,
            "citations": [c.to_dict() for c in self.citations],
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
                    overlap_weight: float = 0.4, type_weight: float = 0.1, rank_weight: float = 0.05) -> list[ScoredSentence]:
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
            overlap = len(asked & content_words(sentence)) / len(asked) if asked else 0.0
            score = sim + overlap_weight * overlap + type_weight * answer_type_match(question, sentence) + rank_weight * (hit.score - top)
            scored.append(ScoredSentence(hit, i, a, b, sim, score))
    scored.sort(key=lambda s: -s.score)
    return scored


def extractive_answer(question: str, qvec: np.ndarray, hits: list[Hit], vectors: dict[str, np.ndarray],
                      max_sentences: int, abstain_below: float) -> Answer:
    """Quote the sentences that best answer ``question``, each with its citation; or abstain.

    Up to ``max_sentences`` are quoted, each of them at least ``abstain_below``
    similar to the question; when none is, the answer abstains.
    """
    passages = [Passage(h.chunk.source, h.chunk.title, h.chunk.paragraph, h.chunk.text, round(h.score, 4), h.chunk.id) for h in hits]
    ranked = score_sentences(question, qvec, hits, vectors)
    chosen = [s for s in ranked if s.similarity >= abstain_below][:max_sentences]
    if not chosen:
        return Answer(question, ABSTAIN_TEXT, True, [], passages)
    quotes, citations = [], []
    for n, s in enumerate(chosen, start=1):
        chunk = s.hit.chunk
        quote = chunk.text[s.start: s.end]
        c = Citation(n=n, source=chunk.source, paragraph=chunk.paragraph, text=chunk.text, quote=quote,
                     start=s.start, end=s.end, title=chunk.title, chunk_id=chunk.id)
        citations.append(c)
        quotes.append((" ".join(quote.split()), c))
    return Answer(question, compose(quotes), False, citations, passages)
