"""Running a suite: draft every case, score it, check its expectations, summarise, gate and write the reports.

The runner never drafts by itself: it calls ``drafter.draft(ticket, backend=...)`` and scores what comes back
(tone + accuracy against the draft's cited passages, retrieval against the case's gold documents, per-stage
latency from ``draft.timings_ms``).
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.types import Draft
from evaluation.gate import Gate, GateResult, evaluate_gate, load_gate
from evaluation.report import write_reports
from evaluation.metrics.behaviour import confusion, draft_behaviour, judge
from evaluation.metrics.latency import percentile
from evaluation.metrics.calibration import expected_calibration_error, reliability, roc_auc
from evaluation.scoring import ReplyScorer, must_not_violations
from evaluation.suite import BEHAVIOURS, Case, Suite

if TYPE_CHECKING:
    from assistant.drafting import Drafter

ProgressFn = Callable[[int, int, str], None]  # (done, total, case id)
# Gold documents against the documents the draft *cites* (in marker order, i.e. the retrieval rank of the cited
# passages): whether the reply rests on the right sources. Not retrieval recall: passages retrieved but not cited
# do not count (the retriever's own recall@k is measured by benchmarks/bench_kb.py and the kb integration test).
CITED_K = 5
# Summary metrics whose distributions are charted; the first group lies in [0, 1].
UNIT_METRICS = ("groundedness", "citation_precision", "citation_recall", "fact_coverage", "empathy", "politeness",
                "sentiment", "personalization", "length_fit", "readability", f"gold_cited_recall@{CITED_K}",
                "gold_cited_mrr", f"gold_cited_ndcg@{CITED_K}")
OTHER_CHARTS = ("readability_grade", "unsupported_claims", "latency_total_ms")


class RunError(ValueError):
    """A run that cannot start (bad baseline file, ...); one line for the user."""


@dataclass
class RunResult:
    summary: dict[str, Any]
    cases: list[dict[str, Any]]
    gate: GateResult | None
    run_json: Path
    report_md: Path
    report_html: Path

    @property
    def passed(self) -> bool:
        """False when a gate threshold or a regression tolerance failed (cases failing expectations do not count)."""
        return self.gate is None or self.gate.passed


def run_suite(
    suite: Suite,
    drafter: Drafter,
    *,
    backend: str | None = None,
    report_dir: Path | str,
    baseline: Path | str | dict[str, Any] | None = None,
    gate: Gate | Path | str | None = None,
    progress: ProgressFn | None = None,
    scorer: ReplyScorer | None = None,
) -> RunResult:
    """Draft, score and report every case of ``suite``; see the module docstring."""
    baseline_run = load_run(baseline) if baseline is not None and not isinstance(baseline, dict) else baseline
    gate_obj = load_gate(gate) if gate is not None and not isinstance(gate, Gate) else gate
    scorer = scorer or _scorer_for(drafter)
    results: list[dict[str, Any]] = []
    drafts: list[Draft] = []
    total = len(suite.cases)
    for done, case in enumerate(suite.cases, start=1):
        started = time.perf_counter()
        draft = drafter.draft(case.ticket(), backend=backend)
        wall_ms = (time.perf_counter() - started) * 1000
        drafts.append(draft)
        results.append(evaluate_case(case, draft, scorer, wall_ms=wall_ms))
        if progress:
            progress(done, total, case.id)
    summary = summarise(results)
    run: dict[str, Any] = {
        "suite": suite.name,
        "suite_path": suite.path,
        "backend": drafts[0].backend if drafts else backend,
        "model_id": drafts[0].model_id if drafts else None,
        "index_version": drafts[0].index_version if drafts else None,
        "prompt_version": drafts[0].prompt_version if drafts else None,
        "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "summary": summary,
        **calibration(results),
        "cases": results,
        "unit_metrics": [m for m in UNIT_METRICS if m in summary],
        "chart_metrics": [m for m in (*UNIT_METRICS, *OTHER_CHARTS) if any(m in c["metrics"] for c in results)],
    }
    if baseline_run is not None:
        run["baseline"] = compare_runs(run, baseline_run, path=None if isinstance(baseline, dict) else str(baseline))
    gate_result = None
    if gate_obj is not None:
        gate_result = evaluate_gate(gate_obj, summary, baseline_run["summary"] if baseline_run else None)
        run["gate"] = gate_result.to_dict()
    paths = write_reports(run, Path(report_dir))
    return RunResult(summary=summary, cases=results, gate=gate_result, run_json=paths[0], report_md=paths[1],
                     report_html=paths[2])


class SourcesMissing(RunError):
    """A suite drafted over its own documents whose files are not there; callers skip with this message."""


def build_suite_index(suite: Suite, index_dir: Path, embedder: Any, kb_settings: Any) -> Path:
    """Index the suite's ``sources`` into ``index_dir`` (incremental: unchanged documents are reused)."""
    from knowledge_base.sync import sync

    missing = suite.missing_sources()
    if missing:
        raise SourcesMissing(f"suite {suite.name!r} needs {', '.join(map(str, missing))}, which is not there")
    sync(suite.source_paths(), Path(index_dir), embedder, settings=kb_settings)
    return Path(index_dir)


def _scorer_for(drafter: Drafter) -> ReplyScorer:
    """A scorer sharing the drafter's support scorer (and its passage cache), so scoring and verification agree."""
    return ReplyScorer(support=drafter.verifier.scorer)


def evaluate_case(case: Case, draft: Draft, scorer: ReplyScorer, *, wall_ms: float | None = None) -> dict[str, Any]:
    """Score one drafted case and check its expectations."""
    passages = list(dict.fromkeys(c.passage for c in sorted(draft.citations, key=lambda c: c.marker)))
    expected = case.expected
    ticket = case.ticket()
    scored = scorer.score(
        message=case.message,
        reply=draft.text,
        passages=passages,
        customer=case.customer,
        channel=case.channel,
        expected=expected.model_dump(exclude_none=True),
        citations=draft.citations,
        banned=ticket.brand_voice.banned_phrases,
        known_names=[ticket.agent_name, ticket.brand_voice.company_name],
    )
    tone, accuracy = scored["tone"], scored["accuracy"]
    metrics: dict[str, float] = {k: v for k, v in {**tone, **accuracy}.items() if _is_number(v)}
    metrics["unsupported_claims"] = float(len(accuracy.get("unsupported_claims", [])))
    if expected.gold_docs:
        cited = [c.doc_id for c in sorted(draft.citations, key=lambda c: c.marker)]
        metrics.update({f"gold_cited_{name}": value
                        for name, value in scorer.retrieval(cited, expected.gold_docs, k=CITED_K).items()})
    latency = {f"latency_{stage}_ms": float(ms) for stage, ms in draft.timings_ms.items()}
    if wall_ms is not None:
        latency["latency_total_ms"] = round(wall_ms, 3)
    metrics.update(latency)

    # The draft's own behaviour label (inferred from its wording when it records none), held to its form.
    produced, source = draft_behaviour(draft)
    judged = judge(expected.behaviour, produced, draft.text, len(draft.citations), [c.passage for c in draft.citations])
    # The scorer judged the text alone; the draft's own label replaces that judgement.
    accuracy = {k: v for k, v in accuracy.items() if k != "behaviour_problems"} | {"behaviour": produced}
    if expected.behaviour:
        metrics["behaviour_correct"] = float(judged["correct"])
    failed = _failed_expectations(case, draft, tone, accuracy, judged)
    missing = set(accuracy.get("facts_missing", []))
    facts = [{"fact": label, "found": label not in missing} for label in map(_fact_label, expected.facts)]
    return {
        "id": case.id,
        "message": case.message,
        "channel": case.channel,
        "tags": case.tags,
        "customer": case.customer.model_dump(mode="json", exclude_none=True) if case.customer else None,
        "draft": draft.text,
        "confidence": round(float(draft.confidence), 4),
        "flags": [{"type": f.type, "message": f.message} for f in draft.flags],
        "cited_docs": list(dict.fromkeys(c.doc_id for c in draft.citations)),
        "citations": [{"marker": c.marker, "doc_id": c.doc_id, "title": c.title, "passage": c.passage}
                      for c in sorted(draft.citations, key=lambda c: c.marker)],
        "facts": facts,
        "topic": draft.analysis.topic,
        "emotion": draft.analysis.emotion,
        "language": _draft_language(draft),
        "behaviour": produced,
        "behaviour_source": source,
        "expected_behaviour": expected.behaviour,
        "expected_class": judged.get("expected_class"),
        "behaviour_problems": judged["problems"],
        "metrics": {k: round(v, 6) for k, v in metrics.items()},
        "lists": {k: v for k, v in {**tone, **accuracy}.items() if isinstance(v, list)},
        "failed": failed,
        "passed": not failed,
    }


def _fact_label(fact: Any) -> str:
    if isinstance(fact, dict):
        kind, value = next(iter(fact.items()))
        return f"{kind}: {value}"
    return str(fact)


def _draft_language(draft: Draft) -> str | None:
    """The language the draft records for the customer's message (on the draft or its analysis), if any."""
    for holder in (draft, draft.analysis):
        value = getattr(holder, "language", None)
        if isinstance(value, str) and value:
            return value
    return None


def _failed_expectations(case: Case, draft: Draft, tone: dict[str, Any], accuracy: dict[str, Any],
                         judged: dict[str, Any]) -> list[str]:
    expected = case.expected
    failed: list[str] = []
    for fact in accuracy.get("facts_missing", []):
        failed.append(f"missing fact: {fact}")
    for fact in accuracy.get("contradictions", []):
        failed.append(f"contradicts expected fact: {fact}")
    for item in must_not_violations(draft.text, expected.must_not):
        failed.append(f"contains forbidden: {item}")
    if expected.behaviour and not judged.get("correct"):
        why = f" ({'; '.join(judged['problems'])})" if judged["problems"] else ""
        failed.append(f"behaviour: expected {expected.behaviour}, got {judged['behaviour']}{why}")
    if expected.language:
        language = _draft_language(draft)
        if (language or "").lower().split("-")[0] != expected.language.lower():
            failed.append(f"language: expected {expected.language}, the draft records {language or 'none'}")
    if expected.topic and draft.analysis.topic != expected.topic:
        failed.append(f"topic: expected {expected.topic}, analysed as {draft.analysis.topic}")
    t = expected.tone
    if t:
        if t.emotion and draft.analysis.emotion != t.emotion:
            failed.append(f"emotion: expected {t.emotion}, analysed as {draft.analysis.emotion}")
        acknowledged = bool(tone.get("empathy_reaction") or tone.get("empathy_interpretation"))
        if t.acknowledge is not None and acknowledged != t.acknowledge:
            failed.append("tone: the reply does not acknowledge the customer's feelings" if t.acknowledge
                          else "tone: the reply acknowledges feelings where none was wanted")
        if t.apology is not None and bool(tone.get("apology")) != t.apology:
            failed.append("tone: expected an apology" if t.apology else "tone: apologises where it should not")
        if t.min_empathy is not None and tone["empathy"] < t.min_empathy:
            failed.append(f"tone: empathy {tone['empathy']:.2f} < {t.min_empathy}")
        if t.min_politeness is not None and tone["politeness"] < t.min_politeness:
            failed.append(f"tone: politeness {tone['politeness']:.2f} < {t.min_politeness}")
    return failed


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def summarise(cases: list[dict[str, Any]]) -> dict[str, Any]:
    """Means of every per-case metric, plus pass rate, behaviour accuracy, violations and latency percentiles."""
    n = len(cases)
    summary: dict[str, Any] = {"cases": n, "passed_cases": sum(c["passed"] for c in cases)}
    summary["pass_rate"] = round(summary["passed_cases"] / n, 6) if n else 0.0
    keys = sorted({k for c in cases for k in c["metrics"]})
    for key in keys:
        values = [c["metrics"][key] for c in cases if key in c["metrics"]]
        if key.startswith("latency_"):
            summary[key.replace("_ms", "_p50_ms")] = round(percentile(values, 50), 3)
            summary[key.replace("_ms", "_p95_ms")] = round(percentile(values, 95), 3)
        elif key == "unsupported_claims":
            summary["unsupported_claims_per_case"] = round(sum(values) / n, 6)
        elif key == "behaviour_correct":  # only cases that state an expected behaviour carry it
            summary["behaviour_accuracy"] = round(statistics.fmean(values), 6)
            for cls in BEHAVIOURS:  # per expected class: the gate holds every class to its own minimum
                mine = [c["metrics"][key] for c in cases if c.get("expected_class") == cls and key in c["metrics"]]
                if mine:
                    summary[f"behaviour_accuracy.{cls}"] = round(statistics.fmean(mine), 6)
        else:
            summary[key] = round(statistics.fmean(values), 6)
    summary["must_not_violations_per_case"] = round(
        sum(sum(f.startswith("contains forbidden") for f in c["failed"]) for c in cases) / n, 6) if n else 0.0
    summary["flags_per_case"] = round(sum(len(c["flags"]) for c in cases) / n, 6) if n else 0.0
    # Metrics this suite cannot produce (no case names gold documents, facts or a behaviour): a gate skips them
    # and says why, instead of failing a suite for a measurement it never asked for.
    summary["not_applicable"] = [m for m, needs in _OPTIONAL_METRICS.items() if needs not in keys]
    scored = [c for c in cases if isinstance(c.get("confidence"), (int, float))]
    if scored:
        summary["confidence_mean"] = round(statistics.fmean(c["confidence"] for c in scored), 6)
        auc = roc_auc([c["confidence"] for c in scored], [c["passed"] for c in scored])
        if auc == auc:  # NaN when every case passed or every case failed
            summary["confidence_auc"] = round(auc, 6)
    return summary


_OPTIONAL_METRICS = {f"gold_cited_recall@{CITED_K}": f"gold_cited_recall@{CITED_K}", "gold_cited_mrr": "gold_cited_mrr",
                     f"gold_cited_ndcg@{CITED_K}": f"gold_cited_ndcg@{CITED_K}",
                     "fact_coverage": "fact_coverage", "behaviour_accuracy": "behaviour_correct",
                     "behaviour_accuracy.*": "behaviour_correct"}


def calibration(cases: list[dict[str, Any]]) -> dict[str, Any]:
    """Reliability of confidence against "meets every expectation", and the behaviour confusion table."""
    scored = [c for c in cases if isinstance(c.get("confidence"), (int, float))]
    rows = reliability([c["confidence"] for c in scored], [c["passed"] for c in scored])
    return {"reliability": rows, "ece": expected_calibration_error(rows), "behaviour_confusion": confusion(cases),
            "confidence_labels": labelled_check()}


def labelled_check() -> dict[str, Any] | None:
    """How the shipped confidence model did against drafts a team lead judged (from its fit): ROC AUC for "good"
    per knowledge base (cross-validated and held out per base) and the cross-validated reliability table."""
    from assistant.confidence import load_model

    try:
        meta = load_model().meta or {}
    except RuntimeError:
        return None
    if not meta.get("auc"):
        return None
    return {k: meta.get(k) for k in ("judged_on", "fitted_on", "auc", "reliability_cross_validated",
                                     "ece_cross_validated", "flag_cross_validated")}


def load_run(path: Path | str) -> dict[str, Any]:
    """A previous run's ``run.json`` (used as a baseline)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RunError(f"baseline {path} not found") from None
    except (OSError, json.JSONDecodeError) as exc:
        raise RunError(f"baseline {path} is not a readable run.json: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("summary"), dict) or not isinstance(data.get("cases"), list):
        raise RunError(f"baseline {path} is not a caredraft run.json (no summary/cases)")
    return data


def compare_runs(run: dict[str, Any], baseline: dict[str, Any], *, path: str | None = None) -> dict[str, Any]:
    """Summary deltas and the cases whose outcome or key scores changed against ``baseline``."""
    diff = {}
    for key, now in run["summary"].items():
        before = baseline["summary"].get(key)
        if _is_number(now) and _is_number(before):
            diff[key] = {"before": before, "now": now, "change": round(now - before, 6)}
    old = {c["id"]: c for c in baseline["cases"]}
    changes = []
    for case in run["cases"]:
        prev = old.get(case["id"])
        if prev is None:
            changes.append({"id": case["id"], "change": "new case"})
            continue
        if prev["passed"] and not case["passed"]:
            changes.append({"id": case["id"], "change": "now fails: " + "; ".join(case["failed"])})
        elif not prev["passed"] and case["passed"]:
            changes.append({"id": case["id"], "change": "now passes"})
        for metric in ("groundedness", "empathy", "politeness"):
            a, b = prev["metrics"].get(metric), case["metrics"].get(metric)
            if _is_number(a) and _is_number(b) and abs(b - a) >= 0.1:
                changes.append({"id": case["id"], "change": f"{metric} {a:.2f} -> {b:.2f}"})
    gone = set(old) - {c["id"] for c in run["cases"]}
    changes += [{"id": i, "change": "missing from this run"} for i in sorted(gone)]
    return {"path": path, "suite": baseline.get("suite"), "summary_diff": diff, "case_changes": changes}
