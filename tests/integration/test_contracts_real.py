"""The protocol contracts (``tests/contracts.py``) against the real bundled MiniLM embedder and what it powers."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.grounding.support import SupportScorer
from assistant.settings import KnowledgeBaseSettings, RetrievalSettings
from knowledge_base.live import LiveIndex
from knowledge_base.retriever import HybridRetriever
from knowledge_base.sync import sync
from models.embedders import SentenceTransformerEmbedder
from tests.contracts import EmbedderContract, RetrieverContract, SupportContract, write_chunks_as_documents

pytestmark = pytest.mark.integration


class TestRealEmbedderContract(EmbedderContract):
    @pytest.fixture
    def embedder(self, real_embedder: SentenceTransformerEmbedder) -> SentenceTransformerEmbedder:
        return real_embedder

    @pytest.fixture
    def token_encoder(self) -> bool:
        return True


class TestRealHybridRetrieverContract(RetrieverContract):
    @pytest.fixture(scope="class")
    def retriever(self, tmp_path_factory: pytest.TempPathFactory, real_embedder: SentenceTransformerEmbedder) -> HybridRetriever:
        folder = write_chunks_as_documents(tmp_path_factory.mktemp("contract-docs"))
        index: Path = tmp_path_factory.mktemp("contract-index")
        sync([folder], index, real_embedder, settings=KnowledgeBaseSettings())
        return HybridRetriever(LiveIndex(index, real_embedder), real_embedder, RetrievalSettings())


class TestRealSupportContract(SupportContract):
    @pytest.fixture(scope="class", params=["token-precision", "sentence-vectors"])
    def support(self, request: pytest.FixtureRequest, real_embedder: SentenceTransformerEmbedder) -> SupportScorer:
        scorer = SupportScorer(real_embedder, use_tokens=request.param == "token-precision")
        assert scorer.uses_token_embeddings is (request.param == "token-precision")
        return scorer
