"""Incremental sync, atomic publishing, failures, concurrent readers, rollback and the versions API (fake embedder)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from assistant.settings import KnowledgeBaseSettings, RetrievalSettings
from knowledge_base import storage, versions
from knowledge_base.errors import (
    CorruptIndex,
    EmbedderMismatch,
    IndexNotFound,
    KnowledgeBaseError,
    SyncInProgress,
    UnknownDocument,
)
from knowledge_base.live import LiveIndex
from knowledge_base.retriever import HybridRetriever
from knowledge_base.sync import ensure_index, sync
from knowledge_base.types import Filters
from models.embedders import HashingEmbedder

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = KnowledgeBaseSettings()

DOCS = {
    "returns.md": "---\ntags: [returns]\neffective_date: 2026-01-01\n---\n# Returns\n\nItems can be returned within 30 days of delivery. "
    "Refunds go back to the original card.\n\n## Exceptions\n\nFinal sale items cannot be returned.\n",
    "shipping.md": "---\ntags: [shipping]\n---\n# Shipping\n\nStandard shipping takes 3 to 5 business days. Express shipping "
    "arrives the next day.\n",
    "membership.md": "---\ntags: [membership]\n---\n# Membership\n\nThe PLUS-12 plan costs 49 dollars per year and includes free "
    "express shipping.\n",
    "escalation.md": "---\naudience: internal\ntags: [agents]\n---\n# Escalation rules\n\nEscalate refunds above 500 dollars "
    "to a team lead.\n",
    "future.md": "---\neffective_date: 2099-01-01\ntags: [returns]\n---\n# New returns window\n\nFrom 2099 items can be "
    "returned within 90 days.\n",
}


def write_corpus(path: Path, docs: dict[str, str] = DOCS) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    for name, text in docs.items():
        (path / name).write_text(text)
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "docs")


def _search(index: Path, embedder: HashingEmbedder, query: str, k: int = 5, filters: Filters | None = None):  # noqa: ANN202
    return HybridRetriever(LiveIndex(index, embedder), embedder, RetrievalSettings()).retrieve(query, k=k, filters=filters)


def test_first_sync_then_nothing_changed(tmp_path: Path, corpus: Path, fake_embedder: HashingEmbedder) -> None:
    index = tmp_path / "index"
    first = sync([corpus], index, fake_embedder, settings=SETTINGS)
    assert first.documents == 5 and first.chunks >= 5
    assert first.embedded == first.chunks == fake_embedder.calls and first.reused == 0
    manifest = storage.read_manifest(index, first.version)
    assert manifest["embedder"] == {"model_id": "hashing-v1", "dimension": 256, "backend": "hashing"}
    assert manifest["counts"] == {"documents": 5, "chunks": first.chunks} and manifest["index_type"] == "flat"
    for name in ("chunks.sqlite", "vectors.npy", "vectors.faiss", "bm25", "manifest.json"):
        assert (storage.version_path(index, first.version) / name).exists()
    second = sync([corpus], index, fake_embedder, settings=SETTINGS)
    assert second.embedded == 0 and second.reused == first.chunks and second.deleted == 0
    assert fake_embedder.calls == first.embedded  # nothing was embedded the second time
    assert second.version == first.version  # nothing changed: no new version


def test_edit_one_document_embeds_only_its_chunks(tmp_path: Path, corpus: Path, fake_embedder: HashingEmbedder) -> None:
    index = tmp_path / "index"
    first = sync([corpus], index, fake_embedder, settings=SETTINGS)
    (corpus / "shipping.md").write_text(DOCS["shipping.md"].replace("3 to 5", "2 to 4"))
    calls = fake_embedder.calls
    report = sync([corpus], index, fake_embedder, settings=SETTINGS)
    assert report.version != first.version
    assert report.embedded == 1 and fake_embedder.calls - calls == 1  # only the edited shipping chunk
    assert report.reused == report.chunks - 1
    hits = _search(index, fake_embedder, "how many business days does standard shipping take")
    assert hits[0].chunk.doc_id == "shipping" and "2 to 4" in hits[0].chunk.text
    # reused vectors are identical to freshly computed ones
    snap = LiveIndex(index, fake_embedder).snapshot()
    fresh = fake_embedder.embed_documents(["Returns\nItems can be returned within 30 days of delivery. Refunds go back to the original card."])
    assert np.max(np.abs(np.asarray(snap.vectors) @ fresh[0])) == pytest.approx(1.0, abs=1e-5)


def test_deleted_file_is_gone_from_search(tmp_path: Path, corpus: Path, fake_embedder: HashingEmbedder) -> None:
    index = tmp_path / "index"
    sync([corpus], index, fake_embedder, settings=SETTINGS)
    assert _search(index, fake_embedder, "PLUS-12 plan")[0].chunk.doc_id == "membership"
    (corpus / "membership.md").unlink()
    report = sync([corpus], index, fake_embedder, settings=SETTINGS)
    assert report.deleted == 1 and report.embedded == 0 and report.documents == 4
    assert all(h.chunk.doc_id != "membership" for h in _search(index, fake_embedder, "PLUS-12 plan", k=10))


def test_failure_mid_sync_leaves_old_version_serving(
    tmp_path: Path, corpus: Path, fake_embedder: HashingEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = tmp_path / "index"
    first = sync([corpus], index, fake_embedder, settings=SETTINGS)
    (corpus / "shipping.md").write_text(DOCS["shipping.md"].replace("3 to 5", "9 to 12"))

    def boom(texts):  # noqa: ANN001, ANN202
        raise RuntimeError("embedder crashed")

    monkeypatch.setattr(fake_embedder, "embed_documents", boom)
    with pytest.raises(RuntimeError, match="embedder crashed"):
        sync([corpus], index, fake_embedder, settings=SETTINGS)
    assert storage.read_live(index) == first.version
    assert storage.list_versions(index) == [first.version]
    hits = _search(index, fake_embedder, "standard shipping business days")
    assert hits[0].chunk.doc_id == "shipping" and "3 to 5" in hits[0].chunk.text


def test_failure_while_writing_leaves_no_partial_version(
    tmp_path: Path, corpus: Path, fake_embedder: HashingEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = tmp_path / "index"
    first = sync([corpus], index, fake_embedder, settings=SETTINGS)
    (corpus / "extra.md").write_text("# Extra\n\nGift wrapping costs 4 dollars.\n")
    import knowledge_base.bm25 as bm25

    monkeypatch.setattr(bm25.BM25Index, "save", lambda self, d: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError, match="disk full"):
        sync([corpus], index, fake_embedder, settings=SETTINGS)
    assert storage.read_live(index) == first.version
    assert [p.name for p in storage.versions_dir(index).iterdir()] == [first.version]


def test_killed_sync_leaves_old_version_and_releases_lock(tmp_path: Path, corpus: Path, fake_embedder: HashingEmbedder) -> None:
    index = tmp_path / "index"
    first = sync([corpus], index, fake_embedder, settings=SETTINGS)
    (corpus / "extra.md").write_text("# Extra\n\nGift wrapping costs 4 dollars.\n")
    script = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from assistant.settings import KnowledgeBaseSettings
        from knowledge_base.sync import sync
        from models.embedders import HashingEmbedder
        class Slow(HashingEmbedder):
            def embed_documents(self, texts, progress=None):
                print("embedding", flush=True); time.sleep(60)
        sync([Path({str(corpus)!r})], Path({str(index)!r}), Slow(), settings=KnowledgeBaseSettings())
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "embedding"
        with pytest.raises(SyncInProgress):  # the running sync holds the writer lock
            sync([corpus], index, fake_embedder, settings=SETTINGS)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert storage.read_live(index) == first.version
    assert _search(index, fake_embedder, "PLUS-12 plan")[0].chunk.doc_id == "membership"
    (storage.versions_dir(index) / ".tmp-leftover").mkdir()  # what a writer killed while writing leaves
    report = sync([corpus], index, fake_embedder, settings=SETTINGS)  # the lock died with the process
    assert report.documents == 6 and storage.read_live(index) == report.version
    assert not any(p.name.startswith(".tmp-") for p in storage.versions_dir(index).iterdir())


READER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from assistant.settings import RetrievalSettings
    from knowledge_base.live import LiveIndex
    from knowledge_base.retriever import HybridRetriever
    from models.embedders import HashingEmbedder
    e = HashingEmbedder()
    live = LiveIndex(Path(sys.argv[1]), e, check_interval=0.0)
    r = HybridRetriever(live, e, RetrievalSettings())
    seen, searches, deadline = set(), 0, time.time() + float(sys.argv[2])
    print("ready", flush=True)
    while time.time() < deadline:
        snap = live.snapshot()
        hits = r.retrieve("generation marker policy", k=20)
        gens = {h.chunk.text.split("generation ")[1].split(".")[0] for h in hits if "generation " in h.chunk.text}
        assert len(gens) <= 1, f"mixed versions in one search: {gens}"
        seen.add(live.version); searches += 1
    print(len(seen), searches, flush=True)
    """
)


def test_reader_in_another_process_never_sees_a_mix(tmp_path: Path, fake_embedder: HashingEmbedder) -> None:
    index, docs = tmp_path / "index", tmp_path / "docs"

    def generation(n: int) -> None:
        write_corpus(docs, {f"doc{i}.md": f"# Doc {i}\n\nThis policy belongs to generation {n}. Marker {i}.\n" for i in range(30)})

    generation(0)
    sync([docs], index, fake_embedder, settings=SETTINGS)
    proc = subprocess.Popen([sys.executable, "-c", READER, str(index), "4"], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    for n in range(1, 6):
        generation(n)
        sync([docs], index, fake_embedder, settings=KnowledgeBaseSettings(keep_versions=2))
        time.sleep(0.2)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err[-2000:]
    versions_seen, searches = map(int, out.split())
    assert versions_seen >= 2 and searches > 10


def test_live_index_picks_up_new_version_without_restart(tmp_path: Path, corpus: Path, fake_embedder: HashingEmbedder) -> None:
    index = tmp_path / "index"
    first = sync([corpus], index, fake_embedder, settings=SETTINGS)
    live = LiveIndex(index, fake_embedder, check_interval=0.0)
    assert live.version == first.version
    (corpus / "extra.md").write_text("# Gift wrapping\n\nGift wrapping costs 4 dollars.\n")
    second = sync([corpus], index, fake_embedder, settings=SETTINGS)
    assert live.version == second.version
    hits = HybridRetriever(live, fake_embedder).retrieve("gift wrapping cost", k=1)
    assert hits[0].chunk.doc_id == "extra"


def test_rollback_returns_to_previous_version(tmp_path: Path, corpus: Path, fake_embedder: HashingEmbedder) -> None:
    index = tmp_path / "index"
    first = sync([corpus], index, fake_embedder, settings=SETTINGS)
    with pytest.raises(KnowledgeBaseError, match="nothing to roll back"):
        versions.rollback(index)
    (corpus / "membership.md").unlink()
    second = sync([corpus], index, fake_embedder, settings=SETTINGS)
    assert versions.rollback(index) == first.version
    assert storage.read_live(index) == first.version
    assert _search(index, fake_embedder, "PLUS-12 plan")[0].chunk.doc_id == "membership"
    status = versions.status(index)
    assert status["live"] == first.version and [v["version"] for v in status["versions"]] == [second.version, first.version]


def test_keep_versions_prunes_oldest_but_never_live(tmp_path: Path, corpus: Path, fake_embedder: HashingEmbedder) -> None:
    index = tmp_path / "index"
    settings = KnowledgeBaseSettings(keep_versions=2)
    made = []
    for n in range(4):
        (corpus / "shipping.md").write_text(DOCS["shipping.md"].replace("3 to 5", f"{n} to 9"))
        made.append(sync([corpus], index, fake_embedder, settings=settings).version)
    assert storage.list_versions(index) == made[-2:]


def test_embedder_mismatch_names_both_models(tmp_path: Path, corpus: Path, fake_embedder: HashingEmbedder) -> None:
    index = tmp_path / "index"
    first = sync([corpus], index, fake_embedder, settings=SETTINGS)
    other = HashingEmbedder(dimension=128, model_id="other-model")
    with pytest.raises(EmbedderMismatch, match="hashing-v1.*other-model"):
        LiveIndex(index, other).snapshot()
    with pytest.raises(EmbedderMismatch):
        sync([corpus], index, other, settings=SETTINGS)
    assert storage.read_live(index) == first.version and storage.list_versions(index) == [first.version]


def test_a_backend_switch_is_refused_at_query_time_and_a_sync_re_embeds_everything(
        tmp_path: Path, corpus: Path, fake_embedder: HashingEmbedder) -> None:
    index = tmp_path / "index"
    first = sync([corpus], index, fake_embedder, settings=SETTINGS)
    other = HashingEmbedder()
    other.backend = "onnx"  # same model id and dimension, vectors from another runtime
    with pytest.raises(EmbedderMismatch, match="'hashing' backend.*'onnx'.*reindex"):
        LiveIndex(index, other).snapshot()
    report = sync([corpus], index, other, settings=SETTINGS)
    assert report.reused == 0 and report.embedded == first.chunks  # no vector of the old backend carried over
    assert storage.read_manifest(index, report.version)["embedder"]["backend"] == "onnx"
    assert _search(index, other, "shipping")  # the new version serves the new backend


def test_second_concurrent_sync_fails(tmp_path: Path, corpus: Path, fake_embedder: HashingEmbedder) -> None:
    index = tmp_path / "index"
    with storage.writer_lock(index):
        with pytest.raises(SyncInProgress, match="another sync"):
            sync([corpus], index, fake_embedder, settings=SETTINGS)
    sync([corpus], index, fake_embedder, settings=SETTINGS)  # lock released afterwards


def test_retriever_filters_before_truncating(tmp_path: Path, corpus: Path, fake_embedder: HashingEmbedder) -> None:
    index = tmp_path / "index"
    sync([corpus], index, fake_embedder, settings=SETTINGS)
    query = "refunds returned items"
    public = _search(index, fake_embedder, query, k=10, filters=Filters(audience=frozenset({"public"})))
    assert public and all(h.chunk.audience == "public" for h in public)
    assert any(h.chunk.doc_id == "escalation" for h in _search(index, fake_embedder, query, k=10))
    tagged = _search(index, fake_embedder, query, k=1, filters=Filters(tags=frozenset({"shipping"})))
    assert [h.chunk.doc_id for h in tagged] == ["shipping"]  # the filter applies before k=1 is taken
    today = _search(index, fake_embedder, "returned within days", k=10, filters=Filters(effective_on=date(2026, 6, 1)))
    assert today and all(h.chunk.doc_id != "future" for h in today)
    only = _search(index, fake_embedder, query, k=10, filters=Filters(doc_ids=frozenset({"membership"})))
    assert {h.chunk.doc_id for h in only} == {"membership"}
    for hit in public:
        assert 0.0 <= hit.score <= 1.0


def test_exact_code_and_scores_are_thresholdable(tmp_path: Path, corpus: Path, fake_embedder: HashingEmbedder) -> None:
    index = tmp_path / "index"
    sync([corpus], index, fake_embedder, settings=SETTINGS)
    hit = _search(index, fake_embedder, "PLUS-12", k=1)[0]
    assert hit.chunk.doc_id == "membership" and hit.bm25_score and hit.bm25_score > 0
    unrelated = _search(index, fake_embedder, "zebra quantum violin", k=3)
    assert all(h.score < hit.score for h in unrelated)


def test_near_duplicates_are_removed(tmp_path: Path, fake_embedder: HashingEmbedder) -> None:
    same = "# Care\n\nWash wool jumpers by hand in cold water and dry them flat.\n"
    docs = write_corpus(tmp_path / "docs", {"a.md": same, "b.md": same.replace("# Care", "# Care "), "c.md": "# Other\n\nWash cotton warm.\n"})
    index = tmp_path / "index"
    sync([docs], index, fake_embedder, settings=SETTINGS)
    hits = _search(index, fake_embedder, "wash wool jumpers", k=3)
    assert [h.chunk.doc_id for h in hits].count("a") + [h.chunk.doc_id for h in hits].count("b") == 1


def test_hnsw_above_threshold(tmp_path: Path, corpus: Path, fake_embedder: HashingEmbedder) -> None:
    index = tmp_path / "index"
    report = sync([corpus], index, fake_embedder, settings=KnowledgeBaseSettings(hnsw_threshold=2))
    assert storage.read_manifest(index, report.version)["index_type"] == "hnsw"
    assert _search(index, fake_embedder, "PLUS-12 plan")[0].chunk.doc_id == "membership"
    hits = _search(index, fake_embedder, "refunds", k=5, filters=Filters(audience=frozenset({"internal"})))
    assert [h.chunk.doc_id for h in hits] == ["escalation"]


def test_delete_document_publishes_without_reembedding(tmp_path: Path, corpus: Path, fake_embedder: HashingEmbedder) -> None:
    index = tmp_path / "index"
    first = sync([corpus], index, fake_embedder, settings=SETTINGS)
    calls = fake_embedder.calls
    report = versions.delete_document(index, "membership", fake_embedder, SETTINGS)
    assert report.deleted == 1 and report.embedded == 0 and fake_embedder.calls == calls
    assert report.version != first.version and report.documents == 4
    assert "membership" not in {d["doc_id"] for d in versions.list_documents(index)}
    assert all(h.chunk.doc_id != "membership" for h in _search(index, fake_embedder, "PLUS-12 plan", k=10))
    with pytest.raises(UnknownDocument, match="membership"):
        versions.delete_document(index, "membership", fake_embedder, SETTINGS)
    assert versions.rollback(index) == first.version  # a delete can be undone


def test_get_document_and_list(tmp_path: Path, corpus: Path, fake_embedder: HashingEmbedder) -> None:
    index = tmp_path / "index"
    sync([corpus], index, fake_embedder, settings=SETTINGS)
    docs = versions.list_documents(index)
    assert [d["doc_id"] for d in docs] == sorted(d["doc_id"] for d in docs) and len(docs) == 5
    doc = versions.get_document(index, "returns")
    assert doc["effective_date"] == "2026-01-01" and doc["tags"] == ["returns"]
    assert all(doc["text"][c["start"] : c["end"]] == c["text"] for c in doc["chunk_list"])
    with pytest.raises(UnknownDocument):
        versions.get_document(index, "nope")


def test_missing_and_corrupt_index(tmp_path: Path, corpus: Path, fake_embedder: HashingEmbedder) -> None:
    with pytest.raises(IndexNotFound):
        versions.status(tmp_path / "none")
    assert LiveIndex(tmp_path / "none", fake_embedder).version is None
    index = tmp_path / "index"
    first = sync([corpus], index, fake_embedder, settings=SETTINGS)
    (storage.version_path(index, first.version) / "vectors.faiss").write_bytes(b"garbage")
    with pytest.raises(CorruptIndex, match=first.version):
        LiveIndex(index, fake_embedder).snapshot()
    (index / storage.LIVE_FILE).write_text("../../etc\n")
    with pytest.raises(CorruptIndex, match="live pointer"):
        versions.status(index)


def test_ensure_index_builds_sample_once(tmp_path: Path, fake_embedder: HashingEmbedder) -> None:
    index = tmp_path / "index"
    report = ensure_index(index, fake_embedder, SETTINGS)
    assert report is not None and report.documents >= 1
    assert ensure_index(index, fake_embedder, SETTINGS) is None


def test_progress_reports_both_stages(tmp_path: Path, corpus: Path, fake_embedder: HashingEmbedder) -> None:
    seen: dict[str, tuple[int, int]] = {}
    sync([corpus], tmp_path / "index", fake_embedder, settings=SETTINGS, progress=lambda s, d, t: seen.__setitem__(s, (d, t)))
    assert seen["documents"] == (5, 5)
    assert seen["chunks"][0] == seen["chunks"][1] > 0


def test_concurrent_searches_in_threads_during_syncs(tmp_path: Path, fake_embedder: HashingEmbedder) -> None:
    from concurrent.futures import ThreadPoolExecutor

    docs, index = tmp_path / "docs", tmp_path / "index"
    write_corpus(docs, {f"d{i}.md": f"# D{i}\n\nGeneration 0 of refund rule {i}.\n" for i in range(20)})
    sync([docs], index, fake_embedder, settings=SETTINGS)
    live = LiveIndex(index, fake_embedder, check_interval=0.0)
    retriever = HybridRetriever(live, fake_embedder)
    stop = time.time() + 2.0

    def search() -> int:
        n = 0
        while time.time() < stop:
            hits = retriever.retrieve("refund rule generation", k=10)
            assert len({h.chunk.text.split()[1] for h in hits}) == 1  # one generation per search
            n += 1
        return n

    with ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(search) for _ in range(4)]
        for gen in range(1, 4):
            write_corpus(docs, {f"d{i}.md": f"# D{i}\n\nGeneration {gen} of refund rule {i}.\n" for i in range(20)})
            sync([docs], index, fake_embedder, settings=SETTINGS)
        assert all(f.result() > 0 for f in futures)
    assert live.version == storage.read_live(index)


def test_rollback_after_rollback_and_sync_skips_the_bad_version(tmp_path: Path, corpus: Path, fake_embedder: HashingEmbedder) -> None:
    index = tmp_path / "index"
    good = sync([corpus], index, fake_embedder, settings=SETTINGS).version
    (corpus / "shipping.md").write_text(DOCS["shipping.md"].replace("3 to 5", "300 to 500"))
    sync([corpus], index, fake_embedder, settings=SETTINGS)  # a bad edit
    assert versions.rollback(index) == good
    (corpus / "shipping.md").write_text(DOCS["shipping.md"].replace("3 to 5", "4 to 6"))
    sync([corpus], index, fake_embedder, settings=SETTINGS)
    assert versions.rollback(index) == good  # back to what was live before, not to the bad version


def test_ensure_index_waits_for_a_concurrent_build(tmp_path: Path, fake_embedder: HashingEmbedder) -> None:
    import threading

    index = tmp_path / "index"
    holder = storage.writer_lock(index)
    holder.__enter__()  # another worker is building the index

    def finish() -> None:
        time.sleep(0.6)
        holder.__exit__(None, None, None)
        sync([ROOT / "knowledge_base" / "sample"], index, fake_embedder, settings=SETTINGS)

    thread = threading.Thread(target=finish)
    thread.start()
    assert ensure_index(index, fake_embedder, SETTINGS, wait_s=60) is None  # waited, built nothing itself
    thread.join()
    assert storage.read_live(index) is not None


def test_filter_mask_selects_exactly_the_allowed_rows(tmp_path: Path, fake_embedder: HashingEmbedder) -> None:
    docs = write_corpus(tmp_path / "docs", {
        f"d{i:02d}.md": f"---\naudience: {'internal' if i % 3 == 0 else 'public'}\n---\n# D{i}\n\nShared refund words {i}.\n"
        for i in range(40)
    })
    for threshold in (10**6, 1):  # flat, then HNSW
        index = tmp_path / f"index-{threshold}"
        sync([docs], index, fake_embedder, settings=KnowledgeBaseSettings(hnsw_threshold=threshold))
        snap = LiveIndex(index, fake_embedder).snapshot()
        filters = Filters(audience=frozenset({"internal"}))
        _, rows = snap.dense_search(fake_embedder.embed_query("shared refund words"), 40, snap.allowed(filters))
        got = {c.doc_id for c in snap.chunks(rows.tolist())}
        assert got == {f"d{i:02d}" for i in range(0, 40, 3)}
        assert snap.allowed(filters) is snap.allowed(filters)  # cached per filter set


def test_an_index_saved_with_an_older_tokenizer_gets_todays_words(tmp_path: Path, corpus: Path,
                                                                  fake_embedder: HashingEmbedder) -> None:
    from knowledge_base.bm25 import BM25Index, tokenize

    index = tmp_path / "index"
    sync([corpus], index, fake_embedder, settings=SETTINGS)
    bm25_dir = storage.version_path(index, str(storage.read_live(index))) / "bm25"
    assert BM25Index.current(bm25_dir)
    query = tokenize("escalated refunds")  # stems: "escalat", "refund"
    fresh = LiveIndex(index, fake_embedder).snapshot().bm25.scores(query)
    import shutil

    import bm25s

    stale = bm25s.BM25()  # as saved before the tokenizer had a version, with other words than today's
    stale.index([text.split() for text in ("Escalated refunds", "Shipping")] * len(fresh), show_progress=False)
    shutil.rmtree(bm25_dir)
    stale.save(str(bm25_dir), show_progress=False)
    assert not BM25Index.current(bm25_dir)
    rebuilt = LiveIndex(index, fake_embedder).snapshot().bm25.scores(query)
    assert rebuilt.max() > 0 and list(rebuilt) == pytest.approx(list(fresh))
