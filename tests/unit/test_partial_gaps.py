"""Partial answers: a count nobody states, and a named thing of ours no passage mentions, are what the sources leave
open."""

from __future__ import annotations

from assistant.types import Passage
from models.generators.ask_gaps import counted_thing_gap, indirect_question, unknown_named_thing


def _p(text: str, title: str = "Doc") -> Passage:
    return Passage(marker=1, doc_id="d", chunk_id="d#1", title=title, text=text, score=1.0)


RECALL = _p("Choose either a full refund of $39.99 or a free PowerCube 10K Gen 2. Stop charging the power bank.")


def test_a_how_many_question_answered_with_a_price_is_no_count() -> None:
    ask = "How many full phone charges does the PowerCube 10K Gen 2 give?"
    assert counted_thing_gap(ask, ["Choose either a full refund of $39.99."], [RECALL])


def test_a_count_of_the_thing_before_or_after_it_answers() -> None:
    passes = _p("Premium members get 4 guest passes a month. Earn 1 point for every $1.")
    assert not counted_thing_gap("how many guest passes do I get?", [], [passes])
    assert not counted_thing_gap("How many points do I earn per dollar?", [], [passes])
    assert not counted_thing_gap("the book has how many pages?", [], [_p("Genre Fantasy. Pages 326. Published 1984.")])
    # a vague counted noun is counted in other words ("twice", "for several purposes")
    assert not counted_thing_gap("How many times is it in the bible?", [], [_p("It appears twice.")])
    assert not counted_thing_gap("What is the price?", [], [RECALL])


def test_a_named_place_of_ours_no_passage_mentions() -> None:
    warehouse = _p("Some items can be ordered before they are in our warehouse.")
    ask = "can I just pick up my order at your Reno warehouse instead of waiting for shipping?"
    assert unknown_named_thing(ask, [warehouse]) == "our Reno warehouse"
    assert unknown_named_thing(ask, [_p("You can collect orders from our Reno warehouse on weekdays.")]) is None
    assert unknown_named_thing("can I pick it up at your warehouse?", [warehouse]) is None


def test_a_how_many_question_is_restated_with_its_noun() -> None:
    assert indirect_question("How many full phone charges does the PowerCube 10K Gen 2 give?") == \
        "how many full phone charges the PowerCube 10K Gen 2 gives"
    assert indirect_question("how much does it cost?") == "how much it costs"
