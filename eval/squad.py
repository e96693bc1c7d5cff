"""The SQuAD 2.0 benchmark: our pipeline against baselines, side by side, in one run.

    python -m eval.squad ../shared/benchmarks/squad-dev-v2.0.json [--limit N] [--json OUT]

All 646 paragraphs are ingested as one corpus (one document per article); each
answerable question is asked against the whole corpus. Systems:

- ``ours``: the full pipeline (hybrid retrieval, extractive answer);
- ``bm25``: bm25s alone over the same chunks; its answer is the top chunk;
- ``dense``: MiniLM vectors in Chroma alone over the same chunks; its answer is the top chunk;
- ``llamaindex-default``: a VectorStoreIndex with LlamaIndex's default chunking and top-k and
  the same embedding model; its answer is the retrieved text.

Each gets hit@1, hit@5, MRR@10 (gold paragraph retrieved), answer_contains (a gold
answer span in the answer) and p50_ms. ``ours``, ``bm25`` and ``dense`` rank up to 10
chunks per question (``ours`` through ``Assistant.retrieve(k=10)``; ``bm25`` only chunks
it scores above 0); ``llamaindex-default`` ranks what its default top-k returns (2 nodes),
so its hit@5 and MRR@10 are over those 2. ``ranked`` is the most results a system ranked
for one question. Ours also gets the
abstention rate on the unanswerable questions and ingest throughput, reported as a
ratio to plain encoding of the same chunks (the encoder alone) timed in the same run.
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

from eval.metrics import contains_answer, percentile


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


class Tally:
    """Running hit@1 / hit@5 / MRR@10 / answer_contains / latency for one system, and how deep it ranked."""

    def __init__(self) -> None:
        self.n = self.hit1 = self.hit5 = self.contains = self.ranked = 0
        self.rr = 0.0
        self.ms: list[float] = []

    def add(self, rank: int | None, answer: str | None, answers: list[str], ms: float, ranked: int) -> None:
        """One question: the gold rank among the ``ranked`` results retrieved (None if absent), the answer, its time."""
        self.n += 1
        self.ranked = max(self.ranked, ranked)
        self.hit1 += rank == 1
        self.hit5 += rank is not None and rank <= 5
        self.rr += 1.0 / rank if rank and rank <= 10 else 0.0
        self.contains += answer is not None and contains_answer(answer, answers)
        self.ms.append(ms)

    def result(self) -> dict:
        n = max(self.n, 1)
        return {"hit_at_1": round(self.hit1 / n, 4), "hit_at_5": round(self.hit5 / n, 4), "mrr_at_10": round(self.rr / n, 4),
                "ranked": self.ranked, "answer_contains": round(self.contains / n, 4), "p50_ms": round(statistics.median(self.ms), 1) if self.ms else None,
                "p95_ms": round(percentile(self.ms, 0.95), 1) if self.ms else None}


def rank_of(sources_texts: list[tuple[str, str]], title: str, gold: str) -> int | None:
    """1-based rank of the first retrieved chunk lying inside the gold paragraph."""
    return next((r for r, (src, text) in enumerate(sources_texts, 1) if Path(src).stem == title and text in gold), None)


def measure_ingest(corpus: Path, root: Path, embedder, texts: list[str]):
    """Ingest twice into fresh stores, alternating with plain encoding of the same chunks.

    This machine's speed drifts by +-10% from minute to minute; alternating and
    comparing medians keeps the ratio honest. Returns the last store and the figures.
    """
    from qa import Assistant

    def plain_encode() -> float:
        t = time.perf_counter()
        embedder.encode_queries(texts)
        return time.perf_counter() - t

    plain_times, ingest_times = [plain_encode()], []
    for rep in range(2):
        assistant = Assistant(data_dir=root / f"store{rep}", chroma_host="", embedder=embedder)
        report = assistant.ingest([corpus])
        ingest_times.append(report.seconds)
        plain_times.append(plain_encode())
    ours = report.chunks_embedded / statistics.median(ingest_times)
    plain = len(texts) / statistics.median(plain_times)
    return assistant, {"chunks": report.chunks_embedded, "seconds": round(statistics.median(ingest_times), 2),
                       "chunks_per_s": round(ours, 2), "plain_encode_chunks_per_s": round(plain, 2), "ratio": round(ours / plain, 3)}


def llamaindex_default(corpus: Path, embedder):
    """LlamaIndex's defaults (chunking, in-memory vector store, top-k) with our embedding model."""
    from llama_index.core import Document, VectorStoreIndex
    from llama_index.core.base.embeddings.base import BaseEmbedding
    from llama_index.core.node_parser import SentenceSplitter
    from pydantic import PrivateAttr

    class OurEncoder(BaseEmbedding):
        """qa's encoder as a LlamaIndex embedding model."""

        _embedder: object = PrivateAttr()

        def __init__(self, embedder) -> None:
            super().__init__(model_name=embedder.name)
            self._embedder = embedder

        def _get_query_embedding(self, query: str) -> list[float]:
            return self._embedder.encode_queries([query])[0].tolist()

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

        def _get_text_embedding(self, text: str) -> list[float]:
            return self._get_query_embedding(text)

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return self._embedder.encode_queries(texts).tolist()

    docs = [Document(text=p.read_text(encoding="utf-8"), metadata={"title": p.stem}) for p in sorted(corpus.iterdir())]
    # Passing embed_model and transformations explicitly: LlamaIndex's global Settings would fall back to OpenAI.
    index = VectorStoreIndex.from_documents(docs, embed_model=OurEncoder(embedder), transformations=[SentenceSplitter()])
    return index.as_retriever()


def _marking(pairs: list[tuple[bool, bool]]) -> dict:
    """How often marked short answers (``(gold, quote holds the answer)`` each) are gold: of all, and of those whose
    quote holds the answer (what the marking itself gets right; how precise marking must be is measured so)."""
    held = [gold for gold, right in pairs if right]
    return {"marked": len(pairs), "gold": round(sum(g for g, _ in pairs) / len(pairs), 4),
            "quote_right": len(held), "gold_when_quote_right": round(sum(held) / max(1, len(held)), 4)}


def answers_only(args, articles: dict[str, list[str]], questions: list[dict]) -> int:
    """Each answerer over the same store (the learned one, the heuristic, and with QA_RERANKER_MODEL the heuristic with that reranker): answer contains gold, abstention on answerable and unanswerable, latency."""
    from qa import Assistant
    from qa.answer import HeuristicAnswerer
    from qa.answer_type import is_gold, kind_of
    from qa.rerank import shared

    answerable = spread([q for q in questions if not q["impossible"]], args.limit)
    unanswerable = spread([q for q in questions if q["impossible"]], args.limit)
    out: dict = {"paragraphs": sum(map(len, articles.values())), "answerable": len(answerable), "unanswerable": len(unanswerable),
                 "articles": args.articles or "all", "answerers": {}}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        write_corpus(articles, corpus)
        learned = Assistant(data_dir=Path(tmp) / "store", chroma_host="", answering="learned")  # the shipped models, or QA_ANSWER_MODEL
        learned.ingest([corpus])
        s = learned.settings
        twin = lambda answerer: Assistant(s, embedder=learned.embedder, store=learned.store, answerer=answerer)  # noqa: E731
        answerers = {"learned": learned, "heuristic": twin(HeuristicAnswerer(s.answer_sentences, s.abstain_below))}
        if s.reranker_model:  # and with a reranker (QA_RERANKER_MODEL), in the same run
            reranker = shared(s.reranker_model)
            answerers["heuristic with reranker"] = twin(HeuristicAnswerer(s.answer_sentences, s.abstain_below, reranker=reranker))
        for name, assistant in answerers.items():
            assistant.ask("warm up")
            contains = abstained = 0
            ms, marked = [], {}
            for q in answerable:
                t = time.perf_counter()
                answer = assistant.ask(q["question"])
                ms.append((time.perf_counter() - t) * 1e3)
                abstained += answer.abstained
                contains += not answer.abstained and contains_answer(answer.text, q["answers"])
                short = next((c.short_answer for c in answer.citations if c.short_answer), None)
                if short:  # the short answer marked inside the quote, by the kind of thing asked for; was the quote right
                    right = not answer.abstained and contains_answer(answer.text, q["answers"])
                    marked.setdefault(kind_of(q["question"]), []).append((is_gold(short, q["answers"]), right))
            declined = sum(assistant.ask(q["question"]).abstained for q in unanswerable)
            n, m = max(1, len(answerable)), max(1, len(unanswerable))
            out["answerers"][name] = {"answer_contains": round(contains / n, 4), "abstained_answerable": round(abstained / n, 4),
                                      "no_answer_recall": round(declined / m, 4), "p50_ms": round(statistics.median(ms), 1),
                                      "p95_ms": round(percentile(ms, 0.95), 1),
                                      "short_answers": {kind: _marking(pairs) for kind, pairs in sorted(marked.items())}}
            print(f"{name}: {out['answerers'][name]}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(out, indent=2) + "\n")
    return 0


def generated(args, articles: dict[str, list[str]], questions: list[dict]) -> int:
    """The configured generator (``QA_LLM``) over one store, beside the extractive answer it is shown with: answer contains
    gold, abstention on answerable and unanswerable, how often the extractive answer stood in, how many answers carried a
    short answer and how many of those were gold, how much of what the model
    wrote verification left out, when the first upheld sentence was shown, and what the model read."""
    from qa import Assistant
    from qa.answer_type import is_gold

    answerable = spread([q for q in questions if not q["impossible"]], args.limit)
    unanswerable = spread([q for q in questions if q["impossible"]], args.limit)
    out: dict = {"paragraphs": sum(map(len, articles.values())), "answerable": len(answerable), "unanswerable": len(unanswerable),
                 "articles": args.articles or "all"}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        write_corpus(articles, corpus)
        assistant = Assistant(data_dir=Path(tmp) / "store", chroma_host="")  # QA_LLM, QA_ANSWERING, … from the environment
        if assistant.generator is None:
            raise SystemExit("--generated needs a generator: set QA_LLM (local, openai or ollama)")
        assistant.ingest([corpus])
        out["generator"] = assistant.settings.llm
        assistant.ask("warm up")
        rows = []
        for q in [*answerable, *unanswerable]:
            t = time.perf_counter()
            answer = assistant.ask(q["question"])
            ms = (time.perf_counter() - t) * 1e3
            marked = next((c.short_answer for c in answer.citations if c.short_answer), None)
            rows.append({"impossible": q["impossible"], "abstained": answer.abstained, "fallback": answer.fallback,
                         "marked": marked, "marked_gold": marked is not None and is_gold(marked, q["answers"]),
                         "contains": not answer.abstained and contains_answer(answer.text, q["answers"]),
                         "written": len(answer.sentences), "left_out": sum(not x.supported for x in answer.sentences),
                         "ms": ms, "first_ms": answer.timings.get("first_sentence_ms"),
                         "prompt": answer.timings.get("prompt_tokens"), "cached": answer.timings.get("cached_tokens")})
            print(f"{len(rows)}/{len(answerable) + len(unanswerable)} {q['question']!r} -> {answer.text[:100]!r}", flush=True)
    asked, unans = [r for r in rows if not r["impossible"]], [r for r in rows if r["impossible"]]
    mean = lambda xs: round(sum(xs) / len(xs), 4) if xs else None  # noqa: E731
    firsts = [r["first_ms"] for r in rows if r["first_ms"] is not None]
    prompts = [r for r in rows if r["prompt"] is not None]
    out.update(answer_contains=mean([r["contains"] for r in asked]), abstained_answerable=mean([r["abstained"] for r in asked]),
               no_answer_recall=mean([r["abstained"] for r in unans]), stood_in=mean([r["fallback"] for r in rows]),
               short_answers_marked=sum(r["marked"] is not None for r in asked),
               short_answer_precision=mean([r["marked_gold"] for r in asked if r["marked"] is not None]),
               left_out=round(sum(r["left_out"] for r in rows) / max(1, sum(r["written"] for r in rows)), 4),
               answer_p50_ms=round(statistics.median(r["ms"] for r in rows), 1),
               first_sentence_p50_ms=round(statistics.median(firsts), 1) if firsts else None,
               prompt_tokens_mean=mean([r["prompt"] for r in prompts]),
               new_prompt_tokens_mean=mean([r["prompt"] - (r["cached"] or 0) for r in prompts]))
    print(json.dumps(out, indent=2), flush=True)
    if args.json:
        args.json.write_text(json.dumps(out, indent=2) + "\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.squad", description=__doc__.splitlines()[0])
    parser.add_argument("squad", type=Path)
    parser.add_argument("--limit", type=int, help="ask N answerable (and N unanswerable) questions spread over all articles")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--articles", help="FIRST-LAST: ask only the questions of these articles (1-based); the corpus is always all of them. "
                                           "The held-out split is 9-16 (the answer models never saw those articles).")
    parser.add_argument("--answers-only", action="store_true",
                        help="only our pipeline, with each answerer (learned and heuristic) side by side; no ingest benchmark or baselines")
    parser.add_argument("--generated", action="store_true",
                        help="the configured generator (QA_LLM) beside the extractive answer it is shown with; no baselines")
    args = parser.parse_args(argv)

    from qa.chunk import chunk_text
    from qa.embed import Embedder

    articles, questions = load_squad(args.squad)
    if args.articles:
        first, _, last = args.articles.partition("-")
        asked = set(list(articles)[int(first) - 1: int(last or first)])
        questions = [q for q in questions if q["title"] in asked]
    if args.answers_only:
        return answers_only(args, articles, questions)
    if args.generated:
        return generated(args, articles, questions)
    answerable = spread([q for q in questions if not q["impossible"]], args.limit)
    unanswerable = spread([q for q in questions if q["impossible"]], args.limit)
    systems = {name: Tally() for name in ("ours", "bm25", "dense", "llamaindex-default")}
    abstained_answerable = 0
    out: dict = {"paragraphs": sum(map(len, articles.values())), "questions": len(answerable), "systems": {}}

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        write_corpus(articles, corpus)
        embedder = Embedder()
        embedder.encode_queries(["warm up the model"] * 32)
        texts = [c.text for doc in sorted(corpus.iterdir()) for c in chunk_text(
            doc.read_text(), str(doc.resolve()), max_tokens=embedder.max_tokens, count_tokens=embedder.count_tokens)]
        assistant, out["ingest"] = measure_ingest(corpus, Path(tmp), embedder, texts)
        print(f"ingest: {out['ingest']}", flush=True)
        index = assistant.keyword_index()
        retriever = llamaindex_default(corpus, embedder)

        for i, q in enumerate(answerable, 1):
            gold, answers = articles[q["title"]][q["paragraph"]], q["answers"]

            ranked = assistant.retrieve(q["question"], k=10)
            t = time.perf_counter()
            answer = assistant.ask(q["question"])
            ms = (time.perf_counter() - t) * 1e3
            abstained_answerable += answer.abstained
            rank = rank_of([(h.chunk.source, h.chunk.text) for h in ranked], q["title"], gold)
            systems["ours"].add(rank, None if answer.abstained else answer.text, answers, ms, len(ranked))

            t = time.perf_counter()
            top = sorted(index.search_chunks(q["question"], 10).items(), key=lambda kv: -kv[1])
            ms = (time.perf_counter() - t) * 1e3
            hits = [index.chunks[cid] for cid, _ in top]
            systems["bm25"].add(rank_of([(c.source, c.text) for c in hits], q["title"], gold), hits[0].text if hits else None, answers, ms, len(hits))

            t = time.perf_counter()
            vector = embedder.encode_queries([q["question"]])[0]
            near = sorted(assistant.store.query_chunks(vector, 10).items(), key=lambda kv: -kv[1])
            ms = (time.perf_counter() - t) * 1e3
            hits = [index.chunks[cid] for cid, _ in near]
            systems["dense"].add(rank_of([(c.source, c.text) for c in hits], q["title"], gold), hits[0].text if hits else None, answers, ms, len(hits))

            t = time.perf_counter()
            nodes = retriever.retrieve(q["question"])
            ms = (time.perf_counter() - t) * 1e3
            # A LlamaIndex chunk spans several paragraphs: it hits when it holds the gold paragraph's middle.
            middle = gold[len(gold) // 2 - 20: len(gold) // 2 + 20]
            li_rank = next((r for r, n in enumerate(nodes, 1) if n.node.metadata.get("title") == q["title"] and middle in n.node.get_content()), None)
            systems["llamaindex-default"].add(li_rank, " ".join(n.node.get_content() for n in nodes), answers, ms, len(nodes))
            if i % 500 == 0:
                print(f"  {i}/{len(answerable)} asked", flush=True)

        abstained = sum(assistant.ask(q["question"]).abstained for q in unanswerable)
        out["systems"] = {name: tally.result() for name, tally in systems.items()}
        out["ours"] = {"abstention_rate_unanswerable": round(abstained / max(1, len(unanswerable)), 4),
                       "abstention_rate_answerable": round(abstained_answerable / max(1, len(answerable)), 4),
                       "unanswerable_asked": len(unanswerable)}

    print(f"\n{'system':20} {'hit@1':>6} {'hit@5':>6} {'mrr@10':>7} {'ranked':>6} {'contains':>8} {'p50 ms':>7}")
    for name, r in out["systems"].items():
        print(f"{name:20} {r['hit_at_1']:6.3f} {r['hit_at_5']:6.3f} {r['mrr_at_10']:7.3f} {r['ranked']:6d} {r['answer_contains']:8.3f} {r['p50_ms']:7.1f}")
    print(json.dumps({k: v for k, v in out.items() if k != "systems"}, indent=2))
    if args.json:
        args.json.write_text(json.dumps(out, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
