"""Hybrid retrieval: four signals, each z-normalised over its own candidates, summed with weights.

The signals are BM25 over chunks, BM25 over sentences (best sentence per chunk),
dense similarity of the question to each sentence (best per chunk) and dense
similarity to the whole chunk. The weights were chosen by measurement on SQuAD
(see README); sentence-level signals matter because a question is usually
answered by one sentence of a longer passage.
"""

from __future__ import annotations

import numpy as np

from .keyword import KeywordIndex, max_by_chunk
from .settings import Settings
from .store import VectorStore
from .types import Hit


def znorm(scores: dict[str, float], keys: set[str]) -> dict[str, float]:
    """z-scores over one retriever's candidates; keys it did not return get its lowest score."""
    if not scores:
        return {k: 0.0 for k in keys}
    values = np.fromiter(scores.values(), dtype=np.float64)
    mean, std = float(values.mean()), float(values.std()) or 1.0
    floor = float(values.min())
    return {k: (scores.get(k, floor) - mean) / std for k in keys}


def fuse(signals: dict[str, dict[str, float]], weights: dict[str, float]) -> dict[str, float]:
    """Weighted sum of z-normalised signals over the union of their candidates."""
    keys = set().union(*(s.keys() for s in signals.values())) if signals else set()
    fused = {k: 0.0 for k in keys}
    for name, scores in signals.items():
        w = weights.get(name, 0.0)
        if w:
            for k, z in znorm(scores, keys).items():
                fused[k] += w * z
    return fused


def candidate_signals(query: str, vector: np.ndarray, store: VectorStore, keyword: KeywordIndex, n: int) -> dict[str, dict[str, float]]:
    """Each signal's scores for its own ``n`` best chunks (sentence signals: best sentence per chunk)."""
    return {
        "bm25": keyword.search_chunks(query, n),
        "sentence_bm25": max_by_chunk(keyword.search_sentences(query, 4 * n)),
        "sentence_dense": max_by_chunk(store.query_sentences(vector, 4 * n)),
        "dense": store.query_chunks(vector, n),
    }


def weights_of(settings: Settings) -> dict[str, float]:
    return {
        "bm25": settings.weight_bm25,
        "sentence_bm25": settings.weight_sentence_bm25,
        "sentence_dense": settings.weight_sentence_dense,
        "dense": settings.weight_dense,
    }


def retrieve(query: str, vector: np.ndarray, store: VectorStore, keyword: KeywordIndex, settings: Settings, k: int | None = None) -> list[Hit]:
    """The ``k`` best chunks for a question (its text for BM25, its vector for the dense signals)."""
    signals = candidate_signals(query, vector, store, keyword, settings.candidates)
    fused = fuse(signals, weights_of(settings))
    ranked = sorted(fused.items(), key=lambda kv: -kv[1])
    hits = []
    for cid, score in ranked:
        chunk = keyword.chunks.get(cid)
        if chunk is None:  # written by another process after the index was built
            continue
        hits.append(Hit(chunk, score, {name: s[cid] for name, s in signals.items() if cid in s}))
        if len(hits) >= (k or settings.top_k):
            break
    return hits
