"""One contract test class per protocol of ``assistant.protocols``, run against every implementation and fake.

A test module subclasses a contract and provides its fixture (``embedder``, ``retriever`` or ``support``),
usually parametrised over the implementations it covers: the fakes in ``tests/unit/test_contracts.py``, the
real MiniLM embedder in ``tests/integration/test_contracts_real.py``. The Generator contract predates this
module and lives in ``tests/unit/test_generator_contract.py`` (``GeneratorContract``).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.protocols import Embedder, Retriever, SentenceSupport, TokenEncoder
from knowledge_base.types import Chunk, Filters, ScoredChunk

# --- the corpus retrievers are checked on ------------------------------------------------------------------

CHUNKS = [
    Chunk(chunk_id="c-ret", doc_id="returns-policy", title="Returns policy", section="Return window",
          text="You can return unworn items within 30 days of delivery for a refund. Items marked final sale cannot be "
               "returned.", start=0, end=100),
    Chunk(chunk_id="c-ship", doc_id="shipping-times", title="Shipping times", section="Delivery",
          text="Standard shipping takes 3 to 5 business days. Express shipping arrives the next business day.",
          start=0, end=90),
    Chunk(chunk_id="c-int", doc_id="agent-goodwill", title="Internal: goodwill credits", section="Limits",
          text="Agents may offer a goodwill credit of up to 20 dollars for a damaged item without approval.",
          start=0, end=80, audience="internal"),
]


def write_chunks_as_documents(folder: Path, chunks: list[Chunk] = CHUNKS) -> Path:
    """The chunks as Markdown documents (one per doc id), for implementations that index files."""
    folder.mkdir(parents=True, exist_ok=True)
    for c in chunks:
        front = f"---\ndoc_id: {c.doc_id}\ntitle: {json.dumps(c.title)}\naudience: {c.audience}\n---\n"
        (folder / f"{c.doc_id}.md").write_text(f"{front}# {c.title}\n\n## {c.section}\n\n{c.text}\n", encoding="utf-8")
    return folder


class EmbedderContract:
    """Behaviour every ``Embedder`` shares. Subclasses provide the ``embedder`` fixture."""

    def test_satisfies_protocol(self, embedder: Embedder) -> None:
        assert isinstance(embedder, Embedder)
        assert isinstance(embedder.model_id, str) and embedder.model_id
        assert isinstance(embedder.dimension, int) and embedder.dimension > 0
        assert isinstance(embedder.max_tokens, int) and embedder.max_tokens > 0

    def test_documents_are_unit_float32_rows(self, embedder: Embedder) -> None:
        texts = ["Returns are free within 30 days.", "Express shipping arrives tomorrow.", "ok"]
        vectors = embedder.embed_documents(texts)
        assert vectors.shape == (3, embedder.dimension) and vectors.dtype == np.float32
        assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
        assert embedder.embed_documents([]).shape == (0, embedder.dimension)

    def test_query_matches_its_document_vector(self, embedder: Embedder) -> None:
        text = "How long do I have to return a pair of shoes?"
        query = embedder.embed_query(text)
        assert query.shape == (embedder.dimension,) and query.dtype == np.float32
        assert abs(float(np.linalg.norm(query)) - 1.0) < 1e-4
        assert float(query @ embedder.embed_documents([text])[0]) > 0.999
        assert np.array_equal(query, embedder.embed_query(text))  # same input, same vector

    def test_related_text_is_closer_than_unrelated(self, embedder: Embedder) -> None:
        q, related, unrelated = embedder.embed_documents(
            ["refund for a returned jacket", "we refund a returned jacket within days", "the train to the coast leaves at noon"])
        assert float(q @ related) > float(q @ unrelated)

    def test_count_tokens_includes_special_tokens_and_grows(self, embedder: Embedder) -> None:
        empty, short, longer = (embedder.count_tokens(t) for t in ("", "refund", "refund for a returned jacket please"))
        assert empty >= 2  # [CLS] and [SEP] (or their equivalent)
        assert empty < short < longer

    def test_token_encoder_seam(self, embedder: Embedder, token_encoder: bool) -> None:
        """Implementations that expose token embeddings say so through ``TokenEncoder``, never by accident."""
        assert isinstance(embedder, TokenEncoder) is token_encoder
        if token_encoder:
            assert isinstance(embedder, TokenEncoder)  # narrowed for the type checker
            out = embedder.model.encode(["a refund"], output_value=None, show_progress_bar=False)
            assert out[0]["token_embeddings"].shape[-1] == embedder.dimension


class RetrieverContract:
    """Behaviour every ``Retriever`` shares over ``CHUNKS``. Subclasses provide the ``retriever`` fixture."""

    RETURNS_QUERY = "how many days do I have to return unworn items for a refund"

    def test_satisfies_protocol(self, retriever: Retriever) -> None:
        assert isinstance(retriever, Retriever)

    def test_hits_are_scored_chunks_at_most_k(self, retriever: Retriever) -> None:
        hits = retriever.retrieve(self.RETURNS_QUERY, k=2)
        assert 1 <= len(hits) <= 2
        assert all(isinstance(h, ScoredChunk) and 0.0 <= h.score <= 1.0 for h in hits)
        assert len({h.chunk.chunk_id for h in hits}) == len(hits)
        assert retriever.retrieve(self.RETURNS_QUERY, k=0) == []

    def test_the_answering_chunk_comes_first(self, retriever: Retriever) -> None:
        assert retriever.retrieve(self.RETURNS_QUERY, k=3)[0].chunk.doc_id == "returns-policy"
        shipping = retriever.retrieve("how long does standard shipping take in business days", k=3)
        assert shipping[0].chunk.doc_id == "shipping-times"

    def test_audience_filter_keeps_internal_documents_out(self, retriever: Retriever) -> None:
        query = "goodwill credit for a damaged item"
        public = retriever.retrieve(query, k=5, filters=Filters(audience=frozenset({"public"})))
        assert public and all(h.chunk.audience == "public" for h in public)
        everything = retriever.retrieve(query, k=5, filters=Filters(audience=frozenset({"public", "internal"})))
        assert "agent-goodwill" in {h.chunk.doc_id for h in everything}

    def test_same_query_same_hits(self, retriever: Retriever) -> None:
        first = retriever.retrieve(self.RETURNS_QUERY, k=3)
        assert [(h.chunk.chunk_id, h.score) for h in first] == [
            (h.chunk.chunk_id, h.score) for h in retriever.retrieve(self.RETURNS_QUERY, k=3)]


class SupportContract:
    """Behaviour every support scorer (``SentenceSupport``) shares. Subclasses provide the ``support`` fixture."""

    PASSAGES = [
        "You can return unworn items within 30 days of delivery for a full refund.",
        "Standard shipping takes 3 to 5 business days.",
    ]

    def test_satisfies_protocol(self, support: SentenceSupport) -> None:
        assert isinstance(support, SentenceSupport)
        assert isinstance(support.uses_token_embeddings, bool)

    def test_a_passage_sentence_supports_itself(self, support: SentenceSupport) -> None:
        assert support.score(self.PASSAGES[0], self.PASSAGES) >= 0.8

    def test_unrelated_and_wrong_facts_are_not_supported(self, support: SentenceSupport) -> None:
        supported = support.score("Unworn items can be returned within 30 days of delivery for a refund.", self.PASSAGES)
        unrelated = support.score("Our cafeteria serves vegetable soup every afternoon.", self.PASSAGES)
        wrong_number = support.score("You can return unworn items within 60 days of delivery for a full refund.", self.PASSAGES)
        assert 0.0 <= unrelated < 0.4 < supported <= 1.0
        assert wrong_number <= 0.1  # a number no passage states caps the score

    def test_no_passages_supports_nothing(self, support: SentenceSupport) -> None:
        assert support.score("Returns are free.", []) == 0.0
        assert support.score_sentences([], self.PASSAGES) == []

    def test_batch_agrees_with_single_and_is_repeatable(self, support: SentenceSupport) -> None:
        sentences = ["Refunds take 30 days.", "Standard shipping takes 3 to 5 business days.", "We sell gift cards."]
        batch = support.score_sentences(sentences, self.PASSAGES)
        assert batch == pytest.approx([support.score(s, self.PASSAGES) for s in sentences], abs=1e-6)
        assert support.score_sentences(sentences, self.PASSAGES) == batch

    def test_warming_and_preparing_change_no_score(self, support: SentenceSupport) -> None:
        sentence = "Standard shipping takes up to 5 business days."
        before = support.score(sentence, self.PASSAGES)
        assert isinstance(support.warm(self.PASSAGES), int)
        assert isinstance(support.prepare([sentence], self.PASSAGES), int)
        assert support.score(sentence, self.PASSAGES) == pytest.approx(before, abs=1e-6)
