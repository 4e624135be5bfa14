"""The customer's own dates, starts and places applied to policies of invented companies."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.customer_facts import Amount, amount_consequence, consequence, elapsed_events, stated_amounts
from assistant.grounding.windows import windows_in

TODAY = date(2026, 11, 26)  # a Thursday


@pytest.mark.parametrize(("message", "days"), [
    ("The bike arrived last Tuesday", 2.0),
    ("it came on Monday", 3.0),
    ("the helmet arrived last Thursday", 7.0),  # the same weekday as today: a week ago
    ("The kayak got here on the 3rd", 23.0),
    ("it was delivered the 28th", 29.0),  # later than today's day of the month: last month's
    ("my skis arrived a couple weeks ago", 14.0),
    ("got the tent 10 days back", 10.0),
    ("a fortnight ago the parcel came", 14.0),
    ("it arrived the day before yesterday", 2.0),
    ("i received it about a month ago", 30.0),
    ("it arrived half an hour ago", 1 / 48),
    # how long they have had it: since it reached them
    ("I've had these boots 3 weeks and the sole is peeling", 21.0),
    ("we have owned it for about two months", 60.0),
])
def test_the_ways_customers_say_when_are_measured_in_days(message: str, days: float) -> None:
    (event,) = elapsed_events(message, None, TODAY)
    assert event.event == "delivery" and event.days == pytest.approx(days)


def test_an_ordinal_that_counts_contacts_is_not_a_date() -> None:
    assert elapsed_events("this is the 3rd time I write about the kayak", None, TODAY) == []


@pytest.mark.parametrize("message", [
    "I joined the climbing club 10 days ago", "signed up 10 days ago", "I subscribed 10 days ago",
    "we booked the cabin 10 days ago", "opened my account 10 days ago", "I started the premium plan 10 days ago",
])
def test_joining_signing_up_and_booking_are_the_start_of_the_plan(message: str) -> None:
    (event,) = elapsed_events(message, None, TODAY)
    assert (event.event, event.days) == ("start", 10.0)


def test_the_verb_says_which_event_a_date_is_not_the_word_order() -> None:
    (event,) = elapsed_events("Order got here on the 3rd", None, TODAY)
    assert event.event == "delivery"
    (bought,) = elapsed_events("I paid $45 for the lamp on the 20th", None, TODAY)
    assert bought.event == "order"
    (noun,) = elapsed_events("my order from the 20th", None, TODAY)
    assert noun.event == "order"


def test_a_window_counted_from_joining_or_booking_is_read_with_its_anchor() -> None:
    (join,) = windows_in("Members may leave within 21 days of joining for a full refund.")
    assert (join.amount, join.anchor) == (21, "start")
    (book,) = windows_in("Free cancellation up to 48 hours after booking.")
    assert (book.unit, book.anchor) == ("hour", "start")


def test_markdown_emphasis_does_not_hide_a_window() -> None:
    (w,) = windows_in("- **Yearly pass:** if you cancel within **10 days of being charged**, we refund it.")
    assert (w.amount, w.anchor) == (10, "charge")


def test_a_start_stands_in_for_the_charge_or_order_it_was() -> None:
    rule = "If you cancel within **14 days of being charged** and have not used the service, we refund the fee."
    inside = consequence(rule, elapsed_events("I joined 10 days ago, can I cancel?", None, TODAY))
    assert inside is not None and inside.inside and "14-day" in inside.sentence
    late = consequence(rule, elapsed_events("Signed up about a month ago and never used it", None, TODAY))
    assert late is not None and not late.inside and "since you signed up" in late.sentence
    assert "30" not in late.sentence  # only the source's numbers are said


def test_a_delivery_never_stands_in_for_a_start() -> None:
    rule = "Memberships can be cancelled within 14 days of joining."
    assert consequence(rule, elapsed_events("the welcome pack arrived 20 days ago", None, TODAY)) is None
    assert consequence("Report damage within 7 days of delivery.",
                       elapsed_events("I subscribed 20 days ago", None, TODAY)) is None


def test_the_amount_the_customer_paid_is_read_with_its_currency() -> None:
    from assistant.customer_facts import Amount, stated_amounts

    assert stated_amounts("my cart comes to €84.50 with the code") == [Amount(84.5, "€")]
    assert stated_amounts("I paid 1,200 dollars for the e-bike") == [Amount(1200.0, "$")]
    assert stated_amounts("is the $5 coupon still valid?") == []  # a figure, not what they paid


def test_money_limits_are_read_from_the_rule_and_met_or_missed() -> None:
    from assistant.customer_facts import Amount, amount_consequence, limits_in

    rule = "Delivery is free on **orders of £60 or more**; below that it costs £3.99."
    (limit,) = limits_in(rule)
    assert (limit.value, limit.currency, limit.at_least, limit.text) == (60.0, "£", True, "£60")
    met = amount_consequence(rule, [Amount(72.0, "£")])
    assert met is not None and met.inside and "£60" in met.sentence and "72" not in met.sentence
    missed = amount_consequence(rule, [Amount(41.0, "£")])
    assert missed is not None and not missed.inside and "doesn't apply" in missed.sentence
    assert amount_consequence(rule, [Amount(72.0, "$")]) is None  # another currency: not compared
    assert amount_consequence(rule, [Amount(72.0, "£"), Amount(20.0, "£")]) is None  # which one is the total?
    # an upper limit: the rule is for totals under it
    small = amount_consequence("Returns on purchases under $20 are refunded as store credit.", [Amount(12.0, "$")])
    assert small is not None and small.inside
    # a price or a fee is not a limit
    assert limits_in("Express delivery has a flat rate of $12.") == []
    assert limits_in("We refund the full $30 fee.") == []
    # on a strict limit's figure itself: the agent checks
    assert amount_consequence("Refunds over $100 need a receipt.", [Amount(100.0, "$")]) is None


def test_a_rule_for_another_case_of_its_list_is_not_the_customers() -> None:
    from assistant.customer_facts import for_other_case

    passage = ("You can leave the gym at any time.\n\n"
               "- **Yearly pass:** if you leave within 10 days of joining, we refund the fee.\n"
               "- **Weekly pass:** no refunds once the week has started.\n"
               "- **Guest pass:** valid for one visit.\n")
    rule = "Yearly pass: if you leave within 10 days of joining, we refund the fee."
    assert for_other_case(rule, passage, "I bought a weekly pass 3 days ago, can I get my money back?")
    assert not for_other_case(rule, passage, "I got the yearly pass a week ago, can I leave?")
    assert not for_other_case(rule, passage, "Can I get a refund if I leave?")  # no case named: it may be theirs
    assert not for_other_case(rule, passage, "I joined a week ago")  # "week" said as a time, not as the case
    assert not for_other_case("You can leave the gym at any time.", passage, "weekly pass")  # not a list's rule


def test_a_window_is_not_claimed_when_the_customer_broke_the_rules_other_condition() -> None:
    from assistant.customer_facts import breaks_condition

    rule = "If you leave within 10 days of joining and you have not used any classes, we refund the fee."
    used = "I joined 5 days ago and used two classes, please refund me"
    assert breaks_condition(rule, used)
    assert consequence(rule, elapsed_events(used, None, TODAY), message=used) is None
    fine = "I joined 5 days ago and havent used anything yet"
    assert not breaks_condition(rule, fine)
    result = consequence(rule, elapsed_events(fine, None, TODAY), message=fine)
    assert result is not None and result.inside
    assert breaks_condition("Unwashed items can be returned within 30 days.", "I washed it once and it shrank")
    # a question is not a statement of what they did
    assert not breaks_condition("You can cancel within 1 hour, as long as it has not shipped.", "has it shipped?")


def test_a_waiting_period_is_not_a_window_to_act_in() -> None:
    assert windows_in("Points stay pending for 30 days after delivery.", deadlines_only=True) == []
    assert windows_in("Vouchers become available 14 days after purchase.", deadlines_only=True) == []
    # how long something lasts from its own start is no window for the customer's dates
    assert windows_in("Vouchers are valid for 60 days from the date they are issued.") == []


def test_times_are_facts_to_apply_never_parts_asked_about() -> None:
    from assistant.customer_facts import without_times
    from assistant.types import Passage
    from models.generators.composer import uncovered_parts

    assert without_times("my kayak came with a cracked hull, ordered it last wednesday").strip(" ,") == \
        "my kayak came with a cracked hull, ordered it"
    passage = Passage(marker=1, doc_id="d", chunk_id="c", title="Damage", text=(
        "Report a cracked or damaged kayak within 7 days of delivery. We replace damaged orders."))
    assert uncovered_parts("my kayak came damaged, ordered it last wednesday, what do i do", [passage]) == []


def test_a_repeated_contact_is_read_in_the_ways_customers_say_it() -> None:
    from assistant.behaviour import said_contacts

    assert said_contacts("third time asking: can I cancel or not??") == 3
    assert said_contacts("I'm asking for the 3rd time now") == 3
    assert said_contacts("this is the second time I have to explain this") == 2
    assert said_contacts("I asked a question about sizes") == 0
    assert said_contacts("the second time I ordered from you") == 0  # a second order is not a second contact


def test_the_days_left_in_a_window_are_counted_from_the_profiles_date() -> None:
    from assistant.customer_facts import Elapsed

    rule = "Unworn boots can be returned within 21 days of delivery."
    delivered = [Elapsed("delivery", 15.0, "your order #HK-7 was delivered on 11 November 2026")]
    result = consequence(rule, delivered)
    assert result is not None and result.inside
    assert result.sentence == ("Your order #HK-7 was delivered on 11 November 2026, so you're still within the 21-day "
                               "window (6 days left).")
    # business days are not counted on a calendar: no count is given
    business = consequence("Report a fault within 30 business days of delivery.", delivered)
    assert business is not None and "left" not in business.sentence


def test_the_day_a_window_ends_is_named_from_the_profiles_date() -> None:
    from datetime import date

    from assistant.customer_facts import Elapsed

    # placed on Saturday 21 November 2026, 6 days ago: 10 working days (Monday to Friday) end on Friday 4 December
    placed = [Elapsed("order", 6.0, "your order #HK-9 was placed on 21 November 2026", recorded=date(2026, 11, 21))]
    result = consequence("You can change your order within 10 working days of placing it.", placed)
    assert result is not None and result.inside
    assert result.sentence.endswith("so you're still within the 10-working-day window (until Friday 4 December).")
    delivered = [Elapsed("delivery", 15.0, "your order #HK-7 was delivered on 11 November 2026",
                         recorded=date(2026, 11, 11))]
    said = consequence("Unworn boots can be returned within 21 days of delivery.", delivered)
    assert said is not None and said.sentence.endswith("window (6 days left, until Wednesday 2 December).")
    # a closed window says when it ended, with its year where that is not this year's
    old = [Elapsed("delivery", 400.0, "your order #HK-1 was delivered on 23 October 2025", recorded=date(2025, 10, 23))]
    closed = consequence("Unworn boots can be returned within 21 days of delivery.", old)
    assert closed is not None and not closed.inside
    assert closed.sentence.endswith("has already closed (it ended on Thursday 13 November 2025).")


def test_a_fee_is_not_the_order_total_and_a_stated_bound_is_compared_as_a_bound() -> None:
    rule = "Delivery is free on baskets of €40 or more."
    # the €4.50 is a charge on top, the "over €40" is what they spent
    amounts = stated_amounts("You charged me €4.50 for delivery?? I ordered over €40!")
    assert amounts == [Amount(40.0, "€", "over")]
    said = amount_consequence(rule, amounts)
    assert said is not None and said.inside and "above €40" in said.sentence
    assert amount_consequence(rule, stated_amounts("I spent less than €30 in total")).inside is False  # type: ignore[union-attr]
    assert amount_consequence("Refunds over €500 need a manager's approval.", stated_amounts("I paid over €40")) is None
    assert stated_amounts("They took a £5 fee off my card") == []


def test_a_date_still_to_come_is_no_time_since() -> None:
    from assistant.customer_facts import _clause_days

    assert _clause_days("my flight is on 2 December", TODAY) is None  # six days ahead, not 359 days ago
    assert _clause_days("it was delivered on 20 November", TODAY) == 6.0
    assert _clause_days("I bought it on 15 March", TODAY) == 256.0


def test_last_weekday_week_is_the_one_a_week_before() -> None:
    # British "last Tuesday week": the Tuesday before last (TODAY is a Thursday: last Tuesday was 2 days ago)
    (event,) = elapsed_events("The bike arrived last Tuesday week", None, TODAY)
    assert event.days == 9.0
    (event,) = elapsed_events("The bike arrived last Tuesday", None, TODAY)
    assert event.days == 2.0


def test_a_window_from_an_event_named_with_a_demonstrative_counts_from_that_event() -> None:
    assert [w.anchor for w in windows_in("Sign the form within 10 days of that letter's date.")] == ["other"]
    assert [w.anchor for w in windows_in("Return it within 14 days of that delivery.")] == ["delivery"]
    assert [w.anchor for w in windows_in("Tell us within 30 days of that.")] == [None]  # a pronoun names no event


def test_a_day_named_in_a_request_to_move_it_is_still_to_come() -> None:
    today = date(2026, 11, 25)
    assert elapsed_events("could I move my fitting on thursday? my shift changed.", None, today) == []
    # a day something already happened on stays in the past, beside such a request
    said = elapsed_events("I'd like to change the sofa I ordered on Monday", None, today)
    assert [(e.event, e.days) for e in said] == [("order", 2.0)]


def test_how_long_they_have_had_it_is_measured_against_a_window_from_delivery() -> None:
    events = elapsed_events("I've had the lamp for 10 days and it flickers, can I still return it?", None, TODAY)
    said = consequence("You can return any item within 30 days of delivery.", events)
    assert said is not None and said.inside
    # a stay or a hire of some nights is no time since delivery
    assert elapsed_events("we had the cabin for 3 nights", None, TODAY) == []


def test_a_long_window_from_a_recorded_day_is_counted_to_its_day() -> None:
    # 1,060 days after 14 January 2024 is 9 December 2026: inside 3 years (they end on 14 January 2027), though the
    # count is within 5% of 3 × 365 days
    from assistant.customer_facts import Elapsed
    rule = "Vouchers can be redeemed for 3 years from purchase."
    sold = [Elapsed("order", 1060.0, "your voucher #QV-4 was sold on 14 January 2024", recorded=date(2024, 1, 14))]
    result = consequence(rule, sold)
    assert result is not None and result.inside
    assert result.sentence == ("Your voucher #QV-4 was sold on 14 January 2024, so you're still within the 3-year "
                               "window (until Thursday 14 January 2027).")
    on_the_day = [Elapsed("order", 1096.0, "your voucher #QV-4 was sold on 14 January 2024", recorded=date(2024, 1, 14))]
    assert consequence(rule, on_the_day) is None
