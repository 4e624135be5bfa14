"""Knowledge managers: documents, uploads, reindex jobs, status and rollback."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Query, UploadFile

from api.deps import KbDep, RouteKey, SessionDep
from api.schemas import (DeleteResult, DocumentDetail, DocumentPublic, JobPublic, KbStatus, KnowledgeGap, RollbackResult,
                         UploadResult)

router = APIRouter(prefix="/v1/kb", tags=["knowledge base"])


@router.post("/documents", response_model=UploadResult, status_code=201,
             responses={413: {"description": "A file is over the upload limit."}, 415: {"description": "Unsupported type."}})
def upload_documents(files: Annotated[list[UploadFile], File(description="One or more documents.")], key: RouteKey,
                     session: SessionDep, kb: KbDep,
                     reindex: Annotated[bool, Query(description="Start a reindex after the upload.")] = False) -> UploadResult:
    """Store files in the documents folder; they are indexed by the next reindex (``?reindex=true`` starts one)."""
    stored = kb.upload(session, key, files)
    job = kb.reindex(session, key) if reindex else None
    return UploadResult(files=stored, job=JobPublic.model_validate(job) if job else None)


@router.get("/documents", response_model=list[DocumentPublic])
def list_documents(_key: RouteKey, kb: KbDep) -> list[dict]:
    """Documents of the live index version."""
    return kb.list_documents()


@router.get("/documents/{doc_id}", response_model=DocumentDetail)
def get_document(doc_id: str, _key: RouteKey, kb: KbDep) -> dict:
    return kb.get_document(doc_id)


@router.delete("/documents/{doc_id}", response_model=DeleteResult)
def delete_document(doc_id: str, key: RouteKey, session: SessionDep, kb: KbDep) -> DeleteResult:
    """Publish a version without the document (nothing re-embedded) and remove its file from the documents folder."""
    return kb.delete_document(session, key, doc_id)


@router.post("/reindex", response_model=JobPublic, status_code=202, responses={409: {"description": "A reindex is running."}})
def reindex(key: RouteKey, session: SessionDep, kb: KbDep) -> JobPublic:
    """Sync the documents folder into a new index version in the background; drafts keep being served meanwhile."""
    return JobPublic.model_validate(kb.reindex(session, key))


@router.get("/jobs/{job_id}", response_model=JobPublic)
def get_job(job_id: str, _key: RouteKey, session: SessionDep, kb: KbDep) -> JobPublic:
    return JobPublic.model_validate(kb.jobs.get(session, job_id, "reindex"))


@router.get("/status", response_model=KbStatus)
def kb_status(_key: RouteKey, session: SessionDep, kb: KbDep) -> KbStatus:
    return kb.status(session)


@router.post("/rollback", response_model=RollbackResult)
def rollback(key: RouteKey, session: SessionDep, kb: KbDep) -> RollbackResult:
    """Make the previously published version live again."""
    return RollbackResult(live=kb.rollback(session, key))


@router.get("/gaps", response_model=list[KnowledgeGap])
def knowledge_gaps(_key: RouteKey, session: SessionDep, kb: KbDep) -> list[KnowledgeGap]:
    """Documents behind drafts that agents edited or rejected, most often first: where the knowledge base may be thin."""
    return kb.gaps(session)
