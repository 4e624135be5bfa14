"""Drafts over another company's documents (not a shop): no retail wording the documents do not use, section
headings and common idioms count as what a question is about, and an ask answered by an earlier ask's sentence is
not reported as a gap. The documents here are invented for the tests (a climbing gym, a dental practice)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from assistant.analysis import MessageAnalyser
from assistant.asks import named_objects
from assistant.issue import describe_issue
from assistant.types import BrandVoice, DraftJob, Passage, Ticket
from models.embedders import HashingEmbedder
from models.generators import composer_phrases as ph
from models.generators.ask_gaps import _person, focus_gap
from models.generators.composer import ComposerGenerator, unknown_terms

ANALYSER = MessageAnalyser()
GYM = BrandVoice(company_name="Cragside Climbing")

MEMBERSHIP = Passage(
    marker=1, doc_id="membership-billing", chunk_id="m1", title="Membership fees", section="Monthly billing", score=0.8,
    text=("Monthly memberships are billed on the first day of each month. "
          "If we take a membership fee twice for the same month, we return the second payment in full within 5 working days. "
          "Pausing a membership is free for up to 2 months a year."),
)
SESSIONS = Passage(
    marker=2, doc_id="induction", chunk_id="i1", title="Your first visit", section="Arrival times", score=0.7,
    text=("Climbers booked on an induction must arrive at least 20 minutes before the session starts. "
          "Late arrivals cannot join a session that has started."),
)
ASSISTANCE = Passage(
    marker=1, doc_id="access", chunk_id="a1", title="Visiting the practice", section="Help getting in", score=0.8,
    text=("If you need help getting in, step-free access or a longer appointment, let us know at least 3 days before "
         "your appointment "
          "by phone."),
)


def _job(message: str, passages: list[Passage], voice: BrandVoice = GYM) -> DraftJob:
    ticket = Ticket(message=message, agent_name="Sam", brand_voice=voice, today=date(2026, 11, 26))
    return DraftJob(ticket=ticket, analysis=ANALYSER.analyse(message), evidence_ok=True, passages=passages)


@pytest.fixture
def composer() -> ComposerGenerator:
    return ComposerGenerator(HashingEmbedder())


def test_decline_names_the_company_but_no_shop_vocabulary() -> None:
    for sentence in ph.decline_sentences("Cragside Climbing"):
        assert "Cragside Climbing" in sentence
        assert "order" not in sentence


def test_topic_phrases_need_their_noun_in_the_conversation_or_documents() -> None:
    assert not ph.speaks_of("payments", "I paid a fee at the desk. Fees are listed in the price list.")
    assert ph.speaks_of("payments", "I paid for my order. Orders are charged at dispatch.")
    assert ph.speaks_of("other", "anything at all")  # no noun to check: "this"
    assert not ph.order_steps_fit("My membership fee was taken twice. Monthly memberships are billed on the 1st.")
    assert ph.order_steps_fit("I was charged twice for my order.")


def test_no_order_number_asked_for_where_nobody_deals_in_orders(composer: ComposerGenerator) -> None:
    text = composer.generate(_job("You took my membership fee twice this month, please sort it out.", [MEMBERSHIP])).text
    assert "second payment in full" in text
    assert "order" not in text.lower()


def test_a_shop_customer_still_gets_the_order_step(composer: ComposerGenerator) -> None:
    shop = Passage(marker=1, doc_id="billing", chunk_id="b1", title="Billing and charges", score=0.8,
                   text=("If an order was charged twice, we refund the duplicate charge within 3 business days. "
                         "Charges appear when the order ships."))
    text = composer.generate(_job("You charged me twice for the same order!", [shop], BrandVoice())).text
    assert "order number" in text


def test_what_happened_to_the_customer_is_not_an_item_that_arrived_damaged() -> None:
    assert describe_issue("I need to cancel my session, I've broken my wrist.").kind != "damaged"
    assert describe_issue("We broke an arm skiing so we can't come on Friday.").kind != "damaged"
    assert describe_issue("The mug arrived broken.").kind == "damaged"


def test_section_heading_and_pronoun_contractions_count_for_the_question_subject() -> None:
    # "time" is the section heading's word ("Arrival times"); "i'm" is no subject; only "cycling" is unnamed
    assert not focus_gap("what time do i need to be there if i'm cycling in?", [SESSIONS])
    # a question about something the passage never names is still a gap
    assert focus_gap("what wax do you recommend for skis and snowboards?", [SESSIONS])


def test_questions_are_said_back_with_the_company_as_us() -> None:
    assert _person("do we need to tell you in advance") == "do you need to tell us in advance"
    assert _person("should i let you know") == "should you let us know"
    assert _person("what time do i need to be there if i'm late") == "what time do you need to be there if you're late"


def test_in_advance_is_no_unknown_term() -> None:
    assert unknown_terms("do we need to tell you in advance?", [ASSISTANCE]) == []
    assert unknown_terms("can you whiten crowns?", [ASSISTANCE]) == ["whiten", "crowns"]


def test_second_ask_answered_by_the_first_asks_sentence_is_no_gap(composer: ComposerGenerator) -> None:
    gen = composer.generate(_job("What help can I get with step-free access? Do we need to let you know in advance of "
                                 "the appointment?", [ASSISTANCE], BrandVoice(company_name="Harbour Dental")))
    assert "3 days before" in gen.text
    assert "doesn't cover" not in gen.text and "couldn't find" not in gen.text
    assert gen.text.count("3 days before") == 1  # said once, for both asks


def test_a_case_list_led_by_bold_names_keeps_only_the_customers_case() -> None:
    from assistant.customer_facts import for_other_case

    passage = ("## Passes\n\n- **Peak** passes can be frozen for up to 30 days a year.\n"
               "- **Off-peak** passes can be frozen for up to 14 days a year.\n- **Day** passes cannot be frozen.")
    message = "I have an off-peak pass and I'm away for a fortnight. Can I freeze it?"
    assert for_other_case("Peak passes can be frozen for up to 30 days a year.", passage, message)
    assert not for_other_case("Off-peak passes can be frozen for up to 14 days a year.", passage, message)
    # nobody named their case: every rule stays
    assert not for_other_case("Peak passes can be frozen for up to 30 days a year.", passage, "Can I freeze my pass?")


def test_someone_hurt_is_acknowledged_as_a_person_and_handed_over() -> None:
    from assistant.asks import split_message
    from assistant.behaviour import decide

    assert describe_issue("My daughter slipped on the wet floor by the lockers and hurt her knee.").phrase == \
        "your daughter got hurt"
    assert describe_issue("I can't make my appointment, I sprained my ankle.").phrase == "you got hurt"
    assert describe_issue("It doesn't hurt to ask: can I pay by card?").kind != "injury"
    assert describe_issue("That hurt my feelings, honestly.").kind != "injury"
    message = "My daughter slipped on the wet floor by the lockers and hurt her knee."
    ticket = Ticket(message=message)
    d = decide(ticket, ANALYSER.analyse(message), split_message(message), evidence_ok=True, best_score=0.6)
    assert d.behaviour == "handover" and "safety" in (d.reason or "")
    ack = ph.acknowledgement("neutral", "your daughter got hurt", "other", 0.0)
    assert ack and ack[0].startswith("I'm sorry to hear")  # never "Thanks for letting me know that ..."


def test_a_doubled_question_mark_is_emphasis_not_confusion() -> None:
    assert ANALYSER.analyse("can i bring my bike on the bus??").emotion != "confusion"
    assert ANALYSER.analyse("I'm confused, which pass do I need?").emotion == "confusion"
    # asking twice over why something is so is puzzlement
    assert ANALYSER.analyse("I renewed last week, why does my pass still say expired??").emotion == "confusion"


def test_cases_told_apart_by_their_subject_in_prose_keep_only_the_customers() -> None:
    from assistant.customer_facts import for_other_case

    passage = ("## Refunds\n\nSingle-visit passes are refunded only if the class is cancelled by us. "
               "Termly passes cancelled within 14 days of purchase get a full refund. "
               "If you were charged twice, we refund the second charge.")
    message = "I bought a termly pass 5 days ago and can't come any more. Can I get my money back?"
    assert for_other_case("Single-visit passes are refunded only if the class is cancelled by us.", passage, message)
    assert not for_other_case("Termly passes cancelled within 14 days of purchase get a full refund.", passage, message)
    assert not for_other_case("If you were charged twice, we refund the second charge.", passage, message)
    # the customer names no case: both rules stay
    assert not for_other_case("Single-visit passes are refunded only if the class is cancelled by us.", passage,
                              "Can I get a refund?")


def test_a_visitor_who_never_came_is_a_missed_appointment_not_a_parcel() -> None:
    issue = describe_issue("The surveyor never turned up on Tuesday. I waited in all day.")
    assert issue.kind == "no_show" and issue.phrase == "the surveyor didn't turn up as arranged"
    assert describe_issue("Nobody showed up for my 9am slot.").kind == "no_show"
    assert describe_issue("My parcel never arrived.").kind == "not_arrived"  # a thing, not a person: still a parcel
    assert named_objects("The electrician never came back to finish.") == ["electrician"]  # "never" is no part of it
    assert describe_issue("You missed my 9am appointment!").phrase == "we missed your 9am appointment"
    assert describe_issue("I missed my appointment, can I rebook?").kind != "no_show"  # the customer missed it


def test_a_parcel_step_needs_parcels_in_the_conversation_or_documents() -> None:
    visit = ("The engineer never came. Appointments are available Monday to Friday. Your order confirmation shows "
             "the date.")
    assert ph.order_steps_fit(visit)  # orders are mentioned...
    assert not ph.step_fits("shipping", visit)  # ...but nothing is shipped or tracked
    assert ph.step_fits("shipping", "My parcel is late. Orders ship within 2 days and tracking is emailed.")
    assert ph.next_step("some-topic-of-another-company", None, has_order_ref=False, urgent=False) == ([], None)


def test_what_happens_now_is_asking_for_the_next_step_not_an_unknown_subject() -> None:
    assert unknown_terms("what happens now?", [MEMBERSHIP]) == []


FAQ = Passage(
    marker=1, doc_id="faq", chunk_id="f1", title="Frequently asked questions", section="Closing a membership", score=0.8,
    text=("Can the front desk close my membership?\n\n"
          "No. To keep your account safe, membership closures always go through our members office by e-mail."),
)


def test_an_faq_answers_own_no_is_said_only_to_the_same_kind_of_question(composer: ComposerGenerator) -> None:
    asked = composer.generate(_job("Can the front desk close my membership for me?", [FAQ])).text
    assert "No" in asked.split("membership closures")[0]  # a yes/no question: the verdict answers it
    request = composer.generate(_job("I want you to close my membership.", [FAQ])).text
    assert "membership closures always go through" in request
    assert not re.search(r"\bNo\b", request)  # a request is told how it is done, not "No."


def test_a_customer_who_gave_the_order_number_is_not_asked_for_it_again() -> None:
    from models.generators.composer_policy import without_given_order_number

    rule = "If a fee was taken twice, send me the order number and the last 4 digits of the card and we will refund it."
    assert without_given_order_number(rule) == ("If a fee was taken twice, send me the last 4 digits of the card and "
                                                 "we will refund it.")
    assert without_given_order_number("Send me your order number and we will add the points.") == \
        "We will add the points."
    assert without_given_order_number("Keep your order number safe.") == "Keep your order number safe."
