"""`caredraft draft` (being built)."""

import typer


def draft_command(message: str = typer.Argument(..., help="The customer's message.")) -> None:
    """Draft a reply."""
    raise typer.Exit(2)
