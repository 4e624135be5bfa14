"""`caredraft serve`: the HTTP API and the review page under uvicorn, in one or several worker processes."""

from __future__ import annotations

import typer


def serve_command(
    host: str | None = typer.Option(None, "--host", help="Interface to bind (default: settings api.host, 127.0.0.1)."),
    port: int | None = typer.Option(None, "--port", min=1, max=65535, help="Port (default: settings api.port, 8000)."),
    workers: int | None = typer.Option(
        None, "--workers", min=1, max=64,
        help="Worker processes, all equal, sharing the database (rate limits, jobs) and the index (default: "
             "settings api.workers, 1). Several workers on SQLite share one machine; use PostgreSQL beyond it.",
    ),
) -> None:
    """Run the HTTP API (docs at /docs, review page at /)."""
    import uvicorn

    from assistant.settings import Settings

    settings = Settings()
    host = host or settings.api.host
    port = port or settings.api.port
    workers = workers or settings.api.workers
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"caredraft: data in {settings.data_dir.resolve()}; starting {workers} worker(s) "
               "(the first start builds the sample index)...")
    typer.echo(f"Review page: http://{shown}:{port}/   API docs: http://{shown}:{port}/docs")
    if workers == 1:
        from api.app import create_app

        uvicorn.run(create_app(settings), host=host, port=port, log_level="info", timeout_graceful_shutdown=10)
        return
    # Each worker process imports the factory and reads the same settings from the environment; uvicorn's
    # supervisor restarts a worker that dies. The data dir must be absolute so every worker resolves it alike.
    import os

    os.environ["CAREDRAFT_DATA_DIR"] = str(settings.data_dir.resolve())
    uvicorn.run("api.app:app_from_environment", factory=True, workers=workers, host=host, port=port,
                log_level="info", timeout_graceful_shutdown=10)
