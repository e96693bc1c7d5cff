"""Conversations: a session keeps its last turns, and follow-ups are read in their light.

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
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterator

from .answer import _STOP, Answer, answer_type_match, content_words

if TYPE_CHECKING:
    from .assistant import Assistant

# Words that point back at something said before.
_ANAPHORA = re.compile(r"\b(he|she|it|they|them|him|her|his|hers|its|their|theirs|that|this|those|these|there|then|the same|such)\b", re.I)
_WORDS = re.compile(r"[\w’'-]+")
_NAME = re.compile(r"\b[A-Z](?:[\w’'-]|\.(?=\w))*(?:\s+(?:of\s+|de\s+|the\s+)?[A-Z](?:[\w’'-]|\.(?=\w))*)*")
# How many words of the earlier turns a follow-up carries: enough for a subject, not so many they drown the question.
MAX_CONTEXT_WORDS = 16


def needs_context(question: str) -> bool:
    """True when a question leans on the conversation: a pronoun, or almost no content words."""
    return bool(_ANAPHORA.search(question)) or len(content_words(question)) <= 2


def subject_words(text: str) -> list[str]:
    """The words of ``text`` that name what it is about: no question or stop words, in order, once each."""
    seen, out = set(), []
    for word in _WORDS.findall(text):
        key = word.lower()
        if key not in _STOP and key not in seen and not key.isdigit():
            seen.add(key)
            out.append(word)
    return out


def names_in(text: str, known: str = "") -> list[str]:
    """Capitalised names in ``text`` (not at a sentence start) that ``known`` does not mention."""
    known_words = {w.lower() for w in _WORDS.findall(known)}
    names = []
    for match in _NAME.finditer(text):
        before = text[: match.start()].rstrip()
        name = match.group()
        words = [w for w in _WORDS.findall(name) if w.lower() not in _STOP]
        if not words or (not before or before[-1] in ".!?") and len(words) == 1:
            continue
        if not any(w.lower() in known_words for w in words) and name not in names:
            names.append(name)
    return names


def rule_context(question: str, history: list[tuple[str, Answer]]) -> str:
    """What a follow-up is retrieved with: the question that opened its thread, and the name that answered it.

    ``history`` holds (subject, answer) pairs, oldest first, where a turn's
    subject is its own question, or for a follow-up the subject it carried. The
    result is empty for a question that stands on its own.

    Example:
        >>> turn = ("Who built the lighthouse?", answer)   # answer quotes "... the engineer Oswin Hale ..."  # doctest: +SKIP
        >>> rule_context("When did he build it?", [turn])                                       # doctest: +SKIP
        'Who built the lighthouse? Oswin Hale'
    """
    if not history or not needs_context(question):
        return ""
    subject, answer = history[-1]
    words = subject.split()
    if not answer.abstained and re.match(r"\s*(who|whom|whose|which|what)\b", answer.question, re.I):
        # "he", "they", "it" in a follow-up most likely point at what answered the question:
        # the names in the quoted sentences that are not headings (headings end without a full stop).
        quotes = [c.quote for c in answer.citations if c.supported and re.search(r"[.!?][\"'”’)]*$", c.quote.strip())]
        quotes.sort(key=lambda q: -answer_type_match(answer.question, q))  # the quote holding a new name, for "who"
        for name in names_in(" ".join(quotes[:2]), subject + " " + question)[:3]:
            words += name.split()
    return " ".join(words[:MAX_CONTEXT_WORDS])


CONDENSE_PROMPT = (
    "Rewrite the user's last question so that it can be understood without the conversation: "
    "replace pronouns such as he, she, it, they and that with what they refer to. "
    "Reply with the rewritten question only, on one line."
)


def condense(generator, question: str, history: list[tuple[str, Answer]], fallback: str) -> str:
    """A standalone form of follow-up ``question`` written by ``generator``; ``fallback`` when its output is unusable.

    The output must be one line, a question-length text, and share words with the
    question or the conversation; anything else (an answer, a refusal, noise) is ignored.
    """
    from .generate import complete, fence

    lines = []
    for standalone, answer in history[-2:]:
        reply = re.sub(r"\s*\[\d+\]", "", answer.text)
        lines.append(f"User: {' '.join(fence(standalone).split())}\nAssistant: {' '.join(fence(reply).split())[:400]}")
    messages = [{"role": "system", "content": CONDENSE_PROMPT},
                {"role": "user", "content": "Conversation:\n" + "\n".join(lines) + f"\n\nLast question: {' '.join(question.split())}\nRewritten question:"}]
    text = complete(generator, messages).strip()
    text = text.splitlines()[0].strip().strip('"“”') if text else ""
    known = content_words(question + " " + " ".join(s for s, _ in history[-2:]))
    if not (3 <= len(text.split()) <= 3 * len(question.split()) + 20) or not content_words(text) & known:
        return fallback
    return text


def anchored(condensed: str, rule: str) -> str:
    """``condensed`` with the content words of ``rule`` that it dropped added back.

    A small model's rewrite can lose the thread's subject ("When did she leave
    the tower?"); the rule's words keep retrieval on it.
    """
    have = {w.lower() for w in _WORDS.findall(condensed)}
    return " ".join([condensed, *(w for w in subject_words(rule) if w.lower() not in have)])


@dataclass
class ChatSession:
    """A conversation with an :class:`~qa.Assistant`; ``history`` holds the last ``max_turns`` answers.

    Example:
        >>> session = assistant.chat()                          # doctest: +SKIP
        >>> session.ask("Who built the Brannock lighthouse?")   # doctest: +SKIP
        >>> session.ask("When did he build it?").text           # doctest: +SKIP
        'It was built in 1871 by the engineer Oswin Hale ... [1]'
    """

    assistant: "Assistant"
    max_turns: int = 6
    history: list[Answer] = field(default_factory=list)
    standalone: list[str] = field(default_factory=list)  # the subject of each kept turn (its question, or what it carried)

    def _turns(self) -> list[tuple[str, Answer]]:
        kept = self.standalone[-len(self.history):] if self.history else []
        return list(zip(kept, self.history))

    def context_for(self, question: str) -> str:
        """What a follow-up is retrieved with besides itself (empty for a question that stands alone)."""
        turns = self._turns()
        context = rule_context(question, turns)
        generator = self.assistant.generator if context else None
        if generator is not None:
            return anchored(condense(generator, question, turns, context), context)
        return context

    def _record(self, question: str, context: str, answer: Answer) -> None:
        self.history.append(answer)
        self.standalone.append(context or question)
        del self.history[: -self.max_turns]
        del self.standalone[: -self.max_turns]

    def ask(self, question: str) -> Answer:
        """Answer ``question`` in the light of the conversation so far."""
        context = self.context_for(question)
        answer = self.assistant.ask(question, context=context)
        self._record(answer.question, context, answer)
        return answer

    def stream(self, question: str) -> Iterator[str | Answer]:
        """Like :meth:`ask`, piece by piece: text as it is produced, then the final :class:`Answer`."""
        context = self.context_for(question)
        for part in self.assistant.stream(question, context=context):
            if isinstance(part, Answer):
                self._record(part.question, context, part)
            yield part

    def reset(self) -> None:
        self.history.clear()
        self.standalone.clear()
