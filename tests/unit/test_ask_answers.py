"""Each ask gets its direct answer first and only the sentences that complete it (invented ferry-line sources)."""

from __future__ import annotations

import numpy as np

from assistant.asks import split_message
from assistant.analysis import MessageAnalyser
from assistant.types import DraftJob, Passage, Ticket
from models.embedders import HashingEmbedder
from models.generators.composer import ComposerGenerator
from models.generators.composer_policy import (
    SentenceBank,
    _answer_bearing_lead,
    answer_kind,
    bears_kind,
    completes,
    content_words,
    select_policy,
    with_subject,
)

FARES = Passage(
    marker=1, doc_id="fares", chunk_id="fares-1", title="Fares", section="Crossings", score=0.7,
    text=("| Crossing | Sailing time | Fare |\n|---|---|---|\n| Harbour hopper | 25 minutes | $6.50 |\n"
          "| Island express | 2 hours | $31.00 |\n| Night boat | 9 hours | $74.00 |"),
)
CHANGES = Passage(
    marker=2, doc_id="changes", chunk_id="changes-1", title="Changing a ticket", section="Changes", score=0.65,
    text=("Changing a ferry ticket is popular with travellers who change their ferry plans. "
          "You have 48 hours before departure to change a ferry ticket online. "
          "Changes made at the port cost an extra $5."),
)
DOGS = Passage(
    marker=3, doc_id="pets", chunk_id="pets-1", title="Travelling with pets", section="Pets", score=0.6,
    text=("Dogs can travel on the open deck if they stay on a lead. "
          "Cats must travel in a closed carrier."),
)
ANALYSER = MessageAnalyser()


def _select(question: str, passages: list[Passage], max_sentences: int = 2) -> list[str]:
    embedder = HashingEmbedder()
    chosen = select_policy(SentenceBank(embedder), passages, embedder.embed_query(question), content_words(question),
                           max_sentences=max_sentences, question=question, about=question,
                           ask_vec=embedder.embed_query(question))
    return [c.text for c in chosen]


def test_what_each_kind_of_ask_needs_a_sentence_to_carry() -> None:
    assert bears_kind("duration", "The crossing takes 2 hours.")
    assert bears_kind("duration", "Tickets are e-mailed once the payment clears.")  # an event answers "when?"
    assert not bears_kind("duration", "Our crossings are comfortable and scenic.")
    assert bears_kind("deadline", "You have 48 hours before departure to change a ticket.")
    assert bears_kind("deadline", "Season passes can be refunded until March 3.")
    assert not bears_kind("deadline", "Night boats sail every evening.")
    assert bears_kind("amount", "Changes made at the port cost an extra $5.")
    assert bears_kind("amount", "Children under 4 travel free.")
    assert not bears_kind("amount", "Fares depend on the crossing.")
    assert bears_kind("rule", "Dogs can travel on the open deck.")
    assert not bears_kind("rule", "The open deck has a lovely view.")
    assert bears_kind("steps", "Go to My trips and choose Change.")
    assert answer_kind("do I have to pay extra to bring a bike?") == "amount"


def test_a_further_sentence_must_complete_the_answer_not_talk_around_it() -> None:
    lead = "Dogs can travel on the open deck if they stay on a lead."
    assert completes("rule", "Assistance dogs may also travel in the lounge.", lead)  # a rule of the same ask
    assert completes("rule", "Dogs are not allowed in the cafe.", lead)  # an exception
    assert completes("any", "Write to pets@ferry.example before you travel.", lead)  # where to write
    assert not completes("rule", "Our crew love meeting furry travellers on board.", lead)  # warmth, no answer
    assert completes("amount", "A pet ticket costs $3.", lead)


def test_how_long_do_i_have_is_led_by_the_time_left_to_act() -> None:
    chosen = _select("how long do I have to change my ferry ticket?", [CHANGES], max_sentences=2)
    assert chosen and "48 hours" in chosen[0]  # the direct answer first
    assert not any("popular with travellers" in s for s in chosen)  # shares words, answers nothing


def _candidates(rows: list[tuple[float, float, str]]) -> tuple[list, dict]:
    vec = np.zeros(4, dtype=np.float32)
    cands = [(score, CHANGES, i, text, vec) for i, (score, _, text) in enumerate(rows)]
    return cands, {(CHANGES.marker, i): f for i, (_, f, _) in enumerate(rows)}


def test_the_lead_is_the_near_best_sentence_that_bears_the_answer() -> None:
    cands, fit = _candidates([
        (0.80, 0.70, "How long you keep a ferry ticket open depends on the fare."),  # most shared words, no answer
        (0.72, 0.66, "Flexible fares can be changed up to 48 hours before departure."),
        (0.70, 0.60, "Changes made at the port cost an extra $5."),
    ])
    assert _answer_bearing_lead(cands, fit, "deadline")[3].startswith("Flexible fares")
    assert _answer_bearing_lead(cands, fit, "amount")[3].startswith("Changes made at the port")
    # too far below the best, or an answer the ask itself does not fit: the best sentence leads
    far, far_fit = _candidates([(0.80, 0.70, "Ferry tickets are easy to change."),
                                (0.60, 0.66, "Flexible fares can be changed up to 48 hours before departure.")])
    assert _answer_bearing_lead(far, far_fit, "deadline") is far[0]
    # a yes/no ask is never led by a prohibition found nearby (a wrong "No"), only by a permission that fits better
    rule, rule_fit = _candidates([(0.80, 0.70, "Dogs love the sea air on the open deck."),
                                  (0.78, 0.68, "Dogs are not allowed in the cafe."),
                                  (0.76, 0.74, "Dogs can travel on the open deck on a lead.")])
    assert _answer_bearing_lead(rule, rule_fit, "rule")[3].startswith("Dogs can travel")
    # "can I still use it?" from someone who dated it is led by the window their date is measured against
    window, window_fit = _candidates([(0.64, 0.51, "Valid for 12 months from the date of purchase."),
                                      (0.59, 0.44, "A voucher can be used on several sailings.")])
    assert _answer_bearing_lead(window, window_fit, "rule")[3].startswith("A voucher can")
    assert _answer_bearing_lead(window, window_fit, "rule", windowed={(CHANGES.marker, 0)})[3].startswith("Valid for")


def test_a_subjectless_list_item_takes_its_headings_subject() -> None:
    assert with_subject("Valid for 6 months from the date of issue.", "Season passes") == \
        "Season passes are valid for 6 months from the date of issue."
    assert with_subject("Valid for 6 months.", "Fares > Gift vouchers") == "It's valid for 6 months."
    assert with_subject("Valid for 6 months.", "How to use a pass") == "Valid for 6 months."  # no thing's name
    assert with_subject("Dogs can travel on deck.", "Season passes") == "Dogs can travel on deck."


def test_an_ask_already_answered_by_an_earlier_sentence_adds_nothing() -> None:
    composer = ComposerGenerator(HashingEmbedder())
    message = "How long does the island express take, and how much does it cost?"
    ticket = Ticket(message=message, channel="email", agent_name="Sam")
    job = DraftJob(ticket=ticket, analysis=ANALYSER.analyse(message), evidence_ok=True, passages=[FARES, CHANGES])
    gen = composer.generate(job)
    assert gen.text.count("$31.00") == 1 and "2 hours" in gen.text  # the row with both answers, said once
    assert gen.asks_total == 2 and gen.asks_answered == 2
    assert "Night boat" not in gen.text and "Harbour hopper" not in gen.text  # other rows answer neither ask


def test_a_greeting_without_a_comma_does_not_swallow_the_question() -> None:
    parts = split_message("hey can i bring my dog on the night boat or does it have to stay home")
    assert parts.asks and parts.asks[0].kind == "yes_no"
    assert parts.asks[0].text.startswith("can i bring my dog")
    # a question without its mark is split like one with it
    unmarked = split_message("how much is a cabin per night and is breakfast included")
    assert [(a.kind, a.text) for a in unmarked.asks] == [("amount", "how much is a cabin per night?"),
                                                         ("yes_no", "is breakfast included?")]
    assert split_message("I booked a cabin and did not get a ticket").asks == []  # a statement stays one
    assert [a.text for a in split_message("Hi Sam, can I bring my dog?").asks] == ["can I bring my dog?"]
    labelled = split_message("Quick one: do night boats have cabins, and is there a fee for them?")
    assert [a.kind for a in labelled.asks] == ["yes_no", "amount"]


def test_the_direct_answer_comes_before_the_detail_that_precedes_it_on_the_page() -> None:
    cabins = Passage(marker=1, doc_id="cabins", chunk_id="cab-1", title="Cabins", section="Night boat cabins", score=0.65,
                     text=("Night boat cabins have two berths and a washbasin. "
                           "A cabin on the night boat costs $40 per night, breakfast included."))
    chosen = _select("how much does a cabin on the night boat cost?", [cabins], max_sentences=2)
    assert len(chosen) == 2 and "$40" in chosen[0]  # the page's order would put the berths first


def test_a_pronoun_for_the_things_stays_when_the_rule_is_turned_to_the_customer() -> None:
    from models.generators.composer_policy import to_customer

    assert to_customer("Kayaks can be returned to any dock; they must be rinsed first.") == (
        "You can return kayaks to any dock; they must be rinsed first.")
    assert to_customer("Customers can rent kayaks by the hour; they pay at the desk.") == (
        "You can rent kayaks by the hour; you pay at the desk.")


PETS = Passage(marker=1, doc_id="pets", chunk_id="pets-2", title="Travelling with pets", section="Pets", score=0.6,
               text="Dogs can travel on the night boat in a kennel on the open deck. Cats must travel in a closed carrier.")
BIKES = Passage(marker=2, doc_id="bikes", chunk_id="bikes-1", title="Bikes", section="Bikes", score=0.6,
                text="Bring folded bikes on any night boat free of charge. No, we do not rent bikes on board.")


def test_a_sentence_of_another_passage_about_something_else_is_not_added(monkeypatch) -> None:  # noqa: ANN001
    import models.generators.composer_policy as policy

    question = "can I bring my dog on the night boat?"
    assert _select(question, [PETS, BIKES], max_sentences=3) == [
        "Dogs can travel on the night boat in a kennel on the open deck."]
    monkeypatch.setattr(policy, "SAME_SUBJECT", -1.0)  # without the subject check the bikes rule rides along
    assert any("bikes" in s for s in _select(question, [PETS, BIKES], max_sentences=3))


def test_a_faq_reply_to_another_question_is_not_added() -> None:
    faq = Passage(marker=1, doc_id="faq", chunk_id="faq-1", title="Pets FAQ", section="Pets", score=0.6,
                  text=("Dogs can travel on the night boat in a kennel on the open deck. "
                        "No, dogs cannot stay in the night boat cabins."))
    chosen = _select("can my dog travel on the night boat?", [faq], max_sentences=3)
    assert chosen and chosen[0].startswith("Dogs can travel") and not any(s.startswith("No,") for s in chosen)


def test_a_how_do_i_ask_is_led_by_where_to_go() -> None:
    assert bears_kind("steps", "Group bookings are made at https://ferry.example/groups with the lead name.")
    assert bears_kind("steps", "Change the name in My trips > Passengers.")
    assert not bears_kind("steps", "Group bookings are popular in summer.")


def test_what_to_do_when_something_went_wrong_leads_only_for_a_customer_who_says_it_did() -> None:
    cands, fit = _candidates([
        (0.80, 0.75, "If your ticket has not arrived within 2 hours, we will resend it."),
        (0.75, 0.70, "E-tickets are e-mailed within 10 minutes of payment."),
    ])
    assert _answer_bearing_lead(cands, fit, "duration", reported_failure=False)[3].startswith("E-tickets")
    assert _answer_bearing_lead(cands, fit, "duration", reported_failure=True)[3].startswith("If your ticket")
    # in a whole selection: the customer's own words decide
    tickets = Passage(marker=1, doc_id="tickets", chunk_id="t-1", title="E-tickets", section="E-tickets", score=0.6,
                      text=("If your e-ticket has not arrived within 2 hours of booking, we will resend your e-ticket. "
                            "Your e-ticket is e-mailed within 10 minutes of booking."))
    assert "10 minutes" in _select("when will my e-ticket arrive after booking?", [tickets], max_sentences=1)[0]
    assert "resend" in _select("my e-ticket still has not arrived after booking, when will it?", [tickets],
                               max_sentences=1)[0]


def test_a_processing_time_gets_no_answer_bonus_for_a_deadline_question() -> None:
    from models.generators.composer_policy import KIND_BONUS, SPECIFIC_BONUS, _kind_bonus

    deadline = "You have 48 hours before departure to change a ferry ticket online."
    processing = "We check each changed ticket within 3 business days of the request."
    # "how long do I have?" wants the time left to act: only the deadline carries that kind of answer
    assert _kind_bonus("deadline", deadline, True, False, False) == KIND_BONUS
    assert _kind_bonus("deadline", processing, True, False, False) == SPECIFIC_BONUS * 0.5
    # "how long does it take?" is answered by the processing time as much as by any period
    assert _kind_bonus("duration", processing, True, False, False) == KIND_BONUS


def test_a_step_said_without_the_step_before_it_drops_its_sequence_word() -> None:
    from models.generators.composer_policy import to_customer

    assert to_customer("Then ring the night warden on 0161 555 0100.") == "Ring the night warden on 0161 555 0100."
    # "after that" is a condition on time, not a step's link: kept
    assert to_customer("After that, the booking can no longer be changed.") == "After that, the booking can no longer be changed."
    # a name that starts the sentence is no sequence word
    assert to_customer("Next Day delivery costs £7.") == "Next Day delivery costs £7."


def test_an_faq_answer_that_says_no_itself_gets_no_second_no() -> None:
    faq = Passage(marker=4, doc_id="faq", chunk_id="faq-1", title="FAQ", section="FAQ", score=0.7,
                  text="**Do you paint boat hulls?**\nNo. We don't paint boat hulls or decks.")
    composer = ComposerGenerator(HashingEmbedder())
    message = "Do you paint boat hulls?"
    job = DraftJob(ticket=Ticket(message=message, channel="email", agent_name="Sam"),
                   analysis=ANALYSER.analyse(message), evidence_ok=True, passages=[faq])
    text = composer.generate(job).text
    assert "boat hulls" in text and "No — no" not in text and "No — No" not in text
