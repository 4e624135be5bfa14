"""Banded table rows applied to the customer's own figure, and tables read as sentences (invented documents)."""

from datetime import date

from assistant.analysis import MessageAnalyser
from assistant.bands import band_of, now_clock, stated_ages, upcoming
from assistant.table_facts import applied_rows, band_keys, row_facts
from assistant.tables import natural_rows, tables_in
from assistant.types import DraftJob, Passage, Ticket
from models.embedders import HashingEmbedder
from models.generators.composer import ComposerGenerator
from models.generators.composer_policy import usable_sentences

TODAY = date(2031, 3, 5)  # a Wednesday

NOTICE = """## Refunds for workshop seats

| Notice before the workshop | What you get back |
|---|---|
| More than 14 days | Full refund |
| 3 to 14 days | Half the fee |
| Less than 3 days | Nothing |
| No-show | Nothing |
"""

AGES = """| Rider age | Helmet deposit |
|---|---|
| Under 16 | £40 |
| 16 to 64 | £20 |
| 65 and over | None |
"""


def test_bands_read_from_table_keys() -> None:
    more = band_of("More than 14 days")
    assert more is not None and more.dimension == "time" and more.low == 14 * 24 and more.low_strict
    between = band_of("3 to 14 days")
    assert between is not None and (between.low, between.high) == (72, 336)
    assert band_of("No-show") is None and band_of("Standard") is None
    under = band_of("Under 16", "Rider age")
    assert under is not None and under.dimension == "age" and under.high == 16 and under.high_strict
    assert band_of("65 and over", "Rider age") is not None


def test_a_future_date_is_read_with_its_weekday_and_time() -> None:
    (when,) = upcoming("I'm booked on the workshop this Saturday 8th at 2pm, can I cancel?", TODAY)
    assert when.when == date(2031, 3, 8) and when.clock == 14.0
    assert when.wording() == "Saturday 8 March at 2pm"
    lo, hi = when.hours_from(TODAY)
    assert lo == 3 * 24 + 14 - 24 and hi == 3 * 24 + 14
    # a past date is no event still to come; a bare number is no date
    assert upcoming("I went on the 2nd and it was closed", TODAY) == []
    assert upcoming("we were 3 people", TODAY) == []


def test_the_customers_row_is_chosen_and_said_as_the_consequence() -> None:
    (fact,) = row_facts(NOTICE, "Need to cancel my seat, the workshop is on 30th March. Do I get my money back?", TODAY)
    assert fact.row.key == "More than 14 days"
    assert fact.sentence == "Your workshop is on Sunday 30 March, more than 14 days away, so you get a full refund."
    (close,) = row_facts(NOTICE, "the workshop is next Wednesday 12th, can I cancel", TODAY)
    assert close.row.key == "3 to 14 days" and "half the fee" in close.sentence


def test_no_row_when_the_figure_straddles_a_boundary_or_is_missing() -> None:
    # 3 days from now without a time (48 to 96 hours from some time today) straddles the 3-day boundary
    assert row_facts(NOTICE, "the workshop is on Saturday, can I cancel?", TODAY) == []
    assert row_facts(NOTICE, "can I cancel my workshop seat?", TODAY) == []
    # two dates still to come, neither named as the event: no telling which counts
    assert row_facts(NOTICE, "I fly out on 20th March and I'm back on 30th March", TODAY) == []


def test_an_age_band_uses_the_age_the_customer_states() -> None:
    (fact,) = row_facts(AGES, "My daughter is 15, what deposit do you take for her helmet?", TODAY)
    assert fact.row.key == "Under 16" and fact.sentence == "At 15, you're in the under 16 band, so the helmet deposit is £40."
    assert row_facts(AGES, "my two kids are 12 and 17", TODAY) == []  # two ages: whose?
    assert stated_ages("my son (22) and I am 45 years old") == [22, 45]
    assert stated_ages("I'm 20 minutes away") == []


def test_applied_rows_back_the_consequence_for_the_verifier() -> None:
    message = "the workshop is on 30th March, refund?"
    backed = applied_rows(message, TODAY, [(1, NOTICE), (2, "No tables here.")])
    assert list(backed) == [1] and backed[1][0].startswith("Your workshop is on Sunday 30 March")


def test_table_rows_are_said_as_sentences() -> None:
    assert len(tables_in(NOTICE)) == 1 and len(tables_in(NOTICE)[0]) == 4
    said = natural_rows(NOTICE)
    # answer selection reads the rows cell by cell; the reply says each as a sentence
    assert said["For More than 14 days, what you get back: Full refund."] == \
        "When the notice before the workshop is more than 14 days, you get back a full refund."
    assert said["For No-show, what you get back: Nothing."] == "For No-show, you get back nothing."
    assert "For More than 14 days, what you get back: Full refund." in usable_sentences(NOTICE)
    plans = "| Plan | Monthly price | Minimum term |\n|---|---|---|\n| Lite | £9 | none |\n"
    assert list(natural_rows(plans).values()) == ["For Lite, the monthly price is £9 and the minimum term is none."]
    cases = "| | In store | Online |\n|---|---|---|\n| Gift wrap | £2 | £3 |\n"
    assert list(natural_rows(cases).values()) == ["Gift wrap: £2 (In store), £3 (Online)."]


def test_the_composer_says_the_customers_row_and_leaves_the_others_out() -> None:
    passage = Passage(marker=1, doc_id="workshops", chunk_id="w1", title="Workshops", section="Refunds", score=0.8,
                      text=NOTICE)
    message = "I have to cancel my seat, the workshop is on 30th March. Do I get my money back?"
    job = DraftJob(ticket=Ticket(message=message, agent_name="Sam", today=TODAY),
                   analysis=MessageAnalyser().analyse(message), evidence_ok=True, passages=[passage])
    text = ComposerGenerator(HashingEmbedder()).generate(job).text
    assert "Your workshop is on Sunday 30 March, more than 14 days away, so you get a full refund [1]" in text, text
    assert "half the fee" not in text.lower() and "No-show" not in text, text


SINCE = """| Time since purchase | What you get |
|---|---|
| Within 14 days | Full refund |
| 15 to 30 days | Store credit |
| More than 30 days | Nothing |
"""


def test_a_band_of_time_since_an_event_uses_how_long_ago_it_was() -> None:
    (fact,) = row_facts(SINCE, "I bought it 20 days ago, can I send it back?", TODAY)
    assert fact.sentence == "Your purchase was 20 days ago (15 to 30 days), so you get store credit."
    assert row_facts(SINCE, "I bought it 14 days ago", TODAY) == []  # between two bands: the agent checks
    assert row_facts(SINCE, "I bought one 5 days ago and one 40 days ago", TODAY) == []  # which purchase?


LATE = """| How late | Charge |
|---|---|
| Up to 14 minutes | Nothing |
| 15 minutes to 1 hour | £10 |
| More than 1 hour | £25 |
"""


def test_a_length_of_time_the_customer_states_picks_the_row_and_a_question_header_reads_as_a_condition() -> None:
    (fact,) = row_facts(LATE, "I brought the bike back 90 mins late, what will I be charged?", TODAY)
    assert fact.sentence == "At 90 minutes late, that's more than 1 hour, so the charge is £25."
    assert row_facts(LATE, "I brought it back 90 mins after closing", TODAY) == []  # not said to be late
    assert "If it's 15 minutes to 1 hour late, the charge is £10." in natural_rows(LATE).values()


def test_a_refund_less_a_fee_is_worked_out_from_what_they_paid_and_the_verifier_redoes_it() -> None:
    from assistant.grounding.arithmetic import worked_values

    table = "| Notice before the trip | Refund |\n|---|---|\n| More than 7 days | Full refund |\n" \
            "| 7 days or less | Refund minus £30 |\n"
    message = "I paid £120 for the trip this Monday 10th, can I cancel?"
    (fact,) = row_facts(table, message, TODAY)
    assert fact.sentence == ("Your trip is on Monday 10 March, 7 days or less away, so you get back £120 − £30 = "
                             "£90.")
    assert 90.0 in worked_values(fact.sentence, [table], message)


def test_a_row_key_that_is_already_a_phrase_of_place_reads_without_for() -> None:
    table = "| Route | One-way fee |\n|---|---|\n| Between the two islands | €45 |\n| Standard route | €20 |\n"
    said = " ".join(natural_rows(table).values())
    assert "Between the two islands, the one-way fee is €45." in said and "For Between" not in said
    assert "For a standard route, the one-way fee is €20." in said  # a phrase, not a name: lowered, with its article


def test_a_key_with_both_bounds_and_a_top_left_out_reads_as_one_band() -> None:
    both = band_of("Over 3 months, up to 6 months")
    assert both is not None and (both.low, both.high) == (3 * 730, 6 * 730) and both.low_strict
    top_out = band_of("12 hours to under 24 hours")
    assert top_out is not None and (top_out.low, top_out.high) == (12, 24) and top_out.high_strict
    assert top_out.holds(24, 24) is False and top_out.holds(14, 14) is True


MEMBERSHIP = """| Time since you joined | Refund of the joining fee |
|---|---|
| Within the trial | All of it |
| After the trial, up to 2 months | 60% |
| Over 2 months, up to 5 months | 25% |
| Over 5 months | None |
"""


def test_rows_of_bands_the_customers_time_is_outside_are_other_cases() -> None:
    # joined 6 days ago: inside the trial or just after it (a period of no stated length), so no band is said, but the
    # rows measured from 2 months on are not theirs ("Over 5 months: None" to a customer of 6 days)
    assert row_facts(MEMBERSHIP, "I joined 6 days ago, do I get the fee back?", TODAY) == []
    assert band_keys(MEMBERSHIP, "I joined 6 days ago, do I get the fee back?", TODAY) == (
        [], ["Over 2 months, up to 5 months", "Over 5 months"])
    (fact,) = row_facts(MEMBERSHIP, "I joined 100 days ago, what do I get back?", TODAY)
    assert "25%" in fact.sentence, fact.sentence
    assert band_keys(MEMBERSHIP, "I joined 100 days ago", TODAY) == (
        ["Over 2 months, up to 5 months"], ["Within the trial", "After the trial, up to 2 months", "Over 5 months"])
    assert band_keys(MEMBERSHIP, "no dates here", TODAY) == ([], [])


def test_the_composer_leaves_out_a_row_for_a_time_the_customer_is_not_in() -> None:
    passage = Passage(marker=1, doc_id="club", chunk_id="c1", title="Membership", section="Leaving", score=0.8,
                      text=MEMBERSHIP)
    message = "I joined 6 days ago and want to leave. Is the joining fee gone?"
    job = DraftJob(ticket=Ticket(message=message, agent_name="Sam", today=TODAY),
                   analysis=MessageAnalyser().analyse(message), evidence_ok=True, passages=[passage])
    text = ComposerGenerator(HashingEmbedder()).generate(job).text
    assert "Over 5 months" not in text and "over 5 months" not in text and "25%" not in text, text


DEVICE = """| Time since delivery | What we offer |
|---|---|
| 0 to 30 days | A replacement |
| 31 days to 12 months | A free repair |
"""


def test_the_dates_of_an_outage_are_not_the_time_since_a_delivery() -> None:
    outage = "no signal at home from monday morning till friday morning last week, do i get anything back?"
    assert row_facts(DEVICE, outage, TODAY) == [] and band_keys(DEVICE, outage, TODAY) == ([], [])
    (fact,) = row_facts(DEVICE, "my phone arrived last friday and the camera won't focus", TODAY)
    assert "a replacement" in fact.sentence, fact.sentence


def test_a_where_it_goes_and_how_long_row_reads_as_one_sentence() -> None:
    from assistant.tables import Row, row_sentence

    header = ("How you paid", "Where the money goes", "How long")
    assert row_sentence(Row(header, ("Bank transfer", "A UK bank account you give us", "Within 10 working days"), 0, 0)) \
        == "If you paid by bank transfer, the money goes to a UK bank account you give us, within 10 working days."
    card = row_sentence(Row(header, ("Debit card", "Back to the same card", "We send it within 5 working days"), 0, 0))
    assert card == "If you paid by debit card, the money goes back to the same card; we send it within 5 working days."


def test_a_long_clause_key_and_a_we_pay_column_read_as_if_we_pay() -> None:
    from assistant.tables import Row, row_sentence

    key = "We didn't refund credit on your final bill within 10 working days of the final bill"
    assert row_sentence(Row(("What went wrong", "We pay"), (key, "£40"), 0, 0)) == \
        "If we didn't refund credit on your final bill within 10 working days of the final bill, we pay £40."


def test_a_headcount_band_uses_how_many_people_they_say_come() -> None:
    text = ("| Seats booked | Reduction |\n|---|---|\n| 8–15 | 5 % |\n| 16 or more | 12 % |\n")
    facts = row_facts(text, "We are 11 coworkers, what reduction do we get?", TODAY)
    assert [f.sentence for f in facts] == []  # "seats booked" counts no people by name: no figure for it
    text = text.replace("Seats booked", "Paying guests")
    facts = row_facts(text, "We are 11 coworkers, what reduction do we get?", TODAY)
    assert [f.sentence for f in facts] == ["For 11 people, you're in the 8–15 band, so the reduction is 5 %."]
    assert row_facts(text, "What reduction do groups get?", TODAY) == []  # no headcount said


def test_an_amount_band_uses_the_amount_the_customer_states_and_works_out_its_share() -> None:
    text = ("| Order value | Deposit | Instalments |\n|---|---|---|\n| Under €200 | none | – |\n"
            "| €200 – €799 | 15% | 4 |\n| €800 or more | 30% | 10 |\n")
    facts = row_facts(text, "The sofa I'm ordering comes to €640, what deposit do you take?", TODAY)
    assert [f.sentence for f in facts] == [
        "For your €640, you're in the €200 – €799 band, so the deposit is 15% and the instalments are 4; your "
        "deposit is 15% × €640 = €96, and the rest, €640 − €96 = €544, over 4 monthly instalments is "
        "€544 ÷ 4 = €136 a month."]
    assert row_facts(text, "What deposit do you take on a sofa?", TODAY) == []  # no amount said


def test_a_length_band_and_the_price_column_the_customer_names() -> None:
    text = ("| Board length | Wall rack | Floor bay |\n|---|---|---|\n| Up to 2.40 m | €90 | €60 |\n"
            "| 2.41–3.20 m | €120 | €80 |\n| Over 3.20 m | €150 | €100 |\n")
    facts = row_facts(text, "My board is 2.9 m, what does a wall rack cost for the season?", TODAY)
    assert [f.sentence for f in facts] == ["At 2.9 m, you're in the 2.41–3.20 m band, so the wall rack is €120."]
    both = row_facts(text, "My board is 2.9 m, what does storage cost?", TODAY)  # no column named: the whole row
    assert [f.sentence for f in both] == [
        "At 2.9 m, you're in the 2.41–3.20 m band, so the wall rack is €120 and the floor bay is €80."]


def test_the_time_it_is_now_counts_the_notice_exactly() -> None:
    text = ("| Notice before your slot | Fee |\n|---|---|\n| 24 hours or more | none |\n"
            "| Under 24 hours | £15 |\n")
    # 9pm now and 11am tomorrow is 14 hours: without the time now it could be up to 35 hours
    facts = row_facts(text, "It's 9pm now and my slot is at 11am tomorrow. Do I pay if I call it off?", TODAY)
    assert [f.sentence for f in facts] == ["Your slot is on Thursday 6 March at 11am, under 24 hours away, so the "
                                           "fee is £15."]
    assert row_facts(text, "My slot is at 11am tomorrow. Do I pay if I call it off?", TODAY) == []  # straddles 24 hours


def test_a_time_of_the_event_is_not_the_time_now() -> None:
    assert now_clock("It's 9pm now") == 21.0 and now_clock("IT'S 2PM FRIDAY HERE") == 14.0
    assert now_clock("The lesson? It's 4pm on Saturday") is None


def test_a_fee_kept_from_the_deposit_leaves_the_balance() -> None:
    text = ("| Notice before your slot | Fee |\n|---|---|\n| 24 hours or more | none |\n"
            "| Under 24 hours | £15 |\n\nA late-cancellation fee is kept from your deposit and the rest is refunded.")
    facts = row_facts(text, "It's 9pm now and my slot is at 11am tomorrow. Will my £40 deposit come back?", TODAY)
    assert [f.sentence for f in facts] == ["Your slot is on Thursday 6 March at 11am, under 24 hours away, so the "
                                           "fee is £15, taken from your £40 deposit: £40 − £15 = £25 comes back to you."]
    # without the page's rule the fee may be billed apart: nothing is worked out
    plain_rule = text.split("\n\n")[0]
    assert "deposit" not in row_facts(plain_rule, "It's 9pm now and my slot is at 11am tomorrow. My £40 deposit?",
                                      TODAY)[0].sentence


def test_a_month_and_day_said_in_the_past_tense_that_just_went_by_is_not_next_years() -> None:
    today = date(2031, 11, 26)
    assert upcoming("You cancelled our sailing day on October 10 because of the storm.", today) == []
    assert [u.when for u in upcoming("I booked the sailing day for January 5.", today)] == [date(2032, 1, 5)]
    assert [u.when for u in upcoming("Our sailing day is on October 10 next year.", today)] == [date(2032, 10, 10)]


def test_a_refund_less_a_fee_is_worked_on_what_the_profile_says_they_paid() -> None:
    from assistant.types import CustomerProfile, Order
    terms = ("| Notice before the first class | What you get back |\n|---|---|\n"
             "| 10 days or more | Full course fee, less a €12 admin fee |\n| Less than 10 days | No refund |\n")
    booked = CustomerProfile(name="Ana", orders=[Order(id="CL-7", date=date(2031, 2, 20), status="confirmed",
                                                       items=["Pottery course"], amount=150.0, currency="EUR")])
    (fact,) = row_facts(terms, "Our first class is on 28 March, we can't make it. What do I get back?", TODAY, booked)
    assert fact.sentence.endswith("so you get back €150 − €12 = €138.")
    # with no amount paid known, the row is said as written
    (plain,) = row_facts(terms, "Our first class is on 28 March, we can't make it. What do I get back?", TODAY)
    assert "€138" not in plain.sentence and "€12 admin fee" in plain.sentence


def test_a_booking_written_on_the_profile_dates_the_notice_and_a_share_of_what_they_paid_is_worked() -> None:
    from assistant.types import CustomerProfile, Order
    notice = ("| Notice before your class starts | If you pull out |\n|---|---|\n"
              "| More than 10 days | Money back |\n"
              "| 36 to 96 hours | No refund; 40% of the class price as a credit note |\n"
              "| Less than 36 hours | Nothing |\n")
    booked = CustomerProfile(name="Kim", orders=[Order(id="RM-1", date=date(2031, 2, 20), status="confirmed",
                                                       items=["Lantern Room - Fri 7 Mar 2031 6:30 pm - 4 players"],
                                                       amount=120.0, currency="USD")])
    (fact,) = row_facts(notice, "I need to cancel, what do I get back?", TODAY, booked)
    assert fact.sentence.startswith("Your booking is on Friday 7 March at 6:30pm, 36 to 96 hours away")
    assert "40% of the class price (40% × $120 = $48) as a credit note" in fact.sentence
    # a booking already cancelled is no date to come
    done = booked.model_copy(update={"orders": [booked.orders[0].model_copy(update={"status": "cancelled"})]})
    assert row_facts(notice, "I need to cancel, what do I get back?", TODAY, done) == []
