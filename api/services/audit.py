"""The audit log: one row per state change, written in the same transaction as the change."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.db import ApiKey, AuditRow


def record(session: Session, actor: ApiKey | None, action: str, target_type: str, target_id: str | None,
           **details: Any) -> None:
    session.add(AuditRow(actor_key_id=actor.id if actor else None, actor_name=actor.name if actor else "system",
                         action=action, target_type=target_type, target_id=target_id, details=details))


def entries(session: Session, *, limit: int, before: int | None = None, action: str | None = None) -> list[AuditRow]:
    query = select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)
    if before is not None:
        query = query.where(AuditRow.id < before)
    if action:
        query = query.where(AuditRow.action == action)
    return list(session.scalars(query))
