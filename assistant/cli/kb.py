"""`caredraft kb ...`: sync, search, status, docs, delete, rollback. Thin: parse, one call, print.

Knowledge-base errors (``KnowledgeBaseError``) are user mistakes or damaged files: they print one line on
stderr and exit 1, never a traceback, and never delete anything.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from assistant.container import Container

kb_app = typer.Typer(help="Knowledge base: sync documents into the index, search it, manage versions.", no_args_is_help=True)

IndexOpt = typer.Option(None, "--index", help="Index directory (default: the settings' index_dir).")
JsonOpt = typer.Option(False, "--json", help="Print JSON.")


def make_container(index: Path | None) -> Container:
    """The Container the commands use; ``--index`` overrides the configured index directory."""
    from assistant.container import Container
    from assistant.settings import Settings

    settings = Settings()
    if index is not None:
        settings = settings.model_copy(update={"kb": settings.kb.model_copy(update={"index_dir": index})})
    return Container(settings)


@contextmanager
def _user_errors() -> Iterator[None]:
    from knowledge_base.errors import KnowledgeBaseError

    try:
        yield
    except KnowledgeBaseError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    except FileNotFoundError as exc:  # e.g. a configured embedder model path that does not exist
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, default=str))


def _report_dict(report: Any) -> dict[str, Any]:
    return {
        "version": report.version,
        "documents": report.documents,
        "chunks": report.chunks,
        "embedded": report.embedded,
        "reused": report.reused,
        "deleted": report.deleted,
        "skipped": [{"path": s.path, "reason": s.reason} for s in report.skipped],
        "seconds": report.seconds,
        "security": report.security,
        "policy_changes": report.policy_changes,
    }


@contextmanager
def _progress_bars(enabled: bool) -> Iterator[Callable[[str, int, int], None] | None]:
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    tasks: dict[str, Any] = {}
    with Progress(
        TextColumn("{task.description:>10}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=Console(stderr=True), transient=False,
    ) as bars:

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bars.add_task("chunking" if stage == "documents" else "embedding", total=total)
            bars.update(tasks[stage], completed=done, total=total)

        yield update


@kb_app.command("sync")
def sync_command(
    sources: list[Path] = typer.Argument(None, help="Files or folders to index (default: the bundled sample)."),
    index: Path | None = IndexOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Index SOURCE... incrementally and publish a new version (only changed chunks are embedded)."""
    from assistant.settings import SAMPLE_KB_DIR
    from knowledge_base.sync import sync

    with _user_errors():
        container = make_container(index)
        with _progress_bars(not as_json) as progress:
            report = sync(
                list(sources) if sources else [SAMPLE_KB_DIR],
                container.settings.index_dir,
                container.embedder,
                settings=container.settings.kb,
                progress=progress,
            )
    data = _report_dict(report)
    if as_json:
        _print_json(data)
        return
    typer.echo(
        f"version {report.version}: {report.documents} documents, {report.chunks} chunks "
        f"({report.embedded} embedded, {report.reused} reused), {report.deleted} documents deleted, {report.seconds:.2f}s"
    )
    for s in report.skipped:
        typer.echo(f"skipped {s.path}: {s.reason}")
    _echo_security(report.security, report.policy_changes)


@kb_app.command("search")
def search_command(
    query: str = typer.Argument(..., help="What to look for."),
    k: int = typer.Option(5, "-k", "--k", min=1, max=100, help="Number of passages."),
    audience: str | None = typer.Option(None, "--audience", help="Only 'public' or 'internal' passages."),
    index: Path | None = IndexOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Hybrid search of the live index."""
    from knowledge_base.types import Filters

    if audience is not None and audience not in ("public", "internal"):
        typer.echo("error: --audience must be 'public' or 'internal'", err=True)
        raise typer.Exit(2)
    with _user_errors():
        container = make_container(index)
        filters = Filters(audience=frozenset({audience})) if audience else None
        hits = container.retriever.retrieve(query, k=k, filters=filters)
    rows: list[dict[str, Any]] = [
        {
            "doc_id": h.chunk.doc_id,
            "chunk_id": h.chunk.chunk_id,
            "title": h.chunk.title,
            "section": h.chunk.section,
            "url": h.chunk.url,
            "score": h.score,
            "text": h.chunk.text,
        }
        for h in hits
    ]
    if as_json:
        _print_json(rows)
        return
    if not rows:
        typer.echo("no results")
    for i, row in enumerate(rows, start=1):
        where = f"{row['title']}" + (f" > {row['section']}" if row["section"] else "")
        typer.echo(f"{i}. [{row['score']:.2f}] {where} ({row['doc_id']})")
        typer.echo("   " + " ".join(row["text"].split())[:200])


@kb_app.command("status")
def status_command(index: Path | None = IndexOpt, as_json: bool = JsonOpt) -> None:
    """The live version, its embedder and counts, and the kept versions."""
    from knowledge_base import versions

    with _user_errors():
        container = make_container(index)
        data = versions.status(container.settings.index_dir)
    if as_json:
        _print_json(data)
        return
    m = data["manifest"]
    typer.echo(f"index {data['index_dir']}: live {data['live']} ({m['index_type']})")
    built = m["embedder"].get("backend", "torch")
    typer.echo(f"embedder {m['embedder']['model_id']} ({m['embedder']['dimension']}-d, {built} backend), "
               f"chunker v{m['chunker_version']}")
    if built == "torch" and container.settings.embedder.backend == "auto":
        # served on torch as it was built; one reindex moves it to an exported backend
        typer.echo("note: this index is served on torch, as it was built; run your `caredraft kb sync` once with "
                   "CAREDRAFT_EMBEDDER__BACKEND=openvino (fastest indexing) or =onnx (least CPU per draft) to move "
                   "it off torch (no torch at start-up)")
    for v in data["versions"]:
        mark = "*" if v["live"] else " "
        typer.echo(f" {mark} {v['version']}  {v.get('created')}  {v.get('documents', '?')} docs  {v.get('chunks', '?')} chunks")
    _echo_security(m.get("security", []), m.get("policy_changes", []))


def _echo_security(security: list[dict[str, Any]], changes: list[dict[str, Any]]) -> None:
    """What the knowledge manager must look at: hidden content, quarantined passages, changed numbers."""
    for record in security:
        hidden = ", ".join(f"{n} {kind}" for kind, n in record.get("removed", {}).items())
        typer.echo(f"! {record['doc_id']}: " + "; ".join(x for x in (f"removed {hidden}" if hidden else "",
                   f"{len(record.get('quarantined', []))} passage(s) quarantined" if record.get("quarantined") else "") if x))
        for q in record.get("quarantined", []):
            typer.echo(f"    quarantined ({q['reason']}): {q['text'][:160]}")
    for change in changes:
        typer.echo(f"~ {change['doc_id']}: numbers changed (removed {', '.join(change['removed']) or '-'}; "
                   f"added {', '.join(change['added']) or '-'})")


@kb_app.command("docs")
def docs_command(index: Path | None = IndexOpt, as_json: bool = JsonOpt) -> None:
    """Documents in the live version."""
    from knowledge_base import versions

    with _user_errors():
        docs = versions.list_documents(make_container(index).settings.index_dir)
    if as_json:
        _print_json(docs)
        return
    for d in docs:
        warn = f"  [{len(d['quarantined'])} quarantined]" if d.get("quarantined") else ""
        typer.echo(f"{d['doc_id']:<40} {d['audience']:<8} {d['chunks']:>4} chunks  {d['title']}{warn}")


@kb_app.command("delete")
def delete_command(
    doc_id: str = typer.Argument(..., help="Document to remove."),
    index: Path | None = IndexOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Publish a new version without DOC_ID (nothing is re-embedded; `kb rollback` undoes it)."""
    from knowledge_base import versions

    with _user_errors():
        container = make_container(index)
        report = versions.delete_document(container.settings.index_dir, doc_id, container.embedder, container.settings.kb)
    if as_json:
        _print_json(_report_dict(report))
        return
    typer.echo(f"deleted {doc_id}: version {report.version} ({report.documents} documents, {report.chunks} chunks)")


@kb_app.command("rollback")
def rollback_command(index: Path | None = IndexOpt, as_json: bool = JsonOpt) -> None:
    """Make the previous version live again."""
    from knowledge_base import versions

    with _user_errors():
        version = versions.rollback(make_container(index).settings.index_dir)
    if as_json:
        _print_json({"live": version})
        return
    typer.echo(f"live version is now {version}")


__all__ = ["kb_app", "make_container"]
