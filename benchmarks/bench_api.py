"""Composer drafts over HTTP: 8 concurrent clients against a real `caredraft serve` on 127.0.0.1.

Two phases of ``DURATION_S`` each: idle knowledge base, then with reindex jobs running back to back (each
one embeds a freshly uploaded document, so the embedder is busy the whole time). Targets (issue 4):
>= 20 drafts/s sustained, p95 <= 500 ms, zero errors, in both phases. Loopback only; every loop is bounded.
The server's resident memory (its process and any children) is sampled throughout: issue 9 asks for < 1 GB.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from benchmarks.common import print_table, write_results
from evaluation.metrics.latency import percentile

CLIENTS = 8
DURATION_S = 30.0
ADMIN = "cd_bench-admin-key-0123456789abcdefghijkl"
MESSAGES = [
    "How long do I have to return a pair of {item}?",
    "My parcel with the {item} is {days} days late, where is it? Order {order}.",
    "I was charged twice for order {order}, please help.",
    "Can I change the delivery address on order {order}? It has the {item} in it.",
    "Do you ship {item} to Canada and how much does it cost?",
    "My gift card code does not work at checkout, I was trying to buy {item}.",
    "The {item} I received is damaged, what can I do? Order {order}.",
    "How do I cancel my Northwind Plus membership? I joined {days} days ago.",
    "I returned the {item} {days} days ago and still have no refund for order {order}.",
    "Can I exchange the {item} for a different size?",
]
ITEMS = ["shoes", "rain jacket", "wool sweater", "blender", "headphones", "jeans", "boots", "ceramic vase",
         "duvet cover", "power bank", "backpack", "desk lamp"]
OPENERS = ["", "Hi, ", "Hello there. ", "Good morning! ", "Hey, quick question: "]


def message_for(n: int) -> str:
    """A different customer message for every request (its own order number), so no request hits a cache that
    a stream of real, distinct tickets would miss."""
    template = MESSAGES[n % len(MESSAGES)]
    if "{order}" not in template:
        template += " My order number is {order}."
    text = template.format(item=ITEMS[(n // len(MESSAGES)) % len(ITEMS)], days=2 + n % 19, order=f"NW-{100000 + n}")
    return OPENERS[(n // 7) % len(OPENERS)] + text


RSS_TARGET_MB = 1024


class _RssSampler(threading.Thread):
    """Peak resident memory of a server process and its children, sampled every ``every`` seconds."""

    def __init__(self, pid: int, every: float = 0.25) -> None:
        super().__init__(daemon=True)
        import psutil

        self._proc = psutil.Process(pid)
        self._every = every
        self._stop_event = threading.Event()
        self.peak_mb = 0.0
        self.last_mb = 0.0

    def sample(self) -> float:
        import psutil

        try:
            procs = [self._proc, *self._proc.children(recursive=True)]
            mb = sum(p.memory_info().rss for p in procs) / 2**20
        except psutil.Error:  # the server is exiting: keep the last reading
            return self.last_mb
        self.last_mb = mb
        self.peak_mb = max(self.peak_mb, mb)
        return mb

    def run(self) -> None:
        while not self._stop_event.wait(self._every):
            self.sample()

    def stop(self) -> None:
        self._stop_event.set()
        self.join(5)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# the same app and uvicorn, with the hashing embedder: measures what the HTTP/DB layer itself costs
FAKE_SERVER = """
import sys, uvicorn
from api.app import create_app
from api.testing import make_container
from assistant.settings import Settings
settings = Settings()
uvicorn.run(create_app(settings, make_container(settings)), host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


def _start_server(data_dir: Path, log_path: Path, *, fake: bool = False) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {**os.environ, "CAREDRAFT_DATA_DIR": str(data_dir), "CAREDRAFT_API__ADMIN_KEY": ADMIN,
           "CAREDRAFT_API__RATE_LIMIT_PER_MINUTE": "10000000", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    caredraft = Path(sys.executable).parent / "caredraft"
    command = ([sys.executable, "-c", FAKE_SERVER, str(port)] if fake
               else [str(caredraft), "serve", "--host", "127.0.0.1", "--port", str(port)])
    proc = subprocess.Popen(command, env=env, cwd=Path(__file__).resolve().parent.parent,
                            stdout=open(log_path, "w"), stderr=subprocess.STDOUT)  # noqa: SIM115
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {log_path.read_text()[-2000:]}")
        try:
            if httpx.get(base + "/readyz", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    proc.kill()
    raise RuntimeError("server not ready after 300 s")


def _load(base: str, key: str, duration: float) -> dict:
    """CLIENTS threads posting drafts back to back for ``duration`` seconds."""
    latencies: list[float] = []
    errors: list[str] = []
    versions: set[str] = set()
    lock = threading.Lock()
    stop_at = time.monotonic() + duration

    def client(i: int) -> None:
        with httpx.Client(base_url=base, timeout=30, headers={"X-API-Key": key}) as c:
            n = i
            while time.monotonic() < stop_at:
                t0 = time.perf_counter()
                try:
                    r = c.post("/v1/drafts", json={"message": message_for(n), "channel": "chat"})
                    ok = r.status_code == 201
                    detail = "" if ok else f"{r.status_code} {r.text[:120]}"
                    version = r.json()["draft"]["index_version"] if ok else None
                except httpx.HTTPError as exc:
                    ok, detail, version = False, repr(exc), None
                elapsed = time.perf_counter() - t0
                with lock:
                    (latencies.append(elapsed) if ok else errors.append(detail))
                    if version:
                        versions.add(version)
                n += CLIENTS  # client i sends requests i, i + CLIENTS, ...: every message is distinct

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(duration + 60)
    wall = time.perf_counter() - started
    return {"drafts": len(latencies), "errors": len(errors), "error_samples": errors[:3], "wall_s": round(wall, 2),
            "drafts_per_s": len(latencies) / wall, "p50_ms": percentile(latencies, 50) * 1000,
            "p95_ms": percentile(latencies, 95) * 1000, "p99_ms": percentile(latencies, 99) * 1000,
            "index_versions_served": sorted(versions)}


def _reindex_loop(base: str, key: str, stop: threading.Event, out: dict) -> None:
    """Keep a reindex running: upload a new document, reindex, wait, repeat (bounded by ``stop``)."""
    headers = {"X-API-Key": key}
    jobs, busy = [], 0.0
    with httpx.Client(base_url=base, timeout=60, headers=headers) as c:
        n = 0
        while not stop.is_set() and n < 1000:
            text = f"# Bench notes {n}\n\n" + "".join(
                f"## Section {i}\n\nRun {n} note {i}: parcels for region {i} ship within {i % 9 + 1} days.\n\n"
                for i in range(150))
            c.post("/v1/kb/documents", files=[("files", (f"bench-{n}.md", text.encode(), "text/markdown"))])
            job = c.post("/v1/kb/reindex").json()
            t0 = time.monotonic()
            while not stop.is_set() or time.monotonic() - t0 < 120:
                state = c.get(f"/v1/kb/jobs/{job['id']}").json()
                if state["status"] not in ("queued", "running"):
                    break
                time.sleep(0.2)
            busy += time.monotonic() - t0
            jobs.append({"id": job["id"], "status": state["status"], "seconds": round(time.monotonic() - t0, 2),
                         "embedded": (state.get("result") or {}).get("embedded")})
            n += 1
    out.update(reindexes=jobs, reindex_busy_s=round(busy, 2))


def _run_phases(tmp_path: Path, duration: float, *, fake: bool, with_reindex: bool) -> dict:
    proc, base = _start_server(tmp_path / ("fake" if fake else "data"), tmp_path / "serve.log", fake=fake)
    out: dict = {}
    rss = _RssSampler(proc.pid)
    out["server_rss_ready_mb"] = round(rss.sample(), 1)
    rss.start()
    try:
        with httpx.Client(base_url=base, timeout=30, headers={"X-API-Key": ADMIN}) as c:
            agent = c.post("/v1/keys", json={"name": "bench agent", "role": "agent"}).json()["key"]
            km = c.post("/v1/keys", json={"name": "bench km", "role": "knowledge_manager"}).json()["key"]
            for n in range(len(MESSAGES)):  # load the models; the measured requests use other messages
                c.post("/v1/drafts", json={"message": message_for(-1 - n)}, headers={"X-API-Key": agent})
        out["server_rss_warm_mb"] = round(rss.sample(), 1)
        out["idle"] = _load(base, agent, duration)
        out["idle"]["server_rss_peak_mb"] = round(rss.peak_mb, 1)
        if with_reindex:
            stop, reindex = threading.Event(), {}
            loop = threading.Thread(target=_reindex_loop, args=(base, km, stop, reindex))
            loop.start()
            time.sleep(1.0)  # let the first reindex get going
            out["during_reindex"] = _load(base, agent, duration)
            out["during_reindex"]["server_rss_peak_mb"] = round(rss.peak_mb, 1)
            stop.set()
            loop.join(180)
            out.update(reindex)
    finally:
        rss.stop()
        out["server_rss_peak_mb"] = round(rss.peak_mb, 1)
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
    return out


def main(quick: bool = False) -> dict:
    duration = 5.0 if quick else DURATION_S
    with tempfile.TemporaryDirectory(prefix="bench-api-") as tmp:
        real = _run_phases(Path(tmp), duration, fake=False, with_reindex=True)
        fake = _run_phases(Path(tmp), duration, fake=True, with_reindex=False)
    rows = []
    phases = (("real embedder, idle", real["idle"]), ("real embedder, during reindex", real["during_reindex"]),
              ("hashing embedder (API layer only)", fake["idle"]))
    for name, r in phases:
        rows.append({"phase": name, "seconds": r["wall_s"], "drafts": r["drafts"], "drafts/s": r["drafts_per_s"],
                     "p50 ms": r["p50_ms"], "p95 ms": r["p95_ms"], "p99 ms": r["p99_ms"], "errors": r["errors"],
                     "server peak MiB": r["server_rss_peak_mb"],
                     "target met": r["drafts_per_s"] >= 20 and r["p95_ms"] <= 500 and r["errors"] == 0
                     and r["server_rss_peak_mb"] < RSS_TARGET_MB})
    print_table(f"API: composer drafts over HTTP ({CLIENTS} concurrent clients, loopback, {os.cpu_count()} CPUs)", rows)
    print(f"reindex jobs during phase 2 (status, s, chunks embedded): "
          f"{[(j['status'], j['seconds'], j['embedded']) for j in real.get('reindexes', [])]}")
    print(f"server resident memory (real embedder): {real['server_rss_ready_mb']} MiB ready, "
          f"{real['server_rss_warm_mb']} MiB after warm-up drafts, peak {real['server_rss_peak_mb']} MiB "
          f"(target < {RSS_TARGET_MB} MiB)")
    result = {"quick": quick, "rss_target_mb": RSS_TARGET_MB, "clients": CLIENTS, "duration_s": duration, "cpu_count": os.cpu_count(),
              "load_average": os.getloadavg(), "real_embedder": real, "hashing_embedder": fake, "rows": rows}
    write_results("api", result)
    return result

if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
