"""Waits the customer has passed: the time something takes to reach them, or a wait a step needs (invented sources)."""

from __future__ import annotations

from datetime import date

from assistant.analysis import MessageAnalyser
from assistant.asks import split_message
from assistant.customer_facts import FALLBACK, elapsed_events, overdue
from assistant.issue import describe_issue
from assistant.types import DraftJob, Passage, Ticket
from models.embedders import HashingEmbedder
from models.generators.composer import ComposerGenerator

TODAY = date(2026, 11, 26)


def test_a_code_that_should_have_arrived_is_said_to_be_overdue() -> None:
    events = elapsed_events("I joined the loyalty club two hours ago and still no voucher", None, TODAY)
    result = overdue("Your voucher arrives by e-mail within 15 minutes of signing up.", events)
    assert result is not None and result.overdue
    assert result.sentence == "As it has been more than 15 minutes since you signed up, it should have reached you by now."
    # not yet past it: nothing to say
    early = elapsed_events("I joined the loyalty club 5 minutes ago", None, TODAY)
    assert overdue("Your voucher arrives by e-mail within 15 minutes of signing up.", early) is None


def test_a_wait_a_step_needs_is_measured_from_the_date_the_customer_gives() -> None:
    rule = "If the shipment status has not changed for 5 days, we open a claim with the courier."
    passed = elapsed_events("The status has said 'at depot' since the 14th.", None, TODAY)
    result = overdue(rule, passed)
    assert result is not None and result.sentence == "It has now been more than 5 days, so this applies to you."
    assert overdue(rule, elapsed_events("It has said 'at depot' since the 24th.", None, TODAY)) is None


def test_a_processing_time_with_no_customer_wait_is_not_overdue() -> None:
    assert overdue("Your voucher arrives by e-mail within 15 minutes of signing up.", []) is None


def test_the_sources_fallback_sentence_is_recognised() -> None:
    assert FALLBACK.match("If it does not, check your junk folder.")
    assert FALLBACK.match("If you haven't received it, call us.")
    assert not FALLBACK.match("If you are a member, shipping is free.")


def test_a_call_for_attention_is_no_ask_and_a_stalled_tracking_is_a_problem() -> None:
    message = "Tracking has said 'at depot' since the 14th. Nothing since. Hello??"
    parts = split_message(message)
    assert parts.asks == [] and len(parts.statements) == 2
    assert describe_issue(message).kind == "stalled"
    assert split_message("anyone there??").asks == []


def test_an_overdue_draft_says_so_and_gives_the_fallback() -> None:
    offer = Passage(marker=1, doc_id="club", chunk_id="c1", title="Loyalty club", score=0.8, text=(
        "Join the loyalty club and get a voucher for 5 euros. Your voucher arrives by e-mail within 15 minutes of "
        "signing up. If it does not, check your junk folder."))
    composer = ComposerGenerator(HashingEmbedder())
    message = "joined the loyalty club two hours ago and the voucher e-mail still hasn't arrived"
    ticket = Ticket(message=message, channel="email", agent_name="Sam", today=TODAY)
    job = DraftJob(ticket=ticket, analysis=MessageAnalyser().analyse(message), evidence_ok=True, passages=[offer])
    text = composer.generate(job).text
    assert "more than 15 minutes since you signed up" in text
    assert "If it does not, check your junk folder [1]." in text
