"""Keys, roles, rate limits, audit log, first admin key and durability across restarts."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.db import Database, JobRow, utcnow
from api.testing import ADMIN_KEY, running, make_container, make_settings


@pytest.fixture
def api(tmp_path):
    with running(tmp_path / "data") as harness:
        yield harness


def test_missing_unknown_and_revoked_keys_get_401(api):
    r = api.client.post("/v1/drafts", json={"message": "hi"})
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
    assert api.client.get("/v1/drafts", headers={"Authorization": "Bearer cd_nope"}).status_code == 401
    assert api.client.get("/v1/drafts", headers={"Authorization": "Basic abc"}).status_code == 401
    assert api.client.get("/v1/drafts", headers={"X-API-Key": api.keys["agent"]}).status_code == 200
    r = api.client.delete(f"/v1/keys/{api.key_ids['agent']}", headers=api.h("admin"))
    assert r.status_code == 200 and r.json()["revoked_at"]
    r = api.client.get("/v1/drafts", headers=api.h("agent"))
    assert r.status_code == 401 and "revoked" in r.json()["error"]["message"]
    assert api.client.delete("/v1/keys/key_missing", headers=api.h("admin")).status_code == 404


def test_keys_are_stored_hashed_and_listed_without_secret(api):
    r = api.client.get("/v1/keys", headers=api.h("admin"))
    listed = r.json()
    assert {k["role"] for k in listed} == {"admin", "agent", "knowledge_manager", "qa"}
    assert all("key" not in k and "key_hash" not in k for k in listed)
    db = api.client.app.state.db
    with db.engine.connect() as conn:
        stored = " ".join(str(row) for row in conn.exec_driver_sql("SELECT * FROM api_keys"))
    assert all(secret not in stored for secret in api.keys.values())
    r = api.client.post("/v1/keys", json={"name": "x", "role": "superuser"}, headers=api.h("admin"))
    assert r.status_code == 422 and r.json()["error"]["details"][0]["field"] == "body.role"


def test_rate_limit_returns_429_with_retry_after(tmp_path):
    with running(tmp_path / "data", rate_limit_per_minute=5) as harness:
        client = harness.client
        codes = [client.get("/v1/drafts", headers=harness.h("agent")).status_code for _ in range(8)]
        assert codes[:5] == [200] * 5 and codes[5:] == [429] * 3
        r = client.get("/v1/drafts", headers=harness.h("agent"))
        assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1
        assert r.json()["error"]["code"] == "rate_limited"
        # the bucket is per key: another key still passes
        assert client.get("/v1/keys", headers=harness.h("admin")).status_code == 200


def test_audit_log_records_every_state_change_with_actor(api):
    d = api.draft()
    api.client.post(f"/v1/drafts/{d['id']}/review", json={"action": "approve"}, headers=api.h("agent"))
    r = api.client.get("/v1/audit", headers=api.h("admin"))
    assert r.status_code == 200
    items = r.json()["items"]
    actions = [(i["action"], i["actor_key_id"], i["target_id"]) for i in items]
    assert ("draft.create", api.key_ids["agent"], d["id"]) in actions
    assert ("draft.review.approve", api.key_ids["agent"], d["id"]) in actions
    creators = [actor for a, actor, _ in actions if a == "key.create"]
    assert len(creators) == 4 and creators.count(None) == 1  # the settings' admin key (system), then 3 by that admin
    page = api.client.get("/v1/audit?limit=2", headers=api.h("admin")).json()
    assert len(page["items"]) == 2 and page["next_cursor"]
    rest = api.client.get(f"/v1/audit?limit=100&cursor={page['next_cursor']}", headers=api.h("admin")).json()
    assert [i["id"] for i in page["items"] + rest["items"]] == [i["id"] for i in items]


def test_first_admin_key_is_generated_and_printed_once(tmp_path, capsys):
    settings = make_settings(tmp_path / "data")
    settings.api.admin_key = None
    with TestClient(create_app(settings, make_container(settings))) as client:
        out = capsys.readouterr().out
        key = out.split("store it now): ", 1)[1].split()[0]
        assert client.get("/v1/keys", headers={"X-API-Key": key}).status_code == 200
    with TestClient(create_app(settings, make_container(settings))):
        out = capsys.readouterr().out
        assert "already exists" in out and key not in out


def test_everything_survives_a_restart_and_running_jobs_are_marked_failed(tmp_path):
    with running(tmp_path / "data") as harness:
        client = harness.client
        d = harness.draft("Where is my order?")
        client.post(f"/v1/drafts/{d['id']}/review", json={"action": "edit", "text": "Edited reply."}, headers=harness.h("agent"))
        job = client.post("/v1/kb/reindex", headers=harness.h("knowledge_manager")).json()
        client.app.state.jobs.wait(30)
        live = client.get("/v1/kb/status", headers=harness.h("knowledge_manager")).json()["live"]
    # simulate a process killed mid-reindex: a job row left 'running'
    db = Database(harness.settings.database_url)
    with db.session() as s:
        s.add(JobRow(id="job_interrupted", kind="reindex", status="running", created_at=utcnow(), created_by="x",
                     params={}, progress={"documents_done": 3}))
        s.commit()
    db.dispose()
    settings = make_settings(tmp_path / "data")
    with TestClient(create_app(settings, make_container(settings))) as again:
        h = {"Authorization": f"Bearer {harness.keys['agent']}"}
        got = again.get(f"/v1/drafts/{d['id']}", headers=h).json()
        assert got["status"] == "edited" and got["review"]["final_text"] == "Edited reply."
        km = {"Authorization": f"Bearer {harness.keys['knowledge_manager']}"}
        assert again.get(f"/v1/kb/jobs/{job['id']}", headers=km).json()["status"] == "succeeded"
        failed = again.get("/v1/kb/jobs/job_interrupted", headers=km).json()
        assert failed["status"] == "failed" and failed["error"] == "interrupted by restart"
        assert again.get("/v1/kb/status", headers=km).json()["live"] == live
        assert again.get("/v1/keys", headers={"X-API-Key": ADMIN_KEY}).status_code == 200
