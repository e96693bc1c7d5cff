"""Collections: named sets of documents in one store; create, list, rename, delete, in the API and the CLI."""

from __future__ import annotations

import json

import pytest

from qa import Assistant, InputError, SettingsError
from qa.cli import main

QUESTION = "Who built the Brannock lighthouse?"


def test_two_collections_answer_differently_and_deleting_one_leaves_the_other(tmp_path, docs, embedder):
    notes = Assistant(data_dir=tmp_path / "data", embedder=embedder)
    notes.ingest([docs / "notes"])
    everything = notes.create_collection("everything")
    everything.ingest([docs])
    assert notes.collections() == ["citeqa", "everything"]
    assert notes.ask(QUESTION).abstained  # the notes never say who built the lighthouse
    assert "Oswin Hale" in everything.ask(QUESTION).text

    notes.drop_collection("everything")
    assert notes.collections() == ["citeqa"]
    assert not (tmp_path / "data" / "keyword" / "everything").exists()
    chef = "Who was the first pastry chef of the Fenwick Street bakery?"
    assert not notes.ask(chef).abstained and notes.status(check=True)["consistent"]
    # Asked again by name, the deleted collection is a new, empty one: its rows are gone.
    again = Assistant(data_dir=tmp_path / "data", embedder=embedder, collection="everything")
    assert again.status(check=True)["chunks"] == 0 and again.ask(QUESTION).abstained


def test_a_renamed_collection_keeps_its_documents(tmp_path, docs, embedder):
    first = Assistant(data_dir=tmp_path / "data", embedder=embedder, collection="harbour")
    first.ingest([docs])
    before = first.ask(QUESTION)
    renamed = first.rename_collection("harbour", "coast")
    assert renamed.collections() == ["coast"] and renamed.settings.collection == "coast"
    after = renamed.ask(QUESTION)
    assert after.text == before.text and renamed.status(check=True)["consistent"]
    assert (tmp_path / "data" / "keyword" / "coast").is_dir() and not (tmp_path / "data" / "keyword" / "harbour").exists()


def test_bad_collection_requests_are_one_clear_error(tmp_path, embedder):
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder)
    assistant.create_collection("one")
    with pytest.raises(InputError, match="no collection 'two'"):
        assistant.drop_collection("two")
    with pytest.raises(InputError, match="there is a collection 'one' already"):
        assistant.rename_collection("citeqa", "one")
    with pytest.raises(SettingsError, match="QA_COLLECTION"):
        assistant.create_collection("no spaces allowed")


def test_the_cli_manages_collections_and_reads_the_one_named(tmp_path, docs, capsys):
    data = ["--data-dir", str(tmp_path / "data")]
    assert main(["collections", "create", "harbour", *data]) == 0
    assert main(["ingest", str(docs), "--collection", "harbour", *data]) == 0
    capsys.readouterr()
    assert main(["ask", QUESTION, "--collection", "harbour", *data]) == 0
    assert "Oswin Hale" in capsys.readouterr().out
    assert main(["collections", "rename", "harbour", "coast", *data]) == 0
    assert main(["collections", "--json", *data]) == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1]) == ["citeqa", "coast"]
    assert main(["collections", "delete", "coast", *data]) == 0
    assert main(["collections", "delete", "coast", *data]) == 2
    err = capsys.readouterr().err
    assert err.startswith("qa: error: no collection 'coast'") and err.count("\n") == 1
    assert main(["collections", "rename", "citeqa", *data]) == 2
    assert "usage: qa collections rename NAME NEW" in capsys.readouterr().err


def test_deleting_the_current_collection_from_the_cli_leaves_it_deleted(tmp_path, docs, capsys):
    data = ["--data-dir", str(tmp_path / "data")]
    assert main(["ingest", str(docs / "notes"), *data]) == 0
    assert main(["collections", "create", "harbour", *data]) == 0
    assert main(["collections", "delete", "citeqa", "--json", *data]) == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1]) == ["harbour"]
    assert main(["collections", "--json", "--collection", "harbour", *data]) == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1]) == ["harbour"]


def test_a_question_can_be_answered_from_several_collections(tmp_path, docs, embedder, capsys):
    """The lighthouse is in one collection, the bakery in another: asked of both, each question finds its own."""
    harbour = Assistant(data_dir=tmp_path / "data", embedder=embedder, collection="harbour")
    harbour.ingest([docs / "lighthouse.txt"])
    bakery = harbour.create_collection("bakery")
    bakery.ingest([docs / "notes"])
    chef = "Who was the first pastry chef of the Fenwick Street bakery?"
    assert harbour.ask(chef).abstained or "Nell Archer" not in harbour.ask(chef).text
    both = Assistant(data_dir=tmp_path / "data", embedder=embedder, collection="harbour", also_ask="bakery")
    assert "Nell Archer" in both.ask(chef).text and "Oswin Hale" in both.ask(QUESTION).text
    sources = {h.chunk.source.rsplit("/", 1)[-1] for h in both.retrieve("lighthouse keeper and pastry chef", k=10)}
    assert sources == {"lighthouse.txt", "bakery.md"}
    assert both.ask(chef).audit()["citations"][0]["source"].endswith("bakery.md")

    with pytest.raises(InputError, match="no collection 'nowhere' to answer from"):
        Assistant(data_dir=tmp_path / "data", embedder=embedder, collection="harbour", also_ask="nowhere").ask(chef)
    with pytest.raises(SettingsError, match="QA_ALSO_ASK"):
        Assistant(data_dir=tmp_path / "data", embedder=embedder, also_ask="a,b")

    data = ["--data-dir", str(tmp_path / "data")]
    assert main(["ask", chef, "--collection", "harbour+bakery", *data]) == 0
    assert "Nell Archer" in capsys.readouterr().out
    assert main(["ingest", str(docs), "--collection", "harbour+bakery", *data]) == 2
    err = capsys.readouterr().err
    assert err.startswith("qa: error: qa ingest works on one collection") and err.count("\n") == 1
