"""Citations: which passage, and which sentence in it, supports each part of an answer."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Citation:
    """One ``[n]`` marker of an answer.

    ``text`` is the whole passage, ``quote`` the supporting sentence, and
    ``text[start:end] == quote``.
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

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Passage:
    """A retrieved passage that was considered, cited or not."""

    source: str
    title: str
    paragraph: int
    text: str
    score: float
    chunk_id: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def compose(quotes: list[tuple[str, Citation]]) -> str:
    """Join answer sentences, each followed by its ``[n]`` marker."""
    return " ".join(f"{sentence.strip()} [{c.n}]" for sentence, c in quotes)
