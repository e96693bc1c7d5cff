"""The SQuAD benchmark script on a tiny SQuAD-format file written for the test."""

import json

import pytest

from eval.squad import load_squad, main, spread


def squad_file(tmp_path):
    def para(context, qas):
        return {"context": context, "qas": [
            {"id": str(i), "question": q, "answers": [{"text": a, "answer_start": context.find(a)}] if a else [],
             "is_impossible": a is None} for i, (q, a) in enumerate(qas)]}

    data = {"version": "v2.0", "data": [
        {"title": "Lighthouses", "paragraphs": [
            para("The Brannock lighthouse was built in 1871 by the engineer Oswin Hale. Its lamp burned whale oil.",
                 [("Who built the Brannock lighthouse?", "Oswin Hale"), ("What colour is the Brannock lamp?", None)]),
            para("Ida Penrose was the last resident keeper; she left the tower in 1987 after automation.",
                 [("When did Ida Penrose leave the tower?", "1987")])]},
        {"title": "Bakeries", "paragraphs": [
            para("The Fenwick Street bakery opened in 1998. Tomas Reyes bakes rye bread there every morning.",
                 [("Who bakes rye bread at the Fenwick Street bakery?", "Tomas Reyes")])]},
    ]}
    path = tmp_path / "mini-squad.json"
    path.write_text(json.dumps(data))
    return path


def test_loading_and_spreading(tmp_path):
    articles, questions = load_squad(squad_file(tmp_path))
    assert list(articles) == ["Lighthouses", "Bakeries"] and len(articles["Lighthouses"]) == 2
    assert sum(q["impossible"] for q in questions) == 1
    assert spread(list(range(10)), 3) == [0, 3, 6] and spread([1, 2], None) == [1, 2]


def test_all_systems_are_reported_side_by_side(tmp_path, capsys):
    out = tmp_path / "figures.json"
    assert main([str(squad_file(tmp_path)), "--json", str(out)]) == 0
    figures = json.loads(out.read_text())
    assert set(figures["systems"]) == {"ours", "bm25", "dense", "llamaindex-default"}
    for result in figures["systems"].values():
        assert set(result) >= {"hit_at_1", "hit_at_5", "mrr_at_10", "ranked", "answer_contains", "p50_ms"}
    # The corpus is 3 chunks: ours and dense rank them all (up to 10), bm25 those it scores above 0;
    # LlamaIndex's default top-k is 2.
    ranked = {name: result["ranked"] for name, result in figures["systems"].items()}
    assert ranked["ours"] == ranked["dense"] == 3 and 1 <= ranked["bm25"] <= 3 and ranked["llamaindex-default"] == 2
    assert figures["systems"]["ours"]["hit_at_1"] == 1.0 and figures["systems"]["ours"]["answer_contains"] == 1.0
    assert figures["questions"] == 3 and figures["ours"]["unanswerable_asked"] == 1
    assert figures["ingest"]["chunks"] == 3 and figures["ingest"]["ratio"] > 0


@pytest.mark.slow
def test_a_generator_is_measured_with_its_stand_ins_and_short_answers(tmp_path, monkeypatch, llama_server):
    monkeypatch.setenv("QA_LLM", "openai")
    monkeypatch.setenv("QA_LLM_BASE_URL", llama_server)
    monkeypatch.setenv("QA_LLM_MODEL", "qwen2.5-0.5b")
    out = tmp_path / "generated.json"
    assert main([str(squad_file(tmp_path)), "--generated", "--limit", "2", "--json", str(out)]) == 0
    figures = json.loads(out.read_text())
    assert figures["generator"] == "openai" and (figures["answerable"], figures["unanswerable"]) == (2, 1)
    for name in ("answer_contains", "no_answer_recall", "stood_in", "left_out"):
        assert 0.0 <= figures[name] <= 1.0, name
    assert 0 <= figures["short_answers_marked"] <= 2
    assert figures["short_answer_precision"] is None or 0.0 <= figures["short_answer_precision"] <= 1.0
