"""Incremental sync: load → chunk → diff by content hash → embed only what changed → write a version → publish.

The sources of one sync are the whole collection: documents no longer present are dropped. Unchanged
documents are not even re-chunked (their chunks are read back from the live version), and every chunk whose
id (a content hash) is already in the live version keeps its stored vector. An exception or a kill at any
point before the final ``os.replace`` of LIVE leaves the previous version serving.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assistant.protocols import Embedder
from assistant.settings import SAMPLE_KB_DIR, KnowledgeBaseSettings
from knowledge_base import storage
from knowledge_base.chunking import CHUNKER_VERSION, chunk_document, embedding_text
from knowledge_base.compatibility import check_embedder, embedder_backend, embedder_quantisation
from knowledge_base.errors import KnowledgeBaseError, SourceNotFound, SyncInProgress
from knowledge_base.loaders import load_sources
from knowledge_base.quarantine import number_changes, scan_documents
from knowledge_base.types import Chunk, Document, SkippedFile, SyncReport

ProgressFn = Callable[[str, int, int], None]
EMBED_BATCH = 512  # texts per embed call: big enough to keep the model busy, small enough for steady progress


def document_hash(doc: Document) -> str:
    """Hash of everything that ends up in the index for this document (not where the file lives)."""
    payload = json.dumps(
        [doc.doc_id, doc.title, doc.text, doc.url, str(doc.effective_date), list(doc.tags), doc.audience],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def sync(
    sources: Sequence[Path],
    index_dir: Path,
    embedder: Embedder,
    *,
    settings: KnowledgeBaseSettings,
    progress: ProgressFn | None = None,
) -> SyncReport:
    """Make the live index reflect exactly the documents in ``sources``; see the module docstring.

    ``SyncReport.deleted`` counts documents dropped since the previous version; ``embedded`` and ``reused``
    count chunks. When nothing changed no new version is published (the report names the live one).
    """
    started = time.perf_counter()
    index_dir = Path(index_dir)
    sources = [Path(s) for s in sources]
    for source in sources:  # before taking the lock: a wrong path is the caller's mistake, not a busy index
        if not source.exists():
            raise SourceNotFound(f"source not found: {source}")
    # Loading runs under the writer lock: a second sync fails at once instead of after reading every file.
    with storage.writer_lock(index_dir):
        documents, skipped = load_sources(sources)
        documents, security = scan_documents(documents)  # documents are data: hidden content out, instructions listed
        if not documents:
            reason = f" ({skipped[0].path}: {skipped[0].reason})" if skipped else ""
            raise KnowledgeBaseError(f"no documents could be loaded from {', '.join(map(str, sources))}{reason}")
        previous = _Previous.open(index_dir, embedder)
        try:
            changes = _policy_changes(previous, documents) if previous else []
            version, stored, chunks, embedded, reused, deleted = _sync_locked(
                index_dir, sources, documents, skipped, embedder, settings, previous, progress,
                {"security": [r.to_dict() for r in security], "policy_changes": changes},
            )
        finally:
            if previous:
                previous.close()
    return SyncReport(
        version=version,
        documents=len(stored),
        chunks=len(chunks),
        embedded=embedded,
        reused=reused,
        deleted=deleted,
        skipped=skipped,
        seconds=round(time.perf_counter() - started, 3),
        security=[r.to_dict() for r in security],
        policy_changes=changes,
    )


def _policy_changes(previous: _Previous, documents: list[Document]) -> list[dict[str, Any]]:
    """Documents whose amounts, percentages or durations differ from their text in the live version."""
    changed = [d for d in documents if d.doc_id in previous.doc_hash and previous.doc_hash[d.doc_id] != document_hash(d)]
    if not changed:
        return []
    old_text = {s.document.doc_id: s.document.text for s in storage.read_documents(previous.conn, with_text=True)}
    out = []
    for doc in changed:
        diff = number_changes(old_text.get(doc.doc_id, ""), doc.text)
        if diff["removed"] or diff["added"]:
            out.append({"doc_id": doc.doc_id, "title": doc.title, **diff})
    return out


def _sync_locked(
    index_dir: Path,
    sources: list[Path],
    documents: list[Document],
    skipped: list[SkippedFile],
    embedder: Embedder,
    settings: KnowledgeBaseSettings,
    previous: _Previous | None,
    progress: ProgressFn | None,
    extra: dict[str, Any] | None = None,
) -> tuple[str, list[storage.StoredDocument], list[Chunk], int, int, int]:
    """The part of a sync that runs under the writer lock; returns (version, documents, chunks, counts)."""
    chunking = {"max_tokens": int(embedder.max_tokens), "overlap_sentences": settings.chunk_overlap_sentences}
    stored, chunks = _chunk_all(documents, embedder, chunking, previous, skipped, progress)
    vectors, embedded, reused = _vectors_for(chunks, embedder, previous, progress)
    content_hash = _content_hash(stored, chunks)
    deleted = len(previous.doc_ids - {d.document.doc_id for d in stored}) if previous else 0
    if previous and previous.manifest.get("content_hash") == content_hash:
        version = previous.version  # nothing changed: keep serving what is live
    else:
        version = publish(index_dir, stored, chunks, vectors, model_id=embedder.model_id, backend=embedder_backend(embedder),
                          quantisation=embedder_quantisation(embedder),
                          dimension=int(embedder.dimension), sources=[str(s) for s in sources], settings=settings,
                          content_hash=content_hash,
                          extra={"chunking": chunking, "previous": previous.version if previous else None, **(extra or {})})
    return version, stored, chunks, embedded, reused, deleted


def publish(
    index_dir: Path,
    documents: list[storage.StoredDocument],
    chunks: list[Chunk],
    vectors: np.ndarray,
    *,
    model_id: str,
    backend: str,
    dimension: int,
    sources: list[str],
    settings: KnowledgeBaseSettings,
    extra: dict[str, Any],
    content_hash: str | None = None,
    quantisation: str | None = None,
) -> str:
    """Write a complete new version, make it live, prune old ones; returns the version (call under the writer lock).

    The one publish sequence of a sync and of a document deletion: readers see the old version or the new one.
    """
    version = storage.write_version(
        index_dir,
        documents=documents,
        chunks=chunks,
        vectors=vectors,
        embedder_model_id=model_id,
        embedder_backend=backend,
        embedder_quantisation=quantisation,
        dimension=dimension,
        sources=sources,
        hnsw_threshold=settings.hnsw_threshold,
        content_hash=content_hash or _content_hash(documents, chunks),
        extra=extra,
    )
    storage.set_live(index_dir, version)
    storage.prune_versions(index_dir, settings.keep_versions)
    return version


def ensure_index(
    index_dir: Path, embedder: Embedder, settings: KnowledgeBaseSettings, *, wait_s: float = 600.0
) -> SyncReport | None:
    """Build the index from the bundled sample when nothing is published yet; otherwise do nothing.

    When another process is already building it (several server workers starting at once), wait for
    its version instead of failing.
    """
    if storage.read_live(index_dir) is not None:
        return None
    try:
        return sync([SAMPLE_KB_DIR], index_dir, embedder, settings=settings)
    except SyncInProgress:
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            time.sleep(0.5)
            if storage.read_live(index_dir) is not None:
                return None
        raise


class _Previous:
    """What the live version holds, for reuse: manifest, chunks by document, vector rows by chunk id."""

    def __init__(self, index_dir: Path, version: str, manifest: dict[str, Any]) -> None:
        self.version = version
        self.manifest = manifest
        self.conn = storage.connect(index_dir, version)
        self.vectors = storage.load_vectors(index_dir, version)
        docs = storage.read_documents(self.conn)
        self.doc_hash = {d.document.doc_id: d.doc_hash for d in docs}
        self.doc_ids = set(self.doc_hash)
        self.row_of: dict[str, int] = {}
        self.chunks_of: dict[str, list[Chunk]] = {}
        for row, chunk in enumerate(storage.read_chunks(self.conn)):
            self.row_of[chunk.chunk_id] = row
            self.chunks_of.setdefault(chunk.doc_id, []).append(chunk)
        if self.vectors.shape[0] != len(self.row_of):
            raise KnowledgeBaseError(f"index version {version} is corrupt: vector and chunk counts differ")

    @classmethod
    def open(cls, index_dir: Path, embedder: Embedder) -> _Previous | None:
        version = storage.read_live(index_dir)
        if version is None:
            return None
        storage.require_live(index_dir)
        manifest = storage.read_manifest(index_dir, version)
        check_embedder(manifest, embedder, check_backend=False)
        if manifest["embedder"].get("backend", "torch") != embedder_backend(embedder):
            return None  # vectors of another backend are not reused: this sync re-embeds every chunk
        return cls(index_dir, version, manifest)

    def close(self) -> None:
        self.conn.close()


def _chunk_all(
    documents: list[Document],
    embedder: Embedder,
    chunking: dict[str, int],
    previous: _Previous | None,
    skipped: list[SkippedFile],
    progress: ProgressFn | None,
) -> tuple[list[storage.StoredDocument], list[Chunk]]:
    reuse_chunking = bool(
        previous
        and previous.manifest.get("chunker_version") == CHUNKER_VERSION
        and previous.manifest.get("chunking") == chunking
    )
    stored: list[storage.StoredDocument] = []
    chunks: list[Chunk] = []
    for done, doc in enumerate(documents, start=1):
        doc_hash = document_hash(doc)
        if reuse_chunking and previous and previous.doc_hash.get(doc.doc_id) == doc_hash:
            doc_chunks = previous.chunks_of.get(doc.doc_id, [])  # unchanged document: same chunks as before
        else:
            try:
                doc_chunks = chunk_document(
                    doc,
                    count_tokens=embedder.count_tokens,
                    max_tokens=chunking["max_tokens"],
                    overlap_sentences=chunking["overlap_sentences"],
                )
            except ValueError as exc:
                skipped.append(SkippedFile(doc.source_path, f"{doc.doc_id}: {exc}"))
                continue
        if doc_chunks:
            stored.append(storage.StoredDocument(doc, doc_hash))
            chunks.extend(doc_chunks)
        else:
            skipped.append(SkippedFile(doc.source_path, f"{doc.doc_id}: no text to index"))
        if progress:
            progress("documents", done, len(documents))
    return stored, chunks


def _vectors_for(
    chunks: list[Chunk], embedder: Embedder, previous: _Previous | None, progress: ProgressFn | None
) -> tuple[np.ndarray, int, int]:
    """Vectors for ``chunks``: copied from the previous version when the chunk id exists there, else embedded."""
    dim = int(embedder.dimension)
    vectors = np.empty((len(chunks), dim), dtype=np.float32)
    todo: list[int] = []
    reuse_rows: list[tuple[int, int]] = []
    for i, chunk in enumerate(chunks):
        row = previous.row_of.get(chunk.chunk_id) if previous else None
        if row is None:
            todo.append(i)
        else:
            reuse_rows.append((i, row))
    if reuse_rows and previous is not None:
        dst, src = np.array(reuse_rows, dtype=np.int64).T
        vectors[dst] = previous.vectors[src]
    # Longest first, so each embed call pads its batches to similar lengths.
    todo.sort(key=lambda i: -len(embedding_text(chunks[i])))
    total = len(todo)
    if progress:
        progress("chunks", 0, total)
    for start in range(0, total, EMBED_BATCH):
        part = todo[start : start + EMBED_BATCH]
        out = np.asarray(embedder.embed_documents([embedding_text(chunks[i]) for i in part]), dtype=np.float32)
        if out.shape != (len(part), dim):
            raise KnowledgeBaseError(f"embedder returned shape {out.shape}, expected ({len(part)}, {dim})")
        vectors[part] = out
        if progress:
            progress("chunks", min(start + len(part), total), total)
    return vectors, total, len(reuse_rows)


def _content_hash(stored: list[storage.StoredDocument], chunks: list[Chunk]) -> str:
    h = hashlib.sha256()
    for d in stored:
        h.update(f"{d.document.doc_id}\x1f{d.doc_hash}\n".encode())
    for c in chunks:
        h.update(f"{c.chunk_id}\n".encode())
    return h.hexdigest()
