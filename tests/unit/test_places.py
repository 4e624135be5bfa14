"""Places the customer names, read as the country or region the policies are written for (real GeoNames data)."""

from __future__ import annotations

from assistant.places import place_context, places_in


def test_a_city_after_a_word_of_direction_is_read_with_its_country_and_region() -> None:
    (toronto,) = places_in("how much is shipping to Toronto and how long does it take?")
    assert (toronto.name, toronto.country) == ("Toronto", "Canada")
    (honolulu,) = places_in("can't pick next day shipping to Honolulu :(")
    assert honolulu.region == "Hawaii" and honolulu.country == "United States"
    (city,) = places_in("We are moving to New York City in May")
    assert city.name == "New York City" and city.region == "New York"


def test_capitalised_words_that_are_not_places_where_one_stands_are_ignored() -> None:
    assert places_in("I bought it in March and it broke in April") == []
    assert places_in("Toronto is lovely, but where is my parcel?") == []  # no word of location before it
    assert places_in("I'm in Trouble here") == []


def test_the_context_names_only_what_the_documents_may_use() -> None:
    kb = {"canada", "hawaii", "alaska", "europe"}
    known = kb.__contains__
    # narrowest area the documents name, and no further
    assert place_context("shipping to Toronto?", known) == "Canada"
    assert place_context("next day to Honolulu?", known) == "Hawaii"
    # a place the documents name themselves needs no help
    assert place_context("shipping to Canada?", known) == ""
    # none of its areas named: nothing is guessed (Norway is in Europe, not in "the European Union")
    assert place_context("moving to Osaka", known) == ""
    assert place_context("do you sell garden furniture in Norway?", {"european", "union"}.__contains__) == ""
    assert place_context("nothing here", known) == ""


def test_without_a_readable_gazetteer_places_are_left_as_written(monkeypatch) -> None:  # noqa: ANN001
    from assistant import places

    places._gazetteer.cache_clear()
    monkeypatch.setattr(places.sys, "executable", "/nonexistent/python")  # the child that reads it cannot start
    try:
        assert places.places_in("how much is shipping to Toronto?") == []
    finally:
        places._gazetteer.cache_clear()
    monkeypatch.undo()
    assert places.places_in("how much is shipping to Toronto?")[0].country == "Canada"


def test_a_country_is_read_as_the_unions_it_belongs_to_by_membership_data() -> None:
    (lyon,) = places_in("I live in Lyon, can I order from you?")
    assert lyon.country == "France" and ("European Union", "EU") in lyon.groups
    union = {"european", "union"}.__contains__
    assert place_context("Do you deliver to Portugal?", union) == "European Union"
    assert place_context("shipping to Graz please", union) == "European Union"  # a city of an EU member
    assert place_context("shipping to Graz please", {"eu"}.__contains__) == "EU"  # the short name documents use
    # a member of the EEA and Schengen but not of the EU
    assert place_context("moving to Oslo", union) == ""
    assert place_context("moving to Oslo", {"schengen"}.__contains__) == "Schengen"
    # not a member of any of them: its continent, when the documents name it
    assert place_context("shipping to Belgrade?", {"europe"}.__contains__) == "Europe"


def test_other_names_of_a_country_are_read_by_the_country_tables_patterns() -> None:
    (uk,) = places_in("How much is shipping to the UK?")
    assert (uk.country, uk.is_country) == ("United Kingdom", True)
    assert places_in("we are moving to Great Britain")[0].country == "United Kingdom"
    assert places_in("ship it to the USA please")[0].country == "United States"
    assert place_context("How much is shipping to the UK?", {"united", "kingdom"}.__contains__) == "United Kingdom"


def test_a_rule_that_names_the_area_a_place_lies_in_is_said_to_apply() -> None:
    from assistant.places import place_facts, place_in_rule

    rule = "We deliver to Norway, Iceland and the countries of the European Union."
    assert place_in_rule(rule, places_in("Do you ship to Portugal?")) == \
        "Portugal is in the European Union, so this applies to you."
    assert place_in_rule(rule, places_in("I live in Porto")) == \
        "Porto is in Portugal, in the European Union, so this applies to you."
    assert place_in_rule(rule, places_in("shipping to Oslo?")) == "Oslo is in Norway, so this applies to you."
    assert place_in_rule(rule, places_in("shipping to Norway?")) is None  # named by the rule itself
    assert place_in_rule(rule, places_in("shipping to Toronto?")) is None  # in none of its areas: left to the agent
    # an organisation named after the country, and the law of the land, are no case the place is in
    assert place_in_rule("Services Norway sets the duty on each parcel.", places_in("shipping to Oslo?")) is None
    assert place_in_rule("By law a deposit in Norway cannot exceed one month.", places_in("moving to Oslo")) is None
    assert place_in_rule("In Norway, duties are included.", places_in("shipping to Oslo?")) == \
        "Oslo is in Norway, so this applies to you."
    # the gazetteer's facts are what a verifier holds such a sentence against
    assert "Porto is in Portugal, in the European Union." in place_facts("I live in Porto")
