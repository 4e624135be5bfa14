"""A refund band chosen by how long a plan has run, its share worked out on what the customer paid, less a fee the
same page takes off (invented documents)."""

from datetime import date

from assistant.band_amounts import paid_amount, percent_clause, refund_fees
from assistant.bands import band_of, named_band, named_edges, period_lengths
from assistant.grounding.arithmetic import worked_values
from assistant.profile_dates import event_dates
from assistant.table_facts import applied_rows, row_facts
from assistant.types import CustomerProfile

TODAY = date(2031, 6, 20)

TRIAL = """## Your 10-day trial period

You can leave within **10 days** of joining and get everything back."""

REFUNDS = """Yearly memberships can be ended at any time. We refund part of the fee based on how long the membership has
run, counted from the **membership start date**:

| Time since membership start date | Refund (% of fee paid) |
|---|---|
| Within the trial period | 100%, no cancellation charge |
| After the trial, up to 4 months | 70% |
| Over 4 months, up to 8 months | 40% |
| Over 8 months | No refund |

A **€15 cancellation charge** is taken off every refund made after the trial period."""


def _member(start: str, amount: float = 300.0, orders: int = 1) -> CustomerProfile:
    order = {"id": "GX-1", "date": "2031-01-02", "items": [f"Yearly membership (membership start {start})"],
             "amount": amount, "currency": "EUR"}
    more = [{"id": "GX-2", "date": "2031-03-03", "items": ["Yearly membership (membership start 2031-03-05)"],
             "amount": 120.0, "currency": "EUR"}]
    return CustomerProfile.model_validate({"name": "Ines Moro", "orders": [order] + (more if orders > 1 else [])})


def test_a_band_with_an_upper_edge_after_its_lower_one_has_both() -> None:
    band = band_of("Over 4 months, up to 8 months", "Time since membership start date")
    assert band is not None and band.low == 4 * 730 and band.high == 8 * 730 and band.low_strict
    assert band.holds(150 * 24, 150 * 24) is True and band.holds(300 * 24, 300 * 24) is False


def test_a_named_edge_is_unknown_until_the_documents_give_its_length() -> None:
    after = band_of("After the trial, up to 4 months", "Time since membership start date")
    assert after is not None and after.low_named == "trial" and after.low is None
    assert after.holds(5 * 24, 5 * 24) is None  # before or after the trial: cannot tell
    assert after.holds(200 * 24, 200 * 24) is False
    lengths = period_lengths({"trial"}, [TRIAL])
    assert lengths == {"trial": 240.0}
    resolved = named_edges(after, lengths)
    assert resolved.low == 240.0 and resolved.low_strict and resolved.holds(5 * 24, 5 * 24) is False
    within = named_band("Within the trial period")
    assert within is not None and named_edges(within, lengths).holds(5 * 24, 5 * 24) is True
    assert period_lengths({"trial"}, ["a 10-day trial", "a trial of 14 days"]) == {}  # two lengths: none


def test_the_profile_dates_the_event_the_table_counts_from() -> None:
    assert event_dates(_member("2031-01-05"), "membership start") == {date(2031, 1, 5)}
    assert len(event_dates(_member("2031-01-05", orders=2), "membership start")) == 2
    assert event_dates(_member("2031-01-05"), "delivery") == set()


def test_the_share_and_the_fee_are_worked_out_step_by_step() -> None:
    (fact,) = row_facts(REFUNDS, "I want to end my membership, what do I get back?", TODAY, _member("2031-01-05"),
                        [TRIAL])
    assert fact.row.key == "Over 4 months, up to 8 months"
    assert fact.sentence == ("Your membership start date was 5 January 2031, 166 days ago (over 4 months, up to 8 "
                             "months), so you get back 40% of the €300 you paid, less the €15 cancellation charge: "
                             "40% × €300 = €120, and €120 − €15 = €105.")
    # the verifier redoes the working from the page and the customer's amount
    assert 105.0 in worked_values(fact.sentence, [REFUNDS], "I paid €300")
    assert worked_values(fact.sentence.replace("= €105", "= €115"), [REFUNDS], "I paid €300") == []
    # what the verifier accepts is the same sentence
    assert applied_rows("what do I get back?", TODAY, [(1, REFUNDS), (2, TRIAL)], _member("2031-01-05")) == {
        1: [fact.sentence]}


def test_inside_the_named_period_no_fee_is_taken() -> None:
    (fact,) = row_facts(REFUNDS, "can I get my money back?", TODAY, _member("2031-06-15"), [TRIAL])
    assert fact.row.key == "Within the trial period"
    assert "full refund of the €300 you paid" in fact.sentence and "€15" not in fact.sentence


def test_no_sum_without_one_amount_or_a_known_fee_condition() -> None:
    # two memberships with two amounts: which is meant is not known, so only the band's share is said
    customer = _member("2031-01-05", orders=2)
    assert paid_amount("what do I get back?", customer) is None
    assert paid_amount("I paid €300, what do I get back?", customer) == (300.0, "€")
    band = band_of("Over 4 months, up to 8 months")
    assert band is not None
    assert percent_clause("40%", "Refund (% of fee paid)", band, REFUNDS, "what do I get back?", customer, {}) == (
        "the refund is 40% of the fee paid")  # the share, with what it is of, and no sum
    # the fee's condition names a period of unknown length: the amount is not worked out
    assert percent_clause("40%", "Refund (% of fee paid)", band, REFUNDS, "I paid €300", None, {}) is None
    # a stated amount the record contradicts is not used
    assert paid_amount("I paid €250", _member("2031-01-05")) is None
    assert refund_fees(REFUNDS)[0].value == 15.0


def test_a_band_straddling_a_month_edge_is_not_chosen() -> None:
    # 4 months after 20 February is 20 June: too close to the edge to say which band
    assert row_facts(REFUNDS, "what do I get back?", TODAY, _member("2031-02-19"), [TRIAL]) == []


DELAYS = """| Length of hold-up | Basic | Plus |
|---|---|---|
| Under 6 hours | Nothing | Nothing |
| 6 hours to under 18 hours | €15 | €25 |
| 18 hours to under 30 hours | €30 | €50 |
"""


def test_a_band_to_under_its_top_and_a_measure_in_words() -> None:
    band = band_of("6 hours to under 18 hours")
    assert band is not None and (band.low, band.high) == (6, 18) and band.high_strict
    assert band.holds(18, 18) is False and band.holds(6, 6) is True
    from assistant.quantities import stated_measures
    assert stated_measures("the ferry was held up EIGHTEEN HOURS") == (("time", 18 * 60.0),)
    assert stated_measures("held up for twenty-four hours") == (("time", 24 * 60.0),)


def test_the_customers_plan_column_of_a_banded_row_is_said_alone() -> None:
    plus = CustomerProfile.model_validate({"name": "Ines Moro", "tier": "Plus"})
    (fact,) = row_facts(DELAYS, "the hold-up on my ferry was eleven hours, what do I get?", TODAY, plus)
    assert fact.sentence == "At 11 hours, that's 6 hours to under 18 hours, so on Plus it is €25."
    # without a known plan, every plan's figure is said
    (whole,) = row_facts(DELAYS, "the hold-up on my ferry was eleven hours, what do I get?", TODAY)
    assert "€15" in whole.sentence and "€25" in whole.sentence


HEATING = """## Heating breakdowns

| Time without heating | What you get |
|---|---|
| 0–24 hours | Nothing. This is our repair target. |
| 24 hours – 5 days | €10 credit for each **full day** after the first 24 hours |
| More than 5 days | A month's fee back |

- Credits are capped at **€40 per breakdown**.
"""


def test_a_span_between_two_named_moments() -> None:
    from assistant.time_span import stated_span
    wed = date(2031, 6, 18)  # a Wednesday
    span = stated_span("The heating failed around 7am on Sunday. An engineer fixed it on Tuesday evening at 6pm.", wed)
    assert span is not None and span.hours == 59 and span.wording() == "Sunday 15 June at 7am to Tuesday 17 June at 6pm"
    # a time without am or pm, and no part of the day said: no span
    assert stated_span("It failed at 6:10 on Sunday. Fixed at 9:40 on Tuesday.", wed) is None
    assert stated_span("It failed at ten past six on Sunday morning. Fixed at twenty to ten on Monday night.",
                       wed) is not None
    # one moment, or the end before the start: none
    assert stated_span("It failed around 7am on Sunday and is still off.", wed) is None
    assert stated_span("Fixed at 6pm on Tuesday. It failed at 7am on Sunday.", wed) is None


def test_a_credit_for_each_full_day_after_a_first_stretch_is_counted() -> None:
    wed = date(2031, 6, 18)
    (fact,) = row_facts(HEATING, "The heating failed around 7am on Sunday. It came back on Tuesday evening at 6pm. "
                        "What do I get?", wed)
    assert fact.sentence == ("From Sunday 15 June at 7am to Tuesday 17 June at 6pm is 59 hours, that's 24 hours – 5 "
                             "days, so €10 credit for each full day after the first 24 hours: 1 full day, 1 × €10 = "
                             "€10.")
    from assistant.band_amounts import each_unit_clause
    assert each_unit_clause("€10 credit for each full day after the first 24 hours", 100, 101, HEATING) == (
        "€10 credit for each full day after the first 24 hours: 3 full days, 3 × €10 = €30")
    # the count changes within the span's slack: no sum
    assert each_unit_clause("€10 credit for each full day after the first 24 hours", 95, 97, HEATING) is None
    # above the cap
    assert each_unit_clause("€10 credit for each full day after the first 24 hours", 150, 151, HEATING).endswith(
        "5 × €10 = €50, capped at €40")
    # a column that measures how long it lasted is not the time since it happened
    assert row_facts(HEATING, "my heating broke 3 days ago, what do I get?", wed) == []


def test_an_ask_for_what_they_get_leads_with_the_worked_row_of_its_passage() -> None:
    from assistant.analysis import MessageAnalyser
    from assistant.types import DraftJob, Passage, Ticket
    from models.embedders import HashingEmbedder
    from models.generators.composer import ComposerGenerator

    passage = Passage(marker=1, doc_id="breakdowns", chunk_id="b1", title="Heating breakdowns", section="Credits",
                      score=0.8, text=HEATING + "\nThe clock starts when you report the breakdown and stops when the "
                      "heating works again.\n")
    message = ("The heating failed around 7am on Sunday. It came back on Tuesday evening at 6pm. What do I get back "
               "for this?")
    wed = date(2031, 6, 18)
    job = DraftJob(ticket=Ticket(message=message, agent_name="Sam", today=wed),
                   analysis=MessageAnalyser().analyse(message), evidence_ok=True, passages=[passage])
    text = ComposerGenerator(HashingEmbedder()).generate(job).text
    assert "1 × €10 = €10 [1]" in text, text


def test_the_worked_row_leads_an_ask_whose_answers_chose_other_sentences_of_its_passage() -> None:
    import numpy as np

    from assistant.asks import Ask
    from models.generators.composer_policy import PolicySentence
    from models.generators.table_rows import _lead_unchosen

    wed = date(2031, 6, 18)
    (fact,) = row_facts(HEATING, "The heating failed around 7am on Sunday. It came back on Tuesday evening at 6pm.",
                        wed)
    vec = np.zeros(4, dtype=np.float32)
    found = [(1, "breakdowns", fact, 3, vec)]
    clock = PolicySentence(1, 7, "The clock starts when you report the breakdown.", 0.7)
    other = PolicySentence(2, 0, "Engineers visit between 8am and 6pm.", 0.6)
    asks = [(Ask("what do I get back for this?", "info", 0), [clock]), (Ask("when do engineers come?", "info", 1),
                                                                        [other])]
    out, put = _lead_unchosen(asks, found, set(), set(), {1: "breakdowns", 2: "visits"})
    assert [s.text for s in out[0][1]] == [fact.sentence, clock.text] and put == {(1, 3)}
    assert out[1][1] == [other]  # an ask for something else is left as it is
    # an ask whose answers come from another document gets nothing
    out, _ = _lead_unchosen([(Ask("what do I get?", "info", 0), [other])], found, set(), set(),
                            {1: "breakdowns", 2: "visits"})
    assert out[0][1] == [other]


def test_the_fact_for_a_plan_column_keeps_the_whole_row_it_stands_for() -> None:
    plus = CustomerProfile.model_validate({"name": "Ines Moro", "tier": "Plus"})
    (fact,) = row_facts(DELAYS, "the hold-up on my ferry was eleven hours, what do I get?", TODAY, plus)
    # the composer finds the row among the passage's sentences by its cells: all of them
    assert fact.row.cells == ("6 hours to under 18 hours", "€15", "€25")


def test_a_profile_date_their_own_words_contradict_is_not_used() -> None:
    # the record says the membership started on 5 January; they say they joined 10 days ago: which is it?
    assert row_facts(REFUNDS, "I joined 10 days ago, what do I get back?", TODAY, _member("2031-01-05"), [TRIAL]) == []
    # their words agree with the record: the record's date is said
    (fact,) = row_facts(REFUNDS, "I joined on 15 June, what do I get back?", TODAY, _member("2031-06-15"), [TRIAL])
    assert fact.sentence.startswith("Your membership start date was 15 June 2031, 5 days ago")


FEES = """## Cancellation fees

The fee depends on how many days before the start date we receive your cancellation.

| Days before start date | Standard ticket | Ticket with Worry-Free Pass |
|---|---|---|
| 45 days or more | €20 admin fee | No fee |
| 15–44 days | 30% of the ticket price | No fee |
| 0–14 days | 80% of the ticket price | 40% of the ticket price |"""


def _booking(item: str, status: str = "paid", amount: float = 600.0) -> CustomerProfile:
    order = {"id": "TK-7", "date": "2031-05-01", "items": [item], "amount": amount, "currency": "EUR",
             "status": status}
    return CustomerProfile.model_validate({"name": "Ola Berg", "orders": [order]})


def test_a_fee_share_of_the_booking_is_worked_out_counting_down_to_the_recorded_start() -> None:
    # no date in their words: the start date on their booking counts, and they said they have no pass
    customer = _booking("Harbour cruise, start date 2031-07-25, no Worry-Free Pass")
    [fact] = row_facts(FEES, "we have to cancel, how much do we get back?", TODAY, customer)
    assert fact.sentence == ("Your start date is on 25 July 2031, 15–44 days away, so the fee is 30% of the ticket "
                             "price: 30% × €600 = €180, and you get back €600 − €180 = €420.")
    # the verifier redoes the working from the page and the booking's amount, and the sentence is what it accepts
    assert {180.0, 420.0} <= set(worked_values(fact.sentence, [FEES], "I paid €600"))
    assert applied_rows("how much do we get back?", TODAY, [(1, FEES)], customer) == {1: [fact.sentence]}


def test_the_add_on_column_follows_what_they_have_and_extras_or_a_deposit_leave_it_unworked() -> None:
    pass_holder = _booking("Harbour cruise, start date 2031-06-28")
    [fact] = row_facts(FEES, "I bought the Worry-Free Pass, what is the fee if I cancel?", TODAY, pass_holder)
    assert fact.sentence.endswith("so the fee is 40% of the ticket price: 40% × €600 = €240, and you get back €600 − "
                                  "€240 = €360.")
    deposit = _booking("Harbour cruise, start date 2031-07-25, no Worry-Free Pass", status="deposit paid")
    [fact] = row_facts(FEES, "what is the fee if we cancel?", TODAY, deposit)
    assert fact.sentence.endswith("30% × €600 = €180.")  # nothing said to come back from a deposit
    extras = _booking("Harbour cruise, start date 2031-07-25, no Worry-Free Pass; lunch pack €40")
    [fact] = row_facts(FEES, "what is the fee if we cancel?", TODAY, extras)
    assert "×" not in fact.sentence


def test_the_add_on_column_is_read_from_their_words_or_left_open() -> None:
    from assistant.table_choice import addon_column

    heads = ["Standard ticket", "Ticket with Worry-Free Pass"]
    assert addon_column(heads, "we didnt take the worry free thing", None) == "Standard ticket"
    assert addon_column(heads, "Luckily I added the Worry-Free Pass!", None) == "Ticket with Worry-Free Pass"
    assert addon_column(heads, "how much is the fee?", None) is None  # not said: the row is said whole
    assert addon_column(["Adult", "Child"], "I added the pass", None) is None  # no add-on column
