"""`caredraft keys create|list|revoke`: manage API keys in the server's database (no server needed)."""

from __future__ import annotations

import json
from typing import Any

import typer

keys_app = typer.Typer(help="API keys (stored hashed; a new key is printed once).", no_args_is_help=True)
ROLES = ("agent", "knowledge_manager", "qa", "admin")


def _db():  # noqa: ANN202
    from api.db import Database
    from assistant.settings import Settings

    db = Database(Settings().database_url)
    db.migrate()
    return db


@keys_app.command("create")
def create(
    role: str = typer.Option(..., "--role", help=f"One of: {', '.join(ROLES)}."),
    name: str = typer.Option(..., "--name", help="Who uses the key."),
) -> None:
    """Create a key and print it (only now: just its hash is stored)."""
    if role not in ROLES:
        typer.echo(f"error: unknown role {role!r}; choose one of {', '.join(ROLES)}", err=True)
        raise typer.Exit(2)
    if not name.strip():
        typer.echo("error: --name must not be empty", err=True)
        raise typer.Exit(2)
    from api.services.keys import create_key

    db = _db()
    with db.session() as session:
        row, secret = create_key(session, name=name.strip(), role=role)
    typer.echo(f"created key {row.id} ({row.role}, {row.name}); store it now, it is not shown again:")
    typer.echo(secret)


@keys_app.command("list")
def list_(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List keys (never the secrets)."""
    from api.services.keys import list_keys

    db = _db()
    with db.session() as session:
        rows: list[dict[str, Any]] = [{"id": r.id, "name": r.name, "role": r.role, "prefix": r.prefix, "created_at": r.created_at.isoformat(),
                 "revoked_at": r.revoked_at.isoformat() if r.revoked_at else None} for r in list_keys(session)]
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("id", "name", "role", "prefix", "created", "revoked")
    for r in rows:
        table.add_row(r["id"], r["name"], r["role"], r["prefix"] + "…", r["created_at"][:19], (r["revoked_at"] or "")[:19])
    Console().print(table)


@keys_app.command("revoke")
def revoke(key_id: str = typer.Argument(..., help="The key id (see `caredraft keys list`).")) -> None:
    """Revoke a key: the server refuses it from the next request on."""
    from api.errors import ApiError
    from api.services.keys import revoke_key

    db = _db()
    with db.session() as session:
        try:
            row = revoke_key(session, key_id)
        except ApiError as exc:
            typer.echo(f"error: {exc.message}", err=True)
            raise typer.Exit(1) from None
    typer.echo(f"revoked {row.id} ({row.name})")
