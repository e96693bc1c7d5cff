"""The scale benchmark: the SQuAD store at its real size and grown to 20,000+ chunks, in one run.

    python -m eval.scale ../shared/benchmarks/squad-dev-v2.0.json [--chunks 20000] [--questions 300] [--json OUT]

The small store holds the 646 SQuAD paragraphs (one document per article). The
large store holds the same documents plus distractor paragraphs, each made of
3-4 sentences drawn from different SQuAD paragraphs: new, distinct paragraphs
in the same vocabulary, so BM25 and the vector indexes see realistic
statistics. Both stores are asked the same answerable questions.

Each ingest and each round of questions runs in its own process, so its peak
RAM (ru_maxrss) is its own. Question rounds alternate between the stores, so
the latency ratio is not skewed by this shared machine's speed drifting.
Reported per store: chunks, ingest chunks/s, size on disk, peak RAM of ingest
and of asking, ask p50/p95 and the p50 of each stage; then the p50 ratio.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from eval.metrics import contains_answer, percentile
from eval.squad import load_squad, spread, write_corpus

GOAL_P50_RATIO = 2.0
_SYNTHETIC_PER_FILE = 250


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # KiB on Linux


def disk_mb(path: Path) -> float:
    """Space the files under ``path`` take on disk (allocated blocks, like du)."""
    return round(sum(p.stat().st_blocks * 512 for p in path.rglob("*") if p.is_file()) / 1e6, 1)


def distractors(paragraphs: list[str], n: int, seed: int = 0) -> list[str]:
    """``n`` distinct paragraphs, each of 3-4 sentences taken from different source paragraphs."""
    from qa.chunk import sentences

    pools = [[p[a:b].strip() for a, b in sentences(p)] for p in paragraphs]
    pools = [[s for s in pool if len(s.split()) >= 4] for pool in pools]
    pools = [pool for pool in pools if pool]
    if len(pools) < 3:
        raise ValueError("need at least three paragraphs with sentences to make distractors")
    rng = random.Random(seed)
    made: list[str] = []
    seen: set[str] = set()
    attempts = 0
    while len(made) < n:
        attempts += 1
        if attempts > 50 * n + 1000:
            raise ValueError(f"only {len(made)} distinct distractor paragraphs could be made from {len(pools)} paragraphs")
        picked = rng.sample(pools, min(len(pools), rng.choice((3, 4))))
        text = " ".join(rng.choice(pool) for pool in picked)
        if text not in seen:
            seen.add(text)
            made.append(text)
    return made


def count_chunks(corpus: Path, embedder) -> int:
    from qa.chunk import chunk_text

    return sum(len(chunk_text(p.read_text(encoding="utf-8"), str(p.resolve()), max_tokens=embedder.max_tokens,
                              count_tokens=embedder.count_tokens)) for p in sorted(corpus.iterdir()))


def build_corpora(articles: dict[str, list[str]], root: Path, target: int) -> tuple[Path, Path, dict]:
    """The real corpus, and the real corpus plus distractors to reach ``target`` chunks."""
    from qa.embed import Embedder

    embedder = Embedder()
    small, large = root / "small", root / "large"
    small.mkdir()
    large.mkdir()
    write_corpus(articles, small)
    write_corpus(articles, large)
    real_chunks = count_chunks(small, embedder)
    paragraphs = [p for ps in articles.values() for p in ps]
    made: list[str] = []
    total = real_chunks
    # Distractors of 3-4 sentences are almost always one chunk; top up if a few were cut in two.
    while total < target:
        # One seed: asking for more paragraphs extends the same sequence, so none repeats.
        extra = distractors(paragraphs, len(made) + target - total)[len(made):]
        first = len(made) // _SYNTHETIC_PER_FILE
        made += extra
        for i in range(first, (len(made) + _SYNTHETIC_PER_FILE - 1) // _SYNTHETIC_PER_FILE):
            block = made[i * _SYNTHETIC_PER_FILE: (i + 1) * _SYNTHETIC_PER_FILE]
            (large / f"distractors-{i:04d}.txt").write_text("\n\n".join(block) + "\n", encoding="utf-8")
        total = count_chunks(large, embedder)
    return small, large, {"squad_paragraphs": len(paragraphs), "distractor_paragraphs": len(made),
                          "small_chunks": real_chunks, "large_chunks": total}


# -- the measured phases, each run in a process of its own ------------------------
def phase_ingest(data: Path, corpus: Path) -> dict:
    from qa import Assistant

    assistant = Assistant(data_dir=data, chroma_host="")
    assistant.embedder.encode_queries(["warm up the model"] * 32)
    report = assistant.ingest([corpus])
    if report.failed:
        raise SystemExit(f"ingest failed for {len(report.failed)} files: {report.failed[0].reason}")
    status = assistant.status()
    return {"chunks": status["chunks"], "sentences": status["sentences"], "seconds": round(report.seconds, 1),
            "chunks_per_s": round(report.chunks_embedded / report.seconds, 2), "consistent": status["consistent"],
            "ingest_peak_rss_mb": _peak_rss_mb()}


def phase_ask(data: Path, questions: Path) -> dict:
    from qa import Assistant

    assistant = Assistant(data_dir=data, chroma_host="")
    items = json.loads(questions.read_text())
    for q in items[:5]:  # load the model, the keyword index and Chroma's segments before timing
        assistant.ask(q["question"])
    total, stages, contains = [], {"embed_ms": [], "retrieve_ms": [], "answer_ms": []}, 0
    for q in items:
        t = time.perf_counter()
        answer = assistant.ask(q["question"])
        total.append((time.perf_counter() - t) * 1e3)
        for name, values in stages.items():
            values.append(answer.timings[name])
        contains += not answer.abstained and contains_answer(answer.text, q["answers"])
    return {"ms": total, "stages": stages, "answer_contains": contains / max(1, len(items)), "ask_peak_rss_mb": _peak_rss_mb()}


def _run_phase(*args: str, timeout: float) -> dict:
    proc = subprocess.run([sys.executable, "-m", "eval.scale", *args], capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"phase {args[0]} failed ({proc.returncode}): {proc.stderr.strip()[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _summary(ingest: dict, rounds: list[dict], data: Path) -> dict:
    ms = [m for r in rounds for m in r["ms"]]
    return {**ingest, "disk_mb": disk_mb(data), "ask_peak_rss_mb": max(r["ask_peak_rss_mb"] for r in rounds),
            "ask_p50_ms": round(statistics.median(ms), 1), "ask_p95_ms": round(percentile(ms, 0.95), 1),
            "stages_p50_ms": {name: round(statistics.median([v for r in rounds for v in r["stages"][name]]), 1)
                              for name in rounds[0]["stages"]},
            "answer_contains": round(statistics.mean(r["answer_contains"] for r in rounds), 4)}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("_ingest", "_ask"):
        phase = phase_ingest if argv[0] == "_ingest" else phase_ask
        print(json.dumps(phase(Path(argv[1]), Path(argv[2]))))
        return 0

    parser = argparse.ArgumentParser(prog="python -m eval.scale", description=__doc__.splitlines()[0])
    parser.add_argument("squad", type=Path)
    parser.add_argument("--chunks", type=int, default=20_000, help="size of the large store, in chunks (at least)")
    parser.add_argument("--questions", type=int, default=300, help="answerable questions asked of both stores")
    parser.add_argument("--rounds", type=int, default=2, help="question rounds per store, alternating between stores")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--workdir", type=Path, help="build corpora and stores here and keep them (default: a temp dir)")
    args = parser.parse_args(argv)

    articles, questions = load_squad(args.squad)
    asked = [{"question": q["question"], "answers": q["answers"]}
             for q in spread([q for q in questions if not q["impossible"]], args.questions)]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        if args.workdir:
            root = args.workdir
            root.mkdir(parents=True, exist_ok=False)
        small, large, corpus = build_corpora(articles, root, args.chunks)
        print(f"corpus: {corpus}", flush=True)
        (root / "questions.json").write_text(json.dumps(asked))
        stores = {"small": (small, root / "data-small"), "large": (large, root / "data-large")}
        ingested = {}
        for name, (docs, data) in stores.items():
            ingested[name] = _run_phase("_ingest", str(data), str(docs), timeout=6 * 3600)
            print(f"ingest {name}: {ingested[name]}", flush=True)
        rounds: dict[str, list[dict]] = {"small": [], "large": []}
        for r in range(args.rounds):
            for name in ("small", "large") if r % 2 == 0 else ("large", "small"):
                rounds[name].append(_run_phase("_ask", str(stores[name][1]), str(root / "questions.json"), timeout=3600))
                print(f"ask {name} round {r + 1}: p50 {statistics.median(rounds[name][-1]['ms']):.1f} ms", flush=True)
        results = {name: _summary(ingested[name], rounds[name], stores[name][1]) for name in stores}

    ratio = results["large"]["ask_p50_ms"] / results["small"]["ask_p50_ms"]
    out = {"corpus": corpus, "questions": len(asked), "rounds": args.rounds, "stores": results,
           "p50_ratio_large_to_small": round(ratio, 3), "goal_p50_ratio": GOAL_P50_RATIO, "goal_met": ratio < GOAL_P50_RATIO}
    print(f"\n{'store':6} {'chunks':>7} {'chunks/s':>9} {'disk MB':>8} {'ingest RAM MB':>14} {'ask RAM MB':>11} {'p50 ms':>7} {'p95 ms':>7}")
    for name, r in results.items():
        print(f"{name:6} {r['chunks']:7d} {r['chunks_per_s']:9.1f} {r['disk_mb']:8.1f} {r['ingest_peak_rss_mb']:14.0f} "
              f"{r['ask_peak_rss_mb']:11.0f} {r['ask_p50_ms']:7.1f} {r['ask_p95_ms']:7.1f}")
    print(f"p50 ratio large/small: {ratio:.2f} (goal < {GOAL_P50_RATIO})")
    if args.json:
        args.json.write_text(json.dumps(out, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
