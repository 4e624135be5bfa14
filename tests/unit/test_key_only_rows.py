"""A table row tied to the ask only by its key (the customer's own plan) does not count as answering it."""

from models.generators.composer_policy import _row_by_key_only

ROW = "For Fibre 500 (broadband), monthly price: £36.00; minimum term: 24 months."
CONTEXT = {"fibr", "broadband", "contract"}


def test_row_of_their_plan_does_not_answer_what_leaving_costs() -> None:
    assert _row_by_key_only(ROW, "how much would it cost me to get out of my broadband contract?", CONTEXT)
    assert _row_by_key_only(ROW, "What would I actually have to pay?", CONTEXT)


def test_row_answers_when_the_ask_names_the_row_or_its_columns() -> None:
    assert not _row_by_key_only(ROW, "How much is Fibre 500?", CONTEXT)
    assert not _row_by_key_only(ROW, "What's my minimum term?", CONTEXT)
    assert not _row_by_key_only(ROW, "how much do I pay a month?", CONTEXT)


def test_row_not_about_their_plan_or_not_a_row_is_left_alone() -> None:
    assert not _row_by_key_only(ROW, "how much would it cost me to get out?", {"mobil"})
    assert not _row_by_key_only("Broadband plans go up by £3 a month in April.", "what would I pay?", CONTEXT)


def test_row_keyed_by_a_case_is_left_alone() -> None:
    # the key is the customer's case, the column the answer to "will it cost me anything?"
    row = "For Less than 24 hours before the slot starts, charge: £25 late change fee."
    assert not _row_by_key_only(row, "will it cost me anything?", {"slot", "hour", "start", "less"})
    assert not _row_by_key_only("For Cracked or broken screen, excess: £39.", "how much is it gonna be",
                                {"crack", "screen"})
