"""A minimum age against the age the customer gives (assistant.age_rules)."""

from assistant.age_rules import ASKS_AGE, age_consequence, minimum_ages
from assistant.bands import stated_ages


def test_minimum_ages_in_the_ways_pages_write_them() -> None:
    assert minimum_ages("Climbing wall: 45 minutes; minimum age: 8.") == {8}
    assert minimum_ages("Night hikes are for ages 12+ only.") == {12}
    assert minimum_ages("Riders must be at least 10 years old or older.") == {10}
    assert minimum_ages("Open daily from 9am, 12 stations.") == set()


def test_the_consequence_for_the_age_given() -> None:
    message = "Can I book the climbing wall for me and my daughter Mira (9)? Is she old enough?"
    assert stated_ages(message) == [9] and ASKS_AGE.search(message)
    assert age_consequence("Is she old enough?", message, 8) == \
        "At 9, she's over the minimum age of 8, so she can take part."
    assert age_consequence("Is she old enough?", message, 12) == \
        "At 9, she's under the minimum age of 12, so she can't take part yet."
    assert age_consequence("Is she old enough?", "Is my daughter old enough?", 8) is None  # no age given
