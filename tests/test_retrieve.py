import pytest

from qa.retrieve import fuse, weights_of, znorm
from qa.settings import Settings


def test_znorm_centres_and_scales_one_retrievers_scores():
    z = znorm({"a": 1.0, "b": 2.0, "c": 3.0}, {"a", "b", "c"})
    assert z["b"] == pytest.approx(0.0) and z["c"] == pytest.approx(-z["a"]) and z["c"] > 0
    assert sum(v * v for v in z.values()) / 3 == pytest.approx(1.0)


def test_znorm_gives_candidates_a_retriever_missed_its_lowest_score():
    z = znorm({"a": 1.0, "b": 3.0}, {"a", "b", "x"})
    assert z["x"] == z["a"] < z["b"]


def test_znorm_of_equal_or_no_scores_does_not_divide_by_zero():
    assert znorm({"a": 2.0, "b": 2.0}, {"a", "b"}) == {"a": 0.0, "b": 0.0}
    assert znorm({}, {"a"}) == {"a": 0.0}


def test_fuse_weighs_each_signal_over_the_union_of_candidates():
    signals = {"bm25": {"a": 10.0, "b": 0.0}, "dense": {"b": 0.9, "c": 0.1}}
    only_bm25 = fuse(signals, {"bm25": 1.0, "dense": 0.0})
    assert set(only_bm25) == {"a", "b", "c"} and max(only_bm25, key=only_bm25.get) == "a"
    only_dense = fuse(signals, {"bm25": 0.0, "dense": 1.0})
    assert max(only_dense, key=only_dense.get) == "b"
    # Scale does not matter: BM25 scores in the tens and cosines under one weigh alike once normalised.
    both = fuse(signals, {"bm25": 1.0, "dense": 1.0})
    assert both["b"] > both["c"]
    assert fuse({}, {"bm25": 1.0}) == {}


def test_weights_come_from_the_settings():
    weights = weights_of(Settings(data_dir="/tmp/x", weight_bm25=0.7, weight_dense=0.0))
    assert weights["bm25"] == 0.7 and weights["dense"] == 0.0 and set(weights) == {"bm25", "sentence_bm25", "sentence_dense", "dense"}
