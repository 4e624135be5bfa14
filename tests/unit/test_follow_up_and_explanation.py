"""Open questions answered with the passage's explanation; follow-ups matched with the conversation's subject."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.analysis import MessageAnalyser
from assistant.types import DraftJob, Passage, Ticket, Turn
from models.embedders import HashingEmbedder
from models.generators.composer import ComposerGenerator
from models.generators.composer_policy import PolicySentence
from models.generators.explanation import continue_explanation, explained_fully, open_question, widen_explanation
from models.generators.follow_up import conversation_subject, leans_on_conversation

ANALYSER = MessageAnalyser()


def _job(message: str, passages: list[Passage], history: list[Turn] | None = None) -> DraftJob:
    ticket = Ticket(message=message, channel="chat", history=history or [])
    return DraftJob(ticket=ticket, analysis=ANALYSER.analyse(message, ticket.history), evidence_ok=True, passages=passages)


@pytest.mark.parametrize("ask", ["What is envelope encryption?", "How does the toolchain work?",
                                 "Tell me more about the lighthouse keepers", "Pagination options",
                                 "Why do tides change?", "what happened to the mill after the flood",
                                 "I'd like to know more about the lighthouse", "What about the night trains?",
                                 "Can you tell me about the harbour ferry", "tide tables and moon phases?"])
def test_a_general_question_for_an_explanation_is_open(ask: str) -> None:
    assert open_question(ask)


@pytest.mark.parametrize("ask", ["How do I return it?", "How long do refunds take?", "Can I return shoes?",
                                 "What are you going to do about it?", "FIX IT.", "Order 1234",
                                 "Why was my order cancelled?", "How much is shipping?", "refund pls", "Any update?",
                                 "hi there", "help?", "Tell me about my refund", "Still returnable?"])
def test_own_case_values_rules_steps_and_demands_are_not_open(ask: str) -> None:
    assert not open_question(ask)


@pytest.mark.parametrize("message", ["Which exchanges in the harbour district trade fish at night?",
                                     "What Defines the tide table layout?", "What is envelope encryption?",
                                     "Pagination options"])
def test_one_question_for_information_about_a_subject_is_explained_fully(message: str) -> None:
    from assistant.asks import split_message

    assert explained_fully(split_message(message), message)


@pytest.mark.parametrize("message", ["Is the harbour ferry dog friendly?", "How many berths does the marina have?",
                                     "How long does a ferry crossing take?", "How do I book a berth?",
                                     "My ferry ticket was cancelled. Which refund do I get?",
                                     "Which berth is mine?", "What is the fee? And when do I pay it?"])
def test_a_rule_a_value_steps_or_the_customers_own_case_is_not_explained_fully(message: str) -> None:
    from assistant.asks import split_message

    assert not explained_fully(split_message(message), message)


def _unit(*weights: float) -> np.ndarray:
    v = np.asarray(weights, dtype=np.float32)
    return v / np.linalg.norm(v)


def _bank(sentences: list[str], vecs: list[np.ndarray]) -> list:
    passage = Passage(marker=1, doc_id="d", chunk_id="c", title="t", text=" ".join(sentences))
    return [(passage, sentences, np.stack(vecs))]


def test_the_sentences_after_the_best_one_complete_an_explanation_until_the_passage_moves_on() -> None:
    sentences = ["Envelope encryption wraps each data key in a root key.",
                 "The root key never leaves the key service, so a stolen data key is useless alone.",
                 "Rotating the root key re-wraps every data key without re-encrypting the data.",
                 "Our offices are closed on public holidays in every region."]
    vecs = [_unit(1, 0, 0), _unit(0.6, 0.8, 0), _unit(0.5, 0, 0.866), _unit(0, -0.5, 1)]
    lead = PolicySentence(1, 0, sentences[0], 0.8, vecs[0])
    out = continue_explanation([lead], _bank(sentences, vecs), max_sentences=4)
    assert [s.position for s in out] == [0, 1, 2]  # the unrelated fourth sentence is not part of it
    # a sentence that only says the lead again is skipped, not taken as explanation
    same = [vecs[0], _unit(0.99, 0.1, 0), *vecs[2:]]
    assert [s.position for s in continue_explanation([lead], _bank(sentences, same), max_sentences=4)] == [0, 2]
    # no room: nothing added; a sentence already said for an earlier ask ends the run
    assert continue_explanation([lead], _bank(sentences, vecs), max_sentences=1) == [lead]
    assert [s.position for s in continue_explanation([lead], _bank(sentences, vecs), max_sentences=4,
                                                     exclude=frozenset({(1, 1)}))] == [0]


def test_a_heading_or_an_unrelated_sentence_ends_the_explanation() -> None:
    sentences = ["Envelope encryption wraps each data key in a root key.", "Key rotation",
                 "Rotating the root key re-wraps every data key without touching the data."]
    vecs = [_unit(1, 0, 0), _unit(0.6, 0.8, 0), _unit(0.6, 0.7, 0.3)]
    lead = PolicySentence(1, 0, sentences[0], 0.8, vecs[0])
    assert continue_explanation([lead], _bank(sentences, vecs), max_sentences=4) == [lead]
    far = [_unit(1, 0, 0), _unit(0.1, 0, 1), _unit(0.6, 0.7, 0.3)]
    sentences[1] = "Parking at the head office is free for visitors on weekdays."
    assert continue_explanation([lead], _bank(sentences, far), max_sentences=4) == [lead]


def test_an_explanations_room_is_filled_with_the_sentences_closest_to_the_question() -> None:
    first = ["Tide gauges record the sea level every six minutes at each harbour.",
             "The harbour office opens at nine on weekdays and at ten on Saturdays.",
             "Each gauge sends its readings to the national tide service every hour."]
    second = ["A gauge is checked against a survey benchmark twice a year by the tide service.",
              "Readings from a gauge under repair are marked as provisional in the tables.",
              "Tide gauges"]
    query = _unit(1, 0, 0)
    v1 = [_unit(1, 0.2, 0), _unit(0, 0, 1), _unit(0.8, 0.6, 0)]
    v2 = [_unit(0.9, 0, 0.44), _unit(0.75, 0, -0.66), _unit(1, 0, 0)]
    bank = [(Passage(marker=1, doc_id="a", chunk_id="a1", title="Gauges", text=" ".join(first)), first, np.stack(v1)),
            (Passage(marker=2, doc_id="b", chunk_id="b1", title="Checks", text=" ".join(second)), second, np.stack(v2))]
    lead = PolicySentence(1, 0, first[0], 0.8, v1[0])
    out = widen_explanation([lead], bank, query, max_sentences=4)
    # the lead first; then the lead's passage, then the other, each in reading order; the office hours (far from the
    # question) and the bare heading are never taken
    assert [(s.marker, s.position) for s in out] == [(1, 0), (1, 2), (2, 0), (2, 1)]
    assert [(s.marker, s.position) for s in widen_explanation([lead], bank, query, max_sentences=2)] == [(1, 0), (2, 0)]
    # a sentence said for an earlier ask is not said again; no room, nothing added
    assert (2, 0) not in {(s.marker, s.position) for s in widen_explanation([lead], bank, query, max_sentences=4,
                                                                             exclude=frozenset({(2, 0)}))}
    assert widen_explanation([lead], bank, query, max_sentences=1) == [lead]
    # a sentence sending the reader to another page says nothing of its own
    pointer = ["For opening hours and berth fees, see our article on harbour services.", first[1], first[2]]
    sent_elsewhere = [(Passage(marker=1, doc_id="a", chunk_id="a1", title="Gauges", text=" ".join(pointer)), pointer,
                       np.stack([_unit(1, 0.1, 0), v1[1], v1[2]])), bank[1]]
    assert (1, 0) not in {(s.marker, s.position) for s in widen_explanation(
        [PolicySentence(2, 0, second[0], 0.8, v2[0])], sent_elsewhere, query, max_sentences=4)}
    # a sentence that only repeats one already said is skipped
    repeat = [(bank[0][0], first, np.stack([v1[0], v1[1], _unit(1, 0.21, 0)])), bank[1]]
    assert (1, 2) not in {(s.marker, s.position) for s in widen_explanation([lead], repeat, query, max_sentences=4)}


def test_an_open_question_in_chat_gets_the_passages_explanation() -> None:
    passage = Passage(marker=1, doc_id="enc", chunk_id="enc-1", title="Envelope encryption", score=0.8, text=(
        "Envelope encryption protects data keys by wrapping each data key with a root key. "
        "The root key stays inside the key service, so a copied data key cannot decrypt data by itself. "
        "Rotating the root key re-wraps the data keys without re-encrypting the stored data."))
    text = ComposerGenerator(HashingEmbedder()).generate(_job("What is envelope encryption?", [passage])).text
    assert "wrapping each data key with a root key" in text
    assert "stays inside the key service" in text  # the explanation goes on past its first sentence


def test_a_follow_up_leans_on_the_conversation_and_takes_its_subject() -> None:
    history = [Turn(role="customer", text="What is the difference between market cap and net asset value?"),
               Turn(role="agent", text="Market cap prices the shares; net asset value adds up assets less debts.")]
    ticket = Ticket(message="Which is more important?", channel="chat", history=history)
    assert leans_on_conversation("Which is more important?")
    assert leans_on_conversation("How can I create one?")
    assert not leans_on_conversation("How does Calico enforce network policies?")
    assert "market cap" in conversation_subject(ticket)
    assert conversation_subject(Ticket(message="Which is more important?", channel="chat")) == ""


def test_a_follow_up_is_answered_about_the_conversations_subject() -> None:
    passages = [
        Passage(marker=1, doc_id="a", chunk_id="a1", title="Saving", score=0.8, text=(
            "It is really important to start saving early, because money grows over time.")),
        Passage(marker=2, doc_id="b", chunk_id="b1", title="Valuation", score=0.8, text=(
            "Market cap and net asset value measure different things, so neither is more important in general.")),
    ]
    history = [Turn(role="customer", text="What is the difference between market cap and net asset value?"),
               Turn(role="agent", text="Market cap prices the shares; net asset value adds up assets less debts.")]
    text = ComposerGenerator(HashingEmbedder()).generate(_job("Which is more important?", passages, history)).text
    assert "Market cap and net asset value measure different things" in text
    assert "start saving early" not in text


def test_a_definite_series_is_one_thing_and_the_rest_is_a_way_of_speaking() -> None:
    from assistant.behaviour import unresolved_definite

    earlier = ["When did the industrial revolution start?"]
    assert unresolved_definite("Who directed the TV series?", earlier) == "TV series"
    assert unresolved_definite("Who directed the TV series?", ["Tell me about the TV series Dark."]) is None
    assert unresolved_definite("Is the same true for the rest?", earlier) is None


def test_a_pointer_at_one_of_a_kind_the_customer_spoke_of_only_in_general_is_asked_about() -> None:
    passages = [Passage(marker=1, doc_id="f", chunk_id="f1", title="Funds", score=0.8, text=(
        "Exchange-traded funds trade all day on an exchange, while mutual funds are priced once a day."))]
    history = [Turn(role="customer", text="Do index funds offer more liquidity than ETFs?"),
               Turn(role="agent", text="ETFs trade all day; the fund behind an index fund is priced once a day.")]
    job = _job("Is this particular index fund cheaper to hold than an ETF?", passages, history)
    generation = ComposerGenerator(HashingEmbedder()).generate(job)
    assert "which index fund you mean" in generation.text


def test_a_follow_up_naming_things_of_its_own_is_not_read_as_the_earlier_turns_problem() -> None:
    passages = [Passage(marker=1, doc_id="c", chunk_id="c1", title="Characters", score=0.8, text=(
        "Hilary Briss is the local butcher, played by the writer himself."))]
    history = [Turn(role="customer", text="Harvey Denton and Barbara Dixon are missing from your list."),
               Turn(role="agent", text="You are right, I missed those two.")]
    text = ComposerGenerator(HashingEmbedder()).generate(_job("Benjamin Denton and Hilary Briss", passages, history)).text
    assert "missing from your order" not in text and "order number" not in text
