"""Drafts: create (plain or streamed), read, list, regenerate and review; every change is audited."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any, cast

from rapidfuzz.distance import Levenshtein
from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from api.db import ApiKey, Database, DraftRow, new_id, utcnow
from api.errors import ApiError, not_found
from api.metrics import Metrics
from api.schemas import CheckResult, DraftPublic, RegenerateRequest, ReviewPublic, ReviewRequest, ToneScores
from api.services import audit
from api.services.review_check import check_edit, tone_of
from assistant.privacy import mask_ticket
from assistant.settings import BACKENDS
from assistant.types import Draft, Ticket

log = logging.getLogger("caredraft.api")
REVIEW_STATUS = {"approve": "approved", "edit": "edited", "reject": "rejected"}


class DraftService:
    def __init__(self, container: Any, db: Database, metrics: Metrics) -> None:
        self.container = container
        self.db = db
        self.metrics = metrics

    # -- create ----------------------------------------------------------------------------------------
    def create(self, session: Session, key: ApiKey, ticket: Ticket, *, backend: str | None = None,
               parent: DraftRow | None = None, adjustment: str | None = None, guidance: str | None = None) -> DraftRow:
        # the drafter masks personal data before any stage sees it (and flags it); the stored ticket is masked too
        draft = self.container.drafter.draft(ticket, backend=backend, adjustment=adjustment, guidance=guidance)
        return self._store(session, key, ticket, draft, parent=parent, adjustment=adjustment, guidance=guidance)

    def stream(self, key: ApiKey, ticket: Ticket, *, backend: str | None = None) -> Iterator[str]:
        """Server-sent events: ``delta`` text pieces, then ``draft`` (the stored draft) or ``error``."""
        try:
            for item in self.container.drafter.stream(ticket, backend=backend):
                if isinstance(item, Draft):
                    with self.db.session() as session:
                        row = self._store(session, key, ticket, item)
                    yield _sse("draft", to_public(row).model_dump_json())
                else:
                    yield _sse("delta", json.dumps({"text": item}))
        except Exception:  # noqa: BLE001 - the response has started: report in-band, log the cause
            log.exception("draft stream failed")
            yield _sse("error", json.dumps({"error": {"code": "internal_error", "message": "drafting failed; the event was logged",
                                                      "details": None}}))

    def _store(self, session: Session, key: ApiKey, ticket: Ticket, draft: Draft, *, parent: DraftRow | None = None,
               adjustment: str | None = None, guidance: str | None = None) -> DraftRow:
        row = DraftRow(id=new_id("drf"), created_at=utcnow(), created_by=key.id, status="pending",
                       parent_id=parent.id if parent else None, adjustment=adjustment, guidance=guidance,
                       backend=draft.backend, confidence=draft.confidence, ticket=mask_ticket(ticket)[0].model_dump(mode="json"),
                       draft=draft.model_dump(mode="json"))
        session.add(row)
        audit.record(session, key, "draft.regenerate" if parent else "draft.create", "draft", row.id,
                     backend=draft.backend, parent_id=row.parent_id, confidence=draft.confidence)
        session.commit()
        self.metrics.record_draft(draft.backend, [f.type for f in draft.flags])
        return row

    # -- read ------------------------------------------------------------------------------------------
    def get(self, session: Session, draft_id: str) -> DraftRow:
        row = session.scalars(select(DraftRow).where(DraftRow.id == draft_id)).first()
        if row is None:
            raise not_found("draft", draft_id)
        return row

    def page(self, session: Session, *, status: str | None, limit: int, cursor: str | None) -> tuple[list[DraftRow], str | None]:
        query = select(DraftRow).order_by(DraftRow.seq.desc()).limit(limit + 1)
        if status:
            query = query.where(DraftRow.status == status)
        if cursor:
            if not (cursor.isascii() and cursor.isdigit() and len(cursor) <= 18):  # "²" is a digit to str.isdigit
                raise ApiError(422, "cursor: not a cursor returned by this API",
                               details=[{"field": "query.cursor", "reason": "invalid cursor"}])
            query = query.where(DraftRow.seq < int(cursor))
        rows = list(session.scalars(query))
        more = len(rows) > limit
        rows = rows[:limit]
        return rows, (str(rows[-1].seq) if more and rows else None)

    def tone(self, session: Session, draft_id: str) -> ToneScores:
        return tone_of(self.get(session, draft_id))

    def check(self, session: Session, draft_id: str, text: str) -> CheckResult:
        return check_edit(self.container.verifier, self.get(session, draft_id), text)

    # -- regenerate & review ---------------------------------------------------------------------------
    def regenerate(self, session: Session, key: ApiKey, draft_id: str, req: RegenerateRequest) -> DraftRow:
        parent = self.get(session, draft_id)
        ticket = Ticket.model_validate(parent.ticket)
        backend = req.backend or (parent.backend if parent.backend in BACKENDS else None)
        return self.create(session, key, ticket, backend=backend, parent=parent, adjustment=req.adjustment,
                           guidance=req.guidance)

    def review(self, session: Session, key: ApiKey, draft_id: str, req: ReviewRequest) -> DraftRow:
        row = self.get(session, draft_id)
        if req.action == "edit" and not req.text:
            raise ApiError(422, "text: required when action is 'edit'", details=[{"field": "body.text", "reason": "required"}])
        if req.action == "reject" and not req.reason:
            raise ApiError(422, "reason: required when action is 'reject'",
                           details=[{"field": "body.reason", "reason": "required"}])
        original = row.draft["text"]
        final = {"approve": original, "edit": req.text, "reject": None}[req.action]
        distance, ratio = edit_distance(original, final) if final is not None else (0, 0.0)
        diff = claims_diff(original, final) if final is not None else {"added": [], "removed": []}
        values = dict(status=REVIEW_STATUS[req.action], review_action=req.action, final_text=final,
                      reject_reason=req.reason, reviewed_by=key.id, reviewed_at=utcnow(), edit_distance=distance,
                      edit_ratio=ratio, facts_changed=bool(diff["added"] or diff["removed"]), claims_diff=diff)
        # conditional update: two concurrent reviews cannot both win
        done = session.execute(update(DraftRow).where(DraftRow.id == draft_id, DraftRow.status == "pending").values(**values))
        if cast(CursorResult[Any], done).rowcount != 1:
            session.rollback()
            raise ApiError(409, f"draft {draft_id} has already been reviewed")
        audit.record(session, key, f"draft.review.{req.action}", "draft", draft_id, edit_distance=distance,
                     facts_changed=values["facts_changed"], reason=req.reason)
        session.commit()
        self.metrics.reviews.labels(action=req.action).inc()
        session.refresh(row)
        return row


def edit_distance(before: str, after: str) -> tuple[int, float]:
    """Word-level Levenshtein distance and its ratio to the draft's length in words."""
    a, b = before.split(), after.split()
    distance = Levenshtein.distance(a, b)
    return distance, round(distance / max(1, len(a)), 4)


def claims_diff(before: str, after: str) -> dict[str, list[str]]:
    """Factual claims (numbers, amounts, dates, URLs, ...) present in one text and not the other."""
    from assistant.grounding.claims import extract_claims

    old = {c.normalized for c in extract_claims(before)}
    new = {c.normalized for c in extract_claims(after)}
    return {"added": sorted(new - old), "removed": sorted(old - new)}


def to_public(row: DraftRow) -> DraftPublic:
    review = None
    if row.review_action:
        diff = row.claims_diff or {}
        # validated, not cast: the row's plain strings must still be one of the schema's literals
        review = ReviewPublic.model_validate(dict(
            action=row.review_action, final_text=row.final_text, reason=row.reject_reason, reviewer=row.reviewed_by or "",
            reviewed_at=row.reviewed_at, edit_distance=row.edit_distance or 0, edit_ratio=row.edit_ratio or 0.0,
            facts_changed=bool(row.facts_changed), claims_added=diff.get("added", []), claims_removed=diff.get("removed", [])))
    return DraftPublic.model_validate(dict(
        id=row.id, status=row.status, created_at=row.created_at, created_by=row.created_by, parent_id=row.parent_id,
        adjustment=row.adjustment, guidance=row.guidance, ticket=Ticket.model_validate(row.ticket),
        draft=Draft.model_validate(row.draft), review=review))


def _sse(event: str, data: str) -> str:
    return f"event: {event}\ndata: {data}\n\n"
