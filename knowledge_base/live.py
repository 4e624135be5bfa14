"""The index a running process serves: an immutable snapshot of the live version, swapped when LIVE changes.

A search takes one snapshot reference and uses only it, so it never mixes two versions. The LIVE pointer is
checked at most every ``check_interval`` seconds (one ``stat``; the file is read only when it changed), so a
sync published by another process is picked up without a restart.
"""

from __future__ import annotations

import json
import os
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from assistant.protocols import Embedder
from knowledge_base import storage
from knowledge_base.chunking import chunk_prefix
from knowledge_base.errors import CorruptIndex, IndexNotFound, KnowledgeBaseError
from knowledge_base.compatibility import check_embedder
from knowledge_base.spelling import Speller
from knowledge_base.types import Chunk, Filters


def _single_thread_search() -> None:
    """One query at a time gains little from OpenMP, and spinning OpenMP threads collapse latency when the
    cores are shared (measured 48 ms vs 10 ms for 100k flat vectors on a busy 2-core box); concurrent
    requests get their parallelism from the server's threads instead."""
    import faiss

    faiss.omp_set_num_threads(1)


_ALL = object()  # cached marker: every chunk passes


class Snapshot:
    """Everything one version needs to answer searches; read-only after construction (thread-safe)."""

    def __init__(self, index_dir: Path, version: str, embedder: Embedder) -> None:
        import faiss

        from knowledge_base.bm25 import BM25Index

        _single_thread_search()
        self.version = version
        self.manifest: dict[str, Any] = storage.read_manifest(index_dir, version)
        check_embedder(self.manifest, embedder)
        vdir = storage.version_path(index_dir, version)
        self._conn = storage.connect(index_dir, version)
        self._conn_lock = threading.Lock()
        try:
            self.index = faiss.read_index(str(vdir / "vectors.faiss"))
            self.vectors = storage.load_vectors(index_dir, version)
            self.bm25 = BM25Index.load(vdir / "bm25") if (vdir / "bm25").is_dir() else None
            if self.bm25 is not None and not BM25Index.current(vdir / "bm25"):
                # saved with an older tokenizer: its words would not meet today's query words; rebuilt in memory
                # (the version stays read-only; the next sync writes a current one)
                texts = self._conn.execute("SELECT title, section, text FROM chunks ORDER BY row").fetchall()
                self.bm25 = BM25Index.build([chunk_prefix(t, s) + x for t, s, x in texts])
        except KnowledgeBaseError:
            raise
        except Exception as exc:  # faiss/bm25s raise RuntimeError, ValueError, OSError on damaged files
            raise CorruptIndex(f"index version {version} in {index_dir} is corrupt: {type(exc).__name__}") from exc
        self.size = int(self.manifest["counts"]["chunks"])
        if self.index.ntotal != self.size or self.vectors.shape[0] != self.size:
            raise CorruptIndex(f"index version {version} in {index_dir} is corrupt: vector and chunk counts differ")
        if hasattr(self.index, "hnsw"):
            self.index.hnsw.efSearch = int((self.manifest.get("hnsw") or {}).get("ef_search", storage.HNSW_EF_SEARCH))
        # Per-chunk metadata kept in memory so filters become a boolean mask applied before ranking.
        rows = self._conn.execute("SELECT doc_id, tags, audience, effective_date FROM chunks ORDER BY row").fetchall()
        self.doc_ids = np.array([r[0] for r in rows], dtype=object)
        self.tags = [frozenset(json.loads(r[1])) for r in rows]
        self.audience = np.array([r[2] for r in rows], dtype=object)
        self._masks: dict[Filters, np.ndarray | object] = {}
        self.effective = np.array([date.fromisoformat(r[3]).toordinal() if r[3] else 0 for r in rows], dtype=np.int64)
        self._speller: Speller | None = None
        self._speller_lock = threading.Lock()

    @property
    def speller(self) -> Speller:
        """The typo corrector over this version's words (titles, sections, texts), built on first use."""
        if self._speller is None:
            with self._speller_lock:
                if self._speller is None:
                    with self._conn_lock:
                        rows = self._conn.execute("SELECT title, section, text FROM chunks").fetchall()
                    self._speller = Speller.from_texts(chunk_prefix(t, s) + x for t, s, x in rows)
        return self._speller

    def chunks(self, rows: list[int]) -> list[Chunk]:
        with self._conn_lock:
            return storage.read_chunks(self._conn, rows)

    def texts(self, audience: str) -> list[str]:
        """The text of every chunk for ``audience``, in index order."""
        with self._conn_lock:
            return [r[0] for r in self._conn.execute("SELECT text FROM chunks WHERE audience = ? ORDER BY row",
                                                     (audience,)).fetchall()]

    def documents(self, audience: str) -> list[tuple[str, str, str]]:
        """(doc_id, title, text) of every document for ``audience``, its chunks joined again in order: the overlap
        between neighbouring chunks said once, and each section's heading restored where a section starts (a table
        split across chunks reads as one table again, its header row first)."""
        with self._conn_lock:
            rows = self._conn.execute("SELECT doc_id, title, section, text, start_char, end_char FROM chunks "
                                      "WHERE audience = ? ORDER BY row", (audience,)).fetchall()
        docs: dict[str, tuple[str, list[str], list[int], list[str]]] = {}
        for doc_id, title, section, text, start, end in rows:
            entry = docs.setdefault(doc_id, (title or "", [], [0], [""]))
            parts, last_end, last_section = entry[1], entry[2], entry[3]
            if section != last_section[0]:
                parts.append(f"\n\n## {section}\n\n" if section else "\n\n")
                last_section[0] = section
            overlap = max(0, last_end[0] - start) if parts and last_end[0] else 0
            if overlap == 0 and parts and not parts[-1].endswith("\n"):
                parts.append("\n")  # (a table's rows stay one table)
            parts.append(text[overlap:])
            last_end[0] = max(last_end[0], end)
        return [(d, t, "".join(parts).strip()) for d, (t, parts, _, _) in docs.items()]

    def document_labels(self, audience: str = "public") -> list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]:
        """(doc_id, title, tags, section headings) of every document for ``audience``, in index order."""
        with self._conn_lock:
            rows = self._conn.execute("SELECT doc_id, title, section, tags FROM chunks WHERE audience = ? ORDER BY row",
                                      (audience,)).fetchall()
        docs: dict[str, tuple[str, tuple[str, ...], list[str]]] = {}
        for doc_id, title, section, tags in rows:
            entry = docs.setdefault(doc_id, (title or "", tuple(json.loads(tags)), []))
            if section and section not in entry[2]:
                entry[2].append(section)
        return [(d, t, tags, tuple(sections)) for d, (t, tags, sections) in docs.items()]

    def allowed(self, filters: Filters | None) -> np.ndarray | None:
        """Boolean mask of chunks passing ``filters``; None when every chunk passes."""
        if filters is None:
            return None
        cached = self._masks.get(filters)
        if cached is not None:
            return None if cached is _ALL or not isinstance(cached, np.ndarray) else cached
        mask = self._compute_mask(filters)
        if len(self._masks) < 64:  # the product uses a handful of filter combinations; bound it anyway
            self._masks[filters] = _ALL if mask is None else mask
        return mask

    def _compute_mask(self, filters: Filters) -> np.ndarray | None:
        mask = np.ones(self.size, dtype=bool)
        if filters.audience is not None:
            mask &= np.isin(self.audience, list(filters.audience))
        if filters.doc_ids is not None:
            mask &= np.isin(self.doc_ids, list(filters.doc_ids))
        if filters.tags is not None:
            wanted = set(filters.tags)
            mask &= np.fromiter((bool(t & wanted) for t in self.tags), dtype=bool, count=self.size)
        if filters.effective_on is not None:
            mask &= self.effective <= filters.effective_on.toordinal()  # undated documents (0) always pass
        return None if mask.all() else mask

    def dense_search(self, query: np.ndarray, k: int, mask: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """Top-``k`` (scores, rows) by inner product among allowed chunks."""
        import faiss

        if self.size == 0 or k <= 0:
            return np.zeros(0, np.float32), np.zeros(0, np.int64)
        params = None
        if mask is not None:
            if not mask.any():
                return np.zeros(0, np.float32), np.zeros(0, np.int64)
            # a bitmap selector costs n/8 bytes to build (a batch selector of 100k ids took 6 ms)
            bits = np.packbits(mask, bitorder="little")
            selector = faiss.IDSelectorBitmap(self.size, faiss.swig_ptr(bits))
            if hasattr(self.index, "hnsw"):
                # faiss's bundled stubs lack the HNSW parameters and SearchParameters' keyword arguments
                params = faiss.SearchParametersHNSW(sel=selector, efSearch=max(self.index.hnsw.efSearch, k))  # type: ignore[attr-defined]
            else:
                params = faiss.SearchParameters(sel=selector)  # type: ignore[call-arg]
        scores, rows = self.index.search(query.reshape(1, -1).astype(np.float32), min(k, self.size), params=params)
        keep = rows[0] >= 0
        return scores[0][keep], rows[0][keep]

    def close(self) -> None:
        with self._conn_lock:
            self._conn.close()


class LiveIndex:
    """The published version of ``index_dir``, reloaded when LIVE changes. Thread-safe."""

    def __init__(self, index_dir: Path, embedder: Embedder, *, check_interval: float = 0.5) -> None:
        self.index_dir = Path(index_dir)
        self.embedder = embedder
        self.check_interval = check_interval
        self._snapshot: Snapshot | None = None
        self._pointer_key: tuple[int, int, int] | None = None
        self._checked_at = float("-inf")
        self._lock = threading.Lock()

    @property
    def version(self) -> str | None:
        """The version being served (checks for a newly published one first); None when none is published."""
        try:
            snap = self._current()
        except IndexNotFound:
            return None
        return snap.version if snap else None

    def snapshot(self) -> Snapshot:
        """The current snapshot; raises ``IndexNotFound`` when nothing is published."""
        snap = self._current()
        if snap is None:
            raise IndexNotFound(f"no index published in {self.index_dir} (run: caredraft kb sync --index {self.index_dir})")
        return snap

    def refresh(self) -> None:
        """Check LIVE now instead of waiting for the interval."""
        with self._lock:
            self._checked_at = float("-inf")
        self._current()

    def _current(self) -> Snapshot | None:
        snap = self._snapshot
        now = time.monotonic()
        if snap is not None and now - self._checked_at < self.check_interval:
            return snap
        with self._lock:
            if self._snapshot is not None and time.monotonic() - self._checked_at < self.check_interval:
                return self._snapshot
            key = self._pointer_stat()
            if key is None:
                self._checked_at = time.monotonic()
                if self._snapshot is None:
                    return None
                return self._snapshot  # LIVE vanished (e.g. directory being replaced): keep serving what we have
            if key != self._pointer_key or self._snapshot is None:
                self._load_live(key)
            self._checked_at = time.monotonic()
            return self._snapshot

    def _pointer_stat(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self.index_dir / storage.LIVE_FILE)
        except FileNotFoundError:
            return None
        return (st.st_mtime_ns, st.st_ino, st.st_size)

    def _load_live(self, key: tuple[int, int, int]) -> None:
        for attempt in range(3):
            version = storage.read_live(self.index_dir)
            if version is None:
                return
            if self._snapshot is not None and self._snapshot.version == version:
                self._pointer_key = key
                return
            try:
                new = Snapshot(self.index_dir, version, self.embedder)
            except CorruptIndex:
                # The version may have been pruned between reading LIVE and opening it: re-read LIVE.
                if attempt == 2 or storage.read_live(self.index_dir) == version:
                    if self._snapshot is not None:
                        return  # keep serving the old snapshot rather than failing searches
                    raise
                continue
            self._snapshot = new  # one reference assignment: searches see the old or the new, never a mix
            self._pointer_key = key
            return
