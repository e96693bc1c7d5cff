"""Judge-free metrics: each one a plain function of an answer and its gold data."""

from __future__ import annotations

import re
import string
from collections import Counter


def normalize(text: str) -> str:
    """SQuAD normalisation: lower case, no punctuation or articles, single spaces; typographic quotes folded."""
    text = text.lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = "".join(" " if ch in string.punctuation or ch in "—–" else ch for ch in text)
    text = re.sub(r"\b(a|an|the)\b", " ", text)
    return " ".join(text.split())


def strip_markers(text: str) -> str:
    return re.sub(r"\s*\[\d+\]", "", text)


def contains_answer(answer_text: str, answers: list[str]) -> bool:
    """A gold answer string appears in the answer, token-normalised."""
    haystack = f" {normalize(strip_markers(answer_text))} "
    return any(f" {normalize(a)} " in haystack for a in answers if normalize(a))


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


def supports(passage_text: str, quote: str) -> bool:
    """A passage supports a gold quote when it contains it (whitespace and quotes folded)."""
    return normalize(quote) in normalize(passage_text)


def first_hit_rank(passage_texts: list[str], quotes: list[str]) -> int | None:
    """1-based rank of the first passage holding any gold quote, or None."""
    for rank, text in enumerate(passage_texts, 1):
        if any(supports(text, q) for q in quotes):
            return rank
    return None


def citation_precision(cited_texts: list[str], quotes: list[str]) -> float | None:
    """Share of cited passages that hold a gold quote (None when nothing was cited)."""
    if not cited_texts:
        return None
    return sum(any(supports(t, q) for q in quotes) for t in cited_texts) / len(cited_texts)


def citation_recall(cited_texts: list[str], quotes: list[str]) -> float | None:
    """Share of gold quotes held by some cited passage (None when there is no gold quote)."""
    if not quotes:
        return None
    return sum(any(supports(t, q) for t in cited_texts) for q in quotes) / len(quotes)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]
