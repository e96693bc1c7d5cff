"""The :class:`Assistant`: the one object front ends talk to."""

from __future__ import annotations

import contextlib
import re
import threading
import time
from pathlib import Path
from typing import Iterable, Iterator

from .answer import Answer, extractive_answer
from .errors import InputError, StoreBusyError
from .ingest import IngestReport, ingest
from .keyword import KeywordIndex
from .retrieve import Hit, retrieve
from .settings import Settings
from .store import ChromaStore

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


def clean_question(question: object, max_chars: int) -> str:
    """The question with control characters blanked; :class:`InputError` if it is unusable."""
    if not isinstance(question, str):
        raise InputError("the question must be text")
    if len(question) > max_chars:
        raise InputError(f"the question is too long ({len(question):,} characters; the limit is {max_chars:,})")
    text = " ".join(_CONTROL.sub(" ", question).split())
    if not re.search(r"\w", text):
        raise InputError("the question is empty")
    return text


class Assistant:
    """Answers questions about your documents, with citations, offline.

    Example:
        >>> assistant = Assistant(data_dir="/tmp/qa-demo")          # doctest: +SKIP
        >>> assistant.ingest(["docs/"]).summary()                  # doctest: +SKIP
        '2 added, 0 updated, 0 unchanged, 0 removed, 0 failed; ...'
        >>> answer = assistant.ask("Who ordered the suspension?")  # doctest: +SKIP
        >>> answer.text, answer.citations[0].quote                 # doctest: +SKIP

    Settings come from keyword arguments, then ``QA_*`` environment variables.
    ``embedder`` lets several assistants share one loaded model.
    """

    def __init__(self, data_dir: str | Path | None = None, settings: Settings | None = None, embedder=None, **overrides) -> None:
        if settings is None:
            settings = Settings.load(data_dir=data_dir, **overrides)
        elif data_dir is not None or overrides:
            given = {"data_dir": data_dir} if data_dir is not None else {}
            settings = Settings.load(**{**settings.model_dump(), **given, **overrides})
        self.settings = settings
        self.store = ChromaStore(settings)
        self._embedder = embedder
        self._keyword: KeywordIndex | None = None
        self._generator = None
        self._lock = threading.RLock()

    # -- parts, made on first use ------------------------------------------------
    @property
    def embedder(self):
        with self._lock:
            if self._embedder is None:
                from .embed import Embedder

                self._embedder = Embedder(self.settings.embed_model, self.settings.embed_batch_size)
            return self._embedder

    def _index_dir(self) -> Path:
        return self.settings.data_dir / "keyword" / self.settings.collection

    def keyword_index(self) -> KeywordIndex:
        """The keyword index, rebuilt from the store if the store changed since it was built."""
        generation = self.store.generation()
        with self._lock:
            if self._keyword is not None and self._keyword.generation == generation:
                return self._keyword
            loaded = KeywordIndex.load(self._index_dir())
            if loaded is not None and loaded.generation == generation and (loaded.n_chunks, loaded.n_sentences) == self.store.counts():
                self._keyword = loaded
                return loaded
            index = KeywordIndex.build(list(self.store.iter_chunks()), generation)
            with contextlib.suppress(OSError):
                index.save(self._index_dir())
            self._keyword = index
            return index

    @contextlib.contextmanager
    def _write_lock(self) -> Iterator[None]:
        """One writer per embedded store: Chroma's embedded mode is not process-safe."""
        import fcntl

        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        with open(self.settings.data_dir / "write.lock", "w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise StoreBusyError(f"another process is writing to the store in {self.settings.data_dir}; try again when it is done") from None
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    # -- the API ---------------------------------------------------------------
    def ingest(self, paths: Iterable[str | Path], prune: bool = False, progress: bool = False) -> IngestReport:
        """Add or update the documents under ``paths`` (files or folders); ``prune`` drops vanished files."""
        if isinstance(paths, (str, Path)):
            paths = [paths]
        with self._write_lock():
            report = ingest(paths, self.store, self.embedder, self.settings, prune=prune, progress=progress)
            self.keyword_index()
        return report

    def retrieve(self, query: str, k: int | None = None) -> list[Hit]:
        """The passages hybrid retrieval finds for ``query``, best first."""
        query = self._focus(clean_question(query, self.settings.max_question_chars))
        return retrieve(query, self.embedder.encode_queries([query])[0], self.store, self.keyword_index(), self.settings, k)

    def _focus(self, question: str) -> str:
        """What of a long question the encoder sees: its end, where the asking usually is."""
        embedder = self.embedder
        if embedder.count_tokens(question) <= embedder.max_tokens:
            return question
        words = question.split()
        kept: list[str] = []
        while words and embedder.count_tokens(" ".join([words[-1], *kept])) <= embedder.max_tokens:
            kept.insert(0, words.pop())
        return " ".join(kept)

    @property
    def generator(self):
        """The configured generator (``QA_LLM``), made on first use; ``None`` for extractive answers."""
        with self._lock:
            if self._generator is None and self.settings.llm != "extractive":
                from .generate import make_generator

                self._generator = make_generator(self.settings)
            return self._generator

    def ask(self, question: str, context: str = "") -> Answer:
        """Answer ``question`` from the stored documents.

        ``context`` (earlier turns of a conversation) joins the question for
        retrieval. Raises :class:`InputError` for an empty or oversized question
        and, with an LLM configured, :class:`GeneratorError` when it cannot answer.
        """
        for part in self.stream(question, context):
            if isinstance(part, Answer):
                return part
        raise AssertionError("stream() ends with an Answer")  # pragma: no cover

    def stream(self, question: str, context: str = "") -> Iterator[str | Answer]:
        """Answer ``question`` piece by piece: yields text as it is produced, then the final :class:`Answer`.

        The final answer is the one to show: with an LLM, it holds only the
        sentences verification upheld, so it may differ from the streamed text.

        Example:
            >>> for part in assistant.stream("Who ordered it?"):   # doctest: +SKIP
            ...     print(part if isinstance(part, str) else part.citations)
        """
        t0 = time.perf_counter()
        question = clean_question(question, self.settings.max_question_chars)
        query = self._focus(f"{context} {question}".strip())
        qvec = self.embedder.encode_queries([query])[0]
        t1 = time.perf_counter()
        hits = retrieve(query, qvec, self.store, self.keyword_index(), self.settings)
        t2 = time.perf_counter()
        vectors = self.store.sentence_vectors([h.chunk for h in hits])
        # A follow-up asks something new about the thread's subject: the subject's words
        # find the passages, but only the follow-up's own words pick the sentence.
        answer = extractive_answer(question if context else query, qvec, hits, vectors, self.settings.answer_sentences,
                                   self.settings.abstain_below)
        answer.question = question
        t3 = time.perf_counter()
        timings = dict(embed_ms=(t1 - t0) * 1e3, retrieve_ms=(t2 - t1) * 1e3, answer_ms=(t3 - t2) * 1e3)
        generator = self.generator
        if generator is None:
            answer.timings = {**timings, "total_ms": (t3 - t0) * 1e3}
            for piece in re.findall(r"\S.*?(?:\[\d+\]|$)\s*", answer.text):
                yield piece
            yield answer
            return
        from .generate import build_messages
        from .verify import verified_answer

        chunks = [h.chunk for h in hits[: self.settings.llm_passages]]
        written = []
        if chunks:
            for piece in generator.stream(build_messages(question, [(c.title, c.text) for c in chunks], context)):
                written.append(piece)
                yield piece
        t4 = time.perf_counter()
        final = verified_answer(question, "".join(written), chunks, self.embedder, answer, generator.name)
        t5 = time.perf_counter()
        final.timings = {**timings, "generate_ms": (t4 - t3) * 1e3, "verify_ms": (t5 - t4) * 1e3, "total_ms": (t5 - t0) * 1e3}
        yield final

    def chat(self):
        """A conversation: follow-up questions are read in the light of earlier turns."""
        from .chat import ChatSession

        return ChatSession(self, max_turns=self.settings.max_turns)

    def documents(self) -> list[dict]:
        """The stored documents: source, title and chunk count."""
        index = self.keyword_index()
        docs: dict[str, dict] = {}
        for chunk in index.chunks.values():
            d = docs.setdefault(chunk.source, {"source": chunk.source, "title": chunk.title, "chunks": 0})
            d["chunks"] += 1
        return sorted(docs.values(), key=lambda d: d["source"])

    def delete(self, source: str) -> int:
        """Remove one document (by its source path) from the store; returns the chunks removed."""
        with self._write_lock():
            stored = self.store.ids_by_source()
            ids = stored.get(source) or stored.get(str(Path(source).expanduser().resolve()), set())
            self.store.delete(sorted(ids))
            self.keyword_index()
        return len(ids)

    def status(self) -> dict:
        """Documents and chunks in the store and in the keyword index, and whether they agree."""
        chunks, sentences = self.store.counts()
        sources = self.store.ids_by_source()
        generation = self.store.generation()
        saved = KeywordIndex.load(self._index_dir())
        keyword = {"chunks": saved.n_chunks, "sentences": saved.n_sentences,
                   "documents": len({c.source for c in saved.chunks.values()})} if saved else {"chunks": 0, "sentences": 0, "documents": 0}
        stored_ids = set().union(*sources.values())
        if saved is None:
            consistent = not chunks
        else:
            consistent = (saved.generation == generation and set(saved.chunks) == stored_ids
                          and saved.n_sentences == sentences)
        return {
            "store": self.store.where,
            "documents": len(sources),
            "chunks": chunks,
            "sentences": sentences,
            "keyword_index": keyword,
            "consistent": consistent,
        }
