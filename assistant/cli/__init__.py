"""The ``caredraft`` command: a thin door onto sync, draft, eval and serve. No logic lives here."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table

from assistant.cli.draft import draft_command
from assistant.cli.eval import eval_app
from assistant.cli.kb import kb_app
from assistant.cli.keys import keys_app
from assistant.cli.models import models_app
from assistant.cli.serve import serve_command
from assistant.settings import Settings

app = typer.Typer(help="caredraft: reply drafts for customer-care agents.", no_args_is_help=True, add_completion=False)
config_app = typer.Typer(help="Settings.", no_args_is_help=True)
app.add_typer(config_app, name="config")
app.add_typer(kb_app, name="kb")
app.add_typer(eval_app, name="eval")
app.add_typer(keys_app, name="keys")
app.add_typer(models_app, name="models")
app.command("draft")(draft_command)
app.command("serve")(serve_command)


@config_app.command("show")
def config_show(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Print the effective settings (environment CAREDRAFT_* applied; secrets masked)."""
    settings = Settings()
    data = json.loads(settings.model_dump_json())
    derived = {"index_dir": str(settings.index_dir), "database_url": settings.database_url}
    if as_json:
        print(json.dumps({**data, "derived": derived}, indent=2))
        return
    table = Table("setting", "value", "description")
    for name, value, description in _flatten(settings):
        table.add_row(name, value, description)
    for name, value in derived.items():
        table.add_row(name, value, "derived")
    Console().print(table)


def _flatten(model, prefix: str = ""):  # noqa: ANN001, ANN202
    from pydantic import BaseModel, SecretStr

    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        key = f"{prefix}{name}"
        if isinstance(value, BaseModel):
            yield from _flatten(value, key + ".")
        else:
            shown = "**********" if isinstance(value, SecretStr) and value.get_secret_value() else str(value)
            yield key, shown, field.description or ""


def main() -> None:
    from pydantic import ValidationError

    try:
        app()
    except ValidationError as exc:  # a bad CAREDRAFT_* variable or .env value: say which, no traceback
        for error in exc.errors():
            where = ".".join(str(part) for part in error["loc"]) or exc.title
            typer.echo(f"error: setting {where}: {error['msg']} (got {error.get('input')!r})", err=True)
        raise SystemExit(2) from None
