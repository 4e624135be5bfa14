"""Background jobs (reindex, evaluation) in threads, with their progress and outcome stored in the database."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, cast

from sqlalchemy import CursorResult, update
from sqlalchemy.orm import Session

from api.db import ApiKey, Database, JobRow, new_id, utcnow
from api.errors import ApiError, not_found
from api.services import audit

log = logging.getLogger("caredraft.api")
Progress = Callable[[dict[str, Any]], None]
Work = Callable[[Progress], dict[str, Any]]
PROGRESS_EVERY_S = 0.25  # throttle progress writes; the final state is always written


class UserFacingError(Exception):
    """A job failure whose message is meant for the user as is (bad sources, bad suite, ...)."""


class JobRunner:
    def __init__(self, db: Database, *, exclusive: tuple[str, ...] = ("reindex",)) -> None:
        self.db = db
        self._locks = {kind: threading.Lock() for kind in exclusive}
        self._running: dict[str, str] = {}  # kind -> job id for exclusive kinds
        self._threads: list[threading.Thread] = []
        self.on_finish: list[Callable[[JobRow], None]] = []

    def running(self, kind: str) -> str | None:
        return self._running.get(kind)

    def start(self, session: Session, key: ApiKey, kind: str, params: dict[str, Any], work: Work, *,
              job_id: str | None = None, user_errors: tuple[type[BaseException], ...] = ()) -> JobRow:
        lock = self._locks.get(kind)
        if lock is not None and not lock.acquire(blocking=False):
            raise ApiError(409, f"a {kind} job is already running ({self._running.get(kind)}); wait for it to finish",
                           details={"job_id": self._running.get(kind)})
        try:
            job = JobRow(id=job_id or new_id("job"), kind=kind, status="running", created_at=utcnow(),
                         created_by=key.id, started_at=utcnow(), params=params, progress={})
            session.add(job)
            audit.record(session, key, f"{kind}.start", kind, job.id, **params)
            session.commit()
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        if lock is not None:
            self._running[kind] = job.id
        thread = threading.Thread(target=self._run, args=(job.id, kind, work, lock, user_errors), daemon=True,
                                  name=f"{kind}-{job.id}")
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()
        return job

    def _run(self, job_id: str, kind: str, work: Work, lock: threading.Lock | None,
             user_errors: tuple[type[BaseException], ...]) -> None:
        last = [0.0]

        def progress(state: dict[str, Any], *, force: bool = False) -> None:
            now = time.monotonic()
            if force or now - last[0] >= PROGRESS_EVERY_S:
                last[0] = now
                self._update(job_id, progress=dict(state))

        started = time.monotonic()
        try:
            result = work(progress)
            values: dict[str, Any] = {"status": "succeeded", "result": result}
        except user_errors + (UserFacingError,) as exc:
            values = {"status": "failed", "error": str(exc)}
        except Exception as exc:  # noqa: BLE001 - a job must always end in a stored state
            log.exception("%s job %s failed", kind, job_id)
            values = {"status": "failed", "error": f"internal error ({type(exc).__name__}); see the server log"}
        finally:
            if lock is not None:
                self._running.pop(kind, None)
        values["finished_at"] = utcnow()
        try:
            with self.db.session() as session:
                session.execute(update(JobRow).where(JobRow.id == job_id).values(**values))
                audit.record(session, None, f"{kind}.{values['status']}", kind, job_id, error=values.get("error"),
                             seconds=round(time.monotonic() - started, 3))
                session.commit()
                job = session.get(JobRow, job_id)
            if job is not None:
                for hook in self.on_finish:
                    hook(job)
        finally:
            if lock is not None:
                lock.release()

    def _update(self, job_id: str, **values: Any) -> None:
        with self.db.session() as session:
            session.execute(update(JobRow).where(JobRow.id == job_id).values(**values))
            session.commit()

    def get(self, session: Session, job_id: str, kind: str) -> JobRow:
        job = session.get(JobRow, job_id)
        if job is None or job.kind != kind:
            raise not_found("evaluation run" if kind == "evaluation" else "job", job_id)
        return job

    def fail_interrupted(self) -> int:
        """Jobs a previous process left running can never finish: record them as failed."""
        with self.db.session() as session:
            done = session.execute(update(JobRow).where(JobRow.status.in_(("queued", "running")))
                                   .values(status="failed", error="interrupted by restart", finished_at=utcnow()))
            session.commit()
            return cast(CursorResult[Any], done).rowcount or 0

    def wait(self, timeout: float = 60.0) -> None:
        """Let running jobs finish (on shutdown), up to ``timeout`` seconds in all."""
        deadline = time.monotonic() + timeout
        for thread in list(self._threads):
            thread.join(max(0.0, deadline - time.monotonic()))
