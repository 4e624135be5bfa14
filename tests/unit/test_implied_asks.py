"""A stated problem with no question is answered as the question it implies; light words are no part of an ask."""

from __future__ import annotations

import pytest

from assistant.analysis import MessageAnalyser
from assistant.issue import IMPLIED_QUESTIONS, describe_issue
from assistant.types import DraftJob, Passage, Ticket
from models.embedders import HashingEmbedder
from models.generators.composer import ComposerGenerator, uncovered_parts

REFUNDS = Passage(marker=1, doc_id="refunds", chunk_id="f1", title="When your refund arrives", score=0.7, text=(
    "We refund your return within 4 business days of it reaching our warehouse. Your bank may take another 3 to 6 "
    "business days to show the refund. If your refund has not arrived after 10 business days, write to "
    "refunds@kestrelbikes.example with your order number."))
SHIPPING = Passage(marker=2, doc_id="shipping", chunk_id="s1", title="Delivery to Norway", score=0.6, text=(
    "Delivery to Norway costs 250 NOK and arrives in 4 to 6 business days."))


@pytest.mark.parametrize("message", [
    "I still haven't received my refund.",
    "sent the helmet back two weeks ago and have not got the money back",
    "no refund yet for my return",
    "return product two weeks ago not received refund",  # the English gist of a message in another language
])
def test_a_refund_that_has_not_arrived_is_recognised_however_it_is_said(message: str) -> None:
    issue = describe_issue(message)
    assert issue.kind == "refund_missing" and issue.phrase == "your refund hasn't reached you yet"
    assert IMPLIED_QUESTIONS[issue.kind].endswith("?")


def test_a_statement_of_a_problem_is_answered_not_handed_over() -> None:
    composer = ComposerGenerator(HashingEmbedder())
    message = "I sent the bike helmet back two weeks ago and I still haven't received my refund."
    ticket = Ticket(message=message, channel="email", agent_name="Sam")
    job = DraftJob(ticket=ticket, analysis=MessageAnalyser().analyse(message), evidence_ok=True,
                   passages=[REFUNDS, SHIPPING])
    generation = composer.generate(job)
    assert generation.behaviour == "answer"
    assert "[1]" in generation.text and "250 NOK" not in generation.text
    assert "refund hasn't reached you" in generation.text


def test_light_words_are_no_part_of_an_ask_the_sources_miss() -> None:
    # "take" and "back" name no subject: the delivery time and the refund are covered
    assert uncovered_parts("How much is delivery to Norway, and how long does it take?", [SHIPPING]) == []
    assert uncovered_parts("I want to cancel the order and get my $49 back", [REFUNDS, SHIPPING]) == []
    # a real second subject the sources never name is still found
    assert uncovered_parts("What does delivery to Norway cost, and what about gift wrapping?", [SHIPPING]) == ["gift wrapping"]
