"""Embedder backends in one run: fp32 torch vs int8 ONNX Runtime (``CAREDRAFT_EMBEDDER__BACKEND``).

Measures, for both on the same machine and in the same process: indexing throughput (a full ``sync`` of
synthetic policy documents, chunks/s, and the share spent embedding), query-embedding latency (distinct
queries, one at a time, p50/p95), and retrieval quality on the labelled queries over the bundled sample
(``tests/data/retrieval_queries.yaml``): recall@5 and MRR, through the hybrid retriever and dense-only.
Targets (issue 12): >= 2x indexing throughput, recall@5 within 1 point; the default switches only if both hold.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bench_kb import _document
from benchmarks.common import print_table, write_results
from evaluation.metrics.latency import percentile

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "tests" / "data" / "retrieval_queries.yaml"


def _embedders(cache_dir: Path) -> dict:
    from assistant.settings import EmbedderSettings
    from models.embedders import build_embedder

    return {"torch fp32": build_embedder(EmbedderSettings(backend="torch"), cache_dir),
            "onnx int8": build_embedder(EmbedderSettings(backend="onnx"), cache_dir)}


def _indexing(embedder, docs: Path, index: Path) -> dict:  # noqa: ANN001
    from assistant.settings import KnowledgeBaseSettings
    from knowledge_base.sync import sync

    embedder.embed_documents(["warm-up text"] * 64)  # first-call costs out of the timing
    original, spent = embedder.embed_documents, [0.0]

    def timed(texts, progress=None):  # noqa: ANN001, ANN202
        t = time.perf_counter()
        out = original(texts, progress)
        spent[0] += time.perf_counter() - t
        return out

    embedder.embed_documents = timed
    try:
        t0 = time.perf_counter()
        report = sync([docs], index, embedder, settings=KnowledgeBaseSettings())
        seconds = time.perf_counter() - t0
    finally:
        del embedder.embed_documents
    return {"chunks": report.chunks, "sync_s": seconds, "chunks_per_s": report.chunks / seconds,
            "embed_share": spent[0] / seconds}


def _query_latency(embedder, n: int) -> dict:  # noqa: ANN001
    rng = random.Random(3)
    words = "parcel refund return size exchange delivery late charged twice gift card order cancel membership".split()
    queries = [f"{' '.join(rng.choice(words) for _ in range(rng.randint(5, 18)))} number {i}" for i in range(n)]
    embedder.embed_query("warm-up")
    times = []
    for q in queries:
        t = time.perf_counter()
        embedder.embed_query(q)
        times.append(time.perf_counter() - t)
    return {"query_p50_ms": percentile(times, 50) * 1000, "query_p95_ms": percentile(times, 95) * 1000}


def _quality(embedder, index: Path) -> dict:  # noqa: ANN001
    import yaml

    from assistant.settings import SAMPLE_KB_DIR, KnowledgeBaseSettings, RetrievalSettings
    from evaluation.metrics.retrieval import mrr, recall_at_k
    from knowledge_base.live import LiveIndex
    from knowledge_base.retriever import HybridRetriever
    from knowledge_base.sync import sync

    sync([SAMPLE_KB_DIR], index, embedder, settings=KnowledgeBaseSettings())
    live = LiveIndex(index, embedder)
    retriever = HybridRetriever(live, embedder, RetrievalSettings())
    snapshot = live.snapshot()
    pairs = [(item["query"], set(item["relevant"])) for item in yaml.safe_load(QUERIES.read_text())]
    hybrid_r, hybrid_m, dense_r, dense_m = [], [], [], []
    for query, gold in pairs:
        ranked = [h.chunk.doc_id for h in retriever.retrieve(query, k=5)]
        hybrid_r.append(recall_at_k(ranked, gold, 5))
        hybrid_m.append(mrr(ranked, gold))
        _scores, rows = snapshot.index.search(embedder.embed_query(query).reshape(1, -1), 40)
        dense = [c.doc_id for c in snapshot.chunks([int(r) for r in rows[0] if r >= 0])]
        dense_r.append(recall_at_k(dense, gold, 5))
        dense_m.append(mrr(dense, gold))
    mean = lambda xs: sum(xs) / len(xs)  # noqa: E731
    return {"queries": len(pairs), "recall@5": mean(hybrid_r), "mrr": mean(hybrid_m), "dense_recall@5": mean(dense_r),
            "dense_mrr": mean(dense_m)}


def _chunk_texts(index: Path) -> list[str]:
    from knowledge_base import storage
    from knowledge_base.chunking import embedding_text

    version = storage.read_live(index)
    assert version, f"no live version in {index}"
    conn = storage.connect(index, version)
    try:
        return [embedding_text(c) for c in storage.read_chunks(conn)]
    finally:
        conn.close()


def _embedding_only(embedders: dict, texts: list[str], batches: list[int], rounds: int) -> list[dict]:
    """Texts/s of ``embed_documents`` alone per backend and batch size, interleaved, best of ``rounds``."""
    best: dict[tuple[str, int], tuple[float, float]] = {}
    for _ in range(rounds):
        for name, embedder in embedders.items():
            default = embedder.batch_size
            for batch in batches:
                embedder.batch_size = batch
                w, c = time.perf_counter(), time.process_time()
                embedder.embed_documents(texts)
                wall, cpu = time.perf_counter() - w, time.process_time() - c
                old = best.get((name, batch), (float("inf"), float("inf")))
                best[(name, batch)] = (min(old[0], wall), min(old[1], cpu))
            embedder.batch_size = default
    return [{"backend": name, "batch": batch, "texts/s": len(texts) / wall, "texts/CPU-s": len(texts) / cpu}
            for (name, batch), (wall, cpu) in best.items()]


def main(quick: bool = False, rounds: int | None = None, batches: list[int] | None = None) -> dict:
    """``rounds`` full indexing runs per backend (default 2, ``BENCH_EMBEDDER_ROUNDS``), alternating torch and onnx
    so that both meet the same load; each backend's best round is its figure (the least disturbed one) and each
    round's ratio is reported too. ``batches`` (``BENCH_EMBEDDER_BATCHES=16,64``) adds embedding-only throughput
    per backend at those batch sizes."""
    rounds = rounds or int(os.environ.get("BENCH_EMBEDDER_ROUNDS", "2"))
    if batches is None:
        batches = [int(b) for b in os.environ.get("BENCH_EMBEDDER_BATCHES", "").split(",") if b.strip()]
    n_docs = 40 if quick else 300
    n_queries = 30 if quick else 200
    from assistant.settings import Settings

    cache = Settings().data_dir  # the product's own export cache (<data_dir>/models/onnx), built once
    results: dict[str, dict] = {}
    round_ratios: list[dict] = []
    batch_rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="bench-embedders-") as tmp_name:
        tmp = Path(tmp_name)
        docs = tmp / "docs"
        docs.mkdir()
        rng = random.Random(7)
        for i in range(n_docs):
            (docs / f"doc-{i:05d}.md").write_text(_document(rng, i))
        embedders = _embedders(cache)
        t0 = time.perf_counter()
        embedders["onnx int8"].embed_query("load or export the ONNX model")
        export_s = time.perf_counter() - t0
        runs: dict[str, list[dict]] = {name: [] for name in embedders}
        for r in range(rounds):
            for name, embedder in embedders.items():
                run = _indexing(embedder, docs, tmp / f"index-{name.replace(' ', '-')}-{r}")
                runs[name].append({**run, "load_average": os.getloadavg()[0]})
                # a full-size run takes many minutes on a busy machine: each figure as soon as it exists
                print(f"round {r + 1}: {name}: {run['chunks']} chunks at {run['chunks_per_s']:.1f}/s "
                      f"(load average {os.getloadavg()[0]:.1f})", flush=True)
            ratio = runs["onnx int8"][-1]["chunks_per_s"] / runs["torch fp32"][-1]["chunks_per_s"]
            round_ratios.append({"round": r + 1, "speedup": ratio, "load_average": os.getloadavg()[0]})
        for name, embedder in embedders.items():
            slug = name.replace(" ", "-")
            best = max(runs[name], key=lambda run: run["chunks_per_s"])
            results[name] = {**best, "rounds_chunks_per_s": [run["chunks_per_s"] for run in runs[name]],
                             **_query_latency(embedder, n_queries), **_quality(embedder, tmp / f"sample-{slug}")}
            print(f"{name}: recall@5 {results[name]['recall@5']:.3f} (load average {os.getloadavg()[0]:.1f})",
                  flush=True)
        if batches:
            texts = _chunk_texts(tmp / "index-onnx-int8-0")  # what sync embedded, at their real lengths
            batch_rows = _embedding_only(embedders, texts, batches, rounds)
    base, onnx = results["torch fp32"], results["onnx int8"]
    speedup = onnx["chunks_per_s"] / base["chunks_per_s"]
    recall_delta = (onnx["recall@5"] - base["recall@5"]) * 100
    rows = [{"backend": name, "chunks": r["chunks"], "index chunks/s": r["chunks_per_s"],
             "embed share": r["embed_share"], "query p50 ms": r["query_p50_ms"], "query p95 ms": r["query_p95_ms"],
             "recall@5": r["recall@5"], "MRR": r["mrr"], "dense recall@5": r["dense_recall@5"],
             "dense MRR": r["dense_mrr"]} for name, r in results.items()]
    print_table(f"Embedder backends ({os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; "
                f"{base['queries']} labelled queries; indexing: best of {rounds} alternating rounds)", rows)
    print_table("Indexing speed-up per round (onnx / torch, same round)", round_ratios)
    if batch_rows:
        print_table(f"Embedding only, best of {rounds} (texts/CPU-s is less moved by the machine's load)", batch_rows)
    worst = min(r["speedup"] for r in round_ratios)
    met = speedup >= 2.0 and worst >= 2.0 and recall_delta >= -1.0  # a gain in recall is no failure
    per_round = ", ".join(f"{r['speedup']:.2f}x" for r in round_ratios)
    print(f"indexing speed-up {speedup:.2f}x (best rounds; per round {per_round}), "
          f"recall@5 change {recall_delta:+.1f} points, ONNX load/export {export_s:.1f} s -> targets "
          f"{'met' if met else 'NOT met'}")
    result = {"quick": quick, "documents": n_docs, "cpu_count": os.cpu_count(), "load_average": os.getloadavg(),
              "onnx_load_or_export_s": export_s, "results": results, "indexing_speedup": speedup,
              "round_speedups": round_ratios, "recall_at_5_delta_points": recall_delta, "targets_met": met,
              "rows": rows, "batch_rows": batch_rows}
    write_results("embedders", result)
    return result


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
