"""A message in another language is read through an English gist rich enough to find its document (cover, claims,
money, travel words; compounds; names the documents use), the agent is told the language by name; and an opening
line fits the problem: a rejected claim is no failed payment, a sign-off's "Many thanks" is no thank-you message,
"the same order" in a document is no customer's order."""

from __future__ import annotations

from assistant.analysis import MessageAnalyser
from assistant.gloss import english_gist
from assistant.issue import describe_issue
from assistant.language import language_name
from models.generators.composer_phrases import speaks_of


def test_a_spanish_theft_question_keeps_what_was_stolen_and_what_they_ask() -> None:
    gist = english_gist("Hola, ayer me robaron la cartera en el tren, llevaba 200 libras en efectivo. ¿Me lo cubre "
                        "el seguro? ¿Tengo que ir a la policía?")
    for word in ("stolen", "wallet", "200", "pounds", "cash", "cover", "insurance", "do i have to", "police"):
        assert word in gist


def test_a_german_compound_is_read_as_its_parts_and_may_is_not_never() -> None:
    gist = english_gist("Ich habe Ihre Jahresreiseversicherung seit Mai. Muss ich Ihnen das melden?")
    assert "annual travel insurance" in gist and "do i have to" in gist and "never" not in gist


def test_a_capitalised_name_the_documents_use_is_kept_however_short() -> None:
    known = {"max", "roaming"}.__contains__
    assert "max" in english_gist("Me voy a Estados Unidos. Tengo el plan Max. ¿Cuánto cuesta?", known).split()
    assert "usa" in english_gist("Me voy a Estados Unidos. ¿Cuánto cuesta?").split()


def test_the_language_is_named_for_the_agent() -> None:
    assert language_name("es") == "Spanish" and language_name("de") == "German" and language_name("xx") == "'xx'"


def test_a_rejected_claim_is_not_a_failed_payment_and_the_stolen_thing_is_the_one_said() -> None:
    issue = describe_issue("YOU HAVE REJECTED MY CLAIM 5512 FOR MY BIKE THAT WAS STOLEN AT THE STATION.")
    assert issue.phrase == "your bike was stolen"
    assert describe_issue("my card keeps getting declined at the till").phrase == "your payment didn't go through"
    assert describe_issue("my payment was rejected twice").phrase == "your payment didn't go through"


def test_a_delivery_the_driver_marked_as_missed_is_said_as_such_before_any_fee() -> None:
    issue = describe_issue("your van man says no one was home AGAIN and now I have to pay £30 to get my own table??")
    assert (issue.kind, issue.phrase) == ("missed_attempt", "your delivery was marked as missed")
    assert describe_issue("can I change where my table is delivered?").kind != "missed_attempt"
    assert describe_issue("WHERE IS MY PARCEL, now the courier says I wasnt home??").kind == "missed_attempt"


def test_a_file_rejected_with_no_payment_in_sight_is_no_failed_payment() -> None:
    assert describe_issue("your checker rejected my poster artwork four times now, brilliant").phrase is None
    assert describe_issue("declined again when I tried to pay for the upgrade").phrase == "your payment didn't go through"


def test_many_thanks_signing_off_questions_is_politeness_not_gratitude() -> None:
    message = ("My mum had a fall and I can't travel next week. How much will I get back? Should I cancel now or "
               "wait?\n\nMany thanks, Sarah Okafor")
    assert MessageAnalyser().analyse(message, []).emotion != "gratitude"
    thanks = "Just wanted to say many thanks to Ellie in your chat team, she was brilliant."
    assert MessageAnalyser().analyse(thanks, []).emotion == "gratitude"


def test_an_order_of_things_is_no_customers_order() -> None:
    assert not speaks_of("payments", "For every claim we follow the same order: the excess, then the limit.")
    assert not speaks_of("payments", "Call us in order to add a traveller.")
    assert speaks_of("payments", "You can pay for your order with PayPal.")


def test_a_missing_part_needs_a_delivery_and_the_app_is_not_the_website() -> None:
    assert describe_issue("The parcel came but only got one of the two mugs").phrase == "something is missing from your parcel"
    assert describe_issue("The energy firm took the debit twice. I've only got one bill! Can you get it back?").kind != "missing"
    assert describe_issue("i tried to send the deposit and the app wont let me??").phrase == "part of our app didn't work for you"
    assert describe_issue("the checkout page doesn't load").phrase == "part of our website didn't work for you"


def test_a_claim_turned_down_is_said_as_that_never_as_damage_or_a_payment() -> None:
    issue = describe_issue("Your repairs desk rejected my warranty claim for the crack in the sink, after your fitter "
                           "left a dent in the worktop.")
    assert (issue.kind, issue.phrase) == ("claim_refused", "your warranty claim was turned down")


def test_whom_it_happened_to_is_read_where_it_is_told() -> None:
    message = ("We were going to my dad's retirement do on the 4th. Then my brother went and broke his wrist at "
               "football, so nobody can drive.")
    assert describe_issue(message).phrase == "your brother got hurt"
    assert describe_issue("the walker nicked my dog's paw with the lead clip, blood everywhere").phrase == \
        "your dog got hurt"
    assert describe_issue("Our sweet boy Rusty passed away on Monday. Please cancel his stays.").phrase == \
        "you've lost Rusty"
