"""A saved keyword index that still loads but is wrong: the next assistant rebuilds it from the
store, answers correctly, and leaves a sound index on disk; ``status`` never vouches for it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from helpers import garbage_body, write_docs
from qa import Assistant
from qa.keyword import KeywordIndex

BM25_FILES = ["params.index.json", "vocab.index.json", "data.csc.index.npy", "indices.csc.index.npy", "indptr.csc.index.npy"]
INDEX_FILES = ["catalogue.json", "manifest.json"] + [f"{part}/{name}" for part in ("chunks", "sentences") for name in BM25_FILES]


def reorder_catalogue(directory: Path) -> None:
    """Same ids and counts, valid JSON, but the rows of the BM25 arrays now point at other chunks."""
    catalogue = json.loads((directory / "catalogue.json").read_text())
    catalogue["order"].reverse()
    (directory / "catalogue.json").write_text(json.dumps(catalogue))


# Every file of the saved index in turn: JSON emptied to {} (still valid JSON), arrays with a
# garbage body; and the catalogue reordered.
DAMAGE = {
    **{name: (lambda d, name=name: garbage_body(d / name) if name.endswith(".npy") else (d / name).write_text("{}"))
       for name in INDEX_FILES},
    "catalogue.json reordered": reorder_catalogue,
}


def files_in(directory: Path) -> list[str]:
    return sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def ingested(tmp_path_factory, embedder):
    """A data dir with the test documents ingested, and a copy of its sound keyword index."""
    root = tmp_path_factory.mktemp("corruption")
    assistant = Assistant(data_dir=root / "data", embedder=embedder)
    assistant.ingest([write_docs(root / "docs")])
    sound = root / "sound-index"
    shutil.copytree(assistant.keyword_dir, sound)
    return root / "data", sound


def assistant_over(ingested, embedder) -> tuple[Assistant, Path]:
    """A new assistant (as a new process makes one) on the data dir, whose index is back to the sound copy."""
    data_dir, sound = ingested
    assistant = Assistant(data_dir=data_dir, embedder=embedder)
    directory = assistant.keyword_dir
    shutil.rmtree(directory)
    shutil.copytree(sound, directory)
    return assistant, directory


def answers_correctly(assistant: Assistant) -> None:
    answer = assistant.ask("Who built the Brannock lighthouse?")
    assert not answer.abstained and "Oswin Hale" in answer.text
    assert any(c.source.endswith("lighthouse.txt") and "Oswin Hale" in c.quote for c in answer.citations)
    answer = assistant.ask("What does the bakery sell on Saturdays?")
    assert "cardamom buns" in answer.text and answer.citations[0].source.endswith("bakery.md")


def sound_on_disk(assistant: Assistant, directory: Path) -> None:
    saved = KeywordIndex.load(directory)
    assert saved is not None and saved.is_fresh(assistant.store.generation(), assistant.store.counts())
    assert assistant.status()["consistent"]


def test_every_file_of_the_saved_index_is_damaged_below(ingested):
    assert files_in(ingested[1]) == sorted(INDEX_FILES)


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_index_is_rebuilt_by_the_next_assistant(ingested, embedder, damage):
    assistant, directory = assistant_over(ingested, embedder)
    DAMAGE[damage](directory)
    assert not assistant.status()["consistent"]
    answers_correctly(assistant)
    sound_on_disk(assistant, directory)


def test_a_damaged_disk_copy_behind_a_sound_one_in_memory(ingested, embedder):
    holder, directory = assistant_over(ingested, embedder)
    answers_correctly(holder)  # loads the sound index into memory
    garbage_body(directory / "sentences/indices.csc.index.npy")
    answers_correctly(holder)  # the store has not changed: it answers from memory
    assert not holder.status()["consistent"]  # status reports the disk copy, which is damaged
    newcomer = Assistant(data_dir=ingested[0], embedder=embedder)  # a new process starts
    answers_correctly(newcomer)
    sound_on_disk(newcomer, directory)
    sound_on_disk(holder, directory)
