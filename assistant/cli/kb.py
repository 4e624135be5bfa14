"""`caredraft kb ...` commands (being built)."""

import typer

kb_app = typer.Typer(help="kb commands.", no_args_is_help=True)
