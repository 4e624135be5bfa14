"""The protocol contracts (``tests/contracts.py``) against the fakes and the implementations unit tests can run."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.grounding.support import SupportScorer
from assistant.protocols import Embedder
from assistant.settings import KnowledgeBaseSettings, RetrievalSettings
from knowledge_base.live import LiveIndex
from knowledge_base.retriever import HybridRetriever
from knowledge_base.sync import sync
from models.embedders import HashingEmbedder
from models.query_cache import CachedDocumentEmbedder
from tests.contracts import CHUNKS, EmbedderContract, RetrieverContract, SupportContract, write_chunks_as_documents
from tests.fakes import VectorRetriever


class TestEmbedderContract(EmbedderContract):
    @pytest.fixture(params=["hashing", "cached-sentences"])
    def embedder(self, request: pytest.FixtureRequest) -> Embedder:
        return HashingEmbedder() if request.param == "hashing" else CachedDocumentEmbedder(HashingEmbedder())

    @pytest.fixture
    def token_encoder(self) -> bool:
        return False


@pytest.fixture(scope="module")
def hybrid_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = write_chunks_as_documents(tmp_path_factory.mktemp("contract-docs"))
    index = tmp_path_factory.mktemp("contract-index")
    sync([folder], index, HashingEmbedder(), settings=KnowledgeBaseSettings())
    return index


class TestRetrieverContract(RetrieverContract):
    @pytest.fixture(params=["hybrid", "vector-fake"])
    def retriever(self, request: pytest.FixtureRequest, hybrid_index: Path) -> HybridRetriever | VectorRetriever:
        embedder = HashingEmbedder()
        if request.param == "hybrid":
            return HybridRetriever(LiveIndex(hybrid_index, embedder), embedder, RetrievalSettings())
        return VectorRetriever(embedder, CHUNKS)


class TestSupportContract(SupportContract):
    @pytest.fixture(params=["hashing-vectors"])
    def support(self, request: pytest.FixtureRequest) -> SupportScorer:
        return SupportScorer(HashingEmbedder())
