"""The values that flow through citeqa, stage by stage; all frozen.

- :class:`Chunk`: ingest. One passage of a document, as chunked and stored.
- :class:`Hit`: retrieval. A chunk found for a question, with its fused score and the signals behind it.
- :class:`Passage`: the answer. A retrieved passage that was considered, cited or not.
- :class:`Citation`: the answer. One ``[n]`` marker: which passage, and which sentence of it.
- :class:`AnswerSentence`: the answer. One sentence as written and checked, with the markers it carries.
- :class:`Answer`: what :meth:`qa.Assistant.ask` returns.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Callable

from . import words

Span = tuple[int, int]

ABSTAIN_TEXT = "The documents don't answer this question."


def place(page: str, section: str, paragraph: int) -> str:
    """A citation's place as people read it: the page ("p. 12", "slide 3"), the section, the paragraph.

    Example:
        >>> place("12", "Guide › Install", 7), place("", "", 3), place("slide 2", "", 4)
        ('p. 12 · Guide › Install · ¶7', '¶3', 'slide 2 · ¶4')
    """
    parts = [f"p. {page}" if page.isdigit() else page, section, f"¶{paragraph}"]
    return " · ".join(p for p in parts if p)


@dataclass(frozen=True)
class Chunk:
    """One passage of a document, as stored."""

    id: str
    source: str
    title: str
    paragraph: int  # 1-based number of the paragraph in the document
    part: int  # 0 unless a long paragraph was cut in several chunks
    start: int  # offsets of ``text`` in the document's text
    end: int
    text: str
    sentences: tuple[Span, ...] = ()  # offsets inside ``text``
    document_sha256: str = ""  # of the document's text as read when this chunk was stored ("" in stores from before the record)
    section: str = ""  # the heading path where the chunk starts ("Guide › Install"); "" without headings
    pages: tuple[tuple[int, str], ...] = ()  # (offset in ``text``, page label) for each page it lies on; () without pages
    reader_version: int = 0  # qa.read.READER_VERSION of the reader that made it (0: stored before the record)

    def __post_init__(self) -> None:
        # Stored and loaded as JSON lists; kept as tuples so a chunk stays a value.
        object.__setattr__(self, "sentences", tuple(tuple(s) for s in self.sentences))
        object.__setattr__(self, "pages", tuple((int(o), str(p)) for o, p in self.pages))

    @property
    def indexed(self) -> str:
        """What retrieval indexes (embeddings and keywords): the section path on a line, then the text.

        The path names the topic that a passage's own words often leave out ("4.7 Defining
        Functions"); on the real-document set it raised retrieval hit@5 from 0.930 to 0.954
        (README, "Measured"). Quotes and offsets are always of ``text``.
        """
        return f"{self.section}\n{self.text}" if self.section else self.text

    @property
    def keyword_text(self) -> str:
        """What the keyword index reads: :attr:`indexed`, or with the document's title before it when the chunk
        has no section (an essay named only in its page's title is found by its name). Only keywords: the
        title before the embedded text of every chunk cost retrieval hit@5 on both evaluation sets
        (0.891 to 0.875, 0.954 to 0.930), and keywords cost nothing there (README, Figures)."""
        return self.indexed if self.section or not self.title else f"{self.title}\n{self.text}"

    @property
    def indexed_sentences(self) -> tuple[Span, ...]:
        """``sentences`` as offsets in :attr:`indexed`."""
        shift = len(self.section) + 1 if self.section else 0
        return tuple((a + shift, b + shift) for a, b in self.sentences)

    def page_at(self, offset: int) -> str:
        """The label of the page that ``text[offset]`` lies on ("" for a document without pages)."""
        label = ""
        for start, page in self.pages:
            if start > offset:
                break
            label = page
        return label


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its fused score and the raw signals behind it."""

    chunk: Chunk
    score: float
    signals: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Passage:
    """A retrieved passage that was considered, cited or not."""

    source: str
    title: str
    paragraph: int
    text: str
    score: float
    chunk_id: str = ""
    page: str = ""  # the page the passage starts on ("12", "slide 3"); "" for a document without pages
    section: str = ""  # the heading path where it starts; "" for a document without headings

    @classmethod
    def of(cls, hit: Hit) -> "Passage":
        c = hit.chunk
        return cls(c.source, c.title, c.paragraph, c.text, round(hit.score, 4), c.id, c.page_at(0), c.section)

    @property
    def place(self) -> str:
        """Where the passage is: page, section and paragraph (see :func:`place`)."""
        return place(self.page, self.section, self.paragraph)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Citation:
    """One ``[n]`` marker of an answer.

    ``text`` is the whole passage, ``quote`` the supporting sentence, and
    ``text[start:end] == quote``. ``supported`` is false for a citation that
    verification did not uphold; such a citation belongs to a sentence left
    out of the answer. ``answer_span``, when set, is the short answer inside the
    quote, as offsets in ``text`` (``text[a:b]`` is, for instance, the date a
    "when" question asks for): :attr:`short_answer`.
    """

    n: int
    source: str
    paragraph: int
    text: str
    quote: str
    start: int
    end: int
    title: str = ""
    chunk_id: str = ""
    supported: bool = True
    answer_span: Span | None = None
    chunk_start: int = 0  # where ``text`` starts in its document: the quote is document text [chunk_start + start, chunk_start + end)
    document_sha256: str = ""  # the version of the document the offsets refer to
    scores: dict[str, float] = field(default_factory=dict)  # what chose this passage and sentence (retrieval signals, sentence scores)
    page: str = ""  # the page the quote lies on ("12", "slide 3"); "" for a document without pages
    section: str = ""  # the heading path of the passage ("Guide › Install"); "" for a document without headings

    @classmethod
    def of(cls, chunk: Chunk, n: int, start: int, end: int, supported: bool = True, answer_span: Span | None = None,
           scores: dict[str, float] | None = None) -> "Citation":
        """Citation ``n`` quoting ``chunk.text[start:end]``."""
        return cls(n=n, source=chunk.source, paragraph=chunk.paragraph, text=chunk.text, quote=chunk.text[start:end],
                   start=start, end=end, title=chunk.title, chunk_id=chunk.id, supported=supported, answer_span=answer_span,
                   chunk_start=chunk.start, document_sha256=chunk.document_sha256, scores=dict(scores or {}),
                   page=chunk.page_at(start), section=chunk.section)

    @property
    def place(self) -> str:
        """Where the quote is, for a person: "p. 12 · Guide › Install · ¶7" (what the document has of these)."""
        return place(self.page, self.section, self.paragraph)

    @property
    def short_answer(self) -> str | None:
        """The words of the quote that answer the question, when they were marked."""
        return self.text[self.answer_span[0]: self.answer_span[1]] if self.answer_span else None

    def to_dict(self) -> dict:
        data = asdict(self)
        data["answer_span"] = list(self.answer_span) if self.answer_span else None
        data["short_answer"] = self.short_answer
        return data


@dataclass(frozen=True)
class AnswerSentence:
    """One sentence of an answer as it was checked against the passages.

    ``markers`` are the ``[n]`` numbers of ``Answer.citations`` it cites;
    ``supported`` is false for a generated sentence the passages do not back,
    which is left out of ``Answer.text``; ``support`` is its score (see :mod:`qa.verify`).
    """

    text: str
    markers: tuple[int, ...] = ()
    supported: bool = True
    support: float | None = None

    def to_dict(self) -> dict:
        return {"text": self.text, "markers": list(self.markers), "supported": self.supported,
                "support": None if self.support is None else round(self.support, 3)}


@dataclass(frozen=True)
class Answer:
    """What :meth:`qa.Assistant.ask` returns; a value, never changed after it is made.

    ``text`` carries ``[n]`` markers that index into ``citations``; when the
    documents don't support an answer, ``abstained`` is true, ``citations`` is
    empty and ``passages`` still lists what was considered.

    ``generator`` is the configured ``QA_LLM``; ``fallback`` is true when its
    answer had no supported sentence and the extractive answer stood in.
    ``sentences`` lists every sentence written, supported or not, so a front
    end can show what verification removed. ``upheld`` is the share of the
    answer's own citations that verification upheld (1.0 for a quoted answer).
    ``context`` is what earlier turns of a conversation added to the question
    for retrieval (empty for a question that stands alone). ``confidence`` is the
    learned answerer's probability that the documents answer the question (it
    abstains below its threshold); ``None`` from answerers that do not estimate one.

    Example:
        >>> answer = Answer("Who built it?", "Oswin Hale built it. [1]", abstained=False)
        >>> answer.with_timings(total_ms=41.5).timings
        {'total_ms': 41.5}
        >>> answer.timings
        {}
    """

    question: str
    text: str
    abstained: bool
    citations: tuple[Citation, ...] = ()
    passages: tuple[Passage, ...] = ()
    timings: dict[str, float] = field(default_factory=dict)
    generator: str = "extractive"
    fallback: bool = False
    sentences: tuple[AnswerSentence, ...] = ()
    upheld: float | None = None
    context: str = ""
    confidence: float | None = None
    versions: dict[str, str] = field(default_factory=dict)  # what answered: citeqa, encoder, answerer, settings

    def __post_init__(self) -> None:
        for name in ("citations", "passages", "sentences"):
            object.__setattr__(self, name, tuple(getattr(self, name)))

    @classmethod
    def abstention(cls, question: str, passages=(), **fields) -> "Answer":
        """The answer that says the documents don't answer ``question``."""
        return cls(question, ABSTAIN_TEXT, True, (), tuple(passages), **fields)

    def segments(self) -> list[str | int]:
        """``text`` cut at its ``[n]`` markers: text pieces, and each cited number where its marker stood."""
        return words.segments(self.text)

    def with_timings(self, **timings: float) -> "Answer":
        """This answer with ``timings`` added."""
        return replace(self, timings={**self.timings, **timings})

    def audit(self, source: "Callable[[str], str]" = str) -> dict:
        """A record to re-check this answer against later: for each cited sentence, its document's version
        (sha256 of the text as read), the quote's character span in that text, the paragraph, and the scores
        that chose it; and what answered (``versions``). :func:`qa.audit.check` re-checks it.
        ``source`` maps a document's path to the name the record gives (the path itself by default).

        Example:
            >>> Answer("Who built it?", "The documents don't answer this question.", abstained=True).audit()["citations"]
            []
        """
        return {
            "question": self.question,
            "answer": self.text,
            "abstained": self.abstained,
            "confidence": None if self.confidence is None else round(self.confidence, 4),
            "versions": dict(self.versions),
            "sentences": [{"text": s.text, "citations": list(s.markers), "supported": s.supported} for s in self.sentences],
            "citations": [{"n": c.n, "source": source(c.source), "document_sha256": c.document_sha256 or None,
                           "paragraph": c.paragraph, "start": c.chunk_start + c.start, "end": c.chunk_start + c.end,
                           "quote": c.quote, "supported": c.supported,
                           "scores": {k: round(float(v), 4) for k, v in c.scores.items()}} for c in self.citations],
        }

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "text": self.text,
            "abstained": self.abstained,
            "generator": self.generator,
            "fallback": self.fallback,
            "upheld": None if self.upheld is None else round(self.upheld, 4),
            "context": self.context,
            "confidence": None if self.confidence is None else round(self.confidence, 4),
            "citations": [c.to_dict() for c in self.citations],
            "sentences": [s.to_dict() for s in self.sentences],
            "passages": [p.to_dict() for p in self.passages],
            "timings": {k: round(v, 2) for k, v in self.timings.items()},
        }
