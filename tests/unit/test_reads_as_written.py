"""Sentences an agent would send as written: the customer's name from a signature block, acknowledgements only for a
feeling said, list items and table rows that stand alone, gap lines that never echo a request to us."""

from __future__ import annotations

from datetime import date

from assistant.analysis import MessageAnalyser
from assistant.customer_sign_off import signed_name
from assistant.issue import describe_issue
from assistant.personalisation import greeting_name
from assistant.places import place_in_rule, places_in
from assistant.tables import row_sentence, tables_in
from assistant.types import CustomerProfile, Order, Ticket
from models.generators import composer_phrases as ph
from models.generators.ask_gaps import indirect_question, names_nothing
from models.generators.composer import _gap_phrase
from models.generators.composer_policy import simplify, usable_sentences


def test_a_signature_block_is_signed_by_the_name_above_the_business() -> None:
    assert signed_name("Hi!\n\nWould a business account help?\n\nNiamh\nLough Candle Co.") == "Niamh"
    assert signed_name("Hello,\n\nWhat is this charge?\n\nRory Quinlan\nQuinlan Joinery") == "Rory Quinlan"
    assert signed_name("Hello,\n\nThanks for the help.\n\nThanks,\nMaria Lopez") == "Maria Lopez"
    ticket = Ticket(message="Hi!\n\nCould you pick them up?\n\nNiamh\nLough Candle Co.",
                    customer=CustomerProfile(name="Niamh O'Sullivan"))
    assert greeting_name(ticket) == "Niamh"


def test_a_question_asked_with_no_confusion_said_gets_no_confused_opener() -> None:
    assert not ph.states_feeling("confusion", "how much to ship a box to my aunt??")
    assert ph.states_feeling("confusion", "got a text saying 9kg whatever that means")
    assert ph.acknowledgement("confusion", None, "shipping", 0.0, stated=False) == []
    assert ph.acknowledgement("confusion", "how the fee works", "billing", 0.0, stated=False) == []
    assert ph.acknowledgement("confusion", None, "shipping", 0.0, stated=True)  # said: met
    # a double question mark is emphasis, not worry
    assert not ph.states_feeling("anxiety", "How much of that can I claim back??")


def test_praise_that_asks_whether_compensation_is_too_much_to_ask_is_sarcasm() -> None:
    message = ("Great stuff. Paid for the express slot and it turned up at 6.40pm. Brilliant. Really worth the money. "
               "Can I get something back or was that too much to ask")
    assert MessageAnalyser().analyse(message, []).emotion != "gratitude"


def test_a_place_in_a_named_area_is_said_with_the_area_as_the_sentence_names_it() -> None:
    rule = "You can ship a box to any address in the Federal Republic of Germany for €9.50."
    assert place_in_rule(rule, places_in("to my aunt in Munich")) == \
        "Munich is in the Federal Republic of Germany, so this applies to you."


def test_a_request_to_confirm_is_restated_as_what_it_asks() -> None:
    clause = indirect_question("Can you confirm whether that is right?")
    assert clause == "whether that is right" and names_nothing(clause)
    assert indirect_question("Could you check if the store opens on Sunday?") == "whether the store opens on Sunday"
    # a word said in passing is no gap of the sources ("my shift at work changed")
    assert _gap_phrase([], ["work"], "my shift at work changed, how much can I claim back?") is None


def test_table_rows_with_an_amount_key_an_instruction_key_or_a_remarks_column_read_as_sentences() -> None:
    text = ("Intro.\n\n| Goods value | Shipping | Total to pay |\n|---|---|---|\n| €40.00 | €6.00 | €16.58 |\n\n"
            "Options.\n\n| Option | Cost | Good to know |\n|---|---|---|\n"
            "| Move it to a locker | Free | Ready from 10:00 the following day |\n")
    first, second = tables_in(text)
    assert row_sentence(first[0]) == "For a goods value of €40.00, the shipping is €6.00 and the total to pay is €16.58."
    assert row_sentence(second[0]) == \
        "If you move it to a locker, it's free (ready from 10:00 the following day)."


def test_list_items_are_read_with_the_heading_or_lead_in_they_need() -> None:
    hold = ("## How long we hold your bag\n\n- **At the desk:** 3 days from the first failed collection attempt.\n"
            "- **At a locker:** 5 working days from the date it lands there.\n")
    assert usable_sentences(hold) == [
        "At the desk, we hold your bag for 3 days from the first failed collection attempt.",
        "At a locker, we hold your bag for 5 working days from the date it lands there."]
    examples = "## Worked examples\n\n- A Basic stay of £240 cancelled 5 days before arrival: £120 refunded.\n"
    assert usable_sentences(examples) == ["For example, a Basic stay of £240 cancelled 5 days before arrival: £120 "
                                          "refunded."]
    rates = ("Each stay is sold at one of two rates:\n\n- **Open rate** – paid at the desk when you arrive.\n"
             "- **Basic rate** – paid up front when you book, usually 10–15% cheaper.\n")
    said = usable_sentences(rates)
    assert "Each stay is sold at one of two rates." not in said  # a count of what follows says nothing alone
    assert "Basic rate – paid up front when you book, usually 10–15% cheaper." in said  # never run into the lead-in


def test_however_is_simplified_only_as_a_conjunction() -> None:
    assert simplify("However, the fee applies.") == "But the fee applies."
    assert "however you spread them" in simplify("A 3-day pass includes 20 rides however you spread them.")


def test_a_booking_description_is_not_the_thing_an_acknowledgement_names() -> None:
    order = Order(id="CB-1", date=date(2026, 11, 1), status="confirmed", items=["Cabin B – Lake, 3 nights, Basic"])
    issue = describe_issue("The cabin you gave us had no heating on Friday night.", order)
    assert issue.phrase is None or "Cabin B" not in issue.phrase


def test_a_cross_reference_to_another_page_is_left_out_of_the_reply() -> None:
    from models.generators.composer_policy import to_customer

    assert to_customer("If nobody is in (see Safe places), the driver leaves a card.") == \
        "If nobody is in, the driver leaves a card."
    assert to_customer("You may be able to pause for free instead — see Pausing your plan.") == \
        "You may be able to pause for free instead."


def test_free_fees_plural_heads_and_lost_things_read_naturally() -> None:
    text = ("Intro.\n\n| Service | Last booking date for travel before Easter |\n|---|---|\n| Express | 28 March |\n\n"
            "Text.\n\n| Case | Claim by |\n|---|---|\n| Parcel lost | 60 days after we received it |\n\n"
            "Text.\n\n| Distance | Fee |\n|---|---|\n| Same city | Free |\n")
    dates, claims, fees = tables_in(text)
    assert row_sentence(dates[0]) == "For Express, the last booking date for travel before Easter is 28 March."
    assert row_sentence(claims[0]).startswith("For a lost parcel, ")
    assert row_sentence(fees[0]) == "For the same city, there's no fee."


def test_a_plural_label_over_a_list_says_what_it_includes() -> None:
    from models.generators.composer_policy import to_customer

    assert to_customer("Family extras: two child seats, free wifi, one parking space and 10% off meals.") == \
        "Family extras include two child seats, free wifi, one parking space and 10% off meals."


def test_a_failure_reported_calmly_is_met_with_sorry_not_thanks() -> None:
    said = ph.acknowledgement("neutral", "nobody turned up as arranged", "other", 0.0)
    assert said and said[0].startswith("I'm sorry")


def test_a_price_listed_with_no_verb_is_said_as_the_charge() -> None:
    said = usable_sentences("## Extra guests\n\n- **£8 per night** for each extra guest, up to £40.\n")
    assert said == ["The charge is £8 per night for each extra guest, up to £40."]


def test_a_label_over_a_counted_clause_and_emphasis_in_a_table_cell() -> None:
    from models.generators.composer_policy import to_customer

    assert to_customer("Plan B: 40 GB per month is included.") == "For Plan B, 40 GB per month is included."
    assert to_customer("Example: 40 GB per month is included.").startswith("Example")
    rows = tables_in("Intro.\n\n| If | Result |\n|---|---|\n| Retry also fails | **£10 fee** added to your bill |\n")[0]
    assert "**" not in row_sentence(rows[0])


def test_faq_questions_are_left_out_and_a_sentence_leaning_back_is_said_with_its_antecedent() -> None:
    faq = ("## Frequently asked questions\n\n**What if the dock by my hotel is full?**\n"
           "Lock the bike at the next dock on the map.\n\n**I lost the key. What now?**\n"
           "Do not leave the bike unlocked.\n")
    said = usable_sentences(faq)
    assert "Lock the bike at the next dock on the map." in said and "Do not leave the bike unlocked." in said
    assert not any("?" in s or s.startswith("I lost") for s in said)
    leaning = "If you can't show a valid ID, we can't hand over the bike. Your hire is then counted as a no-show."
    assert usable_sentences(leaning) == [
        "If you can't show a valid ID, we can't hand over the bike; your hire is then counted as a no-show."]


def test_a_price_got_back_is_said_with_its_article() -> None:
    rows = tables_in("Intro.\n\n| When | What you get back |\n|---|---|\n| Any other time | Package price, minus a £20 fee |\n")[0]
    assert "you get back the package price, minus a £20 fee" in row_sentence(rows[0])


def test_a_short_verbless_item_of_a_list_is_no_sentence_of_its_own() -> None:
    kinds = "## Which bikes we hire\n\n- Road bikes and gravel bikes\n- Tandems\n- Cargo bikes (electric or pedal)\n"
    assert usable_sentences(kinds) == []  # each names a thing of a list: alone it answers nothing
    assert usable_sentences("## Care\n\n- Frames: wipe with a damp cloth.\n- Free servicing within 30 days.\n") == [
        "Frames: wipe with a damp cloth.", "Free servicing within 30 days."]


def test_a_table_cell_of_two_sentences_stays_one_row_sentence() -> None:
    from assistant.tables import row_sentence, tables_in
    rows = tables_in("| Days late | What happens | Fee |\n|---|---|---|\n"
                     "| 21 | We lock your unit. | $40 lock fee |\n| 10 | Your gate code stops working. Second reminder. | $15 |\n")[0]
    said = [row_sentence(r) for r in rows]
    assert "unit and the fee" in said[0] and ". and" not in said[0], said  # a cell's full stop ends no part
    assert "working; second reminder" in said[1] and said[1].count(".") == 1, said
