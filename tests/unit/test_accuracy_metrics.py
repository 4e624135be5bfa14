"""Accuracy metrics: the faithful reply scores better than its broken twin on the metric the break targets."""

from __future__ import annotations

import pytest

from assistant.grounding.support import SupportScorer
from assistant.types import CustomerProfile, Order
from evaluation.metrics.accuracy import (
    behaviour, behaviour_correct, citation_precision_recall, contradicts, fact_coverage, groundedness,
    unsupported_claims,
)
from models.embedders import HashingEmbedder

PASSAGES = [
    "You can return most items within 30 days of delivery for a full refund. Refunds are issued within 5 business days.",
    "Standard shipping costs $4.95 and takes 3-7 business days. Orders over $50 ship free.",
]
GOOD = ("Hi Ana, you can return it within thirty days of delivery for a full refund [1]. "
        "Standard shipping costs $4.95 [2]. Best regards, Sam")
WRONG_NUMBER = GOOD.replace("thirty days", "60 days")
INVENTED = GOOD.replace("Best regards", "We also repair every appliance for free forever. Best regards")
WRONG_CITE = GOOD.replace("$4.95 [2]", "$4.95 [1]")


@pytest.fixture(scope="module")
def scorer() -> SupportScorer:
    return SupportScorer(HashingEmbedder())


def test_groundedness_prefers_the_faithful_reply(scorer: SupportScorer) -> None:
    good = groundedness(GOOD, PASSAGES, scorer)
    assert good["supported_share"] == 1.0
    assert len(good["sentence_scores"]) == 2  # the greeting and the sign-off are not scored
    for bad in (WRONG_NUMBER, INVENTED):
        result = groundedness(bad, PASSAGES, scorer)
        assert result["score"] < good["score"]
        assert result["supported_share"] < 1.0
    assert 0.0 <= good["score"] <= 1.0


def test_groundedness_of_courtesy_alone_is_neutral(scorer: SupportScorer) -> None:
    # nothing to check: neither evidence of support nor of invention
    assert groundedness("Hi Ana, thanks for writing in!", PASSAGES, scorer)["score"] == 0.5


def test_groundedness_scores_chit_chat_instead_of_passing_it(scorer: SupportScorer) -> None:
    # no sentence looks factual, yet the reply says something no passage backs: it must not score as grounded
    result = groundedness("Have you ever been to a jazz concert in Lisbon with your cousin?", PASSAGES, scorer)
    assert result["sentence_scores"] == []
    assert result["score"] < 0.5


def test_unsupported_claims_lists_the_invented_numbers() -> None:
    assert unsupported_claims(GOOD, PASSAGES) == []
    assert unsupported_claims(WRONG_NUMBER, PASSAGES) == ["60 days"]
    reply = "Your order A-20931 of $89.00 is on its way."
    assert unsupported_claims(reply, PASSAGES) == ["A-20931", "$89.00"]
    profile = CustomerProfile(name="Ana", orders=[Order(id="A-20931", amount=89.0)])
    assert unsupported_claims(reply, PASSAGES, profile) == []
    assert unsupported_claims(reply, PASSAGES, profile.model_dump(mode="json")) == []


def test_citation_precision_and_recall(scorer: SupportScorer) -> None:
    good = citation_precision_recall(GOOD, PASSAGES, gold_markers=[1, 2])
    assert good["precision"] == 1.0 and good["recall"] == 1.0
    bad = citation_precision_recall(WRONG_CITE, PASSAGES, gold_markers=[1, 2])
    assert bad["precision"] == 0.5 and bad["recall"] == 0.5
    scored = citation_precision_recall(WRONG_CITE, PASSAGES, scorer=scorer)
    assert scored["precision"] == 0.5 and scored["recall"] == 1.0  # every factual sentence carries a citation
    nonexistent = citation_precision_recall(GOOD.replace("[2]", "[7]"), PASSAGES)
    assert nonexistent["precision"] == 0.5


def test_fact_coverage_by_text_pattern_and_meaning(scorer: SupportScorer) -> None:
    facts = ["30 days", "return within 30 days", {"pattern": r"\$4\.95"},
             {"meaning": "you can return it within thirty days of delivery for a full refund"}]
    good = fact_coverage(GOOD, facts, scorer)
    assert good["covered"] == [True, True, True, True] and good["score"] == 1.0
    bad = fact_coverage(WRONG_NUMBER.replace("$4.95", "$5.95"), facts, scorer)
    assert bad["covered"] == [False, False, False, False]
    assert bad["missing"] == facts
    # numbers alone are not the fact: the words around them must be there too
    assert not fact_coverage("Delivery takes 30 days.", ["return within 30 days"], scorer)["covered"][0]
    with pytest.raises(ValueError):
        fact_coverage(GOOD, [{"nonsense": 1}], scorer)


def test_contradiction_of_an_expected_fact() -> None:
    assert contradicts(GOOD, ["Returns are accepted within 30 days."]) == []
    found = contradicts(WRONG_NUMBER, ["Returns are accepted within 30 days."])
    assert found == ["expected '30 days' but the reply says '60 days'"]
    # a different unit is not a contradiction
    assert contradicts("Refunds arrive in 5 business days.", ["within 30 days"]) == []
    assert contradicts("Shipping is $5.95.", ["Standard shipping costs $4.95"]) != []


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("Hi Ana, could you tell me your order number so I can look it up?", "clarify"),
        ("Which item would you like to return?", "clarify"),
        ("I'm sorry, I don't have information about gift wrapping. A colleague will follow up with you.", "escalate"),
        ("Thanks for your patience. I'll check with our warehouse team and get back to you today.", "escalate"),
        (GOOD, "answer"),
        ("I'm sorry, but the provided documents do not contain information about the 2019 tax rates.", "escalate"),
        ("I don't know which plan you are on, so I can't say what the fee would be.", "escalate"),
        ("There is no information about gift wrapping in the sources I have.", "escalate"),
        ("You can return it within 30 days. Is there anything else I can help with?", "answer"),
        ("You can return it within 30 days [1]. Refunds take 5 business days [1]. "
         "I'll keep an eye on it and update you once it arrives.", "answer"),
    ],
)
def test_behaviour(reply: str, expected: str) -> None:
    assert behaviour(reply) == expected


def test_behaviour_correct_accepts_alternatives() -> None:
    asks = "Could you tell me your order number?"
    assert behaviour_correct("clarify", asks)
    assert not behaviour_correct("answer", asks)
    assert behaviour_correct("clarify|escalate", asks)
    assert behaviour_correct(["escalate", "clarify"], asks)
    with pytest.raises(ValueError):
        behaviour_correct("guess", asks)


def test_metrics_are_deterministic(scorer: SupportScorer) -> None:
    assert groundedness(INVENTED, PASSAGES, scorer) == groundedness(INVENTED, PASSAGES, SupportScorer(HashingEmbedder()))


def test_soft_min_lies_between_min_and_mean_and_punishes_one_bad_sentence() -> None:
    from evaluation.metrics.accuracy import soft_min

    for scores in ([0.9, 0.8, 0.95], [0.9, 0.1], [0.5], [1.0, 1.0, 0.0]):
        assert min(scores) - 1e-9 <= soft_min(scores) <= sum(scores) / len(scores) + 1e-9
    assert soft_min([0.9] * 5 + [0.1]) < 0.5 < sum([0.9] * 5 + [0.1]) / 6
