"""Drafts over HTTP from 1, 2 and 3 workers (``caredraft serve --workers N``), on SQLite and on PostgreSQL.

The same load for every configuration: ``CLIENTS`` concurrent clients posting distinct messages back to back for
``BENCH_WORKERS_SECONDS`` seconds (default 60; ``--quick``: 5). PostgreSQL is a real server started for the run
(Debian's package, durable settings: fsync on, like the SQLite file's synchronous=FULL). The row for a
configuration says drafts/s, p50/p95/p99 and errors; the JSON keeps the machine's CPU count and load so the figures
can be read against it. Skips PostgreSQL (saying why) where no server can be started.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from benchmarks.bench_api import ADMIN, MESSAGES, _free_port, message_for
from benchmarks.common import print_table, write_results
from evaluation.metrics.latency import percentile

CLIENTS = 16
WORKERS = (1, 2, 3)
WARM_UP_S = 5.0  # per worker, after the warm-up drafts
ROOT = Path(__file__).resolve().parent.parent


def _start(data_dir: Path, log_path: Path, workers: int, database_url: str | None) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {**os.environ, "CAREDRAFT_DATA_DIR": str(data_dir), "CAREDRAFT_API__ADMIN_KEY": ADMIN,
           "CAREDRAFT_API__RATE_LIMIT_PER_MINUTE": "10000000", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    if database_url:
        env["CAREDRAFT_API__DATABASE_URL"] = database_url
    caredraft = Path(sys.executable).parent / "caredraft"
    log = open(log_path, "w")  # noqa: SIM115 - kept open for the server's life
    proc = subprocess.Popen([str(caredraft), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers",
                             str(workers)], env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)  # its own process group: _stop can end the workers too
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {log_path.read_text()[-2000:]}")
        started = len(re.findall(r"Application startup complete", log_path.read_text(errors="replace")))
        try:
            # every worker logs its start-up; only then does the load reach all of them
            if started >= workers and httpx.get(base + "/readyz", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    _stop(proc)
    raise RuntimeError(f"{workers} worker(s) not ready after 300 s: {log_path.read_text()[-1500:]}")


def _stop(proc: subprocess.Popen) -> None:
    """SIGTERM to the supervisor (it stops its workers); past 90 s, SIGKILL to the whole process group."""
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(90)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)


def _load(base: str, key: str, duration: float, offset: int) -> dict:
    """``CLIENTS`` threads posting drafts back to back for ``duration`` s; every message distinct (``offset`` apart
    between configurations, so no configuration sees another's messages)."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + duration

    def client(i: int) -> None:
        with httpx.Client(base_url=base, timeout=60, headers={"X-API-Key": key}) as c:
            n = offset + i
            while time.monotonic() < stop_at:
                t0 = time.perf_counter()
                try:
                    r = c.post("/v1/drafts", json={"message": message_for(n), "channel": "chat"})
                    ok, detail = r.status_code == 201, f"{r.status_code} {r.text[:120]}"
                except httpx.HTTPError as exc:
                    ok, detail = False, repr(exc)
                elapsed = time.perf_counter() - t0
                with lock:
                    (latencies.append(elapsed) if ok else errors.append(detail))
                n += CLIENTS

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(duration + 120)
    wall = time.perf_counter() - started
    return {"drafts": len(latencies), "errors": len(errors), "error_samples": errors[:3], "wall_s": round(wall, 2),
            "drafts_per_s": len(latencies) / wall, "p50_ms": percentile(latencies, 50) * 1000,
            "p95_ms": percentile(latencies, 95) * 1000, "p99_ms": percentile(latencies, 99) * 1000}


def _run(tmp: Path, database: str, database_url: str | None, workers: int, duration: float, offset: int) -> dict:
    data_dir = tmp / f"data-{database}"  # one data folder per database: the index is built once
    proc, base = _start(data_dir, tmp / f"serve-{database}-{workers}.log", workers, database_url)
    try:
        with httpx.Client(base_url=base, timeout=60, headers={"X-API-Key": ADMIN}) as c:
            agent = c.post("/v1/keys", json={"name": f"bench agent {workers}", "role": "agent"}).json()["key"]
        # warm every worker's models and caches: a burst of distinct messages the measured run never sends
        threads = [threading.Thread(target=lambda n=n: httpx.post(
            base + "/v1/drafts", json={"message": message_for(-1 - offset - n)}, headers={"X-API-Key": agent},
            timeout=120)) for n in range(len(MESSAGES) * workers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(150)
        time.sleep(WARM_UP_S * workers)  # each worker embeds the knowledge base for drafting in the background
        return _load(base, agent, duration, offset)
    finally:
        _stop(proc)


def main(quick: bool = False) -> dict:
    duration = float(os.environ.get("BENCH_WORKERS_SECONDS", 5.0 if quick else 60.0))
    results: dict[str, dict[int, dict]] = {}
    skipped: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="bench-workers-") as tmp_name:
        tmp = Path(tmp_name)
        offset = 0
        results["sqlite"] = {}
        for workers in WORKERS:
            results["sqlite"][workers] = _run(tmp, "sqlite", None, workers, duration, offset)
            offset += 1_000_000
        from api.testing_postgres import PostgresServer, PostgresUnavailable

        server = PostgresServer(durable=True)
        try:
            server.start()
        except PostgresUnavailable as exc:
            skipped["postgresql"] = str(exc)
        else:
            try:
                url = server.create_database("caredraft_bench")
                results["postgresql"] = {}
                for workers in WORKERS:
                    results["postgresql"][workers] = _run(tmp, "postgresql", url, workers, duration, offset)
                    offset += 1_000_000
            finally:
                server.stop()
    rows = []
    for database, by_workers in results.items():
        one = by_workers[1]["drafts_per_s"] or float("nan")
        for workers, r in by_workers.items():
            rows.append({"database": database, "workers": workers, "seconds": r["wall_s"], "drafts": r["drafts"],
                         "drafts/s": r["drafts_per_s"], "× 1 worker": r["drafts_per_s"] / one,
                         "p50 ms": r["p50_ms"], "p95 ms": r["p95_ms"], "p99 ms": r["p99_ms"], "errors": r["errors"]})
    print_table(f"Workers: composer drafts over HTTP ({CLIENTS} clients, distinct messages, {duration:g} s each, "
                f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f})", rows)
    for database, why in skipped.items():
        print(f"{database} skipped: {why}")
    result = {"quick": quick, "clients": CLIENTS, "duration_s": duration, "cpu_count": os.cpu_count(),
              "load_average": os.getloadavg(), "results": results, "skipped": skipped, "rows": rows}
    write_results("workers", result)
    return result


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
