"""`caredraft serve`: the HTTP API and the review page under uvicorn, in one or several worker processes."""

from __future__ import annotations

import typer

from assistant.settings import Settings


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

    settings = Settings()
    _export_in_child(settings)
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


# Exporting the embedder (once, on a machine's first start) loads torch and quantises with NNCF: done inside the
# server, that memory stayed resident for the server's life (1.2 GiB after `make run` on a fresh machine, against
# about 0.6-0.85 GiB on any later start). A child process does it and exits; the server then loads the export.
_EXPORT = "import sys; from pathlib import Path; from models.{0} import {1}; {1}(Path(sys.argv[1]), Path(sys.argv[2]))"


def _export_in_child(settings: Settings) -> None:
    """Build the embedder's ONNX / OpenVINO export in a child process when it is not cached yet. A failure is
    left to the server, which tries again in-process and reports it as it always did."""
    import subprocess
    import sys

    from assistant.container import Container
    from models import onnx_embedder as onnx
    from models import openvino_embedder as ov

    try:
        embedder = Container(settings).embedder
    except (OSError, ValueError):
        return  # a missing or unknown model: the server's own start reports it
    if isinstance(embedder, ov.OpenVinoEmbedder):
        module, function, where = "openvino_embedder", "export_openvino", ov.openvino_export_path
    elif isinstance(embedder, onnx.OnnxEmbedder):
        module, function, where = "onnx_embedder", "export_onnx", onnx.onnx_export_path
    else:
        return
    if where(embedder.model_dir, embedder.cache_dir).is_file():
        return
    typer.echo("caredraft: exporting the embedder once, in a separate process...", err=True)
    subprocess.run([sys.executable, "-c", _EXPORT.format(module, function), str(embedder.model_dir),
                    str(embedder.cache_dir)], check=False)
