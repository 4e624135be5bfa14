"""The behaviour decided before a draft is written: answer, clarify, handover or decline."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.analysis import MessageAnalyser
from assistant.asks import split_message
from assistant.behaviour import decide
from assistant.types import CustomerProfile, Order, Passage, Ticket, Turn

ANALYSER = MessageAnalyser()


def decision(message: str, *, evidence_ok: bool = True, best: float = 0.6, history: list[Turn] | None = None,
             customer: CustomerProfile | None = None, notes: list[Passage] | None = None):  # noqa: ANN201
    ticket = Ticket(message=message, history=history or [], customer=customer)
    analysis = ANALYSER.analyse(message, ticket.history)
    return decide(ticket, analysis, split_message(message), evidence_ok=evidence_ok, best_score=best,
                  internal_notes=notes or [])


@pytest.mark.parametrize(("message", "why"), [
    ("This is the third time I'm writing. I want to speak to a manager NOW.", "manager"),
    ("If my refund isn't here by Friday I'm contacting my lawyer.", "legal"),
    ("My power bank started smoking while charging last night.", "safety"),
    ("The brake on your hire canoe trolley failed and I fractured my ankle on the slipway.", "safety"),
    ("The seal on the wetsuit you lent me was split; I was shivering for hours and my GP said I was hypothermic.",
     "safety"),
    ("There is an order on my account that I did not place!", "authorise"),
    ("Your delivery ruined the party and I expect compensation.", "compensation"),
])
def test_handover_reasons(message: str, why: str) -> None:
    d = decision(message)
    assert d.behaviour == "handover" and why in (d.reason or "") and d.certainty >= 0.8


def test_a_third_contact_is_handed_over() -> None:
    history = [Turn(role="customer", text="Where is my refund?"), Turn(role="agent", text="We are checking."),
               Turn(role="customer", text="Any news on my refund?")]
    assert decision("Still nothing. Where is my refund?", history=history).behaviour == "handover"


def test_an_internal_escalation_rule_that_fits_the_message_hands_over() -> None:
    note = Passage(marker=1, doc_id="rules", chunk_id="r1", title="Escalation", audience="internal", score=0.6,
                   text="Escalate any chargeback dispute about a wholesale invoice to the finance team.")
    d = decision("My wholesale invoice shows a dispute I need resolved.", notes=[note])
    assert d.behaviour == "handover" and "escalation rule" in (d.reason or "")
    assert decision("Can I return my shoes?", notes=[note]).behaviour == "answer"


def test_a_repeat_contact_goes_where_the_companys_own_rule_for_it_says() -> None:
    # the note matched the message only weakly (score under the evidence bar), but its rule is for exactly this case
    note = Passage(marker=1, doc_id="rules", chunk_id="r2", title="Escalation", audience="internal", score=0.1,
                   text="- A customer who reports a leak for the third time in 60 days goes to the Repairs team.")
    d = decision("This is the third time I'm reporting the leak in my kitchen. Sort it out!", notes=[note])
    assert d.behaviour == "handover" and "Repairs team" in (d.reason or "")
    other = Passage(marker=1, doc_id="rules", chunk_id="r3", title="Escalation", audience="internal", score=0.1,
                    text="- Any press enquiry goes to the Communications team.")
    d = decision("This is the third time I'm reporting the leak in my kitchen. Sort it out!", notes=[other])
    assert d.behaviour == "handover" and "contacted us about this before" in (d.reason or "")


def test_a_how_to_question_about_my_order_needs_no_order_number_first() -> None:
    assert decision("How do I get a receipt for my order?").behaviour == "answer"
    assert decision("my order is wrong").behaviour == "clarify"  # their own case, and nothing said about it


def test_a_complaint_calling_a_fee_a_joke_is_not_off_topic() -> None:
    message = "YOU PUT A £25 LATE FEE ON MY BILL FOR TEN MINUTES. THIS IS A JOKE. I WANT IT BACK"
    assert decision(message, evidence_ok=False, best=0.3).behaviour != "decline"
    assert decision("can you tell me a joke?", evidence_ok=False, best=0.1).behaviour == "decline"


def test_off_topic_requests_are_declined() -> None:
    assert decision("Can you help me fill in my tax return?", evidence_ok=False, best=0.3).behaviour == "decline"
    assert decision("What is the capital of Peru?", evidence_ok=False, best=0.1).behaviour == "decline"
    # an in-scope question the sources cannot answer is not declined
    assert decision("Do you offer a resoling service for my loafers?", evidence_ok=False, best=0.3).behaviour == "answer"
    # ... nor is a message that asks something of ours beside the off-topic request
    assert decision("Who do I complain to about the new canteen menu, and how long does that take? Separately, can I "
                    "claim the fees on my tax return?", evidence_ok=False, best=0.3).behaviour != "decline"
    assert decision("I need help with my tax return. Can you help?", evidence_ok=False, best=0.3).behaviour == "decline"
    assert decision("random q, do u know any good boat insurance brokers?", evidence_ok=False,
                    best=0.2).behaviour == "decline"
    assert decision("can you help me punch up the cover letter for my sous chef application?", evidence_ok=False,
                    best=0.2).behaviour == "decline"
    assert decision("could you write a cheerful new year email for my clients? a pun would be nice",
                    evidence_ok=False, best=0.2).behaviour == "decline"
    assert decision("can you write me an email confirming my canoe booking?", evidence_ok=False,
                    best=0.2).behaviour != "decline"
    # a recommendation for a thing of another company's, whatever the sources say about ours
    assert decision("can you guys recommend somewhere to fix my own canoe? it's not one of yours").behaviour == "decline"


def test_a_message_about_a_documented_subject_is_not_declined_when_no_passage_answers() -> None:
    """``related``: the message's closeness to the documentation's own subjects, in words its passages lack."""
    def ask(message: str, related: float | None):  # noqa: ANN202
        ticket = Ticket(message=message)
        return decide(ticket, ANALYSER.analyse(message, []), split_message(message), evidence_ok=False,
                      best_score=0.28, related=lambda: related)

    outage = "my internet has been down since monday morning. do i get anything back for this?"
    assert ask(outage, None).behaviour == "decline"  # nothing says it is ours: as before
    assert ask(outage, 0.43).behaviour != "decline"  # their own service, close to a documented subject
    assert ask(outage, 0.20).behaviour == "decline"
    # without a thing of their own, only a close subject keeps it
    assert ask("is it going to snow in the mountains this weekend?", 0.39).behaviour == "decline"
    assert ask("is it going to snow in the mountains this weekend?", 0.50).behaviour != "decline"


def test_a_lawyer_is_a_threat_only_when_the_customer_brings_one_in() -> None:
    for threat in ("My attorney will be in touch if the $300 is not back by Monday.",
                   "I will speak to a solicitor about this.", "I'm filing a complaint with the attorney general."):
        d = decision(threat)
        assert d.behaviour == "handover" and "legal" in (d.reason or ""), threat
    # asking us for a referral is outside customer care: declined kindly, not escalated to the legal queue
    asked = decision("Can you recommend a good lawyer for my divorce?", evidence_ok=False, best=0.05)
    assert asked.behaviour == "decline"
    assert ANALYSER.analyse("Can you recommend a good lawyer for my divorce?", []).emotion != "anger"


def test_vague_messages_and_ambiguous_orders_are_clarified() -> None:
    assert decision("It stopped working.").behaviour == "clarify"
    assert decision("can i change it?").behaviour == "clarify"
    two = CustomerProfile(name="J P", orders=[
        Order(id="A-100", date=date(2026, 10, 1), items=["Harbor Loafer"]),
        Order(id="A-200", date=date(2026, 11, 1), items=["Trail Runner 2 shoes"])])
    assert decision("I want to return the shoes.", customer=two).behaviour == "clarify"
    assert decision("I want to return the Trail Runner 2 shoes.", customer=two).behaviour == "answer"
    member = CustomerProfile(name="J P", tier="Resident", orders=[
        Order(id="C-1", date=date(2026, 5, 1), items=["Replacement door fob"]),
        Order(id="C-2", date=date(2025, 9, 1), items=["Resident membership"])])
    # one thing named beside the customer's membership: nothing to choose between
    assert decision("lost my door fob again, how much is a new one?", customer=member).behaviour != "clarify"


def test_a_short_demand_that_names_nothing_is_asked_about_first() -> None:
    two = CustomerProfile(name="J P", orders=[
        Order(id="K-1", date=date(2026, 10, 1), items=["Kayak hire, 2 hours"]),
        Order(id="K-2", date=date(2026, 11, 1), items=["Paddleboard lesson"])])
    # two bookings, and nothing says which one the money, the charge or the bill is about
    for vague in ("I want a refund. Not impressed. Fix it.", "your invoicing is all wrong AGAIN. fix it.",
                  "could i have a refund for my bookings thx"):
        d = decision(vague, customer=two)
        assert d.behaviour == "clarify" and "orders could be meant" in (d.reason or ""), vague
    assert decision("I want my money back for the paddleboard lesson.", customer=two).behaviour != "clarify"
    parcels = CustomerProfile(name="J P", orders=[Order(id="P-1", items=["Parcel - UPS"]), Order(id="P-2", items=["Parcel - DHL"])])
    # both of them at once: nothing to pick
    assert decision("i have 2 parcels at reception, how long can you keep the parcels?", customer=parcels).behaviour != "clarify"
    # nothing on the profile, and nothing named to look up
    assert decision("hello my thing isnt working, could somebody call round").behaviour == "clarify"
    assert decision("our tickets won't scan and the show is in an hour!").behaviour == "clarify"


def test_a_clear_question_is_answered() -> None:
    d = decision("How long do I have to return unworn shoes?")
    assert d.behaviour == "answer" and d.reason is None


def test_a_follow_up_about_a_thing_never_named_gets_one_question() -> None:
    from models.generators.composer import ComposerGenerator
    from models.embedders import HashingEmbedder
    from assistant.types import DraftJob

    history = [Turn(role="customer", text="How do I reset my router?"),
               Turn(role="agent", text="Hold the reset button for ten seconds.")]
    d = decision("What is the history of this lighthouse?", history=history)
    assert d.behaviour == "clarify" and "lighthouse" in (d.reason or "")
    ticket = Ticket(message="What is the history of this lighthouse?", history=history, channel="chat")
    job = DraftJob(ticket=ticket, analysis=ANALYSER.analyse(ticket.message, history), evidence_ok=True, passages=[],
                   behaviour=d.behaviour, behaviour_reason=d.reason)
    text = ComposerGenerator(HashingEmbedder()).generate(job).text
    assert text.count("?") == 1 and "which lighthouse you mean" in text
    # the router was named: answered, not asked about
    assert decision("Does this router have a guest network?", history=history).behaviour != "clarify"


def test_a_question_about_documented_compensation_is_answered_and_a_demand_handed_over() -> None:
    from assistant.behaviour import documented_compensation

    rule = [Passage(marker=1, doc_id="delays", chunk_id="c1", title="Delays", text="If your sailing arrives more than 60 minutes "
                    "late, you can claim compensation of 25% of the single fare.", score=0.7)]
    assert documented_compensation("We arrived 2 hours late. What compensation do we get?", rule)
    assert not documented_compensation("We arrived 2 hours late and I expect compensation. What will you do?", rule)
    assert not documented_compensation("What compensation do we get?", [rule[0].model_copy(update={
        "text": "We are sorry when a sailing is late."})])  # nothing stated: a person decides


def test_a_demonstrative_subject_of_a_verb_is_no_reference_to_clarify() -> None:
    from assistant.behaviour import _references

    assert _references("I used 300 kWh last month, roughly what will that cost me?") == []
    assert _references("how much would that cost?") == []
    assert ("jacket", "jacket", True) in _references("will this jacket fit me?")  # a noun after it still is one


@pytest.mark.parametrize("message", [
    "theres been a smell of gas in the kitchen since this morning, can someone check the meter?",
    "Our carbon monoxide alarm keeps going off after the boiler service. What should I do?",
    "um my power bank from you is like puffed up?? is that normal or should i just return it",
    "the laptop got really hot while charging and now the case has a bulge, can I return it?",
])
def test_a_gas_smell_carbon_monoxide_or_a_swollen_battery_is_a_safety_hand_over(message: str) -> None:
    analysis = MessageAnalyser().analyse(message)
    decision = decide(Ticket(message=message), analysis, split_message(message), evidence_ok=True, best_score=0.7)
    assert decision.behaviour == "handover" and "safety" in (decision.reason or "")


@pytest.mark.parametrize("message", ["my down jacket is all puffed up after washing, is that normal?",
                                     "it gets really hot outside when I use it on the beach, any tips?",
                                     # a broken bone that is why they cannot come, nothing of ours involved
                                     "I broke my wrist snowboarding so I can't make my lessons, can I pause them?"])
def test_puffy_clothes_or_hot_weather_are_no_safety_risk(message: str) -> None:
    analysis = MessageAnalyser().analyse(message)
    decision = decide(Ticket(message=message), analysis, split_message(message), evidence_ok=True, best_score=0.7)
    assert "safety" not in (decision.reason or "")


def test_an_off_topic_ask_is_declined_though_the_message_addresses_us() -> None:
    # "you guys are the only chat open" speaks to us; the ask itself (leftover turkey) is nothing of ours
    message = ("ok totally random but you guys are the only chat thats open today lol. any ideas what to do with "
               "like 6 lbs of leftover turkey?? im so sick of sandwiches already")
    analysis = MessageAnalyser().analyse(message)
    decision = decide(Ticket(message=message), analysis, split_message(message), evidence_ok=False, best_score=0.1)
    assert decision.behaviour == "decline"
    mine = "you guys are the only chat open. any ideas why my order is late??"
    assert decide(Ticket(message=mine), MessageAnalyser().analyse(mine), split_message(mine), evidence_ok=False,
                  best_score=0.1).behaviour != "decline"



def test_those_points_back_only_at_an_ended_sentence_of_five_words_or_more() -> None:
    from assistant.behaviour import _earlier_statement

    assert _earlier_statement("Our invoice needs our company name and tax ID. ")
    assert not _earlier_statement("Hi there. ")  # too short to be what "those" points at
    assert not _earlier_statement(" ".join(["word"] * 3000))  # no sentence ended: read in one pass, not backtracked


def test_a_manager_is_asked_for_not_merely_named() -> None:
    for said in ("could you help me polish my cover letter for a product manager job?",
                 "My manager at work signed for the parcel, is that ok?"):
        assert "manager" not in (decision(said).reason or ""), said
    for said in ("Put me through to a supervisor.", "I want to speak to your manager about this.", "manager please"):
        assert "manager" in (decision(said).reason or ""), said


def test_a_question_about_something_the_customer_booked_with_us_is_not_declined() -> None:
    # nothing answers it, and its words name no policy area: "my spot" in a workshop is still theirs with us
    message = "Could my sister take over my place on the knot-tying evening?"
    assert decision(message, evidence_ok=False, best=0.2).behaviour != "decline"
    assert decision("Can I move my appointment to the afternoon?", evidence_ok=False, best=0.2).behaviour != "decline"


def test_a_request_for_investment_picks_is_declined() -> None:
    assert decision("I have some spare cash sitting around. Which index funds would you buy right now?",
                    evidence_ok=False, best=0.2).behaviour == "decline"


def test_what_something_was_called_off_for_is_no_danger_reported_now() -> None:
    called_off = "You cancelled our river trip on 3 October because of the flooding and smoke from the fires. Where is my refund?"
    got = decision(called_off)
    assert got.behaviour != "handover" or "safety" not in (got.reason or "")
    # the same smoke reported now is a danger
    assert "safety" in (decision("There is smoke coming from the boat's engine, we are still on board!").reason or "")


def test_a_bite_or_a_wound_found_on_a_pet_is_a_safety_case() -> None:
    got = decision("We picked up Rufus on Monday and our vet found two puncture wounds on his neck, he says it's a bite.")
    assert got.behaviour == "handover" and "safety" in (got.reason or "")
    assert decision("Can we grab a bite to eat at the lodge before we collect Rufus?").behaviour != "handover"


def test_an_injury_from_their_own_activity_that_is_why_they_cancel_is_no_safety_case() -> None:
    own = decision("We have to cancel our kayak day on the 12th. My husband hurt his ankle playing football. Refund?")
    assert not (own.behaviour == "handover" and "safety" in (own.reason or ""))
    # hurt with us, or hurt with no booking changed: a safety case as before
    ours = decision("We have to cancel the rest of the course. My son hurt his ankle climbing on your wall yesterday.")
    assert ours.behaviour == "handover" and "safety" in (ours.reason or "")
    told = decision("My husband hurt his ankle playing football on your pitch and nobody helped.")
    assert told.behaviour == "handover" and "safety" in (told.reason or "")


def test_an_ultimatum_to_take_the_matter_to_a_named_body_is_a_legal_threat() -> None:
    from assistant.analysis import LEGAL_THREAT
    assert LEGAL_THREAT.search("Pay for the floor by Friday, otherwise I'm taking this to the Consumer Board.")
    assert LEGAL_THREAT.search("Sort it out, or else we will take this further to Fairtrade Tribunal.")
    # a place of the company's is no body: "take this to the Leeds depot" is a trip
    assert not LEGAL_THREAT.search("If not, I'll take this to the Leeds depot myself on Monday.")


def test_someone_at_risk_without_heat_or_power_is_handed_to_the_notes_vulnerable_row() -> None:
    from assistant.behaviour import at_risk_without_essentials
    note = Passage(marker=1, doc_id="rules", chunk_id="r9", title="Escalation", audience="internal", score=0.6,
                   text="| Situation | Hand over to | Deadline |\n|---|---|---|\n"
                        "| Vulnerable household without heat or power | Priority desk, code 'Amber' | Within 30 minutes |\n")
    message = "My gran is 88 and her furnace died last night, the flat is freezing. Can someone come today?"
    assert at_risk_without_essentials(message)
    d = decision(message, notes=[note])
    assert d.behaviour == "handover" and (d.reason or "").startswith("someone at risk is without heat")
    # the team is named without the agent's label after the comma
    assert d.team == "our Priority desk"
    # age or cold alone is no such case
    assert not at_risk_without_essentials("My gran is 88 and would like her furnace serviced next month.")
    assert not at_risk_without_essentials("Our furnace died last night and the flat is freezing.")


def test_my_lesson_with_two_lessons_to_come_asks_which_one() -> None:
    visits = [Order(id="V-1", date=date(2026, 11, 2), status="booked", items=["Surf class, Monday 30 November"]),
              Order(id="V-2", date=date(2026, 11, 9), status="booked", items=["Paddle class, Friday 11 December"])]
    d = decision("please call off my lesson, what do I owe?", customer=CustomerProfile(name="Ana", orders=visits))
    assert d.behaviour == "clarify" and "more than one of the customer's orders" in (d.reason or "")
    # a visit already done is not theirs to cancel: one visit to come is the one meant
    done = [visits[0].model_copy(update={"status": "completed"}), visits[1]]
    d = decision("please call off my lesson, what do I owe?", customer=CustomerProfile(name="Ana", orders=done))
    assert "more than one of the customer's orders" not in (d.reason or "")


def test_an_invoice_on_record_dates_the_bill() -> None:
    from assistant.customer_facts import elapsed_events
    from assistant.grounding.windows import anchor_of
    invoice = Order(id="INV-2031-77", date=date(2031, 2, 20), status="invoiced", items=["Repair: new valve"])
    (event,) = elapsed_events("Is it overdue already?", invoice, date(2031, 3, 5))
    assert event.event == "bill" and event.days == 13.0 and "your invoice #INV-2031-77 is dated" in (
        event.profile_wording or "")
    assert anchor_of("invoice") == "bill"
    order = invoice.model_copy(update={"id": "A-5", "status": "delivered"})
    assert elapsed_events("Is it late?", order, date(2031, 3, 5))[0].event == "order"


def test_a_day_written_with_its_year_is_that_day_however_long_ago() -> None:
    from assistant.customer_facts import consequence, elapsed_events
    message = "my aunt bought the pass 14 Feb 2028 i think, is it still good?"
    (event,) = elapsed_events(message, None, date(2031, 1, 20))
    assert event.event == "order" and event.on == date(2028, 2, 14)
    said = consequence("Every pass is valid for 3 years from the date of purchase.", [event], frozenset(), message)
    assert said is not None and said.inside and "until Friday 14 February 2031" in said.sentence
    # a day still to come is no time since
    assert elapsed_events("we bought tickets for 3 March 2031", None, date(2031, 1, 20)) == []


def test_the_thing_we_fixed_with_two_jobs_done_asks_which_one() -> None:
    jobs = [Order(id="J-1", date=date(2026, 3, 2), status="completed", items=["Repair: new tap cartridge"]),
            Order(id="J-2", date=date(2026, 9, 4), status="completed", items=["Repair: replaced shower pump"])]
    message = "That part your plumber replaced is dripping again - does the guarantee cover it?"
    d = decision(message, customer=CustomerProfile(name="Bo", orders=jobs))
    assert d.behaviour == "clarify" and "more than one of the customer's orders" in (d.reason or "")
    named = "The shower pump your plumber replaced is dripping again - does the guarantee cover it?"
    assert "more than one" not in (decision(named, customer=CustomerProfile(name="Bo", orders=jobs)).reason or "")


def test_a_weekday_asked_about_is_no_day_gone_by() -> None:
    from assistant.customer_facts import elapsed_events
    assert elapsed_events("ARE YOU OPEN LATE ON FRIDAY AND CAN MY DAUGHTER JOIN", None, date(2026, 11, 26)) == []
    (came,) = elapsed_events("It arrived on Sunday", None, date(2026, 11, 26))
    assert came.days == 4.0
    (missed,) = elapsed_events("The delivery on Monday didn't come, is it lost?", None, date(2026, 11, 26))
    assert missed.days == 3.0


def test_a_spark_with_a_scald_and_a_private_message_to_a_child_are_safety_cases() -> None:
    from assistant.behaviour import _SAFETY
    from assistant.danger import SAFETY_ROW, hazard_sentences
    assert _SAFETY.search("the toaster sparked at the plug and I tipped boiling water over my wrist")
    assert not _SAFETY.search("your talk sparked a debate in our team")
    assert hazard_sentences("A coach has been messaging my 12 year old son on Snapchat at midnight.")
    assert SAFETY_ROW.search("Child safeguarding concern: a coach messaging a child privately")
