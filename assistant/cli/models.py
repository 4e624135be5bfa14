"""`caredraft models list|check|serve`: what an operator runs first when putting a real language model behind caredraft.

``list`` shows the configured backends and their models; ``check`` loads a GGUF file with llama.cpp, prints its
context size and measures prompt and generation speed on a short prompt; ``serve`` runs llama.cpp's
OpenAI-compatible HTTP server for a GGUF file (what the ``openai`` backend can talk to).
"""

from __future__ import annotations

import json
import signal
import threading
import time
from pathlib import Path

import typer

models_app = typer.Typer(help="Language models: list the configured ones, check a GGUF file, serve one over HTTP.",
                         no_args_is_help=True)

_PROBE = [
    {"role": "system", "content": "You are a helpful customer-care agent. Answer in two sentences."},
    {"role": "user", "content": "My parcel arrived damaged. What should I do?"},
]


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


@models_app.command("list")
def list_models(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """The drafting backends, which one is the default, and the model each would use."""
    from assistant.container import BACKENDS
    from assistant.settings import Settings
    from models.generators.llamacpp_generator import bundled_gguf

    g = Settings().generator
    bundled = bundled_gguf()
    rows: list[dict[str, str | bool]] = []
    for name in BACKENDS:
        if name == "composer":
            model, ready = "deterministic composer (no language model)", "yes"
        elif name == "llamacpp":
            model = g.gguf_path or "(not set: CAREDRAFT_GENERATOR__GGUF_PATH)"
            ready = "yes" if g.gguf_path and Path(g.gguf_path).expanduser().is_file() else "no"
        elif name == "transformers":
            model = g.transformers_model or "(not set: CAREDRAFT_GENERATOR__TRANSFORMERS_MODEL)"
            ready = "yes" if g.transformers_model and Path(g.transformers_model).expanduser().exists() else "unknown"
        else:
            model, ready = f"{g.openai_model} at {g.openai_base_url}", "unknown (not contacted)"
        rows.append({"backend": name, "default": name == g.backend, "model": model, "ready": ready})
    extra = {"mode": g.mode, "threads": g.threads, "context_size": g.context_size, "parallel": g.parallel,
             "max_new_tokens": g.max_new_tokens, "prompt_version": g.prompt_version,
             "bundled_gguf": str(bundled) if bundled else None}
    if as_json:
        print(json.dumps({"backends": rows, "settings": extra}, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("backend", "default", "model", "ready")
    for r in rows:
        table.add_row(str(r["backend"]), "*" if r["default"] else "", str(r["model"]), str(r["ready"]))
    Console().print(table)
    for key, value in extra.items():
        typer.echo(f"{key}: {value}")


@models_app.command("check")
def check(
    path: str = typer.Argument(None, help="A GGUF file (default: the configured CAREDRAFT_GENERATOR__GGUF_PATH, "
                                          "else the bundled SmolLM2 test model)."),
    threads: int = typer.Option(None, "--threads", min=1, help="CPU threads (default: the setting, 1)."),
    context_size: int = typer.Option(None, "--context-size", min=256, help="Context tokens (default: the setting)."),
    max_tokens: int = typer.Option(32, "--max-tokens", min=1, max=512, help="Tokens to generate for the speed test."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Load a GGUF file with llama.cpp, print its context size, and time a short prompt."""
    from assistant.settings import Settings
    from models.generators.base import GeneratorUnavailable
    from models.generators.llamacpp_generator import LlamaEngine, bundled_gguf, check_gguf

    g = Settings().generator
    target = path or g.gguf_path or (str(bundled_gguf()) if bundled_gguf() else None)
    try:
        gguf = check_gguf(target)
        engine = LlamaEngine(gguf, context_size=context_size or g.context_size, threads=threads or g.threads,
                             parallel=1, queue_size=1)
    except GeneratorUnavailable as exc:
        _fail(str(exc))
    meta = engine.model_meta()
    start = time.perf_counter()
    reply = engine.complete({"messages": _PROBE, "max_tokens": max_tokens, "temperature": 0.0})
    wall = time.perf_counter() - start
    if "error" in reply:
        _fail(f"the model loaded but could not answer: {reply['error'].get('message', reply['error'])}")
    timings = reply.get("timings") or {}
    usage = reply.get("usage") or {}
    report = {
        "path": str(gguf),
        "size_mb": round(gguf.stat().st_size / 1e6, 1),
        "load_s": round(engine.info.load_s, 2),
        "context_size": engine.info.context_size,
        "trained_context": meta.get("n_ctx_train"),
        "parameters": meta.get("n_params"),
        "quantisation": meta.get("ftype"),
        "threads": engine.info.threads,
        "prompt_tokens": usage.get("prompt_tokens"),
        "prompt_tokens_per_s": round(timings.get("prompt_per_second") or 0.0, 1),
        "generated_tokens": usage.get("completion_tokens"),
        "generated_tokens_per_s": round(timings.get("predicted_per_second") or 0.0, 1),
        "wall_s": round(wall, 2),
        "reply": (reply.get("choices") or [{}])[0].get("message", {}).get("content", ""),
    }
    if as_json:
        print(json.dumps(report, indent=2))
        return
    for key, value in report.items():
        typer.echo(f"{key}: {value}")


@models_app.command("serve")
def serve(
    path: str = typer.Argument(..., help="The GGUF file to serve."),
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to bind."),
    port: int = typer.Option(8001, "--port", min=1, max=65535, help="Port (the openai backend's default is 8001)."),
    threads: int = typer.Option(None, "--threads", min=1, help="CPU threads (default: the setting, 1)."),
    context_size: int = typer.Option(None, "--context-size", min=256, help="Context tokens per slot."),
    parallel: int = typer.Option(None, "--parallel", min=1, help="Requests decoded together."),
    api_key: str = typer.Option(None, "--api-key", envvar="CAREDRAFT_MODELS_API_KEY", help="Key clients must send."),
) -> None:
    """Serve a GGUF model over llama.cpp's OpenAI-compatible HTTP API until interrupted."""
    from assistant.settings import Settings
    from models.generators.base import GeneratorUnavailable
    from models.generators.llamacpp_generator import LlamaEngine

    g = Settings().generator
    if host not in ("127.0.0.1", "localhost") and not api_key:
        _fail("serving beyond 127.0.0.1 needs --api-key")
    try:
        engine = LlamaEngine(path, context_size=context_size or g.context_size, threads=threads or g.threads,
                             parallel=parallel or g.parallel, queue_size=g.queue_size, port=port,
                             api_key=api_key, private=False)
    except GeneratorUnavailable as exc:
        _fail(str(exc))
    typer.echo(f"serving {Path(path).name} at {engine.address}/v1 (Ctrl-C to stop)", err=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    engine.close()
