"""Evaluation runs: a shipped or uploaded suite drafted and scored in the background; the HTML report after."""

from __future__ import annotations

import math
import os
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.db import ApiKey, JobRow, new_id
from api.errors import ApiError
from api.schemas import EvaluationCreate, SuitePublic
from api.services.jobs import JobRunner
from assistant.settings import Settings


def _json_safe(value: Any) -> Any:
    """JSON columns reject NaN/inf (some metrics are undefined on tiny suites)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    return value


class EvaluationService:
    def __init__(self, settings: Settings, container: Any, jobs: JobRunner) -> None:
        self.settings = settings
        self.container = container
        self.jobs = jobs

    def start(self, session: Session, key: ApiKey, req: EvaluationCreate) -> JobRow:
        from evaluation.suite import SuiteError, load_suite, resolve_suite_name

        if (req.suite is None) == (req.suite_text is None):
            raise ApiError(422, "body: give exactly one of 'suite' (a shipped suite name) or 'suite_text' (an uploaded suite)",
                           details=[{"field": "body.suite", "reason": "exactly one of suite / suite_text"}])
        try:
            # by name only, from the shipped suites or earlier uploads: a path is never opened
            path = (resolve_suite_name(req.suite, [self.uploads]) if req.suite is not None
                    else self._save_upload(req.suite_text or "", req.suite_format))
        except SuiteError as exc:
            raise ApiError(404, str(exc)) from None
        try:
            suite = load_suite(path)
        except SuiteError as exc:
            raise ApiError(422, str(exc)) from None
        if suite.sources:  # drafted over its own documents, not this server's index: a command-line run
            raise ApiError(422, f"suite {suite.name!r} drafts over its own documents ('sources'); "
                                f"run it with `caredraft eval run {suite.name}`")
        if req.limit is not None:
            suite = suite.model_copy(update={"cases": suite.cases[: req.limit]})
        report_root = self.settings.report_dir
        drafter, backend, gate = self.container.drafter, req.backend, ("default" if req.gate else None)

        def work(progress) -> dict[str, Any]:  # noqa: ANN001
            from evaluation.runner import run_suite

            def on_case(done: int, total: int, case_id: str) -> None:
                progress({"cases_done": done, "cases_total": total, "case": case_id}, force=done >= total)

            run_dir = report_root / run_id
            result = run_suite(suite, drafter, backend=backend, report_dir=run_dir, gate=gate, progress=on_case)
            return _json_safe({"summary": result.summary, "gate": result.gate.to_dict() if result.gate else None,
                               "passed": result.passed, "cases": len(result.cases), "report_html": str(result.report_html),
                               "run_json": str(result.run_json), "by_behaviour": behaviour_breakdown(result.cases)})

        run_id = new_id("run")
        params = {"suite": suite.name, "suite_file": path.stem, "uploaded": req.suite_text is not None, "backend": backend, "gate": req.gate,
                  "cases": len(suite.cases), "limit": req.limit}
        return self.jobs.start(session, key, "evaluation", params, work, job_id=run_id, user_errors=(SuiteError, ValueError))

    @property
    def uploads(self) -> Path:
        return self.settings.report_dir / "uploaded-suites"

    def runs(self, session: Session, *, limit: int) -> list[JobRow]:
        """Evaluation runs, newest first."""
        query = select(JobRow).where(JobRow.kind == "evaluation").order_by(JobRow.created_at.desc()).limit(limit)
        return list(session.scalars(query))

    @staticmethod
    def suites() -> list[SuitePublic]:
        """The suites shipped in ``evaluation/suites`` (the ones a run may name)."""
        from evaluation.suite import SUITES_DIR, SuiteError, load_suite

        out = []
        for path in sorted(SUITES_DIR.glob("*")):
            if path.suffix not in (".yaml", ".yml", ".jsonl"):
                continue
            try:
                suite = load_suite(path)
            except SuiteError:
                continue  # a broken shipped suite is reported when someone runs it, not in the list
            if suite.sources:
                continue  # drafted over its own documents: a command-line run, refused here
            out.append(SuitePublic(name=path.stem, description=suite.description, cases=len(suite.cases)))
        return out

    def _save_upload(self, text: str, fmt: str) -> Path:
        folder = self.uploads
        folder.mkdir(parents=True, exist_ok=True)
        name = new_id("suite")
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".part")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        final = folder / f"{name}.{'jsonl' if fmt == 'jsonl' else 'yaml'}"
        os.replace(tmp, final)
        return final

    def report_html(self, job: JobRow) -> Path:
        if job.status != "succeeded":
            raise ApiError(409, f"evaluation {job.id} is {job.status}; the report exists once it has succeeded")
        path = Path((job.result or {}).get("report_html", ""))
        if not path.is_file():
            raise ApiError(404, f"the report of evaluation {job.id} is no longer on disk")
        return path


def behaviour_breakdown(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per expected behaviour class: cases, cases meeting every expectation, cases whose behaviour was right,
    and what the drafts did instead (``produced``: behaviour -> count).

    Cases without an expected behaviour are grouped under the behaviour the reply showed.
    """
    groups: dict[str, dict[str, Any]] = {}
    for case in cases:
        expected = case.get("expected_class") or case.get("expected_behaviour")
        produced = case.get("behaviour") or "unknown"
        name = expected or produced
        g = groups.setdefault(name, {"behaviour": name, "expected": bool(expected), "cases": 0, "passed": 0,
                                     "behaviour_correct": 0, "produced": {}})
        g["cases"] += 1
        g["passed"] += int(bool(case.get("passed")))
        if expected:
            g["behaviour_correct"] += int(case.get("metrics", {}).get("behaviour_correct", 0.0) == 1.0)
        g["produced"][produced] = g["produced"].get(produced, 0) + 1
    return sorted(groups.values(), key=lambda g: (-g["cases"], g["behaviour"]))
