"""Request and response models of the HTTP API (``XCreate`` in, ``XPublic`` out), so /docs is exact."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from api.errors import scrub_paths

from assistant.settings import Backend
from assistant.types import MAX_MESSAGE_CHARS, Adjustment, Draft, Flag, Ticket

Role = Literal["agent", "knowledge_manager", "qa", "admin"]
DraftStatus = Literal["pending", "approved", "edited", "rejected"]
JobStatus = Literal["queued", "running", "succeeded", "failed"]


def _utc(value: datetime) -> datetime:
    # the database stores naive UTC; every timestamp the API shows carries its zone
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


UtcDatetime = Annotated[datetime, AfterValidator(_utc)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


# --- keys -----------------------------------------------------------------------------------------
class KeyCreate(_In):
    name: str = Field(min_length=1, max_length=200, description="Who or what uses the key.")
    role: Role


class KeyPublic(_Out):
    id: str
    name: str
    role: Role
    prefix: str = Field(description="First characters of the key, to recognise it.")
    created_at: UtcDatetime
    created_by: str | None = None
    revoked_at: UtcDatetime | None = None


class KeyCreated(KeyPublic):
    key: str = Field(description="The secret key. Shown once; only its hash is stored.")


class Me(BaseModel):
    """The calling key, so a client can show what its role may use."""

    id: str
    name: str
    role: Role
    prefix: str


# --- drafts ---------------------------------------------------------------------------------------
class RegenerateRequest(_In):
    adjustment: Adjustment | None = Field(default=None, description="Tone/length adjustment.")
    guidance: str | None = Field(default=None, min_length=1, max_length=2000, description="Free-text steer (LLM backends).")
    backend: Backend | None = None


class ReviewRequest(_In):
    action: Literal["approve", "edit", "reject"]
    text: str | None = Field(default=None, min_length=1, max_length=MAX_MESSAGE_CHARS,
                             description="The final text (required for edit).")
    reason: str | None = Field(default=None, min_length=1, max_length=2000, description="Why (required for reject).")


class ReviewPublic(BaseModel):
    action: Literal["approve", "edit", "reject"]
    final_text: str | None
    reason: str | None
    reviewer: str
    reviewed_at: UtcDatetime
    edit_distance: int = Field(description="Word-level Levenshtein distance between the draft and the final text.")
    edit_ratio: float = Field(description="edit_distance / words in the draft (0 = unchanged).")
    facts_changed: bool = Field(description="The edit added, removed or changed a factual claim (number, date, URL...).")
    claims_added: list[str] = Field(default_factory=list)
    claims_removed: list[str] = Field(default_factory=list)


class DraftPublic(BaseModel):
    id: str
    status: DraftStatus
    created_at: UtcDatetime
    created_by: str
    parent_id: str | None = None
    adjustment: Adjustment | None = None
    guidance: str | None = None
    ticket: Ticket
    draft: Draft
    review: ReviewPublic | None = None


class ToneScores(BaseModel):
    """Tone of a reply to the customer's message: scores in [0, 1] except the sentiment and the grade."""

    empathy: float
    politeness: float
    sentiment: float = Field(description="VADER compound score of the reply, -1 to 1.")
    readability: float = Field(description="How well the reading grade fits customer care (1 = in the band).")
    readability_grade: float
    personalization: float
    length_fit: float
    apology: bool


class CheckRequest(_In):
    text: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS, description="The agent's edited reply.")


class CheckResult(BaseModel):
    """The edited reply verified against the draft's cited sources and the customer's profile."""

    flags: list[Flag]
    supported_ratio: float = Field(description="Share of the reply's factual sentences that the cited sources back.")
    tone: ToneScores


class DraftPage(BaseModel):
    items: list[DraftPublic]
    next_cursor: str | None = Field(description="Pass as ?cursor= for the next page; null on the last page.")


class CountItem(BaseModel):
    name: str
    count: int


class FeedbackSummary(BaseModel):
    drafts: int
    reviewed: int
    pending: int
    approved: int
    edited: int
    rejected: int
    acceptance_rate: float | None = Field(description="(approved + edited) / reviewed.")
    approved_unchanged_rate: float | None
    edit_rate: float | None = Field(description="edited / reviewed.")
    fact_edit_rate: float | None = Field(description="Edits that changed facts / reviewed.")
    wording_edit_rate: float | None = Field(description="Edits that changed only wording / reviewed.")
    rejection_rate: float | None
    mean_edit_ratio: float | None
    top_documents_in_edited_or_rejected: list[CountItem]
    top_flags: list[CountItem]


# --- knowledge base -------------------------------------------------------------------------------
class QuarantinedPassage(BaseModel):
    text: str = Field(description="The passage as written in the document.")
    reason: str = Field(description="Why it is withheld from drafts.")


class DocumentSecurity(BaseModel):
    doc_id: str
    title: str
    removed: dict[str, int] = Field(default_factory=dict,
                                    description="Hidden content stripped at load: html_comment, script, zero_width, bidi_control, unicode_tags.")
    quarantined: list[QuarantinedPassage] = Field(default_factory=list)


class DocumentPublic(BaseModel):
    doc_id: str
    title: str
    url: str | None = None
    effective_date: str | None = None
    tags: list[str] = []
    audience: str
    source_path: str
    chunks: int
    hidden_removed: dict[str, int] = Field(default_factory=dict, description="Hidden content stripped at load, by kind.")
    quarantined: list[QuarantinedPassage] = Field(
        default_factory=list, description="Instruction-like passages: never given to a generator; drafts that retrieve them are flagged.")


class ChunkPublic(BaseModel):
    chunk_id: str
    section: str
    start: int
    end: int
    text: str


class DocumentDetail(DocumentPublic):
    text: str
    version: str
    chunk_list: list[ChunkPublic]


class JobPublic(_Out):
    id: str
    kind: Literal["reindex", "evaluation"]
    status: JobStatus
    created_at: UtcDatetime
    created_by: str
    started_at: UtcDatetime | None = None
    finished_at: UtcDatetime | None = None
    params: dict[str, Any] = {}
    progress: dict[str, Any] = Field(default_factory=dict,
                                     description="documents_done/total, chunks_done/total (reindex); cases_done/total (eval).")
    result: dict[str, Any] | None = Field(default=None, description="The SyncReport, or the evaluation summary and gate.")
    error: str | None = None

    @field_validator("error")
    @classmethod
    def _no_paths(cls, value: str | None) -> str | None:
        return scrub_paths(value) if value else value


class UploadedFile(BaseModel):
    filename: str
    bytes: int


class UploadResult(BaseModel):
    files: list[UploadedFile]
    job: JobPublic | None = Field(default=None, description="The reindex started when ?reindex=true.")


class DeleteResult(BaseModel):
    doc_id: str
    version: str = Field(description="The live version published without the document.")
    file_removed: str | None = Field(description="The file removed from the documents folder, if any.")


class KbVersion(BaseModel):
    version: str
    created: str | None = None
    live: bool
    documents: int | None = None
    chunks: int | None = None
    corrupt: bool = False


class KbStatus(BaseModel):
    live: str
    documents: int
    chunks: int
    embedder: dict[str, Any]
    index_dir: str
    documents_dir: str
    versions: list[KbVersion]
    last_sync: JobPublic | None = None
    reindex_running: str | None = Field(default=None, description="Id of the running reindex job, if any.")
    security: list[DocumentSecurity] = Field(
        default_factory=list, description="Documents of the live version with hidden content removed or passages quarantined.")
    policy_changes: list[dict[str, Any]] = Field(
        default_factory=list, description="Documents whose numbers changed against their previous version in the last sync.")


class RollbackResult(BaseModel):
    live: str


class KnowledgeGap(BaseModel):
    """A document behind drafts that agents edited or rejected: where the knowledge base may be wrong or thin."""

    doc_id: str
    title: str | None = Field(description="The title in the live index; null when the document is no longer indexed.")
    edited: int
    rejected: int
    facts_changed: int = Field(description="Edits that added, removed or changed a factual claim.")
    last_at: datetime
    reasons: list[str] = Field(description="The most recent rejection reasons (up to 3).")
    drafts: list[str] = Field(description="The most recent of those drafts (up to 5 ids).")


# --- evaluations ----------------------------------------------------------------------------------
class EvaluationCreate(_In):
    suite: str | None = Field(default=None, min_length=1, max_length=200, description="Name of a shipped suite.")
    suite_text: str | None = Field(default=None, min_length=1, max_length=2_000_000,
                                   description="An uploaded suite: the YAML (or JSONL) text.")
    suite_format: Literal["yaml", "jsonl"] = "yaml"
    backend: Backend | None = None
    gate: bool = Field(default=False, description="Apply the default quality gate.")
    limit: int | None = Field(default=None, ge=1, le=100_000, description="Run only the first N cases (a quick check).")


class SuitePublic(BaseModel):
    name: str
    description: str | None = None
    cases: int


# --- audit & ops ----------------------------------------------------------------------------------
class AuditEntry(_Out):
    id: int
    at: UtcDatetime
    actor_key_id: str | None
    actor_name: str | None
    action: str
    target_type: str
    target_id: str | None
    details: dict[str, Any]


class AuditPage(BaseModel):
    items: list[AuditEntry]
    next_cursor: str | None


class Health(BaseModel):
    status: Literal["ok"]


class Ready(BaseModel):
    ready: bool
    index_version: str | None
    database: bool
    reason: str | None = None
