"""Choose the fusion method and weights by measurement on SQuAD.

    python -m eval.fusion ../shared/benchmarks/squad-dev-v2.0.json [--limit N] [--data-dir D]

Collects each retriever's candidates once per answerable question, then scores
every fusion (z-score weighted sum on a 0.1 grid, min-max weighted sum, and
reciprocal-rank fusion) by hit@1 / hit@5 / MRR@10. Weights are chosen on the
even-numbered questions and reported on the odd-numbered ones, so the figure
is not the one the weights were fitted to.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
from pathlib import Path

import numpy as np

from eval.squad import load_squad, spread, write_corpus
from qa.retrieve import candidate_signals, znorm

SIGNALS = ("bm25", "sentence_bm25", "sentence_dense", "dense")


def features(signals: dict[str, dict[str, float]], method: str) -> tuple[list[str], np.ndarray]:
    """Candidates and their per-signal values as ``method`` normalises them (one column a signal)."""
    keys = sorted(set().union(*(s.keys() for s in signals.values())))
    columns = []
    for name in SIGNALS:
        scores = signals.get(name, {})
        if method == "zscore":
            z = znorm(scores, set(keys))
            columns.append([z[k] for k in keys])
        elif method == "minmax":
            lo, hi = (min(scores.values()), max(scores.values())) if scores else (0.0, 1.0)
            columns.append([(scores.get(k, lo) - lo) / ((hi - lo) or 1.0) for k in keys])
        else:  # reciprocal-rank fusion, k = 60
            rank = {cid: r for r, cid in enumerate(sorted(scores, key=lambda c: -scores[c]), 1)}
            columns.append([1.0 / (60 + rank[k]) if k in rank else 0.0 for k in keys])
    return keys, np.asarray(columns, dtype=np.float64).T


def score(rows: list[tuple[np.ndarray, np.ndarray]], weights: np.ndarray) -> np.ndarray:
    """hit@1, hit@5 and MRR@10 (rows) for each weight vector (columns of ``weights``)."""
    totals = np.zeros((3, weights.shape[1]))
    for matrix, gold in rows:
        top = np.argsort(-(matrix @ weights), axis=0, kind="stable")[:10]  # 10 x n_weights
        hit = gold[top]
        first = np.where(hit.any(0), hit.argmax(0) + 1, 0)
        totals[0] += first == 1
        totals[1] += (first >= 1) & (first <= 5)
        totals[2] += np.where(first > 0, 1.0 / np.maximum(first, 1), 0.0)
    return totals / len(rows)


def grid(step: float = 0.1) -> np.ndarray:
    units = round(1 / step)
    combos = [p for p in itertools.product(range(units + 1), repeat=len(SIGNALS)) if sum(p) == units]
    return (np.asarray(combos, dtype=np.float64) * step).T


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.fusion", description=__doc__.splitlines()[0])
    parser.add_argument("squad", type=Path)
    parser.add_argument("--limit", type=int)
    parser.add_argument("--data-dir", type=Path, help="reuse a store that already holds the SQuAD corpus")
    args = parser.parse_args(argv)

    from qa import Assistant

    articles, questions = load_squad(args.squad)
    answerable = spread([q for q in questions if not q["impossible"]], args.limit)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        write_corpus(articles, corpus)
        assistant = Assistant(data_dir=args.data_dir or Path(tmp) / "data")
        if not args.data_dir:
            assistant.ingest([corpus])
        index = assistant.keyword_index()
        rows = []
        for q in answerable:
            gold_text = articles[q["title"]][q["paragraph"]]
            gold = {c.id for c in index.chunks.values() if c.source.endswith(f"/{q['title']}.txt") and c.text in gold_text}
            vector = assistant.embedder.encode_queries([q["question"]])[0]
            rows.append((candidate_signals(q["question"], vector, assistant.store, index, assistant.settings.candidates), gold))

    weights = grid()
    print(f"{len(rows)} questions: weights chosen on the even ones, reported on the odd ones\n")
    print(f"{'fusion':8} {'bm25':>5} {'s_bm25':>6} {'s_dense':>7} {'dense':>5} | {'tune h1':>7} {'h5':>5} {'mrr':>5} | {'held h1':>7} {'h5':>5} {'mrr':>5}")
    for method in ("zscore", "minmax", "rrf"):
        prepared = []
        for signals, gold in rows:
            keys, matrix = features(signals, method)
            prepared.append((matrix, np.array([k in gold for k in keys])))
        tune, held = prepared[0::2], prepared[1::2]
        tuned = score(tune, weights)
        best = np.lexsort((tuned[2], tuned[0]))[::-1][:3]
        singles = [int(np.flatnonzero(weights[i] == 1.0)[0]) for i in range(len(SIGNALS))] if method == "zscore" else []
        chosen = list(best) + singles
        reported = score(held, weights[:, chosen])
        for j, col in enumerate(chosen):
            w = weights[:, col]
            t, h = tuned[:, col], reported[:, j]
            print(f"{method:8} {w[0]:5.1f} {w[1]:6.1f} {w[2]:7.1f} {w[3]:5.1f} | {t[0]:7.3f} {t[1]:5.3f} {t[2]:5.3f} | {h[0]:7.3f} {h[1]:5.3f} {h[2]:5.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
