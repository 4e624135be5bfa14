"""Notice a rule asks before the customer's next recurring date, against today (invented documents)."""

from __future__ import annotations

from datetime import date

import numpy as np

from assistant.notice_dates import LATE, notice_consequence, recurring_day
from assistant.types import CustomerProfile, Passage

RULE = "If you ask **at least 5 working days before** your next renewal, the change applies from that renewal."
LATER = "If you ask later than that, the change applies from the renewal after."


def _profile(item: str) -> CustomerProfile:
    return CustomerProfile.model_validate({"name": "Ana", "orders": [{"id": "S-1", "items": [item]}]})


def test_the_recurring_day_is_the_one_the_profile_names_with_the_rules_event() -> None:
    assert recurring_day("renewal", "", _profile("Annual box, renews on the 9th")) == 9
    assert recurring_day("renewal date", "", _profile("Annual box (renewal date 22nd)")) == 22
    assert recurring_day("renewal", "", _profile("Annual box, delivered on the 9th")) is None  # another event
    assert recurring_day("renewal", "it renews on the 9th or the 12th?", None) is None  # two days
    # the profile's day, not the new one a message asks to move it to
    assert recurring_day("renewal", "move my renewal from the 9th to the 20th", _profile("renews on the 9th")) == 9


def test_a_payment_is_the_instalment_the_profile_dates_not_a_payday_the_message_names() -> None:
    plan = _profile("Payment plan for a boiler, monthly instalment due 1st")
    said = "The instalment leaves on Dec 1 but my wages land on the 12th. Could you take it on the 12th?"
    assert recurring_day("payment date", said, plan) == 1


def test_too_late_for_the_next_date_counts_back_working_days() -> None:
    profile = _profile("Monthly box, renews on the 2nd")
    # Friday 27 November 2026: the next renewal is Wednesday 2 December; 5 working days before is Wednesday 25th
    late = notice_consequence(RULE, "can I switch to the small box?", profile, date(2026, 11, 27))
    assert late is not None and not late.inside
    assert late.sentence == ("Your next renewal is on Wednesday 2 December; 5 working days before it was Wednesday 25 "
                             "November, so it's too late for that one.")
    assert LATE.match(LATER)
    early = notice_consequence(RULE, "can I switch to the small box?", profile, date(2026, 11, 20))
    assert early is not None and early.inside and "is Wednesday 25 November, so there's still time" in early.sentence
    # the next date is the first one after today (a month's last day where the month is shorter)
    short = notice_consequence(RULE, "switch?", _profile("renews on the 31st"), date(2027, 2, 3))
    assert short is not None and "Sunday 28 February" in short.sentence


def test_nothing_without_the_customers_day_or_a_notice_before_a_next_date() -> None:
    assert notice_consequence(RULE, "can I switch?", None, date(2026, 11, 27)) is None
    assert notice_consequence("Tell us at least 5 days before you travel.", "renews on the 2nd",
                              _profile("renews on the 2nd"), date(2026, 11, 27)) is None


def test_the_rule_is_put_after_a_sentence_chosen_from_its_passage() -> None:
    from models.generators.composer_policy import PolicySentence
    from models.generators.worked_charges import with_notice_rule

    texts = ["You can change your box size in the app.", RULE.replace("**", ""), LATER]
    passage = Passage(marker=1, doc_id="boxes", chunk_id="b", title="Boxes", section="Changing your box", score=0.5,
                      text=" ".join(texts))
    vecs = np.zeros((3, 4), dtype=np.float32)
    chosen = [(None, [PolicySentence(1, 0, texts[0], 0.7)])]
    profile = _profile("Monthly box, renews on the 2nd")
    out = with_notice_rule(chosen, [(passage, texts, vecs)], "can I switch to the small box?", profile,
                           date(2026, 11, 27))
    assert [s.position for s in out[0][1]] == [0, 1]
    # without the customer's day the rule decides nothing for them: nothing is added
    assert with_notice_rule(chosen, [(passage, texts, vecs)], "can I switch?", None, date(2026, 11, 27)) == chosen


def test_a_notice_before_a_one_off_date_is_set_against_the_customers_date() -> None:
    today = date(2026, 11, 25)
    rule = "Seating plans are due 18 days before your event."
    said = notice_consequence(rule, "Our reunion is Saturday 12th December at the boathouse.", None, today)
    assert said is not None and not said.inside
    assert said.sentence == ("Your event is on Saturday 12 December; 18 days before it was Tuesday 24 November, so that "
                             "date has passed.")
    # the date named with the rule's own word, weeks counted back, and a date in the next year said with its year
    later = notice_consequence("Book the lantern walk at least 3 weeks before your gala.",
                               "the gala is on 14 February next year and I paid on 2 Nov", None, today)
    assert later is not None and later.inside
    assert later.sentence == "Your gala is on Sunday 14 February 2027; 3 weeks before it is Sunday 24 January 2027, " \
                             "so you're still in time."
    on_the_day = notice_consequence("Final menus are due 17 days before your event.", "our party is Dec 12", None, today)
    assert on_the_day is not None and on_the_day.sentence.endswith("is today, so today is the last day for it.")


def test_no_one_off_date_or_two_of_them_say_nothing() -> None:
    today = date(2026, 11, 25)
    rule = "Seating plans are due 18 days before your event."
    assert notice_consequence(rule, "When are seating plans due?", None, today) is None
    assert notice_consequence(rule, "Is it the 12 December or the 19 December party?", None, today) is None
    # a day and month just gone is a day gone by, not next year's
    assert notice_consequence(rule, "I booked on 20 November for my event", None, today) is None
    # a band of time before the date is no notice asked for
    assert notice_consequence("Less than 7 days before the recital: no changes.", "the recital is on 20 February 2027",
                              None, today) is None


def test_a_weekday_with_its_day_number_is_the_coming_one_that_falls_on_it() -> None:
    said = notice_consequence("Move your fitting free of charge up to 4 working days before your fitting.",
                              "my fitting is booked for next tuesday (the 1st), can we move it?", None, date(2026, 11, 25))
    assert said is not None and said.inside
    assert said.sentence == "Your fitting is on Tuesday 1 December; 4 working days before it is today, so today is the " \
                            "last day for it."


def test_a_one_off_date_is_read_from_what_the_profile_says_they_booked() -> None:
    from assistant.types import CustomerProfile, Order

    booked = CustomerProfile(name="Ines", orders=[Order(id="TR-7", items=["Canal boat, arrival 12 Mar 2027, 3 nights",
                                                                           "Deposit paid"])])
    rule = "The rest of the fare is due 30 days before your arrival date."
    said = notice_consequence(rule, "when do I pay the rest?", booked, date(2026, 11, 26))
    assert said is not None and said.inside
    assert said.sentence == ("Your arrival is on Friday 12 March 2027; 30 days before it is Wednesday 10 February "
                             "2027, so you're still in time.")
    # the date the message gives comes first; two bookings with arrivals name no one date
    twice = CustomerProfile(name="Ines", orders=[*booked.orders, Order(id="TR-8", items=["arrival 2 Apr 2027"])])
    assert notice_consequence(rule, "when do I pay the rest?", twice, date(2026, 11, 26)) is None


def test_a_stay_booked_as_a_range_of_days_arrives_on_its_first_day() -> None:
    from assistant.types import CustomerProfile

    customer = CustomerProfile.model_validate({"name": "Ana Ruiz", "orders": [
        {"id": "ST-1", "status": "confirmed", "items": ["Garden room, 2 dogs - 5 nights (10-15 Dec)"]}]})
    rule = "Boosters must be given at least 10 days before the arrival date."
    got = notice_consequence(rule, "What do I need to do before the stay?", customer, date(2031, 11, 26))
    assert got is not None and got.sentence.startswith("Your arrival is on Wednesday 10 December; 10 days before it")
    # a date the range does not settle (which day of the stay is "the booking"?) gives nothing
    vague = "Changes must be made at least 10 days before the booking date."
    assert notice_consequence(vague, "Can I change it?", customer, date(2031, 11, 26)) is None


def test_what_must_be_done_long_enough_before_their_date_is_checked_on_the_day_they_did_it() -> None:
    from datetime import date as day

    from assistant.notice_dates import notice_consequence
    today = day(2031, 3, 5)
    rule = "Tetanus jab: given at least 21 days before the start date of the dig."
    late = notice_consequence(rule, "my son had his tetanus jab on the 1st march, his dig starts on 15 March. ok?",
                              None, today)
    assert late is not None and not late.inside
    assert "Saturday 1 March is after that, so it is less than 21 days before" in late.sentence
    assert "the earliest start date is Saturday 22 March" in late.sentence
    early = notice_consequence(rule, "my son had his tetanus jab on 10 feb, his dig starts on 15 March. ok?", None,
                               today)
    assert early is not None and early.inside and "so it meets the 21 days" in early.sentence


def test_a_time_to_use_counted_from_a_start_still_to_come_gives_its_last_day() -> None:
    today = date(2031, 3, 3)  # a Monday
    rule = "A course pack must be used within 8 weeks of the date of the first class in the pack."
    said = notice_consequence(rule, "Thinking of a 6-class pack starting Saturday 15 March. How long do we have?",
                              None, today)
    assert said is not None and said.inside
    assert said.sentence == ("Your first class is on Saturday 15 March; 8 weeks from it is Saturday 10 May, the last "
                             "day for it.")
    months = notice_consequence("The card is valid for 3 months from the start date.",
                                "My card starts on 31 March, how long is it valid?", None, today)
    assert months is not None and "3 months from it is Monday 30 June" in months.sentence
    # a start gone by, two dates, or a time in working days: nothing said here
    assert notice_consequence(rule, "We started on Saturday 1 March, how long do we have?", None, today) is None
    assert notice_consequence(rule, "Starting 15 March or 22 March, how long?", None, today) is None
    assert notice_consequence("Use it within 10 working days of the start date.", "I start on 15 March.", None,
                              today) is None
