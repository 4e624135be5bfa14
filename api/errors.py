"""One error body for every failure: ``{"error": {"code", "message", "details"}}``."""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("caredraft.api")

CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
    409: "conflict", 413: "payload_too_large", 415: "unsupported_media_type", 422: "invalid_request",
    429: "rate_limited", 500: "internal_error", 503: "unavailable",
}


class ApiError(Exception):
    """Raised by services and dependencies; the handler turns it into the error body."""

    def __init__(self, status: int, message: str, *, code: str | None = None, details: Any = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or CODES.get(status, "error")
        self.message = message
        self.details = details
        self.headers = headers


_ABSOLUTE_PATH = re.compile(r"(?<![\w.:/])/(?!v1/)(?:[^\s/'\"`]+/)+(?=[^\s/'\"`]*)")


def scrub_paths(text: str) -> str:
    """``text`` with every absolute server path cut to its last part ("/srv/x/data/a.yaml" -> "a.yaml")."""
    return _ABSOLUTE_PATH.sub("", text)


def _scrub(value: Any) -> Any:
    if isinstance(value, str):
        return scrub_paths(value)
    if isinstance(value, dict):
        return {k: _scrub(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    return value


def not_found(what: str, ident: str) -> ApiError:
    return ApiError(404, f"unknown {what} {ident!r}")


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    """The error body; absolute server paths never leave the server."""
    return {"error": {"code": code, "message": scrub_paths(message), "details": _scrub(details)}}


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    return ".".join(str(part) for part in loc)


def _detail(err: dict[str, Any]) -> dict[str, Any]:
    if err.get("type") == "json_invalid":  # the location is a character offset, not a field
        where = (err.get("ctx") or {}).get("error", "")
        return {"field": "body", "reason": f"malformed JSON{': ' + where if where else ''}", "type": "json_invalid"}
    return {"field": _field(err.get("loc", ())), "reason": err.get("msg", "invalid"), "type": err.get("type")}


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_req: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(error_body(exc.code, exc.message, exc.details), status_code=exc.status, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_req: Request, exc: RequestValidationError) -> JSONResponse:
        details = [_detail(e) for e in exc.errors()]
        first = details[0] if details else {"field": "body", "reason": "invalid"}
        message = f"{first['field']}: {first['reason']}" + (f" (and {len(details) - 1} more)" if len(details) > 1 else "")
        return JSONResponse(error_body("invalid_request", message, details), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_req: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else CODES.get(exc.status_code, "error")
        if exc.status_code == 400:  # FastAPI's "error parsing the body" (undecodable bytes): malformed input
            details = [{"field": "body", "reason": "malformed body: not decodable JSON", "type": "json_invalid"}]
            return JSONResponse(error_body("invalid_request", "body: malformed body: not decodable JSON", details),
                                status_code=422)
        if exc.status_code == 404 and message == "Not Found":
            message = "no such route"
        return JSONResponse(error_body(CODES.get(exc.status_code, "error"), message), status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(req: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", req.method, req.url.path)
        return JSONResponse(error_body("internal_error", "internal server error; the event was logged"), status_code=500)


# --- OpenAPI: every answer a route can give is documented ---------------------------------------------
_ERROR_SCHEMA = {
    "type": "object", "required": ["error"],
    "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {
        "code": {"type": "string"}, "message": {"type": "string"}, "details": {}}}},
}
_DESCRIPTIONS = {
    401: "Missing, unknown or revoked API key.", 403: "The key's role may not call this route.",
    404: "No such resource.", 409: "Conflicts with the resource's state (already reviewed, reindex running, last admin key...).",
    413: "Request body over the size limit.", 415: "Unsupported file type.", 422: "Invalid request: the message names the field.",
    429: "Rate limit exceeded (per key, or failed authentications per client address); see Retry-After.",
}
# operations that can answer 409 besides their success ("METHOD /path")
CONFLICTS = {"POST /v1/drafts/{draft_id}/review", "POST /v1/kb/reindex", "DELETE /v1/kb/documents/{doc_id}",
             "POST /v1/kb/rollback", "GET /v1/evaluations/{run_id}/report", "DELETE /v1/keys/{key_id}",
             "POST /v1/kb/documents"}
NOT_FOUND_WITHOUT_PARAMS = {"POST /v1/evaluations", "POST /v1/kb/rollback", "GET /v1/kb/status", "GET /v1/kb/documents",
                            "POST /v1/kb/reindex"}


def document_errors(app: FastAPI) -> None:
    """Add the error answers of every /v1 operation to the OpenAPI document (FastAPI lists only 200 and 422)."""
    base = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = base()
        schema.setdefault("components", {}).setdefault("schemas", {})["ErrorBody"] = _ERROR_SCHEMA
        for path, operations in schema.get("paths", {}).items():
            if not path.startswith("/v1/"):
                continue
            for method, op in operations.items():
                name = f"{method.upper()} {path}"
                codes = {401, 403, 422, 429}
                if "{" in path or name in NOT_FOUND_WITHOUT_PARAMS:
                    codes.add(404)
                if name in CONFLICTS:
                    codes.add(409)
                body = op.get("requestBody", {}).get("content", {})
                if body:
                    codes.add(413)
                if any(ct.startswith("multipart/") for ct in body):
                    codes.add(415)
                responses = op.setdefault("responses", {})
                for code in sorted(codes):
                    entry = responses.setdefault(str(code), {"description": _DESCRIPTIONS[code]})
                    entry["content"] = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
