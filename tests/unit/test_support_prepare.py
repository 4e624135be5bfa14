"""The support scorer's batch path: ``prepare``, the vocabulary weight table, batched token precision."""

from __future__ import annotations

import numpy as np

from assistant.grounding.encoding import STOP_WEIGHT, Encoded, weight_table
from assistant.grounding.support import UNALIGNED_BELOW, SupportScorer, _token_precisions
from models.embedders import HashingEmbedder

PASSAGES = [
    "Orders over $50 ship free. Express shipping costs $14.95 and arrives in 2 business days.",
    "Items can be returned within 30 days of delivery. Final-sale items cannot be returned.",
]


def test_prepare_encodes_once_and_scoring_then_embeds_nothing() -> None:
    embedder = HashingEmbedder()
    scorer = SupportScorer(embedder)
    sentences = ["Orders over $50 ship free.", "Returns are accepted within 30 days.", "Orders over $50 ship free."]
    # 4 passage sentences + 1 new reply sentence: the first is a passage sentence verbatim, the third a repeat
    assert scorer.prepare(sentences, PASSAGES) == 5
    before = embedder.calls
    details = scorer.details(sentences, PASSAGES)
    assert embedder.calls == before
    assert details[0].score == details[2].score
    assert all(0.0 <= d.score <= 1.0 for d in details)
    assert scorer.prepare([]) == 0


def test_prepared_scores_equal_unprepared_scores() -> None:
    sentences = ["Express shipping costs $14.95.", "Final-sale items can be returned.", "We ship to the moon."]
    prepared = SupportScorer(HashingEmbedder())
    prepared.prepare(sentences, PASSAGES)
    plain = SupportScorer(HashingEmbedder())
    assert prepared.score_sentences(sentences, PASSAGES) == plain.score_sentences(sentences, PASSAGES)


def test_batched_token_precision_matches_one_sentence_at_a_time() -> None:
    rng = np.random.default_rng(7)

    def unit(n: int) -> np.ndarray:
        x = rng.normal(size=(n, 16)).astype(np.float32)
        return x / np.linalg.norm(x, axis=1, keepdims=True)

    ptoks = np.ascontiguousarray(unit(40).T)
    encs = [
        Encoded(unit(1)[0], unit(5).astype(np.float16), np.array([1.0, 0.1, 1.0, 1.0, 0.0], np.float32)),
        Encoded(unit(1)[0], np.zeros((0, 16), np.float16), np.zeros(0, np.float32)),  # no tokens left
        Encoded(unit(1)[0], unit(3).astype(np.float16), np.zeros(3, np.float32)),  # punctuation only
        Encoded(unit(1)[0], unit(8).astype(np.float16), np.array([0.1, 1.0, 0.1, 0.1, 0.0, 0.1, 0.1, 0.1], np.float32)),
        Encoded(unit(1)[0], None, None),  # the vector-only path
    ]
    got = _token_precisions(encs, ptoks)
    assert got[1] is None and got[2] is None and got[4] is None
    for i in (0, 3):
        best = (encs[i].tokens.astype(np.float32) @ ptoks).max(axis=1)
        expected = float((best * encs[i].weights).sum() / encs[i].weights.sum())
        unaligned = float(((best < UNALIGNED_BELOW) * encs[i].weights).sum() / encs[i].weights.sum())
        assert abs(got[i][0] - expected) < 1e-5
        assert abs(got[i][1] - unaligned) < 1e-5
        content = best[encs[i].weights >= 1.0]
        weakest = float(np.sort(content)[:2].mean()) if len(content) else 1.0
        assert abs(got[i][2] - weakest) < 1e-5


def test_weight_table_marks_special_punctuation_stopwords_and_words() -> None:
    class Tokenizer:
        vocab = ["[PAD]", "[CLS]", "the", "refund", "##s", ",", "[SEP]"]
        all_special_ids = [0, 1, 6]

        def __len__(self) -> int:
            return len(self.vocab)

        def convert_ids_to_tokens(self, ids: list[int]) -> list[str]:
            return [self.vocab[i] for i in ids]

    table = weight_table(Tokenizer())
    assert table.tolist() == [-1.0, -1.0, np.float32(STOP_WEIGHT), 1.0, 1.0, 0.0, -1.0]


def test_passage_set_cache_is_bounded_by_memory(monkeypatch) -> None:  # noqa: ANN001
    import assistant.grounding.support as support

    scorer = SupportScorer(HashingEmbedder())
    scorer.score("Express shipping costs $14.95.", [PASSAGES[0]])
    one_set = scorer._sets_bytes
    assert one_set > 0
    monkeypatch.setattr(support, "MAX_PASSAGE_SET_BYTES", 3 * one_set)
    for n in range(10):  # ten distinct retrieved sets of the same size
        scorer.score("Express shipping costs $14.95.", [PASSAGES[0] + f" Order {n} ships from store {n}."])
    assert 1 <= len(scorer._sets) <= 3
    assert scorer._sets_bytes == sum(s.nbytes for s in scorer._sets.values()) <= 3 * one_set
