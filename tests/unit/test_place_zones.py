"""The zone a customer's place puts them in picks their column of a price table by zone (invented company)."""

from __future__ import annotations

from assistant.place_zones import customer_zone
from assistant.table_choice import customer_column
from assistant.tables import tables_in

ZONES = """## Where we work

| Zone | Towns | Planned visits |
|---|---|---|
| Zone 1 | Harlow | Monday–Saturday |
| Zone 2 | Epping, Ongar and North Weald | Monday–Friday |
"""
PRICES = """## Chimney sweeping

| Chimney | Zone 1 | Zone 2 |
|---|---|---|
| Open fire | £70 | £85 |
| Wood burner | £80 | £95 |
"""


def test_the_zone_whose_row_names_their_town_is_theirs() -> None:
    assert customer_zone("how much to sweep our wood burner? we're in North Weald", [ZONES, PRICES]) == "Zone 2"
    assert customer_zone("we live in Harlow", [ZONES]) == "Zone 1"
    assert customer_zone("how much is a sweep?", [ZONES]) is None  # no town named
    assert customer_zone("we have houses in Harlow and Epping", [ZONES]) is None  # two zones


def test_their_zone_picks_their_column_like_a_plan() -> None:
    message = "how much to sweep our wood burner? we're in Ongar"
    rows = tables_in(PRICES)[0]
    zone = customer_zone(message, [ZONES, PRICES])
    assert customer_column(rows, PRICES, f"{zone}", message) == "Zone 2"
