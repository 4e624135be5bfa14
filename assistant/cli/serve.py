"""`caredraft serve`: the HTTP API and the review page under uvicorn."""

from __future__ import annotations

import typer


def serve_command(
    host: str | None = typer.Option(None, "--host", help="Interface to bind (default: settings api.host, 127.0.0.1)."),
    port: int | None = typer.Option(None, "--port", min=1, max=65535, help="Port (default: settings api.port, 8000)."),
) -> None:
    """Run the HTTP API (docs at /docs, review page at /)."""
    import uvicorn

    from api.app import create_app
    from assistant.settings import Settings

    settings = Settings()
    host = host or settings.api.host
    port = port or settings.api.port
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"caredraft: data in {settings.data_dir.resolve()}; starting (the first start builds the sample index)...")
    typer.echo(f"Review page: http://{shown}:{port}/   API docs: http://{shown}:{port}/docs")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info", timeout_graceful_shutdown=10)
