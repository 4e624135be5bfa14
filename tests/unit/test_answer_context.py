"""A chosen sentence comes with what it leans on: the sentence its pronoun names, the list its pointer places elsewhere
on the page; pointer wording with nothing to point at is dropped (invented ferry-company sources)."""

from __future__ import annotations

from assistant.types import Passage
from models.embedders import HashingEmbedder
from models.generators.composer_policy import SentenceBank, content_words, select_policy, without_pointer

ROUTES = Passage(marker=1, doc_id="routes", chunk_id="routes-1", title="Where we sail", section="", score=0.6,
                 text=("Bluewake Ferries sails to the islands of Jersey, Guernsey, Sark and Alderney. "
                       "Timetables change each season."))
BOOKING = Passage(marker=2, doc_id="routes", chunk_id="routes-2", title="Where we sail", section="Booking", score=0.6,
                  text=("We sail to the islands listed above from our terminal in Poole. "
                        "Cabins must be booked online."))
TICKETS = Passage(marker=3, doc_id="tickets", chunk_id="tickets-1", title="Tickets", section="Changing a ticket",
                  score=0.6,
                  text=("Open tickets can be changed in the app. The boarding pass is valid for 2 hours. "
                        "If it has expired, ask the purser for a new one. Pets travel free in the kennels."))


def _select(question: str, passages: list[Passage], n: int) -> list[str]:
    embedder = HashingEmbedder()
    chosen = select_policy(SentenceBank(embedder), passages, embedder.embed_query(question), content_words(question),
                           max_sentences=n, question=question, about=question, ask_vec=embedder.embed_query(question))
    return [c.text for c in chosen]


def test_a_pointer_to_a_list_above_is_said_with_the_list() -> None:
    said = _select("do you sail to the islands from Poole terminal?", [ROUTES, BOOKING], 2)
    assert said[0].startswith("Bluewake Ferries sails to the islands of Jersey")  # the list first, as on the page
    assert "We sail to these islands from our terminal in Poole." in said
    assert not any("listed above" in s for s in said)


def test_a_pointer_with_nothing_to_point_at_is_dropped() -> None:
    said = _select("do you sail to the islands from Poole terminal?", [BOOKING], 1)
    assert said == ["We sail to the islands from our terminal in Poole."]
    assert without_pointer("Delivery times below are counted from the day it ships.") == (
        "Delivery times are counted from the day it ships.")
    assert without_pointer("Refunds above $200 need approval.") == "Refunds above $200 need approval."


def test_a_sentence_saying_it_comes_with_the_sentence_that_names_it() -> None:
    said = _select("my boarding pass has expired, what now?", [TICKETS], 2)
    assert said == ["The boarding pass is valid for 2 hours.", "If it has expired, ask the purser for a new one."]
