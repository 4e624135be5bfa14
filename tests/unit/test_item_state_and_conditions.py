"""The item's state (opened or still sealed) and a rule's leading condition, against policies of invented companies."""

from __future__ import annotations

from assistant.customer_facts import Elapsed, consequence, contrary_state, state_words, unmet_condition

OPENED_RULE = "Opened cameras and drones can be returned within 10 days of delivery."
SEALED_RULE = "Unopened cameras in their sealed packaging follow the standard 45-day window."
CONDITION_RULE = "Lenses can only be returned if they are unopened and still in their original sealed packaging."


def test_a_rule_for_opened_items_is_not_for_an_item_still_in_its_box() -> None:
    sealed = "I'd like to send back the drone I bought last month, it's still in the box."
    assert contrary_state(OPENED_RULE, sealed)
    assert not contrary_state(SEALED_RULE, sealed)
    assert state_words(sealed) == {"unopened", "sealed"}


def test_a_rule_for_sealed_items_is_not_for_an_item_the_customer_opened() -> None:
    opened = "I opened the camera and used it twice. Can I still return it?"
    assert contrary_state(SEALED_RULE, opened)
    assert not contrary_state(OPENED_RULE, opened)
    assert state_words(opened) == {"opened"}


def test_a_state_the_rule_requires_is_the_answer_not_another_case() -> None:
    # "only if unopened" tells the customer who opened it that they cannot: it stays
    assert not contrary_state(CONDITION_RULE, "I opened the lens, can I return it?")


def test_opening_the_parcel_or_a_dispute_is_not_opening_the_item() -> None:
    for message in ("Finally opened the parcel and the lamp is cracked.", "I opened a dispute with my bank."):
        assert not contrary_state(SEALED_RULE, message)
        assert state_words(message) == frozenset()


def test_no_state_said_leaves_every_rule() -> None:
    assert not contrary_state(OPENED_RULE, "How long do I have to return a camera?")
    assert not contrary_state(SEALED_RULE, "How long do I have to return a camera?")


def test_a_window_behind_a_condition_the_customer_never_mentions_is_not_applied() -> None:
    rule = "If a clearance item arrives scratched or faulty, tell us within 5 days of delivery and we will replace it."
    plain = "I want to return the kettle I got in September. How do I do it?"
    assert unmet_condition(rule, plain)
    events = [Elapsed("delivery", 60.0, None)]
    assert consequence(rule, events, message=plain) is None
    # the customer reports that case: the window is theirs
    damaged = "The clearance kettle arrived scratched. What can I do?"
    assert not unmet_condition(rule, damaged)
    result = consequence(rule, events, message=damaged)
    assert result is not None and not result.inside


def test_a_window_inside_the_condition_is_the_rule_itself() -> None:
    rule = "If you cancel within 14 days of joining, we refund the full fee."
    assert not unmet_condition(rule, "I want my money back for the membership")


def test_a_sentence_without_a_leading_condition_is_never_unmet() -> None:
    assert not unmet_condition("Report damage within 5 days of delivery.", "My order is late.")
