from models.generators.composer import _lead_yes_no

SOURCES = ("How to buy a Gift Card. Gift cards are sold online and in stores. You can check a card's balance at "
           "Acme stores or online. Acme gift cards never expire.")


def test_a_negative_rule_leads_with_no_and_reads_on() -> None:
    assert _lead_yes_no("Gift cards never expire.", SOURCES) == "No \u2014 gift cards never expire."


def test_a_brand_keeps_its_capital_after_the_lead() -> None:
    # "Acme" is written capitalised inside a sentence and never in lower case: a name
    assert _lead_yes_no("Acme gift cards never expire.", SOURCES) == "No \u2014 Acme gift cards never expire."


def test_a_heading_word_is_not_taken_for_a_name() -> None:
    # "a Gift Card" in a heading, but "gift" is also written in lower case: an ordinary word
    assert _lead_yes_no("Gift cards can be used online.", SOURCES) == "Yes, gift cards can be used online."


def test_a_rule_for_some_cases_only_leads_with_it_depends() -> None:
    assert _lead_yes_no("Only monthly plans can be paused.", SOURCES).startswith("It depends \u2014 only monthly")
