"""Drafts over HTTP: create, stream, read, list, regenerate, review, feedback (SQLite file, hashing embedder)."""

from __future__ import annotations

import json

import pytest

from api.testing import running
from models.generators.scripted import ScriptedGenerator

REPLY = "Hi Ana,\n\nYou can return unworn items within 30 days of delivery for a full refund.\n\nBest wishes,\nSam"


@pytest.fixture
def api(tmp_path):
    with running(tmp_path / "data") as harness:
        yield harness


@pytest.fixture
def scripted_api(tmp_path):
    generator = ScriptedGenerator(lambda job: REPLY, name="composer", model_id="scripted-v1")
    with running(tmp_path / "data", generators={"composer": generator}) as harness:
        harness.generator = generator
        yield harness


def test_create_draft_is_stored_with_sources_flags_analysis(api):
    body = api.draft("My order #1234 arrived damaged and I am really upset!", channel="chat")
    assert body["id"].startswith("drf_") and body["status"] == "pending"
    assert body["created_by"] == api.key_ids["agent"]
    draft = body["draft"]
    assert draft["backend"] == "composer" and draft["text"]
    assert 0 <= draft["confidence"] <= 1
    expected = api.client.app.state.container.analyser.analyse("My order #1234 arrived damaged and I am really upset!")
    assert draft["analysis"] == expected.model_dump(mode="json")
    assert "total" in draft["timings_ms"] and draft["index_version"]
    got = api.client.get(f"/v1/drafts/{body['id']}", headers=api.h("agent"))
    assert got.status_code == 200 and got.json() == body


def test_stream_sends_deltas_then_the_stored_draft(api):
    r = api.client.post("/v1/drafts/stream", json={"message": "How long do refunds take?"}, headers=api.h("agent"))
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
    events = [block for block in r.text.split("\n\n") if block.strip()]
    kinds = [b.split("\n")[0].removeprefix("event: ") for b in events]
    assert kinds[-1] == "draft" and set(kinds[:-1]) == {"delta"} and len(kinds) > 2
    deltas = "".join(json.loads(b.split("data: ", 1)[1])["text"] for b in events[:-1])
    final = json.loads(events[-1].split("data: ", 1)[1])
    assert deltas.strip() and final["draft"]["text"].startswith(deltas.strip()[:20])
    stored = api.client.get(f"/v1/drafts/{final['id']}", headers=api.h("agent")).json()
    assert stored["draft"] == final["draft"]


def test_list_paginates_with_cursor_and_filters_by_status(api):
    ids = [api.draft(f"Question number {i} about my delivery")["id"] for i in range(5)]
    api.client.post(f"/v1/drafts/{ids[0]}/review", json={"action": "approve"}, headers=api.h("agent"))
    seen, cursor = [], None
    while True:
        url = "/v1/drafts?limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = api.client.get(url, headers=api.h("agent")).json()
        assert len(page["items"]) <= 2
        seen += [d["id"] for d in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == list(reversed(ids))  # newest first, each exactly once
    approved = api.client.get("/v1/drafts?status=approved", headers=api.h("agent")).json()["items"]
    assert [d["id"] for d in approved] == [ids[0]]
    assert api.client.get("/v1/drafts?status=bogus", headers=api.h("agent")).status_code == 422
    for bad in ("abc", "99999999999999999999", "²", "-1", "1" * 40):  # never a 500, whatever the cursor
        assert api.client.get("/v1/drafts", params={"cursor": bad}, headers=api.h("agent")).status_code == 422, bad
    assert api.client.get("/v1/drafts?limit=0", headers=api.h("agent")).status_code == 422


def test_regenerate_passes_the_adjustment_and_links_the_parent(scripted_api):
    api = scripted_api
    first = api.draft("Can I return my boots?")
    r = api.client.post(f"/v1/drafts/{first['id']}/regenerate", json={"adjustment": "warmer"}, headers=api.h("agent"))
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["parent_id"] == first["id"] and body["adjustment"] == "warmer" and body["id"] != first["id"]
    assert api.generator.jobs[-1].adjustment == "warmer"
    r = api.client.post(f"/v1/drafts/{first['id']}/regenerate", json={"guidance": "mention the free returns label"},
                        headers=api.h("agent"))
    assert r.status_code == 201 and api.generator.jobs[-1].guidance == "mention the free returns label"
    bad = api.client.post(f"/v1/drafts/{first['id']}/regenerate", json={"adjustment": "angrier"}, headers=api.h("agent"))
    assert bad.status_code == 422 and bad.json()["error"]["details"][0]["field"] == "body.adjustment"
    assert api.client.post("/v1/drafts/drf_missing/regenerate", json={}, headers=api.h("agent")).status_code == 404


def test_review_approve_stores_final_text_reviewer_and_blocks_a_second_review(scripted_api):
    api = scripted_api
    d = api.draft("Can I return my boots?")
    r = api.client.post(f"/v1/drafts/{d['id']}/review", json={"action": "approve"}, headers=api.h("agent"))
    assert r.status_code == 200
    review = r.json()["review"]
    assert r.json()["status"] == "approved" and review["final_text"] == d["draft"]["text"]
    assert review["reviewer"] == api.key_ids["agent"] and review["edit_distance"] == 0 and not review["facts_changed"]
    again = api.client.post(f"/v1/drafts/{d['id']}/review", json={"action": "reject", "reason": "x"}, headers=api.h("agent"))
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"
    assert api.client.get(f"/v1/drafts/{d['id']}", headers=api.h("agent")).json()["status"] == "approved"


def test_edit_distinguishes_wording_from_facts(scripted_api):
    api = scripted_api
    wording, facts = api.draft("Return question one"), api.draft("Return question two")
    text = wording["draft"]["text"]
    assert "30 days" in text
    reworded = text.replace("unworn items", "items you have not worn")
    r = api.client.post(f"/v1/drafts/{wording['id']}/review", json={"action": "edit", "text": reworded}, headers=api.h("agent"))
    review = r.json()["review"]
    assert r.json()["status"] == "edited" and review["final_text"] == reworded
    assert review["edit_distance"] >= 2 and review["facts_changed"] is False
    changed = facts["draft"]["text"].replace("30 days", "14 days")
    r = api.client.post(f"/v1/drafts/{facts['id']}/review", json={"action": "edit", "text": changed}, headers=api.h("agent"))
    review = r.json()["review"]
    assert review["facts_changed"] is True and review["edit_distance"] == 1
    assert review["claims_added"] and review["claims_removed"]


def test_review_validation(api):
    d = api.draft()
    url = f"/v1/drafts/{d['id']}/review"
    r = api.client.post(url, json={"action": "edit"}, headers=api.h("agent"))
    assert r.status_code == 422 and r.json()["error"]["details"][0]["field"] == "body.text"
    r = api.client.post(url, json={"action": "reject"}, headers=api.h("agent"))
    assert r.status_code == 422 and r.json()["error"]["details"][0]["field"] == "body.reason"
    r = api.client.post(url, json={"action": "maybe"}, headers=api.h("agent"))
    assert r.status_code == 422 and r.json()["error"]["details"][0]["field"] == "body.action"
    assert api.client.post("/v1/drafts/drf_nope/review", json={"action": "approve"}, headers=api.h("agent")).status_code == 404
    r = api.client.post(url, json={"action": "reject", "reason": "wrong policy quoted"}, headers=api.h("agent"))
    assert r.status_code == 200 and r.json()["review"]["reason"] == "wrong policy quoted"
    assert r.json()["review"]["final_text"] is None


def test_feedback_summary_counts_reviews_flags_and_documents(scripted_api):
    api = scripted_api
    drafts = [api.draft(f"Can I return item {i}?") for i in range(4)]
    post = api.client.post
    post(f"/v1/drafts/{drafts[0]['id']}/review", json={"action": "approve"}, headers=api.h("agent"))
    post(f"/v1/drafts/{drafts[1]['id']}/review", json={"action": "edit", "text": "Totally new text."}, headers=api.h("agent"))
    post(f"/v1/drafts/{drafts[2]['id']}/review", json={"action": "reject", "reason": "off"}, headers=api.h("agent"))
    r = api.client.get("/v1/feedback/summary", headers=api.h("agent"))
    assert r.status_code == 200
    s = r.json()
    assert (s["drafts"], s["reviewed"], s["pending"], s["approved"], s["edited"], s["rejected"]) == (4, 3, 1, 1, 1, 1)
    assert s["acceptance_rate"] == pytest.approx(2 / 3, abs=1e-3) and s["edit_rate"] == pytest.approx(1 / 3, abs=1e-3)
    assert s["fact_edit_rate"] == pytest.approx(1 / 3, abs=1e-3) and s["wording_edit_rate"] == 0
    flag_counts = {}
    for d in drafts:
        for f in d["draft"]["flags"]:
            flag_counts[f["type"]] = flag_counts.get(f["type"], 0) + 1
    assert {i["name"]: i["count"] for i in s["top_flags"]} == flag_counts
    involved = {c["doc_id"] for d in drafts[1:3] for c in d["draft"]["citations"]}
    involved |= {n["doc_id"] for d in drafts[1:3] for n in d["draft"]["agent_notes"]}
    assert {i["name"] for i in s["top_documents_in_edited_or_rejected"]} == involved
    assert api.client.get("/v1/feedback/summary", headers=api.h("knowledge_manager")).status_code == 403


def test_ticket_validation_names_the_field(api):
    cases = [
        ({}, "body.message"),
        ({"message": ""}, "body.message"),
        ({"message": "x" * 20_001}, "body.message"),
        ({"message": 42}, "body.message"),
        ({"message": "hi", "channel": "fax"}, "body.channel"),
        ({"message": "hi", "customer": {"orders": [{"amount": -1, "id": "1"}]}}, "body.customer.orders.0.amount"),
        ({"message": "hi", "surprise": 1}, "body.surprise"),
    ]
    for body, field in cases:
        r = api.client.post("/v1/drafts", json=body, headers=api.h("agent"))
        assert r.status_code == 422, body
        err = r.json()["error"]
        assert err["code"] == "invalid_request" and err["details"][0]["field"] == field, (body, err)
    r = api.client.post("/v1/drafts", json={"message": "hi"}, headers=api.h("agent"), params={"backend": "gpt9"})
    assert r.status_code == 422 and r.json()["error"]["details"][0]["field"] == "query.backend"
