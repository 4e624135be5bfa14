"""FastAPI dependencies: database session, the calling key (auth + rate limit) and role checks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from api.db import ApiKey
from api.errors import ApiError
from api.ratelimit import retry_after_header
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
        raise ApiError(401, "missing API key: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'",
                       headers={"WWW-Authenticate": "Bearer"})
    key = authenticate(session, secret)
    if key is None:
        raise ApiError(401, "unknown or revoked API key", headers={"WWW-Authenticate": "Bearer"})
    wait = request.app.state.limiter.take(key.id)
    if wait > 0:
        raise ApiError(429, f"rate limit exceeded for key {key.id}; retry in {retry_after_header(wait)} s",
                       headers={"Retry-After": retry_after_header(wait)})
    session.expunge(key)  # a plain value from here on: services commit and close their own work
    session.rollback()  # end the read transaction: no connection held "idle in transaction" while a draft is written
    return key


CurrentKey = Annotated[ApiKey, Depends(current_key)]


def require(*roles: str) -> Callable[[ApiKey], ApiKey]:
    """Dependency allowing ``roles`` (admin always allowed); 403 otherwise."""
    allowed = set(roles) | {"admin"}

    def _check(key: CurrentKey) -> ApiKey:
        if key.role not in allowed:
            raise ApiError(403, f"role {key.role!r} may not call this route (allowed: {', '.join(sorted(allowed))})")
        return key

    return _check


AgentKey = Annotated[ApiKey, Depends(require("agent"))]
ReaderKey = Annotated[ApiKey, Depends(require("agent", "knowledge_manager", "qa"))]
KnowledgeKey = Annotated[ApiKey, Depends(require("knowledge_manager"))]
InsightKey = Annotated[ApiKey, Depends(require("knowledge_manager", "qa"))]
QaKey = Annotated[ApiKey, Depends(require("qa"))]
AdminKey = Annotated[ApiKey, Depends(require())]


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
