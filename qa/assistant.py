"""The :class:`Assistant`: the one object front ends talk to, and :class:`ChatSession`, a conversation with it."""

from __future__ import annotations

import contextlib
import json
import logging
import re
import shutil
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np

from .answer import Answerer, HeuristicAnswerer, LearnedAnswerer, default_models
from .answer_type import asks_licence, asks_product_version, asks_release_of_change, dates_release, gives_licence, gives_product_version
from .conversation import Conversation, asked_again, said_of
from .definitions import default_asked, defining_passage, heads_entry, is_word_term, method_name, settings_named, terms_named
from .errors import InputError, StoreBusyError, StoreError
from .ingest import IngestReport, ingest, rewrite
from .keyword import KeywordIndex
from .retrieve import retrieve
from .selector import (ASKS_AUTHOR, FRONT_MATTER, about_the_document, asked_deed, asked_document, asks_what_document_is, asked_without_name,
                       document_name, has_author_field, heading_of, heads, heads_doers, is_line, named_document, names_in_question, release_section, says_done_by,
                       states_default, under_credits)
from .settings import Settings
from .store import VectorStore
from .types import Answer, Chunk, Hit
from .words import content_words, marked_pieces, overlap

log = logging.getLogger("qa")

# Whose vectors a store holds when it does not say: stores from before the record were all
# written by sentence-transformers' all-MiniLM-L6-v2, whose vectors the shipped export gives.
UNRECORDED_VECTORS = "all-MiniLM-L6-v2"
# Added to the score of a sentence the extractive answer quotes when choosing what an LLM is shown
# (cosine plus word overlap stays under 2): those sentences are always among the excerpts.
QUOTED_FIRST = 10.0
# The most passages defining an option or API a question names that join those retrieved: an option's short and
# long spellings may head two entries (a manual's summary and its full list), a long entry runs over two passages.
DEFINITIONS = 2
# How deep in retrieval's ranking the passages of a document a question names are looked for (the most QA_TOP_K
# allows; fusion ranks that many candidates anyway), and how many of them join those found: another document's like
# terms (the GPL's) may outrank the named one's (the MPL's).
NAMED_POOL = 50
NAMED_PASSAGES = 3
# The most passages that say in the passive who did what a question asks, or with what ("maintained by ...", "tested
# with ..."), that join those found.
DONE_BY = 2
# The most passages that name a licence, or give a version of the thing a question asks which versions of, in the
# document it asks of, that join those found.
STATING = 2

# The most headings of releases that join those found, for a question that asks which release made a change: the
# best passage's, and one more for a second entry that may answer.
CHANGE_HEADINGS = 2

_SURROGATE = re.compile(r"[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


def clean_question(question: object, max_chars: int) -> str:
    r"""The question with control characters blanked; :class:`InputError` if it is unusable.

    Example:
        >>> clean_question("  Who built\u202e it?\x00 ", max_chars=100)
        'Who built it?'
    """
    if not isinstance(question, str):
        raise InputError("the question must be text")
    if len(question) > max_chars:
        raise InputError(f"the question is too long ({len(question):,} characters; the limit is {max_chars:,})")
    if _SURROGATE.search(question):
        # Bytes that were not UTF-8 (argv and stdin decode them as lone surrogates): nothing sensible to search for.
        raise InputError("the question is not valid text (it holds bytes that are not UTF-8)")
    text = " ".join(_CONTROL.sub(" ", question).split())
    if not re.search(r"\w", text):
        raise InputError("the question is empty")
    return text


def done_by(question: str, rest: "list[tuple[Hit, Assistant]]", document: str | None = None) -> "list[tuple[Hit, Assistant]]":
    """For a question that asks who did something ("Who maintains python-dotenv?") or with what ("Which editor was
    git-jump tested with?"), the passages of ``rest`` (those retrieved below the top) that say so in the passive: "This
    project is currently maintained by ...", "This script was written and tested with vim." name no program, so they
    resemble the question too little to rank among the top, though their words match. So do those under a heading that
    names who does it ("Maintainers" over "Meet our maintainers since 2008: ..."), in the ``document`` asked about: another
    program's maintainers are not this one's."""
    deed = asked_deed(question)
    if deed is None:
        return []
    return [pair for pair in rest if says_done_by(deed, pair[0].chunk.text)
            or (pair[0].chunk.source == document and heads_doers(deed, pair[0].chunk))][:DONE_BY]


def stating_passages(question: str, rest: "list[tuple[Hit, Assistant]]", document: str | None) -> "list[tuple[Hit, Assistant]]":
    """For a question that asks which licence something is under ("Under what license is Avahi distributed?") or which
    versions of a thing it supports ("Which Python versions does tinytag support?"), the passages of ``rest`` (those
    retrieved below the top) in the ``document`` asked about that state one: "Avahi is a free, LGPL mDNS/DNS-SD
    implementation." never says "license", and "* Supports Python 3.7 or higher" is one line of a long feature
    list, so either resembles the question too little to rank."""
    if document is None:
        return []
    states = gives_licence if asks_licence(question) else gives_product_version if asks_product_version(question) else None
    if states is None:
        return []
    return [pair for pair in rest if pair[0].chunk.source == document and states(question, pair[0].chunk.text)][:STATING]


def release_headings(question: str, rest: "list[tuple[Hit, Assistant]]", named: str | None) -> "list[tuple[Hit, Assistant]]":
    """For a question that asks when a version came out ("When was python-dotenv 1.2.3 released?"), the first of
    ``rest`` (those retrieved below the top) that is a changelog's heading giving its number and a date ("1.2.3 -
    2026-08-16"), or the date alone under it ("0.4.0" over "(2025-10-04)"), in the document the question names if it
    names one: its keywords match, but a line of numbers resembles no question."""
    return [(hit, owner) for hit, owner in rest if named in (None, hit.chunk.source)
            and dates_release(question, hit.chunk.text, heading_of(hit.chunk))
            and (heads(hit.chunk, hit.chunk.text) or not re.search(r"[^\W\d_]", hit.chunk.text))][:1]


class Assistant:
    """Answers questions about your documents, with citations, offline.

    Example:
        >>> assistant = Assistant(data_dir="/tmp/qa-demo")          # doctest: +SKIP
        >>> assistant.ingest(["docs/"]).summary()                  # doctest: +SKIP
        '2 added, 0 updated, 0 unchanged, 0 removed, 0 failed; ...'
        >>> answer = assistant.ask("Who ordered the suspension?")  # doctest: +SKIP
        >>> answer.text, answer.citations[0].quote                 # doctest: +SKIP

    ``settings`` is built by the caller (:meth:`Settings.load`), or from keyword
    overrides and ``QA_*`` environment variables. Each part can be handed in:
    ``embedder`` (several assistants can share one loaded model), ``store`` (a
    :class:`~qa.store.VectorStore`), ``generator`` (a :class:`~qa.generate.Generator`)
    and ``answerer`` (an :class:`~qa.answer.Answerer`); the rest are made on first use.
    """

    def __init__(self, settings: Settings | None = None, *, embedder=None, store: VectorStore | None = None,
                 generator=None, answerer: Answerer | None = None, **overrides) -> None:
        if settings is None:
            settings = Settings.load(**overrides)
        elif overrides:
            settings = Settings.load(**{**settings.model_dump(), **overrides})
        self.settings = settings
        self._store = store
        self._answerer = answerer
        self._versions: dict[str, str] | None = None
        self._others: "list[Assistant] | None" = None  # the assistants of QA_ALSO_ASK's collections
        self._embedder = embedder
        self._generator = generator
        self._keyword: KeywordIndex | None = None
        self._vectors_checked = False
        self._lock = threading.RLock()

    # -- parts, made on first use ------------------------------------------------
    @property
    def store(self) -> VectorStore:
        """The configured store, opened on first use (a quick ``status`` does not need it)."""
        with self._lock:
            if self._store is None:
                from .store import ChromaStore

                self._store = ChromaStore(self.settings)
            return self._store

    @property
    def embedder(self):
        with self._lock:
            if self._embedder is None:
                from .embed import Embedder

                self._embedder = Embedder(self.settings.embed_model, self.settings.embed_batch_size)
            return self._embedder

    @property
    def answerer(self) -> Answerer:
        """The configured answerer (``QA_ANSWERING``), made on first use."""
        with self._lock:
            if self._answerer is None:
                s = self.settings
                if s.answering == "heuristic":
                    reranker = None
                    if s.reranker_model:
                        from .rerank import shared

                        reranker = shared(s.reranker_model)
                    self._answerer = HeuristicAnswerer(s.answer_sentences, s.abstain_below, reranker=reranker)
                else:
                    self._answerer = LearnedAnswerer.load(s.answer_model or default_models(), s.answer_sentences, s.abstain_threshold)
            return self._answerer

    def versions(self) -> dict[str, str]:
        """What answers here, for audit records: citeqa's version, the encoder, the answerer and its models,
        the generator, and the settings that shape an answer."""
        if self._versions is None:
            self._versions = self._what_answers()
        return dict(self._versions)

    def _what_answers(self) -> dict[str, str]:
        from importlib.metadata import PackageNotFoundError, version

        try:
            release = version("citeqa")
        except PackageNotFoundError:  # run from a source tree that was never installed
            release = "unknown"
        s = self.settings
        shaping = s.model_dump(mode="json", include={"collection", "also_ask", "top_k", "candidates", "weight_bm25", "weight_sentence_bm25",
                                                     "weight_sentence_dense", "weight_dense", "answering", "answer_sentences",
                                                     "abstain_threshold", "abstain_below", "reranker_model", "llm", "llm_passages"})
        return {"citeqa": release, "encoder": self.embedder.name,
                "answerer": getattr(self.answerer, "version", type(self.answerer).__name__),
                "generator": self.generator.name if self.generator is not None else "extractive",
                "settings": json.dumps(shaping, sort_keys=True)}

    @property
    def generator(self):
        """The configured generator (``QA_LLM``), made on first use; ``None`` for extractive answers."""
        with self._lock:
            if self._generator is None and self.settings.llm != "extractive":
                from .generate import make_generator

                self._generator = make_generator(self.settings)
            return self._generator

    @property
    def keyword_dir(self) -> Path:
        """Where the keyword index of this collection is saved."""
        return self.settings.data_dir / "keyword" / self.settings.collection

    def _lost_chunks(self, generation: str) -> list:
        """The chunks a saved keyword index holds when the store has none and was never written.

        That is a store whose tables were lost (an emptied or replaced
        ``chroma.sqlite3``); the keyword index's catalogue is then the last copy
        of the chunk texts, so it must not be overwritten, and ingest restores from it.
        """
        if generation:
            return []
        saved = KeywordIndex.load(self.keyword_dir)
        if saved is None or not saved.n_chunks or self.store.counts() != (0, 0):
            return []
        return list(saved.chunks.values())

    def keyword_index(self) -> KeywordIndex:
        """The keyword index, rebuilt from the store if the store changed since it was built.

        Raises :class:`StoreError` when the store lost what the saved index still
        holds, rather than overwrite the index with an empty one.
        """
        generation = self.store.generation()
        with self._lock:
            # Built or checked at this generation already: every write changes the token.
            if self._keyword is not None and self._keyword.is_fresh(generation):
                return self._keyword
            lost = self._lost_chunks(generation)
            if lost:
                raise StoreError(f"the store at {self.store.where} is empty, but its keyword index holds {len(lost)} chunks: "
                                 "the store's tables look lost or replaced; run `qa ingest` to restore them from the index")
            loaded = KeywordIndex.load(self.keyword_dir)
            if loaded is not None and loaded.is_fresh(generation, self.store.counts()):
                self._keyword = loaded
                return loaded
            index = KeywordIndex.build(list(self.store.iter_chunks()), generation)
            try:
                index.save(self.keyword_dir)
            except OSError as exc:  # answering goes on from memory; the next process rebuilds it
                log.warning("could not save the keyword index to %s: %s", self.keyword_dir, exc)
            self._keyword = index
            return index

    @contextlib.contextmanager
    def write_lock(self) -> Iterator[None]:
        """One writer per data dir: Chroma's embedded mode is not process-safe. :class:`StoreBusyError` if taken."""
        from filelock import FileLock, Timeout

        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        lock = FileLock(self.settings.data_dir / "write.lock", timeout=0)
        try:
            lock.acquire()
        except Timeout as exc:
            raise StoreBusyError(f"another process is writing to the store in {self.settings.data_dir}; try again when it is done") from exc
        try:
            yield
        finally:
            lock.release()

    # -- the API ---------------------------------------------------------------
    def ingest(self, paths: Iterable[str | Path], prune: bool = False, progress: bool = False) -> IngestReport:
        """Add or update the documents under ``paths`` (files or folders); ``prune`` drops vanished files."""
        if isinstance(paths, (str, Path)):
            paths = [paths]
        with self.write_lock():
            restored = self._restore()
            self._check_vectors(record=True, locked=True)
            report = ingest(paths, self.store, self.embedder, self.settings, prune=prune, progress=progress)
            self.keyword_index()
        return replace(report, chunks_repaired=restored) if restored else report

    def _check_vectors(self, record: bool = False, locked: bool = False) -> None:
        """Once per assistant: the store's vectors must be this encoder's, or they are embedded again.

        A store holding another encoder's vectors (``QA_EMBED_MODEL`` changed) would be
        searched with questions in one space and passages in another. It is embedded again
        from its stored text, once, with a warning; ``record`` (ingest) also writes down
        which encoder made a store that does not say yet. ``locked``: the caller holds the write lock.
        """
        if self._vectors_checked and not record:
            return
        with self._lock:
            stored, mine = self.store.vectors(), self.embedder.vectors
            writing = contextlib.nullcontext() if locked else self.write_lock()
            if (stored or UNRECORDED_VECTORS) != mine and self.store.counts()[0]:
                with writing:
                    chunks = list(self.store.iter_chunks())
                    log.warning("the store at %s holds vectors of %s, and the encoder now is %s: embedding its %d chunks "
                                "again (once)", self.store.where, stored or UNRECORDED_VECTORS, mine, len(chunks))
                    rewrite(self.store, self.embedder, chunks)
                    self.store.mark_vectors(mine)
            elif stored != mine and (record or stored is not None):
                with writing:
                    self.store.mark_vectors(mine)
            self._vectors_checked = True

    def _restore(self) -> int:
        """Bring back what a damaged store lost, from the keyword index's catalogue; returns the chunks restored.

        Three faults are mended here: tables that were lost (an emptied ``chroma.sqlite3``);
        a vector index Chroma cannot read at all (damaged index files), which is
        dropped and made again; and vectors that cannot be read back one by one
        (written over by a stale client), whose chunks are embedded again from their stored text.
        """
        lost = self._lost_chunks(self.store.generation())
        if not lost:
            try:
                broken = self.store.unreadable()
            except StoreError as exc:
                if not self.store.is_damage(exc):
                    raise
                saved = KeywordIndex.load(self.keyword_dir)
                if saved is None:
                    raise StoreError(f"{exc}; the keyword index that could restore it is missing too: ingest your documents "
                                     "into a new data dir") from exc
                self.store.reset()
                lost = list(saved.chunks.values())
            else:
                # Their rows and texts read fine; only their vectors do not.
                lost = [c for c in self.store.iter_chunks() if c.id in broken] if broken else []
        if lost:
            log.warning("re-embedding %d damaged or lost chunks of %s", len(lost), self.store.where)
            rewrite(self.store, self.embedder, lost)
        return len(lost)

    def retrieve(self, query: str, k: int | None = None) -> list[Hit]:
        """The passages hybrid retrieval finds for ``query``, best first (from every collection asked: ``QA_ALSO_ASK``)."""
        query = self._focus(clean_question(query, self.settings.max_question_chars))
        return [hit for hit, _ in self._find(query, self.embedder.encode_queries([query])[0], k)]

    def answering_from(self) -> "list[Assistant]":
        """The assistants of every collection questions are answered from: this one, then one for each of
        ``QA_ALSO_ASK`` (:class:`InputError` for one that does not exist)."""
        with self._lock:
            if self._others is None:
                names = [n for n in dict.fromkeys(self.settings.also_ask.split("+")) if n and n != self.settings.collection]
                present = self.collections() if names else []
                for name in names:
                    if name not in present:
                        raise InputError(f"no collection {name!r} to answer from (there are: {', '.join(present) or 'none'})")
                self._others = [Assistant(self.settings, embedder=self.embedder, collection=name, also_ask="") for name in names]
            return [self, *self._others]

    def _find(self, query: str, qvec, k: int | None = None) -> "list[tuple[Hit, Assistant]]":
        """The ``k`` best passages over every collection asked, each with the assistant of its collection.

        Each collection's fused scores are z-scores over its own candidates, so they rank together."""
        found = []
        for asked in self.answering_from():
            if asked is not self:
                asked._check_vectors()
            found += [(hit, asked) for hit in retrieve(query, qvec, asked.store, asked.keyword_index(), self.settings, k)]
        found.sort(key=lambda pair: -pair[0].score)
        return found[: k or self.settings.top_k]

    def _front_matter(self, question: str, found: "list[tuple[Hit, Assistant]]") -> "list[tuple[Hit, Assistant]]":
        """For a question about a document ("When was How to Keep a Lighthouse written?"), the opening paragraphs
        of the one it names (else of the best passage's) that were not found: its byline and dateline resemble
        no question, so retrieval alone rarely brings them; for who wrote it, the "AUTHORS" section of each document
        found too (a manual page's, at its end). Ranked after everything found."""
        # and for what a document's own subject is or does ("What does threadpoolctl do?"), that document's.
        summarised = asks_what_document_is(question, [hit for hit, _ in found])
        if not found or not (about_the_document(question) or summarised):
            return []
        document = summarised or named_document(question, [hit for hit, _ in found]) or found[0][0].chunk.source
        owner = next(asked for hit, asked in found if hit.chunk.source == document)
        have = {hit.chunk.id for hit, _ in found}
        # (a document's own chunks, not the whole index: "What is lampctl?" is asked often)
        opening = sorted(((c, owner) for c in owner.keyword_index().of_document(document)
                          if c.paragraph <= FRONT_MATTER and c.id not in have), key=lambda pair: pair[0].paragraph)
        if ASKS_AUTHOR.search(question):
            # Of every document found: the program's manual page need not be the best passage's document.
            sources = {hit.chunk.source for hit, _ in found}
            opening += sorted(((c, asked) for asked in {id(a): a for _, a in found}.values() for source in sources
                               for c in asked.keyword_index().of_document(source)
                               if c.id not in have and (under_credits(c) or has_author_field(c))),
                              key=lambda pair: (pair[0].source, pair[0].paragraph))
        last = found[-1][0].score
        return [(Hit(c, last, {}), asked) for c, asked in opening]

    def _definitions(self, question: str, found: "list[tuple[Hit, Assistant]]",
                     document: str | None = None, context: str = "") -> "list[tuple[Hit, Assistant]]":
        """For a question that asks what a command-line option or an API does ("What does --rejoin do?", "What does
        path.join do?"), the passages that define it (:func:`qa.definitions.defining_passage`: an option list's entry, a
        reference's entry headed with it) that retrieval did not find: a manual names its options and functions all
        over, and an entry's few words rarely rank first. The first :data:`DEFINITIONS` in document order, ranked
        after everything found; of a question that names a ``document`` (:func:`qa.selector.asked_document`), the
        term it asks of it ("What is a Contribution under the Apache License?"); of one that names a setting by its
        key ("Storage=") or asks a default ("What is the default encoding?"), its entry."""
        defaults = default_asked(question, context)
        terms = (terms_named(question) or terms_named(asked_without_name(question, document, [hit for hit, _ in found]))
                 or settings_named(question) or defaults)
        if not found or not terms:
            return []
        have = {hit.chunk.id for hit, _ in found}
        last = found[-1][0].score
        plain = [t.removesuffix("()") for t in terms if not is_word_term(t)] + list(filter(None, map(method_name, terms)))
        # Words in any case ("Nightly", "nightly"), searched for without copying each passage in lower case.
        worded = re.compile("|".join(re.escape(t) for t in terms if is_word_term(t)), re.I) if any(map(is_word_term, terms)) else None
        extra = [(c, asked) for asked in self.answering_from() for c in asked.keyword_index().chunks.values()
                 # most chunks name none of the terms: the cheap test first
                 if c.id not in have and (any(t in c.text or t in c.section for t in plain)
                                          or (worded is not None and (worded.search(c.text) or worded.search(c.section))))
                 and (defining_passage(terms, c) or (bool(defaults) and heads_entry(defaults, c)
                                                     and any(states_default(c.text[a:b], question) for a, b in c.sentences)))]
        # The document the question names first ("What does xz -k do?"), then in document order.
        named = names_in_question(question)
        extra.sort(key=lambda pair: (document_name(pair[0].source) not in named, pair[0].source, pair[0].start))
        return [(Hit(c, last, {}), asked) for c, asked in extra[:DEFINITIONS]]

    def _release_headings_over(self, question: str, found: "list[tuple[Hit, Assistant]]") -> "list[tuple[Hit, Assistant]]":
        """For a question that asks which release made a change ("Which pybase64 version dropped Python 3.8
        support?"), the headings of the releases the top passages found are entries of ("1.5.0" over "Drop python 3.8
        support"), :data:`CHANGE_HEADINGS` at most, when not found: a bare number resembles no question. Ranked
        after everything found."""
        if not found or not asks_release_of_change(question):
            return []
        have = {hit.chunk.id for hit, _ in found}
        heads_over = []
        for hit, asked in found[: self.settings.top_k]:
            section = release_section(hit.chunk)
            if section is None or heads(hit.chunk, hit.chunk.text):
                continue
            for c in asked.keyword_index().of_document(hit.chunk.source):
                if c.section == section and c.id not in have and heads(c, c.text):
                    have.add(c.id)
                    heads_over.append((c, asked))
                    break
        last = found[-1][0].score
        return [(Hit(c, last, {}), asked) for c, asked in heads_over[:CHANGE_HEADINGS]]

    def _under_lines(self, found: "list[tuple[Hit, Assistant]]") -> "list[tuple[Hit, Assistant]]":
        """For each passage found that is a line alone ("Developer’s Certificate of Origin 1.1": a heading, or a title
        the reader could not tell from text), the passage after it, if not found: the line answers nothing itself
        (:func:`qa.selector.quotable`), and what it heads seldom repeats its words. Scored as the line was."""
        have = {hit.chunk.id for hit, _ in found}
        under = []
        for hit, asked in found:
            after = asked.keyword_index().following(hit.chunk) if is_line(hit.chunk.text) else None
            if after is not None and after.id not in have:
                have.add(after.id)
                under.append((Hit(after, hit.score, {}), asked))
        return under

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

    def ask(self, question: str, conversation: Conversation | None = None) -> Answer:
        """Answer ``question`` from the stored documents, in the light of ``conversation`` if given.

        Raises :class:`InputError` for an empty or oversized question and, with
        an LLM configured, :class:`GeneratorError` when it cannot answer.
        The conversation is not changed: ``conversation.then(answer)`` is the next one.
        """
        for part in self.stream(question, conversation):
            if isinstance(part, Answer):
                return part
        raise AssertionError("stream() ends with an Answer")  # pragma: no cover

    def stream(self, question: str, conversation: Conversation | None = None) -> Iterator[str | Answer]:
        """Answer ``question`` piece by piece: yields text as it is produced, then the final :class:`Answer`.

        The final answer is the one to show: with an LLM, it holds only the
        sentences verification upheld, so it may differ from the streamed text.
        A follow-up is retrieved with what the conversation says it is about
        (``answer.context``); only the last ``QA_MAX_TURNS`` turns count.

        Example:
            >>> for part in assistant.stream("Who ordered it?"):   # doctest: +SKIP
            ...     print(part if isinstance(part, str) else part.citations)
        """
        t0 = time.perf_counter()
        question = clean_question(question, self.settings.max_question_chars)
        _ = self.store  # opened before the encoder loads: a store that cannot be reached fails fast
        self._check_vectors()
        context = again = ""
        if conversation is not None and conversation.turns:
            recent = replace(conversation, turns=conversation.turns[-self.settings.max_turns:])
            # "And in xz?" after "What does gzip -k do?" is "What does xz -k do?", asked in full.
            # "Who wrote it?" after "What is defusedxml?" (and its follow-ups) is "Who wrote defusedxml?".
            again = (asked_again(question, recent.turns[-1].subject, self._document_names)
                     or said_of(question, recent.opening))
            context = again or recent.context_for(question, self.generator)
        query = self._focus(again or f"{context} {question}".strip())
        qvec = self.embedder.encode_queries([query])[0]
        t1 = time.perf_counter()
        pool = self._find(query, qvec, NAMED_POOL)
        found = pool[: self.settings.top_k]
        # A question that names one of the documents is answered from it; a follow-up, from the one its thread named.
        named = asked_document(again or question, [hit for hit, _ in pool], context)
        if named is not None:
            found += [pair for pair in pool[self.settings.top_k:] if pair[0].chunk.source == named][:NAMED_PASSAGES]
        found += self._under_lines(found)
        document = named or (found[0][0].chunk.source if found else None)  # the document asked about: named, or the best hit's
        found += done_by(again or question, pool[self.settings.top_k:], document)
        found += release_headings(again or question, pool[self.settings.top_k:], named)
        found += stating_passages(again or question, pool[self.settings.top_k:], document)
        found += self._release_headings_over(again or question, found)
        found += self._front_matter(again or question, found)
        found += self._definitions(again or question, found, named, context)
        hits = [hit for hit, _ in found]
        t2 = time.perf_counter()
        vectors = {}
        for asked in {id(a): a for _, a in found}.values():
            vectors.update(asked.store.sentence_vectors([hit.chunk for hit, owner in found if owner is asked]))
        # A follow-up's sentence is chosen by what it asks as much as by what the thread is about: the vector between the
        # two. By the thread's alone, the last answer's own sentences (what the context is made of) come first again
        # ("When did he die?" after "Who started Debian?" quoted who sponsored it).
        if context and not again:
            own = self.embedder.encode_queries([self._focus(question)])[0]
            qvec = (qvec + own) / max(float(np.linalg.norm(qvec + own)), 1e-9)
        answer = self.answerer.answer(again or question, qvec, hits, vectors, context)
        answer = replace(answer, question=question, context=context, versions=self.versions())
        t3 = time.perf_counter()
        timings = dict(embed_ms=(t1 - t0) * 1e3, retrieve_ms=(t2 - t1) * 1e3, answer_ms=(t3 - t2) * 1e3)
        generator = self.generator
        if generator is not None and answer.abstained:
            # The answerer's abstention decision stands: a small LLM shown passages that do not answer
            # rarely says so, and asking it costs seconds. It can only add abstentions, by declining.
            answer = replace(answer, generator=generator.name)
            generator = None
        if generator is None:
            yield from marked_pieces(answer.text)
            yield answer.with_timings(**timings, total_ms=(t3 - t0) * 1e3)
            return
        yield from self._generated(again or question, qvec, hits, vectors, context, answer, generator, timings, t0, t3)

    def _document_names(self) -> dict[str, int]:
        """How many stored documents each :func:`qa.selector.document_name` calls."""
        names: dict[str, int] = {}
        for asked in self.answering_from():
            for doc in asked.documents():
                names[document_name(doc["source"])] = names.get(document_name(doc["source"]), 0) + 1
        return names

    def _generated(self, question, qvec, hits, vectors, context, answer, generator, timings, t0, t3) -> Iterator[str | Answer]:
        """The generator's answer, shown a sentence at a time as verification upholds each; then the final :class:`Answer`."""
        from .generate import Usage, build_messages, excerpts, passages_shown
        from .verify import LEXICAL_WEIGHT, Verifier, settled, verified_answer

        chunks = [h.chunk for h in hits[: self.settings.llm_passages]]
        asked = content_words(question)
        # The sentences the extractive answer quotes come first: the answerer chose them from every signal it has.
        quoted = {(c.chunk_id, a) for c in answer.citations if c.supported for a in range(c.start, c.end)}
        scores = [[float(v @ qvec) + LEXICAL_WEIGHT * overlap(asked, c.text[a:b]) + (QUOTED_FIRST if (c.id, a) in quoted else 0.0)
                   for v, (a, b) in zip(vectors.get(c.id, []), c.sentences)] for c in chunks]
        numbered = excerpts(chunks, scores, quoted={(i, j) for i, c in enumerate(chunks)
                                                   for j, (a, _) in enumerate(c.sentences) if (c.id, a) in quoted})
        verifier = Verifier(chunks, self.embedder, question, numbered)
        written, shown, usage, first_ms = "", "", None, None
        if chunks:
            messages = build_messages(question, passages_shown(chunks, numbered), context)
            for piece in generator.stream(messages):
                if isinstance(piece, Usage):
                    usage = piece
                    continue
                before = settled(written, final=False)
                written += piece
                now = settled(written, final=False)
                if now == before:
                    continue
                partial = verified_answer(question, now, chunks, self.embedder, answer, generator.name, verifier)
                if partial.fallback or partial.abstained or not partial.text.startswith(shown):
                    continue  # nothing upheld yet, or a decline: shown once the reply is whole
                if len(partial.text) > len(shown):
                    if first_ms is None:
                        first_ms = (time.perf_counter() - t0) * 1e3
                    yield (" " if shown else "") + partial.text[len(shown):].lstrip()
                    shown = partial.text
        t4 = time.perf_counter()
        final = verified_answer(question, written, chunks, self.embedder, answer, generator.name, verifier)
        if final.text != shown:
            # The rest: the last sentence, or the extractive answer standing in, or the abstention.
            rest = final.text[len(shown):] if shown and final.text.startswith(shown) else final.text
            if first_ms is None and not final.fallback and not final.abstained:
                first_ms = (time.perf_counter() - t0) * 1e3
            yield from marked_pieces(rest)
        t5 = time.perf_counter()
        final = replace(final, context=context, versions=self.versions())
        more = dict(generate_ms=(t4 - t3) * 1e3, verify_ms=(t5 - t4) * 1e3, total_ms=(t5 - t0) * 1e3)
        if first_ms is not None:
            more["first_sentence_ms"] = first_ms
        if usage is not None:
            more.update(prompt_tokens=usage.prompt_tokens, cached_tokens=usage.cached_tokens,
                        completion_tokens=usage.completion_tokens, tokens_per_s=round(usage.tokens_per_s, 2))
        yield final.with_timings(**timings, **more)

    def conversation(self) -> Conversation:
        """A new, empty conversation that keeps ``QA_MAX_TURNS`` turns."""
        return Conversation(max_turns=self.settings.max_turns)

    def chat(self, conversation: Conversation | None = None) -> "ChatSession":
        """A conversation session: follow-up questions are read in the light of earlier turns."""
        return ChatSession(self, conversation)

    def documents(self) -> list[dict]:
        """The stored documents: source, title and chunk count."""
        index = self.keyword_index()
        docs: dict[str, dict] = {}
        for chunk in index.chunks.values():
            d = docs.setdefault(chunk.source, {"source": chunk.source, "title": chunk.title, "chunks": 0})
            d["chunks"] += 1
        return sorted(docs.values(), key=lambda d: d["source"])

    def chunk(self, chunk_id: str) -> Chunk | None:
        """The stored passage ``chunk_id`` (a citation's ``chunk_id``), from any collection questions are answered
        from; None if none holds it."""
        for assistant in self.answering_from():
            found = assistant.keyword_index().chunks.get(chunk_id)
            if found is not None:
                return found
        return None

    def delete(self, source: str) -> int:
        """Remove one document (by its source path) from the store; returns the chunks removed."""
        with self.write_lock():
            stored = self.store.ids_by_source()
            ids = stored.get(source) or stored.get(str(Path(source).expanduser().resolve()), set())
            self.store.delete(sorted(ids))
            self.keyword_index()
        return len(ids)

    # -- collections -------------------------------------------------------------
    def collections(self) -> list[str]:
        """Every collection in this store (``QA_COLLECTION`` picks the one an assistant reads and writes)."""
        return self.store.collections()

    def create_collection(self, name: str) -> "Assistant":
        """An assistant for collection ``name``, made empty if it is new; it shares this one's encoder."""
        other = Assistant(self.settings, embedder=self._embedder, collection=name)
        other.keyword_index()  # makes the collections and saves an empty index
        return other

    def _existing(self, name: str, collections: list[str]) -> "Assistant":
        """The assistant of collection ``name`` (this one, if it is its own); :class:`InputError` if there is none."""
        if name not in collections:
            raise InputError(f"no collection {name!r} (there are: {', '.join(collections) or 'none'})")
        return self if name == self.settings.collection else Assistant(self.settings, embedder=self._embedder, collection=name)

    def drop_collection(self, name: str) -> None:
        """Delete collection ``name``: its rows in Chroma and its keyword index. Other collections are untouched.

        An assistant of that collection (this one, if it is its own) used again makes it anew, empty.
        """
        other = self._existing(name, self.collections())
        with self.write_lock():
            other.store.drop()
            shutil.rmtree(other.keyword_dir, ignore_errors=True)
        other._store, other._keyword = None, None  # used again, it starts an empty collection

    def rename_collection(self, name: str, new: str) -> "Assistant":
        """Rename collection ``name`` to ``new`` (rows and keyword index); returns an assistant for it.

        An assistant of the old name is done with: used again, it makes that collection anew, empty.
        """
        collections = self.collections()
        old = self._existing(name, collections)
        if new in collections:
            raise InputError(f"there is a collection {new!r} already")
        renamed = Assistant(self.settings, embedder=self._embedder, collection=new)  # checks the name
        with self.write_lock():
            old.store.rename(new)
            if old.keyword_dir.exists():
                old.keyword_dir.rename(renamed.keyword_dir)
        old._store, old._keyword = None, None
        return renamed

    @staticmethod
    def _keyword_summary(saved: KeywordIndex | None) -> dict:
        if saved is None:
            return {"chunks": 0, "sentences": 0, "documents": 0}
        return {"chunks": saved.n_chunks, "sentences": saved.n_sentences, "documents": len({c.source for c in saved.chunks.values()})}

    def _quick_status(self) -> dict | None:
        """Status from Chroma's tables and the keyword catalogue alone, when they agree; else None."""
        from .store import read_tables

        tables = read_tables(self.settings)
        saved = KeywordIndex.catalogue(self.keyword_dir) if tables is not None else None
        if tables is None or saved is None:
            return None
        generation, chunks = saved
        if generation != tables.generation or set(chunks) != set(tables.chunk_sources) \
                or sum(len(c.sentences) for c in chunks.values()) != tables.sentences:
            return None
        documents = len(set(tables.chunk_sources.values()))
        return {"store": tables.where, "documents": documents, "chunks": len(chunks), "sentences": tables.sentences,
                "keyword_index": {"chunks": len(chunks), "sentences": tables.sentences, "documents": documents},
                "consistent": True, "problems": [], "vectors_checked": False}

    def status(self, check: bool = False) -> dict:
        """Documents and chunks in the store and in the keyword index, whether they agree, and what is wrong if not.

        ``problems`` lists each fault found (a stale or damaged keyword index,
        vectors that cannot be read back, a store that lost its tables); the
        next ``ingest`` repairs each of them. Nothing is written.

        Quick by default: an embedded store this assistant has not opened yet is
        read from Chroma's tables and the keyword catalogue, without starting
        Chroma; that answer stands only when they agree. Otherwise, and with
        ``check``, Chroma opens the store and every vector is read back
        (``vectors_checked`` says which was done).
        """
        if not check and self._store is None:
            quick = self._quick_status()
            if quick is not None:
                return quick
        saved = KeywordIndex.load(self.keyword_dir)
        try:
            generation = self.store.generation()
            counts = chunks, sentences = self.store.counts()
            sources = self.store.ids_by_source()
            broken = self.store.unreadable()
        except StoreError as exc:
            if not self.store.is_damage(exc):
                raise
            return {"store": self.store.where, "documents": None, "chunks": None, "sentences": None,
                    "keyword_index": self._keyword_summary(saved), "consistent": False,
                    "problems": [f"the vector index cannot be read ({exc}); the next ingest rebuilds it from the keyword index"],
                    "vectors_checked": True}
        keyword = self._keyword_summary(saved)
        stored_ids = set().union(*sources.values())
        problems = []
        lost = self._lost_chunks(generation)
        if lost:
            problems.append(f"the store is empty but its keyword index holds {len(lost)} chunks: its tables look lost or replaced")
        elif saved is None and chunks:
            problems.append("the keyword index is missing or unreadable (it is rebuilt at the next question)")
        elif saved is not None and not (saved.is_fresh(generation, counts) and set(saved.chunks) == stored_ids):
            problems.append("the keyword index does not match the store (it is rebuilt at the next question)")
        if broken:
            problems.append(f"{len(broken)} chunks have vectors that cannot be read back (the next ingest re-embeds them)")
        return {
            "store": self.store.where,
            "documents": len(sources),
            "chunks": chunks,
            "sentences": sentences,
            "keyword_index": keyword,
            "consistent": not problems,
            "problems": problems,
            "vectors_checked": True,
        }


class ChatSession:
    """A conversation with an :class:`Assistant`: it carries the :class:`~qa.Conversation` value from turn to turn.

    Example:
        >>> session = assistant.chat()                          # doctest: +SKIP
        >>> session.ask("Who built the Brannock lighthouse?")   # doctest: +SKIP
        >>> session.ask("When did he build it?").text           # doctest: +SKIP
        'It was built in 1871 by the engineer Oswin Hale ... [1]'
        >>> [t.rewritten for t in session.conversation.turns]   # doctest: +SKIP
    """

    def __init__(self, assistant: Assistant, conversation: Conversation | None = None) -> None:
        self.assistant = assistant
        self.conversation = conversation if conversation is not None else assistant.conversation()

    def ask(self, question: str) -> Answer:
        """Answer ``question`` in the light of the conversation so far, and add the turn."""
        answer = self.assistant.ask(question, self.conversation)
        self.conversation = self.conversation.then(answer)
        return answer

    def stream(self, question: str) -> Iterator[str | Answer]:
        """Like :meth:`ask`, piece by piece: text as it is produced, then the final :class:`Answer`."""
        for part in self.assistant.stream(question, self.conversation):
            if isinstance(part, Answer):
                self.conversation = self.conversation.then(part)
            yield part

    def reset(self) -> None:
        """Start over with an empty conversation."""
        self.conversation = self.assistant.conversation()
