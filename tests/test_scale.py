"""The scale benchmark script on a tiny SQuAD-format file (the real run is python -m eval.scale)."""

import json

import pytest

from eval.scale import distractors, main

PEOPLE = ["Oswin Hale", "Ida Penrose", "Tomas Reyes", "Mara Ellison", "Agnes Thorley", "Silas Whitcombe"]
PLACES = ["Brannock", "Tolver", "Fenwick", "Aldmere", "Corran", "Dunholt"]


def squad_file(tmp_path):
    articles = []
    for a in range(2):
        paragraphs = []
        for p in range(3):
            i = 3 * a + p
            context = (f"The {PLACES[i]} lighthouse was built in {1850 + i} by {PEOPLE[i]}. "
                       f"Its lamp burned whale oil for {10 + i} years before kerosene arrived. "
                       f"Keepers at {PLACES[i]} logged every passing ship in a green ledger.")
            answer = PEOPLE[i]
            paragraphs.append({"context": context, "qas": [{"id": f"{i}", "question": f"Who built the {PLACES[i]} lighthouse?",
                                                            "answers": [{"text": answer, "answer_start": context.find(answer)}],
                                                            "is_impossible": False}]})
        articles.append({"title": f"Coast {a}", "paragraphs": paragraphs})
    path = tmp_path / "mini-squad.json"
    path.write_text(json.dumps({"version": "v2.0", "data": articles}))
    return path


def test_distractors_are_distinct_mixtures():
    paragraphs = [f"Alpha {i} one two three. Beta {i} four five six. Gamma {i} seven eight nine." for i in range(5)]
    made = distractors(paragraphs, 40)
    assert len(made) == len(set(made)) == 40
    for text in made:
        sources = {int(word) for word in text.replace(".", "").split() if word.isdigit()}
        assert len(sources) >= 3 and text not in paragraphs
    assert made == distractors(paragraphs, 40)  # deterministic
    with pytest.raises(ValueError, match="distinct"):
        distractors(paragraphs[:3], 10_000)


@pytest.mark.slow
def test_both_stores_are_measured_side_by_side(tmp_path, monkeypatch):
    monkeypatch.delenv("QA_CHROMA_HOST", raising=False)
    out = tmp_path / "figures.json"
    assert main([str(squad_file(tmp_path)), "--chunks", "60", "--questions", "4", "--rounds", "1", "--json", str(out)]) == 0
    figures = json.loads(out.read_text())
    small, large = figures["stores"]["small"], figures["stores"]["large"]
    assert figures["corpus"]["small_chunks"] == small["chunks"] == 6 and large["chunks"] >= 60
    assert figures["corpus"]["large_chunks"] == large["chunks"]
    for store in (small, large):
        assert store["consistent"] and store["chunks_per_s"] > 0 and store["disk_mb"] > 0
        assert store["ingest_peak_rss_mb"] > 100 and store["ask_peak_rss_mb"] > 100
        assert 0 < store["ask_p50_ms"] <= store["ask_p95_ms"]
        assert set(store["stages_p50_ms"]) == {"embed_ms", "retrieve_ms", "answer_ms"}
    # Every question names its builder in one real paragraph: the small store answers them all.
    assert small["answer_contains"] == 1.0
    assert figures["p50_ratio_large_to_small"] == round(large["ask_p50_ms"] / small["ask_p50_ms"], 3)
    assert figures["goal_met"] == (figures["p50_ratio_large_to_small"] < figures["goal_p50_ratio"])
