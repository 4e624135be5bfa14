"""Embedder backends in one run: fp32 torch vs int8 ONNX Runtime vs int8 OpenVINO (``CAREDRAFT_EMBEDDER__BACKEND``).

Measures, for each on the same machine and in the same process: indexing throughput (a full ``sync`` of
synthetic policy documents: chunks/s, CPU ms per chunk, the share spent embedding), query-embedding latency
(distinct queries, one at a time, p50/p95), and retrieval quality on the labelled queries over the bundled sample
(``tests/data/retrieval_queries.yaml``): recall@5 and MRR, through the hybrid retriever and dense-only; plus dense
recall@5/MRR on MTRAG-UN when ``shared/datasets`` is there.
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
from evaluation.datasets.mtrag import DEFAULT_PATH as MTRAG
from evaluation.metrics.latency import percentile

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "tests" / "data" / "retrieval_queries.yaml"
NAMES = {"torch": "torch fp32", "onnx": "onnx int8", "openvino": "openvino int8"}


def _embedders(cache_dir: Path, backends: list[str]) -> dict:
    from assistant.settings import EmbedderSettings
    from models.embedders import build_embedder

    return {NAMES[b]: build_embedder(EmbedderSettings(backend=b), cache_dir) for b in backends}  # type: ignore[arg-type]


def _indexing(embedder, docs: Path, index: Path) -> dict:  # noqa: ANN001
    """One full ``sync`` into a new index: chunks/s, the share spent embedding, and the process's CPU seconds per
    chunk (all threads; the figure the machine's load moves least)."""
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
        t0, c0 = time.perf_counter(), time.process_time()
        report = sync([docs], index, embedder, settings=KnowledgeBaseSettings())
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    finally:
        del embedder.embed_documents
    return {"chunks": report.chunks, "sync_s": seconds, "chunks_per_s": report.chunks / seconds,
            "cpu_ms_per_chunk": cpu / report.chunks * 1000, "embed_share": spent[0] / seconds}


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


def _mtrag(embedder, limit: int | None) -> dict:  # noqa: ANN001
    """Dense retrieval on MTRAG-UN (human-written questions, their gold passages; read in place from
    ``shared/datasets``): every task's last user turn against the pool of all tasks' passages, recall@5 and MRR.
    An independent check of the quantised models: neither was calibrated or tuned on it. Empty when absent."""
    import json

    import numpy as np

    if not MTRAG.is_file():
        return {}
    rows = [json.loads(line) for line in MTRAG.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if r.get("contexts")][:limit]
    passages: dict[str, int] = {}
    texts: list[str] = []
    for r in rows:
        for c in r["contexts"]:
            if c["document_id"] not in passages:
                passages[c["document_id"]] = len(texts)
                texts.append(c["text"].strip())
    queries = [(next(t["text"] for t in reversed(r["input"]) if t["speaker"] == "user"),
                {passages[c["document_id"]] for c in r["contexts"]}) for r in rows]
    scores = embedder.embed_documents([q for q, _ in queries]) @ embedder.embed_documents(texts).T
    recall, rr = [], []
    for row, (_, gold) in zip(scores, queries):
        ranked = list(np.argsort(-row)[:100])
        recall.append(len(set(ranked[:5]) & gold) / len(gold))
        rr.append(next((1 / (k + 1) for k, i in enumerate(ranked) if i in gold), 0.0))
    return {"mtrag_queries": len(queries), "mtrag_passages": len(texts), "mtrag_recall@5": float(np.mean(recall)),
            "mtrag_mrr": float(np.mean(rr))}


def main(quick: bool = False, rounds: int | None = None, backends: list[str] | None = None) -> dict:
    """``rounds`` full indexing runs per backend (default 3, ``BENCH_EMBEDDER_ROUNDS``), interleaved (torch, onnx,
    openvino, torch, ...) so that every backend meets the same load; a backend's figure is the median of its
    rounds, the speed-up the ratio of medians (and of median CPU time per chunk). ``backends``
    (``BENCH_EMBEDDER_BACKENDS``, default ``torch,onnx,openvino``; torch is always the baseline)."""
    rounds = rounds or int(os.environ.get("BENCH_EMBEDDER_ROUNDS", "3"))
    if backends is None:
        backends = [b.strip() for b in os.environ.get("BENCH_EMBEDDER_BACKENDS", "torch,onnx,openvino").split(",")]
    backends = ["torch", *[b for b in backends if b in NAMES and b != "torch"]]
    n_docs = 40 if quick else 300
    n_queries = 30 if quick else 200
    from assistant.settings import Settings
    from benchmarks.common import median

    cache = Settings().data_dir  # the product's own export caches (<data_dir>/models/<backend>), built once
    results: dict[str, dict] = {}
    round_rows: list[dict] = []
    export_s: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-embedders-") as tmp_name:
        tmp = Path(tmp_name)
        docs = tmp / "docs"
        docs.mkdir()
        rng = random.Random(7)
        for i in range(n_docs):
            (docs / f"doc-{i:05d}.md").write_text(_document(rng, i))
        embedders = _embedders(cache, backends)
        for name, embedder in embedders.items():
            t0 = time.perf_counter()
            embedder.embed_query("load, or export once, the model")
            export_s[name] = time.perf_counter() - t0
        runs: dict[str, list[dict]] = {name: [] for name in embedders}
        for r in range(rounds):
            for name, embedder in embedders.items():
                run = _indexing(embedder, docs, tmp / f"index-{name.replace(' ', '-')}-{r}")
                runs[name].append({**run, "load_average": os.getloadavg()[0]})
                round_rows.append({"round": r + 1, "backend": name, "chunks/s": run["chunks_per_s"],
                                   "CPU ms/chunk": run["cpu_ms_per_chunk"], "load average": os.getloadavg()[0]})
                # a full-size run takes minutes on a busy machine: each figure as soon as it exists
                print(f"round {r + 1}: {name}: {run['chunks']} chunks at {run['chunks_per_s']:.1f}/s, "
                      f"{run['cpu_ms_per_chunk']:.1f} CPU ms/chunk (load average {os.getloadavg()[0]:.1f})", flush=True)
        for name, embedder in embedders.items():
            slug = name.replace(" ", "-")
            results[name] = {"chunks": runs[name][0]["chunks"],
                             "chunks_per_s": median([run["chunks_per_s"] for run in runs[name]]),
                             "cpu_ms_per_chunk": median([run["cpu_ms_per_chunk"] for run in runs[name]]),
                             "embed_share": median([run["embed_share"] for run in runs[name]]),
                             "rounds_chunks_per_s": [run["chunks_per_s"] for run in runs[name]],
                             "rounds_cpu_ms_per_chunk": [run["cpu_ms_per_chunk"] for run in runs[name]],
                             "load_or_export_s": export_s[name],
                             **_query_latency(embedder, n_queries), **_quality(embedder, tmp / f"sample-{slug}"),
                             **_mtrag(embedder, 60 if quick else None)}
            print(f"{name}: recall@5 {results[name]['recall@5']:.3f} (load average {os.getloadavg()[0]:.1f})",
                  flush=True)
    base = results[NAMES["torch"]]
    rows, verdicts = [], {}
    for name, r in results.items():
        speedup = r["chunks_per_s"] / base["chunks_per_s"]
        cpu_speedup = base["cpu_ms_per_chunk"] / r["cpu_ms_per_chunk"]
        recall_delta = (r["recall@5"] - base["recall@5"]) * 100
        row = {"backend": name, "chunks": r["chunks"], "chunks/s (median)": r["chunks_per_s"], "speed-up": speedup,
               "CPU ms/chunk": r["cpu_ms_per_chunk"], "CPU speed-up": cpu_speedup, "query p50 ms": r["query_p50_ms"],
               "recall@5": r["recall@5"], "MRR": r["mrr"], "dense recall@5": r["dense_recall@5"],
               "dense MRR": r["dense_mrr"]}
        if "mtrag_recall@5" in r:
            row |= {"MTRAG recall@5": r["mtrag_recall@5"], "MTRAG MRR": r["mtrag_mrr"]}
        rows.append(row)
        if name != NAMES["torch"]:
            # a gain in recall is no failure; the wall-clock ratio is the target, the CPU ratio says how sure it is
            met = speedup >= 2.0 and recall_delta >= -1.0
            verdicts[name] = {"speedup": speedup, "cpu_speedup": cpu_speedup, "recall_at_5_delta_points": recall_delta,
                              "targets_met": met}
    print_table(f"Embedder backends ({os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; "
                f"{base['queries']} labelled queries; indexing: median of {rounds} interleaved rounds)", rows)
    print_table("Indexing rounds, in the order they ran", round_rows)
    for name, v in verdicts.items():
        print(f"{name}: indexing {v['speedup']:.2f}x (CPU time {v['cpu_speedup']:.2f}x), recall@5 change "
              f"{v['recall_at_5_delta_points']:+.1f} points, load/export {export_s[name]:.1f} s -> targets "
              f"{'met' if v['targets_met'] else 'NOT met'}")
    result = {"quick": quick, "documents": n_docs, "rounds": rounds, "cpu_count": os.cpu_count(),
              "load_average": os.getloadavg(), "results": results, "verdicts": verdicts, "rows": rows,
              "round_rows": round_rows}
    write_results("embedders", result)
    return result


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
