"""Knowledge gaps: the documents behind drafts that agents edited or rejected, most often first."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.db import DraftRow
from api.schemas import KnowledgeGap

MAX_REASONS = 3
MAX_DRAFTS = 5


@dataclass
class _Tally:
    edited: int = 0
    rejected: int = 0
    facts_changed: int = 0
    last_at: datetime | None = None
    reasons: list[str] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)


def knowledge_gaps(session: Session, titles: Mapping[str, str], *, limit: int = 50) -> list[KnowledgeGap]:
    """One entry per document cited by, or given as an internal note to, an edited or rejected draft.

    ``titles`` maps the live index's document ids to their titles. Rows are read newest first, so the
    reasons and draft ids kept are the most recent ones.
    """
    rows = session.execute(
        select(DraftRow.id, DraftRow.status, DraftRow.draft, DraftRow.facts_changed, DraftRow.reject_reason,
               DraftRow.reviewed_at, DraftRow.created_at)
        .where(DraftRow.status.in_(("edited", "rejected"))).order_by(DraftRow.seq.desc()))
    tallies: dict[str, _Tally] = {}
    for draft_id, status, draft, facts_changed, reason, reviewed_at, created_at in rows:
        docs = {c["doc_id"] for c in draft.get("citations", [])} | {n["doc_id"] for n in draft.get("agent_notes", [])}
        when = reviewed_at or created_at
        for doc_id in docs:
            t = tallies.setdefault(doc_id, _Tally())
            if status == "edited":
                t.edited += 1
                t.facts_changed += int(bool(facts_changed))
            else:
                t.rejected += 1
                if reason and len(t.reasons) < MAX_REASONS:
                    t.reasons.append(reason)
            if len(t.drafts) < MAX_DRAFTS:
                t.drafts.append(draft_id)
            t.last_at = max(t.last_at, when) if t.last_at else when
    ranked = sorted(tallies.items(), key=lambda kv: (-(kv[1].edited + kv[1].rejected), -kv[1].rejected, kv[0]))
    # validated: every tally was counted from a review, so it has a time
    return [KnowledgeGap.model_validate(dict(doc_id=doc_id, title=titles.get(doc_id), edited=t.edited, rejected=t.rejected,
                                             facts_changed=t.facts_changed, last_at=t.last_at, reasons=t.reasons,
                                             drafts=t.drafts))
            for doc_id, t in ranked[:limit]]
