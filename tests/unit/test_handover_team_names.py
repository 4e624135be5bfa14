"""How the team or role that takes a hand-over is said to the customer."""

from assistant.types import Passage
from models.generators.composer import _role_cased


def _page(text: str) -> Passage:
    return Passage(marker=1, doc_id="d", chunk_id="d#0", title="Rules", text=text, audience="internal")


def test_a_role_in_sentence_case_is_said_in_lower_case() -> None:
    notes = [_page("Hand any complaint about a warden to the Guest relations manager. Feedback from a guest is read daily.")]
    assert _role_cased("our Guest relations manager", notes) == "our guest relations manager"


def test_a_place_or_a_team_keeps_its_capital() -> None:
    notes = [_page("Pass it to the Lindvik depot manager on duty.")]
    assert _role_cased("our Lindvik depot manager", notes) == "our Lindvik depot manager"  # never written lower
    assert _role_cased("our Payments team", [_page("payments are taken monthly")]) == "our Payments team"


def test_a_row_saying_who_will_call_them_back_is_not_said_again() -> None:
    from assistant.handover_promises import row_promises
    row = ("Smoke from a battery — Night desk — Say that our night desk is taking over and will call them. "
           "Tell the customer to move away from the battery.")
    assert row_promises(row) == ["Please move away from the battery."]


def test_chat_trim_keeps_an_emergency_step() -> None:
    from models.generators.composer import _Slot, _trim_chat
    picked = [(2, f"Line {i} of the rules.", _Slot([f"Line {i} of the rules."], 2, kind="policy", score=0.9, ask=0)) for i in range(5)]
    picked.insert(2, (2, "If anyone feels faint, call 112 at once.", _Slot(["If anyone feels faint, call 112 at once."], 2, kind="policy", score=0.1, ask=0)))
    kept = [text for _, text, _ in _trim_chat(picked, limit=4)]
    assert "If anyone feels faint, call 112 at once." in kept and len(kept) == 4


def test_the_notes_own_name_for_whoever_takes_a_case_is_the_one_said() -> None:
    from assistant.escalation import public_name

    notes = ["Internal. Refer to whoever you hand over to as \"a senior member of our\nteam\".\n\n| Situation | Team |"]
    assert public_name(notes) == "a senior member of our team"
    assert public_name(["| Safety | Safety Desk | Same day |"]) is None


def test_a_hand_over_names_the_team_as_the_notes_say_to() -> None:
    from assistant.analysis import MessageAnalyser
    from assistant.asks import split_message
    from assistant.behaviour import decide
    from assistant.types import Ticket

    notes = _page("Refer to whoever you hand over to as \"a senior member of our team\".\n\n"
                  "| Situation | Hand over to | Target |\n|---|---|---|\n"
                  "| Threat of legal action or a lawyer | Duty Manager | 1 working day |\n")
    message = "If I don't get my deposit back this week I'm taking you to small claims court with my lawyer."
    got = decide(Ticket(message=message), MessageAnalyser().analyse(message), split_message(message), evidence_ok=True,
                 best_score=0.6, internal_notes=[notes], rule_documents=[notes])
    assert got.behaviour == "handover" and got.team == "a senior member of our team" and got.when == "within 1 working day"
