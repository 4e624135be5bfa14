"""Operations routes, the review page, OpenAPI, and bad input of every kind (never a 500)."""

from __future__ import annotations

import posixpath
import re

import pytest

from api.testing import running


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    with running(tmp_path_factory.mktemp("ops") / "data") as harness:
        yield harness


def test_health_ready_and_metrics(api):
    assert api.client.get("/healthz").json() == {"status": "ok"}
    ready = api.client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["ready"] and ready.json()["database"] and ready.json()["index_version"]
    draft = api.draft("I was charged twice for my order")
    api.client.get(f"/v1/drafts/{draft['id']}", headers=api.h("agent"))
    text = api.client.get("/metrics").text
    assert 'caredraft_drafts_total{backend="composer"}' in text
    assert 'route="/v1/drafts/{draft_id}"' in text  # by template, not by concrete id
    assert draft["id"] not in text
    for flag in {f["type"] for f in draft["draft"]["flags"]}:
        assert f'caredraft_draft_flags_total{{type="{flag}"}}' in text
    assert "caredraft_reindex_duration_seconds" in text


def test_readyz_reports_a_dead_database(api, monkeypatch):
    monkeypatch.setattr(api.client.app.state.db, "ping", lambda: False)
    r = api.client.get("/readyz")
    assert r.status_code == 503 and r.json()["database"] is False and r.json()["reason"] == "database unreachable"


def test_review_page_and_openapi(api):
    page = api.client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"] and 'for="api-key"' in page.text
    # every file the page loads, and every module those import, is served (no CDN, nothing from elsewhere)
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', page.text)
    assert "/static/js/main.js" in assets
    seen: set[str] = set()
    while assets:
        path = assets.pop()
        if path in seen:
            continue
        seen.add(path)
        r = api.client.get(path)
        assert r.status_code == 200, path
        if path.endswith(".js"):
            assets += [posixpath.normpath(posixpath.join(posixpath.dirname(path), m))
                       for m in re.findall(r'from "(\./[^"]+)"', r.text)]
    assert len(seen) >= 8 and not re.search(r'(?:src|href)="(?:https?:)?//', page.text)
    spec = api.client.get("/openapi.json").json()
    assert {"/v1/drafts", "/v1/drafts/{draft_id}/review", "/v1/kb/reindex", "/v1/evaluations/{run_id}/report"} <= set(spec["paths"])
    schema = spec["paths"]["/v1/drafts"]["post"]["responses"]["201"]["content"]["application/json"]["schema"]
    assert schema["$ref"].endswith("/DraftPublic")


BAD_BODIES = [
    b"{", b"[]", b"null", b'"text"', b"123", b'{"message": null}', b'{"message": ["a"]}',
    b'{"message": "hi", "history": "nope"}', b'{"message": "hi", "history": [{"role": "bot", "text": "x"}]}',
    b'{"message": "hi", "customer": []}', b'{"message": "hi", "customer": {"orders": [{"date": "yesterday", "id": "1"}]}}',
    b"\xff\xfe\x00", b'{"message": "\\ud800"}',
]


@pytest.mark.parametrize("body", BAD_BODIES)
def test_malformed_bodies_are_422_never_500(api, body):
    for path in ("/v1/drafts", "/v1/drafts/stream"):
        r = api.client.post(path, content=body, headers={**api.h("agent"), "Content-Type": "application/json"})
        assert r.status_code == 422, (path, body, r.text)
        err = r.json()["error"]
        assert err["code"] == "invalid_request" and err["message"] and err["details"][0]["field"].startswith("body")


def test_other_bad_requests_have_the_error_body(api):
    c, h = api.client, api.h("admin")
    cases = [
        (c.get("/v1/nowhere", headers=h), 404),
        (c.put("/v1/drafts", headers=h), 405),
        (c.post("/v1/drafts", content=b"message=hi", headers={**h, "Content-Type": "text/plain"}), 422),
        (c.post("/v1/drafts", content=b"{" + b" " * (2 << 20) + b"}", headers={**h, "Content-Type": "application/json"}), 413),
        (c.post("/v1/drafts/drf_x/review", json={"action": "approve", "text": 5}, headers=h), 422),
        (c.get("/v1/audit?limit=nope", headers=h), 422),
        (c.post("/v1/keys", json={"name": "", "role": "qa"}, headers=h), 422),
        (c.get("/v1/evaluations/run_nope/report", headers=h), 404),
    ]
    for r, status in cases:
        assert r.status_code == status, (status, r.text)
        body = r.json()
        assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}


def test_unexpected_errors_become_a_logged_500_with_the_error_body(api, monkeypatch, caplog):
    def boom(*_a, **_k):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(api.client.app.state.drafts, "create", boom)
    r = api.client.post("/v1/drafts", json={"message": "hi"}, headers=api.h("agent"))
    assert r.status_code == 500 and r.json()["error"]["code"] == "internal_error"
    assert "kaboom" not in r.text and "kaboom" in caplog.text
