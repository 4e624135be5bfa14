"""After a customer's window has closed, the options the policy gives for the time after it (invented sources)."""

from __future__ import annotations

from datetime import date

import numpy as np

from assistant.analysis import MessageAnalyser
from assistant.types import CustomerProfile, DraftJob, Order, Passage, Ticket
from models.embedders import HashingEmbedder
from models.generators.closed_window import after_window, as_options
from models.generators.composer import ComposerGenerator

WINDOW = Passage(marker=1, doc_id="bookings", chunk_id="b1", title="Changing a booking", section="The 24-hour window",
                 score=0.8, text="You can cancel a class booking within 24 hours of making it, free of charge.")
AFTER = Passage(marker=2, doc_id="bookings", chunk_id="b2", title="Changing a booking", section="After the first day",
                score=0.6, text=("Once the first day has passed, the booking can no longer be cancelled. "
                                 "Transfer the booking to a friend from your account page. "
                                 "Swap the class for another date at the front desk."))
OTHER = Passage(marker=3, doc_id="memberships", chunk_id="m1", title="Memberships", section="After you leave",
                score=0.5, text="Rejoin online at any time with your old member number.")


def _rows(passages: list[Passage]):
    from models.generators.composer_policy import usable_sentences
    return [(p, usable_sentences(p.text), np.zeros((len(usable_sentences(p.text)), 4), np.float32)) for p in passages]


def test_the_section_about_the_time_after_gives_the_options_not_the_closed_rule_again() -> None:
    options = after_window(_rows([WINDOW, AFTER, OTHER]), (1, 0), spoken=set())
    assert [o.text for o in options] == ["Transfer the booking to a friend from your account page.",
                                         "Swap the class for another date at the front desk."]


def test_another_documents_after_section_is_not_this_windows() -> None:
    assert after_window(_rows([WINDOW, OTHER]), (1, 0), spoken=set()) == []


def test_a_sentence_of_the_windows_passage_about_what_applies_later_is_an_option() -> None:
    damage = Passage(marker=1, doc_id="damage", chunk_id="d1", title="Damaged goods", section="Report within 3 days",
                     text=("Report transport damage within 3 days of delivery. Faults that appear later are handled "
                           "under the manufacturer's warranty instead. Keep the box."))
    options = after_window(_rows([damage]), (1, 0), spoken=set())
    assert [o.text for o in options] == ["Faults that appear later are handled under the manufacturer's warranty instead."]


def test_instructions_are_joined_as_what_the_customer_can_still_do() -> None:
    assert as_options(["Transfer the booking to a friend.", "Swap the class for another date."]) == (
        "You can still transfer the booking to a friend, or swap the class for another date.")
    assert as_options(["Transfer the booking to a friend."]) is None
    assert as_options(["Transfer the booking to a friend.", "The fee is not refunded."]) is None


def test_a_closed_window_draft_says_how_long_ago_and_what_is_still_possible() -> None:
    composer = ComposerGenerator(HashingEmbedder())
    message = "I need to cancel the yoga class I booked, can I still cancel it?"
    profile = CustomerProfile(name="Ana Ruiz", orders=[Order(id="BK-2291", date="2026-11-20", status="confirmed",
                                                             items=["Yoga class"])])
    ticket = Ticket(message=message, channel="email", customer=profile, agent_name="Sam", today=date(2026, 11, 26))
    job = DraftJob(ticket=ticket, analysis=MessageAnalyser().analyse(message), evidence_ok=True,
                   passages=[WINDOW, AFTER])
    text = composer.generate(job).text
    assert "more than 24 hours ago, so the 24-hour window has already closed" in text
    assert "You can still transfer the booking to a friend from your account page, or swap the class" in text


def test_list_items_said_with_one_lead_in_are_joined_as_the_list_is() -> None:
    later = Passage(marker=2, doc_id="damage", chunk_id="d2", title="Damaged goods", section="Faults after the first week",
                    text=("If a fault appears after the first week, it is covered by:\n\n"
                          "- the return window if it is still open (21 days), and\n"
                          "- after that, the manufacturer's warranty.\n\nSee our warranty page for the details."))
    window = Passage(marker=1, doc_id="damage", chunk_id="d1", title="Damaged goods", section="Report within 3 days",
                     text="Report transport damage within 3 days of delivery.")
    (option,) = after_window(_rows([window, later]), (1, 0), spoken=set())
    assert option.text.startswith("If a fault appears after the first week, it is covered by the return window if it "
                                  "is still open (21 days)")
    assert option.text.endswith(" and after that, the manufacturer's warranty.")
    assert "covered by after that" not in option.text


def test_items_rendered_one_by_one_are_merged_back_into_their_list() -> None:
    from models.generators.closed_window import _merged
    from models.generators.composer_policy import PolicySentence
    lead = "If a fault appears after the first week, it is covered by"
    items = [PolicySentence(2, 0, f"{lead} the return window if it is still open (21 days, 45 for members)", 0.0),
             PolicySentence(2, 1, f"{lead} after that, the manufacturer's warranty.", 0.0)]
    text = "- the return window if it is still open (21 days, 45 for members), or\n- after that, the warranty."
    (merged,) = _merged(items, {2: text})
    assert merged.text == f"{lead} the return window if it is still open (21 days, 45 for members), or after that, " \
                          "the manufacturer's warranty."


def test_instead_alone_is_another_request_not_what_applies_after_the_window() -> None:
    window = Passage(marker=1, doc_id="orders", chunk_id="o1", title="Orders", section="The 2-hour window", text=(
        "You can change an order within 2 hours of placing it. You cannot add items to an order; please place a "
        "second order instead."))
    assert after_window(_rows([window]), (1, 0), spoken=set()) == []


def test_a_window_of_hours_is_measured_against_a_booking_day_only_for_a_customer_asking_to_act() -> None:
    from assistant.customer_facts import consequence, elapsed_events
    profile_order = Order(id="BK-3310", date="2026-11-20", status="confirmed", items=["Spin class"])
    events = elapsed_events("", profile_order, date(2026, 11, 26))
    rule = "You can cancel a class booking within 24 hours of making it, free of charge."
    asked = consequence(rule, events, message="can I still cancel the spin class?")
    assert asked is not None and not asked.inside
    # a customer asking what a charge was for is not told that a window of hours closed days ago
    assert consequence(rule, events, message="what is the $9 on my card for?") is None
    # a window of days is measured against the booking's day whatever they ask
    assert consequence("You can cancel a class booking within 3 days of making it.", events,
                       message="what is the $9 on my card for?") is not None
