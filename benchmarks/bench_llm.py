"""LLM backend overhead: TransformersGenerator vs a bare ``model.generate`` on the same prompt and length.

The model is randomly initialised with Qwen2-0.5B's shape (compute cost does not depend on the weights'
values), built in memory: nothing is downloaded. The tokenizer is a byte-level BPE trained here on sample
documents *other than* the ones quoted in the prompt (so the prompt's token count is not flattered), padded
to Qwen2's 151,936-token vocabulary so every id the model emits decodes. Both paths produce exactly the
same number of new tokens (``min_new_tokens == max_new_tokens``); runs are paired in rounds so drift on a
shared machine hits both alike, and ratios are medians of the per-round ratios. Both run ``model.generate`` in a worker thread (see ``in_thread``). Target: drafting time <= 1.10 x bare generate; default prompt < 1,200 tokens.

    python -m benchmarks llm [--quick]        # or: python benchmarks/bench_llm.py [--quick]
"""

from __future__ import annotations

import argparse
import re
import sys
import threading
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(ROOT))

from benchmarks.common import median, print_table, write_results  # noqa: E402

SAMPLE = ROOT / "knowledge_base" / "sample"
QUOTED = ("damaged-or-wrong-items.md", "returns-policy.md", "refund-timing.md")


def _sections(path: Path) -> list[tuple[str, str]]:
    """(heading, text) per '## ' section of a sample document, front matter removed."""
    body = re.sub(r"^---.*?---\s*", "", path.read_text(encoding="utf-8"), flags=re.S)
    title = re.search(r"^# (.+)$", body, flags=re.M)
    out = []
    for block in re.split(r"^## ", body, flags=re.M)[1:]:
        heading, _, text = block.partition("\n")
        out.append((f"{title.group(1) if title else path.stem}: {heading.strip()}", text.strip()))
    return out


def typical_job():  # noqa: ANN201
    """A damaged-item e-mail from an upset Plus member with two orders, two earlier turns and five sources."""
    from assistant.types import Analysis, CustomerProfile, DraftJob, Order, Passage, Ticket, Turn

    sections = [s for name in QUOTED for s in _sections(SAMPLE / name)]
    passages = [
        Passage(marker=i, doc_id=f"doc{i}", chunk_id=f"doc{i}#0", title=title, text=text, score=round(0.9 - i * 0.1, 2))
        for i, (title, text) in enumerate(sections[:5], start=1)
    ]
    ticket = Ticket(
        message=(
            "Hi, my order A-20417 arrived yesterday and two of the four mugs in the stoneware set are cracked. "
            "This was meant to be a birthday present for my mum this weekend and I'm really disappointed. "
            "Can you send replacements in time, or do I have to return the whole set first?"
        ),
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
    notes = [Passage(marker=0, doc_id="agent-return-exceptions", chunk_id="x#0", title="Agent return exceptions",
                     text=_sections(SAMPLE / "agent-return-exceptions.md")[0][1], audience="internal")]
    return DraftJob(ticket=ticket, analysis=analysis, passages=passages, internal_notes=notes)


def build_tokenizer():  # noqa: ANN201
    from assistant.prompts import PROMPTS_DIR
    from models.tiny import chatml_bpe_tokenizer

    corpus = [p.read_text(encoding="utf-8") for p in sorted(SAMPLE.glob("*.md")) if p.name not in QUOTED]
    corpus += [p.read_text(encoding="utf-8") for p in (PROMPTS_DIR / "v1").glob("*.md")]
    return chatml_bpe_tokenizer(corpus, vocab_size=32_000, pad_to=151_936)


def main(quick: bool = False) -> dict:
    import torch

    from assistant.prompts import load_prompt, render
    from assistant.settings import GeneratorSettings
    from models.generators.base import collect
    from models.generators.scripted import ScriptedGenerator
    from models.generators.transformers_generator import TransformersGenerator
    from models.tiny import qwen2_05b_config, random_model

    new_tokens = 8 if quick else 32
    repeats = 1 if quick else 3
    t0 = time.perf_counter()
    tokenizer = build_tokenizer()
    eos, pad = tokenizer.convert_tokens_to_ids("<|im_end|>"), tokenizer.convert_tokens_to_ids("<|endoftext|>")
    model = random_model(qwen2_05b_config(eos_token_id=eos, pad_token_id=pad), seed=0)
    build_s = time.perf_counter() - t0
    params = sum(p.numel() for p in model.parameters())

    settings = GeneratorSettings(backend="transformers", transformers_model="random-qwen2-0.5b-shape",
                                 max_new_tokens=new_tokens, timeout_s=3600)
    generator = TransformersGenerator(settings, ScriptedGenerator(lambda job: "fallback"), model=model, tokenizer=tokenizer,
                                      generate_kwargs={"min_new_tokens": new_tokens})
    job = typical_job()
    enc = generator.encode(job)
    prompt_tokens = int(enc["input_ids"].shape[1])
    untrimmed = render(job, load_prompt("v1"), generator.count_tokens, 100_000).tokens
    trimmed = render(job, load_prompt("v1"), generator.count_tokens, settings.prompt_token_budget,
                     overhead=generator._template_overhead(tokenizer))
    chars = sum(len(m["content"]) for m in trimmed.messages)

    def bare(n: int) -> float:
        start = time.perf_counter()
        with torch.inference_mode():
            out = model.generate(**enc, max_new_tokens=n, min_new_tokens=n, do_sample=False, pad_token_id=pad)
        elapsed = time.perf_counter() - start
        assert out.shape[1] - prompt_tokens == n
        return elapsed

    def drafted() -> tuple[float, float, int]:
        start = time.perf_counter()
        stream = generator.stream(job)
        first = None
        pieces = []
        while True:
            try:
                pieces.append(next(stream))
            except StopIteration as stop:
                generation = stop.value
                break
            if first is None:
                first = time.perf_counter() - start
        total = time.perf_counter() - start
        assert generation.fallback_reason is None, generation.fallback_reason
        assert generation.completion_tokens == new_tokens
        return total, first or total, generation.prompt_tokens

    def drafted_generate() -> float:
        start = time.perf_counter()
        generation = generator.generate(job)
        assert generation.fallback_reason is None and generation.completion_tokens == new_tokens
        return time.perf_counter() - start

    def in_thread(fn, *args):  # noqa: ANN001, ANN002, ANN202
        """Run ``fn`` in a fresh thread, as the backend runs ``model.generate``: on this shared, oversubscribed
        2-core machine a main-thread generate was measured 3-5x slower than the same call in a worker thread
        (OpenMP synchronisation between many small ops), which would flatter the backend's ratio."""
        box = []
        worker = threading.Thread(target=lambda: box.append(fn(*args)))
        worker.start()
        worker.join()
        return box[0]

    # The backend's own work, timed without the model (immune to the machine's load swings): rendering and
    # templating the prompt, and per new token the streamer's incremental decode plus the deadline check.
    encode_s = []
    for _ in range(5):
        start = time.perf_counter()
        generator.encode(job)
        encode_s.append(time.perf_counter() - start)
    from transformers import TextIteratorStreamer

    streamer = TextIteratorStreamer(tokenizer, skip_prompt=True, skip_special_tokens=True)
    fake_tokens = torch.randint(0, len(tokenizer), (new_tokens,))
    start = time.perf_counter()
    streamer.put(enc["input_ids"])
    for token in fake_tokens:
        streamer.put(token.view(1, 1))
        torch.full((1,), False, dtype=torch.bool)  # what the deadline StoppingCriteria builds per step
    streamer.end()
    per_token_s = (time.perf_counter() - start) / new_tokens

    in_thread(bare, 2)  # warm-up: first-call allocations, kernel selection
    bare_s, gen_s, stream_s, ttft_gen, ttft_bare = [], [], [], [], []
    for _ in range(repeats):
        # One paired round: the machine is shared, so each round's ratios compare runs taken moments apart.
        ttft_bare.append(in_thread(bare, 1))  # prompt pass + one token: the bare time to first token
        bare_s.append(in_thread(bare, new_tokens))
        gen_s.append(drafted_generate())
        total, first, _ = drafted()
        stream_s.append(total)
        ttft_gen.append(first)
    prefill = median(ttft_bare)
    # Rounds where load noise made the longer run look shorter than the one-token run say nothing: skipped.
    decode_tps = median([(new_tokens - 1) / (b - f) for b, f in zip(bare_s, ttft_bare, strict=True) if b > f])
    ratio_generate = median([g / b for g, b in zip(gen_s, bare_s, strict=True)])
    ratio_stream = median([g / b for g, b in zip(stream_s, bare_s, strict=True)])
    rows = [
        {"path": "bare model.generate", "median_s": median(bare_s), "ratio": 1.0, "ttft_s": prefill},
        {"path": "TransformersGenerator.generate", "median_s": median(gen_s), "ratio": ratio_generate, "ttft_s": float("nan")},
        {"path": "TransformersGenerator.stream", "median_s": median(stream_s), "ratio": ratio_stream, "ttft_s": median(ttft_gen)},
    ]
    print_table(f"LLM overhead — random Qwen2-0.5B shape, {prompt_tokens} prompt + {new_tokens} new tokens, "
                f"{torch.get_num_threads()} threads, {repeats} run(s)", rows)
    summary = {
        "prompt_tokens": prompt_tokens,
        "prompt_tokens_untrimmed": untrimmed,
        "prompt_budget": settings.prompt_token_budget,
        "trimmed": trimmed.dropped,
        "prompt_chars_per_token": round(chars / max(prompt_tokens, 1), 2),
        "prompt_tokens_per_s": round(prompt_tokens / prefill, 1),
        "new_tokens_per_s": round(decode_tps, 2),
        "ttft_bare_s": round(prefill, 3),
        "ttft_stream_s": round(median(ttft_gen), 3),
        "ratio_generate": round(ratio_generate, 4),
        "ratio_stream": round(ratio_stream, 4),
        "target_ratio": 1.10,
        "meets_target": ratio_generate <= 1.10,  # drafting time; stream runs the same code path (see table)
        "backend_encode_ms": round(median(encode_s) * 1000, 1),
        "backend_per_token_ms": round(per_token_s * 1000, 3),
        "backend_overhead_ratio": round(1 + (median(encode_s) + per_token_s * new_tokens) / median(bare_s), 4),
        "prompt_under_1200": prompt_tokens < 1200,
    }
    print_table("LLM summary", [{"metric": k, "value": str(v)} for k, v in summary.items()])
    write_results("llm-quick" if quick else "llm", {
        "quick": quick, "new_tokens": new_tokens, "repeats": repeats, "threads": torch.get_num_threads(),
        "model_params": params, "tokenizer_vocab": len(tokenizer), "build_s": round(build_s, 1),
        "bare_s": bare_s, "generate_s": gen_s, "stream_s": stream_s, "ttft_stream_s": ttft_gen, "ttft_bare_s": ttft_bare,
        "note": ("2 CPU cores shared with other processes: figures are noisy; ratios are medians of paired rounds. "
                 "A main-thread model.generate measured 3-5x slower than in a worker thread here, so both run in one."),
        **summary,
    })
    return summary


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="8 new tokens, one run")
    main(quick=parser.parse_args().quick)
