"""A stay between two dates priced night by night at its seasons' rates (invented companies)."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.grounding.arithmetic import worked_values
from assistant.grounding.ranges import days_named, nights_between, stay_night_counts
from assistant.stay_prices import season_columns, stay_facts, stay_of, stay_price

TODAY = date(2026, 11, 26)

# a row per season, its dates in one cell (recurring every year)
CHALETS = """## Price per night

| Chalet | Sleeps | Quiet | Busy |
|---|---|---|---|
| Pine chalet | 2 | €80 | €120 |
| Spruce chalet | 4 | €110 | €160 |
"""
SEASONS = """## When our seasons run

| Season | Dates |
|---|---|
| Quiet | 7 January – 14 March and 1 November – 20 December |
| Busy | 21 December – 6 January and 15 March – 31 October |
"""
# one season dated by a table whose header names it; nights it does not claim are at the other column's rate
HUTCHES = """## Nightly rates

| Hutch | Rabbits | Regular night | Holiday night |
|---|---|---|---|
| Garden hutch | 1 | $20 | $26 |
| Meadow hutch | up to 3 | $30 | $39 |
"""
HOLIDAYS = """## Holiday periods

| Holiday | First holiday night | Last holiday night |
|---|---|---|
| Midsummer | 20 December 2026 | 10 January 2027 |
| Autumn break | 3 April 2027 | 18 April 2027 |
"""
DEPOSITS = """## Deposits

| Booking | Deposit |
|---|---|
| Regular booking (no holiday nights) | The first night's price |
| Holiday booking (any holiday night) | 40% of the booking total |
"""


@pytest.mark.parametrize(("text", "days"), [
    ("from Saturday 12 December to Friday 18 December", [(12, 12, None), (12, 18, None)]),
    ("the spruce chalet, Dec 30 - Jan 4, 2027", [(12, 30, None), (1, 4, 2027)]),
    ("booked for 5 nights (3-8 Mar)", [(3, 3, None), (3, 8, None)]),
])
def test_the_days_a_text_names_are_read_in_order(text: str, days: list[tuple[int, int, int | None]]) -> None:
    assert [d for _, d in days_named(text)] == days


def test_nights_between_two_days_cross_the_new_year() -> None:
    assert nights_between((12, 30, None), (1, 4, 2027)) == 5
    assert nights_between((12, 30, None), (1, 4, None)) == 5
    assert nights_between((2, 30, None), (3, 2, None)) is None  # no such day


def test_a_stay_is_the_first_two_days_of_the_message_else_of_the_booking() -> None:
    assert stay_of("Can we come from 14 December to 17 December?", "", TODAY) == \
        stay_of("price please", "Garden hutch, 3 nights (14-17 Dec)", TODAY)
    assert stay_of("Can we come from 14 December to 17 December?", "", TODAY).nights == 3  # type: ignore[union-attr]
    assert stay_of("I paid on 3 December", "", TODAY) is None  # one day is no stay
    assert stay_of("from 1 February to 30 June", "", TODAY) is None  # longer than a season


def test_a_stay_inside_one_season_is_priced_at_that_seasons_rate_for_the_row_named() -> None:
    price = stay_price("What would the pine chalet cost from 10 November to 14 November?", "",
                       [(1, CHALETS), (2, SEASONS)], TODAY)
    assert price is not None
    assert "is 4 nights, all quiet nights [2]" in price.sentence
    assert "at the Pine chalet rates, 4 × €80 = €320" in price.sentence
    assert price.total == 320.0 and price.marker == 1


def test_a_stay_across_a_season_start_adds_up_each_seasons_nights() -> None:
    price = stay_price("How much for the Spruce chalet from 18 December to 23 December?", "",
                       [(1, CHALETS), (2, SEASONS)], TODAY)
    assert price is not None
    assert "3 quiet nights: 3 × €110 = €330" in price.sentence
    assert "2 busy nights from 21 December [2]: 2 × €160 = €320" in price.sentence
    assert "€330 + €320 = €650 in total" in price.sentence


def test_nights_no_season_claims_take_the_undated_column_and_the_seasons_deposit_share_is_worked() -> None:
    price = stay_price("Two bunnies in the meadow hutch from 17 December to 22 December, total please?", "",
                       [(1, HUTCHES), (2, HOLIDAYS), (3, DEPOSITS)], TODAY)
    assert price is not None
    assert "3 regular nights: 3 × $30 = $90, and 2 holiday nights from 20 December [2]: 2 × $39 = $78" in \
        price.sentence
    assert "the deposit is 40% of that total [3]: 40% × $168 = $67.20" in price.sentence


def test_no_deposit_is_worked_for_a_stay_without_the_season_the_share_is_for() -> None:
    price = stay_price("meadow hutch, 1 December to 4 December: price?", "",
                       [(1, HUTCHES), (2, HOLIDAYS), (3, DEPOSITS)], TODAY)
    assert price is not None and "3 × $30 = $90" in price.sentence and "deposit" not in price.sentence


def test_nothing_is_priced_without_a_row_they_name_or_a_calendar() -> None:
    assert stay_price("a hutch from 17 December to 22 December?", "", [(1, HUTCHES), (2, HOLIDAYS)], TODAY) is None
    assert stay_price("the meadow hutch from 17 December to 22 December?", "", [(1, HUTCHES)], TODAY) is None
    # two seasons none of whose dates are given: which column a night is at is not known
    assert stay_price("Pine chalet from 18 December to 23 December", "", [(1, CHALETS)], TODAY) is None


def test_a_row_that_only_mentions_a_season_is_no_calendar_of_it() -> None:
    goodwill = "| Exception | Limit |\n|---|---|\n| Free change on a holiday booking 1 May - 30 May | Once |\n"
    assert stay_price("the meadow hutch from 17 December to 22 December?", "", [(1, HUTCHES), (2, goodwill)],
                      TODAY) is None


def test_season_columns_name_the_tables_seasons_with_a_row_the_customer_names() -> None:
    assert season_columns(CHALETS) == {"quiet", "busy"}
    assert season_columns(CHALETS, "the pine chalet please") == {"quiet", "busy"}
    assert season_columns(CHALETS, "a tent pitch please") == set()
    assert season_columns(SEASONS) == set()


def test_the_verifier_redoes_the_stay_working_with_its_night_counts() -> None:
    message = "How much for the Spruce chalet from 18 December to 23 December?"
    assert stay_night_counts(message, [SEASONS]) >= {5.0, 3.0, 2.0}
    price = stay_price(message, "", [(1, CHALETS), (2, SEASONS)], TODAY)
    assert price is not None
    assert {330.0, 320.0, 650.0} <= set(worked_values(price.sentence, [CHALETS, SEASONS], message))
    wrong = price.sentence.replace("= €650", "= €660")
    assert 660.0 not in worked_values(wrong, [CHALETS, SEASONS], message)
    assert stay_facts(message, "", TODAY) == ["From Friday 18 December to Wednesday 23 December is 5 nights."]
