"""Conversations as values: the turns so far, and follow-up questions read in their light.

A :class:`Conversation` is an immutable tuple of :class:`Turn` values; adding a
turn makes a new conversation (:meth:`Conversation.then`), so a front end can
keep one in its state and hand it back with the next question.

A follow-up such as "When did he order it?" is retrieved and answered as if
asked in full. Without an LLM, the rewrite is by rule: the subject words of
the turn it follows (that turn's own question, itself already rewritten if it
was a follow-up) and the names its answer gave join the question. With an LLM,
the LLM condenses the conversation and the follow-up into one standalone
question, and the rule's words it left out are added back; output that does
not look like a question falls back to the rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable, Sequence

from .answer_type import holds
from .selector import NAME_TOKEN, as_name
from .types import Answer
from .words import NAME, PRONOUNS, STOP_WORDS, WRITTEN_WORD, content_words, strip_markers

# Words that point back at something said before: the pronouns, and a few more that refer.
_ANAPHORA = re.compile(r"\b(" + "|".join(sorted(PRONOUNS - {"i", "me", "my", "we", "us", "our", "you", "your", "all", "any", "some"}))
                       + r"|there|then|the same|such)\b", re.I)
# A question that asks only what one named thing is or does ("What is defusedxml?", "What are savepoints?", "What
# does lampctl do?", "What does mmh3.digest() return?"): it names what it asks about, however few its words; a
# follow-up's "it" is that thing, not a name its description gave ("... in Python's XML libraries"). "What is the
# largest city in Poland?" asks for a name, which the follow-up's "there" points at.
_THING_ASKED = re.compile(r"^\W*what\s+(?:(?:is|are)\s+(?:an?\s+)?(?!(?:the|" + "|".join(sorted(PRONOUNS)) + r")\b)(?P<is>[\w.+-]+)"
                          r"|(?:does|do)\s+(?!(?:" + "|".join(sorted(PRONOUNS)) + r")\b)(?P<does>[\w.+-]+(?:\(\))?)\s+(?:do|return|mean))\s*\??\s*$", re.I)
# How many words of the earlier turns a follow-up carries: enough for a subject, not so many they drown the question.
MAX_CONTEXT_WORDS = 16


def needs_context(question: str) -> bool:
    """True when a question leans on the conversation: a pronoun, or almost no content words."""
    return bool(_ANAPHORA.search(question)) or len(content_words(question)) <= 2 and not _THING_ASKED.match(question)


def subject_words(text: str) -> list[str]:
    """The words of ``text`` that name what it is about: no question or stop words, in order, once each."""
    seen, out = set(), []
    for word in WRITTEN_WORD.findall(text):
        key = word.lower()
        if key not in STOP_WORDS and key not in seen and not key.isdigit():
            seen.add(key)
            out.append(word)
    return out


def names_in(text: str, known: str = "") -> list[str]:
    """Capitalised names in ``text`` (not at a sentence start) that ``known`` does not mention."""
    known_words = {w.lower() for w in WRITTEN_WORD.findall(known)}
    found = []
    for match in NAME.finditer(text):
        before = text[: match.start()].rstrip()
        name = match.group()
        named = [w for w in WRITTEN_WORD.findall(name) if w.lower() not in STOP_WORDS]
        # One capitalised word opening a sentence is most likely just a word.
        if not named or (not before or before[-1] in ".!?") and len(named) == 1:
            continue
        if not any(w.lower() in known_words for w in named) and name not in found:
            found.append(name)
    return found


@dataclass(frozen=True)
class Turn:
    """One exchange: the question as asked, as rewritten for retrieval, and the answer."""

    question: str
    rewritten: str
    answer: Answer

    @property
    def subject(self) -> str:
        """What the turn was about: what the conversation added to it, or the question itself."""
        return self.answer.context or self.question


@dataclass(frozen=True)
class Conversation:
    """The last ``max_turns`` turns of a conversation, oldest first; a value.

    Example:
        >>> from qa.types import Answer
        >>> c = Conversation(max_turns=2)
        >>> for q in ("Who built it?", "When?", "Why?"):
        ...     c = c.then(Answer(q, "…", abstained=True))
        >>> [t.question for t in c.turns]
        ['When?', 'Why?']
    """

    turns: tuple[Turn, ...] = ()
    max_turns: int = 6

    def then(self, answer: Answer) -> "Conversation":
        """This conversation with ``answer``'s turn added (and the oldest dropped past ``max_turns``)."""
        rewritten = f"{answer.context} {answer.question}".strip()
        turns = (*self.turns, Turn(answer.question, rewritten, answer))
        return replace(self, turns=turns[-self.max_turns:])

    @property
    def opening(self) -> str:
        """The question that opened the thread the last turn is in: the last one that stood alone ("" for none)."""
        return next((t.question for t in reversed(self.turns) if not t.answer.context), "")

    def context_for(self, question: str, generator=None) -> str:
        """What follow-up ``question`` is retrieved with besides itself; empty for a question that stands alone.

        Without ``generator``, by rule (:func:`rule_context`); with one, its
        condensed question, anchored to the rule's words (:func:`condense`, :func:`anchored`).
        """
        context = rule_context(question, self.turns)
        if context and generator is not None:
            return anchored(condense(generator, question, self.turns, context), context)
        return context


def rule_context(question: str, turns: Sequence[Turn]) -> str:
    """What a follow-up is retrieved with: the subject of the turn it follows, and the name that answered it.

    A turn's subject is its own question, or for a follow-up the subject it
    carried. The result is empty for a question that stands on its own.

    Example:
        >>> turn = Turn("Who built the lighthouse?", "…", answer)   # answer quotes "... the engineer Oswin Hale ..."  # doctest: +SKIP
        >>> rule_context("When did he build it?", [turn])                                              # doctest: +SKIP
        'Who built the lighthouse? Oswin Hale'
    """
    if not turns or not needs_context(question):
        return ""
    subject, answer = turns[-1].subject, turns[-1].answer
    kept = subject.split()
    if (not answer.abstained and re.match(r"\s*(who|whom|whose|which|what)\b", answer.question, re.I)
            and not _THING_ASKED.match(answer.question)):
        # "he", "they", "it" in a follow-up most likely point at what answered the question:
        # the names in the quoted sentences that are not headings (headings end without a full stop).
        quotes = [c.quote for c in answer.citations if c.supported and re.search(r"[.!?][\"'”’)]*$", c.quote.strip())]
        quotes.sort(key=lambda q: -holds(answer.question, q))  # the quote holding a new name, for "who"
        names = names_in(" ".join(quotes[:2]), subject + " " + question)
        # A name both quotes give is what answered ("Ian Murdock", in "... the names of Debra and Ian Murdock, who
        # founded the project." and "... created by Ian Murdock in 1993"), before the others, in their order.
        names.sort(key=lambda name: -sum(name in q for q in quotes[:2]))
        for name in names[:3]:
            kept += name.split()
    return " ".join(kept[:MAX_CONTEXT_WORDS])


# A follow-up that asks the last question again of another thing, and says nothing else: "And in xz?", "What about tar?".
_AGAIN_OF = re.compile(r"\s*(?:and|what\s+about|how\s+about)\s+(?:(?:in|for|with|on|of|about)\s+)?(?:the\s+)?"
                       rf"(?P<other>{NAME_TOKEN})\s*\??\s*", re.I)


def asked_again(question: str, subject: str, documents: Callable[[], dict[str, int]]) -> str:
    """For a follow-up that asks the last question of another document ("And in xz?" after "What does gzip -k do?"),
    that question with the one document swapped for the other ("What does xz -k do?"); else "". ``documents()``
    counts the documents each :func:`qa.selector.document_name` calls (asked only for such a follow-up): a name two
    documents share names neither.

    Example:
        >>> asked_again("And in xz?", "What does gzip -k do?", lambda: {"gzip": 1, "xz": 1})
        'What does xz -k do?'
    """
    match = _AGAIN_OF.fullmatch(question)
    names = documents() if match else {}
    if not match or names.get(as_name(match["other"])) != 1:
        return ""
    for word in re.finditer(NAME_TOKEN, subject):
        if as_name(word.group()) != as_name(match["other"]) and names.get(as_name(word.group())) == 1:
            return subject[: word.start()] + match["other"] + subject[word.end():]
    return ""


# A follow-up that says "it" or "its" of the thing its thread asked about, and leans on nothing else ("Who wrote it?",
# "What is its licence?").
_IT = re.compile(r"\b(?:it|its)\b", re.I)
_OTHER_ANAPHORA = re.compile(r"\b(?:he|him|his|she|her|hers|they|them|their|theirs|this|that|these|those|there|then)\b", re.I)


def said_of(question: str, subject: str) -> str:
    """For a follow-up that says "it" of the one thing its thread asked about ("Who wrote it?" after "What is
    defusedxml?"), the question asked of that thing by name ("Who wrote defusedxml?"); else "". Asked in full, it is
    answered as if asked first: by the thing's own document, its byline, its licence line.

    Example:
        >>> said_of("Which Python versions does it support?", "What is tinytag?")
        'Which Python versions does tinytag support?'
        >>> said_of("What is its licence?", "What does lampctl do?"), said_of("Who wrote it?", "Who founded the bakery?")
        ("What is lampctl's licence?", '')
    """
    asked = _THING_ASKED.match(subject)
    if not asked or _OTHER_ANAPHORA.search(question) or len(_IT.findall(question)) != 1:
        return ""
    thing = asked["is"] or asked["does"]
    return _IT.sub(lambda m: thing + ("'s" if m.group().lower() == "its" else ""), question)


CONDENSE_PROMPT = (
    "Rewrite the user's last question so that it can be understood without the conversation: "
    "replace pronouns such as he, she, it, they and that with what they refer to. "
    "Reply with the rewritten question only, on one line."
)


def condense(generator, question: str, turns: Sequence[Turn], fallback: str) -> str:
    """A standalone form of follow-up ``question`` written by ``generator``; ``fallback`` when its output is unusable.

    The output must be one line, a question-length text, and share words with the
    question or the conversation; anything else (an answer, a refusal, noise) is ignored.
    """
    from .generate import complete, fence

    recent = turns[-2:]
    lines = [f"User: {' '.join(fence(t.subject).split())}\nAssistant: {' '.join(fence(strip_markers(t.answer.text)).split())[:400]}"
             for t in recent]
    messages = [{"role": "system", "content": CONDENSE_PROMPT},
                {"role": "user", "content": "Conversation:\n" + "\n".join(lines) + f"\n\nLast question: {' '.join(question.split())}\nRewritten question:"}]
    text = complete(generator, messages).strip()
    text = text.splitlines()[0].strip().strip('"“”') if text else ""
    known = content_words(question + " " + " ".join(t.subject for t in recent))
    if not (3 <= len(text.split()) <= 3 * len(question.split()) + 20) or not content_words(text) & known:
        return fallback
    return text


def anchored(condensed: str, rule: str) -> str:
    """``condensed`` with the content words of ``rule`` that it dropped added back.

    A small model's rewrite can lose the thread's subject ("When did she leave
    the tower?"); the rule's words keep retrieval on it.
    """
    have = {w.lower() for w in WRITTEN_WORD.findall(condensed)}
    return " ".join([condensed, *(w for w in subject_words(rule) if w.lower() not in have)])
