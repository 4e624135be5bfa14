"""The API tests of these modules run twice: on an SQLite file and on a fresh database of the session's PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from api.testing import TEST_DATABASE_ENV

ALSO_ON_POSTGRES = {"test_api_access", "test_api_drafts", "test_api_kb"}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if metafunc.module.__name__.rsplit(".", 1)[-1] in ALSO_ON_POSTGRES:
        metafunc.parametrize("api_database", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture(autouse=True)
def api_database(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str | None]:
    """Autouse so that it is set up before the modules' own app fixtures, which build apps with ``api.testing``."""
    if getattr(request, "param", "sqlite") != "postgresql":
        yield None
        return
    server = request.getfixturevalue("postgres_server")
    url = server.create_database()
    monkeypatch.setenv(TEST_DATABASE_ENV, url)
    yield url
    server.drop_database(url)
