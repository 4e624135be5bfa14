"""Behaviours, asks and the customer's own facts, over the bundled sample with the real embedder."""

from __future__ import annotations

import re
from datetime import date

import pytest

from assistant.types import CustomerProfile, Order, Ticket, Turn

pytestmark = pytest.mark.integration
TODAY = date(2026, 11, 26)


def draft(container, message: str, **kw):  # noqa: ANN001, ANN003, ANN201
    return container.drafter.draft(Ticket(message=message, today=TODAY, **kw))


def test_each_behaviour_has_its_own_wording(sample_container) -> None:  # noqa: ANN001
    manager = draft(sample_container, "This is the third time I'm writing about my refund. I want a manager.",
                    history=[Turn(role="customer", text="Where is my refund?"), Turn(role="agent", text="Checking."),
                             Turn(role="customer", text="Any news on my refund?")])
    off_topic = draft(sample_container, "Can you help me fill in my tax return?")
    vague = draft(sample_container, "It stopped working.")
    assert (manager.behaviour, off_topic.behaviour, vague.behaviour) == ("handover", "decline", "clarify")
    assert "manager" in manager.text and manager.behaviour_reason
    assert off_topic.citations == [] and re.search(r"only help with|outside what I can help with", off_topic.text)
    assert vague.text.count("?") == 1 and "which item or order" in vague.text
    texts = {manager.text, off_topic.text, vague.text}
    assert len(texts) == 3


def test_a_yes_no_question_gets_a_plain_answer_first(sample_container) -> None:  # noqa: ANN001
    d = draft(sample_container, "Can I pause my Plus membership?")
    policy = [p for p in d.text.split("\n\n") if "[" in p][0]
    assert policy.startswith(("Yes", "No", "It depends")) and d.behaviour == "answer"
    # confidence is a calibrated probability (few drafts are sent unchanged); its signals say the answer comes first
    assert d.confidence_reasons and d.confidence_features["coverage"] == 1.0 and d.confidence_features["lead_match"] >= 0.5


def test_the_customers_dates_are_measured_against_the_window(sample_container) -> None:  # noqa: ANN001
    late = CustomerProfile(name="Maria Lopez", orders=[
        Order(id="NW-104823", date=date(2026, 9, 2), status="delivered", items=["Harbor Loafer"],
              delivered_on=date(2026, 9, 6))])
    d = draft(sample_container, "Can I still return the Harbor Loafer I bought?", customer=late)
    assert "6 September 2026" in d.text and "closed" in d.text
    assert not any(f.type == "unsupported_claim" for f in d.flags)


def test_a_message_in_another_language_is_recorded_and_flagged(sample_container) -> None:  # noqa: ANN001
    d = draft(sample_container, "Mi pedido llegó roto, la lámpara está rota. ¿Qué hago?")
    assert d.analysis.language == "es"
    assert any("Spanish" in f.message for f in d.flags if f.type == "needs_agent_input")  # the language by name
    # the agent reads it first, and plainly: the draft is English, not a translation
    assert d.flags[0].message.startswith("The customer wrote in Spanish") and "not a translation" in d.flags[0].message


def test_a_message_in_another_language_is_not_spell_corrected_into_english_words(sample_container) -> None:  # noqa: ANN001
    # corrected towards the index's English words, "combien" became "combine" and "retourner" "returned": the English
    # gist lost "how long" and nothing was found to answer with
    d = draft(sample_container, "Bonjour, combien de temps ai-je pour retourner un article ?")
    assert d.analysis.language == "fr" and "combien" in d.analysis.asks[0]
    assert d.behaviour == "answer" and d.citations


def test_a_damaged_parcel_is_answered_from_the_damage_policy_not_the_lost_parcel_one(sample_container) -> None:  # noqa: ANN001
    # "parcel" and "replacement" are lost-parcel words too: the section about the case the customer reports (damage)
    # is the one quoted, and what they ask for ("a replacement") is not what arrived damaged
    for message in ("My parcel arrived damaged and I need it by Friday",
                    "My parcel arrived damaged, can I get a replacement?"):
        d = draft(sample_container, message)
        assert d.citations and {c.doc_id for c in d.citations} == {"damaged-or-wrong-items"}, (message, d.text)
        assert "replacement arrived" not in d.text and "arrived damaged" in d.text


def test_a_request_nobody_offers_is_declined_and_an_unanswered_question_of_ours_is_not(sample_container) -> None:  # noqa: ANN001
    # asked of us in words no rule lists: declined kindly, not "checked with the team"
    for ask in ("who do you think will win the league this year?",
                "any chance you guys could suggest a cosy italian spot downtown for an anniversary dinner?"):
        d = draft(sample_container, ask, channel="chat")
        assert d.behaviour == "decline" and not d.citations, ask
    # about us, though no source answers it: checked with the team, never declined
    for ask in ("are you hiring at the moment?", "is there wifi while I wait?", "can I bring my dog along with me?",
                "do you have parking at your main site?"):
        assert draft(sample_container, ask, channel="chat").behaviour != "decline", ask


def test_someone_elses_account_and_a_takeover_are_handed_over_with_nothing_done(sample_container) -> None:  # noqa: ANN001
    third = draft(sample_container, "my partner's account is in her name but she's abroad. could you reset her password "
                                    "and email the link to me instead of her?", channel="chat")
    assert third.behaviour == "handover" and not third.citations
    assert "account holder" in third.text and not re.search(r"\b(?:I've|I have) (?:reset|sent|changed)\b", third.text)
    taken = draft(sample_container, "an email says my phone number was updated and now I am locked out of my account",
                  channel="chat")
    assert taken.behaviour == "handover"
