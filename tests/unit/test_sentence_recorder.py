"""The study hook of the sentence choice: off by default, and when set it sees every candidate without changing the
choice (invented bike-shop sources)."""

from __future__ import annotations

import models.generators.composer_policy as policy
from assistant.types import Passage
from models.embedders import HashingEmbedder
from models.generators.composer_policy import SentenceBank, content_words, select_policy

SERVICE = Passage(
    marker=2, doc_id="workshop", chunk_id="ws-rec-1", title="Workshop", section="Tune-ups", score=0.55,
    text=("A basic tune-up adjusts the gears and brakes and checks every bolt. "
          "A basic tune-up takes 2 working days from drop-off. "
          "Our mechanics wear gloves when handling your bike."),
)


def _select(question: str) -> list[tuple[int, int]]:
    embedder = HashingEmbedder()
    chosen = select_policy(SentenceBank(embedder), [SERVICE], embedder.embed_query(question),
                           content_words(question), max_sentences=2, question=question, about=question,
                           ask_vec=embedder.embed_query(question))
    return [(c.marker, c.position) for c in chosen]


def test_the_recorder_is_off_by_default_and_sees_every_candidate_without_changing_the_choice() -> None:
    assert policy.RECORDER is None
    question = "how long does a tune-up take?"
    plain = _select(question)
    calls: list[dict[str, object]] = []
    policy.RECORDER = calls.append
    try:
        recorded = _select(question)
    finally:
        policy.RECORDER = None
    assert recorded == plain and plain
    (call,) = calls
    candidates = call["candidates"]
    assert isinstance(candidates, dict) and set(candidates) == {(2, 0), (2, 1), (2, 2)}
    assert call["chosen"] == plain and call["lead"] in plain
    assert {"score", "score_final", "sim_ask", "lexical", "retrieval", "kind_bonus", "fit", "text"} <= set(
        candidates[(2, 1)])
    assert candidates[(2, 1)]["kind_bonus"] > 0  # the sentence with the period bears a "how long" answer
