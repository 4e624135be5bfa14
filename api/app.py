"""``create_app(settings)``: the HTTP API. Start-up migrates the database, makes sure an index is live, marks
jobs a previous process left running as failed and creates the first admin key.

Every worker of ``caredraft serve --workers N`` runs this start-up; the once-only steps run under the database's
start-up lock, so the workers are equal and none of them needs to be the first.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from api import errors
from api.db import Database
from api.access_log import install_access_log_filter
from api.limits import BodyLimitMiddleware
from api.metrics import Metrics, MetricsMiddleware
from api.ratelimit import DatabaseBuckets, RateLimiter
from api.routes import account, admin, drafts, evaluations, kb, ops
from api.services.drafts import DraftService
from api.services.evaluations import EvaluationService
from api.services.jobs import JobRunner
from api.services.kb import KbService, seed_documents
from api.services.keys import ensure_first_admin
from assistant.container import Container
from assistant.settings import Settings

log = logging.getLogger("caredraft.api")
STATIC_DIR = Path(__file__).resolve().parent / "static"
MULTIPART_OVERHEAD = 1 << 20
PRUNE_AFTER_S = 3600.0


def _startup(app: FastAPI) -> None:
    state = app.state
    settings: Settings = state.settings
    # Requests run in a thread pool; torch's own intra-op threads on top of that oversubscribe small machines.
    # torch only where something here runs on it: the ONNX embedder's server never imports it (start-up, memory).
    embedder = state.container.embedder
    if getattr(embedder, "backend", None) == "torch" or settings.generator.backend == "transformers":
        import torch

        torch.set_num_threads(settings.api.torch_threads)
    if hasattr(embedder, "threads"):  # the ONNX Runtime embedder: the same reasoning
        embedder.threads = settings.api.torch_threads
    state.db.migrate()
    configured = settings.api.admin_key.get_secret_value() if settings.api.admin_key else None
    with state.db.startup_lock():  # one worker at a time: seed, build the first index, first admin key
        seed_documents(settings)
        state.container.ensure_index()
        message = ensure_first_admin(state.db, configured)
    _ = state.container.live_index.version  # load the live version before the first request
    failed = state.jobs.fail_interrupted()
    if failed:
        log.warning("%d job(s) left running by a stopped worker marked failed", failed)
    state.jobs.start_janitor()
    state.startup_message = message
    print(message, flush=True)  # noqa: T201 - the operator needs the first key on the console
    # Embedding the knowledge base's sentences for the composer and verifier takes seconds; do it off the
    # request path so the first drafts are as fast as the rest, while the server already answers.
    threading.Thread(target=_warm_up, args=(state.container,), name="warm-up", daemon=True).start()


def _warm_up(container: Container) -> None:
    try:
        count = container.warm_up()
        log.info("warmed %d knowledge-base chunks for drafting", count)
    except Exception:  # warming is an optimisation; a failure must not take the server down
        log.exception("warm-up failed; drafts will embed passages on first use")


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    await run_in_threadpool(_startup, app)
    try:
        yield
    finally:
        await run_in_threadpool(app.state.jobs.wait, 60.0)
        app.state.jobs.stop()
        app.state.db.dispose()


def app_from_environment() -> FastAPI:
    """The app configured from the environment: the factory each ``caredraft serve --workers N`` worker imports."""
    return create_app(Settings())


def create_app(settings: Settings, container: Container | None = None) -> FastAPI:
    container = container or Container(settings)
    app = FastAPI(title="caredraft", version="1", lifespan=_lifespan,
                  description="Reply drafts for customer-care agents: drafts with review, knowledge base, evaluations.")
    state = app.state
    state.settings = settings
    state.container = container
    state.db = Database(settings.database_url)
    state.metrics = Metrics()
    # buckets and jobs live in the database, so every worker and replica on it shares them
    # one store for every limiter (each with its own scope, e.g. RateLimiter(..., store=state.rate_buckets,
    # scope="failed-auth")), so that all of them are shared by the workers
    buckets = state.rate_buckets = DatabaseBuckets(state.db.engine)
    state.limiter = RateLimiter(settings.api.rate_limit_per_minute, store=buckets)
    state.auth_limiter = RateLimiter(settings.api.auth_failures_per_minute, store=buckets)  # failures per client address
    state.jobs = JobRunner(state.db, lease_s=settings.api.job_lease_s)
    # a bucket idle for an hour (or two refills, if longer) is full again: its row can go, whichever limiter made it
    state.jobs.on_tick.append(lambda: buckets.prune(time.time() - max(PRUNE_AFTER_S, 2 * state.limiter.refill_s)))
    state.drafts = DraftService(container, state.db, state.metrics)
    state.kb = KbService(settings, container, state.jobs)
    state.evaluations = EvaluationService(settings, container, state.jobs)
    state.jobs.on_finish.append(lambda job: _observe_reindex(state.metrics, job))

    errors.install(app)
    for router in (account.router, drafts.router, kb.router, evaluations.router, admin.router, ops.router):
        app.include_router(router)
    errors.document_errors(app)
    install_access_log_filter()
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/", include_in_schema=False)
    @app.get("/review", include_in_schema=False)
    def review_page() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html")

    upload_limit = settings.api.max_upload_mb * (1 << 20) * 10 + MULTIPART_OVERHEAD  # several files per request
    app.add_middleware(BodyLimitMiddleware, upload_limit=upload_limit)
    app.add_middleware(MetricsMiddleware, metrics=state.metrics)
    return app


def _observe_reindex(metrics: Metrics, job) -> None:  # noqa: ANN001
    if job.kind == "reindex" and job.started_at and job.finished_at:
        metrics.reindex.labels(status=job.status).observe((job.finished_at - job.started_at).total_seconds())
