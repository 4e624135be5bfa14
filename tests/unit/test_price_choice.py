"""A price asked with neither of the two choices a price table splits it by (its rows and its columns) gets one
question naming what picks the cell; a row, a column or a measure of theirs settles it and the table answers.
Over an invented bike-courier price list, not a development knowledge base."""

from __future__ import annotations

from assistant.analysis import MessageAnalyser
from assistant.asks import split_message
from assistant.behaviour import decide
from assistant.price_choice import price_choice, price_question
from assistant.reference_name import reference_name
from assistant.types import CustomerProfile, Order, Passage, Ticket

ANALYSER = MessageAnalyser()
PRICES = Passage(marker=1, doc_id="prices", chunk_id="prices#2", title="Courier prices", audience="public", score=0.6,
                 text="""## Prices

| Package | Max weight | Same day | Overnight |
|---|---|---|---|
| Envelope | 1 kg | £9.00 | £6.00 |
| Box | 8 kg | £15.00 | £11.00 |
| Crate | 25 kg | £32.00 | £24.00 |""")
RATES = Passage(marker=2, doc_id="rates", chunk_id="rates#1", title="Room rates", audience="public", score=0.6,
                text="| Room | Price per night |\n|---|---|\n| Single | £80 |\n| Double | £120 |")
SECTION = Passage(marker=1, doc_id="prices", chunk_id="prices#3", title="Courier prices", audience="public", score=0.6,
                  section="Prices > Oversized items", text="Items over 25 kg go by freight; ask us for a quote.")


def test_a_bare_price_question_over_a_table_priced_by_row_and_column_asks_for_both() -> None:
    reason = price_choice("how much to send something across town??", None, [PRICES])
    assert reason is not None
    question = price_question(reason)
    assert question is not None and "weight" in question and "Same day or Overnight" in question
    assert "£" not in question  # no price guessed before the choices are known


def test_a_named_row_column_or_measure_settles_it() -> None:
    assert price_choice("How much is a Box by Overnight?", None, [PRICES]) is None
    assert price_choice("how much for same day please?", None, [PRICES]) is None
    assert price_choice("How much to send a 5 kg parcel?", None, [PRICES]) is None
    held = CustomerProfile(name="Ada Brook", orders=[Order(id="C-1", status="booked", items=["Crate, Overnight"])])
    assert price_choice("how much will it be?", held, [PRICES]) is None


def test_a_one_dimensional_price_list_and_a_question_about_something_else_are_answered() -> None:
    assert price_choice("How much is a room?", None, [RATES]) is None  # one price per row: the list is the answer
    assert price_choice("Do you deliver on Sundays?", None, [PRICES]) is None
    # a refund asked for, and an amount they paid that the table holds: no price to choose
    assert price_choice("The vase came smashed. How much can I claim back?", None, [PRICES]) is None
    assert price_choice("I paid the 15.00 and it came late, what's the charge to send it again?", None, [PRICES]) is None
    cover = Passage(marker=3, doc_id="cover", chunk_id="cover#1", title="Cover", audience="public",
                    text="| Service | Standard cover | Maximum with top-up cover |\n|---|---|---|\n"
                         "| Same day | £50 | £500 |\n| Overnight | £25 | £250 |")
    assert price_choice("how much is it to ship a box?", None, [cover]) is None  # limits, not prices


def test_the_table_is_read_from_the_whole_document_of_a_retrieved_subsection() -> None:
    whole = Passage(marker=0, doc_id="prices", chunk_id="prices#whole", title="Courier prices", audience="public",
                    text=PRICES.text + "\n\n### Oversized items\n\n" + SECTION.text)
    assert price_choice("how much to send a parcel?", None, [SECTION]) is None
    assert price_choice("how much to send a parcel?", None, [SECTION], lambda: [whole]) is not None
    message = "how much to send a parcel?"
    decision = decide(Ticket(message=message), ANALYSER.analyse(message, []), split_message(message),
                      evidence_ok=True, best_score=0.6, passages=[SECTION], documents=lambda: [whole])
    assert decision.behaviour == "clarify"


def test_a_missing_thing_of_theirs_with_no_reference_asks_for_it_in_the_documents_words() -> None:
    message = "hey so my crate never turned up and its been weeks. what now??"
    decision = decide(Ticket(message=message), ANALYSER.analyse(message, []), split_message(message),
                      evidence_ok=True, best_score=0.6, passages=[PRICES])
    assert decision.behaviour == "clarify" and "not identified" in (decision.reason or "")
    waybill = Passage(marker=1, doc_id="t", chunk_id="t#1", title="Tracking", audience="public",
                      text="Your waybill number is on the receipt. Never give your card number to anyone.")
    assert reference_name([waybill]) == "waybill number"
    assert reference_name([waybill, Passage(marker=2, doc_id="o", chunk_id="o#1", title="Orders", audience="public",
                                            text="Quote your order number.")]) == "order number"
    assert reference_name([RATES]) == "order number"


def test_a_first_message_pointing_at_one_thing_nothing_answers_asks_which_rather_than_declining() -> None:
    from assistant.behaviour import pointed_thing

    message = "What are the opening hours of this county museum?"
    decision = decide(Ticket(message=message), ANALYSER.analyse(message, []), split_message(message),
                      evidence_ok=False, best_score=0.1, passages=[])
    assert decision.behaviour == "clarify" and "county museum" in (decision.reason or "")
    assert pointed_thing("Is this kettle dishwasher safe?") == "kettle"
    # the customer's own things, a way of speaking, a verb after a subject "this", "this particular X": no question
    for said in ("Can I return this order?", "Who pays the fee in this case?", "How long does this take?",
                 "does this cost extra?", "Is this particular model any good?"):
        assert pointed_thing(said) is None, said


def test_rows_named_by_a_question_are_asked_about_plainly() -> None:
    visits = Passage(marker=4, doc_id="visits", chunk_id="visits#1", title="Call-out", audience="public", score=0.6,
                     text="| When we come | Zone 1 | Zone 2 |\n|---|---|---|\n| Weekdays | £69 | £79 |\n"
                          "| Evenings and weekends | £99 | £109 |")
    reason = price_choice("how much is a call-out?", None, [visits])
    assert reason is not None
    question = price_question(reason)
    assert question is not None
    assert question.startswith("The price depends on when we come and on the option you choose (Zone 1 or Zone 2)")
    assert "which of these applies (Weekdays or Evenings and weekends)" in question
