"""The abstention decision: one calibrated probability that the documents answer the question.

A logistic model over a few signals of the best candidate sentence: the selector's
logit and its margin over the next sentence, the sentence's and its passage's
similarity to the question, how many of the question's key terms the sentence and
its neighbours hold (the thing asked for, "price" or "first dog", must be there),
and whether it holds the kind of thing asked for (a date for "when"). Its weights and
threshold are fitted on training data by ``python -m qa.train answering`` and saved in
the models directory's ``answering.json``.

Example:
    >>> decision = Abstention(weights=(1.0,) * len(FEATURES), bias=0.0, threshold=0.5)
    >>> round(decision.probability([0.0] * len(FEATURES)), 2)
    0.5
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .answer_type import kind_of, spans
from .words import content_words

FEATURES = (
    "top_logit",  # the selector's logit for the best sentence
    "margin",  # its lead over the second-best sentence
    "top_cosine",  # embedding similarity of the best sentence to the question
    "passage_dense",  # embedding similarity of its passage to the question
    "coverage",  # share of the question's key terms in the sentence and its neighbours
    "missing",  # key terms of the question found nowhere in the passage
    "type_found",  # the sentence holds the kind of thing asked for (1), does not (0), or no kind is asked (0.5)
)


def signals(question: str, top_logit: float, second_logit: float | None, top_cosine: float, passage_dense: float,
            sentence: str, neighbourhood: str, passage: str, kind: str | None = None) -> list[float]:
    """The :data:`FEATURES` of one candidate, in order; ``kind`` is what is asked for (default: ``question``'s kind)."""
    asked = content_words(question)
    near = content_words(neighbourhood)
    whole = content_words(passage)
    kind = kind or kind_of(question)
    return [
        top_logit,
        top_logit - second_logit if second_logit is not None else 0.0,
        top_cosine,
        passage_dense,
        len(asked & near) / len(asked) if asked else 1.0,
        float(len(asked - whole)),
        0.5 if kind is None else float(bool(spans(kind, sentence, question))),
    ]


@dataclass(frozen=True)
class Abstention:
    """Logistic weights over standardised :data:`FEATURES`; answers when the probability reaches ``threshold``."""

    weights: tuple[float, ...]
    bias: float
    threshold: float
    mean: tuple[float, ...] = field(default=(0.0,) * len(FEATURES))
    scale: tuple[float, ...] = field(default=(1.0,) * len(FEATURES))

    def probability(self, features: list[float]) -> float:
        """The probability that the candidate answers the question."""
        z = self.bias + sum(w * (x - m) / s for w, x, m, s in zip(self.weights, features, self.mean, self.scale))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    @classmethod
    def from_dict(cls, data: dict) -> "Abstention":
        names = tuple(data["features"])
        if names != FEATURES:
            raise ValueError(f"abstention model expects features {names}, this version computes {FEATURES}")
        return cls(tuple(data["weights"]), float(data["bias"]), float(data["threshold"]), tuple(data["mean"]), tuple(data["scale"]))

    def to_dict(self) -> dict:
        return {"features": list(FEATURES), "weights": list(self.weights), "bias": self.bias, "threshold": self.threshold,
                "mean": list(self.mean), "scale": list(self.scale)}
