import json

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
