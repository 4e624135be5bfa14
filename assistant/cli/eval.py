"""`caredraft eval ...`: score replies, run suites (with reports and gates), run the MTRAG-UN adapter.

Thin commands: parse, one call into ``evaluation``, print. Heavy imports happen inside the commands.
"""

from __future__ import annotations

import json
import sys
from typing import Any
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

eval_app = typer.Typer(help="Evaluate drafts and replies: score, run suites, gate regressions.", no_args_is_help=True)
_err = Console(stderr=True)

_TONE_COLUMNS = ("empathy", "politeness", "sentiment", "readability_grade", "personalization")
_ACCURACY_COLUMNS = ("groundedness", "citation_precision")


def _fail(message: str, code: int = 2) -> None:
    _err.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _container(index: Path | None = None):  # noqa: ANN202
    from assistant.container import Container
    from assistant.settings import Settings

    settings = Settings()
    if index is not None:
        settings.kb.index_dir = index
    return Container(settings)


@eval_app.command("score")
def score_command(
    file: Path = typer.Argument(..., help="JSONL: one {id, message, reply, passages[, customer, channel, expected]} per line."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object per line."),
) -> None:
    """Score replies written by anyone (agent, other system) for tone and accuracy, without drafting."""
    from evaluation.scoring import ReplyScorer, ScoreInputError, read_items, score_items

    try:
        items = read_items(file)
    except ScoreInputError as exc:
        _fail(str(exc))
    scorer = ReplyScorer(_container().embedder)
    results = score_items(items, scorer)
    if as_json:
        for result in results:
            print(json.dumps(result, ensure_ascii=False), flush=True)
        return
    table = Table("id", *_TONE_COLUMNS, *_ACCURACY_COLUMNS, "unsupported claims", title=f"Scores: {file}")
    for result in results:
        tone, accuracy = result["tone"], result["accuracy"]
        table.add_row(
            str(result["id"]),
            *(f"{tone[c]:.2f}" for c in _TONE_COLUMNS),
            *(f"{accuracy[c]:.2f}" if isinstance(accuracy.get(c), (int, float)) else "-" for c in _ACCURACY_COLUMNS),
            ", ".join(accuracy.get("unsupported_claims", [])) or "-",
        )
    Console().print(table)


@eval_app.command("run")
def run_command(
    suite: str = typer.Argument(..., help="Suite file (.yaml/.jsonl) or shipped name, e.g. 'sample'."),
    backend: str | None = typer.Option(None, "--backend", help="composer | llamacpp | transformers | openai (default: settings)."),
    index: Path | None = typer.Option(None, "--index", help="Index directory (default: settings)."),
    report_dir: Path | None = typer.Option(None, "--report-dir", help="Where run.json and the reports go."),
    baseline: Path | None = typer.Option(None, "--baseline", help="A previous run.json to compare with."),
    gate: str | None = typer.Option(None, "--gate", help="GATE.yaml (or 'default'): thresholds and tolerated drops."),
    compare: bool = typer.Option(True, "--compare/--no-compare",
                                 help="With an LLM backend, also run the composer and compare the two in the report."),
) -> None:
    """Draft every case of SUITE, score it and write run.json, report.md and report.html; exit 1 when the gate fails."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from assistant.settings import BACKENDS
    from evaluation.gate import GateError, load_gate
    from evaluation.runner import RunError, load_run, run_suite
    from evaluation.suite import SuiteError, load_suite

    if backend is not None and backend not in BACKENDS:
        _fail(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    try:
        loaded = load_suite(suite)
        gate_obj = load_gate(gate) if gate else None
        baseline_run = load_run(baseline) if baseline else None
    except (SuiteError, GateError, RunError) as exc:
        _fail(str(exc))
    if index is not None and not index.exists():
        _fail(f"index directory {index} does not exist")
    own_sources = bool(loaded.sources) and index is None
    if own_sources:  # the suite brings its own documents: draft over an index of those
        from assistant.settings import Settings

        index = Settings().data_dir / "eval-index" / loaded.name
    container = _container(index)
    if own_sources:
        from evaluation.runner import SourcesMissing, build_suite_index

        try:
            build_suite_index(loaded, container.settings.index_dir, container.embedder, container.settings.kb)
        except SourcesMissing as exc:
            _err.print(f"[yellow]skipped:[/yellow] {exc}", highlight=False)
            raise typer.Exit(0) from None
    elif index is None:
        container.ensure_index()
    out_dir = report_dir or container.settings.report_dir / time_stamp()
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=_err, transient=False) as bar:
        task = bar.add_task(f"eval {loaded.name}", total=len(loaded.cases))

        def progress(done: int, total: int, case_id: str) -> None:
            bar.update(task, completed=done, description=f"eval {loaded.name} · {case_id}")

        result = run_suite(loaded, container.drafter, backend=backend, report_dir=out_dir,
                           baseline=baseline_run, gate=gate_obj, progress=progress)
        effective = backend or container.settings.generator.backend
        if compare and effective != "composer":
            bar.update(task, completed=0, description=f"eval {loaded.name} · composer")
            composer = run_suite(loaded, container.drafter, backend="composer", report_dir=out_dir / "composer",
                                 progress=progress)
            _print_comparison(result.run_json, composer.run_json)
    _print_summary(result)
    if not result.passed:
        raise typer.Exit(1)


def _print_comparison(llm_run_json: Path, composer_run_json: Path) -> None:
    from evaluation.backend_comparison import attach_comparison

    comparison = attach_comparison(llm_run_json, composer_run_json)
    table = Table("metric", comparison["backend"] or "backend", "composer", "difference",
                  title=f"Compared with the composer ({comparison['model_id']})")
    for row in comparison["rows"]:
        table.add_row(row["metric"], f"{row['backend']:.4g}", f"{row['composer']:.4g}", f"{row['difference']:+.4g}")
    Console().print(table)


def time_stamp() -> str:
    import time

    return time.strftime("%Y%m%d-%H%M%S")


def _print_summary(result) -> None:  # noqa: ANN001
    console = Console()
    table = Table("metric", "value", title="Run summary")
    for key, value in result.summary.items():
        table.add_row(key, f"{value:.4g}" if isinstance(value, float) else str(value))
    console.print(table)
    if result.gate is not None:
        for check in result.gate.checks:
            mark = "[green]✓[/green]" if check.passed else "[red]✗[/red]"
            console.print(f"{mark} {check.message}", highlight=False)
        console.print("[green]gate passed[/green]" if result.gate.passed else "[red]gate FAILED[/red]")
    console.print(f"reports: {result.run_json}, {result.report_md}, {result.report_html}", highlight=False)


@eval_app.command("mtrag")
def mtrag_command(
    limit: int | None = typer.Option(None, "--limit", min=1, help="Score only the first N tasks."),
    per_class: int | None = typer.Option(None, "--per-class", min=1, help="At most N tasks of each answerability class."),
    skip: int = typer.Option(0, "--skip", min=0, help="Pass over the first N tasks (of each class with --per-class): "
                                                      "develop on one slice, report on a later one."),
    report_dir: Path | None = typer.Option(None, "--report-dir", help="Where mtrag.json and mtrag.md go."),
    backend: str | None = typer.Option(None, "--backend", help="Drafting backend (default: settings)."),
) -> None:
    """Draft from each MTRAG-UN task's passages, score groundedness and behaviour by answerability."""
    from evaluation.datasets.mtrag import DatasetMissing, run_mtrag

    container = _container()
    out_dir = report_dir or container.settings.report_dir / f"mtrag-{time_stamp()}"
    try:
        report = run_mtrag(container.drafter, report_dir=out_dir, limit=limit, backend=backend, per_class=per_class,
                           skip=skip,
                           progress=lambda done, total: _err.print(f"\r{done}/{total}", end=""))
    except DatasetMissing as exc:
        _err.print(f"[yellow]skipped:[/yellow] {exc}", highlight=False)
        raise typer.Exit(0) from None
    _err.print()
    console = Console()
    for group in ("by_answerability", "by_collection"):
        table = Table(group.replace("_", " "), "tasks", "right", "fact coverage", "groundedness",
                      title=f"MTRAG-UN {group.replace('_', ' ')}")
        for name, row in report[group].items():
            cov = row.get("fact_coverage")
            table.add_row(name, str(row["tasks"]), f"{row['behaviour_accuracy']:.3f}",
                          "-" if cov is None else f"{cov:.3f}", f"{row['groundedness']:.3f}")
        console.print(table)
    auc = report.get("confidence_auc")
    console.print(f"confidence ROC AUC (right vs wrong): {'n/a' if auc is None else f'{auc:.3f}'}", highlight=False)
    console.print(f"report: {report['paths']}", highlight=False)


@eval_app.command("confidence")
def confidence_command(
    labels: Path | None = typer.Option(None, "--labels", help="Label file (default: evaluation/labels/confidence.yaml)."),
    report_dir: Path | None = typer.Option(None, "--report-dir", help="Where confidence.json and confidence.md go."),
    export: Path | None = typer.Option(None, "--export", help="Also write every fresh draft (with text) to this JSONL, "
                                                              "for relabelling."),
    backend: str | None = typer.Option(None, "--backend", help="Drafting backend (default: settings)."),
    add_suite: list[str] = typer.Option([], "--add-suite", help="With --export: also draft the cases of this suite "
                                                                "(sample, realistic, abcd) that have no label yet, "
                                                                "for a first judgement (repeatable)."),
) -> None:
    """Re-draft every labelled request; ROC AUC of confidence for 'good' drafts and a reliability table.

    A label counts only while the draft's text is the one that was judged; changed drafts are reported as stale.
    """
    from evaluation.labelled import (LABELS_PATH, LabelsError, draft_candidates, draft_function,
                                     export_for_relabelling, load_labels, measure, suite_candidates, write_report)

    if add_suite and export is None:
        _fail("--add-suite drafts new requests for judging: give --export FILE to write them to")
    try:
        label_set = load_labels(labels or LABELS_PATH)
        candidates = suite_candidates(add_suite, label_set)
    except LabelsError as exc:
        _fail(str(exc))
    container = _container()
    container.ensure_index()
    out_dir = report_dir or container.settings.report_dir / f"confidence-{time_stamp()}"
    draft_for = draft_function(container, backend=backend)

    def progress(done: int, total: int, item_id: str) -> None:
        _err.print(f"\r{done}/{total} {item_id:<40}", end="")

    report = measure(label_set.items, draft_for, progress=progress)
    _err.print()
    new_rows = draft_candidates(candidates, draft_for, progress=progress) if candidates else []
    if new_rows:
        _err.print()
    paths = write_report(report, out_dir)
    if export is not None:
        export_for_relabelling(label_set, report, export, new_rows)
        if new_rows:
            _err.print(f"{sum(r['status'] == 'new' for r in new_rows)} new requests to judge in {export} "
                       f"('caredraft eval relabel {export} --show')")
    console = Console()
    table = Table("knowledge base", "items", "good", "ROC AUC (good vs rest)", "mean confidence", title="Confidence vs labels")
    for name, g in report["groups"].items():
        auc = g["roc_auc_good"]
        table.add_row(name, str(g["n"]), str(g["good"]), "n/a" if auc is None else f"{auc:.3f}",
                      "n/a" if g["mean_confidence"] is None else f"{g['mean_confidence']:.3f}")
    console.print(table)
    console.print(f"current {report['current']} of {report['items']}; stale (relabel): {len(report['stale'])}; "
                  f"unavailable: {len(report['unavailable'])}", highlight=False)
    console.print(f"report: {', '.join(map(str, paths))}", highlight=False)
    if report["stale"]:
        console.print("stale: " + ", ".join(report["stale"]), highlight=False)


@eval_app.command("relabel")
def relabel_command(
    export: Path = typer.Argument(..., help="The JSONL written by 'caredraft eval confidence --export'."),
    show: bool = typer.Option(False, "--show", help="Print the stale drafts to judge: request, cited passages, draft."),
    show_all: bool = typer.Option(False, "--all", help="With --show: every draft, not only the stale ones."),
    apply: Path | None = typer.Option(None, "--apply", help="YAML list of {id, label, reason} judging the exported "
                                                           "drafts: written into the label file."),
    labels: Path | None = typer.Option(None, "--labels", help="Label file (default: evaluation/labels/confidence.yaml)."),
    judged_on: str | None = typer.Option(None, "--judged-on", help="Code version the judgements were made on "
                                                                   "(e.g. a commit), recorded in the label file."),
) -> None:
    """Relabel drafts whose text changed (and judge new requests): show them, then apply the judgements."""
    from evaluation.labelled import (LABELS_PATH, LabelsError, apply_judgements, load_judgements, load_labels,
                                     read_export, render_for_judging, save_labels)

    if not show and apply is None:
        _fail("say what to do: --show (print the drafts to judge) or --apply JUDGEMENTS.yaml")
    path = labels or LABELS_PATH
    try:
        rows = read_export(export)
        if show:
            sys.stdout.write(render_for_judging(rows, only_stale=not show_all, context=_mtrag_context()))
        if apply is not None:
            label_set = apply_judgements(load_labels(path), rows, load_judgements(apply))
            save_labels(label_set, path, judged_on=judged_on)
            _err.print(f"wrote {path}")
    except LabelsError as exc:
        _fail(str(exc))


def _mtrag_context() -> Any:
    """Lines naming an MTRAG-UN task's question, answerability and reference (read in place; none when absent)."""
    from evaluation.datasets.mtrag import DatasetMissing, load_tasks

    tasks: dict[str, Any] = {}

    def lines(row: dict[str, Any]) -> list[str]:
        task_id = (row.get("request") or {}).get("task_id")
        if not task_id:
            return []
        if not tasks:
            try:
                tasks.update({t.task_id: t for t in load_tasks()})
            except DatasetMissing:
                tasks["-"] = None
        task = tasks.get(task_id)
        if task is None:
            return [f"task {task_id} (dataset absent)"]
        out = [f"history {t.role}: {t.text[:300]}" for t in task.history[-4:]]
        out += [f"question ({task.answerability}, {task.collection}): {task.question}",
                f"reference answer: {(task.reference or '-')[:600]}"]
        return out

    return lines
