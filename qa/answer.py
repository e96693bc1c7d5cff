"""Extractive answerers: they quote the sentences of the retrieved passages that answer the question; no LLM.

An answerer turns a question and its retrieved passages into an :class:`~qa.Answer`;
:class:`Answerer` is what one must do. Two come with citeqa:

- :class:`HeuristicAnswerer` (the default, ``QA_ANSWERING=heuristic``): cosine, word
  overlap and answer types, weighed by hand; dates and counts are marked as the short answer.
- :class:`LearnedAnswerer` (``QA_ANSWERING=learned``): the selector (:mod:`qa.selector`),
  trained here, scores every quotable sentence and the answer quotes the best; a
  calibrated abstention decision (:mod:`qa.abstain`) says whether the documents answer
  at all; the short answer inside the quote is marked where that was measured reliable
  (:mod:`qa.answer_type`). Its models ship in the package (``qa/models/answer``, with a
  model card). It stays opt-in until it measures better than the heuristic on the
  evaluation sets (see README, Figures).

Both quote sentences that stand on their own (:func:`standing_alone`).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Protocol

import numpy as np

from .abstain import Abstention, signals
from .answer_type import asks, best_span, cues, demands, holds, kind_of, lacks
from .chunk import ANNOUNCES, SECTION_SEP, is_example
from .selector import (FEATURES, FRONT_MATTER, Candidate, Selector, about_the_document, candidates, is_line, named_document,
                       naming_words, quotable, ranked, same_words, shares)
from .types import Answer, AnswerSentence, Chunk, Citation, Hit, Passage
from .words import POINTS_BACK, compose, content_words, overlap, words


def default_models() -> Path:
    """The answer models that ship with citeqa (``selector.json``, ``answering.json``, ``MODEL_CARD.md``)."""
    return Path(__file__).resolve().parent / "models" / "answer"


class Answerer(Protocol):
    """Turns a question and its retrieved passages into an answer.

    ``vectors`` maps each hit's chunk id to the unit vectors of its sentences;
    ``qvec`` is the unit vector of what was retrieved with (``context`` and
    ``question``). ``context`` is what earlier turns of a conversation add to a
    follow-up (empty for a question that stands alone).
    """

    def answer(self, question: str, qvec: np.ndarray, hits: list[Hit], vectors: dict[str, np.ndarray],
               context: str = "") -> Answer: ...


@dataclass(frozen=True)
class Reading:
    """What the selector made of one question: candidates by score, best first, and the abstention signals."""

    ranked: tuple[Candidate, ...]
    features: tuple[float, ...] = ()


def _cited(question: str, chosen: list[Candidate], passages: list[Passage], mark: Callable, **fields) -> Answer:
    citations = []
    for n, c in enumerate(chosen, start=1):
        short = mark(c)
        # What chose it: how its passage was retrieved, and how its sentence scored (for the audit record).
        scores = {"passage": c.hit.score, **c.hit.signals, "sentence_cosine": c.cosine, "sentence": c.score}
        citations.append(Citation.of(c.hit.chunk, n, c.start, c.end, answer_span=short, scores=scores))
    sentences = [AnswerSentence(" ".join(c.quote.split()), (c.n,)) for c in citations]
    return Answer(question, compose((s.text, s.markers) for s in sentences), False, citations, passages,
                  sentences=sentences, upheld=1.0, **fields)


def marker(question: str, kinds: frozenset[str]) -> Callable[[Candidate], tuple[int, int] | None]:
    """What marks the short answer inside a quote: the span of the kind of thing ``question`` asks for, nearest
    its own words, when that kind is one of ``kinds`` (those measured precise enough), else nothing."""
    kind = kind_of(question)

    def mark(c: Candidate) -> tuple[int, int] | None:
        span = best_span(kind, c.text, question) if kind in kinds else None
        return (c.start + span[0], c.start + span[1]) if span else None

    return mark


# The most lines of what a prompt's line printed that are quoted with it.
PROMPT_OUTPUT_LINES = 6


def standing_alone(chosen: list[Candidate]) -> list[Candidate]:
    """The quotes, each one understandable on its own: a sentence that opens by pointing back ("That's the
    toll ...", "It was built ...") is quoted with the sentence before it, one that introduces an example
    ("... with:") with the example; a quote inside another is dropped."""
    grown = []
    for c in chosen:
        opening = words(c.text[:40])
        spans = c.hit.chunk.sentences
        if c.index > 0 and opening and opening[0] in POINTS_BACK and quotable(c.hit.chunk, *spans[c.index - 1]):
            c = replace(c, start=spans[c.index - 1][0])
        # One that introduces an example ("take a snapshot with:") is quoted with it, to the end of its paragraph;
        # one that announces what follows ("The following three types are supported.") with the list after it.
        text = c.hit.chunk.text
        example = text[c.end: spans[-1][1]] if c.text.rstrip().endswith(":") else ""
        if not example and ANNOUNCES.search(c.text) and (after := text.find("\n\n", c.end)) >= 0:
            example = text[after: spans[-1][1]]
        if example.strip() and is_example(example.strip()):
            c = replace(c, end=spans[-1][1])
        # A line typed at an interactive prompt (">>> b.status") is quoted with what it printed, up to the next prompt.
        if c.text.lstrip().startswith(">>>"):
            after = [(a, b) for a, b in spans if a >= c.end][:PROMPT_OUTPUT_LINES]
            shown = list(itertools.takewhile(lambda s: not c.hit.chunk.text[s[0]: s[1]].lstrip().startswith(">>>"), after))
            if shown:
                c = replace(c, end=shown[-1][1])
        grown.append(c)
    return [c for c in grown if not any(o is not c and o.hit.chunk.id == c.hit.chunk.id and o.start <= c.start and c.end <= o.end
                                        for o in grown)]


@dataclass(frozen=True)
class LearnedAnswerer:
    """Quotes the sentence the selector rates best, and a second when the selector gives it a large enough share
    too; abstains when the calibrated probability that the documents answer is below the threshold fitted with it.

    ``selector`` is a :class:`qa.selector.Selector`; ``decision``, ``second_share`` and
    ``mark_kinds`` come from the models directory's ``answering.json`` (:meth:`load`),
    fitted on training data by ``python -m qa.train answering``.

    Example:
        >>> answerer = LearnedAnswerer.load(default_models())
        >>> answerer.answer("Who built it?", np.zeros(384), hits=[], vectors={}).abstained
        True
    """

    selector: Selector
    decision: Abstention
    second_share: float
    mark_kinds: frozenset[str] = frozenset()
    max_sentences: int = 2
    threshold: float | None = None  # overrides the decision's own threshold (QA_ABSTAIN_THRESHOLD)
    version: str = "learned"  # names the models, for audit records: "learned <sha256 of their files, 16 digits>"

    @classmethod
    def load(cls, models: Path, max_sentences: int = 2, threshold: float | None = None) -> "LearnedAnswerer":
        """The answerer of the trained models in ``models`` (``selector.json`` and ``answering.json``)."""
        from .errors import SettingsError

        models = Path(models)
        path = models / "answering.json"
        if not path.is_file() or not (models / "selector.json").is_file():
            raise SettingsError(f"no trained answer models in {models}: train them with `python -m qa.train answering` "
                                f"(see README), or leave QA_ANSWER_MODEL unset for the ones citeqa ships")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            decision = Abstention.from_dict(data["abstention"])
            second = float(data["second_share"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise SettingsError(f"answering model {path} cannot be read: {exc}") from exc
        digest = hashlib.sha256((models / "selector.json").read_bytes() + path.read_bytes()).hexdigest()[:16]
        return cls(Selector.load(models / "selector.json"), decision, second, frozenset(data.get("mark_kinds", ())),
                   max_sentences, threshold, f"learned {digest}")

    def read(self, question: str, qvec: np.ndarray, hits: list[Hit], vectors: dict[str, np.ndarray], context: str = "") -> Reading:
        """Every candidate, best first by the selector's score, and the abstention signals of the best."""
        # A follow-up ("When did she leave?") is read with what the conversation says it is about.
        found = candidates(question, qvec, hits, vectors, context)
        if not found:
            return Reading(())
        best_first = ranked(found, self.selector.scores(np.stack([c.features for c in found])))
        asked = f"{context} {question}".strip()
        return Reading(tuple(best_first), tuple(signals(asked, best_first, [h.chunk.text for h in hits])))

    def answer(self, question: str, qvec: np.ndarray, hits: list[Hit], vectors: dict[str, np.ndarray],
               context: str = "") -> Answer:
        passages = [Passage.of(h) for h in hits]
        reading = self.read(question, qvec, hits, vectors, context)
        if not reading.ranked:
            return Answer.abstention(question, passages)
        confidence = self.decision.probability(list(reading.features))
        threshold = self.decision.threshold if self.threshold is None else self.threshold
        if confidence < threshold:
            return Answer.abstention(question, passages, confidence=confidence)
        share = shares(list(reading.ranked))
        chosen = standing_alone([c for c, s in zip(reading.ranked, share) if c is reading.ranked[0] or s >= self.second_share][: self.max_sentences])
        if lacks(question, [c.text for c in chosen]):
            return Answer.abstention(question, passages, confidence=confidence)
        return _cited(question, chosen, passages, marker(question, self.mark_kinds), confidence=confidence)


# -- the hand-written scoring ---------------------------------------------------------------

# The short answers the heuristic marks inside its quotes: dates and counts. Measured on the SQuAD training data (the
# partial training set and dev articles 1-8) for its first quote when that holds the answer, the marked words are the
# gold answer for dates 0.861 of the time (466 marked), for counts 0.708 (548; 0.557 before a count was grown to
# its qualifier, currency and unit and chosen by what it counts, qa.answer_type.best_span) and for names 0.356;
# marking needs 0.70 (MARK_PRECISION, as for the learned answerer).
HEURISTIC_MARKS = frozenset({"date", "number"})

# The cheap score's share for the question's content words, as the hand-written scoring has
# always weighed them (its weight among cosine, overlap and answer type; see README, How it works).
OVERLAP_WEIGHT = 0.4


def cheap_scores(question: str, found: list[Candidate]) -> np.ndarray:
    """The hand-written score of candidates: cosine to the question plus a share for its content words."""
    return np.array([c.cosine + OVERLAP_WEIGHT * c.features[FEATURES.index("overlap")] for c in found])


# How much the kind of thing asked for (a date, a number, a name, a cause) and the passage's retrieval add to the
# hand-written score, as it has always weighed them (see README, How it works).
TYPE_WEIGHT = 0.1
RANK_WEIGHT = 0.05


def heuristic_key(question: str, cheap: float, sentence: str, passage_gap: float,
                  type_weight: float = TYPE_WEIGHT, rank_weight: float = RANK_WEIGHT) -> float:
    """The heuristic answerer's score of one sentence: its cheap score, plus a share when it gives what is asked
    for and a share of its passage's retrieval score behind the best passage's (``passage_gap``, 0 or less)."""
    return cheap + type_weight * _gives(question, sentence) + rank_weight * passage_gap


def heuristic_scores(question: str, found: list[Candidate]) -> np.ndarray:
    """:func:`heuristic_key` of candidates with :data:`~qa.selector.FEATURES` (as training reads them)."""
    gap = FEATURES.index("passage_gap")
    return np.array([heuristic_key(question, cheap, c.text, float(c.features[gap]))
                     for cheap, c in zip(cheap_scores(question, found), found)])


def reranked(question: str, best_first: list[Candidate], keys: list[float], reranker, weight: float, depth: int) -> list[Candidate]:
    """``best_first`` (with their scores ``keys``) with the first ``depth`` put in order again by their score plus
    ``weight`` times the reranker's (:class:`qa.rerank.Reranker`); the rest follow as they were."""
    head = best_first[:depth]
    if len(head) < 2 or not weight:
        return best_first
    blended = np.asarray(keys[: len(head)]) + weight * reranker.scores(question, [c.text for c in head])
    return [head[i] for i in np.argsort(-blended, kind="stable")] + best_first[depth:]


def _every_sentence(question: str, qvec: np.ndarray, hits: list[Hit], vectors: dict[str, np.ndarray],
                    document: str | None = None) -> list[Candidate]:
    """Every quotable sentence of the passages (:func:`qa.selector.quotable`: no questions, headings or table
    fragments; front matter only of the ``document`` a question about one names), once (the same words in a
    later passage are left out), scored by the cheap score."""
    asked = content_words(question)
    found, seen = [], set()
    for hit in hits:
        matrix = vectors.get(hit.chunk.id)
        for i, (a, b) in enumerate(hit.chunk.sentences):
            text = hit.chunk.text[a:b]
            if same_words(text) in seen or not quotable(hit.chunk, a, b, question, document):
                continue
            seen.add(same_words(text))
            cosine = float(matrix[i] @ qvec) if matrix is not None and i < len(matrix) else 0.0
            found.append(Candidate(hit, i, a, b, cosine, np.zeros(0, dtype=np.float32), cosine + OVERLAP_WEIGHT * overlap(asked, text)))
    found.sort(key=lambda c: -c.score)
    return found


# A command-line option a question names: "-c", "--check", "-O2", "--leak-check" (of "--leak-check=yes").
_OPTION = re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*")
_BULLETS = "•*· \t"
# An API a question names: a dotted name that opens in lower case ("path.join", "str.split", "emitter.once") or any
# name called ("open()", "Path.mkdir()"); not a file's name ("index.js", "setup.py").
_API = re.compile(r"(?<![\w.])(?:[a-z_]\w*(?:\.[A-Za-z_]\w*)+(?![\w.(])|[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*(?=\(\)))")
_FILE_ENDINGS = frozenset("js mjs cjs ts py md txt rst html htm json cfg toml yaml yml ini sh c h cpp go rs java rb".split())
# What a reference's heading may put before the name it defines: "class pathlib.Path(...)", "async def ...".
_DEFINING = r"(?:(?:class|def|function|async|static|abstract|classmethod|staticmethod|property|exception|method|attribute)\s+)*"


# A question that asks what a term is or does ("What does path.join return?", "What is --watch for?", "Explain
# -c"): its definition answers it. "Which flag can --watch not be combined with?" asks for something else.
_ASKS_DEFINITION = re.compile(r"^\W*(?:what\s+(?:does|do|is|are)|explain|describe|how\s+does)\s+"
                              # then the term, after at most three words that name its program ("the git subtree -d option")
                              r"(?:(?!(?:of|with|when|if|in|for|to|do|does|is|are)\b)[\w'’-]+\s+){0,3}(?=-|[A-Za-z_][\w.]*[.(])", re.I)
# What may stand between the spellings of one option: "-o, --output", "-o/--output", "-o or --output".
_ALIASES = re.compile(r"^(?:=\S*)?\s*(?:,|/|\bor\b)?\s*$")


def terms_named(question: str) -> set[str]:
    """The command-line option or API name whose definition ``question`` asks for: "What does path.join do?"
    gives "path.join", "What does -o, --output=FILE do?" "-o" and "--output" (one option's two spellings), and a
    question about two ("Can --watch be combined with --check?") or not asking what one is or does, none.

    Example:
        >>> sorted(terms_named("What does -o, --output=FILE do?")), terms_named("Can --watch be combined with --check?")
        (['--output', '-o'], set())
    """
    if not _ASKS_DEFINITION.search(question):
        return set()
    found = [m for m in _OPTION.finditer(question)]
    found += [m for m in _API.finditer(question) if m.group().rpartition(".")[2].lower() not in _FILE_ENDINGS]
    found.sort(key=lambda m: m.start())
    if any(not _ALIASES.match(question[a.end(): b.start()]) for a, b in zip(found, found[1:])):
        return set()
    return {m.group() for m in found}


def opens_with_option(question: str, sentence: str) -> bool:
    """Whether ``sentence`` opens with a command-line option ``question`` names, as the entries of an option list do.

    Example:
        >>> opens_with_option("What does the -c option do?", "-c, --check checks the syntax only")
        True
        >>> opens_with_option("What does the -c option do?", "Use -c to check the syntax.")
        False
    """
    return _opens_with(terms_named(question), sentence)


def defines(terms: set[str], chunk: Chunk, sentence: str = "") -> bool:
    """Whether ``sentence`` of ``chunk`` defines one of ``terms`` (:func:`terms_named`): it opens with the option, as
    an option list's entry does, or the heading over it opens with the option or the API name ("--inspect[=port]",
    "path.join([...paths])", "class pathlib.Path(*segments)"), as a reference's entries are headed.

    Example:
        >>> headed = lambda section: Chunk("c", "path.html", "Path", 1, 0, 0, 9, "It joins.", section=section)
        >>> defines({"path.join"}, headed("Path › path.join([...paths])")), defines({"path.join"}, headed("Path › path.joinAll()"))
        (True, False)
    """
    return bool(terms) and (_opens_with(terms, sentence) or _heads(terms, chunk))


def defining_passage(terms: set[str], chunk: Chunk) -> bool:
    """Whether ``chunk`` holds a definition of one of ``terms``: a line of an option list that opens with it, or prose
    under a heading that opens with it (an entry's heading, its version table and its parameters, passages of
    their own, say nothing of what it does)."""
    if not terms:
        return False
    if _heads(terms, chunk) and any(is_prose(chunk.text[a:b]) for a, b in chunk.sentences):
        return True
    return any(_opens_with(terms, line) for line in chunk.text.splitlines())


def _opens_with(terms: set[str], line: str) -> bool:
    return bool(line) and bool(terms & set(_leading_options(line.lstrip(_BULLETS))[0]))


def _heads(terms: set[str], chunk: Chunk) -> bool:
    heading = chunk.section.rpartition(SECTION_SEP)[2].lstrip(_BULLETS)
    if not heading:
        return False
    # The API names also without their parentheses or module ("split()" is "str.split(sep=None)" too).
    names = "|".join(re.escape(t.removesuffix("()")) for t in sorted(terms, key=len, reverse=True))
    return bool(re.match(rf"{_DEFINING}(?:[A-Za-z_]\w*\.)*(?:{names})(?![\w-])", heading))


# After an option in an option list: its argument ("=FILE", " NAME", "<n>"), then a comma before its other spelling,
# or the colons that end a term of a definition list ("--quiet::", as AsciiDoc writes them).
_ARGUMENT = re.compile(r"(?:[= ](?:[A-Z][A-Z_]*\b|<[^>]*>|\[[^\]]*\]))?(,\s*|:{1,2}\s*$)?")


def _leading_options(line: str) -> tuple[list[str], int]:
    """The options an option list's entry opens with, and where they end: "-o, --output=FILE writes ..." gives
    "-o" and "--output"."""
    found, at = [], 0
    while m := _OPTION.match(line, at):
        found.append(m.group())
        after = _ARGUMENT.match(line, m.end())
        at = after.end()
        if not after.group(1) or after.group(1).startswith(":"):
            break
    return found, at


def is_prose(sentence: str) -> bool:
    """Whether ``sentence`` is a sentence of prose: four words or more, closing punctuation, no table cells."""
    return " | " not in sentence and sentence.rstrip().endswith((".", "!")) and len(words(sentence)) >= 4


def _summary_first(defined: list[Candidate]) -> list[Candidate]:
    """Candidates that define a term (best first), the summary of the best one's entry first: its section's first
    sentence of prose ("Activate inspector on host:port."), past the version tables and stability notes a
    reference puts under the heading ("v20.13.0 | Watch mode is now stable.", "Stability: 2 - Stable")."""
    if not defined:
        return defined
    top = defined[0]
    entry = [c for c in defined if c.hit.chunk.source == top.hit.chunk.source and c.hit.chunk.section == top.hit.chunk.section
             and is_prose(c.text)]
    first = min(entry, key=lambda c: (c.hit.chunk.start, c.index), default=top)
    return [first] + [c for c in defined if c is not first]


def with_definition(c: Candidate) -> Candidate:
    """An option list's term lines ("-d::", "--debug::": options and nothing else) quoted with the definition under them."""
    spans, text = c.hit.chunk.sentences, c.hit.chunk.text
    i = c.index
    while i + 1 < len(spans):
        line = text[spans[i][0]: spans[i][1]].strip()
        found, end = _leading_options(line)
        if not found or line[end:].strip():
            break
        i += 1
    return replace(c, end=spans[i][1]) if i != c.index else c


def _gives(question: str, sentence: str) -> bool:
    """Whether ``sentence`` gives what ``question`` asks for: the date, number or name, or for "why" a cause."""
    return holds(question, sentence) or (asks(question) == "reason" and "reason" in cues(sentence, question))


@dataclass(frozen=True)
class HeuristicAnswerer:
    """Quotes up to ``max_sentences`` of the best sentences by cosine, word overlap and answer type,
    each at least ``abstain_below`` similar to the question; abstains when none is.

    Example:
        >>> answerer = HeuristicAnswerer(max_sentences=2, abstain_below=0.30)
        >>> answerer.answer("Who built it?", np.zeros(3), hits=[], vectors={}).abstained
        True
    """

    max_sentences: int = 2
    abstain_below: float = 0.30
    type_weight: float = TYPE_WEIGHT
    rank_weight: float = RANK_WEIGHT
    mark_kinds: frozenset[str] = HEURISTIC_MARKS
    # The cross-encoder that puts the best candidates in order again (:class:`qa.rerank.Reranker`), None for none.
    reranker: object | None = None

    @property
    def version(self) -> str:
        """What answers, for audit records: "heuristic", with the reranker's name and digest when there is one."""
        return f"heuristic + {self.reranker.version}" if self.reranker is not None else "heuristic"

    def answer(self, question: str, qvec: np.ndarray, hits: list[Hit], vectors: dict[str, np.ndarray],
               context: str = "") -> Answer:
        passages = [Passage.of(h) for h in hits]
        top = hits[0].score if hits else 0.0
        # A follow-up's passages were found with the thread's subject; only its own words pick the sentence.
        about = about_the_document(question)
        document = named_document(question, hits) if about else None
        found = _every_sentence(question, qvec, hits, vectors, document)
        keys = [heuristic_key(question, c.score, c.text, c.hit.score - top, self.type_weight, self.rank_weight) for c in found]
        order = np.argsort(-np.asarray(keys), kind="stable")
        best_first = [found[i] for i in order]
        if self.reranker is not None:
            best_first = reranked(question, best_first, [keys[i] for i in order], self.reranker, self.reranker.weight, self.reranker.depth)
        # "When was it published?" is answered by the dateline of its front matter, however little a bare date
        # resembles the question; a sentence from elsewhere adds nothing to it. Only the dateline of the document
        # the question names, or of any when it names none ("When was the article published?").
        dateline = about and demands(question) == "date" and (document is not None or not naming_words(question))
        dated = [c for c in best_first if dateline and c.hit.chunk.paragraph <= FRONT_MATTER and is_line(c.text)
                 and document in (None, c.hit.chunk.source) and _gives(question, c.text)][:1]
        # "What does the -c option do?" is answered by the line of an option list that opens with it ("-c, --check
        # checks the syntax only"), however little so short a line resembles the question; "What does path.join do?"
        # by the entry a reference heads with it.
        terms = terms_named(question)
        defined = [with_definition(c) for c in _summary_first([c for c in best_first if defines(terms, c.hit.chunk, c.text)])][:1]
        best_first = defined + [c for c in best_first if not (defined and c.hit is defined[0].hit and c.index == defined[0].index)]
        chosen = standing_alone(dated or [c for c in best_first if any(c is d for d in defined) or c.cosine >= self.abstain_below][: self.max_sentences])
        # "How many ..." is not answered by a sentence without a number (see qa.answer_type.lacks).
        if not chosen or lacks(question, [c.text for c in chosen]):
            return Answer.abstention(question, passages)
        return _cited(question, chosen, passages, marker(question, self.mark_kinds))
