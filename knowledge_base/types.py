"""Value types of the knowledge base: documents, chunks, search hits, filters and sync reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Audience = Literal["public", "internal"]


@dataclass(frozen=True)
class Document:
    """One source document after loading, before chunking.

    ``text`` keeps the document's structure as Markdown-style headings (``#``, ``##`` ...) so the
    chunker can follow sections whatever the original format was.
    """

    doc_id: str
    title: str
    text: str
    source_path: str
    url: str | None = None
    effective_date: date | None = None
    tags: tuple[str, ...] = ()
    audience: Audience = "public"


@dataclass(frozen=True)
class Chunk:
    """A piece of a document small enough for the embedder, with everything needed to cite it."""

    chunk_id: str  # stable content hash
    doc_id: str
    title: str
    section: str  # section path, e.g. "Returns > Exceptions"
    text: str  # the chunk's own text (without the title/section prefix)
    start: int  # character span in Document.text
    end: int
    url: str | None = None
    effective_date: date | None = None
    tags: tuple[str, ...] = ()
    audience: Audience = "public"


@dataclass(frozen=True)
class ScoredChunk:
    """A retrieval hit. ``score`` is in [0, 1] and comparable across queries, so callers can threshold it."""

    chunk: Chunk
    score: float
    dense_score: float | None = None  # cosine similarity of query and chunk
    bm25_score: float | None = None  # raw BM25 score (not normalised)


@dataclass(frozen=True)
class Filters:
    """Metadata filters applied at retrieval time; ``None`` means no constraint."""

    audience: frozenset[str] | None = None
    tags: frozenset[str] | None = None  # a chunk passes if it has any of these tags
    effective_on: date | None = None  # only documents already in effect on this date
    doc_ids: frozenset[str] | None = None


@dataclass(frozen=True)
class SkippedFile:
    path: str
    reason: str


@dataclass
class SyncReport:
    """What one ``sync`` did; printed by ``caredraft kb sync --json`` with exactly these keys."""

    version: str
    documents: int
    chunks: int
    embedded: int
    reused: int
    deleted: int
    skipped: list[SkippedFile] = field(default_factory=list)
    seconds: float = 0.0
    # per document: hidden content removed at load and quarantined instruction-like passages (knowledge_base.quarantine)
    security: list[dict] = field(default_factory=list)
    # documents whose numbers (amounts, percentages, durations) changed against their previous version
    policy_changes: list[dict] = field(default_factory=list)
