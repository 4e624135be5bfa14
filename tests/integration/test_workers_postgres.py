"""Several workers on one database, each test on SQLite and on a real PostgreSQL (``database_url``).

Two apps over the same data folder and database stand for two ``caredraft serve --workers 2`` workers: they
share rate limits, reindex claims, job leases and the first admin key only through the database.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, inspect, select, text

import knowledge_base.sync as kb_sync
from api.db import ApiKey, Database, JobRow, utcnow
from api.services.keys import ensure_first_admin
from api.app import create_app
from api.testing import Harness, make_container, running

REPO = Path(__file__).resolve().parents[2]


def second_worker(a: Harness) -> Harness:
    """Another app on a's data folder, database and settings; the keys a created work on it as they are."""
    client = TestClient(create_app(a.settings, make_container(a.settings)), raise_server_exceptions=False)
    client.__enter__()
    return Harness(client=client, settings=a.settings, keys=a.keys, key_ids=a.key_ids)


@pytest.fixture
def workers(tmp_path: Path, database_url: str) -> Iterator[tuple[Harness, Harness]]:
    with running(tmp_path / "data", database_url=database_url, job_lease_s=1.0) as a:
        b = second_worker(a)
        try:
            yield a, b
        finally:
            b.client.__exit__(None, None, None)


def wait_job(h: Harness, job_id: str, timeout: float = 30.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = h.client.get(f"/v1/kb/jobs/{job_id}", headers=h.h("knowledge_manager")).json()
        if job["status"] not in ("queued", "running"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} still running after {timeout} s")


def test_migrations_reach_head_on_an_empty_database_and_rerun_as_no_ops(database_url: str) -> None:
    db = Database(database_url)
    try:
        db.migrate()
        db.migrate()
        tables = set(inspect(db.engine).get_table_names())
        assert {"api_keys", "drafts", "jobs", "audit_log", "rate_buckets", "bootstrap_marks"} <= tables
        with db.engine.connect() as conn:
            assert conn.scalar(text("SELECT version_num FROM alembic_version")) == "0002"
        assert "ux_jobs_exclusive_slot" in {ix["name"] for ix in inspect(db.engine).get_indexes("jobs")}
    finally:
        db.dispose()


def test_two_workers_reviewing_the_same_draft_store_one_review(workers: tuple[Harness, Harness]) -> None:
    a, b = workers
    drafts = [a.draft(f"Where is my order number {n}? It has not arrived.") for n in range(3)]
    assert {d["id"] for d in b.client.get("/v1/drafts", headers=b.h("agent")).json()["items"]} >= {d["id"] for d in drafts}
    for d in drafts:
        barrier = threading.Barrier(2)

        def review(h: Harness, text_: str, draft_id: str = d["id"]) -> int:
            barrier.wait()
            body = {"action": "edit", "text": text_}
            return h.client.post(f"/v1/drafts/{draft_id}/review", json=body, headers=h.h("agent")).status_code

        with ThreadPoolExecutor(2) as pool:
            codes = sorted(pool.map(review, (a, b), ("Reply from worker a.", "Reply from worker b.")))
        assert codes == [200, 409]
        got = b.client.get(f"/v1/drafts/{d['id']}", headers=b.h("agent")).json()
        assert got["status"] == "edited" and got["review"]["final_text"] in ("Reply from worker a.", "Reply from worker b.")


def test_one_reindex_at_a_time_across_workers_and_both_follow_the_new_version(
        workers: tuple[Harness, Harness], monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = workers
    release = threading.Event()
    real_sync = kb_sync.sync

    def slow_sync(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        release.wait(20)
        return real_sync(*args, **kwargs)

    monkeypatch.setattr(kb_sync, "sync", slow_sync)
    first = a.client.post("/v1/kb/reindex", headers=a.h("knowledge_manager"))
    assert first.status_code == 202
    second = b.client.post("/v1/kb/reindex", headers=b.h("knowledge_manager"))
    assert second.status_code == 409 and second.json()["error"]["details"]["job_id"] == first.json()["id"]
    assert b.client.get("/v1/kb/status", headers=b.h("knowledge_manager")).json()["reindex_running"] == first.json()["id"]
    assert b.client.post("/v1/kb/rollback", headers=b.h("knowledge_manager")).status_code == 409
    time.sleep(1.5)  # longer than the lease: the running worker's heartbeat keeps its claim
    assert b.client.post("/v1/kb/reindex", headers=b.h("knowledge_manager")).status_code == 409
    release.set()
    job = wait_job(b, first.json()["id"])
    assert job["status"] == "succeeded"
    live = job["result"]["version"]
    deadline = time.monotonic() + 5
    while b.client.get("/readyz").json()["index_version"] != live and time.monotonic() < deadline:
        time.sleep(0.1)  # b follows the LIVE pointer a published
    assert b.client.get("/readyz").json()["index_version"] == live
    assert b.client.post("/v1/kb/reindex", headers=b.h("knowledge_manager")).status_code == 202


def test_rate_limit_is_shared_by_the_workers(tmp_path: Path, database_url: str) -> None:
    with running(tmp_path / "data", database_url=database_url, rate_limit_per_minute=5) as a:
        b = second_worker(a)
        try:
            codes = [(a if n % 2 else b).client.get("/v1/drafts", headers=a.h("agent")).status_code for n in range(8)]
            assert codes[:5] == [200] * 5 and codes[5:] == [429] * 3
            assert b.client.get("/v1/drafts", headers=a.h("admin")).status_code == 200  # per key
        finally:
            b.client.__exit__(None, None, None)


def test_a_job_whose_worker_stopped_is_marked_failed_and_frees_the_reindex(workers: tuple[Harness, Harness]) -> None:
    a, b = workers
    db = Database(a.settings.database_url)
    try:
        with db.session() as s:
            s.add(JobRow(id="job_silent", kind="reindex", status="running", created_at=utcnow(), created_by="x",
                         started_at=utcnow(), params={}, progress={}, worker_id="elsewhere:1:abcdef",
                         # (its last heartbeat 2 s ahead: still fresh at the first request on a loaded machine, where
                         # inserting and posting alone can take longer than the 1 s lease)
                         heartbeat_at=utcnow() + timedelta(seconds=2), exclusive_slot="reindex"))
            s.commit()
        assert b.client.post("/v1/kb/reindex", headers=b.h("knowledge_manager")).status_code == 409
        time.sleep(4.0)  # then no heartbeat for longer than the 1 s lease: a janitor reaps it without any request
        failed = a.client.get("/v1/kb/jobs/job_silent", headers=a.h("knowledge_manager")).json()
        assert failed["status"] == "failed" and "no heartbeat" in failed["error"] and "elsewhere:1" in failed["error"]
        job = b.client.post("/v1/kb/reindex", headers=b.h("knowledge_manager"))
        assert job.status_code == 202
        assert wait_job(a, job.json()["id"])["status"] == "succeeded"
    finally:
        db.dispose()


_CLAIM_AND_HANG = """
import sys, time
from api.db import ApiKey, Database
from api.services.jobs import JobRunner
db = Database(sys.argv[1]); db.migrate()
runner = JobRunner(db, lease_s=600)
with db.session() as s:
    job = runner.start(s, ApiKey(id="key_proc", name="proc", role="admin"), "reindex", {}, lambda p: time.sleep(600))
print(job.id, flush=True)
time.sleep(600)
"""


def test_a_killed_worker_process_is_noticed_at_once_on_its_machine(database_url: str) -> None:
    proc = subprocess.Popen([sys.executable, "-c", _CLAIM_AND_HANG, database_url], cwd=REPO, stdout=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        job_id = proc.stdout.readline().strip()  # type: ignore[union-attr]
        assert job_id.startswith("job_"), "the worker process did not claim a job"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    db = Database(database_url)
    try:
        from api.services.jobs import JobRunner

        runner = JobRunner(db, lease_s=600)  # a long lease: only the exited process can explain the reaping
        assert runner.running("reindex") == job_id
        assert runner.reap_stale() == 1
        with db.session() as s:
            job = s.get(JobRow, job_id)
            assert job is not None and job.status == "failed" and "exited" in (job.error or "")
        assert runner.running("reindex") is None
    finally:
        db.dispose()


def test_the_first_admin_key_is_created_once_when_workers_start_together(database_url: str) -> None:
    Database(database_url).migrate()
    dbs = [Database(database_url) for _ in range(4)]
    barrier = threading.Barrier(len(dbs))

    def boot(db: Database) -> str:
        barrier.wait()
        return ensure_first_admin(db, None)

    try:
        with ThreadPoolExecutor(len(dbs)) as pool:
            messages = list(pool.map(boot, dbs))
        assert sum("store it now" in m for m in messages) == 1
        assert sum("already exists" in m for m in messages) == len(dbs) - 1
        with dbs[0].session() as s:
            assert s.scalar(select(func.count()).select_from(ApiKey).where(ApiKey.role == "admin")) == 1
    finally:
        for db in dbs:
            db.dispose()


def test_database_buckets_refill_keep_scopes_apart_and_idle_ones_are_pruned(database_url: str) -> None:
    from api.db import RateBucket
    from api.ratelimit import DatabaseBuckets, RateLimiter

    db = Database(database_url)
    try:
        db.migrate()
        store = DatabaseBuckets(db.engine)
        requests = RateLimiter(60, burst=2, store=store, scope="requests")
        failures = RateLimiter(60, burst=1, store=store, scope="failed-auth")
        assert requests.take("k") == 0 and requests.take("k") == 0
        wait = requests.take("k")
        assert 0 < wait <= 1.0  # one token a second: the third request waits at most a second
        assert failures.take("k") == 0  # another limiter's bucket for the same key is its own
        time.sleep(wait + 0.05)
        assert requests.take("k") == 0  # refilled by the time elapsed
        assert store.prune(time.time() - 3600) == 0  # nothing idle for an hour
        assert store.prune(time.time() + 1) == 2
        with db.session() as s:
            assert s.scalar(select(func.count()).select_from(RateBucket)) == 0
    finally:
        db.dispose()
