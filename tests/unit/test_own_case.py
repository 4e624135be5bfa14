"""What the customer says they lack, and the figures they quote, against rules of invented companies."""

from __future__ import annotations

from assistant.customer_facts import for_other_case
from assistant.grounding.words import family
from assistant.own_case import lacking, own_case, quoted_figures, states_quoted_figure
from assistant.types import Passage
from models.embedders import HashingEmbedder
from models.generators.composer_policy import OWN_CASE_BONUS, SentenceBank, _STEPS, content_words, select_policy

NO_CARD = "I lost my library card and I don't have the PIN either. How do I borrow e-books now?"


def test_what_the_customer_lacks_is_read_from_their_statements() -> None:
    things = lacking(NO_CARD)
    assert frozenset({family("library"), family("card")}) in things
    assert frozenset({family("pin")}) in things
    assert lacking("I have no receipt for the skis.") == (frozenset({family("receipt")}),)
    assert lacking("we didn't create an account when we booked") == (frozenset({family("account")}),)
    # a question is what they ask, not what their case is
    assert lacking("What if I don't have a receipt?") == ()


def test_the_rule_whose_condition_is_their_lack_is_theirs() -> None:
    assert own_case("If you have lost your library card, ask at any desk for a replacement.", NO_CARD) == 1
    assert own_case("If you do not have your PIN, reset it at the self-service kiosk.", NO_CARD) == 1
    assert own_case("Without a receipt, we can offer store credit only.", "I have no receipt for the skis.") == 1


def test_a_rule_or_step_that_needs_what_they_lack_is_not_theirs() -> None:
    assert own_case("Sign in with your library card number and PIN.", NO_CARD) == -1
    assert own_case("If you have your receipt, we refund the rental to your card.",
                    "I have no receipt for the skis.") == -1
    # about losing it: not a step that needs it
    assert own_case("Keep your card somewhere safe in case you lose it.", NO_CARD) == 0


def test_nothing_said_about_lacking_leaves_every_rule() -> None:
    message = "How do I borrow e-books?"
    for rule in ("Sign in with your library card number and PIN.", "If you have lost your card, ask at a desk."):
        assert own_case(rule, message) == 0


def test_a_share_the_customer_quotes_marks_the_sentence_stating_it() -> None:
    message = "Why was my deposit refund 20% short?"
    assert quoted_figures(message) == {"20%"}
    assert states_quoted_figure("A cleaning charge of 20% is kept when the skis come back unwaxed.", message)
    assert not states_quoted_figure("Deposits are refunded within 5 days.", message)
    assert quoted_figures("They took 15 % off") == {"15%"}


RENTAL = Passage(
    marker=1, doc_id="rental", chunk_id="r-1", title="Renting skis", section="Returning skis", score=0.6,
    text=("Bring the skis back to any of our shops with your rental receipt. "
          "If you have no rental receipt, bring the skis to a shop and show the card you paid with. "
          "Skis returned after 6 pm count as an extra day."),
)


def test_the_rule_for_their_case_leads_when_marked_theirs() -> None:
    question = "how do i bring the rental skis back?"
    message = f"I have no rental receipt. {question}"
    embedder = HashingEmbedder()
    bank = SentenceBank(embedder)
    rows = bank.get([RENTAL])
    theirs = {(1, i): OWN_CASE_BONUS for i, s in enumerate(rows[0][1]) if own_case(s, message) > 0}
    needs = frozenset((1, i) for i, s in enumerate(rows[0][1]) if own_case(s, message) < 0)
    assert list(theirs) == [(1, 1)] and needs == {(1, 0)}

    def lead(**kw) -> str:  # noqa: ANN003
        chosen = select_policy(bank, [RENTAL], embedder.embed_query(question), content_words(question),
                               max_sentences=1, question=question, about=question,
                               ask_vec=embedder.embed_query(question), **kw)
        return chosen[0].text

    assert lead().startswith("Bring the skis back")  # their words alone pick the step that needs the receipt
    assert lead(inapplicable=needs, own_case=theirs).startswith("If you have no rental receipt")


def test_an_instruction_after_a_condition_is_a_step() -> None:
    assert _STEPS.search("If you have no rental receipt, contact our team.")
    assert not _STEPS.search("If you have no rental receipt, the booking is found by card.")


def test_an_everyday_word_meets_the_label_a_policy_uses() -> None:
    assert family("yearly") == family("Annual") and family("e-mail") == family("emailing")
    passage = ("- **Annual pass:** can be frozen once for up to 2 months.\n"
               "- **Monthly pass:** cannot be frozen; cancel it instead.")
    assert for_other_case("Monthly pass: cannot be frozen; cancel it instead.", passage,
                          "I'm on the yearly one, can I freeze it?")
    assert not for_other_case("Annual pass: can be frozen once for up to 2 months.", passage,
                              "I'm on the yearly one, can I freeze it?")


def test_a_way_to_do_it_without_what_they_lack_is_theirs() -> None:
    message = "i dont have a scanner, how do i send you the signed form"
    assert own_case("You can photograph the signed form with your phone instead, without scanning it.", message) == 1
    assert own_case("Scan the signed form and upload it in your account.", message) == 0


def test_a_question_led_by_a_statement_is_read_from_its_question_word() -> None:
    from models.generators.composer_policy import answer_kind, question_clause

    assert question_clause("the skis are too long, can I swap them for a shorter pair?") == \
        "can I swap them for a shorter pair?"
    assert answer_kind("the skis are too long, can I swap them for a shorter pair?") == "rule"
    # a question that starts as one is left whole, and so is a statement
    assert question_clause("How long is the rental, and can I extend it?") == "How long is the rental, and can I extend it?"
    assert question_clause("The skis are too long, I want shorter ones.") == "The skis are too long, I want shorter ones."
    # a purpose given before the question ("to avoid that again") is not what it asks about
    assert question_clause("So to stop that recurring can I switch to paying by cheque?") == \
        "can I switch to paying by cheque?"
    assert question_clause("to be honest is the wax service worth it?") == "to be honest is the wax service worth it?"


def _chosen(question: str, passages: list[Passage], n: int = 3) -> list[str]:
    embedder = HashingEmbedder()
    return [c.text for c in select_policy(SentenceBank(embedder), passages, embedder.embed_query(question),
                                          content_words(question), max_sentences=n, question=question, about=question,
                                          ask_vec=embedder.embed_query(question))]


def test_a_refusal_is_followed_by_the_way_the_customer_can_do_it() -> None:
    desk = Passage(marker=1, doc_id="desk", chunk_id="d-1", title="Closing a locker", score=0.7,
                   text="Desk staff cannot close a gym locker contract over the phone; closing always goes through "
                        "the membership office.")
    office = Passage(marker=2, doc_id="office", chunk_id="o-1", title="Membership office", score=0.5,
                     text="Request the gym locker contract closing at Profile > Lockers > Close or write to lockers@gym.example. "
                          "The closing is confirmed within 5 days. Our towels are washed daily.")
    out = _chosen("close my gym locker contract over the phone", [desk, office])
    assert out[0].startswith("Desk staff cannot close")
    assert out[1].startswith("Request the gym locker contract closing")  # the route, though it matches the request less
    assert out[2] == "The closing is confirmed within 5 days."  # and the time it takes, finishing it
    assert not any("towels" in s for s in out)


def test_a_step_for_another_action_does_not_follow_a_refusal() -> None:
    rule = Passage(marker=1, doc_id="lockers", chunk_id="l-1", title="Lockers", score=0.7,
                   text="A gym locker cannot be shared between two members, even in the same family.")
    other = Passage(marker=2, doc_id="book", chunk_id="b-1", title="Booking", score=0.6,
                    text="Book a gym locker for a family member at Profile > Lockers > Book.")
    out = _chosen("can my wife share my gym locker?", [rule, other])
    assert out[0].startswith("A gym locker cannot be shared")
    assert not any(s.startswith("Book a gym locker") for s in out)


def test_where_to_report_it_finishes_the_answer_before_a_looser_fit_from_elsewhere() -> None:
    rule = Passage(marker=1, doc_id="safety", chunk_id="s-1", title="Phone calls", score=0.7,
                   text="Our gym staff will never ask for your locker PIN by phone. If someone asks you for your "
                        "locker PIN, it is a scam. Please report it to safety@gym.example.")
    loose = Passage(marker=2, doc_id="lockers", chunk_id="l-2", title="Locker PIN", score=0.6,
                    text="Your locker PIN cannot be used to pay for gym classes by phone.")
    out = _chosen("someone phoned asking for my locker PIN, is that allowed?", [rule, loose])
    assert not any("pay for gym classes" in x for x in out)
    assert "Please report it to safety@gym.example." in out


def test_a_hand_over_says_no_step_for_a_case_the_customer_never_describes() -> None:
    from models.generators.handover_support import condition_unsaid

    takeover = "Someone got into my account and changed the email address on it! I can't log in anymore."
    assert condition_unsaid("If the reset e-mail does not arrive within 10 minutes, check your spam folder.", takeover)
    assert condition_unsaid("After 5 incorrect password attempts, your account is locked for 15 minutes.", takeover)
    # one case of a list is enough; no condition at all is not a case
    assert not condition_unsaid("If a heater overheats, sparks or smells of burning, unplug it.",
                                "my heater smells like burning")
    assert not condition_unsaid("Call us on 0100 555 0100.", takeover)


def test_what_the_customer_lacks_is_never_asked_for() -> None:
    from assistant.own_case import names_lacking, without_lacking

    guest = "I never created an account, I just want to return the boots."
    assert without_lacking("full name or account ID", guest) == "full name"
    assert without_lacking("account ID", guest) == ""
    assert without_lacking("full name or account ID", "I want to return the boots.") == "full name or account ID"
    assert names_lacking("booking number", "Where is my kayak rental? I don't have the booking number.")
    assert not names_lacking("booking number", "Where is my kayak rental?")
