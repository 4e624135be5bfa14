"""`caredraft serve` (being built)."""

import typer


def serve_command() -> None:
    """Run the HTTP API."""
    raise typer.Exit(2)
