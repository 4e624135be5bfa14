"""QA teams: evaluation runs over a shipped or uploaded suite, and their HTML reports."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Query, UploadFile
from fastapi.responses import FileResponse

from api.deps import EvaluationsDep, RouteKey, SessionDep
from api.errors import ApiError
from api.schemas import Backend, EvaluationCreate, JobPublic, SuitePublic

router = APIRouter(prefix="/v1/evaluations", tags=["evaluations"])


@router.post("", response_model=JobPublic, status_code=202)
def create_evaluation(req: EvaluationCreate, key: RouteKey, session: SessionDep, evaluations: EvaluationsDep) -> JobPublic:
    """Start a run in the background; poll ``GET /v1/evaluations/{id}``."""
    return JobPublic.model_validate(evaluations.start(session, key, req))


@router.get("", response_model=list[JobPublic])
def list_evaluations(_key: RouteKey, session: SessionDep, evaluations: EvaluationsDep,
                     limit: Annotated[int, Query(ge=1, le=200)] = 50) -> list[JobPublic]:
    """Evaluation runs, newest first, with their status, summary and gate result."""
    return [JobPublic.model_validate(r) for r in evaluations.runs(session, limit=limit)]


@router.get("/suites", response_model=list[SuitePublic])
def list_suites(_key: RouteKey, evaluations: EvaluationsDep) -> list[SuitePublic]:
    """The shipped suites a run may name."""
    return evaluations.suites()


@router.post("/upload", response_model=JobPublic, status_code=202)
def upload_evaluation(file: Annotated[UploadFile, File(description="A suite file (.yaml, .yml or .jsonl).")], key: RouteKey,
                      session: SessionDep, evaluations: EvaluationsDep, backend: Annotated[Backend | None, Form()] = None,
                      gate: Annotated[bool, Form()] = False) -> JobPublic:
    """The same as ``POST /v1/evaluations`` with the suite as a multipart file upload."""
    name = (file.filename or "").lower()
    if not name.endswith((".yaml", ".yml", ".jsonl")):
        raise ApiError(415, f"{file.filename}: a suite is a .yaml, .yml or .jsonl file")
    try:
        text = file.file.read(2_000_001).decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(422, "file: not UTF-8 text", details=[{"field": "body.file", "reason": "not UTF-8"}]) from None
    req = EvaluationCreate(suite_text=text, suite_format="jsonl" if name.endswith(".jsonl") else "yaml", backend=backend,
                           gate=gate)
    return JobPublic.model_validate(evaluations.start(session, key, req))


@router.get("/{run_id}", response_model=JobPublic)
def get_evaluation(run_id: str, _key: RouteKey, session: SessionDep, evaluations: EvaluationsDep) -> JobPublic:
    """Status, progress, summary scores and gate result (in ``result``)."""
    return JobPublic.model_validate(evaluations.jobs.get(session, run_id, "evaluation"))


@router.get("/{run_id}/report", response_class=FileResponse, responses={200: {"content": {"text/html": {}}}})
def evaluation_report(run_id: str, _key: RouteKey, session: SessionDep, evaluations: EvaluationsDep) -> FileResponse:
    job = evaluations.jobs.get(session, run_id, "evaluation")
    return FileResponse(evaluations.report_html(job), media_type="text/html")
