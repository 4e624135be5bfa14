"""Inspect and manage published versions: status, rollback, documents, delete (without re-embedding)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np

from assistant.protocols import Embedder
from assistant.settings import KnowledgeBaseSettings
from knowledge_base import storage
from knowledge_base.errors import KnowledgeBaseError, UnknownDocument
from knowledge_base.compatibility import check_embedder
from knowledge_base.types import SyncReport


def status(index_dir: Path) -> dict[str, Any]:
    """The live version's manifest plus every kept version (newest first)."""
    index_dir = Path(index_dir)
    live = storage.require_live(index_dir)
    versions = []
    for version in reversed(storage.list_versions(index_dir)):
        try:
            m = storage.read_manifest(index_dir, version)
            versions.append({"version": version, "created": m.get("created"), "live": version == live, **m["counts"]})
        except KnowledgeBaseError:
            versions.append({"version": version, "created": None, "live": version == live, "corrupt": True})
    manifest = storage.read_manifest(index_dir, live)
    return {"index_dir": str(index_dir), "live": live, "manifest": manifest, "versions": versions}


def rollback(index_dir: Path) -> str:
    """Point LIVE at the version published before the live one; returns the new live version."""
    index_dir = Path(index_dir)
    with storage.writer_lock(index_dir):
        live = storage.require_live(index_dir)
        kept = storage.list_versions(index_dir)
        # The version that was live before this one was published (after a rollback and a new sync that is
        # not simply the next lower number); else the next older version kept.
        previous = storage.read_manifest(index_dir, live).get("previous")
        older = [v for v in kept if v < live]
        target = previous if previous in kept and previous != live else (older[-1] if older else None)
        if target is None:
            raise KnowledgeBaseError(f"no version older than {live} is kept in {index_dir}; nothing to roll back to")
        storage.read_manifest(index_dir, target)  # refuse to publish a damaged version
        storage.set_live(index_dir, target)
        return target


def list_documents(index_dir: Path) -> list[dict[str, Any]]:
    """Documents of the live version, each with what the sync removed or quarantined in it."""
    index_dir = Path(index_dir)
    live = storage.require_live(index_dir)
    security = _security(index_dir, live)
    conn = storage.connect(index_dir, live)
    try:
        counts = dict(conn.execute("SELECT doc_id, n_chunks FROM documents").fetchall())
        return [{**_doc_dict(d.document, chunks=counts.get(d.document.doc_id, 0)), **_doc_security(security, d.document.doc_id)}
                for d in storage.read_documents(conn)]
    finally:
        conn.close()


def _security(index_dir: Path, version: str) -> dict[str, dict[str, Any]]:
    return {r["doc_id"]: r for r in storage.read_manifest(index_dir, version).get("security", [])}


def _doc_security(security: dict[str, dict[str, Any]], doc_id: str) -> dict[str, Any]:
    record = security.get(doc_id, {})
    return {"hidden_removed": record.get("removed", {}), "quarantined": record.get("quarantined", [])}


def get_document(index_dir: Path, doc_id: str) -> dict[str, Any]:
    """One document of the live version with its text and chunks."""
    index_dir = Path(index_dir)
    live = storage.require_live(index_dir)
    conn = storage.connect(index_dir, live)
    try:
        docs = [d for d in storage.read_documents(conn, with_text=True) if d.document.doc_id == doc_id]
        if not docs:
            raise UnknownDocument(f"unknown document {doc_id!r} in index version {live}")
        rows = [r[0] for r in conn.execute("SELECT row FROM chunks WHERE doc_id = ? ORDER BY row", (doc_id,))]
        chunks = storage.read_chunks(conn, rows)
    finally:
        conn.close()
    doc = docs[0].document
    return {
        **_doc_dict(doc, chunks=len(chunks)),
        **_doc_security(_security(index_dir, live), doc_id),
        "text": doc.text,
        "version": live,
        "chunk_list": [
            {"chunk_id": c.chunk_id, "section": c.section, "start": c.start, "end": c.end, "text": c.text} for c in chunks
        ],
    }


def delete_document(index_dir: Path, doc_id: str, embedder: Embedder, settings: KnowledgeBaseSettings) -> SyncReport:
    """Publish a new version without ``doc_id``; every other vector is copied, nothing is re-embedded."""
    from knowledge_base.sync import publish  # the sync pipeline only here: `kb status` and `kb docs` stay light

    started = time.perf_counter()
    index_dir = Path(index_dir)
    with storage.writer_lock(index_dir):
        live = storage.require_live(index_dir)
        manifest = storage.read_manifest(index_dir, live)
        # model id only: comparing dimensions would load the model just to delete a row
        check_embedder(manifest, embedder, check_dimension=False, check_backend=False)  # copies vectors as they are
        conn = storage.connect(index_dir, live)
        try:
            documents = storage.read_documents(conn, with_text=True)
            if not any(d.document.doc_id == doc_id for d in documents):
                raise UnknownDocument(f"unknown document {doc_id!r} in index version {live}")
            chunks = storage.read_chunks(conn)
        finally:
            conn.close()
        keep_rows = [i for i, c in enumerate(chunks) if c.doc_id != doc_id]
        vectors = np.asarray(storage.load_vectors(index_dir, live)[np.array(keep_rows, dtype=np.int64)], dtype=np.float32)
        documents = [d for d in documents if d.document.doc_id != doc_id]
        chunks = [chunks[i] for i in keep_rows]
        dimension = int(manifest["embedder"]["dimension"])
        version = publish(index_dir, documents, chunks, vectors.reshape(len(chunks), dimension),
                          model_id=manifest["embedder"]["model_id"], backend=manifest["embedder"].get("backend", "torch"),
                          quantisation=manifest["embedder"].get("quantisation"),
                          dimension=dimension, sources=manifest.get("sources", []), settings=settings,
                          extra={"chunking": manifest.get("chunking"), "previous": live, "deleted_doc": doc_id,
                                 "security": [r for r in manifest.get("security", []) if r.get("doc_id") != doc_id]})
    return SyncReport(
        version=version,
        documents=len(documents),
        chunks=len(chunks),
        embedded=0,
        reused=len(chunks),
        deleted=1,
        seconds=round(time.perf_counter() - started, 3),
    )


def _doc_dict(doc: Any, *, chunks: int) -> dict[str, Any]:
    return {
        "doc_id": doc.doc_id,
        "title": doc.title,
        "url": doc.url,
        "effective_date": doc.effective_date.isoformat() if doc.effective_date else None,
        "tags": list(doc.tags),
        "audience": doc.audience,
        "source_path": doc.source_path,
        "chunks": chunks,
    }
