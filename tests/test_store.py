"""What deleting a document leaves in Chroma's own sqlite tables and vector index."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np

from qa.chunk import Chunk


def tables_holding(db: Path, phrase: str) -> set[str]:
    """Tables of Chroma's sqlite file with ``phrase`` in any column (text or blob), read-only."""
    found = set()
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        tables = [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            for column in [row[1] for row in conn.execute(f"PRAGMA table_info('{table}')")]:
                hit = conn.execute(f"SELECT 1 FROM '{table}' WHERE instr(CAST(\"{column}\" AS BLOB), CAST(? AS BLOB)) > 0 LIMIT 1",
                                   (phrase,)).fetchone()
                if hit:
                    found.add(table)
    return found


def test_delete_removes_the_text_from_chromas_tables(assistant, docs):
    assistant.ingest([docs])
    db = assistant.settings.data_dir / "chroma" / "chroma.sqlite3"
    for phrase in ("Tomas Reyes", "Oswin Hale"):
        assert {"embedding_metadata", "embedding_fulltext_search_content"} <= tables_holding(db, phrase)
    bakery = next(d["source"] for d in assistant.documents() if d["source"].endswith("bakery.md"))
    gone = set(assistant.store.ids_by_source()[bakery])

    assert assistant.delete(bakery) == len(gone)

    # Chroma's write-ahead log keeps the original add until the vector index next
    # persists (every 1,000 writes per collection); every data table is clean now.
    assert tables_holding(db, "Tomas Reyes") <= {"embeddings_queue"}
    assert tables_holding(db, "cardamom buns") <= {"embeddings_queue"}
    assert {"embedding_metadata", "embedding_fulltext_search_content"} <= tables_holding(db, "Oswin Hale")
    # The vector indexes return none of its chunks or sentences, even when asked for everything.
    for collection in (assistant.store.chunks, assistant.store.sentences):
        n = collection.count()
        ids = collection.query(query_embeddings=[np.full(384, 384 ** -0.5).tolist()], n_results=n, include=["distances"])["ids"][0]
        assert len(ids) == n and not {i.partition(":")[0] for i in ids} & gone


def test_the_log_forgets_a_deleted_document_once_chroma_persists(assistant, docs):
    assistant.ingest([docs])
    db = assistant.settings.data_dir / "chroma" / "chroma.sqlite3"
    bakery = next(d["source"] for d in assistant.documents() if d["source"].endswith("bakery.md"))
    assistant.delete(bakery)
    assert "embeddings_queue" in tables_holding(db, "Tomas Reyes")

    # Enough later writes to cross Chroma's sync threshold; vectors need not be real for that.
    rng = np.random.default_rng(0)
    filler = [Chunk(id=f"filler{i:05d}", source="/filler.txt", title="", paragraph=i + 1, part=0, start=0, end=10,
                    text=f"filler row {i}", sentences=[]) for i in range(1100)]
    vectors = rng.normal(size=(len(filler), 384)).astype(np.float32)
    assistant.store.add(filler, vectors, [np.zeros((0, 384), np.float32)] * len(filler))

    assert tables_holding(db, "Tomas Reyes") == set()
    assert "embedding_metadata" in tables_holding(db, "Oswin Hale")
