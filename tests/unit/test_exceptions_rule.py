"""Exceptions whose case the customer states lead the reply over the general rule (invented documents)."""

from datetime import date

from assistant.analysis import MessageAnalyser
from assistant.exceptions import exception_case, meets_case, met_exception
from assistant.types import DraftJob, Passage, Ticket
from models.embedders import HashingEmbedder
from models.generators.composer import ComposerGenerator

TRIP = "If the lead passenger is taken into hospital, or a close family member dies, we refund any fare in full."
OURS = "If we cancel the tour, or cannot provide a guide within 2 hours of the start, you get a full refund."
CLASSES = "Class packs are not refundable, except when your instructor leaves or you move abroad."


def test_the_case_of_an_exception_is_read() -> None:
    assert exception_case(TRIP) == "the lead passenger is taken into hospital, or a close family member dies"
    assert exception_case(CLASSES) == "your instructor leaves or you move abroad"


def test_a_case_is_met_with_everyday_words_for_the_same_event() -> None:
    assert met_exception(TRIP, "", "my mum passed away yesterday so we can't travel, is the fare lost?")
    assert met_exception(TRIP, "Special circumstances", "I've been taken into hospital with appendicitis")
    assert met_exception(CLASSES, "", "My instructor just quit, what about the 6 classes left on my pack?")
    # one shared word is not the case: "leave" alone, a family without a death
    assert not met_exception(CLASSES, "", "can I leave the class early?")
    assert not met_exception(TRIP, "", "my family wants to change the date")


def test_what_the_company_does_is_not_the_customers_case() -> None:
    # "we cancel" is the company's failure: a customer who wants to cancel does not meet it
    assert not meets_case(exception_case(OURS) or "", "I need to cancel the tour, and we found a guide ourselves")


def test_a_sentence_that_is_no_exception_is_never_met() -> None:
    assert not met_exception("If your mum died, please accept our condolences.", "Contact", "my mum died")


def test_the_exception_leads_and_the_general_rule_it_overrides_goes() -> None:
    rates = Passage(marker=1, doc_id="fares", chunk_id="f1", title="Fares", section="Basic fares", score=0.8,
                    text="## Basic fares\nBasic fares are not refundable and cannot be changed. Basic fares earn no "
                         "refund when you cancel.")
    exceptions = Passage(marker=2, doc_id="fares", chunk_id="f2", title="Fares", section="Exceptions", score=0.5,
                         text="## Exceptions\n- " + TRIP + " Send us the certificate within 30 days of cancelling.")
    message = "My dad died on Monday so the trip is off. I'm on a basic fare, do I lose the money?"
    job = DraftJob(ticket=Ticket(message=message, agent_name="Sam", today=date(2031, 3, 5)),
                   analysis=MessageAnalyser().analyse(message), evidence_ok=True, passages=[rates, exceptions])
    text = ComposerGenerator(HashingEmbedder()).generate(job).text
    assert "we refund any fare in full [2]" in text, text
    assert "Send us the certificate within 30 days of cancelling [2]" in text, text
    assert "not refundable" not in text and "no refund" not in text, text


def test_a_rule_leading_with_the_customers_case_is_said_over_an_exception_at_a_rules_end() -> None:
    passage = Passage(marker=1, doc_id="classes", chunk_id="c1", title="Classes", section="Class packs", score=0.8,
                      text="## Class packs\nUnused classes can be refunded within 14 days of purchase. " + CLASSES
                      + " If your instructor leaves the studio, you can move your classes to another instructor.")
    message = "I bought 10 classes in May and my instructor just quit. What happens to my classes?"
    job = DraftJob(ticket=Ticket(message=message, agent_name="Sam", today=date(2031, 3, 5)),
                   analysis=MessageAnalyser().analyse(message), evidence_ok=True, passages=[passage])
    text = ComposerGenerator(HashingEmbedder()).generate(job).text
    body = text.split("\n\n")[1]
    assert body.startswith("If your instructor leaves the studio, you can move your classes"), text
    assert "within 14 days" not in text, text
