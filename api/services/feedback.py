"""Review feedback for knowledge managers: acceptance and edit rates, and where the knowledge gaps are."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.db import DraftRow
from api.schemas import CountItem, FeedbackSummary

TOP = 10


def _rate(n: int, d: int) -> float | None:
    return round(n / d, 4) if d else None


def summary(session: Session) -> FeedbackSummary:
    counts = dict(session.execute(select(DraftRow.status, func.count()).group_by(DraftRow.status)).all())
    approved, edited, rejected = counts.get("approved", 0), counts.get("edited", 0), counts.get("rejected", 0)
    reviewed = approved + edited + rejected
    fact_edits = session.scalar(select(func.count()).where(DraftRow.status == "edited", DraftRow.facts_changed.is_(True))) or 0
    mean_ratio = session.scalar(select(func.avg(DraftRow.edit_ratio)).where(DraftRow.review_action.is_not(None)))
    docs: Counter[str] = Counter()
    for (draft,) in session.execute(select(DraftRow.draft).where(DraftRow.status.in_(("edited", "rejected")))):
        # a document counts once per draft, whether it was cited or given as an internal note
        docs.update({c["doc_id"] for c in draft.get("citations", [])} | {n["doc_id"] for n in draft.get("agent_notes", [])})
    flags: Counter[str] = Counter()
    for (draft,) in session.execute(select(DraftRow.draft)):
        flags.update(f["type"] for f in draft.get("flags", []))
    return FeedbackSummary(
        drafts=sum(counts.values()), reviewed=reviewed, pending=counts.get("pending", 0), approved=approved,
        edited=edited, rejected=rejected, acceptance_rate=_rate(approved + edited, reviewed),
        approved_unchanged_rate=_rate(approved, reviewed), edit_rate=_rate(edited, reviewed),
        fact_edit_rate=_rate(fact_edits, reviewed), wording_edit_rate=_rate(edited - fact_edits, reviewed),
        rejection_rate=_rate(rejected, reviewed), mean_edit_ratio=round(mean_ratio, 4) if mean_ratio is not None else None,
        top_documents_in_edited_or_rejected=[CountItem(name=k, count=v) for k, v in docs.most_common(TOP)],
        top_flags=[CountItem(name=k, count=v) for k, v in flags.most_common(TOP)],
    )
