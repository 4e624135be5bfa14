"""Operations: liveness, readiness and Prometheus metrics (no key needed)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from api.schemas import Health, Ready

router = APIRouter(tags=["operations"])


@router.get("/healthz", response_model=Health)
def healthz() -> Health:
    return Health(status="ok")


@router.get("/readyz", response_model=Ready, responses={503: {"model": Ready}})
def readyz(request: Request) -> JSONResponse:
    """Ready when the index is loaded and the database answers."""
    state = request.app.state
    version = None
    reason = None
    try:
        version = state.container.live_index.version
    except Exception as exc:  # noqa: BLE001 - readiness reports why, it does not fail
        reason = f"index: {exc}"
    database = state.db.ping()
    if not database:
        reason = "database unreachable"
    elif version is None:
        reason = reason or "no index version loaded"
    ready = Ready(ready=version is not None and database, index_version=version, database=database, reason=reason)
    return JSONResponse(ready.model_dump(), status_code=200 if ready.ready else 503)


@router.get("/metrics", response_class=Response, responses={200: {"content": {CONTENT_TYPE_LATEST: {}}}})
def metrics(request: Request) -> Response:
    return Response(generate_latest(request.app.state.metrics.registry), media_type=CONTENT_TYPE_LATEST)
