"""Knowledge-base routes: uploads (415/413/atomic), documents, reindex jobs with progress, 409, status, rollback."""

from __future__ import annotations

import threading
import time

import pytest

import knowledge_base.sync as kb_sync
from api.testing import running

NEW_DOC = b"""---
doc_id: gift-wrapping
title: Gift wrapping
url: https://help.northwindgoods.example/gift-wrapping
---
# Gift wrapping

We gift-wrap any order for 4.50 USD. Choose gift wrapping at checkout; a handwritten note is free.
"""


@pytest.fixture
def api(tmp_path):
    with running(tmp_path / "data", max_upload_mb=1) as harness:
        yield harness


def wait_job(api, job_id: str, path: str = "/v1/kb/jobs/") -> dict:
    for _ in range(300):
        job = api.client.get(path + job_id, headers=api.h("knowledge_manager")).json()
        if job["status"] not in ("queued", "running"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish")


def test_documents_folder_is_seeded_with_the_sample(api):
    docs_dir = api.settings.documents_dir
    assert (docs_dir / "returns-policy.md").is_file()
    docs = api.client.get("/v1/kb/documents", headers=api.h("knowledge_manager")).json()
    assert "returns-policy" in {d["doc_id"] for d in docs} and all(d["chunks"] > 0 for d in docs)
    one = api.client.get("/v1/kb/documents/returns-policy", headers=api.h("knowledge_manager")).json()
    assert one["text"] and one["chunk_list"] and one["version"]
    r = api.client.get("/v1/kb/documents/nope", headers=api.h("knowledge_manager"))
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def test_upload_then_reindex_publishes_the_document(api):
    before = api.client.get("/v1/kb/status", headers=api.h("knowledge_manager")).json()
    r = api.client.post("/v1/kb/documents", files=[("files", ("gift-wrapping.md", NEW_DOC, "text/markdown"))],
                        headers=api.h("knowledge_manager"))
    assert r.status_code == 201, r.text
    assert r.json()["files"] == [{"filename": "gift-wrapping.md", "bytes": len(NEW_DOC)}]
    assert (api.settings.documents_dir / "gift-wrapping.md").read_bytes() == NEW_DOC
    r = api.client.post("/v1/kb/reindex", headers=api.h("knowledge_manager"))
    assert r.status_code == 202 and r.json()["status"] == "running"
    job = wait_job(api, r.json()["id"])
    assert job["status"] == "succeeded", job
    assert job["result"]["documents"] == before["documents"] + 1 and job["result"]["embedded"] > 0
    p = job["progress"]
    assert p["documents_done"] == p["documents_total"] == before["documents"] + 1
    assert p["chunks_done"] == p["chunks_total"] == job["result"]["embedded"]
    status = api.client.get("/v1/kb/status", headers=api.h("knowledge_manager")).json()
    assert status["live"] == job["result"]["version"] != before["live"]
    assert status["last_sync"]["id"] == job["id"] and status["reindex_running"] is None
    assert "gift-wrapping" in {d["doc_id"] for d in api.client.get("/v1/kb/documents", headers=api.h("knowledge_manager")).json()}
    draft = api.draft("Do you offer gift wrapping? How much does it cost?")
    assert draft["draft"]["index_version"] == status["live"]


def test_upload_rejects_unsupported_types_and_oversized_files_without_writing(api):
    files = [("files", ("ok.md", NEW_DOC, "text/markdown")), ("files", ("evil.exe", b"MZ", "application/octet-stream"))]
    r = api.client.post("/v1/kb/documents", files=files, headers=api.h("knowledge_manager"))
    assert r.status_code == 415 and "evil.exe" in r.json()["error"]["message"]
    big = b"# Big\n\n" + b"word " * 250_000  # > 1 MB
    r = api.client.post("/v1/kb/documents", files=[("files", ("big.md", big, "text/markdown"))],
                        headers=api.h("knowledge_manager"))
    assert r.status_code == 413 and r.json()["error"]["code"] == "payload_too_large"
    names = {p.name for p in api.settings.documents_dir.iterdir()}
    assert not {"ok.md", "evil.exe", "big.md"} & names and not any(n.endswith(".part") for n in names)
    r = api.client.post("/v1/kb/documents", headers=api.h("knowledge_manager"))
    assert r.status_code == 422 and r.json()["error"]["details"][0]["field"] == "body.files"
    r = api.client.post("/v1/kb/documents", files=[("files", ("../../escape.md", NEW_DOC, "text/markdown"))],
                        headers=api.h("knowledge_manager"))
    assert r.status_code == 201 and (api.settings.documents_dir / "escape.md").is_file()
    assert not (api.settings.data_dir / "escape.md").exists()


def test_second_reindex_while_one_runs_is_409_and_drafts_keep_working(api, monkeypatch):
    release = threading.Event()
    real_sync = kb_sync.sync

    def slow_sync(*args, **kwargs):
        release.wait(20)
        return real_sync(*args, **kwargs)

    monkeypatch.setattr(kb_sync, "sync", slow_sync)
    first = api.client.post("/v1/kb/reindex", headers=api.h("knowledge_manager")).json()
    r = api.client.post("/v1/kb/reindex", headers=api.h("admin"))
    assert r.status_code == 409 and r.json()["error"]["details"]["job_id"] == first["id"]
    assert api.client.get("/v1/kb/status", headers=api.h("knowledge_manager")).json()["reindex_running"] == first["id"]
    assert api.client.delete("/v1/kb/documents/exchanges", headers=api.h("knowledge_manager")).status_code == 409
    api.draft("Can I exchange my shoes for another size?")  # served from the live version meanwhile
    release.set()
    assert wait_job(api, first["id"])["status"] == "succeeded"
    assert api.client.post("/v1/kb/reindex", headers=api.h("knowledge_manager")).status_code == 202


def test_failed_reindex_is_reported_and_the_previous_version_still_serves(api, monkeypatch):
    live = api.client.get("/v1/kb/status", headers=api.h("knowledge_manager")).json()["live"]
    for p in api.settings.documents_dir.iterdir():
        p.unlink()
    job = wait_job(api, api.client.post("/v1/kb/reindex", headers=api.h("knowledge_manager")).json()["id"])
    assert job["status"] == "failed" and "no documents" in job["error"]
    assert api.client.get("/v1/kb/status", headers=api.h("knowledge_manager")).json()["live"] == live
    api.draft()


def test_delete_document_publishes_a_version_and_removes_the_file(api):
    before = api.client.get("/v1/kb/status", headers=api.h("knowledge_manager")).json()
    r = api.client.delete("/v1/kb/documents/exchanges", headers=api.h("knowledge_manager"))
    assert r.status_code == 200, r.text
    assert r.json()["file_removed"] == "exchanges.md" and not (api.settings.documents_dir / "exchanges.md").exists()
    after = api.client.get("/v1/kb/status", headers=api.h("knowledge_manager")).json()
    assert after["live"] == r.json()["version"] != before["live"] and after["documents"] == before["documents"] - 1
    assert api.client.get("/v1/kb/documents/exchanges", headers=api.h("knowledge_manager")).status_code == 404
    assert api.client.delete("/v1/kb/documents/exchanges", headers=api.h("knowledge_manager")).status_code == 404
    audit = api.client.get("/v1/audit?action=kb.delete", headers=api.h("admin")).json()["items"]
    assert audit[0]["target_id"] == "exchanges" and audit[0]["actor_key_id"] == api.key_ids["knowledge_manager"]
    # rollback brings the document back; with nothing older left, rollback is a 409
    r = api.client.post("/v1/kb/rollback", headers=api.h("knowledge_manager"))
    assert r.status_code == 200 and r.json()["live"] == before["live"]
    assert api.client.get("/v1/kb/documents/exchanges", headers=api.h("knowledge_manager")).status_code == 200
    r = api.client.post("/v1/kb/rollback", headers=api.h("knowledge_manager"))
    assert r.status_code == 409 and "nothing to roll back" in r.json()["error"]["message"]


def test_unknown_job_is_404(api):
    assert api.client.get("/v1/kb/jobs/job_nope", headers=api.h("knowledge_manager")).status_code == 404
