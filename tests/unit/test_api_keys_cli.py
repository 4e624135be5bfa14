"""`caredraft keys create|list|revoke` against a SQLite file, and `caredraft serve --help`."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from api.db import Database
from api.services.keys import authenticate
from assistant.cli import app
from assistant.settings import Settings


def test_keys_create_list_revoke(tmp_path, monkeypatch):
    monkeypatch.setenv("CAREDRAFT_DATA_DIR", str(tmp_path / "data"))
    runner = CliRunner()
    r = runner.invoke(app, ["keys", "create", "--role", "agent", "--name", "alice"])
    assert r.exit_code == 0, r.output
    secret = r.output.strip().splitlines()[-1]
    db = Database(Settings().database_url)
    with db.session() as s:
        key = authenticate(s, secret)
        assert key is not None and key.role == "agent" and key.name == "alice"
    listed = json.loads(runner.invoke(app, ["keys", "list", "--json"]).output)
    assert [(k["id"], k["role"], k["revoked_at"]) for k in listed] == [(key.id, "agent", None)]
    assert secret not in json.dumps(listed)
    r = runner.invoke(app, ["keys", "revoke", key.id])
    assert r.exit_code == 0 and key.id in r.output
    with db.session() as s:
        assert authenticate(s, secret) is None
    r = runner.invoke(app, ["keys", "revoke", "key_nope"])
    assert r.exit_code == 1 and "unknown key" in r.output
    r = runner.invoke(app, ["keys", "create", "--role", "boss", "--name", "x"])
    assert r.exit_code == 2 and "unknown role" in r.output
    db.dispose()


def test_serve_help():
    r = CliRunner().invoke(app, ["serve", "--help"])
    assert r.exit_code == 0 and "--port" in r.output and "--host" in r.output
