"""The training commands' data making and fitting, on small SQuAD-shaped data."""

import json
import random

import pytest

from helpers import made_up_readings, squad_article
from qa.train import Asked, _offset_map, _swap, fit_answering, groups_of, read_squad


def test_groups_hold_the_answer_sentence_as_positive_and_hard_negatives_from_other_paragraphs():
    groups = groups_of([squad_article()], random.Random(1), perturb_share=0.0)
    built = next(g for g in groups if g.question.startswith("Who built"))
    assert [built.sentences[k] for k in built.positives] == ["The Brannock lighthouse was built in 1871 by Oswin Hale."]
    assert any("ferry" in s or "Mabry" in s for s in built.sentences)  # from the other paragraph
    first = next(g for g in groups if g.question.startswith("Who was the first"))
    assert first.positives == () and first.kind == "unanswerable"


def test_a_perturbed_question_swaps_in_a_name_the_paragraph_never_mentions():
    context = "The Brannock lighthouse was built in 1871 by Oswin Hale."
    swapped = _swap("When did Oswin Hale build the lighthouse?", ["Oswin Hale", "Ruth Mabry", "1923"], context, random.Random(0))
    assert swapped == "When did Ruth Mabry build the lighthouse?"


def test_offsets_follow_whitespace_folding():
    raw = "  Two  spaces\nand a break"
    folded = " ".join(raw.split())
    mapping = _offset_map(raw)
    assert folded[mapping[raw.index("spaces")]:].startswith("spaces") and folded[mapping[raw.index("and")]:].startswith("and")


def test_read_squad_takes_an_article_range(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"data": [squad_article("A"), squad_article("B"), squad_article("C")]}))
    articles, digest = read_squad(f"{path}:2-3")
    assert [a["title"] for a in articles] == ["B", "C"] and len(digest) == 64


def test_the_fitted_decision_abstains_on_what_it_should_and_the_policy_holds():
    rows = made_up_readings(300, seed=3)
    fitted = fit_answering(rows)
    figures = fitted["figures"]
    assert figures["abstained_answerable"] <= fitted["policy"]["abstain_answerable"] + 0.01
    assert figures["abstained_unanswerable"] > 0.8 and figures["auc_answerable_vs_not"] > 0.9
    assert fitted["second_logit"] > max(r.logits[1] for r in rows)  # a second sentence that never holds the answer is never quoted


@pytest.mark.slow
def test_the_selector_command_trains_exports_and_the_export_runs(answer_models):
    """The answer_models fixture ran the real command: two steps from the packaged MiniLM to int8 ONNX."""
    from qa.selector import Selector

    card = json.loads((answer_models / "selector" / "training.json").read_text())
    assert card["steps"] == 2 and card["seed"] == 13 and "validation" in card["figures"]
    assert "Selector" in (answer_models / "MODEL_CARD.md").read_text()
    scores = Selector(answer_models / "selector").scores("Who built it?", ["Oswin Hale built it.", "It is red."])
    assert scores.shape == (2,) and scores.dtype.kind == "f"


def test_fitting_on_one_outcome_only_is_one_clear_message():
    rows = [Asked(f"q{i}", (), "unanswerable", (0.0,) * 7, ("It is red.",), (0.0,)) for i in range(5)]
    with pytest.raises(SystemExit, match="need both outcomes"):
        fit_answering(rows)


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
