"""When a message leaves open a choice the answer depends on, the draft asks which, naming the options from the
profile or the documents; when the message or the profile settles it, or a word only looks like a pointer ("is that
normal?", "that cancel-for-any-reason option"), it answers. Over an invented gym chain and an invented energy
supplier, not a development knowledge base."""

from __future__ import annotations

from datetime import date

from assistant.analysis import MessageAnalyser
from assistant.asks import split_message
from assistant.behaviour import decide
from assistant.ending_choice import ending_choice, ending_question
from assistant.types import CustomerProfile, Order, Passage, Ticket

ANALYSER = MessageAnalyser()
TARIFFS = Passage(marker=1, doc_id="tariffs", chunk_id="tariffs#1", title="Tariffs and exit fees", audience="public",
                  score=0.6, text="""| Tariff | Unit rate | Exit fee |
|---|---|---|
| Steady 12 (fixed) | 24p | £50 per fuel |
| Steady 24 (fixed) | 23p | £75 per fuel |
| Flex (variable) | 26p | none |

You can leave at any time; an exit fee applies on a fixed tariff.""")
MEMBERSHIP = Passage(marker=2, doc_id="membership", chunk_id="membership#1", title="Your membership", audience="public",
                     score=0.6, text="You can cancel your Gold membership at any time in the app.")


def _profile(*orders: Order, tier: str | None = None) -> CustomerProfile:
    return CustomerProfile(name="Robin Hale", tier=tier, orders=list(orders))


def _decide(message: str, profile: CustomerProfile | None = None, passages: list[Passage] | None = None):  # noqa: ANN202
    ticket = Ticket(message=message, customer=profile)
    return decide(ticket, ANALYSER.analyse(message, []), split_message(message), evidence_ok=True, best_score=0.6,
                  passages=passages or [])


PT_SESSIONS = Order(id="GY-1001", date=date(2026, 11, 20), status="active", items=["10 personal training sessions"])
CLASS_PASS = Order(id="GY-1002", date=date(2026, 11, 26), status="processing", items=["Spin class pass"])


def test_a_bare_cancel_with_an_order_and_a_membership_asks_which_naming_both() -> None:
    reason = ending_choice("Hi, I need to cancel please.\n\nThanks,\nRobin", _profile(CLASS_PASS, tier="Gold"), [MEMBERSHIP])
    assert reason is not None and "GY-1002" in reason and "Gold membership" in reason
    question = ending_question(reason)
    assert question is not None and question.startswith("Could you tell me whether you'd like to cancel")
    assert _decide("Hi, I need to cancel please.", _profile(CLASS_PASS, tier="Gold"), [MEMBERSHIP]).behaviour == "clarify"


def test_a_cancel_that_names_its_object_or_has_one_option_is_answered() -> None:
    assert ending_choice("Can I cancel my Gold membership please?", _profile(CLASS_PASS, tier="Gold"), [MEMBERSHIP]) is None
    assert ending_choice("I need to cancel please.", _profile(CLASS_PASS), [MEMBERSHIP]) is None
    # a finished order has nothing left to cancel
    done = CLASS_PASS.model_copy(update={"status": "delivered"})
    assert ending_choice("I need to cancel please.", _profile(done, tier="Gold"), [MEMBERSHIP]) is None
    assert ending_choice("When does the sale end?", None, [TARIFFS]) is None


def test_what_leaving_costs_with_no_profile_asks_which_tariff_from_the_documents_table() -> None:
    reason = ending_choice("how much is it to leave", None, [TARIFFS])
    assert reason is not None and "Steady 12" in reason and "Flex" in reason
    question = ending_question(reason)
    assert question is not None and "which tariff you're on" in question
    assert ending_choice("how much is it to leave, I'm on Steady 24", None, [TARIFFS]) is None


def test_my_policy_with_two_policies_asks_which() -> None:
    first = Order(id="PL-1", status="active", items=["Annual cover"])
    second = Order(id="PL-2", status="active", items=["Single trip cover - Rome"])
    got = _decide("Hi I want to cancel my policy please. How much will I get back?", _profile(first, second))
    assert got.behaviour == "clarify" and "more than one" in (got.reason or "")
    # naming the one they mean settles it
    named = _decide("Hi I want to cancel my policy for the Rome trip please.", _profile(first, second))
    assert named.behaviour != "clarify"


def test_a_word_said_of_that_or_a_compound_is_no_pointer_to_ask_about() -> None:
    hot = Passage(marker=1, doc_id="care", chunk_id="care#1", title="Normal 30 wash | Care", audience="public",
                  score=0.6, text="Use the Normal 30 programme for most items.")
    assert _decide("the case got really warm this morning, is that normal or should i send it back",
                   None, [hot]).behaviour != "clarify"
    extra = Passage(marker=1, doc_id="extras", chunk_id="extras#1", title="Cancel For Any Reason", audience="public",
                    score=0.6, text="Cancel For Any Reason can be added within 14 days of booking.")
    assert _decide("Can I still add that cancel-for-whatever-reason option to my booking?",
                   None, [extra]).behaviour != "clarify"


def test_the_order_with_two_orders_asks_which_but_not_without_a_profile() -> None:
    got = _decide("hey so the order came and its not right", _profile(PT_SESSIONS, CLASS_PASS))
    assert got.behaviour == "clarify" and "more than one" in (got.reason or "")
    assert _decide("Why are my points still 'pending'? I got the order 2 weeks ago.").behaviour != "clarify"


def test_a_ticket_of_two_asks_which_naming_what_each_holds() -> None:
    from models.embedders import HashingEmbedder
    from models.generators.composer import ComposerGenerator
    from assistant.types import DraftJob

    outward = Order(id="FR-5501", date=date(2026, 11, 20), status="booked", items=["Harbour crossing, Friday 4 December"])
    island = Order(id="FR-5502", date=date(2026, 11, 22), status="booked", items=["Island day return, Saturday 12 December"])
    message = "hiya could you cancel my ticket please, I can't go any more"
    got = _decide(message, _profile(outward, island))
    assert got.behaviour == "clarify" and "more than one" in (got.reason or "")
    job = DraftJob(ticket=Ticket(message=message, customer=_profile(outward, island)), analysis=ANALYSER.analyse(message),
                   passages=[], behaviour=got.behaviour, behaviour_reason=got.reason)
    text = ComposerGenerator(HashingEmbedder()).generate(job).text
    assert "which ticket" in text and "#FR-5501 (Harbour crossing" in text and "#FR-5502 (Island day return" in text


def test_a_thing_named_beside_the_plan_that_covers_it_is_no_choice() -> None:
    cover = Order(id="CV-7", status="active", items=["Gadget Shield plan"])
    camera = Order(id="SH-9", status="delivered", items=["Trail camera X2"])
    got = _decide("My trail camera fell in the river. I'm on the Gadget Shield plan, is that covered?",
                  _profile(cover, camera))
    assert got.behaviour != "clarify"
    # two things of their own, both named, still need telling apart
    other = Order(id="SH-10", status="delivered", items=["Trail camera X3"])
    assert _decide("My trail camera fell in the river, is that covered?", _profile(camera, other)).behaviour == "clarify"


def test_asking_which_order_presumes_none_of_them_in_the_acknowledgement() -> None:
    from assistant.types import DraftJob
    from models.embedders import HashingEmbedder
    from models.generators.composer import ComposerGenerator

    older = Order(id="SH-9", status="delivered", items=["Trail camera X2"])
    newer = Order(id="SH-10", status="delivered", items=["Trail camera X3 Pro"])
    message = "One of my trail cameras stopped working this morning. What will the repair cost?"
    decision = _decide(message, _profile(older, newer))
    assert decision.behaviour == "clarify"
    ticket = Ticket(message=message, customer=_profile(older, newer))
    job = DraftJob(ticket=ticket, analysis=ANALYSER.analyse(message), passages=[], behaviour="clarify",
                   behaviour_reason=decision.reason, evidence_ok=True)
    text = ComposerGenerator(HashingEmbedder()).generate(job).text
    opening, _, question = text.partition("Could you tell me which order")
    assert question and "X2" in question and "X3" in question  # both named where the reply asks
    assert "X2" not in opening and "X3" not in opening  # and neither presumed before it


def test_a_cancel_after_the_booking_is_named_in_full_is_about_that_booking() -> None:
    workshop = Order(id="GY-1003", date=date(2026, 11, 10), status="confirmed",
                     items=["Kettlebell Basics - Saturday 5 Dec, 10am (1 person)"])
    message = "Hi, I booked Kettlebell Basics for 5 Dec. If I cancel today do I get all my money back?"
    assert ending_choice(message, _profile(workshop, tier="Gold"), [MEMBERSHIP]) is None
    # a bare cancel with the same two options still asks which
    assert ending_choice("Hi, if I cancel today do I get my money back?", _profile(workshop, tier="Gold"),
                         [MEMBERSHIP]) is not None


def test_two_boxes_of_one_plan_are_that_plan_not_a_choice() -> None:
    boxes = [Order(id=f"GY-20{i}", date=date(2026, 10 + i, 20), status="delivered", items=["Team towel plan box"])
             for i in (0, 1)]
    message = "We'd like to cancel our towel plan, we've had 2 boxes so far. Is there a fee to cancel now?"
    assert _decide(message, _profile(*boxes)).behaviour != "clarify"
    # ... and asking what it costs to cancel now is a question, not an angry demand
    assert ANALYSER.analyse(message, []).emotion != "anger"
