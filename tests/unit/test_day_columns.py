"""The price column for the customer's day and time, and the per-person price worked for their headcount (invented
companies)."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.day_columns import column_times, customer_day, day_column
from assistant.table_facts import row_facts

TODAY = date(2031, 3, 5)  # a Wednesday
QUIET = "Quiet (Mon–Wed, lanes starting before 4 pm)"
BUSY = "Busy (Mon–Wed from 4 pm, all day Thu–Sun, bank holidays)"
LANES = f"""## Bowling prices

All prices are per guest.

| Guests in your group | {QUIET} | {BUSY} |
|---|---|---|
| 2–3 guests | $15 | $19 |
| 4–6 guests | $13 | $17 |
"""


def test_a_columns_days_and_time_bounds_are_read_as_alternatives() -> None:
    (quiet,) = column_times(QUIET)
    assert quiet.days == frozenset({0, 1, 2}) and quiet.before == 16.0 and quiet.after is None
    evening, weekend = column_times(BUSY)
    assert evening.after == 16.0 and weekend.days == frozenset({3, 4, 5, 6}) and weekend.after is None
    assert column_times("Saturdays and Sundays")[1].days == frozenset({6})
    assert column_times("Monthly price") == []  # ("month" is no Monday)


@pytest.mark.parametrize(("message", "column"), [
    ("5 of us on Saturday 8 March around 2pm", BUSY),  # a weekend day: all day busy
    ("a lane this Tuesday at 19:30", BUSY),
    ("a lane this Tuesday, 1pm start", QUIET),
    ("a lane this Tuesday", None),  # before or after 4 pm? not said
    ("a lane for 5 of us", None),  # no day
])
def test_the_column_is_the_one_that_holds_for_their_day_and_time(message: str, column: str | None) -> None:
    assert day_column([QUIET, BUSY], message, TODAY) == column


def test_their_day_is_a_dates_weekday_or_a_named_weekday() -> None:
    assert customer_day("Saturday 8 March, about 2 pm", TODAY) == (5, 14.0)
    assert customer_day("next friday", TODAY) == (4, None)
    assert customer_day("on 8 March or 9 March", TODAY)[0] is None  # two days: which one?


def test_the_per_person_price_of_their_day_is_worked_for_their_headcount() -> None:
    (fact,) = row_facts(LANES, "We're a group of 5, bowling on Saturday 8 March at 2pm. How much?", TODAY)
    assert fact.sentence == (f"For 5 people, you're in the 4–6 guests band, so the busy is $17 "
                             f"({BUSY.split('(')[1].rstrip(')')}) per person, so 5 × $17 = $85 for the 5 of you.")
    # no day said: both columns, nothing multiplied
    (both,) = row_facts(LANES, "We're a group of 5. How much?", TODAY)
    assert "×" not in both.sentence and "$13" in both.sentence and "$17" in both.sentence


def test_a_rate_named_by_its_headcount_is_no_for_for() -> None:
    from assistant.charges import rates_in
    (rate,) = rates_in("For 25 people, the weekday daytime is $54 per person.")
    assert rate.name == "25 people"
