import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from helpers import garbage_body
from qa.chunk import chunk_text
from qa.keyword import KeywordIndex, max_by_chunk


def chunks():
    text = ("The Brannock lighthouse stands on a granite spit. It was built in 1871.\n\n"
            "The bakery on Fenwick Street opened in 1998. It sells cardamom buns.")
    return chunk_text(text, "doc.txt", "Doc")


def test_search_finds_chunks_and_sentences_by_stemmed_words():
    index = KeywordIndex.build(chunks(), "g1")
    best = max(index.search_chunks("lighthouses built", 5).items(), key=lambda kv: kv[1])[0]
    assert "Brannock" in index.chunks[best].text
    [(cid, sentence, score)] = index.search_sentences("cardamom", 5)
    chunk = index.chunks[cid]
    assert "cardamom" in chunk.text[slice(*chunk.sentences[sentence])] and score > 0
    assert index.search_chunks("the of and", 5) == {} and index.search_chunks("", 5) == {}


def test_the_chunk_after_another_is_the_next_of_its_document():
    other = chunk_text("Tolver Bay has two ferries.\n\nBoth sail at dawn.", "bay.txt", "Bay")
    mine = chunks()
    index = KeywordIndex.build([other[1], mine[1], other[0], mine[0]], "g1")  # stored in no particular order
    assert index.following(mine[0]) == mine[1] and index.following(other[0]) == other[1]
    assert index.following(mine[1]) is None


def test_a_commands_one_letter_option_is_a_word_of_its_own():
    text = "To light every lamp at once, run lampctl -a.\n\nTo light the lamp, run lampctl on its own."
    index = KeywordIndex.build(chunk_text(text, "lampctl.txt", "Lampctl"), "g1")
    found = index.search_chunks("What does lampctl -a do?", 5)
    best = max(found, key=found.get)
    assert "lampctl -a" in index.chunks[best].text and len(set(found.values())) == 2


def test_a_version_or_a_decimal_is_a_word_of_its_own():
    text = ("Lampctl 4.0 lights the lamp at dusk, 1.5 hours after the harbour board rings the bell twice.\n\n"
            "Lampctl 4.1 lights the lamp at noon.")
    index = KeywordIndex.build(chunk_text(text, "lampctl.txt", "Lampctl"), "g1")
    for asked in ("When does lampctl 4.0 light the lamp?", "Which lampctl lights the lamp 1.5 hours late?"):
        found = index.search_chunks(asked, 5)
        assert "dusk" in index.chunks[max(found, key=found.get)].text, asked


def test_save_and_load_give_the_same_index(tmp_path):
    index = KeywordIndex.build(chunks(), "g1")
    index.save(tmp_path / "kw")
    loaded = KeywordIndex.load(tmp_path / "kw")
    assert loaded.generation == "g1" and loaded.chunks == index.chunks
    assert (loaded.n_chunks, loaded.n_sentences) == (index.n_chunks, index.n_sentences)
    assert loaded.search_chunks("bakery", 5) == index.search_chunks("bakery", 5)
    index.save(tmp_path / "kw")  # saving over an index swaps it in whole
    assert KeywordIndex.load(tmp_path / "kw").chunks == index.chunks


def test_freshness_is_the_generation_and_the_counts():
    index = KeywordIndex.build(chunks(), "g1")
    counts = (index.n_chunks, index.n_sentences)
    assert index.is_fresh("g1") and index.is_fresh("g1", counts)
    assert not index.is_fresh("g2", counts)
    assert not index.is_fresh("g1", (counts[0] + 1, counts[1]))


def test_a_missing_or_unreadable_index_loads_as_none(tmp_path):
    assert KeywordIndex.load(tmp_path / "nothing") is None
    KeywordIndex.build(chunks(), "g1").save(tmp_path / "kw")
    (tmp_path / "kw" / "catalogue.json").write_text("{not json")
    assert KeywordIndex.load(tmp_path / "kw") is None
    (tmp_path / "kw" / "catalogue.json").write_text(json.dumps({"generation": "g1"}))
    assert KeywordIndex.load(tmp_path / "kw") is None


def test_an_empty_store_gives_an_empty_index(tmp_path):
    index = KeywordIndex.build([], "")
    assert index.search_chunks("anything", 5) == {} and index.search_sentences("anything", 5) == []
    index.save(tmp_path / "kw")
    assert KeywordIndex.load(tmp_path / "kw").n_chunks == 0


def test_max_by_chunk_keeps_each_chunks_best_sentence():
    assert max_by_chunk([("a", 0, 0.2), ("a", 1, 0.9), ("b", 0, 0.5)]) == {"a": 0.9, "b": 0.5}


# -- a saved index that loads but is wrong ------------------------------------------------------
BM25_FILES = ["params.index.json", "vocab.index.json", "data.csc.index.npy", "indices.csc.index.npy", "indptr.csc.index.npy"]
INDEX_FILES = ["catalogue.json", "manifest.json"] + [f"{part}/{name}" for part in ("chunks", "sentences") for name in BM25_FILES]


def saved(tmp_path) -> Path:
    directory = tmp_path / "kw"
    KeywordIndex.build(chunks(), "g1").save(directory)
    return directory


def files_in(directory: Path) -> list[str]:
    return sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.is_file())


def damage(path: Path) -> None:
    if path.suffix == ".npy":
        garbage_body(path)
    else:
        path.write_text("{}")


def test_every_file_of_a_saved_index_is_covered_below(tmp_path):
    assert files_in(saved(tmp_path)) == sorted(INDEX_FILES)


@pytest.mark.parametrize("name", INDEX_FILES)
def test_a_saved_index_with_a_damaged_file_loads_as_none(tmp_path, name):
    directory = saved(tmp_path)
    damage(directory / name)
    assert KeywordIndex.load(directory) is None


def test_a_reordered_catalogue_loads_as_none(tmp_path):
    # Same ids, same counts, valid JSON: only the manifest tells that rows and chunks no longer match.
    directory = saved(tmp_path)
    catalogue = json.loads((directory / "catalogue.json").read_text())
    catalogue["order"].reverse()
    (directory / "catalogue.json").write_text(json.dumps(catalogue))
    assert KeywordIndex.load(directory) is None


def resign(directory: Path) -> None:
    """Write a manifest that matches the files as they are now, as if they had been saved so."""
    files = {name: hashlib.sha256((directory / name).read_bytes()).hexdigest()
             for name in files_in(directory) if name != "manifest.json"}
    (directory / "manifest.json").write_text(json.dumps({"files": files}))


def _edit_catalogue(directory: Path, edit) -> None:
    catalogue = json.loads((directory / "catalogue.json").read_text())
    edit(catalogue)
    (directory / "catalogue.json").write_text(json.dumps(catalogue))


def _zeros(path: Path) -> None:
    np.save(path, np.zeros_like(np.load(path)))


# Each makes an index that bm25s and json still read; the checks behind the manifest must refuse it.
UNSOUND = {
    **{f"{part} {name} emptied": (lambda d, f=f"{part}/{name}": (d / f).write_text("{}"))
       for part in ("chunks", "sentences") for name in ("params.index.json", "vocab.index.json")},
    **{f"{part} {name} garbage": (lambda d, f=f"{part}/{name}": garbage_body(d / f))
       for part in ("chunks", "sentences") for name in BM25_FILES[2:]},
    **{f"{part} {name} zeroed": (lambda d, f=f"{part}/{name}": _zeros(d / f))
       for part in ("chunks", "sentences") for name in ("data.csc.index.npy", "indptr.csc.index.npy")},
    "a backend that is not installed": lambda d: (d / "chunks/params.index.json").write_text(json.dumps(
        {**json.loads((d / "chunks/params.index.json").read_text()), "backend": "numba"})),
    "a chunk missing from the order": lambda d: _edit_catalogue(d, lambda c: c["order"].pop()),
    "sentence offsets outside the chunk": lambda d: _edit_catalogue(d, lambda c: c["chunks"][0].update(sentences=[[0, 10**6]])),
    "words made by an older version": lambda d: _edit_catalogue(d, lambda c: c.pop("tokenizer")),
}


@pytest.mark.parametrize("unsound", UNSOUND)
def test_an_unsound_index_loads_as_none_even_with_a_matching_manifest(tmp_path, unsound):
    directory = saved(tmp_path)
    UNSOUND[unsound](directory)
    resign(directory)
    assert KeywordIndex.load(directory) is None
    (tmp_path / "clean").mkdir()
    assert KeywordIndex.load(saved(tmp_path / "clean")) is not None  # the checks pass a sound index


def test_texts_of_stop_words_only_give_an_index_that_finds_nothing(tmp_path):
    index = KeywordIndex.build(chunk_text("It is. It was.", "a.txt"), "g1")
    assert index.search_chunks("it was", 5) == {} and index.search_sentences("lighthouse", 5) == []
    index.save(tmp_path / "kw")
    loaded = KeywordIndex.load(tmp_path / "kw")
    assert (loaded.n_chunks, loaded.n_sentences) == (1, 2) and loaded.search_chunks("lighthouse", 5) == {}


def test_an_index_of_older_words_is_rebuilt_without_a_warning(tmp_path, caplog):
    directory = saved(tmp_path)
    _edit_catalogue(directory, lambda c: c.update(tokenizer=1))
    resign(directory)
    with caplog.at_level("INFO", logger="qa.keyword"):
        assert KeywordIndex.load(directory) is None
    mine = [r for r in caplog.records if r.name == "qa.keyword"]
    assert [r.levelname for r in mine] == ["INFO"] and "another version" in mine[0].getMessage()
