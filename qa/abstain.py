"""The abstention decision: one calibrated probability that the documents answer the question.

A logistic model over signals of what the selector found: its best score, that
score's lead over the next candidate and its share of all of them, the best
sentence's similarity to the question and its passage's, how much of the question
(weighed by rarity) the sentence and its neighbours hold, the question's key terms
found nowhere in the retrieved passages (the thing asked for, "price" or "first
dog", must be there), the names and numbers it gives that no passage mentions (a near
miss asks about a person or a year the documents never name), and whether the
sentence holds the kind of thing asked for.
Its weights and threshold are fitted on training data by ``python -m qa.train
answering`` and saved in the models directory's ``answering.json``.

Example:
    >>> decision = Abstention(weights=(1.0,) * len(FEATURES), bias=0.0, threshold=0.5)
    >>> round(decision.probability([0.0] * len(FEATURES)), 2)
    0.5
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .selector import FEATURES as SENTENCE_FEATURES, Candidate
from .words import content_words, unmentioned

# The best sentence's own features that the decision reads too.
_FROM_SENTENCE = ("cosine", "overlap_rare", "overlap_rare_near", "holds_asked", "passage_rank", "passage_dense")

FEATURES = (
    "top_score",  # the selector's score for the best sentence
    "margin",  # its lead over the second-best sentence (0 with one candidate)
    "top_share",  # the best sentence's softmax share among all candidates
    *_FROM_SENTENCE,
    "missing",  # share of the question's content words found in no retrieved passage
    "missing_from_passage",  # share of them not in the best sentence's passage
    "names_missing",  # share of the names and numbers the question gives that no retrieved passage mentions (0 without any)
    "names_missing_from_passage",  # share of them not in the best sentence's passage
)


def signals(question: str, ranked: list[Candidate], passages: list[str]) -> list[float]:
    """The :data:`FEATURES` of a question whose candidates ``ranked`` are sorted by the selector's score, best first."""
    top = ranked[0]
    scores = np.array([c.score for c in ranked], dtype=np.float64)
    share = 1.0 / float(np.exp(scores - scores[0]).sum())
    asked = content_words(question)
    anywhere = set().union(*(content_words(p) for p in passages)) if passages else set()
    own = content_words(top.hit.chunk.text)
    given, nowhere = unmentioned(question, passages)
    _, not_there = unmentioned(question, [top.hit.chunk.text])
    return [
        float(scores[0]),
        float(scores[0] - scores[1]) if len(scores) > 1 else 0.0,
        share,
        *(float(top.features[SENTENCE_FEATURES.index(name)]) for name in _FROM_SENTENCE),
        len(asked - anywhere) / len(asked) if asked else 0.0,
        len(asked - own) / len(asked) if asked else 0.0,
        nowhere / given if given else 0.0,
        not_there / given if given else 0.0,
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
