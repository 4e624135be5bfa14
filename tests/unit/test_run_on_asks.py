"""Questions written as chat runs them on: no mark between a statement and its question, none after the question."""
from __future__ import annotations

from assistant.asks import split_message
from models.generators.composer_policy import question_clause


def test_a_question_about_everyone_without_its_mark_is_an_ask() -> None:
    parts = split_message("we land at 6pm, can we collect the boats that evening?? and does everyone sign the waiver or just me")
    assert [a.text for a in parts.asks][-1] == "and does everyone sign the waiver or just me"
    assert "and does anybody check the life jackets" in [a.text for a in split_message(
        "and does anybody check the life jackets").asks]


def test_the_question_run_on_from_a_statement_is_its_clause() -> None:
    assert question_clause("there are four of us on the saturday trip, our train gets in at 5pm can we pick the boats up "
                           "that night??") == "can we pick the boats up that night??"
    # a question word before the verb keeps the question whole
    assert question_clause("my paddle arrived broken what can i do?") == "my paddle arrived broken what can i do?"
    assert question_clause("i am not sure what i should do?") == "i am not sure what i should do?"
