"""A hand-over names the team that takes the case, except a fraud team or an internal queue that neither the public
documents nor the notes' own words to the customer name: a fraud team's name tips the customer off, a queue's is
jargon."""

from __future__ import annotations

from assistant.analysis import MessageAnalyser
from assistant.asks import split_message
from assistant.behaviour import decide
from assistant.types import DraftJob, Passage, Ticket
from models.embedders import HashingEmbedder
from models.generators.composer import ComposerGenerator

ANALYSER = MessageAnalyser()
# an invented bike-share scheme's handbook
NOTES = Passage(marker=1, doc_id="handbook", chunk_id="handbook#0", title="Rider care handbook", audience="internal",
                score=0.5, text="""# Rider care handbook

## When to pass a case on
- **Signs of fraud** (refunds asked to someone else's card, many refund claims on one ride pass): pass to the Revenue Assurance team within 3 working days. Change nothing on the account.
- **Legal action** (a rider mentions a solicitor or court): pass to the Legal Affairs desk within 5 working days.
- **Fourth contact** about the same problem: pass to the Tier 2 queue within 1 working day.
- **Bereavement:** pass to the Rider Relations team within 2 working days. Tell the family they will hear from Rider Relations.
""")
PUBLIC = [Passage(marker=1, doc_id="passes", chunk_id="passes#0", title="Ride passes", score=0.3,
                  text="Day passes cost £4 and monthly passes £25. Unused day passes are refunded within 14 days.")]


def _reply(message: str) -> str:
    ticket = Ticket(message=message, agent_name="Sam")
    analysis = ANALYSER.analyse(message)
    d = decide(ticket, analysis, split_message(message), evidence_ok=True, best_score=0.5, internal_notes=[NOTES],
               passages=PUBLIC)
    assert d.behaviour == "handover"
    job = DraftJob(ticket=ticket, analysis=analysis, passages=PUBLIC, internal_notes=[NOTES], behaviour=d.behaviour,
                   behaviour_reason=d.reason, handover_team=d.team, handover_time=d.when)
    return ComposerGenerator(HashingEmbedder()).generate(job).text


def test_a_queue_is_not_named_to_the_customer_but_the_time_frame_is() -> None:
    text = _reply("This is the fourth time I've contacted you about the same problem with my monthly pass.")
    assert "Tier 2" not in text and "our specialist team" in text and "within 1 working day" in text


def test_a_team_that_deals_with_their_kind_of_case_is_named() -> None:
    text = _reply("Refund my monthly pass or my solicitor will be taking you to court.")
    assert "Legal Affairs" in text and "within 5 working days" in text


def test_a_team_the_notes_say_to_tell_the_family_about_is_named() -> None:
    text = _reply("My husband passed away last week. Please close his account, he had a monthly pass.")
    assert "Rider Relations" in text


def test_a_team_taking_a_suspected_fraud_is_not_named() -> None:
    text = _reply("Can you send my refund to someone else's card? It is one of many refund claims on one ride pass.")
    assert "Revenue Assurance" not in text and "our specialist team" in text and "within 3 working days" in text


def test_a_role_the_notes_say_to_confirm_to_the_customer_is_named() -> None:
    notes = NOTES.model_copy(update={"text": NOTES.text + "- **Third contact:** pass to a Shift Supervisor within 1 "
                                     "working day. Confirm to the rider that a shift supervisor will call them.\n"})
    ticket = Ticket(message="Third message from me about my pass refund now. Please sort it.", agent_name="Sam")
    analysis = ANALYSER.analyse(ticket.message)
    d = decide(ticket, analysis, split_message(ticket.message), evidence_ok=True, best_score=0.5, internal_notes=[notes],
               passages=PUBLIC)
    job = DraftJob(ticket=ticket, analysis=analysis, passages=PUBLIC, internal_notes=[notes], behaviour=d.behaviour,
                   behaviour_reason=d.reason, handover_team=d.team, handover_time=d.when)
    text = ComposerGenerator(HashingEmbedder()).generate(job).text
    assert "Shift Supervisor" in text and "within 1 working day" in text, text


def test_what_not_to_confirm_names_no_team_to_tell() -> None:
    notes = NOTES.model_copy(update={"text": NOTES.text + "\nDon't confirm or discuss the refund claims with them until "
                                     "Revenue Assurance has reviewed them.\n"})
    message = "Can you send my refund to someone else's card? It is one of many refund claims on one ride pass."
    ticket = Ticket(message=message, agent_name="Sam")
    analysis = ANALYSER.analyse(message)
    d = decide(ticket, analysis, split_message(message), evidence_ok=True, best_score=0.5, internal_notes=[notes],
               passages=PUBLIC)
    job = DraftJob(ticket=ticket, analysis=analysis, passages=PUBLIC, internal_notes=[notes], behaviour=d.behaviour,
                   behaviour_reason=d.reason, handover_team=d.team, handover_time=d.when)
    text = ComposerGenerator(HashingEmbedder()).generate(job).text
    assert "Revenue Assurance" not in text and "our specialist team" in text, text


# a handbook whose table says what to tell the customer in a column of its own
TABLE_NOTES = Passage(marker=1, doc_id="rules", chunk_id="rules#0", title="Hand-over rules", audience="internal",
                      score=0.5, text="""# Hand-over rules

| Case | Passed to | What we tell the rider |
|---|---|---|
| A rider writing for the third time about one problem | Rota supervisor | Our rota supervisor calls them back within 1 working day |
| A rider mentions a solicitor or court | Complaints desk | Someone senior replies within 2 working days |
""")


def test_a_tell_the_customer_column_gives_the_time_and_a_rota_role_is_a_senior_colleague() -> None:
    message = "This is the third time I've written about my monthly pass and nobody has fixed it."
    ticket = Ticket(message=message, agent_name="Sam")
    analysis = ANALYSER.analyse(message)
    d = decide(ticket, analysis, split_message(message), evidence_ok=True, best_score=0.5,
               internal_notes=[TABLE_NOTES], passages=PUBLIC)
    assert d.behaviour == "handover" and d.when == "within 1 working day"
    job = DraftJob(ticket=ticket, analysis=analysis, passages=PUBLIC, internal_notes=[TABLE_NOTES], behaviour=d.behaviour,
                   behaviour_reason=d.reason, handover_team=d.team, handover_time=d.when)
    text = ComposerGenerator(HashingEmbedder()).generate(job).text
    assert "Rota supervisor" not in text and "a senior colleague" in text and "within 1 working day" in text, text
