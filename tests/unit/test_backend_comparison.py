"""An LLM run compared with the composer's: the figures, the run.json block and the report section."""

from __future__ import annotations

import json
from pathlib import Path

from evaluation.backend_comparison import attach_comparison, compare


def run(backend: str, groundedness: float, flags: list[list[str]], p50: float) -> dict:
    return {
        "backend": backend, "model_id": f"{backend}-model",
        "summary": {"groundedness": groundedness, "unsupported_claims_per_case": 0.5, "latency_total_p50_ms": p50,
                    "latency_total_p95_ms": p50 * 2, "pass_rate": 0.5},
        "cases": [{"flags": [{"type": t, "message": ""} for t in case]} for case in flags],
    }


def test_compare_counts_fallbacks_and_removals_per_case() -> None:
    llm = run("llamacpp", 0.7, [["generator_fallback"], ["removed_sentence", "removed_sentence"], [], []], 9000.0)
    composer = run("composer", 0.9, [[], [], [], []], 120.0)
    rows = {r["key"]: r for r in compare(llm, composer)["rows"]}
    assert rows["fallback_rate"]["backend"] == 0.25 and rows["fallback_rate"]["composer"] == 0.0
    assert rows["removed_sentences_per_case"]["backend"] == 0.5
    assert rows["groundedness"]["difference"] == -0.2
    assert rows["latency_total_p50_ms"]["difference"] == 8880.0


def test_attach_writes_the_block_into_run_json_and_report(tmp_path: Path) -> None:
    (tmp_path / "composer").mkdir()
    llm_json, composer_json = tmp_path / "run.json", tmp_path / "composer" / "run.json"
    llm_json.write_text(json.dumps(run("llamacpp", 0.7, [["generator_fallback"]], 9000.0)))
    composer_json.write_text(json.dumps(run("composer", 0.9, [[]], 120.0)))
    (tmp_path / "report.md").write_text("# Evaluation: sample\n")
    attach_comparison(llm_json, composer_json)
    assert json.loads(llm_json.read_text())["comparison"]["rows"][0]["metric"] == "groundedness"
    report = (tmp_path / "report.md").read_text()
    assert report.startswith("# Evaluation: sample") and "## Compared with the composer" in report
    assert "| fallback rate | 1.000 | 0.000 | +1.000 |" in report
