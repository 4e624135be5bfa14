"""Internal escalation rules read as rules (who takes the case, by when), vague problems asked about, requests for
recommendations declined, and a demonstrative's verb never taken for a product: all over invented documents."""

from __future__ import annotations

from assistant.analysis import MessageAnalyser
from assistant.asks import split_message
from assistant.behaviour import _FILLER_WORDS, ambiguous_reference, decide, vague_problem
from assistant.escalation import match_rule, targets
from assistant.types import DraftJob, Passage, Ticket
from assistant.verification import Verifier
from models.embedders import HashingEmbedder
from models.generators.composer import ComposerGenerator

ANALYSER = MessageAnalyser()

# an invented boat-hire company's internal guide: a list with bold labels, a paragraph rule, a lead-in with rows
GUIDE = Passage(marker=1, doc_id="guide", chunk_id="guide#0", title="Skipper escalation guide", audience="internal",
                score=0.5, text="""# Skipper escalation guide

## Urgent
- **Person overboard or anyone injured on board:** pass to the Marine Safety team the same day. Check everyone is safe.
- **Boat adrift:** if a hirer says they have waited more than 45 minutes for the tow boat, pass it to the Harbour Duty Officer immediately.

## Complaints
- Disputed fuel charges go to the Berth Accounts team.
- **Fourth contact:** when a hirer contacts us for the fourth time about the same problem, pass it to a shift supervisor. Say a shift supervisor will reply within 2 working days.

## Legal
If a hirer mentions a lawyer, a court or other legal action, pass the case to Harbour Legal. Tell the hirer they will hear from Harbour Legal within 10 working days.

## Identity checks
Pass to the Verification team, and change nothing, when:
- someone asks to move the security deposit onto another person's bank card;
- someone asks to swap the named skipper after departure.
""")
PUBLIC = [Passage(marker=1, doc_id="hire", chunk_id="hire#0", title="Hiring a boat", score=0.2,
                  text="Every hire includes life jackets. The tow boat answers on channel 16 and on 0800 222 0101.")]


def _decide(message: str, *, notes: list[Passage] | None = None, evidence_ok: bool = True,
            passages: list[Passage] | None = None):  # noqa: ANN202
    ticket = Ticket(message=message)
    analysis = ANALYSER.analyse(message)
    return decide(ticket, analysis, split_message(message), evidence_ok=evidence_ok, best_score=0.5 if evidence_ok else 0.1,
                  internal_notes=[GUIDE] if notes is None else notes, passages=passages or PUBLIC)


def test_a_rule_is_read_for_its_team_and_time_frame() -> None:
    found = dict(targets([GUIDE]))
    assert found["the Marine Safety team"] == "today"
    assert found["the Harbour Duty Officer"] == "immediately"
    assert found["a shift supervisor"] == "within 2 working days"
    assert found["our Harbour Legal team"] == "within 10 working days"
    assert found["the Verification team"] is None


def test_a_legal_threat_goes_to_the_team_the_rule_names_by_its_time() -> None:
    d = _decide("Refund the £80 or I'm taking this to court and speaking to my lawyer.")
    assert d.behaviour == "handover" and d.team == "our Harbour Legal team" and d.when == "within 10 working days"
    assert "legal action" in (d.reason or "") and "Harbour Legal" in (d.reason or "")


def test_a_repeated_contact_goes_to_the_rule_for_that_contact_only_once_it_is_reached() -> None:
    d = _decide("This is the fourth time I'm writing about the broken winch. Fix it now!")
    assert d.behaviour == "handover" and d.team == "a shift supervisor" and d.when == "within 2 working days"
    d = _decide("This is the second time I'm writing about the broken winch. Fix it now!")
    assert d.team != "a shift supervisor"


def test_rows_under_a_lead_in_fit_on_shared_words_without_naming_the_case() -> None:
    d = _decide("can you move the security deposit onto my brother's bank card? he is paying")
    assert d.behaviour == "handover" and d.team == "the Verification team"
    assert d.reason and "Verification" in d.reason  # the agent reads the rule; the customer is told only the team
    assert _decide("Do you have life jackets for children?").behaviour == "answer"


def test_a_duration_threshold_must_be_passed_and_marks_the_rule_urgent() -> None:
    d = _decide("we have been drifting near the harbour wall, waited 70 mins for the tow boat and nobody came")
    assert d.behaviour == "handover" and d.team == "the Harbour Duty Officer" and (d.reason or "").startswith("an urgent")
    assert _decide("we waited 20 mins for the tow boat this morning, is that normal?").team is None


def test_an_injury_cue_finds_the_rule_whose_case_is_an_injury() -> None:
    d = _decide("my son slipped on deck and the ambulance took him to hospital, what do I do about the boat?")
    assert d.behaviour == "handover" and d.team == "the Marine Safety team" and d.when == "today"


def test_a_note_that_forbids_naming_teams_gets_a_general_one() -> None:
    table = Passage(marker=1, doc_id="t", chunk_id="t#0", title="Rules", audience="internal", score=0.6,
                    text="Do not name internal teams or queues to customers.\n\n## Always escalate\n\n"
                         "| Case | Escalate to | Target response |\n| --- | --- | --- |\n"
                         "| Legal threat or a lawyer | Counsel desk | 3 business days |\n")
    rule = match_rule("I will see my lawyer about this", [table], 0.35, filler=_FILLER_WORDS,
                      cues=[lambda t: "lawyer" in t.lower()])
    assert rule is not None and rule.team == "our specialist team" and rule.when == "within 3 business days"


def test_the_hand_over_tells_who_and_when_and_the_verifier_accepts_only_that() -> None:
    message = "Refund the £80 or I'm taking this to court and speaking to my lawyer."
    d = _decide(message)
    job = DraftJob(ticket=Ticket(message=message, agent_name="Sam"), analysis=ANALYSER.analyse(message),
                   passages=PUBLIC, internal_notes=[GUIDE], behaviour=d.behaviour, behaviour_reason=d.reason,
                   handover_team=d.team, handover_time=d.when)
    text = ComposerGenerator(HashingEmbedder()).generate(job).text
    assert "our Harbour Legal team" in text and "within 10 working days" in text
    assert "lawyer" not in text.split("\n\n", 1)[1]  # the rule's condition is not said
    verifier = Verifier(HashingEmbedder())
    assert not [f for f in verifier.verify(text, job).flags if f.type in ("unsupported_claim", "internal_content")]
    # a time frame the rule does not state is still unbacked
    wrong = text.replace("within 10 working days", "within 3 working days")
    assert any(f.type == "unsupported_claim" for f in verifier.verify(wrong, job).flags)


def test_a_safety_hand_over_shows_concern_and_keeps_what_to_do_now() -> None:
    message = "my son slipped on deck and the ambulance took him to hospital, what do I do about the boat?"
    d = _decide(message)
    safety = Passage(marker=1, doc_id="safe", chunk_id="safe#0", title="Staying safe", score=0.5,
                     text="If anyone is hurt, call 999 straight away. Moor the boat at the nearest jetty and switch off the engine.")
    job = DraftJob(ticket=Ticket(message=message, agent_name="Sam"), analysis=ANALYSER.analyse(message), passages=[safety],
                   internal_notes=[GUIDE], behaviour=d.behaviour, behaviour_reason=d.reason, handover_team=d.team,
                   handover_time=d.when)
    text = ComposerGenerator(HashingEmbedder()).generate(job).text
    assert "hassle" not in text and "safe" in text.lower()
    assert "999" in text and "the Marine Safety team" in text


def test_a_problem_reported_without_saying_what_it_is_gets_one_question() -> None:
    assert vague_problem("hiya, there's an issue with my reservation, can somebody look into it") == "reservation"
    assert vague_problem("There's a problem with my reservation: the engine won't start") is None
    # "is wrong" says something is wrong, not what; "the size is wrong, I ordered a 10" says what
    assert vague_problem("hiya my invoice is wrong") == "invoice"
    assert vague_problem("hi my statement looks wrong") == "statement"
    assert vague_problem("the size is wrong on my order, I ordered a 10") is None
    assert vague_problem("My invoice is wrong, you charged me for 400 units but I only used 200") is None
    d = _decide("hello, something is wrong with my membership. can someone help")
    assert d.behaviour == "clarify"
    job = DraftJob(ticket=Ticket(message="hello, something is wrong with my membership. can someone help"),
                   analysis=ANALYSER.analyse("hello, something is wrong with my membership. can someone help"), passages=PUBLIC, behaviour=d.behaviour, behaviour_reason=d.reason)
    text = ComposerGenerator(HashingEmbedder()).generate(job).text
    assert "what has gone wrong with your membership" in text and text.count("?") == 1 and "[1]" not in text


def test_a_charge_said_to_be_off_with_no_amount_or_date_asks_which_payment() -> None:
    message = "something's not right with what you took from my account lately, can someone sort it please"
    assert vague_problem(message) == "account"
    d = _decide(message)
    assert d.behaviour == "clarify"
    job = DraftJob(ticket=Ticket(message=message), analysis=ANALYSER.analyse(message), passages=PUBLIC,
                   behaviour=d.behaviour, behaviour_reason=d.reason)
    text = ComposerGenerator(HashingEmbedder()).generate(job).text
    assert "which payment this is about (its date and amount)" in text and text.count("?") == 1


def test_a_recommendation_for_something_the_sources_never_mention_is_declined() -> None:
    d = _decide("could you recommend a quiet campsite near the marina and the prettiest walk nearby?", evidence_ok=False)
    assert d.behaviour == "decline"
    # a recommendation among what the sources do speak of is ours to follow up
    assert _decide("can you recommend a life jacket size for a 6 year old?", evidence_ok=False).behaviour != "decline"


def test_a_verb_after_this_is_not_taken_for_an_ambiguous_product() -> None:
    passages = [Passage(marker=1, doc_id="a", chunk_id="a#0", title="Cover", text="You can take Full Cover. Prepaid cards are not accepted."),
                Passage(marker=2, doc_id="b", chunk_id="b#0", title="Deposits", text="Take Basic Cover at the desk.")]
    assert ambiguous_reference("Deposit still pending. How long does this actually take??", "", passages) is None


def test_a_demonstrative_before_a_verb_names_no_thing_in_the_acknowledgement() -> None:
    from assistant.issue import describe_issue
    phrase = describe_issue("The lamp I ordered is marked delivered but it never came. This needs fixing.").phrase or ""
    assert "needs" not in phrase and "delivered" in phrase


def test_a_safety_word_in_a_general_question_is_no_report_of_harm() -> None:
    assert _decide("Is the old volcano near the harbour still smoking? Can you still climb it?").behaviour != "handover"
    assert _decide("My phone charger started smoking last night.").behaviour == "handover"
    from assistant.issue import describe_issue
    assert describe_issue("Is the old volcano near the harbour still smoking?").phrase is None
    assert describe_issue("The toaster I bought started smoking.").phrase
    assert describe_issue("The heater caught fire last night!").phrase == "your heater became unsafe to use"


def test_a_declined_recommendation_names_the_kind_of_thing_asked_for() -> None:
    message = "could you recommend a quiet campsite near the marina?"
    d = _decide(message, evidence_ok=False)
    job = DraftJob(ticket=Ticket(message=message), analysis=ANALYSER.analyse(message), passages=PUBLIC, evidence_ok=False,
                   behaviour=d.behaviour, behaviour_reason=d.reason)
    text = ComposerGenerator(HashingEmbedder()).generate(job).text
    assert "campsites" in text and "[1]" not in text


def test_a_team_name_in_bold_is_said_without_its_markdown_and_once() -> None:
    from assistant.escalation import _named

    assert _named("**Bereavement & Estates team**") == "our Bereavement & Estates team"
    assert _named("Claims") == "our Claims team"
    assert _named("Riding Safety, via the Yard Lead") == "our Riding Safety team"  # no comma left before "team"


def test_a_cell_that_instructs_the_agent_names_only_the_team_it_alerts() -> None:
    table = Passage(marker=1, doc_id="desk", chunk_id="desk#0", title="Front desk hand-overs", audience="internal",
                    score=0.5, text="""# Hand-overs

| Situation | Hand over to | Response time |
|---|---|---|
| Horse injured on a ride | Give the yard number 0161 555 0100 first, then alert the Duty Groom | Immediately |
| Saddle fault found | Tell the rider to stop riding it and log it | Same day |
| Disputed lesson fee | Lesson Accounts for the branch involved | 2 working days |
| Stable fire | Duty Yard Manager via the night line | Immediately |
""")
    found = dict(targets([table]))
    assert found["our Duty Groom team"] == "immediately"  # not the instruction's words
    assert "our Lesson Accounts team" in found  # which branch's is the agent's to find
    assert "our Duty Yard Manager" in found  # how the case reaches them is the agent's
    assert not any(team and ("Give" in team or "Tell" in team) for team in found)


def test_an_amount_threshold_in_kroner_is_passed_by_a_claim_in_kroner() -> None:
    note = Passage(marker=1, doc_id="rules", chunk_id="k1", title="Escalation", audience="internal", score=0.6,
                   text="| Situation | Hand over to | Deadline |\n|---|---|---|\n"
                        "| Compensation claim above 2 500 kr | Claims desk | 2 working days |\n")
    rule = match_rule("The new tap flooded the hall. I want 12 400 kr compensation for the parquet.", [note], 0.3,
                      filler=_FILLER_WORDS)
    assert rule is not None and rule.team == "our Claims desk" and rule.when == "within 2 working days"
    assert match_rule("The new tap flooded the hall. I want 900 kr compensation for the rug.", [note], 0.3,
                      filler=_FILLER_WORDS) is None


def test_the_deadline_the_notes_say_to_give_is_promised_and_the_team_not_said_twice() -> None:
    from assistant.handover_promises import _clauses, _repeats
    said = _clauses("Apologise, confirm that the claim is now with our claims team, and give the deadline: a written "
                    "decision within 8 working days.")
    assert said == ["The claim is now with our claims team.", "You will get a written decision within 8 working days."]
    assert _repeats("The case goes to our complaints team.", "")
    assert not _repeats("You will get a written decision within 8 working days.", "")


def test_two_safety_rows_with_as_many_shared_words_are_told_apart_by_shared_stems() -> None:
    note = Passage(marker=1, doc_id="rules", chunk_id="s1", title="Escalation", audience="internal", score=0.6,
                   text="| Trigger | Hand over to | Target |\n|---|---|---|\n"
                        "| Dangerous fault: broken step, loose rail, one lamp out | Site Manager | Same day |\n"
                        "| Safeguarding concern: private messages to children from a coach | Welfare Officer | 24 hours |\n")
    from assistant.behaviour import _DANGER, _cue
    message = "One of your coaches keeps messaging my son privately at night. Some messages upset him."
    rule = match_rule(message, [note], 0.0, filler=_FILLER_WORDS, cues=[_cue(_DANGER, message)],
                      first=[_cue(_DANGER, message)])
    assert rule is not None and rule.team == "our Welfare Officer"


def test_an_amount_is_read_from_the_start_of_its_figure_only() -> None:
    from assistant.escalation import _amounts
    # (a figure starts where no digit stands before it: a long run of digits is one figure, tried once)
    assert _amounts("ref 123456789 and 450 kr") == [450.0]
    assert _amounts("1" * 40) == []


def test_a_goodwill_rows_remedy_and_a_threshold_with_a_dollars_letters_are_no_case_by_themselves() -> None:
    from assistant.escalation import _condition, _situation_cells, _thresholds_passed, situations
    goodwill = Passage(marker=2, doc_id="goodwill", chunk_id="goodwill#0", title="Goodwill", audience="internal",
                       score=0.6, text="""| Situation | What you may offer | Limit |
|---|---|---|
| Boat not ready at the booked time | A free extra hour by water taxi transfer | Once per hire |

| Trigger | Examples | Hand over to | What to tell the customer |
|---|---|---|---|
| Refund above NZ$400 | Cancelled weekly charters, several hires | Supervisor | We will confirm within 1 working day |
""")
    message = "How much is the water taxi transfer to the marina, and can I get a refund if it rains?"
    # what may be offered is the remedy, not the case: a customer asking about water taxis is no late boat
    assert match_rule(message, [goodwill], 0.3, filler=frozenset()) is None
    assert _situation_cells(["Boat not ready", "A free extra hour by water taxi", "Once per hire"],
                            ["Situation", "What you may offer", "Limit"]) == ["Boat not ready"]
    # a refund threshold written "NZ$400" holds only for a sum above it
    refund = "Refund above NZ$400 Cancelled weekly charters, several hires"
    assert _thresholds_passed(refund, [], []) is None
    assert not any("Refund above" in s.rule.text for s in situations([goodwill], message))
    assert _condition("| Refund above NZ$400 | x | Supervisor | We will confirm |",
                      ["Refund above NZ$400", "x", "Supervisor", "We will confirm"],
                      ["Trigger", "Examples", "Hand over to", "What to tell the customer"]) == "Refund above NZ$400 x"


def test_a_table_of_who_may_approve_how_much_is_no_rule_to_hand_over_by() -> None:
    approvals = Passage(marker=3, doc_id="goodwill", chunk_id="goodwill#1", title="Goodwill", audience="internal",
                        score=0.6, text="""| Goodwill | Agent alone | Team Lead | Ops Manager |
|---|---|---|---|
| Free extra service (e.g. an extra deck wash, a second mooring night) | Worth up to £20 | Worth up to £50 | Any |
""")
    message = "Can you add an extra deck wash to my next hire please? How much extra is that?"
    assert match_rule(message, [approvals], 0.3, filler=frozenset()) is None
