"""End to end: a real `caredraft serve` process on 127.0.0.1 with the real embedder and a SQLite file."""

from __future__ import annotations

import signal
import subprocess
import threading
import time

import httpx
import pytest

from tests.e2e.conftest import CAREDRAFT

pytestmark = [pytest.mark.e2e, pytest.mark.integration]
ADMIN = "cd_e2e-admin-key-0123456789abcdefghij"
NEW_DOC = b"""---
doc_id: gift-wrapping
title: Gift wrapping
---
# Gift wrapping

We gift-wrap any order for 4.50 USD. Choose gift wrapping at checkout; a handwritten note is free.
"""


def wait_job(client: httpx.Client, job_id: str, headers: dict, timeout: float = 180) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/v1/kb/jobs/{job_id}", headers=headers).json()
        if job["status"] not in ("queued", "running"):
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} still running after {timeout} s")


def test_serve_draft_review_upload_reindex_restart(serve_factory, tmp_path):
    server = serve_factory({"CAREDRAFT_API__ADMIN_KEY": ADMIN}).start()
    assert "Review page: http://127.0.0.1:" in server.log() and "admin key from settings" in server.log()
    admin = {"Authorization": f"Bearer {ADMIN}"}
    # a key made with the CLI against the same database, and one through the API
    out = subprocess.run([str(CAREDRAFT), "keys", "create", "--role", "agent", "--name", "alice"], env=server.env,
                         capture_output=True, text=True, check=True).stdout
    agent = {"X-API-Key": out.strip().splitlines()[-1]}
    with httpx.Client(base_url=server.base, timeout=60) as c:
        km = {"Authorization": "Bearer " + c.post("/v1/keys", json={"name": "kim", "role": "knowledge_manager"},
                                                  headers=admin).json()["key"]}
        first = c.post("/v1/drafts", json={"message": "How long do I have to return shoes I bought online?"}, headers=agent)
        assert first.status_code == 201, first.text
        draft = first.json()
        assert draft["draft"]["citations"], "the real embedder should find the returns policy"
        reviewed = c.post(f"/v1/drafts/{draft['id']}/review", json={"action": "edit", "text": draft["draft"]["text"] + " Thanks!"},
                          headers=agent).json()
        assert reviewed["status"] == "edited" and reviewed["review"]["facts_changed"] is False
        live_before = c.get("/v1/kb/status", headers=km).json()["live"]
        up = c.post("/v1/kb/documents", files=[("files", ("gift-wrapping.md", NEW_DOC, "text/markdown"))], headers=km)
        assert up.status_code == 201, up.text

        # draft continuously from 3 clients while the reindex runs: no request may fail
        failures, done, stop = [], [], threading.Event()

        def agent_loop() -> None:
            with httpx.Client(base_url=server.base, timeout=60) as ac:
                while not stop.is_set():
                    r = ac.post("/v1/drafts", json={"message": "Do you offer gift wrapping?"}, headers=agent)
                    (done if r.status_code == 201 else failures).append((r.status_code, r.json()["draft"]["index_version"]
                                                                        if r.status_code == 201 else r.text))

        threads = [threading.Thread(target=agent_loop) for _ in range(3)]
        for t in threads:
            t.start()
        job = c.post("/v1/kb/reindex", headers=km).json()
        job = wait_job(c, job["id"], km)
        time.sleep(1.0)  # a few drafts after the publish too
        stop.set()
        for t in threads:
            t.join(60)
        assert job["status"] == "succeeded", job
        assert failures == [] and len(done) >= 3
        new_live = job["result"]["version"]
        assert new_live != live_before and {v for _, v in done} <= {live_before, new_live}
        assert done[-1][1] == new_live  # picked up without a restart
        n_drafts = len(c.get("/v1/drafts?limit=200", headers=agent).json()["items"])

    server.stop()
    server = serve_factory({"CAREDRAFT_API__ADMIN_KEY": ADMIN})
    server.start()
    with httpx.Client(base_url=server.base, timeout=60) as c:
        again = c.get(f"/v1/drafts/{draft['id']}", headers=agent).json()
        assert again["status"] == "edited" and again["review"] == reviewed["review"]
        assert len(c.get("/v1/drafts?limit=200", headers=agent).json()["items"]) == n_drafts
        assert c.get(f"/v1/kb/jobs/{job['id']}", headers=km).json()["result"] == job["result"]
        assert c.get("/v1/kb/status", headers=km).json()["live"] == new_live
        assert "gift-wrapping" in {d["doc_id"] for d in c.get("/v1/kb/documents", headers=km).json()}
        actions = {i["action"] for i in c.get("/v1/audit?limit=500", headers=admin).json()["items"]}
        assert {"key.create", "draft.create", "draft.review.edit", "kb.upload", "reindex.start", "reindex.succeeded"} <= actions

        # a reindex killed mid-way: reported failed after the restart, and the previous version still serves
        big = b"# Care handbook\n\n" + b"".join(
            f"## Topic {i}\n\nParagraph {i} explains how we look after order question {i} with care and detail.\n\n".encode()
            for i in range(3000))
        c.post("/v1/kb/documents", files=[("files", ("handbook.md", big, "text/markdown"))], headers=km)
        killed = c.post("/v1/kb/reindex", headers=km).json()
        time.sleep(1.0)
    server.stop(signal.SIGKILL)
    server = serve_factory({"CAREDRAFT_API__ADMIN_KEY": ADMIN})
    server.start()
    with httpx.Client(base_url=server.base, timeout=60) as c:
        job = c.get(f"/v1/kb/jobs/{killed['id']}", headers=km).json()
        assert job["status"] == "failed" and job["error"].startswith("interrupted") and "exited" in job["error"]
        assert c.get("/v1/kb/status", headers=km).json()["live"] == new_live
        assert c.post("/v1/drafts", json={"message": "Do you offer gift wrapping?"}, headers=agent).status_code == 201
