"""The keyword index (BM25, bm25s) over chunks and over sentences.

It is derived from the store: built from Chroma's contents, saved under the
data dir with the store's generation token, and rebuilt whenever that token
(or the store's counts) no longer match.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .types import Chunk
from .words import LUCENE_STOP_WORDS, WORD, stemmer

# Lucene/Anserini's short-passage parameters; on SQuAD they beat bm25s' defaults (1.5, 0.75).
_K1, _B = 0.9, 0.4
_STOP = sorted(LUCENE_STOP_WORDS)


def _tokenize(texts: list[str], **options):
    import bm25s

    return bm25s.tokenize(texts, stopwords=_STOP, stemmer=stemmer(), show_progress=False, **options)


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
        import bm25s

        chunk_ids = [c.id for c in chunks]
        owner = [(c.id, i) for c in chunks for i in range(len(c.sentences))]
        sentence_texts = [c.text[a:b] for c in chunks for a, b in c.sentences]
        chunk_bm25 = sentence_bm25 = None
        if chunks:
            chunk_bm25 = bm25s.BM25(k1=_K1, b=_B)
            chunk_bm25.index(_tokenize([c.text for c in chunks]), show_progress=False)
        if sentence_texts:
            sentence_bm25 = bm25s.BM25(k1=_K1, b=_B)
            sentence_bm25.index(_tokenize(sentence_texts), show_progress=False)
        return cls(generation, {c.id: c for c in chunks}, owner, chunk_ids, chunk_bm25, sentence_bm25)

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
        (tmp / "catalogue.json").write_text(json.dumps({"generation": self.generation, "chunks": catalogue, "order": self._chunk_ids}))
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
        import bm25s

        try:
            data = json.loads((directory / "catalogue.json").read_text())
            chunks = {d["id"]: Chunk(**{**d, "sentences": [tuple(s) for s in d["sentences"]]}) for d in data["chunks"]}
            order = data["order"]
            chunk_bm25 = bm25s.BM25.load(str(directory / "chunks")) if order else None
            owner = [(cid, i) for cid in order for i in range(len(chunks[cid].sentences))]
            sentence_bm25 = bm25s.BM25.load(str(directory / "sentences")) if owner else None
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return cls(data["generation"], chunks, owner, order, chunk_bm25, sentence_bm25)

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
