"""Agents: drafts, streaming, regeneration and review; the feedback summary for knowledge managers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from api.deps import DraftsDep, RouteKey, SessionDep
from api.errors import CODES
from api.schemas import (Backend, CheckRequest, CheckResult, DraftPage, DraftPublic, DraftStatus, FeedbackSummary,
                         RegenerateRequest, ReviewRequest, ToneScores)
from api.services import feedback
from api.services.drafts import to_public
from assistant.types import Ticket

router = APIRouter(prefix="/v1", tags=["drafts"])
BackendQuery = Annotated[Backend | None, Query(description="Drafting backend; default from settings.")]


@router.post("/drafts", response_model=DraftPublic, status_code=201)
def create_draft(ticket: Ticket, key: RouteKey, session: SessionDep, drafts: DraftsDep, backend: BackendQuery = None) -> DraftPublic:
    """Draft a reply for a ticket and store it (status ``pending`` until reviewed)."""
    return to_public(drafts.create(session, key, ticket, backend=backend))


@router.post("/drafts/stream", response_class=StreamingResponse,
             responses={200: {"content": {"text/event-stream": {}}, "description": "`event: delta` text pieces, "
                              "then `event: draft` with the stored DraftPublic (or `event: error`)."}})
def stream_draft(ticket: Ticket, key: RouteKey, drafts: DraftsDep, backend: BackendQuery = None) -> StreamingResponse:
    """The same as ``POST /v1/drafts`` as server-sent events."""
    return StreamingResponse(drafts.stream(key, ticket, backend=backend), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


@router.get("/drafts", response_model=DraftPage)
def list_drafts(_key: RouteKey, session: SessionDep, drafts: DraftsDep, status: DraftStatus | None = None,
                limit: Annotated[int, Query(ge=1, le=200)] = 50, cursor: str | None = None) -> DraftPage:
    """Newest first; pass ``next_cursor`` back as ``cursor`` for the next page."""
    rows, next_cursor = drafts.page(session, status=status, limit=limit, cursor=cursor)
    return DraftPage(items=[to_public(r) for r in rows], next_cursor=next_cursor)


@router.get("/drafts/{draft_id}", response_model=DraftPublic)
def get_draft(draft_id: str, _key: RouteKey, session: SessionDep, drafts: DraftsDep) -> DraftPublic:
    return to_public(drafts.get(session, draft_id))


@router.get("/drafts/{draft_id}/tone", response_model=ToneScores)
def draft_tone(draft_id: str, _key: RouteKey, session: SessionDep, drafts: DraftsDep) -> ToneScores:
    """Tone scores of the draft (or of the reviewed text) as a reply to the customer's message."""
    return drafts.tone(session, draft_id)


@router.post("/drafts/{draft_id}/check", response_model=CheckResult)
def check_draft(draft_id: str, req: CheckRequest, _key: RouteKey, session: SessionDep, drafts: DraftsDep) -> CheckResult:
    """Verify an edited reply against the draft's cited sources before approving it; nothing is stored."""
    return drafts.check(session, draft_id, req.text)


@router.post("/drafts/{draft_id}/regenerate", response_model=DraftPublic, status_code=201)
def regenerate_draft(draft_id: str, req: RegenerateRequest, key: RouteKey, session: SessionDep, drafts: DraftsDep) -> DraftPublic:
    """A new draft for the same ticket with an adjustment or guidance; ``parent_id`` names the original."""
    return to_public(drafts.regenerate(session, key, draft_id, req))


@router.post("/drafts/{draft_id}/review", response_model=DraftPublic, responses={409: {"description": CODES[409]}})
def review_draft(draft_id: str, req: ReviewRequest, key: RouteKey, session: SessionDep, drafts: DraftsDep) -> DraftPublic:
    """Approve, edit (with the final text) or reject (with a reason); a draft is reviewed once."""
    return to_public(drafts.review(session, key, draft_id, req))


@router.get("/feedback/summary", response_model=FeedbackSummary, tags=["feedback"])
def feedback_summary(_key: RouteKey, session: SessionDep) -> FeedbackSummary:
    """Acceptance and edit rates, and the documents and flags behind edited or rejected drafts."""
    return feedback.summary(session)
