"""The customer's amount against the cap a rule sets for their plan (invented documents)."""

from assistant.customer_facts import stated_amounts
from assistant.plan_caps import capped_claim

RULE = ("If your bike is stolen while parked at a partner station, we reimburse a replacement "
        "(Basic up to €400, Pro up to €900; not included on Lite).")


def test_an_amount_above_the_plans_cap_gets_the_cap() -> None:
    result = capped_claim(RULE, stated_amounts("I paid €650 for a new bike, how much do I get back?"), "Basic")
    assert result is not None and not result.inside
    assert result.sentence == "On Basic, the limit is €400, so the most you can get back of the €650 you spent is €400."


def test_an_amount_within_the_cap_is_said_to_be_within_it() -> None:
    result = capped_claim(RULE, stated_amounts("I paid €650 for a new bike"), "Pro")
    assert result is not None and result.inside and result.sentence.endswith("the whole €650 you spent is within it.")


def test_nothing_without_one_amount_a_plan_with_a_cap_or_a_rule_that_pays() -> None:
    assert capped_claim(RULE, stated_amounts("I paid €650 for the bike. I also paid €40 for a lock."), "Basic") is None
    assert capped_claim(RULE, stated_amounts("I paid €650"), "Lite") is None  # no cap for their plan
    assert capped_claim(RULE, stated_amounts("I paid €650"), None) is None
    assert capped_claim(RULE, stated_amounts("I paid $650"), "Basic") is None  # another currency
    assert capped_claim("Basic up to €400 of accessories can be fitted.", stated_amounts("I paid €650"), "Basic") is None
    assert capped_claim("We pay Basic up to €5 per day.", stated_amounts("I paid €650"), "Basic") is None  # a rate


def test_nothing_when_the_message_gives_other_sums() -> None:
    # a jacket at €650 and a helmet at €90: which is claimed under this rule is not said
    message = "My bike cost €650 which I paid last year, and the helmet was €90. How much do I get back?"
    assert capped_claim(RULE, stated_amounts(message), "Basic", message) is None
    one = "I paid €650 for it, how much do I get back?"
    assert capped_claim(RULE, stated_amounts(one), "Basic", one) is not None
