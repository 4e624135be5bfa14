"""An LLM backend's evaluation run next to the composer's on the same suite: groundedness, unsupported claims,
how often the composer's draft replaced the model's (fallback rate), and latency.

``attach_comparison`` adds a ``comparison`` block to the LLM run's ``run.json`` and a section to its
``report.md``; ``caredraft eval run SUITE --backend llamacpp`` calls it after drafting the suite both ways.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from evaluation.report import atomic_write

ROWS = (
    ("groundedness", "groundedness", "higher is better"),
    ("unsupported claims per case", "unsupported_claims_per_case", "lower is better"),
    ("fallback rate", "fallback_rate", "share of drafts where the composer's text replaced the model's"),
    ("removed sentences per case", "removed_sentences_per_case", "model sentences the safety net took out"),
    ("latency p50 (ms)", "latency_total_p50_ms", "whole draft"),
    ("latency p95 (ms)", "latency_total_p95_ms", "whole draft"),
    ("pass rate", "pass_rate", "cases meeting all their expectations"),
)


def _figures(run: dict[str, Any]) -> dict[str, float]:
    cases = run.get("cases") or []
    n = len(cases) or 1
    figures = {key: run["summary"][key] for _, key, _ in ROWS if key in run.get("summary", {})}
    figures["fallback_rate"] = round(sum(any(f["type"] == "generator_fallback" for f in c["flags"]) for c in cases) / n, 4)
    figures["removed_sentences_per_case"] = round(
        sum(sum(f["type"] == "removed_sentence" for f in c["flags"]) for c in cases) / n, 4)
    return figures


def compare(llm_run: dict[str, Any], composer_run: dict[str, Any]) -> dict[str, Any]:
    """One row per figure: the LLM backend's value, the composer's and the difference."""
    mine, theirs = _figures(llm_run), _figures(composer_run)
    rows = []
    for label, key, note in ROWS:
        if key in mine and key in theirs:
            rows.append({"metric": label, "key": key, "backend": mine[key], "composer": theirs[key],
                         "difference": round(mine[key] - theirs[key], 4), "note": note})
    return {"backend": llm_run.get("backend"), "model_id": llm_run.get("model_id"), "cases": len(llm_run.get("cases") or []),
            "rows": rows}


def markdown(comparison: dict[str, Any]) -> str:
    lines = ["", f"## Compared with the composer ({comparison['backend']}, {comparison['model_id']})", "",
             f"| metric | {comparison['backend']} | composer | difference | |", "| --- | --- | --- | --- | --- |"]
    for row in comparison["rows"]:
        lines.append(f"| {row['metric']} | {row['backend']:.3f} | {row['composer']:.3f} | {row['difference']:+.3f} | "
                     f"{row['note']} |")
    return "\n".join(lines) + "\n"


def attach_comparison(llm_run_json: Path, composer_run_json: Path) -> dict[str, Any]:
    """Write the comparison into the LLM run's run.json and report.md; returns it."""
    llm_run = json.loads(Path(llm_run_json).read_text(encoding="utf-8"))
    composer_run = json.loads(Path(composer_run_json).read_text(encoding="utf-8"))
    comparison = compare(llm_run, composer_run)
    comparison["composer_run"] = str(composer_run_json)
    llm_run["comparison"] = comparison
    atomic_write(Path(llm_run_json), json.dumps(llm_run, indent=2, ensure_ascii=False, default=str))
    report = Path(llm_run_json).with_name("report.md")
    if report.exists():
        atomic_write(report, report.read_text(encoding="utf-8") + markdown(comparison))
    return comparison
