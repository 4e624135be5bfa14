"""Who may call what: one table, used by every route, shown in the README and checked route by route by a test.

Admins may call every route. A route missing from the table is refused to every other role (fail closed),
and ``tests/unit/test_api_roles.py`` fails until it is added here and to the README.
"""

from __future__ import annotations

ROLES = ("agent", "knowledge_manager", "qa", "admin")

# "METHOD /path" (the route's template) -> the roles besides admin that may call it.
ROUTE_ROLES: dict[str, frozenset[str]] = {
    # every key: who am I
    "GET /v1/me": frozenset({"agent", "knowledge_manager", "qa"}),
    # agents: drafting, review and the feedback summary
    "POST /v1/drafts": frozenset({"agent"}),
    "POST /v1/drafts/stream": frozenset({"agent"}),
    "GET /v1/drafts": frozenset({"agent"}),
    "GET /v1/drafts/{draft_id}": frozenset({"agent"}),
    "GET /v1/drafts/{draft_id}/tone": frozenset({"agent"}),
    "POST /v1/drafts/{draft_id}/check": frozenset({"agent"}),
    "POST /v1/drafts/{draft_id}/regenerate": frozenset({"agent"}),
    "POST /v1/drafts/{draft_id}/review": frozenset({"agent"}),
    "GET /v1/feedback/summary": frozenset({"agent"}),
    # knowledge managers: documents, reindex, status, rollback
    "POST /v1/kb/documents": frozenset({"knowledge_manager"}),
    "GET /v1/kb/documents": frozenset({"knowledge_manager"}),
    "GET /v1/kb/documents/{doc_id}": frozenset({"knowledge_manager"}),
    "DELETE /v1/kb/documents/{doc_id}": frozenset({"knowledge_manager"}),
    "POST /v1/kb/reindex": frozenset({"knowledge_manager"}),
    "GET /v1/kb/jobs/{job_id}": frozenset({"knowledge_manager"}),
    "GET /v1/kb/status": frozenset({"knowledge_manager"}),
    "POST /v1/kb/rollback": frozenset({"knowledge_manager"}),
    "GET /v1/kb/gaps": frozenset({"knowledge_manager"}),
    # QA teams: evaluation runs and their reports
    "POST /v1/evaluations": frozenset({"qa"}),
    "POST /v1/evaluations/upload": frozenset({"qa"}),
    "GET /v1/evaluations": frozenset({"qa"}),
    "GET /v1/evaluations/suites": frozenset({"qa"}),
    "GET /v1/evaluations/{run_id}": frozenset({"qa"}),
    "GET /v1/evaluations/{run_id}/report": frozenset({"qa"}),
    # admins only
    "POST /v1/keys": frozenset(),
    "GET /v1/keys": frozenset(),
    "DELETE /v1/keys/{key_id}": frozenset(),
    "GET /v1/audit": frozenset(),
}


def allowed_roles(method: str, path: str) -> frozenset[str]:
    """The roles that may call ``method path`` (admin always; nobody else for a route not in the table)."""
    return ROUTE_ROLES.get(f"{method.upper()} {path}", frozenset()) | {"admin"}
