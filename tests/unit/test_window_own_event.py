"""A window is judged only against the customer's own event it counts from (invented companies and messages)."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.customer_facts import consequence, dated_wait, elapsed_events
from assistant.grounding.windows import OTHER, windows_in
from assistant.types import Order

TODAY = date(2026, 11, 27)  # a Friday


@pytest.mark.parametrize("sentence", [
    "Seats can be swapped free of charge up to 72 hours before departure.",
    "You can change the delivery slot up to 24 hours prior to the visit.",
    "Platinum guests have a 3-hour grace period for late check-out.",
    "Lockers keep an item for 5 calendar days from the day it arrives there.",
    "Held items are kept for 14 days after arriving at the collection desk.",
])
def test_a_window_counted_from_another_event_is_read_as_such(sentence: str) -> None:
    assert [w.anchor for w in windows_in(sentence)] == [OTHER]


def test_a_window_before_an_event_still_to_come_gets_no_verdict_from_a_past_booking() -> None:
    order = Order(id="BK-7", date=date(2026, 11, 2), status="confirmed")
    events = elapsed_events("I booked the tour a few weeks ago and want to swap seats.", order, TODAY)
    assert consequence("Seats can be swapped free of charge up to 72 hours before departure.", events,
                       message="swap seats") is None


def test_a_grace_period_is_not_measured_from_a_day() -> None:
    order = Order(id="RT-3", date=date(2026, 11, 20), status="returned", delivered_on=date(2026, 11, 24))
    message = "I brought the van back on Tuesday morning, about 90 minutes after the booked time. Is the fee right?"
    events = elapsed_events(message, order, TODAY)
    assert consequence("Premier members have a 3-hour grace period on late returns.", events,
                       frozenset({"premier"}), message) is None
    assert consequence("Premier members get 3 hours of leeway on late returns.", events,
                       frozenset({"premier"}), message) is None


def test_an_unanchored_window_is_not_counted_from_the_day_an_order_was_placed() -> None:
    order = Order(id="PK-9", date=date(2026, 11, 10), status="held")
    events = elapsed_events("I got a letter asking me to pay a fee.", order, TODAY)
    assert consequence("If you don't pay within 10 days, the package goes back to the sender.", events,
                       message="pay a fee") is None


def test_a_missed_delivery_attempt_is_no_delivery() -> None:
    (event,) = elapsed_events("The courier tried to deliver on Monday but nobody was in.", None, TODAY)
    assert event.event == "attempt"
    assert consequence("Report a damaged item within 2 days of delivery.", [event], message="tried to deliver") is None


def test_the_customers_own_delivery_and_an_anchored_window_still_get_a_verdict() -> None:
    events = elapsed_events("It arrived 10 days ago and the lid is cracked.", None, TODAY)
    result = consequence("Report damage within 7 days of delivery.", events, message="lid is cracked")
    assert result is not None and not result.inside
    order = Order(id="PK-2", date=date(2026, 11, 1), status="delivered", delivered_on=date(2026, 11, 3))
    events = elapsed_events("The lid is cracked.", order, TODAY)
    result = consequence("Report damage within 7 days.", events, message="The lid is cracked.")
    assert result is not None and not result.inside  # an unanchored window still reads the profile's delivery
    events = elapsed_events("I ordered it 20 minutes ago.", None, TODAY)
    result = consequence("You can change an order within 1 hour of placing it.", events, message="ordered")
    assert result is not None and result.inside


def test_a_condition_of_the_rule_the_customer_never_mentions_leaves_its_window_unjudged() -> None:
    order = Order(id="PK-4", date=date(2026, 11, 1), status="delivered", delivered_on=date(2026, 11, 20))
    message = "My lamp came with a broken shade. How long do I have to claim?"
    events = elapsed_events(message, order, TODAY)
    assert consequence("If you still can't find it, report it within 48 hours of the delivery scan.", events,
                       message=message) is None


def test_a_hold_counted_from_a_missed_attempt_is_measured_from_the_day_of_the_try() -> None:
    rule = "At the branch: 5 calendar days from the first failed collection attempt."
    assert [w.anchor for w in windows_in(rule)] == ["attempt"]
    message = "Your courier tried to collect it on Tuesday, I rebooked for yesterday and they missed it again."
    result = consequence(rule, elapsed_events(message, None, TODAY), message=message)
    assert result is not None and result.inside and "until Sunday 29 November" in result.sentence
    # the try said with no day of its own beside it: no day is taken from the next part of the sentence
    message = "they tried to deliver, I rebooked for yesterday"
    assert consequence(rule, elapsed_events(message, None, TODAY), message=message) is None
    # the first of two tries decides
    message = "They tried to deliver on Tuesday 17th and again on Thursday 19th."
    result = consequence(rule, elapsed_events(message, None, TODAY), message=message)
    assert result is not None and not result.inside


def test_a_weekday_said_without_on_in_a_past_clause_is_the_last_one() -> None:
    (event,) = elapsed_events("they tried to deliver monday, nobody was in", None, TODAY)
    assert event.event == "attempt" and event.on == date(2026, 11, 23)
    (event,) = elapsed_events("got an email wednesday that it was moved to the locker", None, TODAY)
    assert event.on == date(2026, 11, 25)
    assert elapsed_events("can you bring it monday instead?", None, TODAY) == []
    # "til Wednesday the 2nd" is the coming one, not a Wednesday 2nd months ago
    assert elapsed_events("I'm away til wednesday the 2nd", None, TODAY) == []


def test_a_wait_from_an_arrival_elsewhere_counts_from_the_day_they_name_it_arrived() -> None:
    message = "got an email wednesday that it was moved to the locker"
    events = elapsed_events(message, None, TODAY)
    said = dated_wait("At a locker: 10 calendar days from the day it arrives there.", events)
    assert said is not None and said.inside and "Saturday 5 December" in said.sentence
    # a wait from a failed try is not counted from another event they date
    assert dated_wait("At the depot: 7 calendar days from the first missed delivery attempt.", events) is None


def test_a_period_the_sentence_opens_is_counted_from_what_it_names() -> None:
    (window,) = windows_in("Moving your parcel to a locker starts a new 10-day period.")
    assert window.anchor == OTHER
    events = elapsed_events("I returned the car on Tuesday morning", None, TODAY)
    assert consequence("Moving your parcel to a locker starts a new 10-day period.", events, message="returned") is None


def test_a_rolling_limit_is_no_window_since_an_event() -> None:
    assert windows_in("Top-ups count towards your rolling 30-day limit.", deadlines_only=True) == []
