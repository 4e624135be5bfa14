"""The routes behind the agent's desk: the calling key, tone and edit checks, knowledge gaps, evaluation runs
and suites (SQLite file, hashing embedder, a scripted generator that cites its first passage)."""

from __future__ import annotations

import time

import pytest

from api.services.evaluations import behaviour_breakdown
from api.testing import running
from evaluation.suite import load_suite
from models.generators.scripted import ScriptedGenerator

PROMISE = "We will refund you $480 within 2 days."


def _reply(job) -> str:  # noqa: ANN001 - a DraftJob
    first = job.passages[0].text.split(". ")[0].rstrip(".") if job.passages else "We have your message"
    return f"Hi Ana,\n\n{first} [1].\n\nBest wishes,\nSam"


@pytest.fixture
def api(tmp_path):
    generator = ScriptedGenerator(_reply, name="composer", model_id="scripted-v1")
    with running(tmp_path / "data", generators={"composer": generator}) as harness:
        yield harness


def test_me_names_the_calling_key_and_its_role(api):
    for role in ("agent", "knowledge_manager", "qa", "admin"):
        r = api.client.get("/v1/me", headers=api.h(role))
        assert r.status_code == 200 and r.json()["role"] == role
    assert api.client.get("/v1/me", headers=api.h("agent")).json()["id"] == api.key_ids["agent"]
    r = api.client.get("/v1/me", headers={"Authorization": "Bearer cd_wrong"})
    assert r.status_code == 401 and r.json()["error"]["message"] == "unknown or revoked API key"


def test_citations_carry_section_and_effective_date_of_their_chunk(api):
    body = api.draft("How long do I have to return shoes?")
    citations = body["draft"]["citations"]
    assert citations, "the scripted reply cites [1]"
    c = citations[0]
    doc = api.client.get(f"/v1/kb/documents/{c['doc_id']}", headers=api.h("admin")).json()
    chunk = next(ch for ch in doc["chunk_list"] if ch["chunk_id"] == c["chunk_id"])
    assert c["section"] == chunk["section"] and c["effective_date"] == doc["effective_date"]


def test_tone_of_a_draft(api):
    body = api.draft("I'm upset: my parcel is late. When will it arrive?")
    r = api.client.get(f"/v1/drafts/{body['id']}/tone", headers=api.h("agent"))
    assert r.status_code == 200, r.text
    tone = r.json()
    for key in ("empathy", "politeness", "readability", "personalization", "length_fit"):
        assert 0 <= tone[key] <= 1
    assert -1 <= tone["sentiment"] <= 1 and isinstance(tone["apology"], bool)
    assert api.client.get(f"/v1/drafts/{body['id']}/tone", headers=api.h("qa")).status_code == 403
    assert api.client.get("/v1/drafts/drf_nope/tone", headers=api.h("agent")).status_code == 404


def test_check_flags_what_an_edit_adds_and_stores_nothing(api):
    body = api.draft("How long do I have to return shoes?")
    text = body["draft"]["text"]
    edited = text.replace("\n\nBest wishes", f" {PROMISE}\n\nBest wishes")
    r = api.client.post(f"/v1/drafts/{body['id']}/check", json={"text": edited}, headers=api.h("agent"))
    assert r.status_code == 200, r.text
    result = r.json()
    claims = [f for f in result["flags"] if f["type"] == "unsupported_claim"]
    assert {"$480", "2 days"} <= {c["message"].split("'")[1] for c in claims}
    assert all(PROMISE in (c["sentence"] or "") for c in claims)
    assert 0 <= result["supported_ratio"] <= 1 and "empathy" in result["tone"]
    # the unedited text raises no claim flag, and checking changes nothing stored
    same = api.client.post(f"/v1/drafts/{body['id']}/check", json={"text": text}, headers=api.h("agent")).json()
    assert not [f for f in same["flags"] if f["type"] == "unsupported_claim"]
    stored = api.client.get(f"/v1/drafts/{body['id']}", headers=api.h("agent")).json()
    assert stored["status"] == "pending" and stored["draft"] == body["draft"]
    bad = api.client.post(f"/v1/drafts/{body['id']}/check", json={"text": ""}, headers=api.h("agent"))
    assert bad.status_code == 422 and "text" in bad.json()["error"]["message"]
    assert api.client.post(f"/v1/drafts/{body['id']}/check", json={"text": "x"}, headers=api.h("knowledge_manager")).status_code == 403


def test_knowledge_gaps_count_documents_behind_edited_and_rejected_drafts(api):
    edited = api.draft("How long do I have to return shoes?")
    rejected = api.draft("How long do I have to return shoes?")
    approved = api.draft("How long do I have to return shoes?")
    post = api.client.post
    post(f"/v1/drafts/{edited['id']}/review", json={"action": "edit", "text": "Hi Ana, within 45 days."}, headers=api.h("agent"))
    post(f"/v1/drafts/{rejected['id']}/review", json={"action": "reject", "reason": "old policy"}, headers=api.h("agent"))
    post(f"/v1/drafts/{approved['id']}/review", json={"action": "approve"}, headers=api.h("agent"))
    r = api.client.get("/v1/kb/gaps", headers=api.h("knowledge_manager"))
    assert r.status_code == 200, r.text
    gaps = {g["doc_id"]: g for g in r.json()}
    cited = edited["draft"]["citations"][0]["doc_id"]
    assert cited == rejected["draft"]["citations"][0]["doc_id"]
    gap = gaps[cited]
    assert (gap["edited"], gap["rejected"], gap["facts_changed"]) == (1, 1, 1)
    assert gap["reasons"] == ["old policy"] and set(gap["drafts"]) == {edited["id"], rejected["id"]}
    assert gap["title"] == edited["draft"]["citations"][0]["title"]
    assert approved["id"] not in {d for g in gaps.values() for d in g["drafts"]}
    assert api.client.get("/v1/kb/gaps", headers=api.h("agent")).status_code == 403


def test_suites_runs_and_a_limited_run_with_its_behaviour_breakdown(api):
    suites = api.client.get("/v1/evaluations/suites", headers=api.h("qa")).json()
    sample = next(s for s in suites if s["name"] == "sample")
    assert sample["cases"] == len(load_suite("sample").cases)
    assert api.client.get("/v1/evaluations", headers=api.h("qa")).json() == []
    r = api.client.post("/v1/evaluations", json={"suite": "sample", "limit": 2, "gate": True}, headers=api.h("qa"))
    assert r.status_code == 202, r.text
    run = r.json()
    assert run["params"]["cases"] == 2 and run["params"]["limit"] == 2
    for _ in range(600):
        run = api.client.get(f"/v1/evaluations/{run['id']}", headers=api.h("qa")).json()
        if run["status"] != "running":
            break
        time.sleep(0.05)
    assert run["status"] == "succeeded", run
    assert run["result"]["cases"] == 2 and sum(b["cases"] for b in run["result"]["by_behaviour"]) == 2
    listed = api.client.get("/v1/evaluations?limit=5", headers=api.h("qa")).json()
    assert [x["id"] for x in listed] == [run["id"]]
    assert api.client.post("/v1/evaluations", json={"suite": "sample", "limit": 0}, headers=api.h("qa")).status_code == 422
    assert api.client.get("/v1/evaluations/suites", headers=api.h("agent")).status_code == 403
    assert api.client.get("/v1/evaluations", headers=api.h("agent")).status_code == 403


def test_behaviour_breakdown_groups_by_expected_behaviour_class():
    cases = [
        {"expected_class": "answer", "behaviour": "answer", "passed": True, "metrics": {"behaviour_correct": 1.0}},
        {"expected_class": "answer", "behaviour": "clarify", "passed": False, "metrics": {"behaviour_correct": 0.0}},
        {"expected_class": "partial", "behaviour": "handover", "passed": False, "metrics": {"behaviour_correct": 1.0}},
        {"expected_class": None, "behaviour": "decline", "passed": True, "metrics": {}},
    ]
    rows = {r["behaviour"]: r for r in behaviour_breakdown(cases)}
    assert rows["answer"] == {"behaviour": "answer", "expected": True, "cases": 2, "passed": 1, "behaviour_correct": 1,
                              "produced": {"answer": 1, "clarify": 1}}
    assert rows["partial"]["behaviour_correct"] == 1 and rows["partial"]["produced"] == {"handover": 1}
    assert rows["decline"] == {"behaviour": "decline", "expected": False, "cases": 1, "passed": 1, "behaviour_correct": 0,
                               "produced": {"decline": 1}}
