"""A hand-over table of the internal notes matched by meaning, a bereavement handed over, acknowledgements that say
only what the message states, next steps the documentation supports and the writer greeted: over an invented
water company's documents."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.analysis import MessageAnalyser
from assistant.asks import split_message
from assistant.behaviour import decide
from assistant.customer_sign_off import signed_name
from assistant.escalation import match_meaning, match_rule, situations
from assistant.issue import describe_issue
from assistant.personalisation import greeting_name
from assistant.types import CustomerProfile, Order, Passage, Ticket, Turn
from models.generators import composer_phrases as ph

ANALYSER = MessageAnalyser()

HANDBOOK = """# Care handbook: escalations, exceptions and tone

## When to hand over

| Situation | Signs to look for | Hand to | Response time |
|---|---|---|---|
| Bereavement | Bill payer has died; relative asking to close the account | Estates Team | Within 2 working days |
| Supply emergency | Burst main flooding a road; sewage in a home | Network Response Desk | Within 2 hours |
| Medical dependency | Home dialysis on the supply; customer in crisis | Priority Support Team | Same day |
| Large leak allowance | Leak allowance claim over £500 | Leak Panel | Within 10 working days |

## Exceptions you can grant

- Waive one late payment fee per customer in any 12 months. Above £40 needs a team leader.
"""
NOTE = Passage(marker=1, doc_id="handbook", chunk_id="handbook#whole", title="Care handbook: escalations, exceptions "
               "and tone", audience="internal", text=HANDBOOK)


def scores_for(target: str, high: float = 0.62, low: float = 0.3):  # noqa: ANN201
    """A stand-in for the embedder: every text of the row whose situation is ``target`` scores ``high``."""
    found = situations([NOTE], "")
    wanted = {t for s in found if s.rule.text.startswith(target) for t in s.texts}

    def meaning(texts: Sequence[str]) -> list[float]:
        return [high if t in wanted else low for t in texts]
    return meaning


def decision(message: str, meaning=None, history: list[Turn] | None = None):  # noqa: ANN001, ANN201
    ticket = Ticket(message=message, history=history or [])
    return decide(ticket, ANALYSER.analyse(message, ticket.history), split_message(message), evidence_ok=True,
                  best_score=0.6, rule_documents=[NOTE], meaning=meaning)


def test_a_table_row_whose_case_the_message_is_by_meaning_hands_over_with_its_team_and_time() -> None:
    d = decision("My father relies on his kidney machine at home and the water has been off since 6am.",
                 meaning=scores_for("Medical dependency"))
    assert d.behaviour == "handover" and d.team == "our Priority Support Team" and d.when == "today"
    # nothing close enough, or two rows as close as each other: no hand-over by meaning
    assert decision("How do I read my meter?", meaning=scores_for("Medical dependency", high=0.45)).behaviour == "answer"
    tied = situations([NOTE], "")
    assert match_meaning(tied, [0.6] * sum(len(s.texts) for s in tied)) is None


def test_a_rows_threshold_must_be_passed_and_a_list_of_exceptions_is_no_escalation() -> None:
    texts = [t for s in situations([NOTE], "my leak allowance claim") for t in s.texts]
    assert not any("over £500" in t for t in texts)  # no amount said: the row for claims over £500 is left out
    assert any("over £500" in t for t in (t for s in situations([NOTE], "a £720 claim") for t in s.texts))
    # "Exceptions you can grant" under a handbook titled "escalations, ...": a late fee over £40 is answered
    section = Passage(marker=1, doc_id="handbook", chunk_id="handbook#2", title=NOTE.title, section="Exceptions you can grant",
                      audience="internal", score=0.6, text="- Waive one late payment fee per customer in any 12 months. "
                      "Above £40 needs a team leader.")
    assert match_rule("I was charged a £45 late payment fee, please waive it", [section], 0.3,
                      filler=frozenset()) is None


def test_a_threshold_on_a_named_sum_fits_only_a_message_about_that_sum() -> None:
    rows = Passage(marker=1, doc_id="handbook", chunk_id="handbook#9", title="Desk handbook", audience="internal",
                   text=("| Situation | Hand to | Response time |\n|---|---|---|\n"
                         "| Hire bond complaint where the deduction is over £200 | Depot Manager | Within 5 working days |\n"))
    assert situations([rows], "you deducted £340 from my bond for a scratch that was already there")
    # a bond of £600 paid is no deduction of £600
    assert not situations([rows], "it's been two weeks and still no sign of my £600 bond. do you just keep it??")


def test_a_row_that_is_only_an_amount_band_is_no_situation_to_match_by_meaning() -> None:
    # who may approve a goodwill sum of some size: a customer who names an amount in that band is not its case
    limits = Passage(marker=1, doc_id="goodwill", chunk_id="goodwill#2", title="Goodwill limits", audience="internal",
                     text=("| Goodwill on one case | Who approves |\n|---|---|\n"
                           "| Up to ¥5,000 | Any agent |\n| £40.01 to £120 | Shift lead |\n"
                           "| Late arrival complaint over £120 | Duty manager |\n"))
    found = [s.rule.text for s in situations([limits], "can I send the hat back and get all £95 refunded?")]
    assert not any("Shift lead" in t or "Any agent" in t for t in found)
    assert any("Late arrival complaint" in s.rule.text for s in situations([limits], "my £150 complaint about the late arrival"))


def test_a_bereavement_is_handed_over_and_a_device_that_died_is_not() -> None:
    d = decision("My mum passed away last month and a bill came in her name. What do I do?")
    assert d.behaviour == "handover" and "bereavement" in (d.reason or "")
    assert d.team == "our Estates Team" and d.when == "within 2 working days"
    assert decision("My dad, Tom Reid, died on 3 May. Can I close his account?").behaviour == "handover"
    assert decision("My phone died and the app logged me out. How do I pay my bill?").behaviour != "handover"
    # a question about funerals as a subject is no loss of the writer's; their own funeral plans are
    assert decision("Is this an arrangement with a funeral home and a customer? How does it work?").behaviour != "handover"
    assert decision("We had my husband's funeral on Friday and his direct debit still went out.").behaviour == "handover"


def test_a_time_frame_the_agent_already_gave_is_not_promised_again() -> None:
    history = [Turn(role="customer", text="My mum passed away, can you close her account?"),
               Turn(role="agent", text="I'm so sorry. Our team will reply within 2 working days.")]
    d = decision("It's been a week since I told you my mum passed away and nobody has replied.", history=history)
    assert d.behaviour == "handover" and d.when is None and d.team == "our Estates Team"


def test_a_risk_is_no_injury_and_tone_alone_gets_no_stock_acknowledgement() -> None:
    assert "hurt" not in (describe_issue("Your van left a pipe across the path, someone could get hurt.").phrase or "")
    assert "hurt" in (describe_issue("I tripped over your pipe and got hurt.").phrase or "")
    assert ph.acknowledgement("anxiety", None, "billing", 0.0, stated=False) == []
    assert ph.acknowledgement("frustration", None, "billing", 0.0, stated=False) == []
    assert ph.states_feeling("anxiety", "I'm really worried about the bill") and \
        not ph.states_feeling("frustration", "We're finally moving! Do we start again?")
    assert ph.states_feeling("anxiety", "I ordered 15 minutes ago!! can I still cancel it??")
    assert ph.urgent_acknowledgement() and not any("safe" in a for a in ph.urgent_acknowledgement())


def test_a_photo_is_asked_for_only_where_the_documentation_speaks_of_photos() -> None:
    steps, _ = ph.next_step("warranty", "order #W-1", has_order_ref=True, urgent=False, photos=False)
    assert not any("photo" in s for s in steps)
    steps, _ = ph.next_step("warranty", "order #W-1", has_order_ref=True, urgent=False, photos=True)
    assert any("photo" in s for s in steps)
    assert ph.asks_for_photos(["Upload a photo of the damaged meter."]) and not ph.asks_for_photos(["Call us."])


def test_someone_writing_for_the_account_holder_is_greeted_by_their_own_name() -> None:
    message = ("Hello,\n\nMy father's supply has been off since Monday. The account is in his name, Arthur Penn.\n\n"
               "Carys Penn")
    assert signed_name(message) == "Carys Penn"
    father = CustomerProfile(name="Arthur Penn")
    assert greeting_name(Ticket(message=message, customer=father)) == "Carys"
    # the holder signing with a title and an initial is still the holder
    own = "Dear Sir,\n\nPlease remove the fee.\n\nRegards,\nMr A. Penn"
    assert greeting_name(Ticket(message=own, customer=father)) == "Arthur"


def test_orders_whose_amounts_the_message_states_are_all_meant() -> None:
    orders = [Order(id="P-1", items=["Direct debit – water"], amount=42.0),
              Order(id="P-2", items=["Direct debit – water"], amount=42.0)]
    profile = CustomerProfile(name="Ann Lee", orders=orders)
    message = "My water direct debit of £42 came out on the 2nd and another £42 on the 3rd. Can I get one back?"
    ticket = Ticket(message=message, customer=profile)
    d = decide(ticket, ANALYSER.analyse(message, []), split_message(message), evidence_ok=True, best_score=0.6)
    assert d.behaviour != "clarify"
    vague = "my water direct debit looks wrong"
    d = decide(Ticket(message=vague, customer=profile), ANALYSER.analyse(vague, []), split_message(vague),
               evidence_ok=True, best_score=0.6)
    assert d.behaviour == "clarify"


def test_a_greeting_before_a_bare_it_still_names_nothing() -> None:
    assert decision("hi its not working again").behaviour == "clarify"


def test_a_charge_named_by_nothing_gets_one_question_about_it() -> None:
    d = decision("hello, i have been charged a fee on my account and i dont understand what its for. can someone explain")
    assert d.behaviour == "clarify" and "which charge" in (d.reason or "")
    assert decision("Why was I charged a £2.50 fee on 3 May?").behaviour != "clarify"


def test_a_demand_to_sort_it_is_no_ask_and_a_question_shouted_with_bangs_is_one() -> None:
    parts = split_message("@Shop WHY DOES MY METER KEEP RESETTING!!! I PAID. SORT IT OUT @Shop")
    assert [a.text for a in parts.asks] == ["WHY DOES MY METER KEEP RESETTING?"]
    assert "SORT IT OUT @Shop" in parts.statements
    assert not split_message("Why is this so hard!").asks


def test_a_rule_hand_over_says_besides_only_what_speaks_of_its_team_or_the_message() -> None:
    from assistant.types import DraftJob
    from models.embedders import HashingEmbedder
    from models.generators.composer import ComposerGenerator

    message = "My dad's home dialysis machine runs on your water and the supply has been off since 6am."
    sources = [Passage(marker=1, doc_id="contact", chunk_id="c1", title="Contact us", score=0.5,
                       text="Call our Priority line on 0800 111 2222 if anyone at home relies on water for medical "
                            "equipment. For Phone 0800 333 4444, hours: 8am-8pm; good for: anything.")]
    job = DraftJob(ticket=Ticket(message=message, channel="email"), analysis=ANALYSER.analyse(message), passages=sources,
                   evidence_ok=True, behaviour="handover", behaviour_reason="an urgent internal escalation rule applies: "
                   "Medical dependency", handover_team="our Priority Support Team", handover_time="today")
    text = ComposerGenerator(HashingEmbedder()).generate(job).text
    assert "0800 111 2222" in text and "0800 333 4444" not in text
    assert "Priority Support Team" in text


def test_a_pets_death_is_a_bereavement_in_the_words_owners_use() -> None:
    for said in ("We said goodbye to Pepper on Monday at the clinic.", "our cat was put to sleep last week",
                 "we had to put Rex down on Friday"):
        assert decision(f"{said} Please stop the monthly payments.").behaviour == "handover", said
    for calm in ("I put her down as my emergency contact, is that ok?", "I said goodbye to my old router, the new one works"):
        assert decision(calm).behaviour != "handover", calm
