"""`caredraft draft "MESSAGE"`: draft a reply and print it (readable, or the Draft as JSON)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from assistant.settings import BACKENDS

CHANNELS = ("email", "chat", "social")


class InputError(Exception):
    """A user mistake in the command's arguments or files (printed as one line, exit 2)."""


def draft_command(
    message: str = typer.Argument(..., help="The customer's message."),
    customer: Path | None = typer.Option(None, "--customer", help="Customer profile JSON (name, orders, ...)."),
    history: Path | None = typer.Option(None, "--history", help='Earlier turns JSON: [{"role": "customer", "text": ...}].'),
    channel: str = typer.Option("email", "--channel", help="email, chat or social."),
    backend: str | None = typer.Option(None, "--backend", help="composer, transformers or openai (default: settings)."),
    index: Path | None = typer.Option(None, "--index", help="Index directory (default: the settings' index)."),
    agent: str | None = typer.Option(None, "--agent", help="Agent name for the sign-off."),
    as_json: bool = typer.Option(False, "--json", help="Print the Draft as JSON."),
) -> None:
    """Draft a reply to a customer's message, with sources, flags and confidence."""
    try:
        ticket = _ticket(message, customer, history, channel, agent)
        if backend is not None and backend not in BACKENDS:
            raise InputError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")
        draft = _run(ticket, backend, index)
    except InputError as exc:
        _fail(str(exc))
    except Exception as exc:  # user-facing problems from the index or a backend: one line, no traceback
        from knowledge_base.errors import KnowledgeBaseError

        if isinstance(exc, (KnowledgeBaseError, ValueError, FileNotFoundError)):
            _fail(str(exc))
        raise
    if as_json:
        print(draft.model_dump_json(indent=2))
    else:
        _print(draft)


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def _read_json(path: Path, what: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{what} file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {what} file {path}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{what} file {path} is not valid JSON (line {exc.lineno}: {exc.msg})") from None


def _ticket(message: str, customer: Path | None, history: Path | None, channel: str, agent: str | None):  # noqa: ANN202
    from pydantic import ValidationError

    from assistant.types import CustomerProfile, Ticket, Turn

    if not message.strip():
        raise InputError("the message is empty")
    if channel not in CHANNELS:
        raise InputError(f"unknown channel {channel!r}; choose one of {', '.join(CHANNELS)}")
    try:
        profile = CustomerProfile.model_validate(_read_json(customer, "customer")) if customer else None
    except ValidationError as exc:
        raise InputError(f"customer file {customer} is invalid: {_first_error(exc)}") from None
    turns = []
    if history:
        data = _read_json(history, "history")
        if isinstance(data, dict) and "history" in data:
            data = data["history"]
        if not isinstance(data, list):
            raise InputError(f"history file {history} must hold a list of turns")
        try:
            turns = [Turn.model_validate(t) for t in data]
        except ValidationError as exc:
            raise InputError(f"history file {history} is invalid: {_first_error(exc)}") from None
    try:
        return Ticket.model_validate(
            {"message": message, "history": turns, "customer": profile, "channel": channel, "agent_name": agent})
    except ValidationError as exc:
        raise InputError(f"invalid ticket: {_first_error(exc)}") from None


def _first_error(exc: Exception) -> str:
    err = exc.errors()[0]  # type: ignore[attr-defined]
    where = ".".join(str(p) for p in err.get("loc", ())) or "value"
    return f"{where}: {err.get('msg', 'invalid')}"


def _run(ticket, backend: str | None, index: Path | None):  # noqa: ANN001, ANN202
    from assistant.container import Container
    from assistant.settings import Settings

    settings = Settings()
    if index is not None:
        if not index.exists():
            raise InputError(f"index directory not found: {index}")
        settings.kb.index_dir = index
    container = Container(settings)
    if index is None:
        container.ensure_index()
    return container.drafter.draft(ticket, backend=backend)


def _print(draft) -> None:  # noqa: ANN001
    from rich.console import Console
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    console = Console()
    console.print(Panel(Text(draft.text), title=f"Draft ({draft.backend}, {draft.behaviour}, confidence {draft.confidence:.2f})",
                        expand=False))
    if draft.behaviour_reason:
        console.print(Text(f"Behaviour: {draft.behaviour} — {draft.behaviour_reason}"))
    if draft.confidence_reasons:
        console.print(Text("Confidence: " + "; ".join(draft.confidence_reasons)))
    if draft.citations:
        table = Table("n", "source", "passage", title="Sources")
        for c in draft.citations:
            quote = c.passage if len(c.passage) <= 160 else c.passage[:157] + "..."
            table.add_row(str(c.marker), Text(f"{c.title}\n{c.url or c.doc_id}"), Text(quote))
        console.print(table)
    if draft.flags:
        table = Table("flag", "message", "sentence", title="Flags")
        for f in draft.flags:
            table.add_row(f.type, Text(f.message), Text(f.sentence or ""))
        console.print(table)
    for note in draft.agent_notes:
        console.print(Text.assemble(("Agent note", "bold"), f" ({note.title}): {note.text[:200]}"))
    a = draft.analysis
    console.print(
        f"[dim]emotion {a.emotion} · sentiment {a.sentiment:+.2f} · urgency {a.urgency} · topic {a.topic} · language {a.language}"
        + (f" · problem: {a.problem}" if a.problem else "")
        + f" · index {draft.index_version} · {', '.join(f'{k} {v:.0f} ms' for k, v in draft.timings_ms.items())}[/dim]"
    )
