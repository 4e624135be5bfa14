"""What is left to spend to reach a threshold the sources set, worked from the customer's own amount
(``assistant.spend_gap``). Invented tea-shop rows."""

from assistant.grounding.arithmetic import worked_values
from assistant.spend_gap import spend_gap

ROW = (1, "For parcel post, arrives: 3-5 days; fee: basket under NZ$80: NZ$7; fee: basket NZ$80 and above: free.")


def test_the_gap_to_free_delivery_from_their_basket() -> None:
    message = "Paying NZ$7 postage on a NZ$65 order, great. How much more would I need to spend to get free postage?"
    gap = spend_gap([ROW], message)
    assert gap is not None and gap.marker == 1
    assert gap.sentence == "Your order is NZ$65, so NZ$80 − NZ$65 = NZ$15 more takes it to NZ$80."
    assert 15.0 in worked_values(gap.sentence, [ROW[1]], message)  # the verifier redoes the working


def test_a_discount_threshold_counts_too() -> None:
    said = [(2, "Orders over £120 get 10% off at checkout.")]
    gap = spend_gap(said, "My basket is £100 - how much more do I have to spend for the discount?")
    assert gap is not None and "£120 − £100 = £20" in gap.sentence


def test_nothing_without_the_ask_their_amount_or_one_threshold() -> None:
    assert spend_gap([ROW], "I have a NZ$65 order, when will it arrive?") is None  # not asked
    assert spend_gap([ROW], "How much more do I need to spend for free postage?") is None  # no amount of theirs
    assert spend_gap([ROW], "How much more do I need to spend on my NZ$95 order to get free postage?") is None
    two = (1, ROW[1] + " Orders over NZ$150: free express.")
    assert spend_gap([ROW, two], "How much more do I need to spend on a NZ$65 order for free postage?") is None


def test_the_working_is_redone_whatever_way_the_currency_is_written() -> None:
    # a dollar with its country's letters, and crowns after the figure, as the sums write them
    assert 15.0 in worked_values("NZ$80 − NZ$65 = NZ$15", ["Free from NZ$80."], "my NZ$65 order")
    assert {290.0, 2610.0} <= set(worked_values("10% × 2,900 kr = 290 kr, so 2,900 kr − 290 kr = 2,610 kr",
                                                ["Members get 10 % off. | Service | 2 900 kr |"]))
    assert worked_values("NZ$80 − NZ$65 = NZ$25", ["Free from NZ$80."], "my NZ$65 order") == []  # a wrong sum
