"""One role table: every /v1 route is in it, the README shows it, and each route answers each role accordingly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from api.roles import ROLES, ROUTE_ROLES
from api.testing import running

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    with running(tmp_path_factory.mktemp("roles") / "data") as harness:
        yield harness


def _app_routes(app) -> set[str]:
    """Every /v1 operation the app serves (from its OpenAPI document: FastAPI includes routers lazily)."""
    return {f"{m.upper()} {path}" for path, ops in app.openapi()["paths"].items() if path.startswith("/v1/") for m in ops}


def test_every_route_is_in_the_table_and_nothing_else(api):
    assert _app_routes(api.client.app) == set(ROUTE_ROLES)


def test_readme_table_is_the_code_table():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(GET|POST|DELETE|PUT|PATCH) (/v1/[^`]+)` \|(.*)\|\s*$", text, re.M)
    shown = {}
    for method, path, cells in rows:
        marks = [c.strip() == "✓" for c in cells.split("|")]
        shown[f"{method} {path}"] = {role for role, mark in zip(("agent", "knowledge_manager", "qa", "admin"), marks) if mark}
    assert shown == {route: set(roles) | {"admin"} for route, roles in ROUTE_ROLES.items()}


@pytest.mark.parametrize("route", sorted(ROUTE_ROLES))
def test_each_role_gets_what_the_table_says(api, route):
    method, path = route.split(" ", 1)
    url = re.sub(r"\{[^}]+\}", "nope", path)
    for role in ROLES:
        kwargs = {"headers": api.h(role)}
        if method in ("POST", "PUT", "PATCH") and not path.endswith(("upload", "documents")):
            kwargs["json"] = {}
        r = api.client.request(method, url, **kwargs)
        allowed = role == "admin" or role in ROUTE_ROLES[route]
        assert r.status_code < 500, (route, role, r.text)
        if allowed:
            assert r.status_code != 403, (route, role, r.text)
        else:
            assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden", (route, role, r.text)
        if r.status_code == 202 and "reindex" in path:
            api.client.app.state.jobs.wait(30)
