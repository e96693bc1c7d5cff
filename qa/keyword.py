"""The keyword index (BM25, bm25s) over chunks and over sentences.

It is derived from the store: built from Chroma's contents, saved under the
data dir with the store's generation token, and rebuilt whenever that token
(or the store's counts) no longer match, or the saved copy is not sound: each
load checks its files against the digests saved with them, the BM25 arrays
against the catalogue, and runs one search.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import re
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .types import Chunk
from .words import LUCENE_STOP_WORDS, WORD, stemmer

log = logging.getLogger("qa.keyword")

# Lucene/Anserini's short-passage parameters; on SQuAD they beat bm25s' defaults (1.5, 0.75).
_K1, _B = 0.9, 0.4
_STOP = sorted(LUCENE_STOP_WORDS)
_CATALOGUE = "catalogue.json"
# sha256 of every other file of a saved index, written last: a file that changed after the save
# (a bad disk, a hand edit, a half-copied folder) makes the whole index invalid.
_MANIFEST = "manifest.json"
# The BM25 parameters a saved model must have been built with, as bm25s saves them.
_PARAMS = ("k1", "b", "delta", "method", "idf_method", "dtype", "int_dtype", "backend")


class _Invalid(Exception):
    """A saved index that loads but must not be used."""


class _Outdated(_Invalid):
    """A sound index saved by an older version: rebuilt as a matter of course, no fault."""


# A command's one-letter option ("git commit -a", "tar -x"): bm25s keeps words of two characters or more, so it is
# indexed as a word of its own ("opt_a"), in the passages and in the question alike.
_SHORT_OPTION = re.compile(r"(?<![\w-])-([A-Za-z0-9])(?![\w-])")
# A version or a decimal ("Debian 4.0", "3.7.0", "1.5"): bm25s would keep none of its one-digit parts, so it is
# indexed whole ("4_0").
_DOTTED_NUMBER = re.compile(r"(?<![\w.])(\d+(?:\.\d+)+)(?![\w]|\.\d)")
# What the words indexed are made from; a saved index of another version is rebuilt. 2: one-letter options.
# 3: versions and decimals.
TOKENIZER_VERSION = 3


def _tokenize(texts: list[str], **options):
    import bm25s

    texts = [_DOTTED_NUMBER.sub(lambda m: " " + m.group(1).replace(".", "_") + " ", _SHORT_OPTION.sub(r" opt_\1 ", text))
             for text in texts]
    return bm25s.tokenize(texts, stopwords=_STOP, stemmer=stemmer(), show_progress=False, **options)


def _new_bm25():
    import bm25s

    return bm25s.BM25(k1=_K1, b=_B)


def _bm25_over(texts: list[str]):
    """A BM25 model over ``texts``; None when they hold no word that is not a stop word
    (bm25s cannot index an empty vocabulary, and there is nothing to find)."""
    tokens = _tokenize(texts)
    if not tokens.vocab:
        return None
    model = _new_bm25()
    model.index(tokens, show_progress=False)
    return model


def _digest(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _digests(directory: Path) -> dict[str, str]:
    """sha256 of each file under ``directory`` but the manifest, by path relative to it."""
    return {path.relative_to(directory).as_posix(): _digest(path)
            for path in sorted(directory.rglob("*")) if path.is_file() and path.name != _MANIFEST}


def _load_bm25(directory: Path, n_docs: int):
    """The bm25s model saved in ``directory``, checked against the ``n_docs`` rows it must score.

    The checks cost a pass over the arrays and one search, far less than a rebuild, and catch
    what bm25s loads without a word: default parameters for an emptied params file, arrays
    whose sizes or values cannot be an index, a vocabulary that does not match the columns.
    """
    import bm25s

    model = bm25s.BM25.load(str(directory))
    reference = _new_bm25()
    if any(getattr(model, name) != getattr(reference, name) for name in _PARAMS):
        raise _Invalid("BM25 parameters differ from the ones the index is built with")
    scores = model.scores
    data, indices, indptr = (np.asarray(scores[name]) for name in ("data", "indices", "indptr"))
    if scores.get("num_docs") != n_docs:
        raise _Invalid(f"{scores.get('num_docs')} rows where the catalogue has {n_docs}")
    if (data.ndim, indices.ndim, indptr.ndim) != (1, 1, 1) or data.dtype.kind != "f" \
            or indices.dtype.kind not in "iu" or indptr.dtype.kind not in "iu":
        raise _Invalid("score arrays of the wrong shape or type")
    if not len(indptr) or indptr[0] != 0 or indptr[-1] != len(data) or len(indices) != len(data) \
            or np.any(np.diff(indptr) < 0):
        raise _Invalid("score arrays whose pointers do not match their lengths")
    if len(indices) and (indices.min() < 0 or indices.max() >= n_docs):
        raise _Invalid("score arrays pointing outside the rows")
    # bm25s writes each column's rows once each, in increasing order.
    first = np.zeros(len(indices), dtype=bool)
    first[indptr[:-1][indptr[:-1] < len(indices)]] = True
    if np.any((np.diff(indices.astype(np.int64)) <= 0) & ~first[1:]):
        raise _Invalid("a column that lists rows twice or out of order")
    # A Lucene BM25 score is an idf, log(1 + (N - df + 0.5) / (df + 0.5)) < log(1 + N), times a
    # term-frequency factor tf / (tf + k1 * ...) in (0, 1): anything else is not a score (NaN fails too).
    if len(data) and not (np.all(data > 0) and data.max() < np.log1p(n_docs)):
        raise _Invalid("scores outside what Lucene BM25 gives")
    terms = sorted(i for token, i in model.vocab_dict.items() if token)  # "" is bm25s' empty-query token
    if terms != list(range(len(indptr) - 1)):
        raise _Invalid("a vocabulary that does not match the score columns")
    if terms:
        # One real search down the path queries take: whatever else bm25s needs shows up here.
        token = next(t for t, i in model.vocab_dict.items() if i == 0)
        docs, found = model.retrieve([[token]], k=1, show_progress=False, n_threads=1)
        if not (0 <= int(docs[0][0]) < n_docs and np.isfinite(found).all()):
            raise _Invalid("a search that returns no row")
    return model


@dataclass(frozen=True)
class KeywordIndex:
    """BM25 over chunk texts and sentence texts, plus the chunk catalogue they came from."""

    generation: str
    chunks: dict[str, Chunk]
    sentence_owner: list[tuple[str, int]]  # (chunk id, sentence index) per sentence row
    _chunk_ids: list[str]
    _chunk_bm25: object | None
    _sentence_bm25: object | None

    @classmethod
    def build(cls, chunks: list[Chunk], generation: str) -> "KeywordIndex":
        chunk_ids = [c.id for c in chunks]
        owner = [(c.id, i) for c in chunks for i in range(len(c.sentences))]
        sentence_texts = [c.text[a:b] for c in chunks for a, b in c.sentences]
        chunk_bm25 = _bm25_over([c.keyword_text for c in chunks]) if chunks else None
        sentence_bm25 = _bm25_over(sentence_texts) if sentence_texts else None
        return cls(generation, {c.id: c for c in chunks}, owner, chunk_ids, chunk_bm25, sentence_bm25)

    @functools.cached_property
    def _in_order(self) -> tuple[dict[str, list[str]], dict[str, int]]:
        """Each document's chunk ids in the order of their text, and each id's place there: built once, when asked."""
        by_source: dict[str, list[Chunk]] = {}
        for c in self.chunks.values():
            by_source.setdefault(c.source, []).append(c)
        order = {source: [c.id for c in sorted(cs, key=lambda c: c.start)] for source, cs in by_source.items()}
        return order, {cid: i for ids in order.values() for i, cid in enumerate(ids)}

    def of_document(self, source: str) -> list[Chunk]:
        """The chunks of the document ``source``, in the order of its text (none for a document not in the index)."""
        order, _ = self._in_order
        return [self.chunks[cid] for cid in order.get(source, [])]

    def following(self, chunk: Chunk) -> Chunk | None:
        """The chunk that comes after ``chunk`` in its document, or None (the last, or one not in the index)."""
        order, place = self._in_order
        at = place.get(chunk.id)
        ids = order.get(chunk.source, [])
        return self.chunks[ids[at + 1]] if at is not None and at + 1 < len(ids) else None

    def is_fresh(self, generation: str, counts: tuple[int, int] | None = None) -> bool:
        """Built from the store as it is now: the same generation token and, when given, the same
        (chunks, sentences) counts. The one rule for answering from the index and for ``status``."""
        return self.generation == generation and (counts is None or (self.n_chunks, self.n_sentences) == tuple(counts))

    def _search(self, model, n_docs: int, query: str, n: int) -> list[tuple[int, float]]:
        if model is None or not WORD.search(query):
            return []
        tokens = _tokenize([query], return_ids=False)
        if not tokens or not tokens[0]:
            return []
        docs, scores = model.retrieve(tokens, k=min(n, n_docs), show_progress=False, n_threads=1)
        return [(int(d), float(s)) for d, s in zip(docs[0], scores[0]) if s > 0]

    def search_chunks(self, query: str, n: int) -> dict[str, float]:
        """Chunk id -> BM25 score for the ``n`` best chunks."""
        return {self._chunk_ids[d]: s for d, s in self._search(self._chunk_bm25, len(self._chunk_ids), query, n)}

    def search_sentences(self, query: str, n: int) -> list[tuple[str, int, float]]:
        """(chunk id, sentence index, BM25 score) for the ``n`` best sentences."""
        return [(*self.sentence_owner[d], s) for d, s in self._search(self._sentence_bm25, len(self.sentence_owner), query, n)]

    # -- persistence -----------------------------------------------------------
    def save(self, directory: Path) -> None:
        # A name of its own: several processes (readers too) may save the same index at once.
        tmp = directory.with_name(f"{directory.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}")
        tmp.mkdir(parents=True)
        if self._chunk_bm25 is not None:
            self._chunk_bm25.save(str(tmp / "chunks"))
        if self._sentence_bm25 is not None:
            self._sentence_bm25.save(str(tmp / "sentences"))
        catalogue = [c.__dict__ for c in self.chunks.values()]
        (tmp / _CATALOGUE).write_text(json.dumps({"generation": self.generation, "chunks": catalogue, "order": self._chunk_ids,
                                                  "tokenizer": TOKENIZER_VERSION}))
        (tmp / _MANIFEST).write_text(json.dumps({"files": _digests(tmp)}))
        # Swap in by renames so a reader never sees half an index.
        old = directory.with_name(f"{directory.name}.old-{os.getpid()}-{uuid.uuid4().hex[:8]}")
        try:
            with contextlib.suppress(FileNotFoundError):
                directory.rename(old)
            tmp.rename(directory)
        except OSError:
            # Another process swapped in its copy between our renames; its copy is as good.
            shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, directory: Path) -> "KeywordIndex | None":
        """The index saved in ``directory``, or None when there is none or it is not sound:
        then the caller rebuilds it from the store. Never raises."""
        try:
            # The folder is only ever replaced whole (see save): the same one before and after
            # means every file read here came from one save.
            folder = directory.stat().st_ino
        except OSError:
            return None  # none saved yet
        try:
            index = cls._load(directory)
            if directory.stat().st_ino == folder:
                return index
        except Exception as exc:  # noqa: BLE001 - a cache: anything wrong with it means rebuild it
            with contextlib.suppress(OSError):
                if directory.stat().st_ino == folder:
                    log.log(logging.INFO if isinstance(exc, _Outdated) else logging.WARNING,
                            "the keyword index in %s is not usable (%s); it will be rebuilt from the store",
                            directory, str(exc) or type(exc).__name__)
        # Otherwise another process swapped in its copy while this one read: not an error.
        return None

    @staticmethod
    def _catalogue(directory: Path) -> tuple[str, dict[str, Chunk], list[str]]:
        """The saved generation, chunks and chunk order, once every file matches the manifest."""
        if not (directory / _MANIFEST).is_file():
            raise _Invalid("no manifest: saved by an older version, or only in part")
        manifest = json.loads((directory / _MANIFEST).read_text())
        if _digests(directory) != manifest["files"]:
            raise _Invalid("its files differ from the ones saved")
        data = json.loads((directory / _CATALOGUE).read_text())
        if data.get("tokenizer") != TOKENIZER_VERSION:
            raise _Outdated("its words were made by another version")
        if not isinstance(data["generation"], str):
            raise _Invalid("no generation token")
        chunks = {d["id"]: Chunk(**d) for d in data["chunks"]}
        order = list(data["order"])
        if len(chunks) != len(data["chunks"]) or len(order) != len(chunks) or set(order) != set(chunks):
            raise _Invalid("a chunk order that does not match its chunks")
        for c in chunks.values():
            if not all(0 <= a < b <= len(c.text) for a, b in c.sentences):
                raise _Invalid(f"sentence offsets outside chunk {c.id}")
        return data["generation"], chunks, order

    @classmethod
    def catalogue(cls, directory: Path) -> "tuple[str, dict[str, Chunk]] | None":
        """The generation and chunks a saved index was built from, without loading its BM25 models
        (for a quick ``status``); None when there is none or its files do not match their manifest."""
        try:
            generation, chunks, _ = cls._catalogue(directory)
        except Exception:  # noqa: BLE001 - like load: anything wrong means "cannot tell"
            return None
        return generation, chunks

    @classmethod
    def _load(cls, directory: Path) -> "KeywordIndex":
        generation, chunks, order = cls._catalogue(directory)
        owner = [(cid, i) for cid in order for i in range(len(chunks[cid].sentences))]
        # A model is missing only when its texts held no word to index (see build).
        chunk_bm25 = _load_bm25(directory / "chunks", len(order)) if (directory / "chunks").is_dir() else None
        sentence_bm25 = _load_bm25(directory / "sentences", len(owner)) if (directory / "sentences").is_dir() else None
        return cls(generation, chunks, owner, order, chunk_bm25, sentence_bm25)

    @property
    def n_chunks(self) -> int:
        return len(self._chunk_ids)

    @property
    def n_sentences(self) -> int:
        return len(self.sentence_owner)


def max_by_chunk(rows: list[tuple[str, int, float]]) -> dict[str, float]:
    """Best sentence score per chunk."""
    best: dict[str, float] = {}
    for cid, _, score in rows:
        if score > best.get(cid, -np.inf):
            best[cid] = score
    return best
