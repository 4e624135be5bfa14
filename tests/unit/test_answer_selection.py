"""Answer-bearing sentence selection, yes/no leads, deadlines vs processing times (invented bike-shop sources)."""

from __future__ import annotations

from datetime import date

from assistant.asks import split_message
from assistant.customer_facts import consequence, elapsed_events
from assistant.grounding.windows import windows_in
from assistant.types import Passage
from models.embedders import HashingEmbedder
from models.generators.composer import _yes_no_answer
from models.generators.composer_policy import SentenceBank, answer_kind, content_words, select_policy

TODAY = date(2027, 3, 10)

PAYING = Passage(
    marker=1, doc_id="paying", chunk_id="pay-1", title="Paying at Spokeworks", section="What we accept", score=0.6,
    text=("- **Cards:** Visa and Mastercard.\n- **Bank transfer:** for workshop invoices over $200.\n"
          "- **Spread the cost:** pay for a new bike in three monthly instalments, for bikes between $400 and $3,000.\n\n"
          "You cannot split one invoice between two cards."),
)
SERVICE = Passage(
    marker=2, doc_id="workshop", chunk_id="ws-1", title="Workshop", section="Tune-ups", score=0.55,
    text=("A basic tune-up adjusts the gears and brakes and checks every bolt. "
          "A basic tune-up takes 2 working days from drop-off. "
          "Our mechanics wear gloves when handling your bike."),
)


def _select(question: str, passages: list[Passage], **kw) -> list[str]:  # noqa: ANN003
    embedder = HashingEmbedder()
    chosen = select_policy(SentenceBank(embedder), passages, embedder.embed_query(question), content_words(question),
                           max_sentences=kw.pop("max_sentences", 1), question=question, about=question,
                           ask_vec=embedder.embed_query(question), **kw)
    return [c.text for c in chosen]


def test_the_sentence_naming_what_was_asked_is_chosen_over_a_neighbour_about_something_else() -> None:
    (best,) = _select("can i spread the cost of a new bike over monthly instalments?", [PAYING, SERVICE])
    assert "three monthly instalments" in best
    (best,) = _select("do you take bank transfer?", [PAYING, SERVICE])
    assert best.startswith("Bank transfer")


def test_a_how_long_question_gets_the_sentence_with_the_duration() -> None:
    assert answer_kind("how long does a tune-up take?") == "duration"
    assert answer_kind("How much is a tune-up?") == "amount"
    assert answer_kind("What do I get with the service plan?") == "list"
    (best,) = _select("how long does a tune-up take?", [SERVICE])
    assert "2 working days" in best


def test_a_sentence_said_for_an_earlier_ask_is_not_repeated() -> None:
    embedder = HashingEmbedder()
    bank = SentenceBank(embedder)
    q = "how long does a tune-up take?"
    first = select_policy(bank, [SERVICE], embedder.embed_query(q), content_words(q), max_sentences=1, question=q,
                          about=q, ask_vec=embedder.embed_query(q))
    again = select_policy(bank, [SERVICE], embedder.embed_query(q), content_words(q), max_sentences=1, question=q,
                          about=q, ask_vec=embedder.embed_query(q), avoid=[first[0].vec])
    assert again == [] or again[0].text != first[0].text


def test_yes_no_lead_only_when_the_rule_decides_what_was_asked() -> None:
    rule = "You cannot split one invoice between two cards."
    # "split ... instalments" is not decided by a rule about two cards: no lead rather than a wrong "No"
    assert _yes_no_answer("can i split it into instalments", rule, rule, "") == rule
    assert _yes_no_answer("can I split an invoice between two cards?", rule, rule, "").startswith("No \u2014")
    permit = "You can rent a bike for up to 7 days."
    assert _yes_no_answer("Can I rent a bike?", permit, permit, "").startswith("Yes, you can rent")
    # the customer's dates decide "too late?", not the rule
    assert _yes_no_answer("Am I too late to rent a bike?", permit, permit, "") == permit
    # "do I have to...?" is decided by an obligation, not by a permission
    assert _yes_no_answer("Do I have to book a tune-up?", permit, permit, "") == permit
    must = "You must book a tune-up online."
    assert _yes_no_answer("Do I have to book a tune-up?", must, must, "").startswith("Yes, you must")


def test_processing_times_are_not_deadlines() -> None:
    (w,) = windows_in("Once we have checked the frame, usually within 2 working days, you can choose a repair.")
    assert not w.deadline
    (w,) = windows_in("Broken spokes must be reported within 5 days of collection.")
    assert w.deadline
    (w,) = windows_in("A basic tune-up can take up to 48 hours.")
    assert not w.deadline
    assert windows_in("If your SIM has not connected for 3 days, call us.") == []  # a threshold, not a window
    events = elapsed_events("I picked up the bike 10 days ago", None, TODAY)
    assert consequence("Once we have checked the frame, usually within 2 working days, you can choose a repair.",
                       events) is None
    closed = consequence("You can return a rental within 7 days of purchase.",
                         elapsed_events("I bought it 10 days ago", None, TODAY))
    assert closed is not None and not closed.inside and "7-day" in closed.sentence


def test_questions_without_a_question_mark_are_still_asks() -> None:
    parts = split_message("do you fix e-bikes? and can i pay in instalments")
    assert [a.kind for a in parts.asks] == ["yes_no", "yes_no"]
    assert parts.asks[1].text.startswith("and can i pay")


def test_a_members_window_applies_to_members_and_the_general_one_to_everyone_else() -> None:
    from assistant.customer_facts import Elapsed, member_words

    rule = "You can swap a helmet within the swap window: 21 days from delivery, or 45 days for Spokeworks Club members."
    forty_days = [Elapsed("delivery", 40.0, None)]
    club = member_words("Hi, I'm a Club member and the helmet pinches.", None)
    assert club == frozenset({"club"})
    member = consequence(rule, forty_days, club)
    assert member is not None and member.inside and "45-day" in member.sentence and member.for_group
    anyone = consequence(rule, forty_days)
    assert anyone is not None and not anyone.inside and "21-day" in anyone.sentence
    # the group as the subject: not this customer's window when they are not in it
    assert consequence("Club members can swap helmets within 45 days of delivery.", forty_days) is None
    assert consequence("Club members can swap helmets within 45 days of delivery.", forty_days,
                       member_words("", "Club")) is not None


def test_list_items_keep_their_lead_in_and_a_short_list_is_also_one_sentence() -> None:
    from models.generators.composer_policy import usable_sentences

    text = ("Sale bikes cannot be returned. This includes:\n\n- ex-demo bikes,\n- frames with a scratch discount,\n"
            "- bikes from the spring clearance.\n\n"
            "For safety reasons, the following can only be returned if unused:\n\n- helmets,\n- inner tubes.\n\n"
            "If the part is faulty, you have two options:\n\n- a free repair, or\n- a refund to your card.")
    out = usable_sentences(text)
    assert "Sale bikes cannot be returned; this includes ex-demo bikes." in out
    assert ("Sale bikes cannot be returned; this includes ex-demo bikes, frames with a scratch discount and bikes "
            "from the spring clearance.") in out
    assert "For safety reasons, helmets can only be returned if unused." in out
    assert "If the part is faulty, you have two options: a free repair or a refund to your card." in out
    assert not any(s.endswith((",.", "or.")) or "the following" in s for s in out)


def test_a_window_counted_from_the_event_the_customer_dated_is_preferred() -> None:
    rentals = Passage(
        marker=1, doc_id="rentals", chunk_id="rent-1", title="Bike rentals", section="Changing a booking", score=0.6,
        text=("Rentals can be collected from any of our shops. "
              "You can move a rental to another day within 2 hours of booking it. "
              "A rental can be moved to another day when the bike is still in the shop."))
    question = "I booked yesterday, can I still move my rental to another day while the bike is in the shop?"
    anchored = _select(question, [rentals], prefer_windows=True, window_events=frozenset({"start"}))
    assert anchored == ["You can move a rental to another day within 2 hours of booking it."]
    # the same window, measured against no event of theirs, earns only the general bonus: the words decide
    unanchored = _select(question, [rentals], prefer_windows=True, window_events=frozenset({"delivery"}))
    assert unanchored == ["A rental can be moved to another day when the bike is still in the shop."]


def test_what_they_will_have_to_pay_is_answered_by_the_sum_not_by_how_to_pay() -> None:
    storage = Passage(
        marker=3, doc_id="storage", chunk_id="st-1", title="Collecting your bike", section="Late collection", score=0.6,
        text=("Storage of a bike left with us is charged at $5 per day after the first 7 days. "
              "You pay for your bike at the counter."))
    (best,) = _select("what will i have to pay to get my bike back??", [storage])
    assert "$5 per day" in best
