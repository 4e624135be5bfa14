"""A danger told in the customer's own words handed to the safety row with what to do now; safety and fraud rows kept
for their own cases; the handbook's "tell the customer to ..." said to the customer; praise said of a failure read
as frustration: over an invented e-scooter rental company's handbook."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.analysis import MessageAnalyser, ironic_praise
from assistant.asks import split_message
from assistant.behaviour import danger_sentences, decide
from assistant.danger import DANGER_CASES, hazard_sentences, reports_danger, row_fits
from assistant.handover_promises import number_to_give, promises
from assistant.types import Passage, Ticket

ANALYSER = MessageAnalyser()

HANDBOOK = """# Rider care handbook

## When to hand over

| Case | Goes to | Reply within |
|---|---|---|
| Safety risk now: a fault that makes the scooter unsafe to ride (brakes, steering, battery smoke, warning lights), a crash with injury | Ride Safety duty lead (put through by phone; in the app chat, give +44 20 7946 0011 and mark it urgent) | Within 15 minutes |
| Fraud signs: a ride or charge the account holder does not recognise, a request to change the card on an account from a new contact | Payments Integrity | 4 hours |
| Bereavement: the account holder has died | Rider Support | 1 working day |

### Handling notes

- **Safety:** tell the customer to pull in where it is safe, power the scooter down and not to ride it again today.
- **Fraud:** do not confirm any ride details. Advise them to ring their card provider too.
- **Never promise a refund before it is approved.** Say that you will check what you can do.

### Bereavement

Offer condolences. Tell the customer the account will stay open while Rider Support is dealing with it.
"""
NOTE = Passage(marker=1, doc_id="handbook", chunk_id="handbook#whole", title="Rider care handbook",
               audience="internal", text=HANDBOOK)


def meaning_for(danger: bool = False, row: str | None = None, high: float = 0.6, low: float = 0.2):  # noqa: ANN201
    """A stand-in for the embedder: the general danger cases score ``high`` when ``danger``, and every text that
    starts like ``row`` does too."""
    def meaning(texts: Sequence[str]) -> list[float]:
        return [high if (danger and t in DANGER_CASES) or (row and t.startswith(row)) else low for t in texts]
    return meaning


def decision(message: str, meaning=None):  # noqa: ANN001, ANN201
    ticket = Ticket(message=message)
    return decide(ticket, ANALYSER.analyse(message), split_message(message), evidence_ok=True, best_score=0.6,
                  internal_notes=[NOTE], rule_documents=[NOTE], meaning=meaning)


def test_a_danger_in_the_customers_words_is_named_and_confirmed_by_meaning() -> None:
    brakes = "the front brake has gone really soft and it won't stop properly. im on the main road with my son"
    assert hazard_sentences(brakes)
    assert reports_danger(brakes, meaning_for(danger=True))
    assert not reports_danger(brakes, meaning_for(danger=False))  # the embedder must agree
    assert not reports_danger(brakes, None)
    # a safe place, a safety deposit, wear and tear: no hazard named
    for calm in ("Can you leave it in a safe place?", "How much is the safety deposit?",
                 "My brake pads wore out after a year, are they covered?"):
        assert not hazard_sentences(calm), calm
    hit = "your van reversed into our drive and hit my daughter's bike while she stood beside it"
    assert hazard_sentences(hit)
    # harassment of a person is a danger too; following instructions or a parcel is not
    assert hazard_sentences("a man on the tram kept touching my knee and then followed me off at my stop")
    assert hazard_sentences("the courier was harassing my wife at the door")
    for calm in ("I've been following your steps but it still fails", "I've been following my parcel all week",
                 "I touched the card to the reader twice"):
        assert not hazard_sentences(calm), calm


def test_a_danger_goes_to_the_safety_row_with_what_to_do_now_and_the_number_to_call() -> None:
    d = decision("the brakes have gone spongy and it won't stop on the hill, I'm on the high street right now. "
                 "should I keep riding to your hub?", meaning_for(danger=True))
    assert d.behaviour == "handover" and d.reason.startswith("a possible safety risk")
    assert d.team == "our Ride Safety duty lead"  # the bracket that says how is no part of the name
    assert d.when == "within 15 minutes"
    assert "Please pull in where it is safe, power the scooter down and do not ride it again today." in d.promises
    assert "You can reach us straight away on +44 20 7946 0011." in d.promises


def test_a_safety_row_does_not_take_a_breakdown_that_is_over() -> None:
    # the row's own words (warning lights, scooter, steering) but no danger now: a complaint about the service
    d = decision("The scooter you rented me died on Friday, warning lights came on and the steering felt odd. "
                 "Your team swapped it on Sunday. How will you make up for the lost day?",
                 meaning_for(danger=False))
    assert d.behaviour != "handover" or "Safety" not in (d.reason or "")


def test_a_fraud_row_takes_only_what_was_done_without_the_customer() -> None:
    asked = "hiya need to change the card on my account pls whats the charge"
    d = decision(asked, meaning_for(row="a request to change the card"))
    assert d.behaviour != "handover"
    assert not row_fits("Fraud signs: a ride or charge the account holder does not recognise", asked, danger=False)
    d = decision("There is a payment of £38.50 to you on my card. I have never rented a scooter from you in my life.")
    assert d.behaviour == "handover" and d.team is not None
    assert "Please ring your card provider too." in d.promises


def test_the_handbooks_notes_are_said_to_the_customer_by_label_or_heading_only() -> None:
    assert promises([NOTE], "Bereavement: the account holder has died") == [
        "The account will stay open while Rider Support is dealing with it."]
    # a bold sentence is a rule for the agent, not a label: nothing of it is said
    assert not any("check what you can do" in p for p in promises([NOTE], "Never promise a refund"))
    assert number_to_give("Duty lead (in the app chat, give 0800 246 8100 and mark it urgent)") == \
        "You can reach us straight away on 0800 246 8100."
    assert number_to_give("Rider Support — 1 working day") is None


def test_praise_said_of_a_failure_reads_as_frustration_and_a_real_thank_you_as_thanks() -> None:
    ironic = ["Great stuff. Paid for next-day delivery and it arrived three days late. Brilliant. Do I get anything back?",
              "Lovely. Still no sign of my refund a month on. Was that too much to ask",
              "Thanks SO much, the part you sent is broken again"]
    for text in ironic:
        assert ironic_praise(text), text
        assert ANALYSER.analyse(text).emotion == "frustration", text
    genuine = ["Thank you so much, it arrived on time and the kids love it!",
               "Just wanted to say thanks, my broken screen was fixed in a day. Brilliant.",
               "Huge shout out to Sam who sorted my late refund. Fantastic."]
    for text in genuine:
        assert not ironic_praise(text), text
        assert ANALYSER.analyse(text).emotion == "gratitude", text


def test_notes_that_give_the_reply_and_forbid_telling_of_the_referral_make_a_quiet_neutral_reply() -> None:
    notes = Passage(marker=1, doc_id="handbook", chunk_id="h#2", title="Rider care handbook", audience="internal", text=(
        "## When to hand over > Account misuse signs\n\n"
        "- Someone asks to move a ride pass that is not in their name.\n"
        "- Requests for another rider's trip history.\n\n"
        "Reply neutrally: a ride pass can only be moved by the rider it belongs to, from their own app, and we "
        "cannot share another rider's trips. Do not mention that misuse is being looked at or that the case was "
        "passed on.\n"))
    d = decide(Ticket(message="Can you move my friend's ride pass to my account? Also where has she been riding?"),
               ANALYSER.analyse("x"), split_message("Can you move my friend's ride pass to my account?"),
               evidence_ok=True, best_score=0.6, internal_notes=[notes], rule_documents=[notes])
    assert d.behaviour == "handover" and d.quiet
    assert d.promises == ("A ride pass can only be moved by the rider it belongs to, from their own app, and we "
                          "cannot share another rider's trips.",)
    assert not any("looked at" in p or "passed on" in p for p in d.promises)


def test_a_crash_the_customer_sat_behind_is_no_danger_of_theirs() -> None:
    assert not hazard_sentences("A CRASH ON THE RING ROAD HELD US UP AND WE WERE STUCK IN THE QUEUE FOR AN HOUR.")
    assert hazard_sentences("we crashed into a wall when the steering locked")
    assert hazard_sentences("I was in a collision on the way back with your van")


def test_a_hot_surface_that_hurt_someone_is_a_hazard_and_a_blister_from_shoes_is_not() -> None:
    assert hazard_sentences("Our boy grabbed the cabin stove with no guard on it and now he has a blister on his hand.")
    assert hazard_sentences("She touched the bathroom radiator, it has no cover, and she is crying and her palm is red.")
    assert not hazard_sentences("I touched the heater and it was completely cold, is it broken?")
    assert not hazard_sentences("These walking boots gave me a blister on my left heel after one day.")


def test_someone_taken_into_hospital_is_a_harm_and_a_hospital_named_in_a_complaint_is_not() -> None:
    assert danger_sentences("My son was rushed to hospital after the heater sparked.")
    assert danger_sentences("my mum is in hospital since the fall on your stairs")
    assert not danger_sentences("I have a hospital letter for the appointment I missed.")
    assert not danger_sentences("He is still being kept in at the other hospital and my lawyer is involved.")


def test_a_note_confirming_several_things_gives_each_as_its_own_promise() -> None:
    note = Passage(marker=1, doc_id="n", chunk_id="n#0", title="Agent notes", audience="internal", score=0.5,
                   text="## Bereavement\n\nYou can reassure them that the account gets closed, that direct debits stop "
                        "straight away and that there is no exit fee.")
    said = promises([note], "Bereavement")
    assert said == ["The account gets closed.", "Direct debits stop straight away.", "There is no exit fee."]


def test_gas_as_people_smell_it_is_a_danger() -> None:
    assert danger_sentences("theres a kind of rotten egg smell around the cooker since this morning")
    assert not danger_sentences("the eggs in my box were rotten, can I get a refund?")


def test_skin_that_met_a_product_is_a_hazard_a_product_question_is_not() -> None:
    from assistant.danger import hazard_sentences
    said = hazard_sentences("my son touched the oven door after the clean and now it's red and stinging. is it toxic??")
    assert len(said) == 2, said
    assert hazard_sentences("Which spray do your cleaners use on oven doors?") == []
    assert hazard_sentences("These hiking boots gave me blisters on every walk, can I send them back?") == []


def test_a_hand_put_on_someone_or_remarks_on_their_clothes_is_a_hazard() -> None:
    from assistant.danger import hazard_sentences
    said = hazard_sentences("my son says the coach keeps resting his hand on his shoulder in the changing room and makes "
                            "comments about what he is wearing. He won't go back.")
    assert len(said) == 1 and "hand on his shoulder" in said[0]
    assert hazard_sentences("the coach made comments about my backhand, fair enough") == []


def test_a_device_locked_to_someone_elses_account_is_not_the_customers_doing() -> None:
    from assistant.danger import NOT_THEIR_DOING
    assert NOT_THEIR_DOING.search("bought a tablet second hand and it's stuck on the lock screen with the previous "
                                  "owner's account")
    assert not NOT_THEIR_DOING.search("my tablet is stuck on the lock screen, I forgot my own passcode")


def test_an_adult_privately_messaging_a_child_is_a_hazard() -> None:
    from assistant.danger import hazard_sentences
    said = hazard_sentences("Her coach has been messaging her on Snapchat late at night and asking her not to tell us.")
    assert len(said) == 1
    assert hazard_sentences("the coach messaged me on WhatsApp to move Tuesday's session") == []


def test_a_wheel_coming_loose_is_a_hazard_and_a_step_told_of_them_is_said_to_them() -> None:
    assert hazard_sentences("I stopped in a lay-by because a wheel on the trailer is coming loose.")
    note = Passage(marker=9, doc_id="escalation", chunk_id="e9", title="Escalation", audience="internal", score=0.5,
                   text="**Safety:** Tell the customer to leave the van and get themselves and passengers well back "
                        "from the road.")
    assert promises([note], "Safety: a loose wheel") == [
        "Please leave the van and get yourself and your passengers well back from the road."]


def test_an_emergencys_steps_are_told_apart_from_other_rules() -> None:
    from assistant.danger import emergency_step
    for step in ["Switch off the heater at the wall if it is safe, leave the room, close the door and call 999.",
                 "Do not go back in until the fire service says it is safe.",
                 "Do not use open flames and do not smoke.",
                 "Do not open the stove door: air can make the fire flare up."]:
        assert emergency_step(step), step
    for rule in ["Call us on 0800 123 456 to book a service.", "Do not open the parcel before you photograph it.",
                 "Leave the parcel in the porch if nobody is home."]:
        assert not emergency_step(rule), rule


def test_a_wound_on_someone_and_a_blow_to_the_head_are_dangers_and_a_lost_baby_a_bereavement() -> None:
    from assistant.behaviour import reports_bereavement
    hurt = "The ladder tipped over and came down on my son's back. He has a bruise and a cut."
    assert len(danger_sentences(hurt)) == 2
    for thing in ["The parcel came with a cut in the box.", "I have a bump in the tyre.",
                  "She has a cut in the sleeve of her coat."]:
        assert danger_sentences(thing) == [], thing
    assert reports_bereavement("Sadly we lost our baby in the spring, so please take us off the list.")
    assert reports_bereavement("I had a miscarriage in October and can't face the shoot.")
    assert not reports_bereavement("We lost our baby monitor in the changing room.")
    assert not reports_bereavement("I lost my child's coat at the pool.")


def test_a_skin_reaction_is_a_danger_and_a_doctors_step_is_said_only_for_one() -> None:
    from assistant.behaviour import _MEDICAL_STEP
    assert danger_sentences("After the cleaning my daughter came up in red itchy bumps on her arms.")
    assert danger_sentences("My son broke out in hives after the session.")
    assert not danger_sentences("The bonnet has raised bumps in the paint.")
    assert _MEDICAL_STEP.search("Please seek medical help if symptoms are serious.")
    assert _MEDICAL_STEP.search("Please do not drive the car until it is checked.")
    assert not _MEDICAL_STEP.search("Please do not park the car on the lawn.")


def test_a_hand_over_for_a_charge_keeps_no_emergency_step_of_the_notes() -> None:
    notes = Passage(marker=9, doc_id="rules", chunk_id="rules#0", title="Escalation rules", audience="internal",
                    score=0.6, text="""# Escalation rules

| Situation | Escalate to | What to tell the customer |
|---|---|---|
| Refund above £500 | Team lead | Say a team lead will reply within 1 working day. Ask them to seek medical help if symptoms are serious. |
""")
    message = "I was charged £650 twice for one repair, please refund the £650 to me."
    decision = decide(Ticket(message=message), MessageAnalyser().analyse(message), split_message(message),
                      evidence_ok=True, best_score=0.6, internal_notes=[notes], passages=[])
    assert decision.behaviour == "handover"
    assert not any("medical" in p for p in decision.promises)
