"""A charge per day worked out for the days the customer's dates cover, for their plan only (invented companies)."""

from __future__ import annotations

import pytest

from assistant.charges import quantities, worked_total
from assistant.grounding.arithmetic import worked_text, worked_values
from assistant.grounding.ranges import date_ranges

TIERS = "For Zone B, the Basic is £5.00 a day; the Extra is £5.00 a day; and the Ultra is £3.00 a day."


@pytest.mark.parametrize(("message", "days"), [
    ("I'm away from 10 to 20 December", 11),
    ("10th-20th Dec", 11),
    ("from 28 December to 3 January", 7),
    ("between the 3rd and the 7th of March", 5),
    ("March 3 to 7", 5),
])
def test_a_date_range_covers_its_calendar_days_both_ends_counted(message: str, days: int) -> None:
    assert [d for _, d in date_ranges(message)] == [days]
    assert quantities(message) == {"day": float(days)}


def test_two_days_are_not_a_range() -> None:
    assert date_ranges("I called on 3 and 7 March") == []


def test_the_daily_charge_for_the_customers_plan_is_worked_out_for_their_dates() -> None:
    message = "I'm on Ultra and I'll be in Zone B from 10 to 20 December. How much will it cost?"
    total = worked_total([TIERS], message, {"ultra"})
    assert total == "From 10 to 20 December is 11 days: £3 × 11 = £33 for Zone B."
    # the verifier accepts the 11 days and the product it proves
    assert 33.0 in worked_values(total, [TIERS], message) and "11 days" in worked_text(total, [TIERS], message)


def test_alternative_plans_rates_are_never_added_up_nor_guessed() -> None:
    message = "I'll be in Zone B from 10 to 20 December. How much will it cost?"
    assert worked_total([TIERS], message) is None  # which plan is theirs is not known
    assert worked_total([TIERS], message, {"unknown"}) is None


def test_a_count_the_dates_do_not_give_is_not_proven() -> None:
    proven = worked_values("£3 × 12 = £36.", [TIERS], "from 10 to 20 December")
    assert 12.0 not in proven and 36.0 not in proven
