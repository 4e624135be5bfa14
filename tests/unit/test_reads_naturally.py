"""Sentences a reply says read as one reply: an example with its working, a list of ways with its lead, an order
named by what was bought, a window named in the source's own words."""

from __future__ import annotations

from datetime import date

from assistant.grounding.windows import Window
from assistant.personalisation import order_label
from assistant.types import Order
from models.generators.composer_policy import to_customer, usable_sentences


def test_an_examples_set_up_and_its_working_are_one_sentence() -> None:
    text = "Refunds are pro rata.\n\n**Example:** you bought 5 sessions for £210 and used 2. £210 − (2 × £45) = £120.\n"
    said = usable_sentences(text)
    assert "Example: you bought 5 sessions for £210 and used 2; £210 − (2 × £45) = £120." in said, said
    assert not any(s.startswith("£210") for s in said), said


def test_a_list_of_ways_under_a_how_to_heading_is_read_with_it() -> None:
    text = "- Using the online form at example.com/cancel\n- By email to help@example.com, with your member number\n"
    said = usable_sentences(text, "How to cancel")
    assert "You can cancel by email to help@example.com, with your member number." in said, said
    assert not any(s.startswith("By email") for s in said), said
    # without such a heading the items stay as they were
    assert "You can" not in " ".join(usable_sentences(text, "Other ways"))


def test_an_order_is_named_by_what_was_bought_never_by_its_record_lines() -> None:
    order = Order(id="A-1", date=date(2026, 1, 1), items=["Move-out date 2026-10-05", "Premier Cover (start 2026-04-02)"])
    assert order_label(order) == "order #A-1 (Premier Cover)"
    assert order_label(Order(id="B-2", items=["Moved 2026-10-05"])) == "order #B-2"


def test_a_window_is_named_in_the_sources_own_words() -> None:
    assert Window(10, "day", True, None, "within 10 working days").label == "10-working-day"
    assert Window(5, "day", True, None, "within 5 business days").label == "5-business-day"


def test_a_kind_of_customer_named_in_several_words_is_said_to_the_reader() -> None:
    assert to_customer("Pay on receipt customers can ask for any credit over £5 back.") == \
        "If you are a pay on receipt customer, you can ask for any credit over £5 back."


def test_small_grammar_of_a_sentence_said_to_the_customer() -> None:
    from assistant.issue import describe_issue
    from assistant.tables import key_phrase

    # "you" after a preposition is no subject; a label that opens with a participle reads as written
    assert to_customer("Taking your broadband with you is usually straightforward.") == \
        "Taking your broadband with you is usually straightforward."
    assert to_customer("Held up under 12 hours: nothing to claim from us.") == \
        "Held up under 12 hours: nothing to claim from us."
    # an act is said without an article; a lost "mine" names nothing to say back
    assert key_phrase("Adding a traveller") == "adding a traveller"
    assert key_phrase("Each further lost fob in 12 months") == "each further lost fob in 12 months"  # no name
    assert key_phrase("Days 8–21") == "days 8–21"
    issue = describe_issue("ordered a new card after i lost mine on the 16th. STILL nothing.")
    assert "your mine" not in (issue.phrase or "")
    # a list item that is a clause of its own follows its whole-clause lead-in after a colon
    text = "There are two kinds of problem, and we handle them differently:\n\n- You didn't make the payment.\n"
    assert any(s.startswith("There are two kinds of problem, and we handle them differently: you didn't")
               for s in usable_sentences(text)), usable_sentences(text)
