"""Helpers for tests of the API: an app over a temporary data folder with fakes injected, and key shortcuts."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.app import create_app
from assistant.container import Container
from assistant.settings import ApiSettings, Settings

ADMIN_KEY = "cd_test-admin-key-0123456789abcdef"
TEST_DATABASE_ENV = "CAREDRAFT_TEST_DATABASE_URL"


def make_settings(data_dir: Path, **api: Any) -> Settings:
    """Settings over ``data_dir``; ``api`` fields override. The database is an SQLite file in ``data_dir`` unless
    ``database_url=`` or the test run's ``CAREDRAFT_TEST_DATABASE_URL`` (set by the PostgreSQL test fixtures) names one."""
    if "database_url" not in api and os.environ.get(TEST_DATABASE_ENV):
        api["database_url"] = os.environ[TEST_DATABASE_ENV]
    return Settings(data_dir=data_dir, api=ApiSettings(admin_key=SecretStr(ADMIN_KEY), **api))


def make_container(settings: Settings, *, generators: dict | None = None) -> Container:
    from models.embedders import HashingEmbedder

    return Container(settings, embedder=HashingEmbedder(), generators=generators)


@dataclass
class Harness:
    """A running TestClient plus one key per role (created through the API by the admin)."""

    client: TestClient
    settings: Settings
    keys: dict[str, str] = field(default_factory=dict)
    key_ids: dict[str, str] = field(default_factory=dict)

    def h(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[role]}"}

    def make_keys(self) -> None:
        self.keys["admin"] = ADMIN_KEY
        for role in ("agent", "knowledge_manager", "qa"):
            r = self.client.post("/v1/keys", json={"name": f"test {role}", "role": role}, headers=self.h("admin"))
            assert r.status_code == 201, r.text
            self.keys[role] = r.json()["key"]
            self.key_ids[role] = r.json()["id"]

    def draft(self, message: str = "Where is my parcel? It has not arrived.", role: str = "agent", **ticket: Any) -> dict:
        r = self.client.post("/v1/drafts", json={"message": message, **ticket}, headers=self.h(role))
        assert r.status_code == 201, r.text
        return r.json()


@contextmanager
def running(data_dir: Path, *, generators: dict | None = None, **api: Any) -> Iterator[Harness]:
    """The app over ``data_dir`` with the role keys created; on exit, waits for background jobs and shuts down."""
    settings = make_settings(data_dir, **api)
    app = create_app(settings, make_container(settings, generators=generators))
    with TestClient(app, raise_server_exceptions=False) as client:
        harness = Harness(client=client, settings=settings)
        harness.make_keys()
        try:
            yield harness
        finally:
            app.state.jobs.wait(60)  # no job may outlive its data folder
