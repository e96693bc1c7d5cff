"""The encoder benchmark: the shipped ONNX encoder against sentence-transformers on torch, in one run.

    python -m eval.encoder ../shared/benchmarks/squad-dev-v2.0.json [--onnx DIR ...] [--json OUT]

Needs the ``[train]`` extra (torch and sentence-transformers, the reference). The SQuAD
articles are ingested as one corpus by each encoder, into its own store, through the
assistant's own ingest; ingest runs alternate between encoders (this machine's speed
drifts from minute to minute) and the medians are compared. Each store is then asked
the answerable questions of the held-out articles (9-16) for hit@1, hit@5 and MRR@10
(the gold paragraph among the hybrid retrieval's chunks), and the chunk vectors of
every encoder are compared with the reference's (cosine).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

import numpy as np

from eval.squad import load_squad, rank_of, write_corpus

# The held-out articles of the SQuAD dev subset (the answer models never saw them).
HELD_OUT = (9, 16)
# Ingest runs per encoder; their median is reported.
REPEATS = 3


class TorchEmbedder:
    """The reference: sentence-transformers on torch, pooled as qa.embed pools (the encoder before the ONNX export)."""

    def __init__(self, model_dir: Path, batch_size: int = 32) -> None:
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(2)
        self.name = "sentence-transformers (torch fp32)"
        self.vectors = "all-MiniLM-L6-v2"  # the model's own vectors, which the shipped fp32 export gives too
        self.model = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
        self.tokenizer = self.model.tokenizer
        self.batch_size = batch_size
        self.max_tokens = int(self.model.max_seq_length) - 2
        self.dimension = int(self.model.get_embedding_dimension())

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self.model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True), dtype=np.float32)

    def encode_chunks(self, texts, sentence_spans, show_progress=False):
        outputs = self.model.encode(texts, batch_size=self.batch_size, output_value=None)
        chunk_vecs = np.zeros((len(texts), self.dimension), dtype=np.float32)
        sentence_vecs = []
        for i, (text, spans, out) in enumerate(zip(texts, sentence_spans, outputs)):
            chunk_vecs[i] = _unit(out["sentence_embedding"].float().numpy())
            tokens = out["token_embeddings"].float().numpy()
            offsets = self.tokenizer(text, return_offsets_mapping=True, truncation=True, max_length=self.max_tokens + 2)["offset_mapping"]
            rows = []
            for a, b in spans or [(0, len(text))]:
                idx = [k for k, (x, y) in enumerate(offsets) if y > x and x < b and y > a and k < len(tokens)]
                rows.append(_unit(tokens[idx].mean(0)) if idx else chunk_vecs[i])
            sentence_vecs.append(np.asarray(rows, dtype=np.float32))
        return chunk_vecs, sentence_vecs


def _unit(v: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(v))
    return v / norm if norm > 0 else v


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.encoder", description=__doc__.splitlines()[0])
    parser.add_argument("squad", type=Path)
    parser.add_argument("--onnx", action="append", type=Path, help="an exported encoder directory (default: the shipped one); repeatable")
    parser.add_argument("--limit", type=int, help="ask at most N held-out questions")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)

    from qa import Assistant
    from qa.embed import Embedder, source_model_dir

    articles, questions = load_squad(args.squad)
    held = set(list(articles)[HELD_OUT[0] - 1: HELD_OUT[1]])
    asked = [q for q in questions if q["title"] in held and not q["impossible"]][: args.limit]
    encoders = {"torch": TorchEmbedder(source_model_dir())}
    for path in args.onnx or [None]:
        e = Embedder(path)
        encoders[e.name] = e
    out: dict = {"paragraphs": sum(map(len, articles.values())), "questions": len(asked), "encoders": {}}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        write_corpus(articles, corpus)
        for e in encoders.values():
            e.encode_queries(["warm up the model"] * 32)
        seconds: dict[str, list[float]] = {name: [] for name in encoders}
        assistants = {}
        for rep in range(REPEATS):
            for name, e in encoders.items():
                assistant = Assistant(data_dir=Path(tmp) / f"{name}-{rep}", chroma_host="", embedder=e)
                report = assistant.ingest([corpus])
                seconds[name].append(report.seconds)
                assistants[name] = assistant
                print(f"{name}: ingest {report.chunks_embedded} chunks in {report.seconds:.1f} s", flush=True)
        chunks = report.chunks_embedded
        reference = None
        for name, assistant in assistants.items():
            texts = sorted(assistant.keyword_index().chunks.values(), key=lambda c: c.id)
            vectors = encoders[name].encode_queries([c.text for c in texts])
            reference = vectors if reference is None else reference
            cos = np.sum(vectors * reference, axis=1)
            hits1 = hits5 = 0
            mrr = 0.0
            for q in asked:
                gold = articles[q["title"]][q["paragraph"]]
                ranked = assistant.retrieve(q["question"], k=10)
                rank = rank_of([(h.chunk.source, h.chunk.text) for h in ranked], q["title"], gold)
                hits1 += rank == 1
                hits5 += rank is not None and rank <= 5
                mrr += 1 / rank if rank else 0.0
            n = max(1, len(asked))
            median = statistics.median(seconds[name])
            out["encoders"][name] = {"ingest_seconds": round(median, 2), "chunks_per_s": round(chunks / median, 2),
                                     "hit_at_1": round(hits1 / n, 4), "hit_at_5": round(hits5 / n, 4), "mrr_at_10": round(mrr / n, 4),
                                     "cosine_to_torch_mean": round(float(cos.mean()), 5), "cosine_to_torch_min": round(float(cos.min()), 5)}
    base = out["encoders"]["torch"]["chunks_per_s"]
    for figures in out["encoders"].values():
        figures["ingest_speedup"] = round(figures["chunks_per_s"] / base, 2)
    print(f"\n{'encoder':38} {'chunks/s':>8} {'×':>5} {'hit@1':>6} {'hit@5':>6} {'mrr@10':>7} {'cos mean':>8} {'cos min':>8}")
    for name, r in out["encoders"].items():
        print(f"{name:38} {r['chunks_per_s']:8.1f} {r['ingest_speedup']:5.2f} {r['hit_at_1']:6.3f} {r['hit_at_5']:6.3f} "
              f"{r['mrr_at_10']:7.3f} {r['cosine_to_torch_mean']:8.4f} {r['cosine_to_torch_min']:8.4f}")
    if args.json:
        args.json.write_text(json.dumps(out, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
