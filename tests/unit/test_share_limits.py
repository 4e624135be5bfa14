"""An amount the customer proposes against a limit set as a share of another amount of theirs (invented documents)."""

from assistant.grounding.arithmetic import worked_values
from assistant.share_limits import share_consequence, shares_in
from assistant.types import CustomerProfile

RULE = "You can choose a smaller monthly instalment, as long as it is at least 75% of your quoted instalment."
CEILING = "A single withdrawal can be no more than 40% of the vested balance on your statement."


def _profile(item: str, amount: float = 80.0) -> CustomerProfile:
    return CustomerProfile.model_validate({"name": "Ana", "orders": [
        {"id": "LN-1", "items": [item], "amount": amount, "currency": "EUR"}]})


def test_the_share_and_what_it_is_of_are_read_from_the_rule() -> None:
    [share] = shares_in(RULE)
    assert share.floor and share.percent == 75 and share.base == "quoted instalment"
    [ceiling] = shares_in(CEILING)
    assert not ceiling.floor and ceiling.base == "vested balance"
    assert shares_in("We text you when you reach 80% of your cap.") == []  # no limit on an amount


def test_a_proposed_amount_below_the_floor_is_worked_out_from_the_profile() -> None:
    profile = _profile("Monthly instalment, quoted instalment €80")
    result = share_consequence(RULE, "could I pay 50 instead of 80 for a while?", profile)
    assert result is not None and not result.inside
    assert result.sentence == ("75% of your quoted instalment of €80 is 75% × €80 = €60, so €50 is below that; the "
                               "lowest it can be is €60.")
    # the working is one the verifier redoes from the rule's 75% and the profile's €80
    assert 60 in worked_values(result.sentence, [RULE, "quoted instalment €80"])


def test_a_proposed_amount_within_the_limit_and_a_ceiling_from_the_message() -> None:
    profile = _profile("Monthly instalment, quoted instalment €80")
    assert share_consequence(RULE, "can I pay €65 a month?", profile).inside  # type: ignore[union-attr]
    result = share_consequence(CEILING, "my vested balance is €2,000, can I take out €900?", None)
    assert result is not None and not result.inside
    assert result.sentence.endswith("so €900 is above that; the most it can be is €800.")


def test_nothing_when_an_amount_is_missing_or_given_two_ways() -> None:
    profile = _profile("Monthly instalment, quoted instalment €80")
    assert share_consequence(RULE, "can I pay less each month?", profile) is None  # nothing proposed
    assert share_consequence(RULE, "could I pay 50 or 55 instead?", profile) is None  # which one?
    assert share_consequence(RULE, "could I pay 50 instead?", _profile("Monthly instalment")) is None  # base unknown
    assert share_consequence(RULE, "could I pay $50 instead?", profile) is None  # another currency
    assert share_consequence(RULE, "could I pay 50 for 3 months?", profile) is not None  # "3 months" is no amount
    assert share_consequence(RULE, "could I move it to the 20th?", profile) is None  # a date is no amount


def test_the_rule_is_added_to_the_ask_that_names_the_proposed_amount() -> None:
    import numpy as np

    from assistant.asks import Ask
    from assistant.types import Passage
    from models.generators.composer_policy import PolicySentence
    from models.generators.worked_charges import with_share_rule

    texts = ["Instalments are collected monthly.", RULE]
    passage = Passage(marker=2, doc_id="loans", chunk_id="l", title="Loans", section="Instalments", score=0.4,
                      text=" ".join(texts))
    profile = _profile("Monthly instalment, quoted instalment €80")
    asks = [(Ask("can I move it to the 20th?", "yes_no", 0), [PolicySentence(1, 0, "Dates can move.", 0.6)]),
            (Ask("could I pay 50 instead of 80?", "yes_no", 1), [])]
    out = with_share_rule(asks, [(passage, texts, np.zeros((2, 4), dtype=np.float32))],
                          "can I move it to the 20th? could I pay 50 instead of 80?", profile)
    assert [s.text for s in out[0][1]] == ["Dates can move."]
    assert [(s.marker, s.position) for s in out[1][1]] == [(2, 1)]


def test_a_rule_is_looked_for_only_where_an_amount_may_be_proposed() -> None:
    from assistant.share_limits import may_propose

    profile = _profile("Monthly instalment, quoted instalment €80")
    assert may_propose("can it be 50 instead of 80?", None)
    assert may_propose("can I pay €50?", profile)
    assert not may_propose("can I pay €50?", None)  # nothing to set it against
    assert not may_propose("can I pay less each month?", profile)
