"""The reranker (opt-in, ``QA_RERANKER_MODEL``), alone and inside the heuristic answerer, over real stores.

Its model is a real one, made by the real training command in two steps (the ``small_reranker``
fixture): what is tested is how it is read and used, not how good it is (see README, Figures)."""

import copy
import shutil

import numpy as np
import pytest

from helpers import write
from qa import Assistant, SettingsError
from qa.answer import HeuristicAnswerer, reranked
from qa.rerank import Reranker, shared

QUESTION = "Which command switches the beacon on?"
SENTENCES = ["The beacon command line tool manages the beacon and its switch settings.",
             "To light it, run beacon enable, which starts the lamp and its clockwork.",
             "The lamp of the beacon then turns twice a minute."]

pytestmark = pytest.mark.slow  # the fixture trains and exports a model


def test_it_scores_each_sentence_of_a_question(small_reranker):
    reranker = shared(small_reranker[0])
    scores = reranker.scores(QUESTION, SENTENCES)
    assert scores.shape == (3,) and scores.dtype == np.float32 and len(set(scores.tolist())) == 3
    assert reranker.scores(QUESTION, []).shape == (0,)
    # A question longer than the window is cut, not refused.
    assert reranker.scores(" ".join([QUESTION] * 60), SENTENCES[:1]).shape == (1,)


def test_it_puts_only_the_best_few_in_order_again_by_the_blended_score(small_reranker):
    reranker = shared(small_reranker[0])
    calls = []

    class Reading:
        """The real reranker, with the texts it was asked about kept."""

        def scores(self, question, texts):
            calls.append(texts)
            return reranker.scores(question, texts)

    found = [type("Candidate", (), {"text": t})() for t in SENTENCES]
    assert reranked(QUESTION, found, [1.0, 0.9, 0.8], Reading(), weight=0.0, depth=2) == found and calls == []
    keys = [1.0, 0.99, 0.5]
    expected = np.argsort(-(np.array(keys[:2]) + 5.0 * reranker.scores(QUESTION, SENTENCES[:2])), kind="stable")
    out = reranked(QUESTION, found, keys, Reading(), weight=5.0, depth=2)
    assert [c.text for c in out] == [SENTENCES[i] for i in expected] + [SENTENCES[2]] and calls == [SENTENCES[:2]]


def test_the_heuristic_answerer_quotes_what_the_reranker_reads_best(tmp_path, embedder, small_reranker):
    write(tmp_path / "docs" / "beacon.txt", "The Brannock beacon\n\n" + " ".join(SENTENCES) + "\n")
    plain = Assistant(data_dir=tmp_path / "data", embedder=embedder, answer_sentences=1, abstain_below=-1.0)
    plain.ingest([tmp_path / "docs"])
    reranker = shared(small_reranker[0])
    scores = reranker.scores(QUESTION, SENTENCES)

    def quoted(weight: float) -> str:
        weighed = copy.copy(reranker)
        weighed.weight = weight
        answerer = HeuristicAnswerer(1, -1.0, reranker=weighed)
        return Assistant(plain.settings, embedder=embedder, store=plain.store, answerer=answerer).ask(QUESTION).citations[0].quote

    # Weighed far above the hand-written score, its best sentence is quoted, and weighed far below, its worst:
    # one of the two is not what the heuristic quotes alone.
    assert quoted(1000.0) == SENTENCES[int(np.argmax(scores))] and quoted(-1000.0) == SENTENCES[int(np.argmin(scores))]
    assert plain.answerer.reranker is None


def test_it_is_off_unless_set_and_audit_records_name_it(tmp_path, embedder, small_reranker):
    out = small_reranker[0]
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, reranker_model=out)
    assert assistant.answerer.reranker is shared(out)
    assert assistant.versions()["answerer"] == f"heuristic + {shared(out).version}"
    assert shared(out).version.startswith("citeqa-reranker-minilm-l6 ") and len(shared(out).version.split()[1]) == 16
    plain = Assistant(data_dir=tmp_path / "other", embedder=embedder)
    assert plain.answerer.reranker is None and plain.versions()["answerer"] == "heuristic"


def test_a_missing_or_damaged_reranker_is_one_clear_error(tmp_path, embedder, small_reranker):
    with pytest.raises(SettingsError, match="reranker not found"):
        Reranker(tmp_path / "nothing")
    damaged = tmp_path / "damaged"
    shutil.copytree(small_reranker[0], damaged)
    (damaged / "reranker.json").write_text("{")
    with pytest.raises(SettingsError, match="cannot be read"):
        Reranker(damaged)
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, reranker_model=tmp_path / "nothing")
    with pytest.raises(SettingsError, match="reranker not found"):
        assistant.answerer
