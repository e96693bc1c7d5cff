"""The training command's data making and fitting, on small SQuAD-shaped data."""

import json
import random

import numpy as np
import pytest

from helpers import made_up_readings, squad_article
from qa.selector import FEATURES
from qa.train import Asked, _swap, fit_answering, fit_selector, questions_of, read_squad, top_holds


def test_a_perturbed_question_swaps_in_a_name_the_paragraph_never_mentions():
    context = "The Brannock lighthouse was built in 1871 by Oswin Hale."
    swapped = _swap("When did Oswin Hale build the lighthouse?", ["Oswin Hale", "Ruth Mabry", "1923"], context, random.Random(0))
    assert swapped == "When did Ruth Mabry build the lighthouse?"


def test_questions_keep_their_kind_and_answerable_ones_get_a_perturbed_copy():
    items = questions_of([squad_article()], random.Random(1))
    kinds = [(i["question"], i["kind"]) for i in items]
    assert ("Who built the Brannock lighthouse?", "answerable") in kinds and ("Who was the first keeper?", "unanswerable") in kinds
    perturbed = [i for i in items if i["kind"] == "perturbed"]
    assert perturbed and all(not i["answers"] and i["question"] not in {q for q, _ in kinds if q != i["question"]} for i in perturbed)
    assert all(i["paragraph"] and i["article"] == "Lighthouses" for i in items)


def test_read_squad_takes_an_article_range(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"data": [squad_article("A"), squad_article("B"), squad_article("C")]}))
    articles, digest = read_squad(f"{path}:2-3")
    assert [a["title"] for a in articles] == ["B", "C"] and len(digest) == 64


def _made_up_groups(n: int, seed: int) -> list:
    """Questions whose answering candidate is the one with the most rare question words, the rest noise."""
    from qa.selector import Candidate
    from qa.types import Chunk, Hit

    rng = np.random.default_rng(seed)
    chunk = Chunk("c", "a.txt", "A", 1, 0, 0, 1, "x", ((0, 1),))
    rows = []
    for i in range(n):
        x = rng.normal(size=(6, len(FEATURES))).astype(np.float32)
        labels = np.zeros(6, dtype=bool)
        labels[int(np.argmax(x[:, FEATURES.index("overlap_rare")]))] = True
        found = tuple(Candidate(Hit(chunk, 1.0), 0, 0, 1, 0.0, row) for row in x)
        rows.append(Asked(f"q{i}", "answerable", f"article {i % 4}", ("x",), found, labels, ("x",)))
    return rows


def test_the_selector_learns_which_candidate_answers():
    trained = fit_selector(_made_up_groups(400, seed=1), seed=13)
    held = _made_up_groups(200, seed=2)
    assert top_holds(held, [trained.scores(a.features) for a in held]) > 0.8
    assert top_holds(held, [a.features[:, FEATURES.index("cosine")] for a in held]) < 0.4  # what chance gives


def test_the_fitted_decision_abstains_on_what_it_should_and_the_policy_holds():
    asked, scores = made_up_readings(300, seed=3)
    fitted = fit_answering(asked, scores)
    figures = fitted["figures"]
    # Well-separated questions: the chosen policy declines the unanswerable ones and answers the others.
    assert figures["abstained_answerable"] <= 0.1 and figures["abstained_unanswerable"] > 0.8
    assert figures["auc_answerable_vs_not"] > 0.9 and figures["policy"]["threshold"] == fitted["abstention"]["threshold"]
    # The second sentence never holds the answer here, so it is never quoted: its share is 1 / (1 + e^3).
    assert fitted["second_share"] > 1 / (1 + np.exp(3.0))


def test_fitting_on_one_outcome_only_is_one_clear_message():
    asked, scores = made_up_readings(10, seed=3)
    unanswerable = [a for a in asked if not a.answers]
    with pytest.raises(SystemExit, match="need both outcomes"):
        fit_answering(unanswerable, [np.array([0.0, -1.0])] * len(unanswerable))


@pytest.mark.slow
def test_the_answering_command_writes_models_that_answer(tmp_path, embedder):
    """The real command, end to end on a few small articles: it ingests, reads, trains, fits and
    writes models with their card, and the learned answerer loads and answers with them."""
    pytest.importorskip("torch", reason="training needs the [train] extra")
    from qa import Assistant
    from qa.train import main

    data = tmp_path / "squad.json"
    data.write_text(json.dumps({"data": [squad_article(t) for t in "ABCDEF"]}))
    out, again = tmp_path / "models", tmp_path / "again"
    readings = tmp_path / "readings.pkl"
    assert main(["answering", "--data", f"{data}:1-6", "--out", str(out), "--readings", str(readings)]) == 0
    # From the same readings, training and fitting are deterministic: the same bytes.
    assert main(["answering", "--data", f"{data}:1-6", "--out", str(again), "--readings", str(readings)]) == 0
    assert (again / "selector.json").read_bytes() == (out / "selector.json").read_bytes()
    assert (again / "answering.json").read_bytes() == (out / "answering.json").read_bytes()
    with pytest.raises(SystemExit, match="holds readings of other data"):
        main(["answering", "--data", f"{data}:1-5", "--out", str(again), "--readings", str(readings)])
    card = json.loads((out / "answering.json").read_text())
    assert card["seed"] == 13 and card["selector"]["figures"]["learning_curve"] and f"{data}:1-6" in card["data"]
    assert "Selector" in (out / "MODEL_CARD.md").read_text()
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "l.txt").write_text(squad_article()["paragraphs"][0]["context"] + "\n")
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, answering="learned", answer_model=out, abstain_threshold=0.0)
    assistant.ingest([docs])
    assert assistant.ask("Who built the Brannock lighthouse?").citations


@pytest.mark.slow
def test_the_encoder_command_reproduces_the_shipped_encoder(tmp_path):
    """``python -m qa.train encoder`` from the packaged weights writes the very file the package ships."""
    pytest.importorskip("sentence_transformers", reason="exporting needs the [train] extra")
    from qa.embed import CONFIG_FILE, default_model_dir
    from qa.train import main

    assert main(["encoder", "--out", str(tmp_path)]) == 0
    shipped = json.loads((default_model_dir() / CONFIG_FILE).read_text())
    made = json.loads((tmp_path / CONFIG_FILE).read_text())
    assert made["onnx_sha256"] == shipped["onnx_sha256"]
    assert (tmp_path / "model.onnx").read_bytes() == (default_model_dir() / "model.onnx").read_bytes()
    assert made["check_min_cosine"] > 0.9999


@pytest.mark.slow
def test_the_reranker_command_trains_exports_and_chooses_its_weight(tmp_path, embedder, small_reranker):
    """``python -m qa.train reranker``, end to end on a few small articles and two steps (the ``small_reranker``
    fixture runs it): it reads, trains, exports, chooses its weight on other articles, writes its card, and the
    heuristic answerer answers with it."""
    from qa import Assistant
    from qa.train import RERANK_WEIGHTS, main

    out, args = small_reranker
    card = json.loads((out / "reranker.json").read_text())
    assert card["weight"] in RERANK_WEIGHTS and card["depth"] == 12 and card["precision"] in ("fp32", "int8")
    assert card["training"]["steps"] == 2 and any(k.endswith(":5-6") for k in card["data"]) and card["figures"]["choosing_questions"] > 0
    assert "cross-encoder" in (out / "MODEL_CARD.md").read_text()
    # The kept network is reused: the same export and the same choice, without training again.
    again = tmp_path / "again"
    assert main([*args[:args.index("--out") + 1], str(again), *args[args.index("--out") + 2:]]) == 0
    assert (again / "model.onnx").read_bytes() == (out / "model.onnx").read_bytes()
    assert json.loads((again / "reranker.json").read_text())["figures"] == card["figures"]
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "l.txt").write_text(squad_article()["paragraphs"][0]["context"] + "\n")
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, reranker_model=out)
    assistant.ingest([docs])
    assert assistant.answerer.reranker.model_dir == out
    assert assistant.ask("Who built the Brannock lighthouse?").citations
