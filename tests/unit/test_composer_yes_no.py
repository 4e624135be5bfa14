from models.generators.composer import _lead_yes_no, _yes_no_answer

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


def test_a_request_gets_how_it_is_done_never_a_bare_no() -> None:
    rule = "Staff cannot close memberships at the desk; closing always goes through the office."
    asked = _yes_no_answer("Can staff close my membership at the desk?", rule, rule, SOURCES)
    assert asked.startswith("No \u2014")  # a question the rule decides
    assert _yes_no_answer("I want you to close my membership at the desk.", rule, rule, SOURCES) == rule
    assert _yes_no_answer("Please close my membership at the desk.", rule, rule, SOURCES) == rule


def test_a_rule_for_some_only_is_decided_by_the_plan_the_customer_says_is_theirs() -> None:
    rule = "Only monthly plans can be paused."
    assert _lead_yes_no(rule, SOURCES, "can I pause? I'm on the yearly one").startswith("No \u2014 only monthly")
    assert _lead_yes_no(rule, SOURCES, "Can I pause? I pay monthly").startswith("Yes \u2014 only monthly")
    assert _lead_yes_no(rule, SOURCES, "can I pause for a few months?").startswith("It depends")
    assert _lead_yes_no("Only Gold members can pause.", SOURCES, "I'm on Silver, can I pause?").startswith("No")
