"""Which behaviour and which team: a struggling customer's row before a repeated contact's, a danger said beside a
question, two signals for a row matched by meaning, published compensation and a route asked about answered,
someone else's charge declined, no "which one?" when the profile settles it, and a polite request read as polite.
Over an invented water company's and bike-hire company's documents."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.analysis import MessageAnalyser
from assistant.asks import split_message
from assistant.behaviour import danger_sentences, decide, documented_compensation, legal_route_asked, others_charge
from assistant.ending_choice import ending_choice, tier_among
from assistant.escalation import match_meaning, match_rule, situations, targets
from assistant.types import CustomerProfile, Order, Passage, Ticket

ANALYSER = MessageAnalyser()

HANDBOOK = """# Care handbook: escalations, exceptions and what not to say

## When to hand over

| Situation | Signs to look for | Hand to | Response time |
|---|---|---|---|
| Supply emergency | Burst main flooding a road, sewage in a home, brown water from every tap | Tell the customer to call 0800 555 0101 **now**, then log with the **Network Desk** | Network Desk calls back within 2 hours |
| Customer in need | Financial hardship (lost income, arrears), mental health crisis, a carer writing for someone | Support Team | Same working day |
| Account takeover | Someone else's name added, a request to change bank details and send a refund to a new account, caller can't pass security | Account Security | Within 4 working hours |
| Third contact | Customer has contacted us 3 or more times about the same unresolved issue | Resolution Team | Within 1 working day |

## Never tell customers

- What triggers a security review. Say only that a specialist team needs to check some details.
"""
NOTE = Passage(marker=1, doc_id="handbook", chunk_id="handbook#whole", title="Care handbook: escalations, exceptions "
               "and what not to say", audience="internal", text=HANDBOOK)


def decision(message: str, meaning=None, passages: Sequence[Passage] = (),  # noqa: ANN001, ANN201
             customer: CustomerProfile | None = None):
    ticket = Ticket(message=message, customer=customer)
    return decide(ticket, ANALYSER.analyse(message, []), split_message(message), evidence_ok=True, best_score=0.6,
                  rule_documents=[NOTE], meaning=meaning, passages=list(passages))


def test_a_struggling_customer_on_a_third_contact_goes_to_the_team_for_customers_in_need() -> None:
    d = decision("This is the third time I've written and nobody has replied. I lost my job and honestly I'm not "
                 "coping with any of it. Please help.")
    assert d.behaviour == "handover" and d.team == "our Support Team" and d.when == "today"
    assert "struggling" in (d.reason or "")
    # the same contact count without distress stays with the repeat-contact row
    d = decision("This is the third time I've written about my water bill and nobody has replied. Sort it out.")
    assert d.behaviour == "handover" and d.team == "our Resolution Team"
    # hardship said as a fact of a question is no hand-over by itself
    assert decision("I was made redundant last week, can I spread my bill over more months?").behaviour != "handover"


def test_a_danger_beside_a_question_is_handed_over_to_the_team_the_instruction_names() -> None:
    message = "when is my next bill due? oh and unrelated but theres been a faint gassy smell near the boiler"
    assert danger_sentences(message) and "gassy" in danger_sentences(message)[0]
    assert decision(message).behaviour == "handover"
    # the team cell opens with what the agent does: the team is the one it names, the time its column's
    assert ("our Network Desk", "within 2 hours") in targets([NOTE])
    # "Never tell customers" lists wording, not cases to pass on
    assert match_rule("why was my account sent for a security review? who checks the details?", [NOTE], 0.0,
                      filler=frozenset()) is None


def test_a_row_leading_by_meaning_by_less_is_taken_only_where_it_shares_words_with_the_message() -> None:
    message = "Please change my uncle's bank details to mine and send his refund to my account today."
    found = situations([NOTE], message)
    wanted = [t for s in found if s.rule.text.startswith("Account takeover") for t in s.texts]
    # a listed sign on its own ("a request to change bank details ...") is matched, not only the cell whole
    assert any(t.startswith("a request to change bank details") for t in wanted)

    def meaning(texts: Sequence[str]) -> list[float]:
        return [0.45 if t.startswith("a request to change bank details") else 0.3 for t in texts]
    words = frozenset({"change", "uncle", "bank", "details", "mine", "send", "refund", "account", "today"})
    rule = match_meaning(found, meaning([t for s in found for t in s.texts]), words)
    assert rule is not None and rule.team == "our specialist team"  # (a name that says what is suspected is not said)
    # the same lead with no words in common, or without the words at all, is no hand-over
    assert match_meaning(found, meaning([t for s in found for t in s.texts]), frozenset({"hello"})) is None
    assert match_meaning(found, meaning([t for s in found for t in s.texts])) is None


GUARANTEES = Passage(marker=1, doc_id="guarantees", chunk_id="g1", title="Service guarantees and compensation",
                     audience="public", text="| What went wrong | We pay |\n|---|---|\n| Missed appointment | £30 |")
LOCKERS = Passage(marker=2, doc_id="hire", chunk_id="h1", title="Bike hire", audience="public",
                  text="Locks left on our racks overnight are cut off. We don't replace or pay for locks that have to "
                       "be cut off.")


def test_a_question_about_what_the_published_rules_pay_is_answered_and_a_demand_is_not() -> None:
    assert documented_compensation("Nobody came to my appointment. Is there any compensation for this?", [GUARANTEES])
    assert documented_compensation("My lock was cut off overnight. Are you going to pay for my lock?", [LOCKERS])
    assert not documented_compensation("I want compensation for my lock. Are you going to pay for my lock?", [LOCKERS])
    assert not documented_compensation("Are you going to pay for my helmet?", [LOCKERS])
    d = decision("The engineer never came. Is there any compensation for this?", passages=[GUARANTEES])
    assert d.behaviour == "answer"


COMPLAINTS = Passage(marker=1, doc_id="complaints", chunk_id="c1", title="Complaints", audience="public",
                     text="If we haven't resolved your complaint within 8 weeks, you can go to the Water Ombudsman.")


def test_a_question_about_the_ombudsman_route_is_answered_and_a_threat_is_not() -> None:
    assert legal_route_asked("I complained in August. Can I go to the ombudsman now, or must I wait?", [COMPLAINTS])
    assert not legal_route_asked("I'm taking this to the ombudsman. Can you fix it?", [COMPLAINTS])
    assert not legal_route_asked("Can I go to the ombudsman now?", [])  # the sources do not describe the route
    assert not legal_route_asked("Can my solicitor write to you?", [COMPLAINTS])


def test_someone_elses_charge_is_declined_kindly_and_our_own_charge_is_not() -> None:
    message = ("I got a £60 parking fine from the shopping centre car park while I was at yours. Can you appeal it "
               "for me?")
    assert others_charge(message, [LOCKERS]) == ("parking fine", "the shopping centre car park")
    assert decision(message, passages=[LOCKERS]).behaviour == "decline"
    # a kind of charge the sources name, or no request to act on it, is ours to answer
    assert others_charge("I got a late fine from the hire desk, can you cancel it?", [LOCKERS]) is None
    assert others_charge("I got a parking fine from the council car park yesterday.", [LOCKERS]) is None


def test_no_which_one_question_where_the_profile_settles_it() -> None:
    plan = Order(id="W-1", status="active", items=["Steady 24 water", "Steady 24 sewerage", "Fixed term to 2027"])
    one = CustomerProfile(name="Ann Lee", tier="Steady 24 (combined)", orders=[plan])
    assert tier_among("Steady 24 (combined)", [plan])
    assert ending_choice("whats the damage if i leave now??", one, []) is None
    other = CustomerProfile(name="Ann Lee", tier="Gold", orders=[plan])
    assert ending_choice("whats the damage if i leave now??", other, []) is not None
    # one of two orders named by a word of its items is the one meant
    pause = Order(id="P-7", status="confirmed", items=["Pause: 2 months from March"])
    two = CustomerProfile(name="Ann Lee", tier="Steady 24", orders=[plan, pause])
    assert decision("thanks for sorting my pause! when does my contract finish now?", customer=two).behaviour != "clarify"


def test_a_polite_request_for_today_is_no_anger() -> None:
    assert ANALYSER.analyse("Please refund the £420 to my account today if possible, thanks.", []).emotion != "anger"
    assert ANALYSER.analyse("Refund my money today. I've waited long enough.", []).emotion == "anger"


def test_a_bare_wrong_bill_or_a_double_payment_gets_one_question() -> None:
    d = decision("hiya my bill is wrong")
    assert d.behaviour == "clarify" and "bill" in (d.reason or "")
    # a reading or an amount says what is wrong: answered
    assert decision("my bill is wrong, it says 45210 but I sent 44870 on the 1st").behaviour != "clarify"
    d = decision("You've taken money out of my account TWICE this month!!! Sort it out.")
    assert d.behaviour == "clarify" and "payments" in (d.reason or "")


def test_a_struggling_or_older_customer_is_met_with_care_first() -> None:
    from assistant.behaviour import needs_gentle_reply, says_struggling
    from models.generators import composer_phrases as ph
    assert says_struggling("I'm behind on my rent and I just feel like I'm drowning with all of it.")
    assert not says_struggling("I was made redundant on Monday, can I claim for the trip?")
    assert needs_gentle_reply("hello dear, the screen has gone blank. i'm 74 and i'm not very good with the phone app")
    assert not needs_gentle_reply("I am 80 minutes from the office") and not needs_gentle_reply(
        "my aunt is 81 and doesn't do computers")
    assert all("sorry" in a and "upset" not in a for a in ph.struggling_acknowledgement())
    assert all("simpl" in a for a in ph.gentle_acknowledgement("your display has stopped working"))


def test_what_the_notes_say_to_tell_a_handed_over_customer_is_said_as_our_promise() -> None:
    from assistant.handover_promises import promises
    note = Passage(marker=1, doc_id="handbook", chunk_id="h2", title="Care handbook", audience="internal", text=(
        "For a supply emergency, confirm in your reply that we will deliver bottled water to priority homes and "
        "that no charge applies for the days without supply. Never say how long a repair will take.\n\n"
        "For customers in need: pause reminders and late fees on the account straight away, and tell them the "
        "Support Team will call within the day. Log the case with tag NEED.\n\n"
        "For legal threats: stay polite and don't discuss liability."))
    assert promises([note], "Supply emergency") == [
        "We will deliver bottled water to priority homes.", "No charge applies for the days without supply."]
    # an action the agent takes at once is ours; who calls and when is the hand-over's own sentence; tags are not said
    assert promises([note], "Customer in need") == ["We will pause reminders and late fees on the account straight away."]
    assert promises([note], "Legal threat") == []


def test_a_step_the_notes_give_for_one_case_is_said_only_to_a_customer_in_that_case() -> None:
    from assistant.handover_promises import promises
    note = Passage(marker=1, doc_id="handbook", chunk_id="h3", title="Desk handbook", audience="internal", text=(
        "- **Hazards:** if anyone reports smoke from a charger, tell them first to unplug it at the wall and go "
        "outside. Then hand over."))
    assert promises([note], "Hazards", message="there's smoke coming off the charger, is that normal?") == [
        "Please unplug it at the wall and go outside."]
    # the same hazard row covers a sprained ankle: leaving the house is no step for that
    assert promises([note], "Hazards", message="I slipped on your wet floor and sprained my ankle") == []


def test_what_the_notes_say_an_agent_may_tell_the_customer_is_said() -> None:
    from assistant.handover_promises import promises
    note = Passage(marker=1, doc_id="handbook", chunk_id="h5", title="Desk handbook", audience="internal", text=(
        "- **Payment risk:** change nothing and process no refund. You may say refunds only go back to the card "
        "that paid and that the account holder must write to us from their own address."))
    assert promises([note], "Payment risk") == ["Refunds only go back to the card that paid.",
                                                 "The account holder must write to us from their own address."]
    # the agent's own words are not passed on as a fact ("You're sorry the bike was damaged.")
    own = Passage(marker=1, doc_id="handbook", chunk_id="h6", title="Desk handbook", audience="internal", text=(
        "- **Complaints:** You may say you're sorry the bike was damaged. Never offer money."))
    assert promises([own], "Complaints") == []


def test_a_hand_over_rows_own_step_and_action_are_said_to_the_customer() -> None:
    from assistant.handover_promises import row_promises
    row = ("Strange logins, a device the customer doesn't know — Account Safety — 2 hours — Advise the customer to "
           "reset their PIN. Don't read out the devices on the account.")
    assert row_promises(row) == ["Please reset your PIN."]
    assert row_promises("Death of the holder — Care Desk — 1 working day — Freeze all renewals straight away.") == [
        "We will freeze all renewals straight away."]
    # what the agent alone must (not) do, and the case named in the first cell, are never said
    assert row_promises("Advise the customer to wait — Care Desk — 1 day — Log it and check earlier contacts.") == []
    # a step that forbids is said as one
    assert row_promises("Kiln fault — Studio Lead — 2 hours — Give the cooling steps; tell them not to carry the kiln "
                        "in") == ["Please do not carry the kiln in."]


def test_a_time_frame_in_bold_is_read_from_a_hand_over_table() -> None:
    note = Passage(marker=1, doc_id="handbook", chunk_id="h4", title="Desk handbook", audience="internal", text=(
        "| Situation | Hand over to | Response time |\n|---|---|---|\n"
        "| Strange logins or a device the customer doesn't know | Account Safety | **2 hours** |"))
    assert targets([note]) == [("our Account Safety team", "within 2 hours")]


def test_an_aside_the_customer_marks_as_not_about_us_is_declined_when_no_source_answers_it() -> None:
    def weakly_answered(message: str):  # noqa: ANN202
        return decide(Ticket(message=message), ANALYSER.analyse(message, []), split_message(message),
                      evidence_ok=False, best_score=0.2, rule_documents=[NOTE])
    d = weakly_answered("random q but does the bakery by your depot still do the cheese scones on sundays?")
    assert d.behaviour == "decline" and "aside" in (d.reason or "")
    assert weakly_answered("off-topic question: is it better to lease a van or buy one outright?").behaviour == "decline"
    assert weakly_answered("random one but could you help me plan a surprise party for my sister?").behaviour == "decline"
    assert weakly_answered("so random one but can you name a good pub quiz team for us?").behaviour == "decline"
    # the same aside that a source answers well is answered; a danger in an aside is still handed over first
    assert decision("random q, can I pay my water bill in two parts?").behaviour != "decline"
    assert weakly_answered("unrelated but there's been a faint gassy smell near the boiler").behaviour == "handover"
    # an aside after a question of theirs may well be ours: not declined on the cue
    assert weakly_answered("Can I move my reading date to next week? Also random q but do you take cheques at the "
                           "counter?").behaviour != "decline"


def test_a_refund_asked_to_somewhere_else_and_charges_from_a_stranger_go_to_the_fraud_row() -> None:
    d = decision("My account at home is closed now, so please send my refund to my brother's account instead: "
                 "GB11 TEST 2222 3333 4444 55.")
    assert d.behaviour == "handover" and d.when == "within 4 working hours" and "somewhere other" in (d.reason or "")
    d = decision("Please pay the deposit back by bank transfer to this new email instead of back to her debit card.")
    assert d.behaviour == "handover" and d.when == "within 4 working hours"
    assert decision("Why are there 2 debits from you?? I've never heard of you and never signed up for anything"
                    ).behaviour == "handover"
    assert decision("a client paid an invoice with the wrong bank details on it, did someone get into our account??"
                    ).behaviour == "handover"
    d = decision("the booking was paid on my sister's card, could the refund go onto my own card instead?")
    assert d.behaviour == "handover" and "somewhere other" in (d.reason or "")
    # a refund to the card it came from, asked plainly, is answered
    assert decision("How long does a refund take to reach my card?").behaviour != "handover"


def test_a_declined_recommendation_never_names_a_word_of_its_description() -> None:
    from assistant.behaviour import _recommends_elsewhere
    assert _recommends_elsewhere("can u recommend a good 65 inch tv for black friday?", []) == ""
    assert _recommends_elsewhere("could you recommend a quiet campsite near the marina?", []) == "campsite"


def test_why_a_double_charge_happens_is_answered() -> None:
    assert decision("Why was I charged twice for one order? I only see one order in my account.").behaviour != "clarify"
    assert decision("I was charged twice for the same order! Fix this now.").behaviour != "clarify"


def test_my_policy_from_someone_holding_two_is_asked_about() -> None:
    annual = Order(id="P-1", status="active", items=["Premier Annual Multi-Trip"])
    single = Order(id="P-2", status="active", items=["Classic Single Trip - Iceland"])
    two = CustomerProfile(name="Al Lee", tier="Premier", orders=[annual, single])
    assert decision("Hi I want to cancel my policy please. How much will I get back?", customer=two).behaviour == "clarify"


def test_a_child_struck_and_bruised_by_something_of_ours_is_a_danger_bruised_fruit_is_not() -> None:
    message = ("The bookcase your fitters put up tipped over when my son pulled a drawer. It caught his arm, he's "
               "bruised and shaken. It could have killed him.")
    said = danger_sentences(message)
    assert any("caught his arm" in s for s in said) and any("could have killed" in s for s in said), said
    assert danger_sentences("my plums arrived bruised and my ego is bruised too, can I get a refund?") == []


def test_a_death_said_of_someone_of_theirs_named_before_is_a_bereavement() -> None:
    from assistant.behaviour import reports_bereavement
    assert reports_bereavement("My husband Tom had a membership with you. He died in hospital in October.")
    assert not reports_bereavement("my phone died on the train and my husband couldn't reach me")
    assert not reports_bereavement("My mum has a small car, she passed her test last spring. Can she supervise me?")


def test_a_funeral_home_named_as_where_a_delivery_went_is_no_bereavement_told() -> None:
    from assistant.behaviour import reports_bereavement
    assert not reports_bereavement("The wreath reached Oakvale Funeral Home on time, I just wanted to thank the driver.")
    assert not reports_bereavement("Do you deliver to funeral directors on Sundays?")
    assert reports_bereavement("I need the wreath for my uncle's funeral on Friday at Oakvale Funeral Home.")


def test_a_strain_told_as_felt_or_treated_is_a_harm_and_a_job_or_an_ache_is_not() -> None:
    assert danger_sentences("I followed week 3 of the pilates plan and felt something snap in my knee.")
    assert danger_sentences("Since the class I'm seeing a chiropractor twice a week.")
    assert danger_sentences("I pulled my groin on the rowing machine you set up for me")
    assert not danger_sentences("I work as a physiotherapist, do you have a clinic rate?")
    assert not danger_sentences("my back aches after long drives, which seat cushion do you sell?")


def test_someone_sick_after_a_treatment_is_a_danger_to_weigh_buying_poison_is_not() -> None:
    assert danger_sentences("your man sprayed the skirting yesterday and my daughter has thrown up twice since")
    assert not danger_sentences("the ants are back, should I buy some poison from the garden centre meanwhile?")


def test_a_death_told_after_but_or_and_is_a_bereavement_and_a_figure_of_speech_is_not() -> None:
    from assistant.behaviour import reports_bereavement
    assert reports_bereavement("My wife Ada always kept the accounts but she passed away in the spring.")
    assert reports_bereavement("My brother paid the bills and he died in March.")
    assert not reports_bereavement("My son saw the price and he died laughing.")
