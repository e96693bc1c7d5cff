"""kill -9 in the middle of an ingest, then ingest again: nothing twice, nothing missing, nothing to redo.

The ingest runs as a ``qa ingest`` process; the test watches Chroma's sqlite file
read-only (plain sqlite reads are process-safe, unlike a second Chroma client)
and kills the process once some, but not all, rows are written. Everything
after the kill is checked from fresh processes, as a restarted app would see it.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qa.chunk import chunk_text

_PLACES = ["Tolver", "Brannock", "Fenwick", "Aldmere", "Corran", "Dunholt", "Eskby", "Farrow", "Glenmoor", "Harwick"]
_THINGS = ["granary", "bridge", "mill", "chapel", "harbour wall", "schoolhouse", "toll gate", "market hall", "ferry", "forge"]

# Reads every row of both collections, and every id the vector indexes return, from a fresh process.
_INSPECT = """
import json, sys
import numpy as np
from qa.settings import Settings
from qa.store import ChromaStore
store = ChromaStore(Settings(data_dir=sys.argv[1], chroma_host=""))
def stored(collection):
    ids, offset = [], 0
    while True:
        page = collection.get(include=[], limit=2000, offset=offset)["ids"]
        ids += page
        offset += 2000
        if len(page) < 2000:
            return ids
def indexed(collection):
    n = collection.count()
    probe = np.full(384, 384 ** -0.5).tolist()
    return collection.query(query_embeddings=[probe], n_results=n, include=["distances"])["ids"][0] if n else []
print(json.dumps({"chunks": stored(store.chunks), "sentences": stored(store.sentences),
                  "chunk_count": store.chunks.count(), "sentence_count": store.sentences.count(),
                  "hnsw_chunks": indexed(store.chunks), "hnsw_sentences": indexed(store.sentences)}))
"""


def make_corpus(root: Path, files: int, paragraphs: int) -> Path:
    """Deterministic, distinct two-sentence paragraphs: many chunks that embed quickly."""
    root.mkdir(parents=True)
    for f in range(files):
        paras = []
        for p in range(paragraphs):
            n = f * paragraphs + p
            place, thing = _PLACES[n % 10], _THINGS[(n // 10) % 10]
            paras.append(f"Ledger {f} entry {p} records the {thing} of {place} rebuilt in {1700 + n % 300}. "
                         f"Its warden number {n} kept the keys for {3 + n % 40} years.")
        (root / f"ledger-{f:02d}.txt").write_text("\n\n".join(paras) + "\n", encoding="utf-8")
    return root


def expected_ids(corpus: Path, embedder) -> tuple[set[str], set[str]]:
    chunks = [c for path in sorted(corpus.iterdir()) for c in chunk_text(
        path.read_text(encoding="utf-8"), str(path.resolve()), max_tokens=embedder.max_tokens, count_tokens=embedder.count_tokens)]
    return {c.id for c in chunks}, {f"{c.id}:{i}" for c in chunks for i in range(len(c.sentences))}


def env(**extra: str) -> dict:
    base = {k: v for k, v in os.environ.items() if k != "QA_CHROMA_HOST"}
    return {**base, **extra}


def qa(data: Path, *args: str, **extra: str) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "qa.cli", *args, "--data-dir", str(data)], env=env(**extra),
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    return proc


def stored_rows(data: Path) -> int:
    """Rows Chroma has written so far (both collections), read straight from its sqlite file."""
    db = data / "chroma" / "chroma.sqlite3"
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT count(*) FROM embeddings").fetchone()[0]
    except sqlite3.Error:  # tables not created yet, or the writer holds the lock this instant
        return 0


def kill_midway(data: Path, corpus: Path, after_rows: int) -> None:
    """Start ``qa ingest``, SIGKILL it once ``after_rows`` rows are stored; fail if it finished first."""
    # Small batches make many writes, so the kill lands between and inside them.
    proc = subprocess.Popen([sys.executable, "-m", "qa.cli", "ingest", str(corpus), "--data-dir", str(data)],
                            env=env(QA_EMBED_BATCH_SIZE="4"), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 900
    try:
        while stored_rows(data) < after_rows:
            assert proc.poll() is None, f"the ingest ended before it could be killed: {proc.stderr.read().decode()[-2000:]}"
            assert time.monotonic() < deadline, "the ingest wrote too little in 15 minutes"
            time.sleep(0.1)
        time.sleep(0.3)  # land anywhere in the next write, not just after a commit
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=60)
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL


def inspect(data: Path) -> dict:
    proc = subprocess.run([sys.executable, "-c", _INSPECT, str(data)], env=env(), capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def assert_complete(data: Path, chunk_ids: set[str], sentence_ids: set[str]) -> None:
    """Every chunk and sentence exactly once, in the rows and in the vector indexes."""
    state = inspect(data)
    for name, expected in (("chunks", chunk_ids), ("sentences", sentence_ids)):
        rows, hnsw = state[name], state[f"hnsw_{name}"]
        assert len(rows) == len(set(rows)) == state[f"{name[:-1]}_count"], f"duplicate {name}"
        assert set(rows) == expected, f"{name}: {len(expected - set(rows))} missing, {len(set(rows) - expected)} extra"
        assert len(hnsw) == len(set(hnsw)) and set(hnsw) == expected, f"{name}: the vector index disagrees with the rows"


def crash_and_recover(tmp_path: Path, embedder, files: int, paragraphs: int, kill_after_rows: int) -> None:
    corpus = make_corpus(tmp_path / "corpus", files, paragraphs)
    data = tmp_path / "data"
    chunk_ids, sentence_ids = expected_ids(corpus, embedder)
    assert len(chunk_ids) == files * paragraphs

    kill_midway(data, corpus, kill_after_rows)
    partial = inspect(data)
    assert 0 < partial["chunk_count"] < len(chunk_ids), "the kill did not land in the middle of the ingest"
    assert set(partial["chunks"]) <= chunk_ids

    report = json.loads(qa(data, "ingest", str(corpus), "--json").stdout)
    assert report["counts"]["failed"] == 0
    assert report["chunks_embedded"] == len(chunk_ids) - partial["chunk_count"]

    assert_complete(data, chunk_ids, sentence_ids)
    status = json.loads(qa(data, "status", "--json").stdout)
    assert status["consistent"] is True and status["chunks"] == len(chunk_ids) and status["sentences"] == len(sentence_ids)
    again = json.loads(qa(data, "ingest", str(corpus), "--json").stdout)
    assert again["chunks_embedded"] == 0 and again["counts"]["unchanged"] == files


@pytest.mark.slow
def test_kill_during_ingest_of_hundreds_of_chunks(tmp_path, embedder):
    crash_and_recover(tmp_path, embedder, files=3, paragraphs=120, kill_after_rows=150)


@pytest.mark.slow
def test_kill_past_chromas_sync_threshold_then_restart(tmp_path, embedder):
    # Chroma persists its vector index every 1,000 records and replays the rest of
    # its log at start-up: kill after that threshold has been crossed, recover in
    # a new process, and check the index from yet another one.
    crash_and_recover(tmp_path, embedder, files=4, paragraphs=300, kill_after_rows=1500)
