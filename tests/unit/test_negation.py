"""Negation: a denial flips support only when what it denies is stated un-negated on the other side."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.grounding.negation import negated, negation_scopes, polarity_flipped


def flipped(sentence: str, passage: str) -> bool:
    return polarity_flipped(sentence, np.array([0.9]), [passage])  # the passage sentence it restates


@pytest.mark.parametrize(
    "text",
    ["Not really, but the band formed in 1994.", "I have no idea who he is.", "I'm not sure about that.",
     "I don't know much about it.", "He was not only a singer but also an actor.", "No, it came out in 2008.",
     "I've never heard of him.", "No doubt it was a hit."],
)
def test_hedges_idioms_and_answers_deny_nothing(text: str) -> None:
    assert not negated(text)


@pytest.mark.parametrize(
    ("sentence", "passage"),
    [
        ("Not really, but the band formed in Seattle in 1994.", "The band formed in Seattle in 1994."),
        ("I have no idea, but Elvis recorded Hound Dog in 1956.", "Elvis recorded Hound Dog in 1956."),
        ("He was a singer and an actor.", "He was not only a singer but also an actor."),
        ("I'm not sure, it was released in 2008.", "The album was released in 2008."),
        # a bracketed exception narrows the rule: members are exactly who ships free
        ("Return shipping is free for members.", "- the $4.95 return shipping fee applies (not for members or exchanges)"),
    ],
)
def test_informal_negation_is_no_flip(sentence: str, passage: str) -> None:
    assert not flipped(sentence, passage)


@pytest.mark.parametrize(
    ("sentence", "passage"),
    [
        ("Final-sale items can be returned.", "Final-sale items cannot be returned."),
        ("The warranty does not cover defects.", "The warranty covers defects in materials."),
        ("We ship to P.O. boxes.", "We do not ship to P.O. boxes."),
        ("Not really, the band did not form in Seattle.", "The band formed in Seattle in 1994."),
    ],
)
def test_a_real_flip_is_still_caught(sentence: str, passage: str) -> None:
    assert flipped(sentence, passage)


def test_scope_ends_at_the_clause() -> None:
    assert negation_scopes("It is not red, but the car is fast.") == [{"red"}]
    assert negation_scopes("We do not ship to P.O. boxes.") == [{"ship", "box"}]


def test_a_negation_quoted_from_a_list_item_is_no_flip_of_the_lead_in_it_joins() -> None:
    passages = ["Opened items can only be refunded if they are unused and still boxed:",
                "- kettles without their filter in place,", "- blenders with a cracked jug."]
    joined = "Kettles without their filter in place can only be refunded if they are unused and still boxed."
    assert not polarity_flipped(joined, np.array([0.85, 0.7, 0.4]), passages)
    # a negation the passages do not word is still a flip
    assert polarity_flipped("Opened items can not be refunded if they are unused and still boxed.",
                            np.array([0.9, 0.3, 0.3]), passages)
