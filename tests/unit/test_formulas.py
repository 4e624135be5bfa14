"""A charge the sources give as a formula, worked out with the customer's own figures (invented companies)."""

from __future__ import annotations

import pytest

from assistant.formulas import plan_prices, said_prices, work_out
from assistant.grounding.arithmetic import worked_values
from assistant.types import Passage

FEE = "> Exit fee = months remaining × your current monthly price × 75%"


def test_a_formula_is_worked_out_with_the_count_and_price_the_customer_gives() -> None:
    worked = work_out(FEE, "How much to leave? I have 4 months left and pay £20 a month.")
    assert worked is not None and worked.total == 60.0
    assert worked.sentence == "For 4 months remaining at £20 a month, the exit fee is 4 × £20 × 75% = £60.00."
    # the working is proven from the source's and the customer's figures
    assert 60.0 in worked_values(worked.sentence, [FEE], "I have 4 months left and pay £20 a month.")


@pytest.mark.parametrize("message", [
    "How much to leave?",  # no count, no price
    "How much to leave? I pay £20 a month.",  # no count of what is left
    "I've had it for 4 months and pay £20 a month, how much to leave?",  # months had, not months remaining
    "I have 4 months left, how much to leave?",  # no price, and no plan price from the sources
    "I have 4 months left or maybe 6 months left, paying £20 a month",  # two counts: which one?
])
def test_an_input_the_customer_does_not_give_exactly_once_is_never_guessed(message: str) -> None:
    assert work_out(FEE, message) is None


def test_the_price_of_the_customers_plan_comes_from_the_sources_table() -> None:
    table = Passage(marker=2, doc_id="plans", chunk_id="p", title="Plans", section="Prices", score=0.5,
                    text="| Plan | Monthly price |\n|---|---|\n| Lite 10 | £15.00 |\n| Max 50 | £30.00 |")
    prices = plan_prices([(table, [], None)], {"lite 10"})
    assert prices == {"month": {("£", 15.0)}}
    worked = work_out(FEE, "I've got 2 months left on my contract, what do I pay?", prices)
    assert worked is not None and worked.sentence.endswith("2 × £15 × 75% = £22.50.")
    assert plan_prices([(table, [], None)], {"unknown"}) == {}


def test_customers_say_prices_per_period_in_many_ways() -> None:
    assert said_prices("paying 36 quid a month") == {"month": {("£", 36.0)}}
    assert said_prices("it's €12 per week") == {"week": {("€", 12.0)}}
    assert said_prices("$9.99 monthly") == {"month": {("$", 9.99)}}


def test_a_wrong_chained_working_proves_nothing() -> None:
    assert worked_values("4 × £20 × 75% = £70.00.", [FEE], "4 months left, £20 a month") == []


def test_the_formula_with_all_their_figures_wins_over_a_rate_times_a_guessed_quantity() -> None:
    from models.generators.composer_policy import PolicySentence
    from models.generators.worked_charges import worked_charges

    leave = Passage(marker=1, doc_id="terms", chunk_id="t", title="Terms", section="Leaving early", score=0.5,
                    text=f"If you leave early we charge an exit fee:\n\n{FEE}")
    rise = Passage(marker=2, doc_id="terms", chunk_id="u", title="Terms", section="Price changes", score=0.5,
                   text="Each year your price goes up by £2.00 a month.")
    said = [PolicySentence(2, 0, "Each year your price goes up by £2.00 a month.", 0.7),
            PolicySentence(1, 0, "If you leave early we charge an exit fee: " + FEE[2:], 0.6)]
    message = "how much would it cost me to leave? I have about 4 months left, paying 20 quid a month."
    worked = worked_charges([(None, said)], [(leave, [s.text for s in said[1:]], None),
                                             (rise, [said[0].text], None)], message)
    assert worked.total is not None and worked.total[1].endswith("4 × £20 × 75% = £60.00."), worked.total


def test_a_sources_worked_example_is_said_as_an_example_not_as_the_customers_figure() -> None:
    from models.generators.composer_policy import usable_sentences
    text = "Examples:\n\n- Lite 10, 2 months remaining: 2 × £15.00 × 0.75 = £22.50\n\nAsk us for the exact figure."
    assert "For example, Lite 10, 2 months remaining: 2 × £15.00 × 0.75 = £22.50." in usable_sentences(text)

