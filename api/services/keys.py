"""API key management: create (the secret is returned once), list, revoke, authenticate, first admin."""

from __future__ import annotations

import logging

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.db import ApiKey, BootstrapMark, Database, new_id, utcnow
from api.errors import ApiError, not_found
from api.security import ROLES, generate_key, hash_key, same_hash
from api.services import audit

log = logging.getLogger("caredraft.api")


def create_key(session: Session, *, name: str, role: str, actor: ApiKey | None = None, secret: str | None = None
               ) -> tuple[ApiKey, str]:
    """Store a new key (hashed) and commit; returns the row and the plaintext key, which is never stored."""
    if role not in ROLES:
        raise ApiError(422, f"role: must be one of {', '.join(ROLES)}", details=[{"field": "role", "reason": "unknown role"}])
    secret = secret or generate_key()
    row = ApiKey(id=new_id("key"), name=name, role=role, key_hash=hash_key(secret), prefix=secret[:8],
                 created_at=utcnow(), created_by=actor.id if actor else None)
    session.add(row)
    audit.record(session, actor, "key.create", "api_key", row.id, name=name, role=role)
    session.commit()
    return row, secret


def list_keys(session: Session) -> list[ApiKey]:
    return list(session.scalars(select(ApiKey).order_by(ApiKey.created_at)))


def revoke_key(session: Session, key_id: str, *, actor: ApiKey | None = None) -> ApiKey:
    row = session.get(ApiKey, key_id)
    if row is None:
        raise not_found("key", key_id)
    if row.revoked_at is None:
        if row.role == "admin" and _active_admins(session) <= 1:
            raise ApiError(409, f"key {key_id} is the last active admin key; create another admin key before revoking it")
        row.revoked_at = utcnow()
        audit.record(session, actor, "key.revoke", "api_key", row.id, name=row.name)
        session.commit()
    return row


def _active_admins(session: Session) -> int:
    query = select(func.count()).select_from(ApiKey).where(ApiKey.role == "admin", ApiKey.revoked_at.is_(None))
    return int(session.scalar(query) or 0)


def authenticate(session: Session, secret: str) -> ApiKey | None:
    """The active key whose hash matches ``secret``, else None."""
    digest = hash_key(secret)
    row = session.scalars(select(ApiKey).where(ApiKey.key_hash == digest)).first()
    if row is None or not same_hash(row.key_hash, digest) or row.revoked_at is not None:
        return None
    return row


def ensure_first_admin(db: Database, configured: str | None) -> str:
    """Create the first admin key when no active admin key exists; returns a line for the operator (with the key if generated).

    Race-free across workers and replicas: the key is stored in the same transaction as a ``bootstrap_marks`` row
    named after the number of admin keys ever made, so of several workers starting together exactly one commits.
    """
    with db.session() as session:
        if configured:
            known = session.scalars(select(ApiKey).where(ApiKey.key_hash == hash_key(configured))).first()
            if known is None:
                try:
                    create_key(session, name="admin (from settings)", role="admin", secret=configured)
                except IntegrityError:  # another worker stored it first (the hash is unique)
                    session.rollback()
            elif known.revoked_at is not None:  # say so: the operator would otherwise believe it still works
                log.warning("the admin key from settings was revoked on %s", known.revoked_at)
                return ("The admin key from settings (CAREDRAFT_API__ADMIN_KEY) was revoked and does not work; "
                        "use another admin key or configure a new one.")
            return "Using the admin key from settings (CAREDRAFT_API__ADMIN_KEY)."
        exists = "An admin API key already exists; create more keys with `caredraft keys create --role agent --name NAME`."
        # one statement, so both counts come from the same snapshot (READ COMMITTED could mix two commits)
        counts = select(func.count(), func.count().filter(ApiKey.revoked_at.is_(None))).where(ApiKey.role == "admin")
        ever, active = session.execute(counts).one()
        if active:
            return exists
        session.add(BootstrapMark(name=f"first-admin-{ever}", at=utcnow()))
        try:
            _row, secret = create_key(session, name="first admin", role="admin")  # commits the mark with the key
        except IntegrityError:  # another worker claimed the mark first: its key is the first admin
            session.rollback()
            return exists
        return f"First admin API key (shown once, store it now): {secret}"
