"""The internal rule a hand-over cue picks, and what the hand-over says and is checked against, over an invented
courier's notes: a legal threat finds the legal row (not a chargeback row its cue words also name), and the team and
time of the rule the behaviour was decided by back the sentence that tells them."""

from __future__ import annotations

from assistant.analysis import MessageAnalyser
from assistant.asks import split_message
from assistant.behaviour import decide
from assistant.types import Passage, Ticket
from assistant.verification import _told_targets

ANALYSER = MessageAnalyser()
NOTES = Passage(marker=1, doc_id="desk-guide", chunk_id="desk-guide#whole", title="Desk guide: escalations",
                audience="internal", text="""# Desk guide: escalations

| Case | Pass to | Reply within |
| --- | --- | --- |
| Card dispute or chargeback already raised with the bank | Disputes desk | 3 working days |
| Threat of court action, a solicitor or the regulator | Legal desk | 2 working days |
""")


def decision(message: str):  # noqa: ANN201
    ticket = Ticket(message=message)
    return decide(ticket, ANALYSER.analyse(message, []), split_message(message), evidence_ok=True, best_score=0.6,
                  internal_notes=[NOTES], rule_documents=[NOTES])


def test_a_legal_threat_takes_the_legal_row_and_a_chargeback_the_chargeback_row() -> None:
    threat = decision("If my £80 isn't refunded by Friday I'm getting my solicitor involved.")
    assert threat.behaviour == "handover" and threat.when == "within 2 working days"
    raised = decision("I raised a chargeback with my bank for the £80 last week. What happens now?")
    assert raised.behaviour == "handover" and raised.when == "within 3 working days"


def test_the_decided_rules_team_and_time_back_the_sentence_that_tells_them() -> None:
    said = ["I'm passing your case to our specialist team, and they will reply to you within 2 working days."]
    told = _told_targets(said, ["process"], [], decided=("our specialist team", "within 2 working days"))
    assert told == {0: ["our specialist team", "within 2 working days"]}
    assert _told_targets(said, ["process"], []) == {}  # no rule: nothing backs the time


def test_a_cell_that_says_how_as_well_as_who_gives_only_who() -> None:
    from assistant.escalation import _target

    header = ["Case", "Pass to", "Reply within"]
    def team(cell: str) -> str | None:  # noqa: E306
        return _target("", ["Case", cell, "1 working day"], header, "", "")[0]
    assert team("Warm transfer to Harbour Assist") == "our Harbour Assist team"
    assert team("Complaints & Legal Team; log a formal complaint") == "our Complaints & Legal Team"
    assert team("Claims Team Leader on duty") == "our Claims Team Leader on duty"
    assert team("Payments team") == "our Payments team"
    # a unit known inside by its initials is said by what it does
    assert team("Bereavement & Serious Incident Team (BSIT)") == "our bereavement and serious incident team"
    assert team("Customer Support Specialists (CSS); add a flag") == "our customer support specialists"
