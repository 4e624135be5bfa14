"""schemathesis against a real `caredraft serve`: every route, every role, a few generated requests each.

No answer may be a server error, and every answer must match the OpenAPI document (status code, content
type, body schema). ``make bench`` does not repeat this at a larger size; raise ``MAX_EXAMPLES`` locally
for a deeper run (the outside probe used about 2,300 requests).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import ServeProcess

pytestmark = pytest.mark.e2e

ADMIN = "cd_e2e-schemathesis-admin-0123456789abcdef"
MAX_EXAMPLES = 4
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fuzz")
    srv = ServeProcess(tmp / "data", tmp / "serve.log",
                       {"CAREDRAFT_API__ADMIN_KEY": ADMIN, "CAREDRAFT_API__RATE_LIMIT_PER_MINUTE": "1000000"}).start()
    yield srv
    srv.stop()


@pytest.mark.parametrize("role", ["agent", "knowledge_manager", "qa", "admin"])
def test_no_server_errors_and_no_conformance_failures(server, role, tmp_path):
    if not SCHEMATHESIS.exists():
        pytest.skip("schemathesis is not installed (it is a dev dependency: make install)")
    key = ADMIN
    if role != "admin":
        r = httpx.post(server.base + "/v1/keys", json={"name": f"fuzz {role}", "role": role}, headers={"X-API-Key": ADMIN})
        key = r.json()["key"]
    report = tmp_path / "report.json"
    command = [str(SCHEMATHESIS), "run", f"{server.base}/openapi.json", "--checks", CHECKS, "-n", str(MAX_EXAMPLES),
               "--seed", "7", "--no-shrink", "--workers", "1", "--header", f"Authorization: Bearer {key}",
               "--request-timeout", "60", "--report", "ndjson", "--report-ndjson-path", str(report)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False, cwd=tmp_path)  # its cache stays out of the repo
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    events = [json.loads(line) for line in report.read_text().splitlines() if line.strip()]
    assert events, "schemathesis ran no operation"
