import numpy as np
import pytest

from qa.abstain import FEATURES, Abstention, signals
from qa.selector import candidates, ranked
from qa.types import Chunk, Hit


def _read(question: str, text: str) -> list:
    first = text.index(". ") + 1
    chunk = Chunk("c", "news.txt", "News", 1, 0, 0, len(text), text, ((0, first), (first + 1, len(text))))
    vectors = {"c": np.array([[1.0, 0.0], [0.6, 0.8]])}
    found = candidates(question, np.array([0.6, 0.8]), [Hit(chunk, 1.0, {"dense": 0.5})], vectors)
    return ranked(found, np.array([1.0, 5.0]))


def test_signals_count_the_key_terms_the_passages_lack():
    passage = "The strikes began in September. At least 75 people have been killed in them."
    answered = dict(zip(FEATURES, signals("Which people have the strikes killed?", _read("Which people have the strikes killed?", passage), [passage])))
    missed = dict(zip(FEATURES, signals("What did the strikes cost?", _read("What did the strikes cost?", passage), [passage])))
    assert answered["missing"] == 0 and missed["missing"] == 0.5  # "cost" is nowhere in the passages
    assert missed["missing_from_passage"] == 0.5
    assert answered["overlap_rare_near"] > missed["overlap_rare_near"]
    assert answered["margin"] == 4.0 and answered["top_score"] == 5.0 and answered["passage_dense"] == 0.5
    assert answered["top_share"] == pytest.approx(1 / (1 + np.exp(-4.0)))


def test_a_name_is_mentioned_whatever_its_accents_and_possessives():
    passage = "Beyoncé's first solo album came out in 2003. Destiny's Child had split."
    read = _read("When did Beyonce's album come out?", passage)
    assert dict(zip(FEATURES, signals("When did Beyonce's album come out?", read, [passage])))["names_missing"] == 0
    asked = "When did Beyonce leave Destiny's Child for Solange in 2003?"  # Solange is nowhere
    assert dict(zip(FEATURES, signals(asked, _read(asked, passage), [passage])))["names_missing"] == pytest.approx(1 / 4)


def test_the_probability_follows_the_weights_and_the_model_checks_its_features():
    decision = Abstention(weights=(1.0,) + (0.0,) * (len(FEATURES) - 1), bias=0.0, threshold=0.5)
    rest = [0.0] * (len(FEATURES) - 1)
    low, high = decision.probability([-3.0] + rest), decision.probability([3.0] + rest)
    assert low < 0.5 < high
    assert Abstention.from_dict(decision.to_dict()) == decision
    with pytest.raises(ValueError, match="expects features"):
        Abstention.from_dict({**decision.to_dict(), "features": ["top_logit"]})
