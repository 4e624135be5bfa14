"""What a message asks, read as a person reads it: praise is no ask, and money idioms mean money (invented words)."""

from __future__ import annotations

import pytest

from assistant.asks import split_message
from assistant.idioms import plain_idioms


@pytest.mark.parametrize("praise", [
    "Before anything else I want to say how lovely the pottery class is.",
    "I would like to thank Odile for sorting my kiln booking.",
    "I just wanted to let you know the glaze set arrived.",
    "I need to come in on Monday and Tuesday next week.",  # their own plan: the context of what they ask
])
def test_saying_something_is_no_request(praise: str) -> None:
    parts = split_message(f"{praise} Can I move to the Thursday group?")
    assert [a.text for a in parts.asks] == ["Can I move to the Thursday group?"]
    assert parts.statements == [praise]


@pytest.mark.parametrize("wanted", ["I want to know how much the kiln hire costs", "I want a refund for the class.",
                                    "I'd like to cancel the Thursday group.", "I want to leave my membership.",
                                    "I want to be refunded for the class."])
def test_wanting_something_is_still_a_request(wanted: str) -> None:
    assert [a.text for a in split_message(wanted).asks] == [wanted]


@pytest.mark.parametrize(("message", "plain"), [
    ("whats the damage if i drop the Thursday group?", "how much will it cost if i drop the Thursday group?"),
    ("What's the damage for a second kiln slot", "how much will it cost for a second kiln slot"),
    ("how much will you sting me for the late fee", "how much will you charge me for the late fee"),
    ("I got stung for a $20 kiln fee", "I got charged for a $20 kiln fee"),
    ("The glaze arrived with some damage on the lid", "The glaze arrived with some damage on the lid"),
])
def test_money_idioms_are_read_plainly(message: str, plain: str) -> None:
    assert plain_idioms(message) == plain
