"""The evaluation harness with the real bundled embedder: paired replies, the CLI scorer, a suite run, MTRAG-UN."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from evaluation.scoring import ReplyScorer

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
# p26 (an invented "skip up to three shipments") is caught by the hard checks again since a count written in words
# is a claim ("three" is compared with the sources like "3"); with the support model alone it scored 0.464, over the
# 0.45 threshold.
KNOWN_ACCURACY_GAPS: set[str] = set()


@pytest.fixture(scope="module")
def scorer(real_embedder) -> ReplyScorer:  # noqa: ANN001
    return ReplyScorer(real_embedder)


def test_paired_replies_with_the_real_embedder(scorer: ReplyScorer) -> None:
    from tests.unit.test_paired_metrics import ACCURACY_VARIANTS, TONE_VARIANTS, paired_results, report

    passed, total, failures = paired_results(scorer, (*TONE_VARIANTS, *ACCURACY_VARIANTS))
    print("paired (real embedder):", report(passed, total))
    assert sum(total.values()) >= 300
    unexpected = [f for f in failures if f.split(":")[0] not in KNOWN_ACCURACY_GAPS]
    assert not unexpected, f"{len(unexpected)} pairs failed ({report(passed, total)}): {unexpected}"
    assert len(failures) <= len(KNOWN_ACCURACY_GAPS)


def test_eval_score_cli_json(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from assistant.cli import app

    monkeypatch.setenv("CAREDRAFT_DATA_DIR", str(tmp_path))
    sample = ROOT / "tests" / "data" / "score_sample.jsonl"
    result = CliRunner().invoke(app, ["eval", "score", str(sample), "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    ids = [json.loads(line)["id"] for line in sample.read_text().splitlines() if line.strip()]
    assert [r["id"] for r in lines] == ids
    for row in lines:
        for key in ("empathy", "politeness", "sentiment", "personalization"):
            assert 0.0 <= row["tone"][key] <= 1.0
        assert isinstance(row["tone"]["readability_grade"], float)
        assert 0.0 <= row["accuracy"]["groundedness"] <= 1.0
        assert isinstance(row["accuracy"]["unsupported_claims"], list)
    table = CliRunner().invoke(app, ["eval", "score", str(sample)])
    assert table.exit_code == 0 and "Scores:" in table.stdout and table.stdout.count("p0") >= 2


def test_sample_suite_run_with_the_composer(sample_container, tmp_path: Path) -> None:  # noqa: ANN001
    from evaluation.runner import run_suite
    from evaluation.suite import Suite, load_suite

    sample = load_suite("sample")
    assert len(sample.cases) >= 60
    subset = Suite(name="sample-head", cases=sample.cases[:8], path=sample.path)
    result = run_suite(subset, sample_container.drafter, backend="composer", report_dir=tmp_path)
    run = json.loads(result.run_json.read_text())
    assert len(run["cases"]) == 8 and run["backend"] == "composer"
    assert 0.0 <= result.summary["groundedness"] <= 1.0 and "gold_cited_recall@5" in result.summary
    assert "<svg" in result.report_html.read_text()


def test_mtrag_adapter_on_a_few_tasks(sample_container, tmp_path: Path) -> None:  # noqa: ANN001
    from evaluation.datasets.mtrag import DEFAULT_PATH, run_mtrag

    if not DEFAULT_PATH.exists():
        pytest.skip(f"MTRAG-UN data not present at {DEFAULT_PATH}")
    report = run_mtrag(sample_container.drafter, report_dir=tmp_path, limit=6, backend="composer")
    assert report["tasks"] == 6
    assert sum(g["tasks"] for g in report["by_answerability"].values()) == 6
    assert sum(g["tasks"] for g in report["by_collection"].values()) == 6
    assert all(0.0 <= r["groundedness"] <= 1.0 for r in report["rows"])
    assert (tmp_path / "mtrag.json").exists() and (tmp_path / "mtrag.md").exists()
    assert not (ROOT / "evaluation" / "datasets" / "reference.jsonl").exists()  # read in place, never copied
