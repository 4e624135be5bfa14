"""Shared fixtures. The real embedder loads once per session; unit tests use the hashing fake."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from assistant.settings import SAMPLE_KB_DIR, Settings  # noqa: E402
from models.embedders import HashingEmbedder, SentenceTransformerEmbedder  # noqa: E402


@pytest.fixture(scope="session")
def real_embedder() -> SentenceTransformerEmbedder:
    """The bundled all-MiniLM-L6-v2, loaded once for the whole session (it is read-only, so sharing is safe)."""
    embedder = SentenceTransformerEmbedder()
    _ = embedder.dimension  # load now, not inside the first timed test
    return embedder


@pytest.fixture
def fake_embedder() -> HashingEmbedder:
    return HashingEmbedder()


@pytest.fixture(scope="session")
def sample_index_dir(tmp_path_factory: pytest.TempPathFactory, real_embedder: SentenceTransformerEmbedder) -> Path:
    """The bundled sample knowledge base indexed with the real embedder, built once per session. Read-only."""
    from assistant.settings import KnowledgeBaseSettings
    from knowledge_base.sync import sync

    index_dir = tmp_path_factory.mktemp("sample-index")
    sync([SAMPLE_KB_DIR], index_dir, real_embedder, settings=KnowledgeBaseSettings())
    return index_dir


@pytest.fixture(scope="session")
def sample_container(tmp_path_factory: pytest.TempPathFactory, sample_index_dir: Path, real_embedder):  # noqa: ANN001, ANN201
    """A Container over the sample index with the real embedder: what the product runs by default."""
    from assistant.container import Container
    from assistant.settings import KnowledgeBaseSettings

    data_dir = tmp_path_factory.mktemp("data")
    settings = Settings(data_dir=data_dir, kb=KnowledgeBaseSettings(index_dir=sample_index_dir))
    return Container(settings, embedder=real_embedder)
