"""Suite runs with the fakes: a real Drafter over a hashing-embedder retriever, the composer and the verifier."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.analysis import MessageAnalyser
from assistant.drafting import Drafter
from assistant.settings import Settings
from assistant.verification import Verifier
from evaluation.gate import Gate
from evaluation.runner import RunError, load_run, must_not_violations, run_suite
from evaluation.suite import Case, Expected, Suite
from knowledge_base.types import Chunk
from models.embedders import HashingEmbedder
from tests.fakes import VectorRetriever
from models.generators.composer import ComposerGenerator

CHUNKS = [
    Chunk(chunk_id="c-ret", doc_id="returns-policy", title="Returns policy", section="Return window",
          text="You can return unworn items within 30 days of delivery for a refund. Refunds go back to the original "
               "payment method within 5 business days of the return arriving.", start=0, end=160),
    Chunk(chunk_id="c-ship", doc_id="shipping", title="Shipping", section="Delivery times",
          text="Standard shipping takes 3-5 business days. Express shipping takes 1-2 business days and costs $14.95.",
          start=0, end=100),
]


@pytest.fixture
def drafter() -> Drafter:
    embedder = HashingEmbedder()
    composer = ComposerGenerator(embedder)
    return Drafter(analyser=MessageAnalyser(), retriever=VectorRetriever(embedder, CHUNKS, floor=0.3, scale=1.0), generator_for=lambda name: composer,
                   verifier=Verifier(embedder), settings=Settings(), index_version=lambda: "v-test")


SUITE = Suite(name="mini", cases=[
    Case(id="ret-1", message="I'm really annoyed, the boots I bought don't fit. Can I return them for a refund?",
         expected=Expected(behaviour="answer", gold_docs=["returns-policy"], facts=["30 days"], must_not=["$500"])),
    Case(id="ship-1", message="How long does express shipping take?", channel="chat",
         expected=Expected(gold_docs=["shipping"], facts=[{"pattern": r"1-2 business days"}], must_not=["$14.95"])),
])


def test_run_writes_reports_and_scores_every_case(tmp_path: Path, drafter: Drafter) -> None:
    seen: list[tuple[int, int, str]] = []
    result = run_suite(SUITE, drafter, report_dir=tmp_path, progress=lambda d, t, i: seen.append((d, t, i)))
    assert seen == [(1, 2, "ret-1"), (2, 2, "ship-1")]
    assert result.run_json.exists() and result.report_md.exists() and result.report_html.exists()
    run = json.loads(result.run_json.read_text())
    assert [c["id"] for c in run["cases"]] == ["ret-1", "ship-1"]
    for case in run["cases"]:
        m = case["metrics"]
        for key in ("groundedness", "empathy", "politeness", "gold_cited_recall@5", "gold_cited_mrr", "latency_total_ms"):
            assert key in m, key
        assert 0.0 <= m["groundedness"] <= 1.0 and 0.0 <= m["politeness"] <= 1.0
        assert case["draft"]
    summary = result.summary
    assert summary["cases"] == 2 and 0.0 <= summary["pass_rate"] <= 1.0
    assert "latency_total_p95_ms" in summary and "unsupported_claims_per_case" in summary
    html = result.report_html.read_text()
    assert "<svg" in html and "ret-1" in html and "http" not in html.split("<body>")[0].replace("http://www.w3.org", "")
    assert "src=" not in html and "<link" not in html  # self-contained
    # The express fact is forbidden in ship-1 on purpose: if the draft quotes the price, the case must fail.
    ship = next(c for c in run["cases"] if c["id"] == "ship-1")
    assert ("$14.95" in ship["draft"]) == any("forbidden" in f for f in ship["failed"])


def test_same_suite_twice_gives_same_scores(tmp_path: Path, drafter: Drafter) -> None:
    first = run_suite(SUITE, drafter, report_dir=tmp_path / "a")
    second = run_suite(SUITE, drafter, report_dir=tmp_path / "b")

    def scores(result):  # noqa: ANN001, ANN202 - latency differs between runs by nature
        return [({k: v for k, v in c["metrics"].items() if not k.startswith("latency_")}, c["draft"], c["failed"])
                for c in result.cases]

    assert scores(first) == scores(second)


def test_gate_and_baseline(tmp_path: Path, drafter: Drafter) -> None:
    base = run_suite(SUITE, drafter, report_dir=tmp_path / "base")
    baseline = load_run(base.run_json)
    lowered = {**baseline, "summary": {**baseline["summary"], "empathy": baseline["summary"]["empathy"] + 0.5}}
    impossible = Gate(min={"groundedness": 1.01}, max_drop={"empathy": 0.01})
    result = run_suite(SUITE, drafter, report_dir=tmp_path / "new", baseline=lowered, gate=impossible)
    assert not result.passed
    assert {c.metric for c in result.gate.failures} == {"groundedness", "empathy"}
    run = json.loads(result.run_json.read_text())
    assert run["baseline"]["summary_diff"]["empathy"]["change"] == pytest.approx(-0.5)
    assert "FAILED" in result.report_md.read_text()
    ok = run_suite(SUITE, drafter, report_dir=tmp_path / "ok", baseline=base.run_json, gate=Gate(max_drop={"empathy": 0.01}))
    assert ok.passed


def test_bad_baseline_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "run.json"
    path.write_text("{}")
    with pytest.raises(RunError, match="not a caredraft run.json"):
        load_run(path)
    with pytest.raises(RunError, match="not found"):
        load_run(tmp_path / "missing.json")


def test_must_not_strings_and_patterns() -> None:
    text = "Refunds take 5 business days; express costs $14.95."
    assert must_not_violations(text, ["$14.95", {"pattern": r"\b5 business"}, "$500"]) == ["$14.95", "pattern: \\b5 business"]
