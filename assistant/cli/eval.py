"""`caredraft eval ...` commands (being built)."""

import typer

eval_app = typer.Typer(help="eval commands.", no_args_is_help=True)
