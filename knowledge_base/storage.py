"""On-disk layout of index versions and the atomic publish protocol.

```
index_dir/
  LIVE                      the published version's name (replaced atomically with os.replace)
  .sync.lock                writer lock (fcntl); a second concurrent sync fails with SyncInProgress
  versions/<version>/       immutable once renamed into place
     chunks.sqlite          documents and chunks (text + metadata); chunk row i = vector i
     vectors.npy            raw float32 vectors, so reuse never depends on the FAISS index type
     vectors.faiss          IndexFlatIP (exact) or IndexHNSWFlat (from settings.hnsw_threshold chunks)
     bm25/                  bm25s index over "title > section + text"
     manifest.json          version, created, embedder, chunker version, counts, sources, index type
  versions/.tmp-*           a version being written; removed by the next sync if a writer died
```
A version directory is complete before it is renamed into ``versions/``, and LIVE only ever names complete
versions, so a reader in another process never sees a half-written index.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

from knowledge_base.chunking import CHUNKER_VERSION, chunk_prefix
from knowledge_base.errors import CorruptIndex, IndexNotFound, IndexNotWritable, SyncInProgress
from knowledge_base.types import Chunk, Document

LIVE_FILE = "LIVE"
LOCK_FILE = ".sync.lock"
VERSIONS_DIR = "versions"
TMP_PREFIX = ".tmp-"
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128
_VERSION_RE = re.compile(r"^v(\d{6,})-\d{8}T\d{6}$")

_SCHEMA = """
CREATE TABLE documents (
    doc_id TEXT PRIMARY KEY, title TEXT NOT NULL, source_path TEXT NOT NULL, url TEXT,
    effective_date TEXT, tags TEXT NOT NULL, audience TEXT NOT NULL, doc_hash TEXT NOT NULL,
    text TEXT NOT NULL, n_chunks INTEGER NOT NULL
);
CREATE TABLE chunks (
    row INTEGER PRIMARY KEY, chunk_id TEXT NOT NULL UNIQUE, doc_id TEXT NOT NULL, title TEXT NOT NULL,
    section TEXT NOT NULL, text TEXT NOT NULL, start_char INTEGER NOT NULL, end_char INTEGER NOT NULL,
    url TEXT, effective_date TEXT, tags TEXT NOT NULL, audience TEXT NOT NULL
);
CREATE INDEX chunks_doc ON chunks(doc_id);
"""
CHUNK_COLUMNS = "row, chunk_id, doc_id, title, section, text, start_char, end_char, url, effective_date, tags, audience"


@dataclass(frozen=True)
class StoredDocument:
    document: Document
    doc_hash: str


# --------------------------------------------------------------------------------------------- paths & LIVE


def versions_dir(index_dir: Path) -> Path:
    return Path(index_dir) / VERSIONS_DIR


def version_path(index_dir: Path, version: str) -> Path:
    return versions_dir(index_dir) / version


def read_live(index_dir: Path) -> str | None:
    """The published version's name, or None when nothing has been published."""
    try:
        name = (Path(index_dir) / LIVE_FILE).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CorruptIndex(f"cannot read {Path(index_dir) / LIVE_FILE}: {exc.strerror or exc}") from exc
    if not _VERSION_RE.match(name):
        raise CorruptIndex(f"live pointer {Path(index_dir) / LIVE_FILE} is corrupt (content {name[:40]!r})")
    return name


def require_live(index_dir: Path) -> str:
    version = read_live(index_dir)
    if version is None:
        raise IndexNotFound(f"no index published in {index_dir} (run: caredraft kb sync --index {index_dir})")
    if not version_path(index_dir, version).is_dir():
        raise CorruptIndex(f"live version {version} is missing from {versions_dir(index_dir)}")
    return version


def set_live(index_dir: Path, version: str) -> None:
    """Point LIVE at ``version`` atomically (write a temp file, fsync, os.replace, fsync the directory)."""
    index_dir = Path(index_dir)
    tmp = index_dir / f".LIVE.{uuid.uuid4().hex}"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(version + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, index_dir / LIVE_FILE)
    _fsync(index_dir)


def list_versions(index_dir: Path) -> list[str]:
    """Complete versions, oldest first."""
    root = versions_dir(index_dir)
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir() and _VERSION_RE.match(p.name))


def next_version_name(index_dir: Path) -> str:
    existing = [int(_VERSION_RE.match(v).group(1)) for v in list_versions(index_dir)]  # type: ignore[union-attr]
    number = max(existing, default=0) + 1
    return f"v{number:06d}-{datetime.now(timezone.utc).strftime('%Y%m%dT%H%M%S')}"


def _fsync(path: Path) -> None:
    """Flush a file or a directory entry to disk (best effort: some filesystems refuse directory fsync)."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# --------------------------------------------------------------------------------------------- writer lock


@contextlib.contextmanager
def writer_lock(index_dir: Path) -> Iterator[None]:
    """Exclusive writer lock for one index directory; fails fast instead of waiting."""
    index_dir = Path(index_dir)
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        fh = open(index_dir / LOCK_FILE, "a+")  # noqa: SIM115 - held for the block's duration
    except OSError as exc:
        raise IndexNotWritable(f"index directory {index_dir} is not writable: {exc.strerror or exc}") from exc
    try:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise SyncInProgress(f"another sync is writing {index_dir}; try again when it has finished") from exc
        if not os.access(index_dir, os.W_OK):
            raise IndexNotWritable(f"index directory {index_dir} is not writable")
        _clean_temp_dirs(index_dir)
        yield
    finally:
        fh.close()  # closing releases the flock


def _clean_temp_dirs(index_dir: Path) -> None:
    """Remove versions left half-written by a writer that died (only called under the writer lock)."""
    root = versions_dir(index_dir)
    if root.is_dir():
        for p in root.iterdir():
            if p.name.startswith(TMP_PREFIX):
                shutil.rmtree(p, ignore_errors=True)
    for p in Path(index_dir).glob(".LIVE.*"):
        with contextlib.suppress(OSError):
            p.unlink()


def prune_versions(index_dir: Path, keep: int) -> list[str]:
    """Delete the oldest versions beyond ``keep``; never the live one."""
    live = read_live(index_dir)
    versions = list_versions(index_dir)
    removed = []
    for version in versions[: max(len(versions) - keep, 0)]:
        if version != live:
            shutil.rmtree(version_path(index_dir, version), ignore_errors=True)
            removed.append(version)
    return removed


# --------------------------------------------------------------------------------------------- writing


def write_version(
    index_dir: Path,
    *,
    documents: Sequence[StoredDocument],
    chunks: Sequence[Chunk],
    vectors: np.ndarray,
    embedder_model_id: str,
    dimension: int,
    embedder_backend: str = "torch",
    embedder_quantisation: str | None = None,
    sources: Sequence[str],
    hnsw_threshold: int,
    content_hash: str,
    extra: dict[str, Any] | None = None,
) -> str:
    """Write a complete version under a temp name, rename it into ``versions/`` and return its name.

    The caller publishes it with ``set_live``. Must run under ``writer_lock``.
    """
    import faiss

    from knowledge_base.bm25 import BM25Index

    if vectors.shape != (len(chunks), dimension):
        raise ValueError(f"vectors shape {vectors.shape} does not match {len(chunks)} chunks x {dimension}")
    root = versions_dir(index_dir)
    root.mkdir(parents=True, exist_ok=True)
    tmp = root / f"{TMP_PREFIX}{uuid.uuid4().hex}"
    tmp.mkdir()
    try:
        _write_sqlite(tmp / "chunks.sqlite", documents, chunks)
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        with open(tmp / "vectors.npy", "wb") as fh:
            np.save(fh, vectors)
            fh.flush()
            os.fsync(fh.fileno())
        index_type = "hnsw" if len(chunks) >= hnsw_threshold else "flat"
        index: faiss.Index
        if index_type == "hnsw":
            index = faiss.IndexHNSWFlat(dimension, HNSW_M, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        else:
            index = faiss.IndexFlatIP(dimension)
        if len(chunks):
            threads = faiss.omp_get_max_threads()
            faiss.omp_set_num_threads(os.cpu_count() or 1)  # building is batch work: use every core
            try:
                index.add(vectors)
            finally:
                faiss.omp_set_num_threads(threads)
        faiss.write_index(index, str(tmp / "vectors.faiss"))
        if chunks:
            BM25Index.build([chunk_prefix(c.title, c.section) + c.text for c in chunks]).save(tmp / "bm25")
        version = next_version_name(index_dir)
        manifest = {
            "version": version,
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "embedder": {"model_id": embedder_model_id, "dimension": dimension, "backend": embedder_backend,
                         **({"quantisation": embedder_quantisation} if embedder_quantisation else {})},
            "chunker_version": CHUNKER_VERSION,
            "counts": {"documents": len(documents), "chunks": len(chunks)},
            "sources": list(sources),
            "index_type": index_type,
            "hnsw": {"M": HNSW_M, "ef_construction": HNSW_EF_CONSTRUCTION, "ef_search": HNSW_EF_SEARCH}
            if index_type == "hnsw"
            else None,
            "content_hash": content_hash,
            **(extra or {}),
        }
        with open(tmp / "manifest.json", "w", encoding="utf-8") as fh:
            json.dump(manifest, fh, indent=2)
            fh.flush()
            os.fsync(fh.fileno())
        for p in tmp.rglob("*"):
            if p.is_file():
                _fsync(p)
        _fsync(tmp)
        os.rename(tmp, root / version)
        _fsync(root)
        return version
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _write_sqlite(path: Path, documents: Sequence[StoredDocument], chunks: Sequence[Chunk]) -> None:
    counts: dict[str, int] = {}
    for c in chunks:
        counts[c.doc_id] = counts.get(c.doc_id, 0) + 1
    conn = sqlite3.connect(path)
    try:
        conn.executescript(_SCHEMA)
        conn.executemany(
            "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    d.document.doc_id, d.document.title, d.document.source_path, d.document.url,
                    _date_str(d.document.effective_date), json.dumps(list(d.document.tags)), d.document.audience,
                    d.doc_hash, d.document.text, counts.get(d.document.doc_id, 0),
                )
                for d in documents
            ],
        )
        conn.executemany(
            f"INSERT INTO chunks ({CHUNK_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    row, c.chunk_id, c.doc_id, c.title, c.section, c.text, c.start, c.end, c.url,
                    _date_str(c.effective_date), json.dumps(list(c.tags)), c.audience,
                )
                for row, c in enumerate(chunks)
            ],
        )
        conn.commit()
    finally:
        conn.close()


def _date_str(value: date | None) -> str | None:
    return value.isoformat() if value else None


# --------------------------------------------------------------------------------------------- reading


def read_manifest(index_dir: Path, version: str) -> dict[str, Any]:
    path = version_path(index_dir, version) / "manifest.json"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        _ = manifest["embedder"]["model_id"], manifest["counts"]["chunks"]
        return manifest
    except FileNotFoundError as exc:
        raise CorruptIndex(f"index version {version} has no manifest ({path})") from exc
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CorruptIndex(f"manifest of index version {version} is corrupt ({path})") from exc


def connect(index_dir: Path, version: str) -> sqlite3.Connection:
    """Read-only connection to a version's chunk store (versions are immutable, hence ``immutable=1``)."""
    path = version_path(index_dir, version) / "chunks.sqlite"
    if not path.is_file():
        raise CorruptIndex(f"index version {version} has no chunk store ({path})")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        conn.execute("SELECT count(*) FROM chunks").fetchone()
        return conn
    except sqlite3.DatabaseError as exc:
        raise CorruptIndex(f"chunk store of index version {version} is corrupt ({path}): {exc}") from exc


def row_to_chunk(row: Sequence[Any]) -> Chunk:
    _, chunk_id, doc_id, title, section, text, start, end, url, eff, tags, audience = row
    return Chunk(
        chunk_id=chunk_id, doc_id=doc_id, title=title, section=section, text=text, start=start, end=end, url=url,
        effective_date=date.fromisoformat(eff) if eff else None, tags=tuple(json.loads(tags)), audience=audience,
    )


def read_chunks(conn: sqlite3.Connection, rows: Sequence[int] | None = None) -> list[Chunk]:
    if rows is None:
        cur = conn.execute(f"SELECT {CHUNK_COLUMNS} FROM chunks ORDER BY row")
        return [row_to_chunk(r) for r in cur]
    out: dict[int, Chunk] = {}
    rows = [int(r) for r in rows]
    for start in range(0, len(rows), 500):
        part = rows[start : start + 500]
        cur = conn.execute(f"SELECT {CHUNK_COLUMNS} FROM chunks WHERE row IN ({','.join('?' * len(part))})", part)
        for r in cur:
            out[r[0]] = row_to_chunk(r)
    return [out[r] for r in rows]


def read_documents(conn: sqlite3.Connection, *, with_text: bool = False) -> list[StoredDocument]:
    text_col = "text" if with_text else "''"
    cur = conn.execute(
        f"SELECT doc_id, title, source_path, url, effective_date, tags, audience, doc_hash, {text_col} FROM documents ORDER BY doc_id"
    )
    return [
        StoredDocument(
            Document(
                doc_id=r[0], title=r[1], text=r[8], source_path=r[2], url=r[3],
                effective_date=date.fromisoformat(r[4]) if r[4] else None, tags=tuple(json.loads(r[5])), audience=r[6],
            ),
            r[7],
        )
        for r in cur
    ]


def load_vectors(index_dir: Path, version: str, *, mmap: bool = True) -> np.ndarray:
    path = version_path(index_dir, version) / "vectors.npy"
    try:
        return np.load(path, mmap_mode="r" if mmap else None)
    except FileNotFoundError as exc:
        raise CorruptIndex(f"index version {version} has no vectors ({path})") from exc
    except (OSError, ValueError) as exc:
        raise CorruptIndex(f"vectors of index version {version} are corrupt ({path})") from exc
