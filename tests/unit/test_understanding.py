"""Asks and facts in a message, the issue in the agent's words, policy windows and their consequences."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.asks import split_message
from assistant.customer_facts import consequence, elapsed_events
from assistant.grounding.windows import windows_in
from assistant.issue import describe_issue
from assistant.language import detect_language
from assistant.procedure import is_procedural, next_step, to_customer_voice
from assistant.types import Order


def test_two_questions_in_one_sentence_become_two_asks_in_order() -> None:
    parts = split_message("Hi, I bought a shirt two weeks ago. How long do I have to send it back, and does the return cost anything?")
    assert [a.kind for a in parts.asks] == ["duration", "amount"]
    assert parts.asks[0].text.startswith("How long")
    assert parts.statements == ["I bought a shirt two weeks ago."]


@pytest.mark.parametrize(("text", "kind"), [
    ("Can I pause my membership?", "yes_no"),
    ("How do I reset my password?", "steps"),
    ("Where is my parcel?", "status"),
    ("Why was my card declined?", "reason"),
    ("Please cancel my order.", "request"),
    ("Could you send me a new label?", "request"),
    ("Which colours does it come in?", "info"),
])
def test_ask_kinds(text: str, kind: str) -> None:
    assert [a.kind for a in split_message(text).asks] == [kind]


def test_a_statement_asks_nothing() -> None:
    parts = split_message("It stopped working. Thanks!")
    assert parts.asks == [] and parts.statements == ["It stopped working."]


def test_windows_are_parsed_with_their_anchor() -> None:
    (w,) = windows_in("You can return unworn items within 30 days of delivery.")
    assert (w.amount, w.unit, w.anchor, w.days) == (30, "day", "delivery", 30)
    (h,) = windows_in("Orders can be changed within 1 hour of placing them.")
    assert (h.unit, h.anchor, h.label) == ("hour", "order", "1-hour")
    (b,) = windows_in("Members get a 60-day return window.")
    assert b.label == "60-day" and b.anchor is None
    assert windows_in("Tracking shows we received it more than 5 business days ago.") == []
    assert windows_in("Refunds take 5 to 10 business days.") == []


def test_relative_times_in_the_message_are_measured_against_the_window() -> None:
    today = date(2026, 11, 26)
    inside = elapsed_events("I ordered 20 minutes ago, can I change the address?", None, today)
    assert inside[0].event == "order" and inside[0].days == pytest.approx(20 / 1440)
    result = consequence("You can change an order within 1 hour of placing it.", inside)
    assert result is not None and result.inside and "1-hour" in result.sentence
    late = elapsed_events("It arrived 3 weeks ago and the handle is cracked.", None, today)
    closed = consequence("Report damage within 7 days of delivery.", late)
    assert closed is not None and not closed.inside and "closed" in closed.sentence and "21" not in closed.sentence


def test_profile_dates_are_stated_from_the_profile() -> None:
    order = Order(id="NW-1", date=date(2026, 10, 2), delivered_on=date(2026, 10, 6), status="delivered")
    events = elapsed_events("Can I still send these back?", order, date(2026, 11, 26))
    result = consequence("You have 30 days from delivery to start a return.", events)
    assert result is not None and not result.inside
    assert result.sentence.startswith("Your order #NW-1 was delivered on 6 October 2026")


def test_no_window_or_no_date_means_no_consequence() -> None:
    assert consequence("Refunds go back to the original payment method.", elapsed_events("3 weeks ago", None, date(2026, 11, 26))) is None
    assert consequence("You can return items within 30 days of delivery.", []) is None


def test_issue_is_paraphrased_never_copied() -> None:
    issue = describe_issue("My jacket arrived with a torn seam, I'm FURIOUS")
    assert issue.kind == "damaged" and issue.phrase == "your jacket arrived damaged"
    twice = describe_issue("lol you charged you TWICE for the same order")
    assert twice.phrase == "you were charged twice"
    assert describe_issue("Can I pause my membership?").phrase is None


def test_damage_after_weeks_of_use_is_a_fault_not_a_damaged_delivery() -> None:
    worn = describe_issue("I bought this coat 5 weeks ago and the zip already broke. Is that covered?")
    assert worn.kind == "broke_in_use" and worn.phrase == "your coat let you down so soon" and worn.fault
    assert describe_issue("My kettle broke after a few uses").kind == "broke_in_use"
    # the delivery is named: damaged on arrival, however long ago it was bought
    assert describe_issue("I ordered a mug 3 weeks ago and it arrived broken").kind == "damaged"
    assert describe_issue("My lamp is broken").kind == "damaged"


def test_issue_object_is_never_a_contraction_and_not_working_reads_every_negation() -> None:
    stalled = describe_issue("Tracking on my order hasn't moved in 10 days. Fix this now.")
    assert stalled.kind == "stalled" and stalled.phrase == "the tracking for your order has stopped moving"
    assert describe_issue("the earbuds don't connect to my phone").phrase == "your earbuds aren't working as they should"
    assert describe_issue("the lamp wasn't working when it came").kind == "not_working"
    # a person who "didn't work out" a size reports no fault
    assert describe_issue("I didn't work out the size before ordering").kind == ""


@pytest.mark.parametrize(("message", "kind", "phrase"), [
    ("my heat pad is hot and smells like burning plastic", "safety", "your heat pad became unsafe to use"),
    ("The mixer you sent me caught fire on the counter", "safety", "your mixer became unsafe to use"),
    ("Courier took my package off the steps, it's on video", "stolen", "your parcel was taken after it was delivered"),
    ("Package still missing, I wrote last week", "not_arrived", "your parcel hasn't reached you yet"),
    ("the same missing refund again", "refund_missing", "your refund hasn't reached you yet"),
    ("Only the plates came, the bowls aren't in the box", "missing", "something is missing from your parcel"),
    ("ordered a small, you sent a large", "wrong_item", "you received the wrong item"),
    ("Tracking says delivered but there's nothing at my door", "lost", "your order shows as delivered but hasn't reached you"),
    ("There are two identical payments on my statement for one order", "double_charge", "you were charged twice"),
    ("you cancelled my order without asking", "cancelled", "your order was cancelled"),
    ("I ended the subscription and you still charged me", "wrong_charge", "you were charged when you didn't expect to be"),
    ("The sofa cushion came with a rip in the cover", "damaged", "your sofa cushion arrived damaged"),
    ("my order still hasn't shipped after a week", "not_arrived", "your order hasn't shipped yet"),
    ("the app doesn't work with my screen reader", "site", "part of our app didn't work for you"),  # the app, as they said
    ("Can I cancel a pre-order? It hasn't shipped yet.", "", None),  # a fact, not a complaint
    ("I'm writing an article about delivery delays in winter", "", None),
])
def test_issue_kinds_and_objects(message: str, kind: str, phrase: str | None) -> None:
    issue = describe_issue(message)
    assert (issue.kind, issue.phrase) == (kind, phrase)


def test_nothing_to_photograph_when_the_parcel_never_arrived() -> None:
    from assistant.analysis import MessageAnalyser
    from assistant.types import CustomerProfile, DraftJob, Passage, Ticket
    from models.embedders import HashingEmbedder
    from models.generators.composer import ComposerGenerator

    lost = Passage(marker=1, doc_id="lost-parcels", chunk_id="l1", title="Lost parcels", score=0.8,
                   text="A parcel counts as lost when its tracking has not changed for 6 days. "
                        "We then send a replacement or a refund.")
    profile = CustomerProfile(name="Ines Ruiz", orders=[Order(id="ZX-5521", date="2026-11-01", status="shipped",
                                                              items=["Desk lamp"])])
    damaged = Passage(marker=1, doc_id="damage", chunk_id="d1", title="Damaged deliveries", score=0.8,
                      text="Report an item that arrived damaged within 5 days of delivery, with a photo of the damage. "
                           "We then send a replacement.")
    composer = ComposerGenerator(HashingEmbedder())
    for message, passage, photo in [("My parcel's tracking hasn't moved in 9 days, where is it?", lost, False),
                                    ("My desk lamp arrived damaged. How do I report it?", damaged, True),
                                    # documentation that never speaks of photos: no photo is asked for
                                    ("My desk lamp arrived damaged. How do I report it?", damaged.model_copy(update={
                                        "text": "Report an item that arrived damaged within 5 days of delivery."}), False)]:
        ticket = Ticket(message=message, channel="email", customer=profile)
        analysis = MessageAnalyser().analyse(message)
        text = composer.generate(DraftJob(ticket=ticket, analysis=analysis, evidence_ok=True, passages=[passage])).text
        assert ("photo" in text) is photo, text


def test_language_detection() -> None:
    assert detect_language("Can I pause my Plus membership?") == "en"
    assert detect_language("Mi lámpara llegó rota, ¿qué hago?") == "es"
    assert detect_language("Ma commande est arrivée endommagée") == "fr"
    # short words English shares with Spanish ("no", "a", "me") do not make a Spanish message English
    assert detect_language("Hola, olvidé mi contraseña y no puedo entrar a mi cuenta. ¿Me pueden ayudar?") == "es"
    assert detect_language("Hi, this is José, my order hasn't arrived yet") == "en"
    assert detect_language("Me too, I want a refund") == "en"
    # a message of names only says no other language; capitalised words of another language still do
    assert detect_language("Benjamin Denton & Hilary Briss") == "en"
    assert detect_language("Guten Tag Ich Brauche Hilfe") == "de"


def test_procedure_becomes_the_customers_next_step() -> None:
    manual = ("All chats start by asking the customer for their full name or Account ID using [Pull up Account]. "
              "Tell the customer you cannot get their password, but you can generate a new one for them.")
    assert is_procedural(manual)
    step = next_step([manual])
    assert step.needs == ["full name or account ID"]
    assert step.tells == ["I cannot get your password, but I can generate a new one for you."]
    assert not is_procedural("You can return unworn items within 30 days of delivery. Refunds take 5 days.")
    assert to_customer_voice("they will receive it in 3 days") == "You will receive it in 3 days."


def test_order_references_are_left_out_of_a_policy_search() -> None:
    from assistant.personalisation import without_references

    # the reference says which order, never which policy ("NW-" would find the page showing an example number)
    assert without_references("You charged me twice for order NW-20417. Fix it.") == "You charged me twice for order. Fix it."
    assert without_references("Where is my order number #48213?") == "Where is my order?"
    assert without_references("Can I return it within 30 days?") == "Can I return it within 30 days?"


def test_a_question_word_and_its_verb_ask_without_a_question_mark() -> None:
    asks = split_message("what is the difference between a refund and store credit").asks
    assert [a.kind for a in asks] == ["info"]
    assert split_message("what happened to the parcel I sent back").asks
    # an exclamation or a clause that starts with "what" asks nothing
    assert not split_message("What a mess.").asks


def test_what_the_customer_asks_to_get_is_not_what_the_problem_happened_to() -> None:
    assert describe_issue("My parcel arrived damaged, can I get a replacement?").phrase == "your order arrived damaged"
    assert describe_issue("My replacement arrived damaged too").phrase == "your replacement arrived damaged"
    assert describe_issue("It arrived damaged, can I send the lamp back?").phrase == "your lamp arrived damaged"


def test_a_topic_of_several_cases_is_searched_by_the_reported_case() -> None:
    from assistant.issue import topic_words

    assert topic_words("lost_damaged", "My parcel arrived damaged") == "damaged"
    assert topic_words("lost_damaged", "my parcel was stolen from the porch") == "stolen"
    assert topic_words("lost_damaged", "you sent me the wrong item") == "wrong item"
    assert topic_words("order_changes", "can I change my address?") == "order changes"
    assert topic_words("other", "hello") == ""


def test_a_word_said_of_that_or_a_list_just_given_is_no_thing_to_ask_about() -> None:
    from assistant.behaviour import _references

    assert not [r for r in _references("it was really hot when I unplugged it. is that normal or should I return it")
                if r[0] == "normal"]
    said = "Our invoice needs our company name and our tax ID. Could you please re-issue the invoice with those details?"
    assert not [r for r in _references(said) if r[0] == "details"]
    assert [r for r in _references("Is this library open on Sundays?") if r[0] == "library"]


def test_a_parent_named_as_the_customer_calls_them_is_a_bereavement_met_before_any_thanks() -> None:
    from models.generators import composer_phrases as ph

    message = ("I'm writing about my father. Dad passed away on the 9th of November. Please stop the payments. "
               "Thank you, Hannah")
    issue = describe_issue(message)
    assert issue.phrase == "you've lost your dad"
    assert "condolences" in ph.acknowledgement("gratitude", issue.phrase, "membership", 0.5)[0]
    assert describe_issue("Her mother died last year and she wants to cancel").kind != "bereavement"


def test_hours_or_some_of_something_lost_are_no_lost_belonging() -> None:
    assert describe_issue("I owe about £240, lost some hours at work since September").kind != "lost_own"
    assert describe_issue("I lost my wallet at the gym").phrase == "you've lost your wallet"
