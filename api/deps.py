"""FastAPI dependencies: database session, the calling key (auth + rate limit) and role checks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from api.db import ApiKey
from api.errors import ApiError
from api.ratelimit import retry_after_header
from api.roles import allowed_roles
from api.services.drafts import DraftService
from api.services.evaluations import EvaluationService
from api.services.kb import KbService
from api.services.keys import authenticate


def get_db(request: Request) -> Iterator[Session]:
    with request.app.state.db.session() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_db)]


def _presented_key(request: Request) -> str | None:
    auth = request.headers.get("authorization")
    if auth:
        scheme, _, value = auth.partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            return value.strip()
    return request.headers.get("x-api-key") or None


def current_key(request: Request, session: SessionDep) -> ApiKey:
    """The active key calling; 401 when missing, unknown or revoked; 429 when over its rate limit."""
    secret = _presented_key(request)
    if not secret:
        _count_failure(request)
        raise ApiError(401, "missing API key: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'",
                       headers={"WWW-Authenticate": "Bearer"})
    key = authenticate(session, secret)
    if key is None:
        _count_failure(request)
        raise ApiError(401, "unknown or revoked API key", headers={"WWW-Authenticate": "Bearer"})
    wait = request.app.state.limiter.take(key.id)
    if wait > 0:
        raise ApiError(429, f"rate limit exceeded for key {key.id}; retry in {retry_after_header(wait)} s",
                       headers={"Retry-After": retry_after_header(wait)})
    session.expunge(key)  # a plain value from here on: services commit and close their own work
    session.rollback()  # end the read transaction: no connection held "idle in transaction" while a draft is written
    return key


def _count_failure(request: Request) -> None:
    """Failed authentication is rate-limited per client address: past the limit the answer is 429, not 401."""
    limiter = getattr(request.app.state, "auth_limiter", None)
    if limiter is None:
        return
    address = request.client.host if request.client else "unknown"
    wait = limiter.take(f"auth-failure:{address}")
    if wait > 0:
        raise ApiError(429, f"too many failed authentications from {address}; retry in {retry_after_header(wait)} s",
                       headers={"Retry-After": retry_after_header(wait)})


CurrentKey = Annotated[ApiKey, Depends(current_key)]


def route_key(request: Request, key: CurrentKey) -> ApiKey:
    """The calling key, when ``api.roles.ROUTE_ROLES`` lets its role call this route; 403 otherwise."""
    route = request.scope.get("route")
    template = getattr(route, "path", request.url.path)
    allowed = allowed_roles(request.method, template)
    if key.role not in allowed:
        raise ApiError(403, f"role {key.role!r} may not call {request.method} {template} "
                            f"(allowed: {', '.join(sorted(allowed))})")
    return key


# Every route takes this one dependency; what each role may call is in api/roles.py.
RouteKey = Annotated[ApiKey, Depends(route_key)]


# --- services (built once in create_app, kept on app.state) -------------------------------------------
def _drafts(request: Request) -> DraftService:
    return request.app.state.drafts


def _kb(request: Request) -> KbService:
    return request.app.state.kb


def _evaluations(request: Request) -> EvaluationService:
    return request.app.state.evaluations

DraftsDep = Annotated[DraftService, Depends(_drafts)]
KbDep = Annotated[KbService, Depends(_kb)]
EvaluationsDep = Annotated[EvaluationService, Depends(_evaluations)]
