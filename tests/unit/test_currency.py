"""Money in symbol and code styles (assistant.currency), and the charges worked out in codes."""

from assistant.charges import counted_price, named_rows, on_top_total, quantities, worked_total
from assistant.currency import money, prefixed, same_currency, sign_of
from assistant.grounding.claims import stated_values


def test_money_keeps_the_style_of_its_currency() -> None:
    assert money(1530, "NOK") == "NOK 1,530"
    assert money(70.5, "£") == "£70.50"


def test_code_after_the_figure_is_read_code_first() -> None:
    assert prefixed("a 600 DKK fee, or 1 200 DKK a week") == "a DKK 600 fee, or DKK 1,200 a week"
    assert prefixed("call 0771 123 456") == "call 0771 123 456"  # no code, no amount
    assert 1200.0 in stated_values("1 200 DKK a week")


def test_record_codes_map_to_the_sign_pages_use() -> None:
    assert sign_of("gbp") == "£" and sign_of("NZD") == "$" and sign_of("PLN") == "PLN" and sign_of("XYZ") == ""


def test_rate_in_a_code_is_worked_out_for_their_days() -> None:
    total = worked_total(["Trailer hire: 250 DKK per day, capped at 1 000 DKK."], "How much for 3 days of trailer?")
    assert total == "For your 3 days: DKK 250 × 3 = DKK 750."


def test_headcount_said_by_who_comes() -> None:
    assert quantities("we are 9 colleagues from the office")["person"] == 9
    assert quantities("a group of 12, what's the price?")["person"] == 12
    # two kinds of people may pay two prices: no one headcount
    assert "person" not in quantities("3 adults and 2 children, 5 of us in all")


def test_alternative_rows_are_not_added_up() -> None:
    rows = ["For a lantern walk, the price per person is DKK 300.", "For a cliff climb, the price per person is DKK 520."]
    message = "We'd like the cliff climb for 6 of us. What is the total cost?"
    assert worked_total(rows, message) == "For your 6 people: DKK 520 × 6 = DKK 3,120 for a cliff climb."
    assert worked_total(rows, "What is the total cost for 6 of us?") is None  # which one is not said


def test_a_cap_per_rental_said_after_a_rate_per_day_caps_it() -> None:
    total = worked_total(["For a dry bag, the price per day is DKK 15 and the maximum per rental is DKK 60."],
                         "How much is a dry bag for our 6 days?")
    assert total == "For your 6 days: DKK 15 × 6 = DKK 90 for a dry bag, capped at DKK 60."


def test_rows_of_two_tables_are_two_charges_not_alternatives() -> None:
    rows = ["For a lantern walk, the price per person is DKK 300.", "For late changes, the fee is DKK 50 per person."]
    assert named_rows(rows, "the lantern walk for 4 of us, and what if we change it later?", lambda s: True) == rows


def test_free_first_units_are_taken_off_before_the_rate() -> None:
    total = worked_total(["Loan bikes: the first hour is free, then DKK 20 per hour."], "a loan bike for 4 hours, cost?")
    assert total == "For your 4 hours: the first hour is free, so 4 − 1 = 3 hours at DKK 20: DKK 20 × 3 = DKK 60."
    # first units at another price the working cannot show: no total rather than a wrong one
    assert worked_total(["Loan bikes: first hour at half price, then DKK 20 per hour."], "a bike for 4 hours, cost?") is None


def test_crowns_said_after_the_figure_match_a_nordic_record() -> None:
    from assistant.band_amounts import paid_amount
    from assistant.types import CustomerProfile, Order
    profile = CustomerProfile(name="Ada", orders=[Order(id="QX-1001", amount=1500.0, currency="DKK")])
    assert paid_amount("I paid 1500 kr for it", profile) == (1500.0, "DKK")
    assert paid_amount("I paid 1400 kr for it", profile) is None  # the record says another amount
    assert money(1500, "kr") == "1,500 kr" and same_currency("kr", "SEK") and not same_currency("kr", "CHF")


def test_a_row_is_named_only_by_most_of_its_words() -> None:
    rows = ["For a short lesson, the price is DKK 200.", "For a double lesson, the price is DKK 380."]
    # "my lesson" shares one word of two with each: neither is named, both stay
    assert named_rows(rows, "What does it cost to move my lesson?", lambda s: True) == rows
    assert named_rows(rows, "What does it cost to move my double lesson?", lambda s: True) == [rows[1]]


def test_several_of_one_priced_thing_are_counted() -> None:
    rows = ["For Spare strap, the price is DKK 90."]
    assert counted_price(rows, "I ordered 3 of the spare straps, what do they come to?") == \
        "For your 3 spare straps: 3 × DKK 90 = DKK 270."
    assert counted_price(rows, "I ordered 3 things and a spare strap, what's the cost?") is None  # 3 of what?
    assert counted_price(rows + ["For a rate, DKK 20 per day."], "2 spare straps for 4 days") == \
        "For your 2 spare straps: 2 × DKK 90 = DKK 180."  # (a rate per day is another working's)


def test_a_charge_on_top_of_an_amount_the_customer_chooses() -> None:
    rule = ["Posted vouchers: the price on top of the voucher value is SEK 39."]
    assert on_top_total(rule, "A voucher for 500 kr by post please, what is that in total?") == \
        "With the SEK 39 on top of your SEK 500: SEK 500 + SEK 39 = SEK 539."
    assert on_top_total(rule, "A voucher for 500 kr by post please.") is None  # no total asked
    assert on_top_total(rule, "A voucher for €50, what's the total?") is None  # another currency


def test_crowns_written_after_the_figure_read_as_money() -> None:
    from assistant.currency import currencies_in, prefixed
    assert prefixed("A sweep is 1 290 kr, a call-out 795 kr and a visit 1.250 kr.") == \
        "A sweep is kr 1,290, a call-out kr 795 and a visit kr 1,250."
    assert currencies_in(prefixed("A sweep is 1 290 kr.")) == {"kr"}
    assert prefixed("kr 12 for 3 items") == "kr 12 for 3 items"  # (already before the figure)
