"""Support features and the calibrated model: what each feature measures, the logistic model's arithmetic and
file format, fitting with equal class weight, and the scorer using the model (hashing fake has no token path)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from assistant.grounding import features
from assistant.grounding.calibration import LogisticModel, fit, load_model


def test_word_share_and_lexical_features() -> None:
    passage = set(features.words_of("Refunds go back to the original payment method within 5 days."))
    assert features.word_share(features.words_of("Refunds go back within 5 days"), passage) == 1.0
    assert features.word_share(features.words_of("Refunds go by cheque"), passage) == pytest.approx(0.5)
    assert features.word_share([], passage) == 1.0
    assert features.lexical_features(["refund", "cheque"], {"refund"}) == (0.5, 1)
    assert features.lexical_features([], {"refund"}) == (1.0, 0)


def test_build_counts_new_words_and_names_on_a_log_scale() -> None:
    f = features.build(sentence_words=["we", "refund", "by", "cheque"], passage_words={"we", "refund"},
                       stems=["refund", "cheque"], vocabulary={"refund"}, token_precision=0.7, unaligned=0.2,
                       sentence_similarity=0.6, names=["Oslo"])
    assert f.word_share == 0.5 and f.lexical == 0.5
    assert f.novel == pytest.approx(math.log(2)) and f.names == pytest.approx(math.log(2))
    assert f.length == pytest.approx(math.log(3))
    assert f.question == 0.0
    assert len(f.vector()) == len(features.FEATURES)


def test_new_function_words_and_the_interactions() -> None:
    # "they are all owned by facebook" against "it is owned by facebook": content copied, structure new
    f = features.build(sentence_words=["they", "are", "all", "owned", "by", "facebook"],
                       passage_words={"it", "is", "owned", "by", "facebook"}, stems=["own", "facebook"],
                       vocabulary={"own", "facebook"}, token_precision=0.9, unaligned=0.0, sentence_similarity=0.8,
                       names=[], weakest_alignment=0.5)
    assert f.new_function_words == pytest.approx(math.log(4)) and f.novel == 0.0
    assert f.additions == pytest.approx(0.8 * math.log(4))
    assert f.aligned_length == pytest.approx(math.log(3) * 0.5)
    assert f.vector(("aligned_length", "word_share")) == [pytest.approx(math.log(3) * 0.5), pytest.approx(0.5)]


def _model() -> LogisticModel:
    return LogisticModel(("a", "b"), (1.0, 0.0), (2.0, 1.0), (1.5, -0.5), 0.25)


def test_logistic_model_arithmetic() -> None:
    m = _model()
    z = 0.25 + 1.5 * (3.0 - 1.0) / 2.0 - 0.5 * (1.0 - 0.0) / 1.0
    assert m.logit([3.0, 1.0]) == pytest.approx(z)
    assert m.probability([3.0, 1.0]) == pytest.approx(1 / (1 + math.exp(-z)))
    assert m.probabilities(np.array([[3.0, 1.0]]))[0] == pytest.approx(m.probability([3.0, 1.0]))
    assert m.probability([1e6, 0.0]) == pytest.approx(1.0) and m.probability([-1e6, 0.0]) == pytest.approx(0.0)
    with pytest.raises(ValueError, match="expected 2 features"):
        m.logit([1.0])


def test_model_file_round_trip_and_bad_files(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    _model().save(path)
    assert LogisticModel.from_json(json.loads(path.read_text())) == _model()
    with pytest.raises(ValueError, match="not a support model"):
        LogisticModel.from_json({"features": ["a"]})
    with pytest.raises(ValueError, match="inconsistent"):
        LogisticModel(("a", "b"), (0.0,), (1.0, 1.0), (1.0, 1.0), 0.0)


def test_fit_weights_classes_equally_so_half_means_even_odds() -> None:
    rng = np.random.default_rng(3)
    # 900 unsupported, 100 supported, one informative feature and one noise feature
    y = np.array([0] * 900 + [1] * 100)
    x = np.column_stack([rng.normal(y * 2.0, 1.0), rng.normal(0.0, 1.0, len(y))])
    m = fit(x, y, ("signal", "noise"), c=1.0)
    assert m.coef[0] > 1.0 and abs(m.coef[1]) < 0.3
    # the midpoint between the class means sits near 0.5 despite the 9:1 imbalance
    assert m.probability([1.0, 0.0]) == pytest.approx(0.5, abs=0.1)
    with pytest.raises(ValueError, match="both"):
        fit(x[:900], y[:900], ("signal", "noise"))


@pytest.mark.parametrize("layers", [None, 3])
def test_shipped_model_matches_the_feature_list(layers: int | None) -> None:
    from assistant.grounding.calibration import model_path

    m = load_model(model_path(layers))  # the whole model's features, and those of its first 3 layers
    assert m.features == features.FEATURES
    # more of the sentence found in the passages never lowers support
    assert m.coef[m.features.index("word_share")] > 0 and m.coef[m.features.index("token_precision")] > 0
    assert m.coef[m.features.index("novel")] < 0
    assert m.coef[m.features.index("question")] < 0  # a question asserts nothing a passage backs
    assert m.coef[m.features.index("additions")] < 0  # new words inside a near-copy change what it says
    assert m.coef[m.features.index("aligned_length")] > 0


def test_hashing_fake_keeps_the_fixed_mix_and_hard_caps() -> None:
    from assistant.grounding.support import SupportScorer
    from models.embedders import HashingEmbedder

    scorer = SupportScorer(HashingEmbedder())
    passages = ["Standard shipping costs $4.95 and takes 3-7 business days."]
    good, bad = scorer.details(["Standard shipping costs $4.95.", "Standard shipping costs $9.95."], passages)
    assert good.features is None  # no token embeddings: no model features
    assert good.score > 0.5 and bad.score <= 0.1 and bad.unsupported_claims == ("$9.95",)
