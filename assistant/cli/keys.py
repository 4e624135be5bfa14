"""`caredraft keys ...` commands (being built)."""

import typer

keys_app = typer.Typer(help="keys commands.", no_args_is_help=True)
