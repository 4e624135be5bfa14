"""What a hand-over quotes from invented sources: what to do now, whom to reach, what happens next; nothing else."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.analysis import MessageAnalyser
from assistant.types import DraftJob, Passage, Ticket
from models.embedders import HashingEmbedder
from models.generators.composer import ComposerGenerator
from models.generators.composer_policy import PolicySentence
from models.generators.handover_support import already_past, condition_unsaid, role, support_sentences, wanted_role


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Unplug the heater and keep it away from curtains.", "act"),
    ("If the battery swells, stop charging it at once.", "act"),
    ("Ring our safety line on 1-888-555-0199 any day.", "contact"),
    ("Write to safety@lumenco.example with a photo.", "contact"),
    ("We collect the unit from your home free of charge.", "next"),
    ("If a claim is filed, the booking is frozen until the insurer decides.", "next"),
    ("Our heaters meet the EN 60335 safety standard.", None),
    ("Cracked or smoking battery: unplug it at once and keep it outside.", "act"),  # a list item's label first
    ("Key-box return: at the depot you can leave the keys in the box.", None),
])
def test_each_sentence_is_read_for_what_it_does_for_a_waiting_customer(sentence: str, expected: str | None) -> None:
    assert role(sentence) == expected


def test_a_list_items_label_is_the_case_its_instruction_is_for() -> None:
    step = "Cracked or smoking battery: unplug it at once and keep it outside."
    assert not condition_unsaid(step, "The battery of my scooter started smoking last night.")
    assert condition_unsaid(step, "I burnt my hand on the kettle lid.")


def test_a_step_for_before_something_the_customer_already_did_is_past() -> None:
    step = "Please talk to us before filing a claim with your card issuer; we are usually quicker."
    assert already_past(step, "I already filed a claim with my card issuer. What now?")
    assert not already_past(step, "Should I file a claim with my card issuer?")
    assert not already_past("Stop using it before you pack it.", "It smells of smoke.")


def test_a_question_says_which_role_answers_it() -> None:
    assert wanted_role("Now what happens?") == "next"
    assert wanted_role("what do i do") == "act"
    assert wanted_role("Who do I call about this?") == "contact"
    assert wanted_role("Can I still return it?") is None


def _rows(sentences: list[str], sims: list[float], audience: str = "public", passages: int = 1):
    """``passages`` passages sharing the sentences in turn, each sentence's vector at exactly the given cosine to the
    query vector e0."""
    vecs = np.zeros((len(sentences), len(sentences) + 1), np.float32)
    for i, sim in enumerate(sims):
        vecs[i, 0] = sim
        vecs[i, i + 1] = float(np.sqrt(max(0.0, 1 - sim * sim)))
    query = np.zeros(len(sentences) + 1, np.float32)
    query[0] = 1.0
    rows = []
    for n in range(passages):
        idx = list(range(n, len(sentences), passages))
        mine = [sentences[i] for i in idx]
        passage = Passage(marker=n + 1, doc_id=f"doc-{n}", chunk_id=f"c{n}", title="Safety", text=" ".join(mine),
                          audience=audience)
        rows.append((passage, mine, vecs[idx]))
    return rows, query


def test_an_instruction_a_contact_and_the_next_step_are_kept_and_background_is_not() -> None:
    sentences = ["Our heaters meet the EN 60335 safety standard.",  # most like the message, but background
                 "Switch the heater off at the wall and let it cool.",
                 "Call our safety line on 1-888-555-0199.",
                 "We collect the heater and refund it in full.",
                 "Do not post the heater in its original box."]
    rows, query = _rows(sentences, [0.7, 0.6, 0.45, 0.5, 0.55])
    kept = [s.text for s in support_sentences(rows, query, "My heater smells of burning plastic!", [], limit=3)]
    assert kept == sentences[1:4]  # instruction, contact, next step, in that order
    assert [s.text for s in support_sentences(rows, query, "My heater smells of burning!", [], limit=2)] == sentences[1:3]


def test_a_sentence_far_less_relevant_than_the_best_is_left_out_unless_it_shares_its_passage() -> None:
    sentences = ["Switch the heater off at the wall and let it cool.", "Call the billing team on 1-888-555-0100."]
    rows, query = _rows(sentences, [0.8, 0.3], passages=2)  # each in its own passage
    kept = support_sentences(rows, query, "My heater is sparking", [], limit=3)
    assert [s.text for s in kept] == sentences[:1]
    rows, query = _rows(sentences, [0.8, 0.3], passages=1)  # the number given beside the instruction
    assert [s.text for s in support_sentences(rows, query, "My heater is sparking", [], limit=3)] == sentences


def test_internal_passages_are_never_quoted() -> None:
    rows, query = _rows(["Call the on-call engineer on 1-888-555-0111."], [0.9], audience="internal")
    assert support_sentences(rows, query, "It caught fire", [], limit=3) == []


def test_a_hand_over_that_answers_a_question_keeps_only_its_answer() -> None:
    sentences = ["Please talk to us before filing a claim with your card issuer.",
                 "If a claim is filed, the booking is frozen until the insurer decides, which can take 60 days.",
                 "Call your card issuer first if a payment fails."]
    rows, query = _rows(sentences, [0.7, 0.45, 0.6])
    message = "I already filed a claim with my card issuer. Now what happens?"
    kept = support_sentences(rows, query, message, [], limit=3, questions=["Now what happens?"], answer_only=True)
    assert [s.text for s in kept] == sentences[1:2]
    # a question of another kind: the answer selection's own sentence, less a step the customer went past
    chosen = [PolicySentence(1, 0, sentences[0], 0.7), PolicySentence(1, 2, sentences[2], 0.6)]
    kept = support_sentences(rows, query, message, chosen, limit=3, questions=["Is my booking safe?"], answer_only=True)
    assert [s.text for s in kept] == sentences[2:3]


SAFETY = Passage(marker=1, doc_id="kettle-safety", chunk_id="k1", title="Kettle safety", score=0.8, text=(
    "Our kettles are tested to international standards. If your kettle sparks or smells of burning, unplug it "
    "straight away and keep it away from water. Call the Lumenco safety line on 1-888-555-0199. We collect the "
    "kettle and send a replacement."))


def test_a_safety_hand_over_draft_tells_the_customer_what_to_do_and_whom_to_call() -> None:
    composer = ComposerGenerator(HashingEmbedder())
    message = "My kettle sparks and smells of burning, what do I do?"
    ticket = Ticket(message=message, channel="email", agent_name="Sam")
    job = DraftJob(ticket=ticket, analysis=MessageAnalyser().analyse(message), evidence_ok=True, passages=[SAFETY],
                   behaviour="handover", behaviour_reason="a possible safety risk is reported")
    text = composer.generate(job).text
    assert "unplug it" in text and "1-888-555-0199" in text
    assert "international standards" not in text  # background helps no one waiting for a colleague


CLAIMS = Passage(marker=1, doc_id="card-claims", chunk_id="cc1", title="Card claims", score=0.8, text=(
    "Please talk to us before filing a claim with your card issuer; we can usually sort it out faster. "
    "If a claim is filed, the booking is frozen until the card issuer decides, which can take up to 60 days."))


def test_an_answer_never_quotes_a_step_the_customer_has_gone_past() -> None:
    composer = ComposerGenerator(HashingEmbedder())
    message = "I already filed a claim with my card issuer about booking BK-2231. What happens to the booking now?"
    ticket = Ticket(message=message, channel="email", agent_name="Sam")
    job = DraftJob(ticket=ticket, analysis=MessageAnalyser().analyse(message), evidence_ok=True, passages=[CLAIMS])
    text = composer.generate(job).text
    assert "before filing a claim" not in text
    assert "frozen until the card issuer decides" in text


def test_rules_of_conduct_are_no_step_for_someone_hurt_and_already_seen_to() -> None:
    sentences = ["Please don't lean on the glass panels or climb the climbing frame.",
                 "Call our duty manager on 1-888-555-0142."]
    rows, query = _rows(sentences, [0.8, 0.6])
    treated = "My son cut his hand on a glass panel in your play barn yesterday and needed 3 stitches at the hospital."
    assert [s.text for s in support_sentences(rows, query, treated, [], limit=3)] == sentences[1:]
    # a danger still going on keeps its "don't"
    ongoing = "The glass panel is still cracked and my son needed stitches at the hospital."
    assert [s.text for s in support_sentences(rows, query, ongoing, [], limit=3)] == sentences
