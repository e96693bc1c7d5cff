"""Ingestion: find files, read and chunk them, embed what is new, write it, report.

Idempotent by construction: a chunk's id comes from its source and content, so
a file whose ids are all stored is skipped without embedding, a changed file
gets only its new chunks embedded and its stale ones deleted (the ones it keeps get
their new place in the document and its new version written), and an ingest cut
short (even by kill -9) is completed by the next one.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable

from .chunk import chunk_text
from .embed import Embedder
from .errors import DocumentError, NothingToReadError
from .read import READER_VERSION, SUFFIXES, plain_text_by_name, read_document
from .settings import Settings
from .types import Chunk
from .store import VectorStore


@dataclass(frozen=True)
class FileResult:
    """What happened to one file: added, updated, unchanged, removed, skipped or failed.

    A skipped file had no text of its own to store (empty, a redirect, navigation only); a failed
    one could not be read.
    """

    path: str
    status: str
    chunks: int = 0
    # Why it failed or was skipped; for a file that was read, what could not be read of it (a page without text).
    reason: str = ""


@dataclass
class IngestReport:
    """The outcome of one ingest run."""

    files: list[FileResult] = field(default_factory=list)
    chunks_embedded: int = 0
    seconds: float = 0.0
    chunks_repaired: int = 0  # stored chunks whose vectors could not be read, re-embedded from their stored text
    # Files in the folders given that are of no type citeqa reads (images, programs): named here, never read.
    not_read: list[str] = field(default_factory=list)

    def _with(self, status: str) -> list[FileResult]:
        return [f for f in self.files if f.status == status]

    @property
    def added(self) -> list[FileResult]:
        return self._with("added")

    @property
    def updated(self) -> list[FileResult]:
        return self._with("updated")

    @property
    def unchanged(self) -> list[FileResult]:
        return self._with("unchanged")

    @property
    def removed(self) -> list[FileResult]:
        return self._with("removed")

    @property
    def skipped(self) -> list[FileResult]:
        return self._with("skipped")

    @property
    def failed(self) -> list[FileResult]:
        return self._with("failed")

    def summary(self) -> str:
        repaired = f"; {self.chunks_repaired} damaged chunks repaired" if self.chunks_repaired else ""
        skipped = f"{len(self.skipped)} skipped (no text of their own), " if self.skipped else ""
        kinds = sorted(Counter(Path(p).suffix.lower() or "no suffix" for p in self.not_read).items())
        named = ", ".join(f"{kind} ×{n}" if n > 1 else kind for kind, n in kinds)
        files = "file of another type" if len(self.not_read) == 1 else "files of other types"
        others = f"; {len(self.not_read)} {files} not read ({named})" if self.not_read else ""
        return (f"{len(self.added)} added, {len(self.updated)} updated, {len(self.unchanged)} unchanged, "
                f"{len(self.removed)} removed, {skipped}{len(self.failed)} failed; "
                f"{self.chunks_embedded} chunks embedded in {self.seconds:.1f}s{repaired}{others}")

    def to_dict(self) -> dict:
        return {
            "files": [f.__dict__ for f in self.files],
            "counts": {s: len(self._with(s)) for s in ("added", "updated", "unchanged", "removed", "skipped", "failed")},
            "chunks_embedded": self.chunks_embedded,
            "chunks_repaired": self.chunks_repaired,
            "not_read": list(self.not_read),
            "seconds": round(self.seconds, 3),
        }


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[FileResult], list[Path]]:
    """Supported files under ``paths`` (recursively, hidden entries skipped, symlink loops cut), and plain-text ones
    named without a suffix ("README", "FAQ", "README.Debian": :func:`qa.read.plain_text_by_name`); the paths that could
    not be collected, as failures; and the files of other types in the folders, which are not read."""
    found: list[Path] = []
    failures: list[FileResult] = []
    others: list[Path] = []
    seen: set[str] = set()

    def add(path: Path) -> None:
        real = os.path.realpath(path)
        if real not in seen:
            seen.add(real)
            found.append(path)

    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            visited: set[str] = set()
            for root, dirs, files in os.walk(path, followlinks=True):
                real = os.path.realpath(root)
                if real in visited:  # a symlink loop, or a folder reached twice
                    dirs[:] = []
                    continue
                visited.add(real)
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    if Path(name).suffix.lower() in SUFFIXES or plain_text_by_name(Path(root) / name):
                        add(Path(root) / name)
                    else:
                        others.append(Path(root) / name)
        elif path.is_file():
            add(path)
        elif path.is_symlink() or os.path.lexists(path):
            failures.append(FileResult(str(path), "failed", reason=f"{path.name}: broken link or not a regular file"))
        else:
            failures.append(FileResult(str(path), "failed", reason=f"{path}: no such file or directory"))
    return found, failures, others


def rewrite(store: VectorStore, embedder: Embedder, chunks: list[Chunk], batch: int = 256) -> None:
    """Embed ``chunks`` again and write them in place of what is stored under their ids."""
    for i in range(0, len(chunks), batch):
        part = chunks[i: i + batch]
        vecs, svecs = embedder.encode_chunks([c.indexed for c in part], [c.indexed_sentences for c in part])
        store.delete([c.id for c in part])
        store.add(part, vecs, svecs)


def _nothing_to_read(path: Path, reason: str, store: VectorStore, stored: dict[str, set[str]]) -> FileResult:
    """A file with no text of its own is skipped; one that had text when it was stored (emptied since, or made a
    redirect) has its passages removed, as a changed file has its changed ones: the store follows the file. A file
    that cannot be read at all fails instead, and loses nothing stored."""
    had = stored.pop(str(path.resolve()), set())
    if not had:
        return FileResult(str(path), "skipped", reason=reason)
    store.delete(sorted(had))
    return FileResult(str(path), "removed", len(had), reason=f"{reason} now; its {len(had)} stored passages removed")


def ingest(paths: Iterable[str | Path], store: VectorStore, embedder: Embedder, settings: Settings,
           prune: bool = False, progress: bool = False) -> IngestReport:
    """Bring the store in line with the files under ``paths``; see the module docstring."""
    started = time.perf_counter()
    files, failures, others = collect_files(paths)
    report = IngestReport(files=list(failures), not_read=[str(p) for p in others])
    # One pass over the store's catalogue: each source's chunk ids, and the document version each was read from.
    versions = store.versions_by_source()
    stored = {source: set(chunks) for source, chunks in versions.items()}
    max_bytes = settings.max_file_bytes

    plans: list[tuple[Path, str, list[Chunk], set[str]]] = []  # file, status, chunks to embed, ids to delete
    kept: list[Chunk] = []  # chunks already stored whose place in their document, or its version, is new
    notes: dict[Path, str] = {}  # what a reader could not do but did not stop for
    for path in files:
        try:
            doc = read_document(path, max_bytes=max_bytes)
            chunks = chunk_text(doc.text, doc.source, doc.title, embedder.max_tokens, embedder.count_tokens,
                                pages=doc.pages, headings=doc.headings)
        except NothingToReadError as exc:
            report.files.append(_nothing_to_read(path, str(exc), store, stored))
            continue
        except DocumentError as exc:
            report.files.append(FileResult(str(path), "failed", reason=str(exc)))
            continue
        if not chunks:
            report.files.append(_nothing_to_read(path, f"{path.name}: nothing but page furniture in it", store, stored))
            continue
        if doc.notes:
            notes[path] = "; ".join(doc.notes)
        version = doc.sha256
        chunks = [replace(c, document_sha256=version, reader_version=READER_VERSION) for c in chunks]
        stored_versions = versions.get(doc.source, {})
        have = stored.get(doc.source, set())
        if any(reader != READER_VERSION for _, reader in stored_versions.values()):
            # Read by another version of the readers: the same text may now have other pages, sections or
            # neighbours, so the document is read, chunked and embedded anew. Its old chunks go first (a
            # chunk keeps its id), and a run cut short here finds the document missing and adds it next time.
            store.delete(sorted(have))
            stored[doc.source] = have = set()
        expected = {c.id for c in chunks}
        current = {sha for sha, _ in stored_versions.values()} == {version}
        if have == expected and current:
            report.files.append(FileResult(str(path), "unchanged", len(chunks), notes.get(path, "")))
            continue
        # An unchanged chunk keeps its vectors, but where it sits may have moved (an earlier paragraph
        # grew) and the document's version is new: both are rewritten, so citations' offsets stay true.
        kept += [c for c in chunks if c.id in have]
        missing = [c for c in chunks if c.id not in have]
        plans.append((path, "updated" if stored_versions else "added", missing, have - expected))

    # Longest first across all files, as sentence-transformers sorts within a call: batches pad little.
    todo = sorted((c for _, _, missing, _ in plans for c in missing), key=lambda c: -len(c.text))
    bar = None
    if progress and len(todo) > 50:
        from tqdm import tqdm

        bar = tqdm(total=len(todo), unit="chunk", desc="embedding", leave=False)
    # Embed in slices that span files: the model runs full batches, and each slice is written at once.
    step = max(settings.embed_batch_size * 16, 64)
    for i in range(0, len(todo), step):
        batch = todo[i: i + step]
        vecs, svecs = embedder.encode_chunks([c.indexed for c in batch], [c.indexed_sentences for c in batch])
        store.add(batch, vecs, svecs)
        report.chunks_embedded += len(batch)
        if bar is not None:
            bar.update(len(batch))
    if bar is not None:
        bar.close()
    store.relabel(kept)
    for path, status, missing, stale in plans:
        store.delete(sorted(stale))
        total = len(missing) + len(stored.get(str(path.resolve()), set()) - stale)
        report.files.append(FileResult(str(path), status, total, notes.get(path, "")))

    if prune:
        for source, ids in sorted(stored.items()):
            if not Path(source).exists():
                store.delete(sorted(ids))
                report.files.append(FileResult(source, "removed", len(ids)))
    report.seconds = time.perf_counter() - started
    return report
