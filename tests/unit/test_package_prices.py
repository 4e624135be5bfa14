"""A package price for a first number of people or kilos plus a rate for each one above, worked for the customer's
count (``assistant.package_prices``). Invented pages: a farm's barn parties, a bakery's shipping, a pottery studio."""

from datetime import date

from assistant.grounding.arithmetic import worked_values
from assistant.package_prices import count_facts, customer_count, package_price

TODAY = date(2031, 3, 3)  # a Monday

BARN = """# Barn parties

| Party | Hay ride | Guests included | Weekdays | Saturday | Sunday |
|---|---|---|---|---|---|
| Little Barn | 20 min | Up to 10 | £150 | £190 | £175 |
| Big Barn | 40 min | Up to 20 | £260 | £320 | £300 |

- **Extra guests:** £8 per guest above the number included, up to a maximum of **14 guests** for a Little Barn
  and **26 guests** for a Big Barn.
- Pay a **£50 deposit** when you book. The deposit comes off the total price.
"""

SHIPPING = """## Sending abroad

| Region | Countries | Delivery time | First 3 kg | Each additional kg (or part) |
|---|---|---|---|---|
| Near | Belgium, Netherlands | 2-3 days | €12 | €4 |
| Far | Norway, Iceland | 4-6 days | €20 | €7 |
"""

STUDIO = "A private wheel evening is NZ$300 for up to 6 people, plus NZ$40 per extra person (maximum 10)."


def test_extra_children_on_the_customers_day_with_the_deposit_taken_off() -> None:
    message = "We have the Big Barn booked for Sunday 16 March and we're now 23 kids. What's the total now?"
    priced = package_price([], [(1, BARN)], message, TODAY)
    assert priced is not None
    assert "£300 at the Sunday price for the first 20" in priced.sentence
    assert "23 − 20 = 3 more at £8 each: 3 × £8 = £24, so £300 + £24 = £324 in total" in priced.sentence
    assert "the balance is £324 − £50 = £274" in priced.sentence
    # every figure the working gives is redone by the verifier's arithmetic
    assert {324.0, 274.0} <= set(worked_values(priced.sentence, [BARN], message))


def test_within_the_included_number_the_days_price_is_the_total() -> None:
    message = "How much is a Little Barn party on Saturday 15 March for 9 children?"
    priced = package_price([], [(1, BARN)], message, TODAY)
    assert priced is not None
    assert "the Little Barn is £190 at the Saturday price, which covers up to 10" in priced.sentence
    assert "9 children" in count_facts(message)


def test_no_sum_over_the_maximum_with_a_rough_count_or_no_day() -> None:
    assert package_price([], [(1, BARN)], "Little Barn on Saturday 15 March for 16 kids, how much?", TODAY) is None
    assert package_price([], [(1, BARN)], "Big Barn on Saturday 15 March for about 22 kids, price?", TODAY) is None
    # weekdays, Saturday and Sunday: without a day, no one column is theirs
    assert package_price([], [(1, BARN)], "How much is a Big Barn for 22 kids?", TODAY) is None


def test_first_kilos_and_each_further_kilo_or_part_for_the_row_said() -> None:
    said = [(2, "For Far, countries: Norway, Iceland; delivery time: 4-6 days; first 3 kg: €20; "
                "each additional kg (or part): €7.")]
    priced = package_price(said, [(2, SHIPPING)], "How much to send 2 x 2.5kg tins to Bergen?", TODAY)
    assert priced is not None
    assert priced.sentence.startswith("For 5 kg (2 × 2.5 kg = 5 kg), region Far is €20 for the first 3 kg")
    assert "5 − 3 = 2 more at €7 each: 2 × €7 = €14, so €20 + €14 = €34 in total" in priced.sentence


def test_a_part_kilo_counts_whole_only_where_the_rule_says_so() -> None:
    said = [(2, "For Near, countries: Belgium, Netherlands; first 3 kg: €12; each additional kg (or part): €4.")]
    priced = package_price(said, [(2, SHIPPING)], "I'm sending 4.2 kg to Ghent, cost?", TODAY)
    assert priced is not None and "4.2 − 3 = 1.2, counted as 2 more at €4 each: 2 × €4 = €8" in priced.sentence
    no_part = SHIPPING.replace(" (or part)", "")
    assert package_price(said, [(2, no_part)], "I'm sending 4.2 kg to Ghent, cost?", TODAY) is None


def test_one_sentence_rate_with_its_maximum() -> None:
    said = [(3, STUDIO)]
    priced = package_price(said, [(3, STUDIO)], "How much would a wheel evening be for 8 of us?", TODAY)
    assert priced is not None
    assert "NZ$300 for the first 6 people, plus 8 − 6 = 2 more at NZ$40 each" in priced.sentence
    assert "NZ$300 + NZ$80 = NZ$380 in total" in priced.sentence
    assert package_price(said, [(3, STUDIO)], "How much for 12 people?", TODAY) is None


def test_the_customers_count_in_the_rules_unit() -> None:
    assert customer_count("3 bags of the 1kg blend please", "kg").value == 3.0
    assert customer_count("two 500g packs", "kg").working == "2 × 0.5 kg = 1 kg"
    assert customer_count("a 1kg bag and a 250g bag", "kg") is None  # two weights, no one total
    assert customer_count("28 kids and 3 adults", "child").value == 28.0  # adults are no children
    assert customer_count("28 kids and 3 adults", "person") is None  # two counts of people
    assert customer_count("numbers have crept up to 28 kids", "child").value == 28.0
    assert customer_count("up to 20 kids", "child") is None


PARTIES = """## Party packages

| Package | Price per guest | Guests | Room time |
|---|---|---|---|
| Treasure Hunt (ages 6–10) | $35 | 6–12 children | 45 minutes |
| Grand Quest | $58 | 8–24 | 60 minutes |

**Weekend surcharge:** $5 per guest for parties on Saturdays and Sundays.
"""


def test_a_price_per_guest_times_their_count_with_the_surcharge_for_their_day() -> None:
    saturday = package_price([], [(4, PARTIES)], "Grand Quest for 10 of us on Saturday 8 March, how much all up?",
                             TODAY)
    assert saturday is not None and saturday.marker == 4
    assert saturday.sentence == ("For 10 guests, the Grand Quest is $58 per guest, plus the $5 surcharge on a "
                                 "Saturday: $58 + $5 = $63 per guest, and 10 × $63 = $630 in total.")
    weekday = package_price([], [(4, PARTIES)], "Grand Quest for 10 people on Wednesday 5 March, how much?", TODAY)
    assert weekday is not None and weekday.sentence.endswith("$58 per guest: 10 × $58 = $580 in total.")
    # no day to tell whether the surcharge applies, or more guests than the package takes: no sum
    assert package_price([], [(4, PARTIES)], "Grand Quest for 10 people, how much?", TODAY) is None
    assert package_price([], [(4, PARTIES)], "Grand Quest for 30 people on Wednesday 5 March?", TODAY) is None
