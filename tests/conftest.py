"""Shared fixtures. The real embedder loads once per session; unit tests use the hashing fake."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from assistant.settings import SAMPLE_KB_DIR, Settings  # noqa: E402
from models.embedders import HashingEmbedder, SentenceTransformerEmbedder  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def onnx_export_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One ONNX export folder for the session, inherited by every server and CLI subprocess the tests start.

    The default embedder backend exports the model at first use, into ``<data_dir>/models`` unless
    ``CAREDRAFT_EMBEDDER__CACHE_DIR`` says otherwise; with a fresh data folder per test, that would be one export
    (about 30 s) per test. Here the first test that needs it exports, the others reuse it. A developer can point
    ``CAREDRAFT_EMBEDDER__CACHE_DIR`` at a lasting folder to skip even that one.
    """
    if not os.environ.get("CAREDRAFT_EMBEDDER__CACHE_DIR"):
        os.environ["CAREDRAFT_EMBEDDER__CACHE_DIR"] = str(tmp_path_factory.mktemp("onnx-export"))
    return Path(os.environ["CAREDRAFT_EMBEDDER__CACHE_DIR"])


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


# --- databases: every API/database test that asks for ``database_url`` runs on SQLite and on PostgreSQL ---------
@pytest.fixture(scope="session")
def postgres_server():  # noqa: ANN201 - api.testing_postgres.PostgresServer
    """A real PostgreSQL server in a temporary directory, started once per session and stopped at the end.

    Where it cannot start, the PostgreSQL tests skip with the reason, except under CI (``CI=true``) where
    they fail: CI installs the server (``.ci/run``), so a skip there would hide a broken setup.
    """
    from api.testing_postgres import PostgresServer, PostgresUnavailable

    server = PostgresServer()
    try:
        server.start()
    except PostgresUnavailable as exc:
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(f"PostgreSQL test server could not start under CI: {exc}", pytrace=False)
        pytest.skip(f"PostgreSQL test server not available: {exc}")
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path):  # noqa: ANN201 - Iterator[str]
    """A fresh, empty database of each kind: an SQLite file, or a new database on the session's PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'api.db'}"
        return
    server = request.getfixturevalue("postgres_server")
    url = server.create_database()
    yield url
    server.drop_database(url)
