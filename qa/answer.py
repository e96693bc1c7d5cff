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
import math
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Protocol

import numpy as np

from .abstain import Abstention, signals
from .answer_type import DATE, SOLUTION_LABEL, about_another_release, another_figure, asks, asks_licence, asks_release_of_change, asks_product_version, best_span, cues, dates_release, demands, gives_field, gives_instruction, gives_licence, gives_measure, gives_origin, gives_other_name, gives_own_version, gives_product_version, gives_unsupported, gives_version, holds, kind_of, lacks, lacks_someone, licence_unnamed, lists_changes_of, names_release, own_version_unsaid, release_missing, release_undated, says_former, says_none, states_problem, support_unnamed, year_missing
from .definitions import code_unnamed, default_asked, default_unnamed, defines, entry_named, gives_default_of, heads_entry, is_word_term, names_its_kind, past_motto, states_definition, summary_first, terms_named, with_definition
from .chunk import ANNOUNCES, EXAMPLE_CHARS, SECTION_SEP, is_command, is_example, opens_item, stops_mid_sentence
from .selector import (ASKS_AUTHOR, ASKS_HEADLINE, ASKS_YES_NO, CELLS, DOCUMENT_NOUNS, FEATURES, FRONT_MATTER, SAYS_WHERE, Candidate, Selector,
                       about_the_document, asked_deed, asked_document, asked_without_name, asks_its_name, asks_what_document_is, candidates, row_asked,
                       document_name, heading_of, heads, is_code, is_line, lacks_default, named_document, names_default, names_in_question,
                       naming_words, names_its_author, quotable, ranked, release_section, same_words, says_done_by, shares, states_default, title_name, under_credits, wants_code)
from .types import Answer, AnswerSentence, Chunk, Citation, Hit, Passage
from .words import ADDRESS, AUTHORED, BYLINE, POINTS_BACK, PROMPT, compose, content_words, overlap, says_in_a_row, stem, unmarked, words


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
    # A document's own bracketed numbers (a note's "[2]") would read as markers in the answer: they are shown as "(2)".
    # "Which option makes warnings fatal?" is answered by the entry's name as well as by what its entry says (once).
    entries = [entry_named(question, c.hit.chunk, cite.quote) for c, cite in zip(chosen, citations)]
    sentences = [AnswerSentence(_named(entry if entry not in entries[:i] else None, " ".join(unmarked(cite.quote).split())), (cite.n,))
                 for i, (entry, cite) in enumerate(zip(entries, citations))]
    return Answer(question, compose((s.text, s.markers) for s in sentences), False, citations, passages,
                  sentences=sentences, upheld=1.0, **fields)


def _named(entry: str | None, quote: str) -> str:
    """``quote`` after the name of the entry it stands in, when there is one to give: "-E, --fatal-warnings: ..."."""
    return f"{entry}: {quote}" if entry else quote


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


# A list item's marker at a sentence's opening: "(1)", "1)", "(a)", "a)".
_ITEM = re.compile(r"\s*\(?(?:\d{1,2}|[a-z])\)\s")


# A list's item that is a label alone, one word or path and a colon: "* /usr/share/keyrings/lamps.gpg:".
_ITEM_LABEL = re.compile(r"\s*[*•-]\s+\S+:\s*")


# At most this many lines of code may cut a sentence in two and still be quoted with it: an example, not a listing.
EXAMPLE_LINES = 3


def _across_example(c: Candidate) -> Candidate:
    """``c`` grown to the whole of a sentence that an example cuts in two, as manuals write them: "Alternatively, you
    can use" over "$ git commit -a" over "which will notice any modified files ...". The part before the example ends
    in a word or a comma (at least four words), the example is code, and the part after opens in lower case."""
    text, spans = c.hit.chunk.text, c.hit.chunk.sentences
    if not spans or not 0 <= c.index < len(spans):
        return c

    def part(j: int) -> str:
        return text[spans[j][0]: spans[j][1]].strip()

    def alone(j: int) -> bool:  # a paragraph of its own: the reader's block of code, the prose either side of it
        a, b = spans[j]
        return text[:a].rstrip(" \t").endswith("\n\n") and (b == len(text) or text[b:].lstrip(" \t").startswith("\n\n"))

    def unfinished(j: int) -> bool:
        return stops_mid_sentence(part(j)) and text[spans[j][1]:].lstrip(" \t").startswith("\n\n")

    def opens_code(j: int) -> bool:  # a paragraph that opens with a line of code (the sentence after it may run on)
        return (0 <= j < len(spans) and text[:spans[j][0]].rstrip(" \t").endswith("\n\n")
                and is_command(part(j).splitlines()[0]) and is_example(part(j)))

    def code(j: int) -> bool:
        return opens_code(j) and alone(j)

    def goes_on(j: int) -> bool:
        return 0 <= j < len(spans) and part(j)[:1].islower() and text[:spans[j][0]].rstrip(" \t").endswith("\n\n")

    first = last = c.index
    if goes_on(first):
        while first > 0 and c.index - first < EXAMPLE_LINES and code(first - 1):
            first -= 1
    if opens_code(first) and first > 0 and unfinished(first - 1):
        first -= 1
    if unfinished(last) and opens_code(last + 1):
        last += 1
        while code(last) and last - c.index < EXAMPLE_LINES and opens_code(last + 1):
            last += 1
        last += code(last) and goes_on(last + 1)
    if (first, last) == (c.index, c.index):
        return c
    return replace(c, start=min(c.start, spans[first][0]), end=max(c.end, spans[last][1]))


def _typed_before(c: Candidate) -> int | None:
    """The sentence number of the command typed at a prompt that printed ``c``: the nearest line above it, in the same
    block of lines (no blank line between), that opens with a prompt; at most :data:`PROMPT_OUTPUT_LINES` above."""
    text, spans = c.hit.chunk.text, c.hit.chunk.sentences
    if PROMPT.match(c.text):
        return None
    j = c.index
    while j > 0 and c.index - j < PROMPT_OUTPUT_LINES:
        between = text[spans[j - 1][1]: spans[j][0]]
        if between.count("\n") != 1 or between.strip():
            return None
        j -= 1
        if PROMPT.match(text[spans[j][0]: spans[j][1]]):
            return j
    return None


def _inside(c: Candidate, quote: Candidate) -> bool:
    """Whether candidate ``c`` is part of ``quote`` (a quote grown past its sentence: "Yes." with the one after it)."""
    return c.hit.chunk.id == quote.hit.chunk.id and quote.start <= c.start and c.end <= quote.end


# A sentence that announces reasons and gives none ("There are three major reasons for this.", "The reason is
# simple.", "There are two reasons why it turns slowly."): what it announces is the sentence after it.
_ANNOUNCES_REASONS = re.compile(r"^\W*(?:there\s+(?:are|is|were|was)\s+(?:\w+\s+){0,3}reasons?|(?:the|one|another)\s+(?:\w+\s+)?"
                                r"reasons?\s+(?:is|are|was|were)(?:\s+(?:simple|twofold|this|these))?)(?:\s+(?:for\s+(?:this|that|it)|why\b[^.:;]*))?"
                                r"\s*[.:]$", re.I)


def standing_alone(chosen: list[Candidate]) -> list[Candidate]:
    """The quotes, each one understandable on its own: a sentence that opens by pointing back ("That's the
    toll ...", "It was built ...") or with a list item's marker after a colon ("(1) assert ...") is quoted
    with the sentence before it, one that announces reasons with the sentence after it, one that introduces an example
    ("... with:") with the example or the list's items under it; a quote inside another is dropped."""
    grown = []
    for c in chosen:
        c = _across_example(c)
        opening = words(c.text[:40])
        spans = c.hit.chunk.sentences
        if c.index > 0 and opening and opening[0] in POINTS_BACK and quotable(c.hit.chunk, *spans[c.index - 1]):
            c = replace(c, start=spans[c.index - 1][0])
        # An item of a list run into a sentence ("... with two steps:" over "(1) assert copyright ..., and (2) ...")
        # is quoted with the sentence that it completes.
        elif c.index > 0 and _ITEM.match(c.text) and c.hit.chunk.text[: spans[c.index - 1][1]].rstrip().endswith(":"):
            c = replace(c, start=spans[c.index - 1][0])
        # What a list's item says under its label ("* /usr/share/keyrings/lamps-removed.gpg:" over "A keyring including
        # all keys used by previous releases ...") is quoted with the label, which names what it says it of.
        elif c.index > 0 and _ITEM_LABEL.fullmatch(c.hit.chunk.text[slice(*spans[c.index - 1])]):
            c = replace(c, start=spans[c.index - 1][0])
        # What a command printed ("Initialized the database." under "$ flask --app flaskr init-db") is quoted with it.
        elif (typed := _typed_before(c)) is not None:
            c = replace(c, start=spans[typed][0])
        # One that announces reasons ("There are multiple reasons for this.") is quoted with the first of them.
        if _ANNOUNCES_REASONS.match(c.text) and c.index + 1 < len(spans) and quotable(c.hit.chunk, *spans[c.index + 1]):
            c = replace(c, end=spans[c.index + 1][1])
        # One that introduces an example ("take a snapshot with:") is quoted with it, to the end of its paragraph;
        # one that announces what follows ("The following three types are supported.") with the list after it.
        text = c.hit.chunk.text
        example = text[c.end: spans[-1][1]] if c.text.rstrip().endswith(":") else ""
        if not example and ANNOUNCES.search(c.text) and (after := text.find("\n\n", c.end)) >= 0:
            example = text[after: spans[-1][1]]
        if example.strip() and is_example(example.strip()):
            c = replace(c, end=spans[-1][1])
        elif c.text.rstrip().endswith(":"):
            # A list under it ("... contains two parts:" over "* A subroutine library ...", "* cjpeg/djpeg, ..."), with
            # prose after the list, is quoted to the list's end: its items, as many whole as fit an example.
            items = itertools.takewhile(lambda s: opens_item(text, s), [s for s in spans if s[0] >= c.end])
            ends = [b for _, b in itertools.takewhile(lambda s: s[1] - c.start <= EXAMPLE_CHARS, items)]
            if ends:
                c = replace(c, end=ends[-1])
        # A line typed at an interactive prompt (">>> b.status") is quoted with what it printed, up to the next prompt.
        if c.text.lstrip().startswith(">>>"):
            after = [(a, b) for a, b in spans if a >= c.end][:PROMPT_OUTPUT_LINES]
            shown = list(itertools.takewhile(lambda s: not c.hit.chunk.text[s[0]: s[1]].lstrip().startswith(">>>"), after))
            if shown:
                c = replace(c, end=shown[-1][1])
        grown.append(c)
    # Two quotes grown into the same span are one: the first stays.
    kept = [c for i, c in enumerate(grown)
            if not any(j != i and _inside(c, o) and (j < i or (o.start, o.end) != (c.start, c.end)) for j, o in enumerate(grown))]
    # A later quote that is a sentence alone and ends on its colon announces what it does not quote ("The different
    # configuration options are:", "Try this:", a field's bare "Signed-By:"): it adds no support to the first. Grown
    # with the sentence before it, it says something of its own ("It was in this place in Tours that ... Such
    # explanations ... as cited by The Cape Monthly:").
    return kept[:1] + [c for c in kept[1:] if not (c.text.rstrip().endswith(":") and (c.start, c.end) == c.hit.chunk.sentences[c.index])]


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
    """The hand-written score of candidates: cosine to the question plus a share for its content words, each weighed by
    how few candidates say it (:func:`overlaps`)."""
    return np.array([c.cosine for c in found]) + OVERLAP_WEIGHT * overlaps(question, [c.text for c in found])


# How much the kind of thing asked for (a date, a number, a name, a cause) and the passage's retrieval add to the
# hand-written score, as it has always weighed them (see README, How it works).
TYPE_WEIGHT = 0.1
RANK_WEIGHT = 0.05


# What a sentence loses that gives a number shaped like one the question names but never the question's own (another
# version, another year: qa.answer_type.another_figure). Chosen on SQuAD's training data (the partial training set and
# dev articles 1-8; 607 answerable questions name a number): the best two candidates held the answer for 558 of them
# without it, 560 at 0.05, 566 at 0.1 and 565 at 0.2. Answer contains gold went from 3,747 to 3,755 of 4,371 on the
# partial training set and from 1,109 to 1,110 of 1,278 on dev articles 1-8.
OTHER_FIGURE_WEIGHT = 0.1


def heuristic_key(question: str, cheap: float, sentence: str, passage_gap: float,
                  type_weight: float = TYPE_WEIGHT, rank_weight: float = RANK_WEIGHT) -> float:
    """The heuristic answerer's score of one sentence: its cheap score, plus a share when it gives what is asked
    for and a share of its passage's retrieval score behind the best passage's (``passage_gap``, 0 or less), less a
    share when it gives another number than the one the question names."""
    return (cheap + type_weight * _gives(question, sentence) + rank_weight * passage_gap
            - OTHER_FIGURE_WEIGHT * another_figure(question, sentence) + NEGATED_WEIGHT * says_negated(question, sentence)
            + DONE_BY_WEIGHT * _names_doer(question, sentence) - FORMER_WEIGHT * says_former(question, sentence))


# What a sentence loses that names someone who did what a "who" question asks who does now, before ("Andreas Eric
# Dilger (former maintainer, 1996-1997)" for "Who maintains libpng?"): it says the asked words as the current one's
# does, and more of them. Twice the type weight; on SQuAD's training data (the partial training set and dev articles
# 1-8) it moved one first quote, to the answer.
FORMER_WEIGHT = 0.2


# What a sentence that names who did what a "who" question asks, in the passive ("This project is currently maintained
# by Saurabh Kumar ..." for "Who maintains python-dotenv?"), or with what ("This script was written and tested with
# vim." for "Which editor was git-jump tested with?"), gains: it seldom names the thing done, which the question does,
# so it resembles the question less than a sentence about the thing. On SQuAD's training data (partial training set
# and dev articles 1-8) one more first quote held the answer each, and one more unanswerable question was declined.
DONE_BY_WEIGHT = 0.3


def _names_doer(question: str, sentence: str) -> bool:
    deed = asked_deed(question)
    return deed is not None and says_done_by(deed, sentence) and (kind_of(question) != "name" or holds(question, sentence))


# What a question denies, with the words after it: "not a login shell", "without a lamp".
_NEGATED = re.compile(r"\b(?:not|never|without|no)\s+(?:(?:an?|the)\s+)?[\w-]+(?:\s+[\w-]+)?", re.I)
# What a sentence that says what the question denies as it does gains: the type weight, as for any other thing asked
# for. On SQuAD's training data (the partial training set and dev articles 1-8) no answer moved.
NEGATED_WEIGHT = TYPE_WEIGHT


def says_negated(question: str, sentence: str) -> bool:
    """Whether ``sentence`` says what ``question`` denies as it does ("an interactive shell that is not a login shell"),
    which a sentence with the same words and no denial ("an interactive login shell") does not."""
    return any(says_in_a_row(sentence, m.group()) for m in _NEGATED.finditer(question))


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


# The fewest content words a question has for the best sentence that says every one of them to answer it, however
# little the two resemble each other by the encoder ("The raising parameter determines if a KeyError ... will be
# raised" for "What does the raising parameter determine?", cosine 0.28 under the 0.30 floor). On SQuAD's training
# data it answered one more question right and one more unanswerable one of dev articles 1-8, and moved none of the
# partial training set.
ALL_ASKED_WORDS = 3


def says_all_asked(question: str, sentence: str) -> bool:
    """Whether ``sentence`` says every content word of ``question``, which has :data:`ALL_ASKED_WORDS` or more, or two,
    one of them an option or a name in code that the sentence gives as the question writes it: so specific a name
    said with the rest of the question is what it asks about ("Why is -O2 not recommended?").

    Example:
        >>> says_all_asked("What does the keep parameter decide?", "The keep parameter decides if wicks stay.")
        True
        >>> says_all_asked("What does the keep parameter decide?", "The keep parameter is new."), says_all_asked("What is keep?", "keep")
        (False, False)
        >>> says_all_asked("Why is -O2 not recommended?", "Use of -O2 and above is not recommended as it may fail.")
        True
    """
    asked = content_words(question)
    if not asked or not asked <= content_words(sentence):
        return False
    return len(asked) >= ALL_ASKED_WORDS or len(asked) >= 2 and any(t in sentence for t in _CODE_TERM.findall(question))


# An option or a name in code: "-O2", "--leak-check", "max_turns".
_CODE_TERM = re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*|\b[A-Za-z]\w*_\w+\b")


def _every_sentence(question: str, qvec: np.ndarray, hits: list[Hit], vectors: dict[str, np.ndarray],
                    document: str | None = None, scored: str | None = None) -> list[Candidate]:
    """Every quotable sentence of the passages (:func:`qa.selector.quotable`: no questions, headings or table
    fragments; front matter only of the ``document`` a question about one names), once (the same words in a
    later passage are left out), scored by the cheap score (of the ``scored`` words of the question, when given)."""
    found, seen = [], set()
    terms = terms_named(question)
    for hit in hits:
        matrix = vectors.get(hit.chunk.id)
        for i, (a, b) in enumerate(hit.chunk.sentences):
            text = hit.chunk.text[a:b]
            # A table's row that defines the term asked of is quotable, however short ("C-v<tab>Move forward one
            # screenful"); the heading of an entry is not (its term alone, "-O, --remote-name").
            if same_words(text) in seen or not (quotable(hit.chunk, a, b, question, document)
                                                or (states_definition(terms, text) and not heads(hit.chunk, text))):
                continue
            seen.add(same_words(text))
            cosine = float(matrix[i] @ qvec) if matrix is not None and i < len(matrix) else 0.0
            found.append(Candidate(hit, i, a, b, cosine, np.zeros(0, dtype=np.float32)))
    found = [replace(c, score=float(score)) for c, score in zip(found, cheap_scores(scored or question, found))]
    found.sort(key=lambda c: -c.score)
    return found


# What a question's word that every candidate says still weighs, so that the weights never all vanish: next to nothing.
# Chosen on SQuAD's training articles (answer contains gold 3,729 of 4,371 with it, 3,714 with the usual +1 of smoothed
# IDF, 3,722 with +0.5, 3,662 weighing every word alike).
IDF_FLOOR = 0.01


def overlaps(question: str, sentences: list[str]) -> np.ndarray:
    """The share of ``question``'s content words each of ``sentences`` says, each word weighed by its inverse frequency
    among them, ln((1 + n) / (1 + sentences that say it)): a word every candidate says (the document's subject, "HTTPX"
    in each sentence of its README) tells them apart no more than a stop word would. The words of a web or mail address
    are where something is, not what the sentence says: a byline's "(help-libtasn1@gnu.org)" does not answer "What is
    libtasn1?".

    Example:
        >>> overlaps("Does HTTPX support cookies?", ["Use HTTPX.", "HTTPX keeps cookies.", "HTTPX is a client."]).round(2)
        array([0.  , 0.34, 0.  ])
    """
    asked = content_words(question)
    said = [content_words(ADDRESS.sub(" ", s)) for s in sentences]
    if not asked:
        return np.zeros(len(said))
    weight = {t: math.log((1 + len(said)) / (1 + sum(t in s for s in said))) + IDF_FLOOR for t in asked}
    total = sum(weight.values())
    return np.array([sum(weight[t] for t in asked & s) / total for s in said])


# A question that asks what comes of something ("What happens to a variable without a value?", "What happens if the
# lock is held?"), and the words that say what does: "It results in ...", "raises a KeyError", "is ignored"; not "will",
# which says what anything does ("At the next invocation, tests will continue from the last failing test").
_ASKS_EFFECT = re.compile(r"\W*what\s+(?:happens|will\s+happen|would\s+happen)\b", re.I)
_EFFECT = re.compile(r"\b(?:results?\s+in|leads?\s+to|caus(?:es|ed)|raises?|(?:is|are)\s+raised|throws?|ignores?|(?:is|are)\s+ignored"
                     r"|fails?|becomes?)\b", re.I)


def _gives(question: str, sentence: str) -> bool:
    """Whether ``sentence`` gives what ``question`` asks for: the date, number or name, for "why" a cause, for "what
    happens" what comes of it, for a measure a number, for "how do I" an instruction, for "which version" a version,
    for "where" a web or mail address ("Where do I report bugs?": "report bugs to bug-gnu-emacs@gnu.org") or where a
    thing is kept ("The project is hosted on GitHub"), for what a name means where it comes from, for another name a
    name ("The calling convention is also sometimes called the ABI"), for whether there is any of a thing that there is none,
    for a field the line that gives it ("Status: stable")."""
    return (holds(question, sentence) or (asks(question) == "reason" and "reason" in cues(sentence, question))
            or (bool(_ASKS_EFFECT.match(question)) and bool(_EFFECT.search(sentence)))
            or (asks(question) == "place" and bool(ADDRESS.search(sentence) or SAYS_WHERE.search(sentence)))
            or gives_origin(question, sentence) or gives_other_name(question, sentence) or says_none(question, sentence)
            or gives_field(question, sentence) or gives_measure(question, sentence) or gives_instruction(question, sentence) or gives_version(question, sentence))


# A question about the author that asks where, when, why or how asks something else of them than who they are.
_ASKS_ELSE = re.compile(r"\W*(?:where|when|why|how)\b", re.I)


# The fewest words of a document's opening sentence that says what its subject is: a tagline may have five ("A
# specification for pythonic filesystems.", "Signatures for entire Python programs."), and one word fewer is allowed; a
# badge or a heading, which also may be that short, ends in no full stop.
SUMMARY_WORDS = 4


# A sentence that announces what the text does next: "Let's dig in a little bit more.", "First, let's take a look at ...".
# (Not a slogan in brackets: "(Let's go, China!)".)
_ANNOUNCES = re.compile(r"\s*(?:(?:first|now|next|then|so|here|finally),?\s+)?let(?:['’]s|\s+us)\s+(?:now\s+|first\s+)?"
                        r"(?:take\s+a\s+(?:closer\s+)?look|look|see|start|begin|explore|examine|discuss|talk|turn|review|consider|dig|"
                        r"jump|switch|move\s+on|walk|recap)\b", re.I)
# What a README's opening says to its reader rather than of its program: a warning, a request, a pointer elsewhere
# ("Please read this README carefully and only use this plugin if you understand the consequences.").
_TO_THE_READER = re.compile(r"\W*(?:please|note|warning|caution|important|attention|see|read\s+(?:this|the)|if\s+you)\b", re.I)


def _summary(document: str | None, best_first: list[Candidate]) -> list[Candidate]:
    """The first sentence of ``document``'s opening paragraphs (:data:`FRONT_MATTER`) that is prose and says something
    of the program rather than to the reader, or none: what a README says its program is or does before anything else.
    Past a motto (:func:`qa.definitions.past_motto`): "The HTTP Core package provides a minimal low-level HTTP client
    ...", not the "Do one thing, and do it well." over it."""
    opening = [c for c in best_first if document and c.hit.chunk.source == document and c.hit.chunk.paragraph <= FRONT_MATTER
               and len(words(c.text)) >= SUMMARY_WORDS and re.search(r"[.!]\W*$", c.text.strip()) and not _TO_THE_READER.match(c.text)
               and not _COPYRIGHT.match(c.text)]
    opening.sort(key=lambda c: (c.hit.chunk.paragraph, c.hit.chunk.start, c.index))
    return past_motto(title_name(opening[0].hit.chunk.title), opening)[:1] if opening else []


# A copyright notice, which opens many a README ("Copyright (C) 1989-2018 Free Software Foundation, Inc."): it says who
# owns the text, not what its program is.
_COPYRIGHT = re.compile(r"\W*(?:copyright\b|©)", re.I)


def _is_title(c: Candidate) -> bool:
    """Whether ``c`` is its document's title line."""
    return bool(c.hit.chunk.title) and same_words(c.text) == same_words(c.hit.chunk.title)


def _asks_its_author(question: str, document: str | None, hits: list[Hit]) -> bool:
    """Whether ``question`` asks who wrote a document it calls one ("Who wrote the tutorial?") or names by its whole
    title ("Who wrote How to Keep a Lighthouse?"): "Who wrote libxslt?" asks about the program, not about the
    "libxslt Tutorial" that its words also name."""
    # "Where did the author of The Story of Mel go to work?" asks where, not who.
    if not ASKS_AUTHOR.search(question) or _ASKS_ELSE.match(question):
        return False
    if DOCUMENT_NOUNS & set(words(question)):
        return True
    title = next((h.chunk.title for h in hits if h.chunk.source == document), "")
    # or by the name a title opens with before its tagline ("defusedxml -- defusing XML bombs and other exploits"): the
    # document is the program's own, and its byline names who wrote the program, unless it credits them in a section
    # of their own; so does a README named after the program ("Who wrote docutils?" of docutils-README.rst, its
    # "Author: David Goodger"). Not a manual page's name and what it is ("bash - GNU Bourne-Again SHell"): its
    # "AUTHORS" says who.
    named, asked = title_name(title), content_words(question)
    own = (named != title and bool(content_words(named)) and content_words(named) <= asked
           or bool(document) and _README.search(document) is not None and document_name(document) in names_in_question(question))
    by_name = own and not _MANUAL_NAME.match(title) and not any(h.chunk.source == document and under_credits(h.chunk) for h in hits)
    return bool(content_words(title)) and (content_words(title) <= asked or by_name)


# A README's file, named after its program or not ("docutils-README.rst", "README.md").
_README = re.compile(r"(?:^|[\\/_-])README(?:\.[a-z]+)?$", re.I)
# A manual page's title: its name, a single dash, what it is ("bash - GNU Bourne-Again SHell").
_MANUAL_NAME = re.compile(r"[\w.+-]+(?:,\s*[\w.+-]+)*\s+-\s+\S")


# The most words of a title page's dateline: "last updated February 26, 2022", "Revised 3 March 2020".
DATELINE_WORDS = 6


# The longest sentence taken for a byline that says who wrote the text: a dateline's length and a name's.
AUTHORED_WORDS = 25


def _is_byline(chunk: Chunk, start: int, end: int) -> bool:
    """Whether ``chunk.text[start:end]`` is a byline: a name alone (:data:`qa.words.BYLINE`) that is not the title, a
    name over the date of its writing, which the sentences run on into ("Richard Stallman" over "last updated
    February 26, 2022", as Texinfo's title pages set them), or a short sentence that says who wrote it
    (:data:`qa.words.AUTHORED`)."""
    text = chunk.text[start:end].strip()
    name, _, dated = text.partition("\n")
    if dated and DATE.search(dated) and len(words(dated)) <= DATELINE_WORDS:
        text = name
    # or a short sentence that says who wrote it ("This was posted to Usenet by its author, Ed Nather, on May 21, 1983.")
    if len(words(text)) <= AUTHORED_WORDS and AUTHORED.search(text):
        return True
    return bool(BYLINE.fullmatch(text)) and same_words(text) != same_words(chunk.title)


def _with_bylines(c: Candidate) -> Candidate:
    """A byline quoted with the bylines next to it: a title page's authors, one a line."""
    spans = c.hit.chunk.sentences
    first = last = c.index
    while first > 0 and _is_byline(c.hit.chunk, *spans[first - 1]):
        first -= 1
    while last + 1 < len(spans) and _is_byline(c.hit.chunk, *spans[last + 1]):
        last += 1
    return replace(c, start=spans[first][0], end=spans[last][1])


def _authors(bylines: list[Candidate], most: int) -> list[Candidate]:
    """The best of ``bylines`` with the others of its passage, at most ``most``, in the order they stand: a title page
    gives each author over an affiliation ("Brendan D. McKay∗" / "Research School of ..." / "Adolfo Piperno")."""
    if not bylines:
        return []
    top = bylines[0]
    spans = {(top.start, top.end)}
    kept = [top]
    for c in bylines[1:]:
        if c.hit.chunk.id == top.hit.chunk.id and (c.start, c.end) not in spans and len(kept) < most:
            spans.add((c.start, c.end))
            kept.append(c)
    return sorted(kept, key=lambda c: c.start)


# A FAQ's question asks the question asked when it holds at least this share of the asked words, and they make at
# least :data:`FAQ_OWN_SHARE` of its own: all but one of four asked words, and at least half of the FAQ's, so that
# "What is xz?" is not taken for every question of an xz FAQ.
FAQ_ASKED_SHARE = 0.75
FAQ_OWN_SHARE = 0.5
# A section's heading names what is asked when every word of it is asked and it holds at least this share of the asked
# words: "Pretty-printing" for "How do I pretty-print the parse tree?", "Searching by CSS class" for "How can I search
# by CSS class?"; not a heading of the document's own name alone ("Lampctl" for "What is lampctl's licence?").
HEADING_ASKED_SHARE = 0.5
# An answer's opening of fewer words than this ("Yes.", "Not by itself, no.") is quoted with the sentence after it.
SHORT_ANSWER_WORDS = 4


# The thing a "which" question asks for: the words between "which" and its verb ("Which Python versions does ...").
_WHICH_THING = re.compile(r"^\W*(?:which|what)\s+((?:[\w.+-]+\s+){1,3}?)(?:does|do|did|is|are|was|were|can|could|should|will)\b", re.I)
# An identifier written in capitals: an environment variable, a constant ("GNUTERM", "FIT_LOG", "PAGER").
_IDENTIFIER = re.compile(r"\b[A-Z][A-Z0-9_]{3,}\b")
# A heading that names reasons ("Why flaky tests are a problem", "Reasons to vacuum"): its section gives them.
_REASONS_HEADING = re.compile(r"^\W*(?:why|(?:the\s+)?reasons?)\b", re.I)


# The opening of an answer to a yes-or-no question that gives it: "Yes.", "No, ...", "Not by default."
_SAYS_YES_OR_NO = re.compile(r"\W*(?:yes|no|not|never|always)\b", re.I)


# A preposition a question ends on, its object asked for ("What licence is h11 under?"): it asks nothing a FAQ's
# question must say ("License?").
_STRANDED = re.compile(r"\s+(?:under|from|about|over|after|before|through|within|without|against|towards?)\W*$", re.I)


def _asking_words(text: str) -> set[str]:
    """A question's content words, without its number or its "Q:" label ("7. Why don't you use autoconf?"), nor the
    preposition it ends on.

    Example:
        >>> sorted(_asking_words("7. What licence is lampd under?"))
        ['lampd', 'licens']
    """
    return {w for w in content_words(_STRANDED.sub("", text)) if len(w) > 1 and not w.isdigit()}


# The label an entry of a list of releases or events opens with, its name and its date in brackets before a colon:
# "Debian 2.1 Slink (March 9th, 1999): Named for the slinky-dog ...", "Version 3 (2019): ...".
_ENTRY_LABEL = re.compile(r"[^\n:()]{2,60}?\([^()\n]{2,40}\)(?=:\s)")


def entry_label(chunk: Chunk) -> str | None:
    """The label (:data:`_ENTRY_LABEL`) ``chunk`` opens with, or None: "Debian 2.1 Slink (March 9th, 1999)"."""
    label = _ENTRY_LABEL.match(chunk.text, chunk.sentences[0][0]) if chunk.sentences else None
    return label.group() if label else None


def entry_lead(c: Candidate, best_first: list[Candidate]) -> Candidate | None:
    """The first sentence of ``c``'s passage when it opens with an entry's label (:func:`entry_label`) and is not
    ``c`` itself: what names the entry that ``c`` says something of."""
    if c.index == 0 or entry_label(c.hit.chunk) is None:
        return None
    spans = c.hit.chunk.sentences
    same = [d for d in best_first if d.hit.chunk.id == c.hit.chunk.id and d.index == 0]
    return same[0] if same else replace(c, index=0, start=spans[0][0], end=spans[0][1])


def solution_first(question: str, best_first: list[Candidate]) -> list[Candidate]:
    """For a question that asks how to do something, ``best_first`` with each troubleshooting entry's "Problem:" in
    its rank replaced by the entry's "Solution:" and put last: "How do I stop Nginx from buffering events?" is answered
    by "Solution: Add the X-Accel-Buffering: no header.", not by "Problem: Nginx buffers responses by default ...",
    however much more that resembles the question."""
    problem = [states_problem(question, c.text) for c in best_first]
    if not any(problem):
        return best_first
    order, moved = [], set()
    for i, c in enumerate(best_first):
        if i in moved:
            continue
        if not problem[i]:
            order.append(c)
            continue
        where = (c.hit.chunk.source, c.hit.chunk.section)
        # (candidates are compared by position: their fields hold arrays)
        after = next((j for j in range(i + 1, len(best_first)) if not problem[j] and j not in moved
                      and (best_first[j].hit.chunk.source, best_first[j].hit.chunk.section) == where
                      and SOLUTION_LABEL.match(best_first[j].text)), None)
        if after is not None:
            moved.add(after)
            order.append(best_first[after])
    return order + [c for i, c in enumerate(best_first) if problem[i]]


def release_heading_over(question: str, c: Candidate, best_first: list[Candidate]) -> Candidate | None:
    """For a question that asks which release made a change, the heading of the release ``c`` is an entry of
    ("1.5.0" over "Drop python 3.8 support"), when ``c`` names no release itself; else None."""
    if not asks_release_of_change(question) or _RELEASE_NUMBER.search(c.text) or (section := release_section(c.hit.chunk)) is None:
        return None
    return next((d for d in best_first if d.hit.chunk.source == c.hit.chunk.source and d.hit.chunk.section == section
                 and heads(d.hit.chunk, d.text)), None)


# A release's number in an entry ("Drop python 3.8 support in 2.0.0"): a number of two dots, or "v" and one.
_RELEASE_NUMBER = re.compile(r"(?<![\w.])(?:v\d+(?:\.\d+)+|\d+\.\d+\.\d+)(?![\d.])")


# A sentence that opens by saying it follows from what came before it.
_CONSEQUENCE = re.compile(r"\W*(?:the\s+(?:result|outcome|effect|consequence)|as\s+a\s+(?:result|consequence)|consequently|"
                          r"therefore|thus|hence|so)\b", re.I)


def reason_after(question: str, c: Candidate, best_first: list[Candidate]) -> Candidate | None:
    """For a "why" question whose answer ``c`` says what happened and not why ("Everything between 2.7.0 and 2.8.3 is
    yanked."), the sentence right after it in its passage when that one gives a reason ("There is a bug with
    evaluate_response_callback, it led to infinite retries"), however little it resembles the question; else None."""
    # (not one that says it follows from what came before it, "The result was a depreciation of the dollar.": its
    # reason is the sentence before, and the one after tells of what came next; on SQuAD's dev articles 1-8 it lost one)
    if (asks(question) != "reason" or "reason" in cues(c.text) or c.index + 1 >= len(c.hit.chunk.sentences)
            or _CONSEQUENCE.match(c.text)):
        return None
    after = next((d for d in best_first if d.hit.chunk.id == c.hit.chunk.id and d.index == c.index + 1), None)
    return after if after is not None and "reason" in cues(after.text) else None


# A question that asks what its subject does by the verb it ends with ("What does detect_shell return?"), and a
# sentence that says it of a subject named before it ("It returns a 2-tuple:").
_ASKS_WHAT_IT_VERBS = re.compile(r"^\W*what\s+(?:does|do|did|will|can|should)\s+.+?\s+([a-z]{3,})\W*$", re.I)
# The pronoun, or the kind of thing named ("The function returns a bytes object ..."), and three words at most.
_BY_PRONOUN = re.compile(r"\W*(?:it|this|they|these|he|she|the\s+(?:function|method|call|class|command|program|tool|option))(?:\s+\w+){1,3}", re.I)
# Verbs that ask what the subject is or means, which any sentence about it answers as well.
_ANY_DEED = frozenset("do mean say stand".split())


def deed_after(question: str, c: Candidate, best_first: list[Candidate]) -> Candidate | None:
    """For a question that asks what its subject does by its verb ("What does detect_shell return?") whose answer ``c``
    names the subject and not the verb ("detect_shell pokes around the process's running environment ..."), the
    sentence right after it in its passage when that one says the verb of it, by a pronoun ("It returns a 2-tuple:");
    else None."""
    asked = _ASKS_WHAT_IT_VERBS.match(question)
    if (asked is None or asked.group(1).lower() in _ANY_DEED or c.index + 1 >= len(c.hit.chunk.sentences)
            or stem(asked.group(1).lower()) in {stem(w) for w in words(c.text)}):
        return None
    after = next((d for d in best_first if d.hit.chunk.id == c.hit.chunk.id and d.index == c.index + 1), None)
    said = _BY_PRONOUN.match(after.text) if after is not None else None
    return after if said and any(stem(w) == stem(asked.group(1).lower()) for w in words(after.text[: said.end()])) else None


# A sentence that says what does not happen, and the one after it that says what does instead.
_SAYS_NOT = re.compile(r"\b(?:not|no|never|n['’]t|neither|nor)\b", re.I)
_INSTEAD = re.compile(r"\W*instead\b(?!\s+of\b)", re.I)  # (not "Instead of recognizing the ruler, ...")


def instead_after(c: Candidate, best_first: list[Candidate]) -> Candidate | None:
    """For an answer ``c`` that says what does not happen ("... Rust does not include checks for integer overflow that
    cause panics."), the sentence right after it in its passage when that one says what happens instead ("Instead, if
    overflow occurs, Rust performs two's complement wrapping."); else None."""
    if c.index + 1 >= len(c.hit.chunk.sentences) or not _SAYS_NOT.search(c.text):
        return None
    after = next((d for d in best_first if d.hit.chunk.id == c.hit.chunk.id and d.index == c.index + 1), None)
    return after if after is not None and _INSTEAD.match(after.text) else None


def _named_by(chunk: Chunk) -> set[str]:
    """The words that name what ``chunk``'s document is about: its title's name and its file's."""
    return _asking_words(title_name(chunk.title)) | _asking_words(document_name(chunk.source))


def faq_answer(question: str, best_first: list[Candidate], context: str = "", document: str | None = None) -> list[Candidate]:
    """The opening sentence of the answer a FAQ gives under its own asking of ``question`` (a heading that asks it:
    "Q: Can I recover parts of a broken .xz file?" for "Can I recover a broken .xz file?"), or of a section headed
    with what is asked (:data:`HEADING_ASKED_SHARE`), or none. In a FAQ the answer follows its question, however little
    its words resemble the question's ("Yes. zlib doesn't handle dates."); of the sentences under "Pretty-printing",
    the best ("The prettify() method will turn a parse tree into a nicely formatted string") tells how to pretty-print
    one, before any from elsewhere. A follow-up that points back ("Why are they a problem?") asks it of what its thread
    (``context``) is about. A question that names its ``document`` (:func:`qa.selector.asked_document`) is answered
    under its headings only: GLib's "Reporting bugs" does not answer "Where do I report GMP bugs?"."""
    asked = _asking_words(question)
    if context and POINTS_BACK & set(words(question)):
        asked |= _asking_words(context)
    if len(asked) < 2:
        return []
    asks_reason = asks(question) == "reason"
    # An option or a name written as code is asked of as written: "--cached" is not what a glossary's "cache" heads.
    code = [t.removesuffix("()").lstrip("-") for t in terms_named(question) if not is_word_term(t)]
    # A name in capitals ("GNUTERM") is asked of by name: a section on "Environment variables" that never says it is
    # about others.
    names = _IDENTIFIER.findall(question)
    # "Which Python versions does Arrow support?" asks for versions: a section headed "Support Arrow" (a call to fund
    # it) holds the question's other words, not the thing it asks for.
    which = _WHICH_THING.match(question)
    thing = _asking_words(which.group(1)) if which else set()
    best, match = None, 0.0
    for c in best_first:
        if document not in (None, c.hit.chunk.source):
            continue
        heading = heading_of(c.hit.chunk)
        own = _asking_words(heading)
        share, back = overlap(asked, heading), len(own & asked) / len(own) if own else 0.0
        if heading.endswith("?") and (len(unnamed := asked - _named_by(c.hit.chunk)) >= 2 or (unnamed and own == unnamed)):
            # A program's own FAQ asks of it as "it", or not at all ("Will it serialize to str?" in orjson's README, for
            # "Will orjson serialize to str?"; "What systems are supported?" in procps's): its name is asked already.
            # One word is enough when it is the whole of the FAQ's question ("License?" for "What licence is h11 under?").
            share = max(share, overlap(unnamed, heading))
        if heading.endswith("?"):
            answers = share >= FAQ_ASKED_SHARE and back >= FAQ_OWN_SHARE
        else:  # a section headed with what is asked, and more than the document's name; it names no reason unless it says so
            # (a README's "Roadmap" heads its own: "What is the roadmap of dataclasses-json?" asks its name already, and
            # the heading every other word; "All Metadata" says half of "Can tinytag write metadata?")
            if (unnamed := asked - _named_by(c.hit.chunk)) and unnamed <= own:
                share = 1.0
            answers = (back == 1.0 and share >= HEADING_ASKED_SHARE and not own <= _asking_words(c.hit.chunk.title)
                      and (not asks_reason or bool(_REASONS_HEADING.match(heading))) and all(t.casefold() in heading.casefold() for t in code)
                      and all(n in c.hit.chunk.text or n in c.hit.chunk.section for n in names)
                      and (not thing or bool(thing & own)))
        if answers and share + back > match:
            best, match = c, share + back
    if best is None:
        return []
    section = [c for c in best_first if c.hit.chunk.source == best.hit.chunk.source and c.hit.chunk.section == best.hit.chunk.section]
    if not best.hit.chunk.section.endswith("?"):
        # A section is not an answer that opens under its question: its best sentence leads ("The prettify() method
        # ..."), not its first (a syntax line, "There is one special case not mentioned above").
        return section[:1]
    opening = min(section, key=lambda c: (c.hit.chunk.start, c.index))
    if ASKS_YES_NO.match(question) and not _SAYS_YES_OR_NO.match(opening.text):
        # An answer that opens with an aside ("Threads are evil. Avoid them.") is quoted from where it says what was
        # asked ("SQLite is threadsafe.") when it does, in all the question's words.
        opening = min((c for c in section if asked <= content_words(c.text)),
                      key=lambda c: (c.hit.chunk.start, c.index), default=opening)
    spans = opening.hit.chunk.sentences
    # "Yes." says little alone: it is quoted with the sentence after it ("Yes. zlib doesn't handle dates.").
    if len(words(opening.text)) < SHORT_ANSWER_WORDS and opening.index + 1 < len(spans):
        opening = replace(opening, end=spans[opening.index + 1][1])
    return [opening]


@dataclass(frozen=True)
class HeuristicAnswerer:
    """Quotes up to ``max_sentences`` of the best sentences by cosine, word overlap and answer type; abstains when no
    sentence is at least ``abstain_below`` similar to the question.

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
        # "How long do I have to fix a violation of the MPL?" is answered from the MPL, not from the GPL's like terms, and
        # by what the MPL says of violations, not by its every mention of its own name.
        asked = None if about else asked_document(question, hits, context)
        scored = asked_without_name(question, asked, hits)
        found = _every_sentence(question, qvec, hits, vectors, document, scored)
        keys = [heuristic_key(scored, c.score, c.text, c.hit.score - top, self.type_weight, self.rank_weight) for c in found]
        order = np.argsort(-np.asarray(keys), kind="stable")
        best_first = [found[i] for i in order]
        if self.reranker is not None:
            best_first = reranked(question, best_first, [keys[i] for i in order], self.reranker, self.reranker.weight, self.reranker.depth)
        # "How many packages did Debian 1.2 contain?" is answered from the passage about Debian 1.2 ("This release
        # consisted of 848 packages"), before one about another release ("Debian 1.1 Buzz: ... 474 packages") that
        # resembles the question more. A follow-up asks of the release its thread named ("What was its code name?").
        release = question if names_release(question) else context if names_release(context) else ""
        if release:  # most questions name none: no passage's text is looked at for them
            best_first.sort(key=lambda c: about_another_release(release, f"{c.hit.chunk.section}\n{c.hit.chunk.text}"))
        # "What is the range of the integer type?" is answered by the table's row for integer, under its "Range" column.
        if any(CELLS in c.text for c in best_first):
            best_first.sort(key=lambda c: not row_asked(question, c.hit.chunk, c.start, c.end))
        # "Which Python version does httpcore require?" is answered by a sentence that gives a version of Python ("Python
        # 3.8+" under "Requirements"), not by one about versions of anything ("We recommend pinning your requirements ...").
        # One that says which are supported before one that says which are not ("... is no longer tested").
        if asks_product_version(question):
            best_first.sort(key=lambda c: (not gives_product_version(question, c.text), gives_unsupported(question, c.text)))
        # "Under what license is Avahi distributed?" by a sentence that names one ("Avahi is a free, LGPL mDNS/DNS-SD
        # implementation."), however little else of it resembles the question.
        if asks_licence(question):
            best_first.sort(key=lambda c: not gives_licence(question, c.text))
        # Code says what a program does in its own terms: "Which version of the SemVer scheme does it follow?" is
        # answered by "It follows strictly the 2.0.0 version of the SemVer scheme.", before a doctest's
        # ">>> semantic_version.Version('0.1.1') < semantic_version.Version('0.1.2')" that resembles the question more.
        if not wants_code(question):
            best_first.sort(key=lambda c: is_code(c.text))
        # A title's tagline says what its thing is ("Arrow: Better dates & times for Python") less well than a sentence
        # that says it ("Arrow is a Python library that offers ..."): it comes after every other sentence, and answers
        # when none says it ("yq: Command-line YAML/XML/TOML processor - ..." over "Installation").
        best_first.sort(key=_is_title)
        best_first = solution_first(question, best_first)
        # A sentence that announces what comes next ("First, let's take a look at the ownership rules.") says none of
        # it: the rules under it answer "What are the ownership rules?".
        best_first.sort(key=lambda c: bool(_ANNOUNCES.match(c.text)))
        # "What changed in pybase64 1.5.1?" is answered by the changelog's entries under that release's heading ("1.5.1").
        best_first.sort(key=lambda c: not lists_changes_of(question, heading_of(c.hit.chunk)))
        if asked:
            best_first.sort(key=lambda c: c.hit.chunk.source != asked)
        # "When was it published?" is answered by the dateline of its front matter, however little a bare date
        # resembles the question; a sentence from elsewhere adds nothing to it. Only the dateline of the document
        # the question names, or of any when it names none ("When was the article published?").
        dateline = about and demands(question) == "date" and (document is not None or not naming_words(question))
        dated = [c for c in best_first if dateline and c.hit.chunk.paragraph <= FRONT_MATTER and is_line(c.text)
                 and document in (None, c.hit.chunk.source) and _gives(question, c.text)][:1]
        # "Who wrote the libxslt tutorial?" is answered by its byline: a line of its front matter that is a name alone
        # ("John Fleck", "by Ida Penrose"), never its title.
        byline = about and _asks_its_author(question, document, hits)
        # So is its field that names the author, wherever it stands ("Author: Philip A. Nelson" under "Program: GNU bc").
        bylined = _authors([_with_bylines(c) for c in best_first if byline and document in (None, c.hit.chunk.source)
                            and (c.hit.chunk.paragraph <= FRONT_MATTER and _is_byline(c.hit.chunk, c.start, c.end)
                                 or names_its_author(c.text))],
                           self.max_sentences)
        # "What is the title of the Ninja manual?" is answered by its title line, however little it resembles the question.
        headline = about and (ASKS_HEADLINE.search(question) or asks_its_name(question))
        titled = [c for c in best_first if headline and _is_title(c)
                  and document in (None, c.hit.chunk.source)][:1]
        # The line of the front matter that answers a question about the document: its dateline, byline or title.
        # "Who wrote ssh-keygen?" asks about the program, which its manual's "AUTHORS" answers, in the order it names them.
        credited = [c for c in best_first if about and not byline and ASKS_AUTHOR.search(question)
                    and under_credits(c.hit.chunk) and holds(question, c.text)]
        # the best document's credits, in their own order
        credited = sorted((c for c in credited if c.hit.chunk.source == credited[0].hit.chunk.source), key=lambda c: (c.hit.chunk.start, c.start))
        # "When was python-dotenv 1.2.3 released?" by the changelog's heading for it ("1.2.3 - 2026-08-16").
        released = [c for c in best_first if dates_release(question, c.text, heading_of(c.hit.chunk)) and asked in (None, c.hit.chunk.source)][:1]
        # "Which version of libpng is this?" by the line of the front matter that says ("README for libpng version 1.6.39").
        # The first in the best document: the title's, before an aside's "this version of the library ... libpng-0.89".
        versioned = [c for c in best_first if c.hit.chunk.paragraph <= FRONT_MATTER and gives_own_version(question, c.text)]
        versioned = sorted((c for c in versioned if c.hit.chunk.source == versioned[0].hit.chunk.source),
                           key=lambda c: (c.hit.chunk.paragraph, c.hit.chunk.start, c.index))[:1]
        front = dated or bylined or titled or credited[: self.max_sentences] or released or versioned
        # "What does the -c option do?" is answered by the line of an option list that opens with it ("-c, --check
        # checks the syntax only"), however little so short a line resembles the question; "What does path.join do?"
        # by the entry a reference heads with it.
        terms = terms_named(question) or terms_named(scored)
        # The definition in the document the question names, when it names one ("What does xz -k do?").
        named = names_in_question(question)
        defined = sorted((c for c in best_first if defines(terms, c.hit.chunk, c.text)),
                         key=lambda c: document_name(c.hit.chunk.source) not in named)
        # (a sentence to the reader under the term's heading defines nothing: "Please read this README carefully ...",
        # nor one that announces what comes next: "First, let's take a look at the ownership rules.")
        # (nor does code, unless code may answer the question)
        defining = summary_first(terms, [c for c in defined if not _TO_THE_READER.match(c.text) and not _ANNOUNCES.match(c.text)
                                         and (wants_code(question) or not is_code(c.text))])[:1]
        # "Is zlib thread-safe?" is answered by what a FAQ says under its own "21. Is zlib thread-safe?".
        faq = [] if defining else faq_answer(question, best_first, context, asked)
        # "What does threadpoolctl do?" is answered by what its own README says first ("Python helpers to limit the
        # number of threads ..."), which need not name it. A sentence that defines it comes first, but for one deep in
        # the README ("Mpmath is a work in progress." under "Contributing") when the opening names the kind of thing it
        # is ("A Python library for arbitrary-precision floating-point arithmetic.").
        summary = [] if faq else _summary(asks_what_document_is(question, hits), best_first)
        if (defining and summary and names_its_kind(summary[0].text) and not (
                defining[0].hit.chunk.source == summary[0].hit.chunk.source and defining[0].hit.chunk.paragraph <= FRONT_MATTER)):
            defining = []
        summary = [] if defining else summary
        # "What is the default value of orphans?" is answered first by the signature that gives it ("orphans=0").
        # "What is the default value of Storage=?" by what the entry of the setting it names says of its default
        # ("Defaults to "auto" ...", "Default: utf8"), however little the rest of the sentence resembles the question.
        defaulted = default_asked(question, context)
        # Or in prose, by a sentence that gives the default of what it names ("a prefix key, 'C-b' (Ctrl-b) by default"),
        # or after the one that names it ("The myorigin parameter specifies ... The default is to use the local machine name").
        signature = ([c for c in best_first if names_default(c.text, question)]
                     or [c for c in best_first
                         if defaulted and heads_entry(defaulted, c.hit.chunk) and states_default(c.text, question)]
                     or [c for c in best_first if gives_default_of(defaulted, c.hit.chunk, c.index)])[:1]
        # The cosine floor decides whether the passages answer at all, not which sentence does: "Who ordered the
        # suspension?" is answered by the sentence naming who did, however little its many words resemble the question.
        # Chosen on SQuAD's training data: answer contains gold 3,729 to 3,747 of 4,371 on the partial training set and
        # 1,098 to 1,108 of 1,278 on dev articles 1-8, against holding every quote to the floor.
        # The best sentence that says all the question's words answers it below the floor (see ALL_ASKED_WORDS).
        answers = any(c.cosine >= self.abstain_below for c in best_first) or (bool(best_first) and says_all_asked(question, best_first[0].text))
        rest = [c for c in best_first if answers and not any(c is d for d in signature + defining + faq + summary)]
        if lead := faq or [c for c in defining if heads_entry(terms, c.hit.chunk)]:
            # A FAQ's answer goes on under its question, and a reference's entry under its heading: the best of the
            # rest of it comes before anything from elsewhere ("... only interpreted if you use the -L/--location
            # option." after "curl does not follow redirects by default.", not another answer's "There is no way to
            # make curl follow these redirects."; "Exceptions are propagated ..." after "Enable testing mode.").
            under = (lead[0].hit.chunk.source, lead[0].hit.chunk.section)
            rest = [c for c in rest if not _inside(c, lead[0])]
            rest.sort(key=lambda c: (c.hit.chunk.source, c.hit.chunk.section) != under)
        chosen = standing_alone(front or (signature + [with_definition(c) for c in defining if not any(c is g for g in signature)] + faq + summary + rest)[: self.max_sentences])
        if len(chosen) > 1 and gives_instruction(question, chosen[1].text) and not gives_instruction(question, chosen[0].text):
            # "How do I see the output of tests that pass?" by what to do ("... we can tell Rust to also show the output
            # of successful tests with --show-output"), before what says the problem again ("... we won't see the output").
            chosen = [chosen[1], chosen[0], *chosen[2:]]
        # "How many ..." is not answered by a sentence without a number (see qa.answer_type.lacks).
        # Nor is "When was GNU Emacs 30 released?" by passages that never give the number 30, "What is the default
        # value of IdleActionSec?" by quotes that give no default, "Who maintains Node.js?" by quotes that name no one,
        # "Who took over maintenance in 2010?" by quotes that never say 2010, or "Does dotenv support YAML files?" by
        # quotes that never name YAML files, or "Why is -O3 not recommended?" by passages that never name -O3.
        if self.max_sentences > 1 and chosen and (why := reason_after(question, chosen[0], best_first)):
            chosen = [chosen[0], why]
        elif self.max_sentences > 1 and chosen and (does := deed_after(question, chosen[0], best_first)):
            # (with what it introduces: "It returns a 2-tuple:" over the list of the two)
            chosen = standing_alone([chosen[0], does])
        elif self.max_sentences > 1 and chosen and (instead := instead_after(chosen[0], best_first)):
            chosen = [chosen[0], instead]
        elif self.max_sentences > 1 and chosen and (release := release_heading_over(question, chosen[0], best_first)):
            # "Which pybase64 version dropped Python 3.8 support?": "1.5.0" over "Drop python 3.8 support".
            chosen = [release, chosen[0]]
        headings = [h for c in chosen for h in c.hit.chunk.section.split(SECTION_SEP)]
        if chosen and lacks(question, [chosen[0].text], headings) and (lead := entry_lead(chosen[0], best_first)):
            # "Which release introduced apt?" is answered by "The key technical innovation was the introduction of apt"
            # with the label of the entry it is in, which names the release ("Debian 2.1 Slink (March 9th, 1999): ...").
            if not lacks(question, [entry_label(lead.hit.chunk)]):
                chosen = [lead, chosen[0]]
        quotes = [c.text for c in chosen]
        # A FAQ's question names what the answer under it is about: "Will it support NDJSON or JSONL?" over "No. orjsonl
        # may be appropriate."
        asking = [heading_of(c.hit.chunk) for c in chosen if heading_of(c.hit.chunk).endswith("?")]
        retrieved = [h.chunk.text for h in hits] + [h.chunk.section for h in hits]
        if (not chosen or lacks(question, quotes, headings) or release_missing(question, retrieved)
                or lacks_default(question, quotes) or default_unnamed(defaulted, chosen, question) or lacks_someone(question, quotes)
                or year_missing(question, quotes, headings) or release_undated(question, quotes, headings) or support_unnamed(question, quotes + asking) or licence_unnamed(question, quotes, headings)
                or own_version_unsaid(question, quotes)
                or code_unnamed(terms_named(question) | set(_CODE_TERM.findall(question)), quotes + headings + [c.hit.chunk.text for c in chosen]
                                # a README named after the program names it ("sse_starlette-README.md" for "sse-starlette", and
                                # "semantic_version-README.rst" for "semantic_version")
                                + [name for c in chosen for name in (Path(c.hit.chunk.source).name,
                                                                     Path(c.hit.chunk.source).name.replace("_", "-"))])):
            return Answer.abstention(question, passages)
        return _cited(question, chosen, passages, marker(question, self.mark_kinds))
