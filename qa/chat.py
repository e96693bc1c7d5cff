"""Conversations: a session keeps its turns, and follow-ups retrieve with that context."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterator

from .answer import Answer, content_words

if TYPE_CHECKING:
    from .assistant import Assistant

# Words that point back at something said before.
_ANAPHORA = re.compile(r"\b(he|she|it|they|them|him|her|his|hers|its|their|theirs|that|this|those|these|there|then|the same|such)\b", re.I)


def needs_context(question: str) -> bool:
    """True when a question leans on the conversation: a pronoun, or almost no content words."""
    return bool(_ANAPHORA.search(question)) or len(content_words(question)) <= 2


@dataclass
class ChatSession:
    """A conversation with an :class:`~qa.Assistant`; ``history`` holds the last ``max_turns`` turns."""

    assistant: "Assistant"
    max_turns: int = 8
    history: list[Answer] = field(default_factory=list)

    def context_for(self, question: str) -> str:
        """The earlier questions a follow-up should be retrieved with (empty for a fresh question)."""
        if not self.history or not needs_context(question):
            return ""
        previous = [a.question for a in self.history[-2:]]
        return " ".join(previous)

    def ask(self, question: str) -> Answer:
        """Answer ``question`` in the light of the conversation so far."""
        answer = self.assistant.ask(question, context=self.context_for(question))
        self.history.append(answer)
        del self.history[: -self.max_turns]
        return answer

    def stream(self, question: str) -> Iterator[str | Answer]:
        """Like :meth:`ask`, piece by piece: text as it is produced, then the final :class:`Answer`."""
        for part in self.assistant.stream(question, context=self.context_for(question)):
            if isinstance(part, Answer):
                self.history.append(part)
                del self.history[: -self.max_turns]
            yield part

    def reset(self) -> None:
        self.history.clear()
