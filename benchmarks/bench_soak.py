"""16 clients for 60 s against a real `caredraft serve`: drafts, reviews and listings, with a reindex midway.

Each client loops: create a draft (distinct message), review it (approve, edit or reject in turn), and every
fifth round list the newest drafts. A knowledge manager uploads a document and reindexes a third of the way
in. Any non-2xx answer or transport error counts as an error. Latencies are per request, all kinds together
and per kind.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from pathlib import Path

import httpx

from benchmarks.bench_api import ADMIN, _start_server, message_for
from benchmarks.common import print_table, write_results
from evaluation.metrics.latency import percentile

CLIENTS = 16
DURATION_S = 60.0
ACTIONS = ("approve", "edit", "reject")


def _client(base: str, key: str, i: int, stop_at: float, out: dict, lock: threading.Lock) -> None:
    with httpx.Client(base_url=base, timeout=60, headers={"X-API-Key": key}) as c:
        n = i
        while time.monotonic() < stop_at:
            _call(c, "draft", "POST", "/v1/drafts", {"message": message_for(n), "channel": "chat"}, out, lock)
            draft_id = out.get("last_id", {}).pop(str(i), None)
            if draft_id:
                action = ACTIONS[n % 3]
                review = {"action": action, **({"text": "Edited reply."} if action == "edit" else {}),
                          **({"reason": "off topic"} if action == "reject" else {})}
                _call(c, "review", "POST", f"/v1/drafts/{draft_id}/review", review, out, lock)
            if (n // CLIENTS) % 5 == 0:
                _call(c, "list", "GET", "/v1/drafts?limit=20", None, out, lock)
            n += CLIENTS


def _call(c: httpx.Client, kind: str, method: str, path: str, body: dict | None, out: dict, lock: threading.Lock) -> None:
    t0 = time.perf_counter()
    try:
        r = c.request(method, path, json=body)
        ok = 200 <= r.status_code < 300
        detail = "" if ok else f"{kind} {r.status_code} {r.text[:120]}"
        ident = r.json().get("id") if ok and kind == "draft" else None
    except httpx.HTTPError as exc:
        ok, detail, ident = False, f"{kind} {exc!r}", None
    elapsed = time.perf_counter() - t0
    with lock:
        if ok:
            out.setdefault(kind, []).append(elapsed)
        else:
            out.setdefault("errors", []).append(detail)
        if kind == "draft":
            out.setdefault("last_id", {})[threading.current_thread().name] = ident
    return None


def main(quick: bool = False) -> dict:
    duration = 10.0 if quick else DURATION_S
    with tempfile.TemporaryDirectory() as tmp:
        proc, base = _start_server(Path(tmp) / "data", Path(tmp) / "server.log")
        try:
            admin = {"X-API-Key": ADMIN}
            agent = httpx.post(base + "/v1/keys", json={"name": "soak agents", "role": "agent"}, headers=admin).json()["key"]
            km = httpx.post(base + "/v1/keys", json={"name": "soak km", "role": "knowledge_manager"}, headers=admin).json()["key"]
            out: dict = {}
            lock = threading.Lock()
            stop_at = time.monotonic() + duration
            threads = [threading.Thread(target=_client, name=str(i), args=(base, agent, i, stop_at, out, lock))
                       for i in range(CLIENTS)]
            started = time.perf_counter()
            for t in threads:
                t.start()
            time.sleep(duration / 3)
            reindex = _reindex(base, km)
            for t in threads:
                t.join(duration + 120)
            wall = time.perf_counter() - started
        finally:
            proc.terminate()
            proc.wait(30)
    everything = [x for k in ("draft", "review", "list") for x in out.get(k, [])]
    rows = [{"requests": kind, "n": len(out.get(kind, [])), "p50_ms": percentile(out.get(kind, []), 50) * 1000,
             "p95_ms": percentile(out.get(kind, []), 95) * 1000, "p99_ms": percentile(out.get(kind, []), 99) * 1000}
            for kind in ("draft", "review", "list")]
    rows.append({"requests": "all", "n": len(everything), "p50_ms": percentile(everything, 50) * 1000,
                 "p95_ms": percentile(everything, 95) * 1000, "p99_ms": percentile(everything, 99) * 1000})
    errors = out.get("errors", [])
    print_table(f"Soak: {CLIENTS} clients x {duration:.0f} s, drafts + reviews + listings, one reindex "
                f"({os.cpu_count()} CPUs; errors {len(errors)})", rows)
    print(f"reindex: {reindex}")
    result = {"quick": quick, "clients": CLIENTS, "duration_s": duration, "wall_s": round(wall, 2), "errors": len(errors),
              "error_samples": errors[:5], "rows": rows, "reindex": reindex, "cpu_count": os.cpu_count()}
    write_results("soak" + ("_quick" if quick else ""), result)
    return result


def _reindex(base: str, key: str) -> dict:
    with httpx.Client(base_url=base, timeout=60, headers={"X-API-Key": key}) as c:
        doc = b"# Gift wrapping\n\nWe gift-wrap any order for 4.50 USD; a handwritten note is free.\n"
        c.post("/v1/kb/documents", files=[("files", ("gift-wrapping.md", doc, "text/markdown"))])
        job = c.post("/v1/kb/reindex").json()
        t0 = time.monotonic()
        while time.monotonic() - t0 < 300:
            state = c.get(f"/v1/kb/jobs/{job['id']}").json()
            if state["status"] not in ("queued", "running"):
                return {"status": state["status"], "seconds": round(time.monotonic() - t0, 2)}
            time.sleep(0.5)
    return {"status": "timeout"}


if __name__ == "__main__":
    main()
