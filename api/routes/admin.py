"""Admins: API keys and the audit log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import RouteKey, SessionDep
from api.schemas import AuditEntry, AuditPage, KeyCreate, KeyCreated, KeyPublic
from api.services import audit, keys

router = APIRouter(prefix="/v1", tags=["admin"])


@router.post("/keys", response_model=KeyCreated, status_code=201)
def create_key(req: KeyCreate, key: RouteKey, session: SessionDep) -> KeyCreated:
    """Create a key; the secret is in this response only."""
    row, secret = keys.create_key(session, name=req.name, role=req.role, actor=key)
    return KeyCreated(**KeyPublic.model_validate(row).model_dump(), key=secret)


@router.get("/keys", response_model=list[KeyPublic])
def list_keys(_key: RouteKey, session: SessionDep) -> list[KeyPublic]:
    return [KeyPublic.model_validate(r) for r in keys.list_keys(session)]


@router.delete("/keys/{key_id}", response_model=KeyPublic)
def revoke_key(key_id: str, key: RouteKey, session: SessionDep) -> KeyPublic:
    """Revoke a key: it is refused from the next request on."""
    return KeyPublic.model_validate(keys.revoke_key(session, key_id, actor=key))


@router.get("/audit", response_model=AuditPage)
def audit_log(_key: RouteKey, session: SessionDep, limit: Annotated[int, Query(ge=1, le=500)] = 100,
              cursor: Annotated[int | None, Query(ge=1, le=2**63 - 1)] = None, action: str | None = None) -> AuditPage:
    """Every state change, newest first."""
    rows = audit.entries(session, limit=limit + 1, before=cursor, action=action)
    more = len(rows) > limit
    rows = rows[:limit]
    return AuditPage(items=[AuditEntry.model_validate(r) for r in rows], next_cursor=str(rows[-1].id) if more and rows else None)
