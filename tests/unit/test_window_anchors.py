"""A window is applied to a date only when the window counts from the event that date is (invented companies)."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.customer_facts import consequence, elapsed_events, window_end
from assistant.grounding.windows import OTHER, Window, windows_in
from assistant.types import Order

TODAY = date(2026, 11, 26)  # a Thursday
OLD_ORDER = Order(id="QX-1", date=date(2025, 3, 2), delivered_on=date(2025, 3, 5))


@pytest.mark.parametrize(("sentence", "anchor"), [
    ("You may leave without penalty within 30 days of our notice.", OTHER),
    ("Claims must be made within 28 days of service coming back.", OTHER),
    ("When your membership ends, send the key fob back within 30 days.", OTHER),
    ("You can cancel within 14 days of the date it left your account.", "charge"),
    ("Cancel within 14 days from the day your service goes live.", "start"),
    ("You can downgrade for a full refund within the 14-day cooling-off period after upgrading.", "start"),
    ("Returns are accepted within 30 days of the date of your order.", "order"),
    ("Report damage within 7 days of it arriving.", "delivery"),
    ("Query a charge within 60 days of the bill date.", "bill"),
    ("Once your parcel arrives, report any damage within 48 hours.", "delivery"),
    ("Return items within 30 days.", None),
])
def test_a_window_names_the_event_it_counts_from(sentence: str, anchor: str | None) -> None:
    (window,) = windows_in(sentence, deadlines_only=True)
    assert window.anchor == anchor


def test_an_allowance_per_recurring_period_is_no_window_since_an_event() -> None:
    assert windows_in("Premium includes free rentals for up to 20 days in each 12-month period.",
                      deadlines_only=True) == []
    assert windows_in("You get 3 free swaps in any 12-month period.", deadlines_only=True) == []


@pytest.mark.parametrize("sentence", [
    "You may leave without penalty within 30 days of our notice.",
    "Claims must be made within 28 days of service coming back.",
    "When your membership ends, send the key fob back within 30 days.",
    "Cancel within 14 days from the day your service goes live.",  # an order date is no go-live date
    "Query a charge within 60 days of the bill date.",  # nor a bill date
    "Premium includes free rentals for up to 20 days in each 12-month period.",
    # how long to wait before chasing, and the next step's own time beside a window counted from a bill
    "If you think you're due a payment and haven't received it within 10 working days, contact us.",
    "Within 14 days of the bill date: Reissue the bill with your corrected reading within 5 working days.",
])
def test_the_profiles_order_date_does_not_measure_a_window_from_another_event(sentence: str) -> None:
    events = elapsed_events("Can I still do this?", OLD_ORDER, TODAY)
    assert consequence(sentence, events) is None


@pytest.mark.parametrize(("sentence", "inside"), [
    ("Returns are accepted within 30 days of the date of your order.", False),
    ("Report damage within 7 days of it arriving.", False),
    ("You can dispute it within 13 months of the date it left your account.", False),  # paid when ordered
])
def test_the_profiles_dates_measure_a_window_from_the_event_they_are(sentence: str, inside: bool) -> None:
    events = elapsed_events("Can I still do this?", OLD_ORDER, TODAY)
    result = consequence(sentence, events)
    assert result is not None and result.inside is inside and "#QX-1" in result.sentence


def test_the_customers_own_date_for_the_anchor_is_applied_with_the_day_it_ends() -> None:
    events = elapsed_events("It went live last Friday, can I still cancel?", OLD_ORDER, TODAY)
    result = consequence("Cancel within 14 days from the day your service goes live.", events)
    assert result is not None and result.inside
    assert "until Friday 4 December" in result.sentence  # Friday 20 November + 14 days


def test_a_window_the_customer_has_passed_from_their_own_date_is_closed() -> None:
    events = elapsed_events("I upgraded on the 2nd, can I get the fee back?", None, TODAY)
    result = consequence("You can downgrade for a full refund within the 14-day cooling-off period after upgrading.",
                         events)
    assert result is not None and not result.inside


@pytest.mark.parametrize(("window", "ends"), [
    (Window(14, "day", False, "start", "14 days"), date(2026, 12, 4)),
    (Window(2, "week", False, "start", "2 weeks"), date(2026, 12, 4)),
    (Window(5, "day", True, "start", "5 business days"), date(2026, 11, 27)),
    (Window(3, "month", False, "start", "3 months"), date(2027, 2, 20)),
    (Window(1, "hour", False, "order", "1 hour"), None),
])
def test_the_day_a_window_ends(window: Window, ends: date | None) -> None:
    assert window_end(date(2026, 11, 20), window) == ends


def test_a_time_the_companys_people_take_is_no_deadline_for_the_customer() -> None:
    from assistant.grounding.windows import windows_in

    # the customer's dates cannot miss how long a team takes to answer them
    assert windows_in("Our Claims team will acknowledge your letter within 5 working days.", deadlines_only=True) == []
    assert windows_in("They will reply to you within 2 working days.", deadlines_only=True) == []
    # ... while a time they have to act in stays one, whoever helps them
    assert windows_in("Our team can help if you report it within 14 days.", deadlines_only=True)


def test_what_we_can_still_do_within_a_window_is_a_deadline_for_the_customer() -> None:
    # "we can apply it within 14 days of booking" is the time the customer has to ask in, not how long we take
    (window,) = windows_in("If you forgot the voucher, we can still add it within 10 days of your booking date.",
                           deadlines_only=True)
    assert window.amount == 10 and window.unit == "day"
    assert windows_in("We will add it within 10 days of your booking date.", deadlines_only=True) == []


def test_a_price_or_product_named_by_its_length_is_no_window() -> None:
    assert windows_in("Part weeks are billed pro rata from your 4-week rate divided by 28.") == []
    assert windows_in("A 7-day pass costs $40.") == []
    assert windows_in("You have a 30-day window to send it back.", deadlines_only=True)


def test_a_window_ending_in_another_year_says_its_year() -> None:
    events = elapsed_events("It went live last Friday, can I still move it?", OLD_ORDER, TODAY)
    result = consequence("You can cancel within 12 months from the day your service goes live.", events)
    assert result is not None and result.inside
    assert "until Saturday 20 November 2027" in result.sentence, result.sentence  # never a day that reads as past


def test_when_a_new_date_may_fall_is_no_deadline_since_an_event() -> None:
    from assistant.grounding.windows import windows_in
    assert not windows_in("You get your money back, or a new date of your choice within 9 months.", deadlines_only=True)
    # a window counted from an event still is one: "within 3 hours of placing it"
    assert windows_in("You may shift the order to a later slot within 3 hours of placing it.", deadlines_only=True)
    assert windows_in("Please tell us within 7 days of delivery.", deadlines_only=True)
