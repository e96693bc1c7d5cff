"""What deleting a document leaves in Chroma's own sqlite tables and vector index."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import httpx
import numpy as np
import pytest

from qa.errors import StoreError
from qa.settings import Settings
from qa.store import ChromaStore
from qa.types import Chunk
from helpers import HOST


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


def test_a_chunk_asked_for_twice_has_its_sentence_vectors_read_once(loaded):
    chunk = next(c for c in loaded.keyword_index().chunks.values() if c.sentences)
    twice = loaded.store.sentence_vectors([chunk, chunk])
    assert list(twice) == [chunk.id] and twice[chunk.id].shape == (len(chunk.sentences), 384)


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


def rows(n: int) -> tuple[list[Chunk], np.ndarray, list[np.ndarray]]:
    """``n`` chunks of two sentences each, with unit vectors that need no model."""
    rng = np.random.default_rng(1)
    chunks = [Chunk(id=f"row{i}", source="/rows.txt", title="", paragraph=i + 1, part=0, start=0, end=11,
                    text="One. Two.", sentences=[(0, 4), (5, 9)]) for i in range(n)]
    vecs = rng.normal(size=(n, 384)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    return chunks, vecs, [np.stack([v, v]) for v in vecs]


def transport_error_behind(exc: BaseException) -> BaseException | None:
    while exc is not None and not isinstance(exc, httpx.TransportError):
        exc = exc.__cause__ or exc.__context__
    return exc


def test_a_dead_server_is_a_store_error_that_keeps_its_cause(server, tmp_path, caplog):
    """Every call of a store whose server was killed mid-session: one line, the original exception as __cause__."""
    store = ChromaStore(Settings(data_dir=tmp_path / "app", chroma_host=HOST, chroma_port=server.port))
    chunks, vecs, svecs = rows(3)
    store.add(chunks, vecs, svecs)
    assert store.counts() == (3, 6)

    server.kill()
    calls = {
        "generation": store.generation,
        "counts": store.counts,
        "ids_by_source": store.ids_by_source,
        "iter_chunks": lambda: list(store.iter_chunks()),
        "query_chunks": lambda: store.query_chunks(vecs[0], 3),
        "query_sentences": lambda: store.query_sentences(vecs[0], 3),
        "sentence_vectors": lambda: store.sentence_vectors(chunks),
        "add": lambda: store.add(chunks[:1], vecs[:1], svecs[:1]),
        "delete": lambda: store.delete([chunks[0].id]),
        "relabel": lambda: store.relabel(chunks[:1]),
        "versions_by_source": store.versions_by_source,
    }
    for name, call in calls.items():
        with caplog.at_level(logging.DEBUG, logger="qa.store"), pytest.raises(StoreError) as caught:
            call()
        error = caught.value
        message = str(error)
        assert message.startswith(f"the Chroma server at {HOST}:{server.port} stopped answering ("), (name, message)
        assert message.endswith("); is it running?") and "\n" not in message, (name, message)
        assert error.__cause__ is not None and not isinstance(error.__cause__, StoreError), name
        assert error.__suppress_context__, name  # raised ``from`` its cause
        assert transport_error_behind(error.__cause__) is not None, (name, repr(error.__cause__))


def test_no_server_at_the_address_is_a_store_error_that_keeps_its_cause(tmp_path, free_port):
    with pytest.raises(StoreError) as caught:
        ChromaStore(Settings(data_dir=tmp_path / "app", chroma_host="127.0.0.1", chroma_port=free_port))
    assert str(caught.value) == f"cannot reach the Chroma server at 127.0.0.1:{free_port} (ConnectError); is it running?"
    assert caught.value.__cause__ is not None and transport_error_behind(caught.value.__cause__) is not None
    assert not (tmp_path / "app").exists()


def test_an_embedded_store_that_cannot_be_opened_is_a_store_error_that_keeps_its_cause(tmp_path):
    (tmp_path / "app").write_text("a file where the data dir should be")
    with pytest.raises(StoreError) as caught:
        ChromaStore(Settings(data_dir=tmp_path / "app", chroma_host=""))
    assert str(caught.value).startswith(f"the store at {tmp_path / 'app' / 'chroma'} cannot be opened: ")
    assert isinstance(caught.value.__cause__, OSError)


def test_chromadb_is_imported_without_overrides_checks_and_overrides_is_left_as_it_was():
    """The light stand-in for ``@override`` is used only while chromadb's classes are defined."""
    import subprocess
    import sys

    code = ("import overrides, sys\n"
            "real = overrides.override\n"
            "from qa.store import import_chromadb\n"
            "chromadb = import_chromadb()\n"
            "from chromadb.api.rust import RustBindingsAPI\n"
            "method = RustBindingsAPI.get_or_create_collection\n"
            "print(overrides.override is real, getattr(method, '__override__', False), sys.modules['overrides.overrides'].override is real)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.split() == ["True", "True", "True"], out
