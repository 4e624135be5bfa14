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
