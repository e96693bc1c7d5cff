"""Extractive answerers: they quote the sentences of the retrieved passages that answer the question; no LLM.

An answerer turns a question and its retrieved passages into an :class:`~qa.Answer`;
:class:`Answerer` is what one must do. Two come with citeqa:

- :class:`HeuristicAnswerer` (the default): cosine, word overlap and answer types.
- :class:`LearnedAnswerer` (``QA_ANSWERING=learned``, with models trained by
  ``python -m qa.train``): a cross-encoder (:mod:`qa.selector`) reads the question with
  each candidate sentence and picks the answer; a calibrated abstention decision
  (:mod:`qa.abstain`) says whether the documents answer at all; the short answer inside
  the quote is marked where that was measured reliable (:mod:`qa.answer_type`). It
  stays opt-in until it measures better than the heuristic (see README, Figures).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol

import numpy as np

from .abstain import Abstention, signals
from .answer_type import best_span, holds, kind_of
from .types import Answer, AnswerSentence, Chunk, Citation, Hit, Passage
from .words import compose, content_words, overlap, words

# Sentences the selector reads per question: the best by the cheap score (cosine plus word overlap).
# How often the answer sentence is among them is measured on the fitting questions
# (``cheap_top16_holds_answer`` in answering.json: 0.991 on the fitting questions); each one read costs
# ~19 ms on 2 cores with the int8 model (measured: 16 pairs in 298 ms).
SELECTOR_READS = 16
# The cheap score's share for the question's content words, as the hand-written scoring has
# always weighed them (its weight among cosine, overlap and answer type; see README, How it works).
OVERLAP_WEIGHT = 0.4
# A sentence of fewer words with no closing punctuation is a heading, a byline or a title line.
_HEADING_WORDS = 8


class Answerer(Protocol):
    """Turns a question and its retrieved passages into an answer.

    ``vectors`` maps each hit's chunk id to the unit vectors of its sentences;
    ``qvec`` is the unit vector of what was retrieved with (``context`` and
    ``question``). ``context`` is what earlier turns of a conversation add to a
    follow-up (empty for a question that stands alone).
    """

    def answer(self, question: str, qvec: np.ndarray, hits: list[Hit], vectors: dict[str, np.ndarray],
               context: str = "") -> Answer: ...


@dataclass(frozen=True)
class Candidate:
    """One sentence of a retrieved passage, as an answer candidate."""

    hit: Hit
    index: int  # the sentence's number in its chunk
    start: int
    end: int
    cosine: float  # embedding similarity to the question
    score: float  # the cheap score (cosine plus word overlap), or the selector's logit once read

    @property
    def text(self) -> str:
        return self.hit.chunk.text[self.start: self.end]


def quotable(chunk: Chunk, start: int, end: int) -> bool:
    """Whether a sentence can be quoted as an answer: not a question, a heading or the title line."""
    sentence = chunk.text[start:end].strip()
    if sentence.endswith("?") or not re.search(r"[^\W\d_]", sentence):
        return False
    if chunk.title and " ".join(words(sentence)) == " ".join(words(chunk.title)):
        return False
    return bool(re.search(r"[.!:;)\"”’']$", sentence)) or len(words(sentence)) >= _HEADING_WORDS


def candidates(question: str, qvec: np.ndarray, hits: list[Hit], vectors: dict[str, np.ndarray],
               keep: Callable[[Chunk, int, int], bool] = quotable, once: bool = True) -> list[Candidate]:
    """Every sentence of the passages that ``keep`` accepts, best first by the cheap score: cosine to
    the question plus a share for its content words. With ``once``, the same words found in two
    passages count once."""
    asked = content_words(question)
    seen: set[str] = set()
    found = []
    for hit in hits:
        matrix = vectors.get(hit.chunk.id)
        for i, (a, b) in enumerate(hit.chunk.sentences):
            key = " ".join(words(hit.chunk.text[a:b]))
            if not keep(hit.chunk, a, b) or (once and key in seen):
                continue
            seen.add(key)
            cosine = float(matrix[i] @ qvec) if matrix is not None and i < len(matrix) else 0.0
            found.append(Candidate(hit, i, a, b, cosine, cosine + OVERLAP_WEIGHT * overlap(asked, hit.chunk.text[a:b])))
    found.sort(key=lambda c: -c.score)
    return found


def not_a_question(chunk: Chunk, start: int, end: int) -> bool:
    """The heuristic's only rule for what may be quoted: not a question (such as a heading "What is at stake?")."""
    return not chunk.text[start:end].rstrip().endswith("?")


def neighbourhood(c: Candidate) -> str:
    """The candidate with the sentences either side of it (who "he" is, what "it" was)."""
    spans_ = c.hit.chunk.sentences
    a = spans_[max(0, c.index - 1)][0]
    b = spans_[min(len(spans_) - 1, c.index + 1)][1]
    return c.hit.chunk.text[a:b]


@dataclass(frozen=True)
class Reading:
    """What the selector made of one question: candidates by logit, best first, and the abstention signals."""

    ranked: tuple[Candidate, ...]
    features: tuple[float, ...] = ()


def _cited(question: str, chosen: list[Candidate], passages: list[Passage], mark: Callable, **fields) -> Answer:
    citations = []
    for n, c in enumerate(chosen, start=1):
        short = mark(c)
        citations.append(Citation.of(c.hit.chunk, n, c.start, c.end, answer_span=short))
    sentences = [AnswerSentence(" ".join(c.quote.split()), (c.n,)) for c in citations]
    return Answer(question, compose((s.text, s.markers) for s in sentences), False, citations, passages,
                  sentences=sentences, upheld=1.0, **fields)


@dataclass(frozen=True)
class LearnedAnswerer:
    """Quotes the sentence the selector rates best, and a second when the selector rates it as an answer too;
    abstains when the calibrated probability that the documents answer is below the threshold fitted with it.

    ``selector`` is a :class:`qa.selector.Selector`; ``decision``, ``second_logit`` and
    ``mark_kinds`` come from the models directory's ``answering.json`` (:meth:`load`),
    fitted on training data by ``python -m qa.train answering``.

    Example:
        >>> answerer = LearnedAnswerer.load(models_dir())                       # doctest: +SKIP
        >>> answerer.answer("Who built it?", qvec, hits, vectors).citations[0].quote  # doctest: +SKIP
    """

    selector: object
    decision: Abstention
    second_logit: float
    mark_kinds: frozenset[str] = frozenset()
    max_sentences: int = 2
    threshold: float | None = None  # overrides the decision's own threshold (QA_ABSTAIN_THRESHOLD)

    @classmethod
    def load(cls, models: Path, max_sentences: int = 2, threshold: float | None = None) -> "LearnedAnswerer":
        """The answerer of the trained models in ``models`` (``selector/`` and ``answering.json``)."""
        from .errors import SettingsError
        from .selector import shared

        path = Path(models) / "answering.json"
        if not path.is_file() or not (Path(models) / "selector" / "model.onnx").is_file():
            raise SettingsError(f"no trained answer models in {models}: train them with `python -m qa.train selector` and "
                                f"`python -m qa.train answering` (see README), or point QA_ANSWER_MODEL at them")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            decision = Abstention.from_dict(data["abstention"])
        except (OSError, ValueError, KeyError) as exc:
            raise SettingsError(f"answering model {path} cannot be read: {exc}") from exc
        return cls(shared(Path(models) / "selector"), decision, float(data["second_logit"]),
                   frozenset(data.get("mark_kinds", ())), max_sentences, threshold)

    def read(self, question: str, qvec: np.ndarray, hits: list[Hit], vectors: dict[str, np.ndarray], context: str = "") -> Reading:
        """The candidates the selector read, best first by its logit, and the abstention signals of the best."""
        # A follow-up ("When did she leave?") is read with what the conversation says it is about.
        asked = f"{context} {question}".strip()
        cheap = candidates(asked, qvec, hits, vectors)[:SELECTOR_READS]
        if not cheap:
            return Reading(())
        logits = self.selector.scores(asked, [c.text for c in cheap])
        ranked = sorted((Candidate(c.hit, c.index, c.start, c.end, c.cosine, float(s)) for c, s in zip(cheap, logits)),
                        key=lambda c: -c.score)
        top = ranked[0]
        features = signals(asked, top.score, ranked[1].score if len(ranked) > 1 else None, top.cosine,
                           float(top.hit.signals.get("dense", 0.0)), top.text, neighbourhood(top), top.hit.chunk.text,
                           kind_of(question))
        return Reading(tuple(ranked), tuple(features))

    def answer(self, question: str, qvec: np.ndarray, hits: list[Hit], vectors: dict[str, np.ndarray],
               context: str = "") -> Answer:
        passages = [Passage.of(h) for h in hits]
        reading = self.read(question, qvec, hits, vectors, context)
        if not reading.ranked:
            return Answer.abstention(question, passages)
        confidence = self.decision.probability(list(reading.features))
        threshold = self.decision.threshold if self.threshold is None else self.threshold
        if confidence < threshold:
            return Answer.abstention(question, passages, confidence=confidence)
        best, *rest = reading.ranked
        chosen = [best] + [c for c in rest if c.score >= self.second_logit][: self.max_sentences - 1]
        kind = kind_of(question)

        def mark(c: Candidate):
            if kind not in self.mark_kinds:
                return None
            span = best_span(kind, c.text, question)
            return (c.start + span[0], c.start + span[1]) if span else None

        return _cited(question, chosen, passages, mark, confidence=confidence)


# -- the hand-written scoring it replaced ----------------------------------------


@dataclass(frozen=True)
class HeuristicAnswerer:
    """Quotes up to ``max_sentences`` of the best sentences by cosine, word overlap and answer type,
    each at least ``abstain_below`` similar to the question; abstains when none is.

    Example:
        >>> answerer = HeuristicAnswerer(max_sentences=2, abstain_below=0.30)
        >>> answerer.answer("Who built it?", np.zeros(3), hits=[], vectors={}).abstained
        True
    """

    max_sentences: int = 2
    abstain_below: float = 0.30
    type_weight: float = 0.1
    rank_weight: float = 0.05

    def answer(self, question: str, qvec: np.ndarray, hits: list[Hit], vectors: dict[str, np.ndarray],
               context: str = "") -> Answer:
        passages = [Passage.of(h) for h in hits]
        top = hits[0].score if hits else 0.0
        # A follow-up's passages were found with the thread's subject; only its own words pick the sentence.
        ranked = sorted(candidates(question, qvec, hits, vectors, keep=not_a_question, once=False),
                        key=lambda c: -(c.score + self.type_weight * holds(question, c.text) + self.rank_weight * (c.hit.score - top)))
        chosen = [c for c in ranked if c.cosine >= self.abstain_below][: self.max_sentences]
        if not chosen:
            return Answer.abstention(question, passages)
        return _cited(question, chosen, passages, lambda c: None)
