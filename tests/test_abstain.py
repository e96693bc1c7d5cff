import pytest

from qa.abstain import FEATURES, Abstention, signals


def test_signals_count_the_key_terms_the_passage_lacks():
    passage = "The strikes began in September. At least 75 people have been killed in them."
    answered = signals("Which people have the strikes killed?", 5.0, 1.0, 0.6, 0.5, passage.split(". ")[1], passage, passage)
    missed = signals("What did the strikes cost?", 5.0, 1.0, 0.6, 0.5, passage.split(". ")[1], passage, passage)
    named = dict(zip(FEATURES, answered)), dict(zip(FEATURES, missed))
    assert named[0]["missing"] == 0 and named[1]["missing"] == 1  # "cost" is nowhere in the passage
    assert named[0]["coverage"] > named[1]["coverage"]
    assert named[0]["margin"] == 4.0 and named[0]["type_found"] == 0.5  # no kind of thing asked for


def test_the_probability_follows_the_weights_and_the_model_checks_its_features():
    decision = Abstention(weights=(1.0,) + (0.0,) * (len(FEATURES) - 1), bias=0.0, threshold=0.5)
    low, high = decision.probability([-3.0] + [0.0] * 6), decision.probability([3.0] + [0.0] * 6)
    assert low < 0.5 < high
    assert Abstention.from_dict(decision.to_dict()) == decision
    with pytest.raises(ValueError, match="expects features"):
        Abstention.from_dict({**decision.to_dict(), "features": ["top_logit"]})
