"""The vector store: two Chroma collections.

``<name>_chunks`` holds the passages with their chunk vectors, written through
LlamaIndex's ChromaVectorStore; ``<name>_sentences`` holds one bare vector per
sentence, named after its chunk. Chroma is the source of
truth; a generation token in the chunk collection's metadata changes on every
write, so derived indexes (and other processes) can tell when they are stale.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import sqlite3
import sys
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Protocol

import numpy as np

from .types import Chunk
from .errors import QAError, StoreError
from .settings import Settings

log = logging.getLogger("qa.store")

_PAGE = 2000


class VectorStore(Protocol):
    """What the engine needs from a vector store; :class:`ChromaStore` is the one we ship."""

    def generation(self) -> str: ...
    def ids_by_source(self) -> dict[str, set[str]]: ...
    def versions_by_source(self) -> dict[str, dict[str, tuple[str, int]]]: ...
    def add(self, chunks: list[Chunk], chunk_vecs: np.ndarray, sentence_vecs: list[np.ndarray]) -> None: ...
    def delete(self, chunk_ids: list[str]) -> None: ...
    def relabel(self, chunks: list[Chunk]) -> None: ...
    def iter_chunks(self) -> Iterator[Chunk]: ...
    def query_chunks(self, vector: np.ndarray, n: int) -> dict[str, float]: ...
    def query_sentences(self, vector: np.ndarray, n: int) -> list[tuple[str, int, float]]: ...
    def sentence_vectors(self, chunks: list[Chunk]) -> dict[str, np.ndarray]: ...
    def counts(self) -> tuple[int, int]: ...
    def unreadable(self) -> set[str]: ...
    def is_damage(self, error: BaseException) -> bool: ...
    def reset(self) -> None: ...
    def vectors(self) -> str | None: ...
    def mark_vectors(self, name: str) -> None: ...
    def collections(self) -> list[str]: ...
    def drop(self) -> None: ...
    def rename(self, name: str) -> None: ...


def import_chromadb():
    """``chromadb``, imported without the import-time self-checks of the ``overrides`` package.

    chromadb marks about 160 methods with ``overrides``' ``@override``, which checks each
    signature against its base class by disassembling the caller's bytecode when the
    class is defined: about 0.3 s of every cold start on the 2-core machine this is built
    for (1.14 s against 0.85 s for the import). Those checks guard chromadb's own
    development; the decorator hands back each method unchanged either way. The light
    stand-in is in place only while chromadb's classes are defined, so any other user of
    ``overrides`` in the process keeps the real one.
    """
    if "chromadb" in sys.modules:
        return sys.modules["chromadb"]
    try:
        import overrides
    except ImportError:  # a chromadb that no longer uses it
        import chromadb

        return chromadb
    home = sys.modules.get("overrides.overrides")
    real = {(m, name): getattr(m, name) for m in (overrides, home) if m is not None
            for name in ("override", "overrides") if hasattr(m, name)}

    def mark(method=None, **_checks):
        if method is None:
            return mark
        method.__override__ = True  # what EnforceOverrides looks for
        return method

    for (module, name) in real:
        setattr(module, name, mark)
    try:
        import chromadb
    finally:
        for (module, name), value in real.items():
            setattr(module, name, value)
    return chromadb


def chroma_names(collection: str) -> tuple[str, str]:
    """The Chroma collections that hold collection ``collection``: its chunks and its sentences."""
    return f"{collection}_chunks", f"{collection}_sentences"


@dataclass(frozen=True)
class Tables:
    """What an embedded store's own tables say it holds, read without starting Chroma."""

    where: str
    generation: str
    chunk_sources: dict[str, str]  # chunk id -> source
    sentences: int


# The files Chroma keeps for a persisted vector index (one folder per vector segment).
_HNSW_FILES = ("header.bin", "data_level0.bin", "length.bin", "link_lists.bin")


def read_tables(settings: Settings) -> Tables | None:
    """The store's rows as Chroma's SQLite tables list them, for a quick ``status``.

    Read-only and without importing chromadb (which alone takes most of a second).
    None whenever this cannot tell for sure: a Chroma server, no store yet, tables laid
    out as this code does not know them, a collection's vector index not on disk. The
    caller then asks Chroma itself. Vectors are not read back here.
    """
    path = settings.data_dir / "chroma"
    database = path / "chroma.sqlite3"
    if settings.chroma_host or not database.is_file():
        return None
    names = chroma_names(settings.collection)
    try:
        with contextlib.closing(sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True, timeout=1.0)) as db:
            found = []
            for name in names:
                rows = db.execute("SELECT id FROM collections WHERE name = ?", (name,)).fetchall()
                if len(rows) != 1:
                    return None
                segments = dict(db.execute("SELECT scope, id FROM segments WHERE collection = ?", (rows[0][0],)).fetchall())
                if set(segments) != {"METADATA", "VECTOR"}:
                    return None
                count = db.execute("SELECT COUNT(*) FROM embeddings WHERE segment_id = ?", (segments["METADATA"],)).fetchone()[0]
                if count and not all((path / segments["VECTOR"] / f).is_file() for f in _HNSW_FILES):
                    return None  # lost or never saved: Chroma's own reading will tell which
                found.append((rows[0][0], segments["METADATA"], count))
            (chunks_id, chunk_segment, _), (_, _, sentences) = found
            token = db.execute("SELECT str_value FROM collection_metadata WHERE collection_id = ? AND key = 'generation'",
                               (chunks_id,)).fetchone()
            sources = dict(db.execute(
                "SELECT e.embedding_id, m.string_value FROM embeddings e "
                "LEFT JOIN embedding_metadata m ON m.id = e.id AND m.key = 'source' WHERE e.segment_id = ?",
                (chunk_segment,)).fetchall())
    except sqlite3.Error:
        return None
    return Tables(str(path), str(token[0]) if token else "", sources, int(sentences))


def _client(settings: Settings, path: Path):
    """A Chroma client: HTTP to the configured server (checked with a heartbeat), else embedded at ``path``."""
    chromadb = import_chromadb()
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_host:
        client = chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
        client.heartbeat()
        return client
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


def _transport_error(exc: BaseException) -> BaseException | None:
    """The httpx transport error (connection refused, reset, timed out) behind ``exc``, if any.

    chromadb re-raises some of them as a ``ValueError`` without ``from``, so the
    implicit context is followed too.
    """
    import httpx

    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, httpx.TransportError):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


def _disk_full(exc: BaseException) -> bool:
    """True when ``exc`` (or what it wraps) says the disk is full."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
            return True
        if any(s in str(exc).lower() for s in ("disk is full", "no space left", "database or disk is full")):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


class _Gate:
    """Many calls through the client at once, or one reopening it: a reopen waits for calls in flight."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._calls = 0
        self._closed = False

    @contextlib.contextmanager
    def call(self) -> Iterator[None]:
        with self._cond:
            while self._closed:
                self._cond.wait()
            self._calls += 1
        try:
            yield
        finally:
            with self._cond:
                self._calls -= 1
                self._cond.notify_all()

    @contextlib.contextmanager
    def reopen(self) -> Iterator[None]:
        with self._cond:
            while self._closed or self._calls:
                self._cond.wait()
            self._closed = True
        try:
            yield
        finally:
            with self._cond:
                self._closed = False
                self._cond.notify_all()


def _sentence_id(chunk_id: str, index: int) -> str:
    """Sentence rows are named after their chunk, so no metadata is needed to place them."""
    return f"{chunk_id}:{index}"


def _chunk_from(cid: str, text: str, meta: dict) -> Chunk:
    return Chunk(
        id=cid, source=meta["source"], title=meta.get("title", ""), paragraph=int(meta["paragraph"]),
        part=int(meta.get("part", 0)), start=int(meta["start"]), end=int(meta["end"]), text=text,
        sentences=[tuple(s) for s in json.loads(meta.get("sentences", "[]"))], document_sha256=meta.get("document_sha256", ""),
        section=meta.get("section", ""), pages=[tuple(p) for p in json.loads(meta.get("pages", "[]"))],
        reader_version=int(meta.get("reader_version", 0)),
    )


def _metadata(chunk: Chunk) -> dict:
    """What Chroma keeps beside a chunk's text and vector."""
    return {"source": chunk.source, "title": chunk.title, "paragraph": chunk.paragraph, "part": chunk.part,
            "start": chunk.start, "end": chunk.end, "sentences": json.dumps(chunk.sentences),
            "document_sha256": chunk.document_sha256, "section": chunk.section, "pages": json.dumps(chunk.pages),
            "reader_version": chunk.reader_version}


class ChromaStore:
    """Chunks and sentence vectors in Chroma: embedded under the data dir, or on a Chroma server."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._path = settings.data_dir / "chroma"
        self._server = f"{settings.chroma_host}:{settings.chroma_port}" if settings.chroma_host else ""
        self.where = f"chroma server {self._server}" if self._server else str(self._path)
        self._names = chroma_names(settings.collection)
        self._gate = _Gate()
        self._open()
        # The generation this client's view of the store reflects: its own last write, or what it loaded.
        self._seen = self._read_generation()

    def _open(self) -> None:
        config = {"hnsw": {"space": "cosine", "ef_construction": 200, "ef_search": 256}}
        with self._chroma("reached" if self._server else "opened"):
            self.client = _client(self._settings, self._path)
        with self._chroma("opened"):
            # embedding_function=None: we always pass vectors; Chroma's default would download a model.
            self.chunks = self.client.get_or_create_collection(self._names[0], embedding_function=None, configuration=config)
            self.sentences = self.client.get_or_create_collection(self._names[1], embedding_function=None, configuration=config)

    @property
    def chunk_store(self):
        """LlamaIndex's view of the chunk collection, for writes; made when first written, since importing
        LlamaIndex costs more than a whole question."""
        from llama_index.vector_stores.chroma import ChromaVectorStore

        made = getattr(self, "_chunk_store", None)
        if made is None or made[0] is not self.chunks:  # a reopened client has new collection objects
            made = self._chunk_store = (self.chunks, ChromaVectorStore(chroma_collection=self.chunks))
        return made[1]

    @contextlib.contextmanager
    def _chroma(self, done: str) -> Iterator[None]:
        """Wraps calls into Chroma: whatever they raise leaves as one :class:`StoreError` line, its cause kept.

        ``done`` says what was being done to the store: "reached", "opened", "read", "written" or "changed"
        (a collection dropped or renamed, under the gate already).
        """
        gate = self._gate.call() if done in ("read", "written") else contextlib.nullcontext()
        try:
            with gate:
                yield
        except QAError:
            raise
        except Exception as exc:
            transport = _transport_error(exc) if self._server else None
            if _disk_full(exc):
                message = f"the disk holding the store ({self.where}) is full; free some space and try again"
            elif transport is not None and done == "reached":
                message = f"cannot reach the Chroma server at {self._server} ({type(transport).__name__}); is it running?"
            elif transport is not None:
                message = f"the Chroma server at {self._server} stopped answering ({type(transport).__name__}); is it running?"
            else:
                place = f"the store on the Chroma server at {self._server}" if self._server else f"the store at {self.where}"
                detail = " ".join(str(exc).split())
                detail = f"{type(exc).__name__}: {detail[:300]}" if detail else type(exc).__name__
                message = f"{place} cannot be {done}: {detail}"
            raise StoreError(message) from exc

    # -- state -----------------------------------------------------------------
    def _read_generation(self) -> str:
        with self._chroma("read"):
            meta = self.client.get_collection(self._names[0], embedding_function=None).metadata or {}
        # Carried into every new generation token: Chroma replaces a collection's metadata whole.
        self._vectors = str(meta["vectors"]) if meta.get("vectors") else None
        return str(meta.get("generation", ""))

    def vectors(self) -> str | None:
        """Which encoder's vectors the store holds, as recorded at its last ingest (None: not recorded)."""
        self._read_generation()
        return self._vectors

    def mark_vectors(self, name: str) -> None:
        """Record that the store's vectors are encoder ``name``'s (a write: the generation changes)."""
        self.generation()
        self._vectors = name
        self._bump()

    def generation(self) -> str:
        """Changes whenever any process writes; empty for a store never written.

        An embedded client keeps the vectors it loaded: another process's writes
        are in Chroma's tables but not in its vector index, and a write through
        it would save that stale index over theirs. So when the token shows that
        someone else wrote, the client is reopened first, and its view is current again.
        """
        token = self._read_generation()
        if token != self._seen and not self._server:
            self._reopen(token)
        return token

    def _reopen(self, token: str) -> None:
        with self._gate.reopen():
            if token == self._seen:  # another thread reopened it meanwhile
                return
            log.info("the store at %s was changed by another process; reopening it", self.where)
            with contextlib.suppress(Exception):  # the old client only has to let go
                self.client.close()
            self._open()
            self._seen = token

    def _bump(self, after_failure: bool = False) -> None:
        """A new generation token.

        After a failed write, the write's error is the one raised: a failure here
        (almost always the same outage) is only logged, at debug level, so the
        CLI still shows one line.
        """
        token = uuid.uuid4().hex
        try:
            with self._chroma("written"):
                self.chunks.modify(metadata={"generation": token, **({"vectors": self._vectors} if self._vectors else {})})
            self._seen = token
        except StoreError as exc:
            if not after_failure:
                raise
            log.debug("the generation token was not renewed after a failed write: %s", exc, exc_info=True)

    def counts(self) -> tuple[int, int]:
        with self._chroma("read"):
            return self.chunks.count(), self.sentences.count()

    def _pages(self, collection, include: list[str], where: dict | None = None) -> Iterator[dict]:
        offset = 0
        while True:
            with self._chroma("read"):
                page = collection.get(include=include, limit=_PAGE, offset=offset, where=where)
            if not page["ids"]:
                return
            yield page
            if len(page["ids"]) < _PAGE:
                return
            offset += _PAGE

    def ids_by_source(self) -> dict[str, set[str]]:
        return {source: set(chunks) for source, chunks in self.versions_by_source().items()}

    def versions_by_source(self) -> dict[str, dict[str, tuple[str, int]]]:
        """Per source, its stored chunks' ids, each with the document version (sha256) it was read from ("" before
        the record) and the reader version that read it (0 before the record)."""
        found: dict[str, dict[str, tuple[str, int]]] = {}
        for page in self._pages(self.chunks, ["metadatas"]):
            for cid, meta in zip(page["ids"], page["metadatas"]):
                found.setdefault(meta["source"], {})[cid] = (meta.get("document_sha256", ""), int(meta.get("reader_version", 0)))
        return found

    def iter_chunks(self) -> Iterator[Chunk]:
        for page in self._pages(self.chunks, ["metadatas", "documents"]):
            for cid, text, meta in zip(page["ids"], page["documents"], page["metadatas"]):
                yield _chunk_from(cid, text, meta)

    # -- writes ----------------------------------------------------------------
    def add(self, chunks: list[Chunk], chunk_vecs: np.ndarray, sentence_vecs: list[np.ndarray]) -> None:
        """Write chunks and their sentences; sentences first, so a chunk never lacks them."""
        from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode

        if not chunks:
            return
        self.generation()  # never write through a stale view
        sentence_ids, sentence_rows = [], []
        chunk_nodes = []
        for chunk, vec, svecs in zip(chunks, chunk_vecs, sentence_vecs):
            sentence_ids += [_sentence_id(chunk.id, i) for i in range(len(chunk.sentences))]
            sentence_rows += list(svecs[: len(chunk.sentences)])
            chunk_nodes.append(TextNode(
                id_=chunk.id, text=chunk.text, embedding=vec.tolist(),
                relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=chunk.source)},
                metadata=_metadata(chunk),
            ))
        failed = True
        try:
            # Sentence rows are bare vectors, written straight to Chroma: their id
            # ("<chunk id>:<n>") says where they belong and the chunk holds the text,
            # so nothing else is stored twice. ``add`` keeps rows already there: an id
            # fixes its content, so a rerun after a crash is safe.
            with self._chroma("written"):
                for i in range(0, len(sentence_ids), _PAGE):
                    self.sentences.add(ids=sentence_ids[i: i + _PAGE], embeddings=np.asarray(sentence_rows[i: i + _PAGE]))
                self.chunk_store.add(chunk_nodes)
            failed = False
        finally:
            self._bump(after_failure=failed)

    def relabel(self, chunks: list[Chunk]) -> None:
        """Rewrite what is kept beside stored chunks (their place in the document, its version); text and vectors stay."""
        if not chunks:
            return
        self.generation()
        failed = True
        try:
            with self._chroma("written"):
                for i in range(0, len(chunks), _PAGE):
                    part = chunks[i: i + _PAGE]
                    self.chunks.update(ids=[c.id for c in part], metadatas=[_metadata(c) for c in part])
            failed = False
        finally:
            self._bump(after_failure=failed)

    def _sentence_ids(self, chunk_ids: list[str]) -> list[str]:
        with self._chroma("read"):
            found = self.chunks.get(ids=chunk_ids, include=["metadatas"])
        return [_sentence_id(cid, i) for cid, meta in zip(found["ids"], found["metadatas"])
                for i in range(len(json.loads(meta.get("sentences", "[]"))))]

    def delete(self, chunk_ids: list[str]) -> None:
        """Remove chunks and their sentences; sentences first, so none is left orphaned."""
        ids = list(chunk_ids)
        if ids:
            self.generation()  # never write through a stale view
        failed = True
        try:
            for i in range(0, len(ids), 500):
                batch = ids[i: i + 500]
                sentence_ids = self._sentence_ids(batch)
                with self._chroma("written"):
                    if sentence_ids:
                        self.sentences.delete(ids=sentence_ids)
                    self.chunk_store.delete_nodes(batch)
            failed = False
        finally:
            if ids:
                self._bump(after_failure=failed)

    # -- reads for answering ---------------------------------------------------
    # Queries go to the collections directly and ask for distances only: ids carry
    # everything needed, and fetching metadata costs Chroma ~0.1 ms per result.
    # ``n`` is not clamped to count(): Chroma 1.5 returns what it has, while count()
    # scans its sqlite table on every call (a sixth of an ask on the SQuAD store), growing with the store.
    def query_chunks(self, vector: np.ndarray, n: int) -> dict[str, float]:
        """Chunk id -> cosine similarity, for the ``n`` nearest chunks."""
        if n <= 0:
            return {}
        with self._chroma("read"):
            res = self.chunks.query(query_embeddings=[vector.tolist()], n_results=n, include=["distances"])
        return {cid: 1.0 - float(d) for cid, d in zip(res["ids"][0], res["distances"][0])}

    def query_sentences(self, vector: np.ndarray, n: int) -> list[tuple[str, int, float]]:
        """(chunk id, sentence index, cosine) for the ``n`` nearest sentences."""
        if n <= 0:
            return []
        with self._chroma("read"):
            res = self.sentences.query(query_embeddings=[vector.tolist()], n_results=n, include=["distances"])
        rows = []
        for sid, d in zip(res["ids"][0], res["distances"][0]):
            cid, _, index = sid.rpartition(":")
            rows.append((cid, int(index), 1.0 - float(d)))
        return rows

    def sentence_vectors(self, chunks: list[Chunk]) -> dict[str, np.ndarray]:
        """Chunk id -> matrix of its sentence vectors, in sentence order."""
        # (a chunk asked for twice is read once: Chroma refuses a request that names an id twice)
        ids = list(dict.fromkeys(_sentence_id(c.id, i) for c in chunks for i in range(len(c.sentences))))
        if not ids:
            return {}
        with self._chroma("read"):
            res = self.sentences.get(ids=ids, include=["embeddings"])
        found = {sid: np.asarray(vec, dtype=np.float32) for sid, vec in zip(res["ids"], res["embeddings"])}
        out = {}
        for c in chunks:
            rows = [found.get(_sentence_id(c.id, i)) for i in range(len(c.sentences))]
            if rows and all(r is not None for r in rows):
                out[c.id] = np.stack(rows)
        return out

    # -- checks ----------------------------------------------------------------
    def _unreadable_ids(self, collection, ids: list[str]) -> list[str]:
        """The ``ids`` whose vectors Chroma cannot read back: batches first, halving a failed batch down to its culprits."""
        bad: list[str] = []

        def check(batch: list[str]) -> None:
            try:
                collection.get(ids=batch, include=["embeddings"])
                return
            except Exception as exc:
                if _transport_error(exc) is not None or _disk_full(exc):
                    raise
            if len(batch) == 1:
                bad.append(batch[0])
            else:
                check(batch[: len(batch) // 2])
                check(batch[len(batch) // 2:])

        with self._chroma("read"):
            for i in range(0, len(ids), _PAGE):
                check(ids[i: i + _PAGE])
        return bad

    def is_damage(self, error: BaseException) -> bool:
        """True when ``error`` says the embedded vector index itself is damaged (not the disk, not a server)."""
        if self._server or _disk_full(error) or _transport_error(error) is not None:
            return False
        seen: set[int] = set()
        while error is not None and id(error) not in seen:
            text = str(error).lower()
            if "hnsw" in text or "error finding id" in text or "pickle" in text:
                return True
            seen.add(id(error))
            error = error.__cause__ or error.__context__
        return False

    def reset(self) -> None:
        """Drop both collections and make them again, empty: the way back from a vector index that cannot be read."""
        with self._gate.reopen():
            log.warning("dropping the damaged collections of %s", self.where)
            from chromadb.errors import NotFoundError

            for name in self._names:
                with self._chroma("opened"), contextlib.suppress(NotFoundError):
                    self.client.delete_collection(name)
            with contextlib.suppress(Exception):
                self.client.close()
            self._open()
        self._bump()

    # -- collections -----------------------------------------------------------
    def collections(self) -> list[str]:
        """The names of every collection in this Chroma store (each is a chunk and a sentence collection)."""
        with self._chroma("read"):
            found = {getattr(c, "name", c) for c in self.client.list_collections()}
        suffix = chroma_names("")[0]
        return sorted(name for name in (n[: -len(suffix)] for n in found if n.endswith(suffix)) if set(chroma_names(name)) <= found)

    def drop(self) -> None:
        """Delete this store's collections, every row in them; the object is of no use afterwards."""
        from chromadb.errors import NotFoundError

        with self._gate.reopen():  # no call in flight; "changed" errors are mapped without taking the gate again
            for name in self._names:
                with self._chroma("changed"), contextlib.suppress(NotFoundError):
                    self.client.delete_collection(name)

    def rename(self, name: str) -> None:
        """Give this store's collections the names of collection ``name``; the object is of no use afterwards."""
        with self._gate.reopen(), self._chroma("changed"):
            for old, new in zip((self.chunks, self.sentences), chroma_names(name)):
                old.modify(name=new)

    def unreadable(self) -> set[str]:
        """Chunks whose vector, or one of whose sentence vectors, cannot be read back; re-ingest rewrites them."""
        self.generation()
        chunk_ids = [cid for page in self._pages(self.chunks, []) for cid in page["ids"]]
        sentence_ids = [sid for page in self._pages(self.sentences, []) for sid in page["ids"]]
        broken = set(self._unreadable_ids(self.chunks, chunk_ids))
        broken |= {sid.rpartition(":")[0] for sid in self._unreadable_ids(self.sentences, sentence_ids)}
        return broken
