"""Knowledge-base management: uploads into the documents folder, documents, reindex jobs, status, rollback."""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from fastapi import UploadFile
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.db import ApiKey, JobRow
from api.errors import ApiError
from api.schemas import DeleteResult, JobPublic, KbStatus, KbVersion, KnowledgeGap, UploadedFile
from api.services import audit
from api.services.gaps import knowledge_gaps
from api.services.jobs import JobRunner
from assistant.settings import SAMPLE_KB_DIR, Settings
from knowledge_base.errors import IndexNotFound, KnowledgeBaseError, SyncInProgress, UnknownDocument

CHUNK = 1 << 20


def kb_error(exc: KnowledgeBaseError) -> ApiError:
    """Map a knowledge-base error (one clear line) to its HTTP status."""
    if isinstance(exc, UnknownDocument):
        return ApiError(404, str(exc))
    if isinstance(exc, IndexNotFound):
        return ApiError(503, str(exc))
    if isinstance(exc, SyncInProgress):
        return ApiError(409, str(exc))
    return ApiError(409, str(exc))


def seed_documents(settings: Settings) -> bool:
    """On first start copy the bundled sample into the documents folder, so a reindex from it reproduces the index."""
    target = settings.documents_dir
    if target.exists():
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".documents-", dir=target.parent))
    shutil.copytree(SAMPLE_KB_DIR, tmp, dirs_exist_ok=True)
    os.replace(tmp, target)
    return True


MAX_NAME_BYTES = 200


def supported_name(filename: str | None) -> str:
    """The safe base name of an upload; 415 for a type the loaders cannot read."""
    from knowledge_base.loaders import SIDECAR_SUFFIX, SUPPORTED_SUFFIXES

    name = Path((filename or "").replace("\\", "/")).name
    if not name or name.startswith(".") or any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        raise ApiError(422, f"files: invalid file name {(filename or '')[:100]!r}",
                       details=[{"field": "files", "reason": "invalid name"}])
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:  # file systems stop at 255 bytes, and the upload adds a prefix
        raise ApiError(422, f"files: file name longer than {MAX_NAME_BYTES} bytes ({name[:40]!r}...)",
                       details=[{"field": "files", "reason": "name too long"}])
    lower = name.lower()
    base = lower[: -len(SIDECAR_SUFFIX)] if lower.endswith(SIDECAR_SUFFIX) else lower
    if Path(base).suffix not in SUPPORTED_SUFFIXES:
        raise ApiError(415, f"{name}: unsupported file type; supported: {', '.join(SUPPORTED_SUFFIXES)} "
                            f"(and {SIDECAR_SUFFIX} sidecars)", details={"filename": name})
    return name


class KbService:
    def __init__(self, settings: Settings, container: Any, jobs: JobRunner) -> None:
        self.settings = settings
        self.container = container
        self.jobs = jobs

    # -- documents -------------------------------------------------------------------------------------
    def upload(self, session: Session, key: ApiKey, files: list[UploadFile]) -> list[UploadedFile]:
        """Write every file atomically into the documents folder; nothing is written unless all are acceptable."""
        names = [supported_name(f.filename) for f in files]
        if len(set(names)) != len(names):
            raise ApiError(422, "files: the same file name appears twice", details=[{"field": "files", "reason": "duplicate"}])
        limit = self.settings.api.max_upload_mb * 1024 * 1024
        folder = self.settings.documents_dir
        folder.mkdir(parents=True, exist_ok=True)
        staged: list[tuple[Path, Path, int]] = []
        try:
            for name, upload in zip(names, files, strict=True):
                fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
                size = 0
                with os.fdopen(fd, "wb") as out:
                    while block := upload.file.read(CHUNK):
                        size += len(block)
                        if size > limit:
                            staged.append((Path(tmp), folder / name, size))
                            raise ApiError(413, f"{name}: larger than the {self.settings.api.max_upload_mb} MB upload limit")
                        out.write(block)
                    out.flush()
                    os.fsync(out.fileno())
                staged.append((Path(tmp), folder / name, size))
            for part, final, _ in staged:
                os.replace(part, final)
        finally:
            for part, _, _ in staged:
                part.unlink(missing_ok=True)
        result = [UploadedFile(filename=final.name, bytes=size) for _, final, size in staged]
        audit.record(session, key, "kb.upload", "document_file", ",".join(names), files=[r.model_dump() for r in result])
        session.commit()
        return result

    def list_documents(self) -> list[dict[str, Any]]:
        from knowledge_base import versions

        try:
            return versions.list_documents(self.settings.index_dir)
        except KnowledgeBaseError as exc:
            raise kb_error(exc) from None

    def get_document(self, doc_id: str) -> dict[str, Any]:
        from knowledge_base import versions

        try:
            return versions.get_document(self.settings.index_dir, doc_id)
        except KnowledgeBaseError as exc:
            raise kb_error(exc) from None

    def gaps(self, session: Session) -> list[KnowledgeGap]:
        """Documents behind edited or rejected drafts, titled from the live index."""
        titles = {d["doc_id"]: d["title"] for d in self.list_documents()}
        return knowledge_gaps(session, titles)

    def delete_document(self, session: Session, key: ApiKey, doc_id: str) -> DeleteResult:
        """Publish a version without the document, and remove its file so a reindex does not bring it back."""
        from knowledge_base import versions

        if self.jobs.running("reindex"):
            raise ApiError(409, f"a reindex is running ({self.jobs.running('reindex')}); delete when it has finished")
        docs = self.list_documents()
        doc = next((d for d in docs if d["doc_id"] == doc_id), None)
        if doc is None:
            raise ApiError(404, f"unknown document {doc_id!r}")
        try:
            report = versions.delete_document(self.settings.index_dir, doc_id, self.container.embedder, self.settings.kb)
        except KnowledgeBaseError as exc:
            raise kb_error(exc) from None
        removed = None
        path = self._documents_path(doc["source_path"])
        # one file may hold several documents (a FAQ table): remove it only when it held just this one
        if path is not None and path.exists() and sum(d["source_path"] == doc["source_path"] for d in docs) == 1:
            path.unlink()
            sidecar = path.with_name(path.name + ".meta.yaml")
            sidecar.unlink(missing_ok=True)
            removed = path.name
        audit.record(session, key, "kb.delete", "document", doc_id, version=report.version, file_removed=removed)
        session.commit()
        return DeleteResult(doc_id=doc_id, version=report.version, file_removed=removed)

    def _documents_path(self, source_path: str) -> Path | None:
        """The file in the documents folder a document came from (sample paths map to their seeded copies)."""
        source = Path(source_path).resolve()
        for root in (self.settings.documents_dir.resolve(), SAMPLE_KB_DIR.resolve()):
            if source.is_relative_to(root):
                return self.settings.documents_dir / source.relative_to(root)
        return None

    # -- reindex, status, rollback ---------------------------------------------------------------------
    def reindex(self, session: Session, key: ApiKey) -> JobRow:
        from knowledge_base.sync import sync

        settings, embedder = self.settings, self.container.embedder
        sources = [settings.documents_dir]

        def work(progress) -> dict[str, Any]:  # noqa: ANN001
            state = {"stage": "starting", "documents_done": 0, "documents_total": 0, "chunks_done": 0, "chunks_total": 0}

            def on_progress(stage: str, done: int, total: int) -> None:
                state.update({"stage": stage, f"{stage}_done": done, f"{stage}_total": total})
                progress(state, force=done >= total)

            report = sync(sources, settings.index_dir, embedder, settings=settings.kb, progress=on_progress)
            state["stage"] = "published"
            progress(state, force=True)
            self.container.live_index.refresh()  # serve the new version at once (it would on its next check anyway)
            return dataclasses.asdict(report)

        return self.jobs.start(session, key, "reindex", {"sources": [str(s) for s in sources]}, work,
                               user_errors=(KnowledgeBaseError,))

    def status(self, session: Session) -> KbStatus:
        from knowledge_base import versions

        try:
            st = versions.status(self.settings.index_dir)
        except KnowledgeBaseError as exc:
            raise kb_error(exc) from None
        manifest = st["manifest"]
        last = session.scalars(select(JobRow).where(JobRow.kind == "reindex").order_by(JobRow.created_at.desc())).first()
        return KbStatus(
            live=st["live"], documents=manifest["counts"]["documents"], chunks=manifest["counts"]["chunks"],
            embedder=manifest["embedder"], index_dir=st["index_dir"], documents_dir=str(self.settings.documents_dir),
            versions=[KbVersion(**v) for v in st["versions"]],
            last_sync=JobPublic.model_validate(last) if last else None, reindex_running=self.jobs.running("reindex"),
            security=manifest.get("security", []), policy_changes=manifest.get("policy_changes", []))

    def rollback(self, session: Session, key: ApiKey) -> str:
        from knowledge_base import versions

        if self.jobs.running("reindex"):
            raise ApiError(409, "a reindex is running; roll back when it has finished")
        try:
            live = versions.rollback(self.settings.index_dir)
        except KnowledgeBaseError as exc:
            raise kb_error(exc) from None
        self.container.live_index.refresh()
        audit.record(session, key, "kb.rollback", "index", live)
        session.commit()
        return live
