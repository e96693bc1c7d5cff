"""Engine benchmark on SQuAD 2.0 dev: ingest throughput, ask latency, retrieval, answers.

    python -m eval.benchmark ../shared/benchmarks/squad-dev-v2.0.json [--limit N] [--json OUT]

All 646 paragraphs are ingested as one corpus (one document per article); each
answerable question is asked against the whole corpus. Throughput is reported
as a ratio to plain sentence-transformers encoding of the same chunks, timed
in the same run, so the figure does not depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path


def load_squad(path: Path) -> tuple[dict[str, list[str]], list[dict]]:
    """Articles (title -> paragraphs) and questions with their gold paragraph."""
    data = json.loads(Path(path).read_text())
    articles: dict[str, list[str]] = {}
    questions = []
    for article in data["data"]:
        title = re.sub(r"[^\w-]+", "_", article["title"])
        articles[title] = [" ".join(p["context"].split()) for p in article["paragraphs"]]
        for i, p in enumerate(article["paragraphs"]):
            for q in p["qas"]:
                questions.append({"question": q["question"], "title": title, "paragraph": i,
                                  "answers": [a["text"] for a in q["answers"]], "impossible": q.get("is_impossible", False)})
    return articles, questions


def spread(items: list, limit: int | None) -> list:
    """``limit`` items taken evenly across the list (so across all articles)."""
    if not limit or limit >= len(items):
        return items
    step = len(items) / limit
    return [items[int(i * step)] for i in range(limit)]


def write_corpus(articles: dict[str, list[str]], root: Path) -> None:
    for title, paragraphs in articles.items():
        (root / f"{title}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")


def normalize(text: str) -> str:
    text = re.sub(r"\b(a|an|the)\b", " ", text.lower())
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.benchmark", description=__doc__.splitlines()[0])
    parser.add_argument("squad", type=Path)
    parser.add_argument("--limit", type=int, help="ask N questions spread over all articles")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)

    from qa import Assistant
    from qa.chunk import chunk_text

    articles, questions = load_squad(args.squad)
    answerable = spread([q for q in questions if not q["impossible"]], args.limit)
    unanswerable = spread([q for q in questions if q["impossible"]], args.limit)
    figures: dict = {"paragraphs": sum(map(len, articles.values())), "questions": len(answerable)}

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        write_corpus(articles, corpus)
        assistant = Assistant(data_dir=Path(tmp) / "scratch")
        model = assistant.embedder.model
        model.encode(["warm up the model"] * 32)

        texts = [c.text for doc in sorted(corpus.iterdir()) for c in chunk_text(
            doc.read_text(), str(doc.resolve()), max_tokens=assistant.embedder.max_tokens, count_tokens=assistant.embedder.count_tokens)]

        def plain_encode() -> float:
            t = time.perf_counter()
            model.encode(texts, batch_size=assistant.settings.embed_batch_size)
            return time.perf_counter() - t

        # This machine's speed drifts by +-10% from minute to minute, so plain encoding and
        # ingest (each into a fresh store) alternate, and the medians are compared.
        plain_times = [plain_encode()]
        ingest_times = []
        for rep in range(2):
            fresh = Assistant(data_dir=Path(tmp) / f"scratch{rep}", embedder=assistant.embedder)
            report = fresh.ingest([corpus])
            ingest_times.append(report.seconds)
            plain_times.append(plain_encode())
        assistant = fresh  # the questions go to the last store built
        ours = report.chunks_embedded / statistics.median(ingest_times)
        plain = len(texts) / statistics.median(plain_times)
        figures["ingest"] = {"chunks": report.chunks_embedded, "seconds": round(statistics.median(ingest_times), 2),
                             "chunks_per_s": round(ours, 2), "plain_encode_chunks_per_s": round(plain, 2),
                             "ratio": round(ours / plain, 3)}
        print(f"ingest: {report.chunks_embedded} chunks in {statistics.median(ingest_times):.1f}s = {ours:.1f}/s; "
              f"plain encoding {plain:.1f}/s; ratio {ours / plain:.3f}", flush=True)

        hits1 = hits5 = contains = 0
        rr = 0.0
        latencies = []
        for i, q in enumerate(answerable, 1):
            gold = articles[q["title"]][q["paragraph"]]
            ranked = assistant.retrieve(q["question"], k=10)
            rank = next((r for r, h in enumerate(ranked, 1) if h.chunk.source.endswith(f"/{q['title']}.txt") and h.chunk.text in gold), None)
            hits1 += rank == 1
            hits5 += rank is not None and rank <= 5
            rr += 1.0 / rank if rank else 0.0
            t = time.perf_counter()
            answer = assistant.ask(q["question"])
            latencies.append((time.perf_counter() - t) * 1e3)
            text = normalize(answer.text)
            contains += (not answer.abstained) and any(normalize(a) in text for a in q["answers"])
            if i % 500 == 0:
                print(f"  {i}/{len(answerable)} asked", flush=True)
        n = len(answerable)
        abstained = sum(assistant.ask(q["question"]).abstained for q in unanswerable)
        figures["retrieval"] = {"hit_at_1": round(hits1 / n, 4), "hit_at_5": round(hits5 / n, 4), "mrr_at_10": round(rr / n, 4)}
        figures["answers"] = {"answer_contains": round(contains / n, 4),
                              "abstention_rate_unanswerable": round(abstained / max(1, len(unanswerable)), 4)}
        figures["ask_latency_ms"] = {"p50": round(statistics.median(latencies), 1), "p95": round(percentile(latencies, 0.95), 1)}

    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
