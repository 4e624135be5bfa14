"""Background jobs (reindex, evaluation), claimed and tracked through the database so that several workers agree.

The worker that accepts a request claims the job by inserting its row with its ``worker_id`` and runs it in a
thread. An exclusive kind (a reindex) also takes the row's ``exclusive_slot``, which a unique index allows once:
a second reindex anywhere, in any worker, fails to insert and gets a 409. While a job runs, its worker refreshes
``heartbeat_at``; every worker's janitor marks a job whose heartbeat is older than the lease as failed (its
worker died), which also frees the slot.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.db import ApiKey, Database, JobRow, new_id, utcnow
from api.errors import ApiError, not_found
from api.services import audit

log = logging.getLogger("caredraft.api")
Progress = Callable[[dict[str, Any]], None]
Work = Callable[[Progress], dict[str, Any]]
PROGRESS_EVERY_S = 0.25  # throttle progress writes; the final state is always written
ACTIVE = ("queued", "running")
INTERRUPTED = "interrupted by restart"


class UserFacingError(Exception):
    """A job failure whose message is meant for the user as is (bad sources, bad suite, ...)."""


def make_worker_id() -> str:
    """``host:pid:random``: unique per runner, and says which process on which machine runs a job."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def _dead_on_this_host(worker_id: str | None) -> bool:
    """True when ``worker_id`` names a process of this machine that no longer exists."""
    host, _, rest = (worker_id or "").partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname()[:40] or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # exists, owned by someone else
        return False
    return False


class JobRunner:
    def __init__(self, db: Database, *, exclusive: tuple[str, ...] = ("reindex",), lease_s: float = 30.0,
                 worker_id: str | None = None) -> None:
        self.db = db
        self.exclusive = exclusive
        self.lease_s = lease_s
        self.worker_id = worker_id or make_worker_id()
        self._threads: list[threading.Thread] = []
        self._mine: set[str] = set()  # ids of the jobs this runner is running
        self._mine_lock = threading.Lock()
        self._stop = threading.Event()
        self._janitor: threading.Thread | None = None
        self.on_finish: list[Callable[[JobRow], None]] = []
        self.on_tick: list[Callable[[], None]] = []  # extra housekeeping run by the janitor (rate-bucket pruning)

    # -- queries -------------------------------------------------------------------------------------------
    def running(self, kind: str) -> str | None:
        """The id of the active job of exclusive ``kind`` in any worker, else None."""
        with self.db.session() as session:
            return session.scalar(select(JobRow.id).where(JobRow.exclusive_slot == kind))

    def get(self, session: Session, job_id: str, kind: str) -> JobRow:
        job = session.get(JobRow, job_id)
        if job is None or job.kind != kind:
            raise not_found("evaluation run" if kind == "evaluation" else "job", job_id)
        return job

    # -- claiming and running ------------------------------------------------------------------------------
    def start(self, session: Session, key: ApiKey, kind: str, params: dict[str, Any], work: Work, *,
              job_id: str | None = None, user_errors: tuple[type[BaseException], ...] = ()) -> JobRow:
        exclusive = kind in self.exclusive
        if exclusive:
            self.reap_stale()  # a dead worker's reindex must not block this one until the janitor's next round
        now = utcnow()
        job = JobRow(id=job_id or new_id("job"), kind=kind, status="running", created_at=now, created_by=key.id,
                     started_at=now, params=params, progress={}, worker_id=self.worker_id, heartbeat_at=now,
                     exclusive_slot=kind if exclusive else None)
        session.add(job)
        audit.record(session, key, f"{kind}.start", kind, job.id, **params)
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            holder = self.running(kind)
            raise ApiError(409, f"a {kind} job is already running ({holder}); wait for it to finish",
                           details={"job_id": holder}) from None
        with self._mine_lock:
            self._mine.add(job.id)
        thread = threading.Thread(target=self._run, args=(job.id, kind, work, user_errors), daemon=True,
                                  name=f"{kind}-{job.id}")
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()
        return job

    def _run(self, job_id: str, kind: str, work: Work, user_errors: tuple[type[BaseException], ...]) -> None:
        last = [0.0]

        def progress(state: dict[str, Any], *, force: bool = False) -> None:
            now = time.monotonic()
            if force or now - last[0] >= PROGRESS_EVERY_S:
                last[0] = now
                self._update(job_id, progress=dict(state), heartbeat_at=utcnow())

        started = time.monotonic()
        try:
            result = work(progress)
            values: dict[str, Any] = {"status": "succeeded", "result": result}
        except user_errors + (UserFacingError,) as exc:
            values = {"status": "failed", "error": str(exc)}
        except Exception as exc:  # noqa: BLE001 - a job must always end in a stored state
            log.exception("%s job %s failed", kind, job_id)
            values = {"status": "failed", "error": f"internal error ({type(exc).__name__}); see the server log"}
        values.update(finished_at=utcnow(), exclusive_slot=None)
        try:
            with self.db.session() as session:
                # by id and worker: the true outcome wins even if a janitor wrongly thought this worker dead
                session.execute(update(JobRow).where(JobRow.id == job_id, JobRow.worker_id == self.worker_id)
                                .values(**values))
                audit.record(session, None, f"{kind}.{values['status']}", kind, job_id, error=values.get("error"),
                             seconds=round(time.monotonic() - started, 3))
                session.commit()
                job = session.get(JobRow, job_id)
            if job is not None:
                for hook in self.on_finish:
                    hook(job)
        finally:
            with self._mine_lock:
                self._mine.discard(job_id)

    def _update(self, job_id: str, **values: Any) -> None:
        with self.db.session() as session:
            session.execute(update(JobRow).where(JobRow.id == job_id).values(**values))
            session.commit()

    # -- leases --------------------------------------------------------------------------------------------
    def heartbeat(self) -> None:
        """Say that this worker's jobs are alive."""
        with self._mine_lock:
            mine = list(self._mine)
        if mine:
            with self.db.session() as session:
                session.execute(update(JobRow).where(JobRow.id.in_(mine), JobRow.status == "running")
                                .values(heartbeat_at=utcnow()))
                session.commit()

    def reap_stale(self) -> int:
        """Mark failed the active jobs whose worker is gone: no heartbeat within the lease, a process of this
        machine that has exited, or a row without a worker (written by a version that had none)."""
        now = utcnow()
        expired = now - timedelta(seconds=self.lease_s)
        with self.db.session() as session:
            rows = session.execute(select(JobRow.id, JobRow.worker_id, JobRow.heartbeat_at)
                                   .where(JobRow.status.in_(ACTIVE),
                                          or_(JobRow.worker_id != self.worker_id, JobRow.worker_id.is_(None)))).all()
            reaped = 0
            for job_id, worker, beat in rows:
                if worker is None:
                    error = INTERRUPTED
                elif _dead_on_this_host(worker):
                    error = f"interrupted: its worker ({worker}) exited"
                elif beat is None or beat < expired:
                    error = f"interrupted: its worker ({worker}) stopped answering (no heartbeat for {self.lease_s:g} s)"
                else:
                    continue
                # conditional on the state read: a heartbeat or a finish that lands meanwhile wins
                same_beat = JobRow.heartbeat_at.is_(None) if beat is None else JobRow.heartbeat_at == beat
                done = session.execute(
                    update(JobRow).where(JobRow.id == job_id, JobRow.status.in_(ACTIVE), same_beat)
                    .values(status="failed", error=error, finished_at=now, exclusive_slot=None))
                if cast(CursorResult[Any], done).rowcount:
                    reaped += 1
                    log.warning("job %s marked failed: %s", job_id, error)
            session.commit()
        return reaped

    def fail_interrupted(self) -> int:
        """At start-up: jobs whose worker is gone can never finish; record them as failed."""
        return self.reap_stale()

    def start_janitor(self) -> None:
        """Heartbeat this worker's jobs and reap dead workers' jobs every third of the lease, until ``stop``."""
        if self._janitor is not None:
            return
        self._janitor = threading.Thread(target=self._janitor_loop, name="jobs-janitor", daemon=True)
        self._janitor.start()

    def _janitor_loop(self) -> None:
        interval = max(0.1, self.lease_s / 3)
        while not self._stop.wait(interval):
            try:
                self.heartbeat()
                self.reap_stale()
                for hook in self.on_tick:
                    hook()
            except Exception:  # noqa: BLE001 - a database hiccup must not end housekeeping for good
                log.exception("job housekeeping failed; retrying in %.1f s", interval)

    def stop(self) -> None:
        self._stop.set()
        if self._janitor is not None:
            self._janitor.join(5)

    def wait(self, timeout: float = 60.0) -> None:
        """Let running jobs finish (on shutdown), up to ``timeout`` seconds in all."""
        deadline = time.monotonic() + timeout
        for thread in list(self._threads):
            thread.join(max(0.0, deadline - time.monotonic()))
