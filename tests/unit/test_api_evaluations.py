"""Evaluation runs over HTTP: uploaded suite -> 202 -> summary -> HTML report; bad suites and roles."""

from __future__ import annotations

import time

import pytest

from api.testing import running

SUITE = """
name: api-smoke
cases:
  - id: returns-window
    message: How long do I have to return a pair of shoes?
    expected:
      behaviour: answer
      topic: returns
  - id: parcel-late
    message: My parcel is a week late and I am worried.
    expected:
      behaviour: answer
"""


@pytest.fixture
def api(tmp_path):
    with running(tmp_path / "data") as harness:
        yield harness


def test_uploaded_suite_runs_in_the_background_and_serves_its_report(api):
    r = api.client.post("/v1/evaluations", json={"suite_text": SUITE, "gate": True}, headers=api.h("qa"))
    assert r.status_code == 202, r.text
    run = r.json()
    assert run["id"].startswith("run_") and run["kind"] == "evaluation" and run["params"]["cases"] == 2
    for _ in range(400):
        run = api.client.get(f"/v1/evaluations/{run['id']}", headers=api.h("qa")).json()
        if run["status"] != "running":
            break
        time.sleep(0.05)
    assert run["status"] == "succeeded", run
    assert run["progress"]["cases_done"] == run["progress"]["cases_total"] == 2
    assert run["result"]["cases"] == 2 and isinstance(run["result"]["summary"], dict) and run["result"]["summary"]
    assert run["result"]["gate"] is not None and isinstance(run["result"]["passed"], bool)
    report = api.client.get(f"/v1/evaluations/{run['id']}/report", headers=api.h("qa"))
    assert report.status_code == 200 and "text/html" in report.headers["content-type"] and "api-smoke" in report.text


def test_bad_suites_are_rejected_up_front(api):
    post = api.client.post
    r = post("/v1/evaluations", json={"suite_text": "name: x\ncases: []\n"}, headers=api.h("qa"))
    assert r.status_code == 422 and "no cases" in r.json()["error"]["message"]
    r = post("/v1/evaluations", json={"suite_text": "cases: [{message: hi}]"}, headers=api.h("qa"))
    assert r.status_code == 422 and "id" in r.json()["error"]["message"]
    r = post("/v1/evaluations", json={"suite": "no-such-suite"}, headers=api.h("qa"))
    assert r.status_code == 404 and "not found" in r.json()["error"]["message"]
    assert post("/v1/evaluations", json={}, headers=api.h("qa")).status_code == 422
    assert post("/v1/evaluations", json={"suite": "a", "suite_text": SUITE}, headers=api.h("qa")).status_code == 422
    assert post("/v1/evaluations", json={"suite_text": SUITE, "backend": "gpt"}, headers=api.h("qa")).status_code == 422
    assert post("/v1/evaluations", json={"suite_text": SUITE}, headers=api.h("agent")).status_code == 403
    # A suite with its own documents names files on the server: a command-line run only.
    r = post("/v1/evaluations", json={"suite_text": "name: x\nsources: [/etc]\ncases: [{id: a, message: hi}]\n"},
             headers=api.h("qa"))
    assert r.status_code == 422 and "caredraft eval run" in r.json()["error"]["message"]


def test_report_of_a_missing_or_running_run(api):
    assert api.client.get("/v1/evaluations/run_nope", headers=api.h("qa")).status_code == 404
    assert api.client.get("/v1/evaluations/run_nope/report", headers=api.h("qa")).status_code == 404


def test_suite_as_multipart_upload(api):
    r = api.client.post("/v1/evaluations/upload", files={"file": ("smoke.yaml", SUITE.encode(), "application/yaml")},
                        data={"gate": "false"}, headers=api.h("qa"))
    assert r.status_code == 202, r.text
    assert r.json()["params"]["suite"] == "api-smoke" and r.json()["params"]["gate"] is False
    r = api.client.post("/v1/evaluations/upload", files={"file": ("smoke.exe", b"x", "application/octet-stream")},
                        headers=api.h("qa"))
    assert r.status_code == 415
    r = api.client.post("/v1/evaluations/upload", files={"file": ("bad.yaml", b"\xff\xfe", "application/yaml")},
                        headers=api.h("qa"))
    assert r.status_code == 422
