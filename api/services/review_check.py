"""Checks for the agent's review: the tone of a reply, and an edited reply verified against the draft's sources."""

from __future__ import annotations

from typing import Any

from api.db import DraftRow
from api.schemas import CheckResult, ToneScores
from assistant.types import Draft, DraftJob, Passage, Ticket


def tone_of(row: DraftRow, text: str | None = None) -> ToneScores:
    """Tone scores of ``text`` (default: the reviewed text, else the draft) as a reply to the ticket's message."""
    from evaluation.metrics.tone import score_tone

    ticket = Ticket.model_validate(row.ticket)
    reply = text if text is not None else (row.final_text or row.draft["text"])
    scores = score_tone(reply, ticket.message, customer=ticket.customer, channel=ticket.channel,
                        banned=ticket.brand_voice.banned_phrases)
    return ToneScores(empathy=scores["empathy"], politeness=scores["politeness"], sentiment=scores["sentiment"],
                      readability=scores["readability"], readability_grade=scores["readability_grade"],
                      personalization=scores["personalization"], length_fit=scores["length_fit"],
                      apology=bool(scores["apology"]))


def check_edit(verifier: Any, row: DraftRow, text: str) -> CheckResult:
    """Verify ``text`` as the drafter verifies a draft, against the passages the draft cited and its internal notes.

    Only the cited passages are known after the fact, so a sentence the edit backs with a passage the draft
    retrieved but did not cite is reported as unsupported: the agent sees what the cited sources do not back.
    """
    from assistant.drafting import citations_for

    ticket = Ticket.model_validate(row.ticket)
    draft = Draft.model_validate(row.draft)
    passages = [Passage(marker=c.marker, doc_id=c.doc_id, chunk_id=c.chunk_id, title=c.title, section=c.section,
                        url=c.url, effective_date=c.effective_date, text=c.passage) for c in draft.citations]
    notes = [Passage(marker=i, doc_id=n.doc_id, chunk_id=n.chunk_id, title=n.title, text=n.text, audience="internal")
             for i, n in enumerate(draft.agent_notes, start=1)]
    job = DraftJob(ticket=ticket, analysis=draft.analysis, passages=passages, internal_notes=notes)
    # the draft's sentences said from a staff procedure are checked against it, as when drafted, while the edit keeps them
    result = verifier.verify(text, job, citations_for(text, passages), draft.derived)
    return CheckResult(flags=result.flags, supported_ratio=round(result.supported_ratio, 4), tone=tone_of(row, text))
