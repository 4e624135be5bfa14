"""Charges worked out for the customer, amounts they quote explained, and the working redone by the verifier
(invented documents)."""

from datetime import date

from assistant.analysis import MessageAnalyser
from assistant.charges import explained_amount, quantities, rates_in, worked_total
from assistant.customer_facts import elapsed_events
from assistant.grounding.arithmetic import worked_text, worked_values
from assistant.types import DraftJob, Passage, Ticket
from assistant.verification import Verifier
from models.embedders import HashingEmbedder
from models.generators.composer import ComposerGenerator

HELMET = "Riders aged 12 to 15 pay a junior insurance fee of $4 (€4) per day, capped at $20 per booking."
LOCK = "Extra locks cost $3 per day, capped at $15 per booking."
CLEANING = ["For Cleaning, per hour, City stores: $18.", "For Call-out fee, City stores: $30."]


def test_rates_and_caps_are_read_per_currency() -> None:
    (usd, cad) = rates_in(HELMET)
    assert (usd.amount, usd.currency, usd.unit, usd.cap, usd.name) == (4.0, "$", "day", 20.0, "the junior insurance fee")
    assert (cad.amount, cad.currency, cad.unit) == (4.0, "€", "day")
    assert rates_in(LOCK)[0].name == "extra locks"
    assert rates_in(CLEANING[0])[0].unit == "hour"
    assert rates_in("The call-out fee is $30.") == []


def test_quantities_are_the_customers_and_not_their_times() -> None:
    assert quantities("a 6 day rental for two people") == {"day": 6.0, "person": 2.0}
    assert quantities("we want it for a week") == {"week": 1.0, "day": 7.0}
    assert quantities("I returned it 3 days late, within 2 days of the email") == {}
    assert quantities("4 days or maybe 5 days") == {}  # which one?
    assert quantities("petrol is like $1.40 a litre") == {}  # a price per unit, not how many


def test_charges_are_multiplied_capped_and_added_for_the_customer() -> None:
    message = "6 day rental with my daughter who is 13, plus a lock. How much extra is that?"
    assert worked_total([HELMET, LOCK], message) == (
        "For your 6 days: $4 × 6 = $24 for the junior insurance fee, capped at $20, and $3 × 6 = $18 for extra "
        "locks, capped at $15, so $20 + $15 = $35 in total.")
    # a condition the customer does not meet leaves that charge out; no cost asked: nothing worked out
    assert worked_total([HELMET, LOCK], "4 day rental, I'm 40. How much for a lock?") == \
        "For your 4 days: $3 × 4 = $12 for extra locks."
    assert worked_total([HELMET, LOCK], "6 day rental, can I add a lock?") is None
    assert worked_total([HELMET, LOCK], "How much is a lock?") is None  # no quantity


def test_a_quoted_amount_is_explained_only_when_a_rate_reproduces_it() -> None:
    assert explained_amount("why was I charged $84 for cleaning?? how many hours was that", CLEANING) == (
        "The $84 is 3 hours × $18 = $54, plus the $30 call-out fee: $54 + $30 = $84.")
    assert explained_amount("why was I charged $85 for cleaning?? how many hours was that", CLEANING) is None
    # nothing said of what the rate counts: a round amount divides by many rates by chance
    assert explained_amount("why was I charged $84 for cleaning??", CLEANING) is None
    # a price they quote per unit is no count of theirs
    assert explained_amount("charged $84 for cleaning?! cleaners cost like $12 an hour", CLEANING) is not None
    # they say how many, and the working needs another count
    assert explained_amount("charged $84 for cleaning, it took them 1 hour", CLEANING) is None
    assert explained_amount("you charged me $30", CLEANING) is None  # a figure the policy states: nothing to work out


def test_the_working_is_redone_from_source_and_customer_figures() -> None:
    sources = [HELMET, LOCK]
    message = "6 day rental, how much?"
    sentence = "For your 6 days: $4 × 6 = $24, capped at $20, and $3 × 6 = $18, capped at $15, so $20 + $15 = $35 in total."
    assert worked_values(sentence, sources, message) == [3.0, 4.0, 6.0, 15.0, 18.0, 20.0, 24.0, 35.0]
    assert worked_values(sentence.replace("$35", "$36"), sources, message) == []  # a wrong sum proves nothing
    assert worked_values("That is $7 × 6 = $42.", sources, message) == [6.0]  # $7 is no source's rate
    assert "6 days" in worked_text(sentence, sources, message)
    # a quoted total less a source's fee proves the rest, and the rest over the rate proves the quantity
    quoted = "The $84 is 3 hours × $18 = $54, plus the $30 call-out fee: $54 + $30 = $84."
    assert worked_values(quoted, CLEANING, "charged $84") == [3.0, 18.0, 30.0, 54.0, 84.0]


def test_a_worked_total_is_said_and_passes_the_verifier() -> None:
    passage = Passage(marker=1, doc_id="extras", chunk_id="e1", title="Extras", section="Locks", score=0.8,
                      text="## Locks\n" + LOCK)
    message = "I'm renting for 4 days. How much extra would a lock cost?"
    job = DraftJob(ticket=Ticket(message=message, agent_name="Sam", today=date(2031, 3, 5)),
                   analysis=MessageAnalyser().analyse(message), evidence_ok=True, passages=[passage])
    text = ComposerGenerator(HashingEmbedder()).generate(job).text
    assert "For your 4 days: $3 × 4 = $12 for extra locks [1]." in text, text
    result = Verifier(HashingEmbedder()).verify(text, job)
    assert not [f for f in result.flags if f.type in ("unsupported_claim", "bad_citation")], result.flags


def test_a_weekday_with_its_date_is_that_date() -> None:
    # "on Tuesday 17th" said on Thursday 26th is the 17th, nine days ago, not last Tuesday
    (event,) = elapsed_events("the car went back on Tuesday 17th", None, date(2026, 11, 26))
    assert event.days == 9.0


def test_a_wait_counted_from_the_day_they_name_ends_on_a_date() -> None:
    from assistant.customer_facts import add_working_days, dated_wait

    assert add_working_days(date(2031, 3, 7), 1) == date(2031, 3, 10)  # a Friday plus one working day is Monday
    events = elapsed_events("I cancelled on Monday 3rd and the refund is still not there", None, date(2031, 3, 12))
    wait = dated_wait("Refunds reach your card within 5 working days of the cancellation.", events)
    assert wait is not None and wait.overdue and wait.sentence == (
        "5 working days after Monday 3 March is Monday 10 March, so that time has now passed.")
    still = dated_wait("Ask your bank if it has been more than 10 working days since you cancelled.", events)
    assert still is not None and not still.overdue and "Monday 17 March" in still.sentence
    # a wait from another event than the one they date ("of being approved" and the day they cancelled)
    assert dated_wait("Refunds reach your card within 5 working days of being approved.", events) is None
    # a day of another event: "I paid on the 16th" is not the bill date "10 days after the bill date (the 11th)"
    paid = elapsed_events("I paid the full amount by card on the 16th of October", None, date(2026, 11, 27))
    assert dated_wait("Payment is due 10 days after the bill date (so on the 11th).", paid) is None
    # no day named ("a week ago"): no date to count from
    assert dated_wait("Refunds arrive within 5 working days of the cancellation.",
                      elapsed_events("I cancelled a week ago", None, date(2031, 3, 12))) is None


def test_a_rate_for_an_age_band_applies_when_every_age_given_is_in_it() -> None:
    rule = "Riders aged 16 to 17 pay a junior supplement of £4 per day, capped at £20 per booking."
    both_in = "I'm 16 and my cousin is 17, we want the bikes for 6 days. How much extra is that?"
    assert worked_total([rule], both_in) == "For your 6 days: £4 × 6 = £24 for the junior supplement, capped at £20."
    one_out = "I'm 16 and my dad is 45 years old, we want the bikes for 6 days. How much extra is that?"
    assert worked_total([rule], one_out) is None


def test_what_a_thing_of_theirs_cost_is_no_charge_to_explain() -> None:
    rate = ["Members pay £15 per week for the plan."]
    assert explained_amount("The tumble dryer cost £900 two years ago. We're on the weekly plan.", rate) is None
    assert explained_amount("Why was I charged £45? I'm on the weekly plan.", rate) == \
        "The £45 is 3 weeks × £15 = £45."
