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
