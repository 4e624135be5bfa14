"""End to end: `caredraft serve --workers 2`, two real uvicorn worker processes on one SQLite database."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.e2e.conftest import CAREDRAFT, ROOT, ServeProcess, wait_ready

pytestmark = [pytest.mark.e2e, pytest.mark.integration]
NEW_DOC = b"""---
doc_id: store-pickup
title: Store pickup
---
# Store pickup

Orders can be collected from any Northwind store two hours after you get the pickup email; bring the order number.
"""


class WorkersProcess(ServeProcess):
    """``caredraft serve --workers N`` in its own process group, so that stopping it never leaves a worker behind."""

    def start_workers(self, workers: int) -> WorkersProcess:
        log = open(self.log_path, "a")  # noqa: SIM115 - kept open for the process's life
        self.proc = subprocess.Popen([str(CAREDRAFT), "serve", "--host", "127.0.0.1", "--port", str(self.port),
                                      "--workers", str(workers)], cwd=ROOT, env=self.env, stdout=log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 240
        try:
            wait_ready(self.base, self.proc)
            while self.log().count("Application startup complete") < workers:
                assert time.monotonic() < deadline, "not every worker started"
                time.sleep(0.25)
        except AssertionError:
            self.stop()
            raise AssertionError(self.log()[-3000:]) from None
        return self

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)


def test_two_workers_share_the_database_the_first_admin_key_and_the_index(tmp_path) -> None:  # noqa: ANN001
    server = WorkersProcess(tmp_path / "data", tmp_path / "serve.log").start_workers(2)
    try:
        log = server.log()
        # each worker ran the start-up; exactly one of them created (and printed) the first admin key
        assert log.count("store it now") == 1 and log.count("An admin API key already exists") == 1
        admin = {"X-API-Key": re.search(r"store it now\): (\S+)", log).group(1)}
        with httpx.Client(base_url=server.base, timeout=120) as c:
            agent = {"X-API-Key": c.post("/v1/keys", json={"name": "a", "role": "agent"}, headers=admin).json()["key"]}
            km = {"X-API-Key": c.post("/v1/keys", json={"name": "k", "role": "knowledge_manager"}, headers=admin).json()["key"]}

            def draft(n: int) -> tuple[int, str | None]:
                r = httpx.post(server.base + "/v1/drafts", json={"message": f"Where is my order NW-{5000 + n}?"},
                               headers=agent, timeout=120)
                return r.status_code, r.json()["draft"]["index_version"] if r.status_code == 201 else r.text

            with ThreadPoolExecutor(4) as pool:
                results = list(pool.map(draft, range(8)))
            assert [code for code, _ in results] == [201] * 8, results
            up = c.post("/v1/kb/documents?reindex=true", files=[("files", ("store-pickup.md", NEW_DOC, "text/markdown"))],
                        headers=km)
            assert up.status_code == 201, up.text
            job_id = up.json()["job"]["id"]
            deadline = time.monotonic() + 180
            while (job := c.get(f"/v1/kb/jobs/{job_id}", headers=km).json())["status"] == "running":
                assert time.monotonic() < deadline
                time.sleep(0.2)
            assert job["status"] == "succeeded", job
            time.sleep(1.5)  # each worker checks the LIVE pointer twice a second
            with ThreadPoolExecutor(4) as pool:
                after = list(pool.map(draft, range(100, 108)))
            assert {version for _, version in after} == {job["result"]["version"]}  # both workers follow it
    finally:
        server.stop()
    assert server.proc is not None and server.proc.returncode is not None
