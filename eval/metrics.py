"""Judge-free metrics: each one a plain function of an answer and its gold data.

Gold support is a list of ``{"source": "file-name.txt", "quote": "..."}`` items (see
eval/README.md); retrieved and cited passages are anything with ``source`` and ``text``
(:class:`qa.Passage`, :class:`qa.Citation`, or :class:`Passage` here).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import NamedTuple

from qa.words import contains, normalize, strip_markers


class Passage(NamedTuple):
    """A passage as the metrics see it: the file it comes from and its text."""

    source: str
    text: str


def contains_answer(answer_text: str, answers: list[str]) -> bool:
    """A gold answer string appears in the answer, token-normalised (markers removed)."""
    return contains(strip_markers(answer_text), answers)


def exact_match(answer_text: str, answers: list[str]) -> float:
    prediction = normalize(strip_markers(answer_text))
    return float(any(prediction == normalize(a) for a in answers))


def f1(answer_text: str, answers: list[str]) -> float:
    """Best token F1 between the answer and any gold answer (SQuAD's definition)."""
    pred = normalize(strip_markers(answer_text)).split()
    best = 0.0
    for gold in answers:
        ref = normalize(gold).split()
        common = sum((Counter(pred) & Counter(ref)).values())
        if common:
            p, r = common / len(pred), common / len(ref)
            best = max(best, 2 * p * r / (p + r))
    return best


def supports(passage: Passage, item: dict) -> bool:
    """A passage supports a gold item when it comes from the item's source file and contains its quote.

    The file is compared by name (``Path(passage.source).name``), the quote by containment
    after :func:`normalize`.
    """
    return Path(passage.source).name == Path(item["source"]).name and normalize(item["quote"]) in normalize(passage.text)


def first_hit_rank(passages: list[Passage], support: list[dict]) -> int | None:
    """1-based rank of the first passage supporting any gold item, or None."""
    for rank, passage in enumerate(passages, 1):
        if any(supports(passage, item) for item in support):
            return rank
    return None


def citation_precision(cited: list[Passage], support: list[dict]) -> float | None:
    """Share of cited passages that support some gold item (None when nothing was cited)."""
    if not cited:
        return None
    return sum(any(supports(c, item) for item in support) for c in cited) / len(cited)


def citation_recall(cited: list[Passage], support: list[dict]) -> float | None:
    """Share of gold items supported by some cited passage (None when there is no gold item)."""
    if not support:
        return None
    return sum(any(supports(c, item) for c in cited) for item in support) / len(support)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]
