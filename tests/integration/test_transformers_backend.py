"""The transformers backend end to end with a tiny randomly initialised Llama and a tokenizer built here,
saved to a directory and loaded back the way a real local model is (nothing is downloaded)."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest

from assistant.settings import GeneratorSettings
from models.generators.base import collect
from models.generators.scripted import ScriptedGenerator
from models.generators.transformers_generator import TransformersGenerator
from models.tiny import build_tiny_lm
from tests.unit.test_generator_contract import GeneratorContract, make_job
from tests.unit.test_prompts import _big_job

pytestmark = pytest.mark.integration

FALLBACK_TEXT = "Composer draft: I will check this for you."


@pytest.fixture(scope="module")
def tiny_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from assistant.prompts import PROMPTS_DIR

    # The vocabulary covers the prompt's own words and the test customer's, so the prompt decodes readably.
    words = " ".join(p.read_text() for p in (PROMPTS_DIR / "v1").glob("*.md")) + " Maya Lopez mug A-1001"
    return build_tiny_lm(tmp_path_factory.mktemp("tiny-llama"), arch="llama", seed=7, extra_text=words)


@pytest.fixture
def fallback() -> ScriptedGenerator:
    return ScriptedGenerator(lambda job: FALLBACK_TEXT, name="composer", model_id="composer-v1")


def make_generator(model_dir: Path | str | None, fallback, *, generate_kwargs=None, **overrides) -> TransformersGenerator:  # noqa: ANN001
    settings = GeneratorSettings(
        backend="transformers",
        transformers_model=str(model_dir) if model_dir else None,
        max_new_tokens=overrides.pop("max_new_tokens", 12),
        timeout_s=overrides.pop("timeout_s", 60.0),
        prompt_version=overrides.pop("prompt_version", "v1"),  # the tiny tokenizer is trained on v1's words
        **overrides,
    )
    return TransformersGenerator(settings, fallback, generate_kwargs=generate_kwargs)


class TestTransformersContract(GeneratorContract):
    cites_only_given_sources = False  # random weights write random words

    @pytest.fixture(scope="class")
    def generator(self, tiny_dir):  # noqa: ANN001, ANN201
        fallback = ScriptedGenerator(lambda job: FALLBACK_TEXT)
        return make_generator(tiny_dir, fallback, generate_kwargs={"min_new_tokens": 12})


def test_loads_from_a_directory_and_applies_the_chat_template(tiny_dir, fallback) -> None:  # noqa: ANN001
    gen = make_generator(tiny_dir, fallback, generate_kwargs={"min_new_tokens": 12})
    job = make_job()
    generation = gen.generate(job)
    assert generation.fallback_reason is None and fallback.jobs == []
    assert generation.model_id == str(tiny_dir) and generation.prompt_version == "v1"
    assert generation.completion_tokens == 12 and generation.text.strip()
    _, tokenizer = gen.load()
    prompt_ids = gen.encode(job)["input_ids"][0].tolist()
    assert generation.prompt_tokens == len(prompt_ids)
    shown = tokenizer.decode(prompt_ids)
    assert shown.startswith("<|im_start|> system") and shown.rstrip().endswith("<|im_start|> assistant")
    assert shown.count("<|im_end|>") == 2 and "maya lopez" in shown  # the lower-casing tokenizer saw the profile


def test_stream_yields_pieces_that_join_to_the_reply(tiny_dir, fallback) -> None:  # noqa: ANN001
    gen = make_generator(tiny_dir, fallback, max_new_tokens=10, generate_kwargs={"min_new_tokens": 10})
    pieces, generation = collect(gen.stream(make_job()))
    assert len(pieces) > 1 and all(isinstance(p, str) for p in pieces)
    assert "".join(pieces) == generation.text == gen.generate(make_job()).text
    assert generation.completion_tokens == 10


def test_prompt_stays_within_the_token_budget(tiny_dir, fallback) -> None:  # noqa: ANN001
    job = _big_job()
    roomy = make_generator(tiny_dir, fallback, max_new_tokens=2, prompt_token_budget=4000).generate(job)
    tight = make_generator(tiny_dir, fallback, max_new_tokens=2, prompt_token_budget=800).generate(job)
    assert roomy.prompt_tokens > 1000  # the budget really had to trim
    assert 600 < tight.prompt_tokens <= 800  # counted with the model's own tokenizer, chat template included
    assert tight.fallback_reason is None


def test_timeout_returns_the_composers_draft(tiny_dir, real_embedder) -> None:  # noqa: ANN001
    composer_mod = pytest.importorskip("models.generators.composer", reason="composer not built yet")
    composer = composer_mod.ComposerGenerator(real_embedder)
    gen = make_generator(tiny_dir, composer, max_new_tokens=3000, timeout_s=0.4, generate_kwargs={"min_new_tokens": 3000})
    gen.load()  # loading is not what this test times
    job = make_job()
    expected = composer.generate(job).text
    start = time.monotonic()
    generation = gen.generate(job)
    elapsed = time.monotonic() - start
    assert generation.text == expected and generation.model_id == composer.model_id
    assert "transformers" in generation.fallback_reason and "0.4 s" in generation.fallback_reason
    assert elapsed < 0.4 + 1.5  # the deadline holds (composer time included)
    # The stopped worker gives the model back: the next draft runs normally.
    after = make_generator(tiny_dir, composer, max_new_tokens=4)
    after._model, after._tokenizer = gen.load()
    after._generate_lock = gen._generate_lock
    assert after.generate(job).fallback_reason is None


def test_missing_model_directory_falls_back(tmp_path, fallback) -> None:  # noqa: ANN001
    generation = make_generator(tmp_path / "no-such-model", fallback).generate(make_job())
    assert generation.text == FALLBACK_TEXT
    assert "model directory not found" in generation.fallback_reason


def test_unconfigured_model_falls_back(fallback) -> None:  # noqa: ANN001
    pieces, generation = collect(make_generator(None, fallback).stream(make_job()))
    assert "".join(pieces) == FALLBACK_TEXT and "CAREDRAFT_GENERATOR__TRANSFORMERS_MODEL" in generation.fallback_reason


def test_broken_model_directory_falls_back_and_is_not_retried(tmp_path, tiny_dir, fallback) -> None:  # noqa: ANN001
    broken = tmp_path / "broken"
    shutil.copytree(tiny_dir, broken)
    (broken / "model.safetensors").write_bytes(b"not weights")
    gen = make_generator(broken, fallback)
    first = gen.generate(make_job())
    assert first.text == FALLBACK_TEXT and "could not load" in first.fallback_reason
    (broken / "config.json").unlink()  # a second load attempt would fail differently; the first reason is kept
    assert gen.generate(make_job()).fallback_reason == first.fallback_reason


def test_model_without_chat_template_falls_back(tmp_path, tiny_dir, fallback) -> None:  # noqa: ANN001
    plain = tmp_path / "plain"
    shutil.copytree(tiny_dir, plain)
    (plain / "chat_template.jinja").unlink()
    generation = make_generator(plain, fallback).generate(make_job())
    assert "no chat template" in generation.fallback_reason


def test_one_generation_at_a_time(tiny_dir, fallback) -> None:  # noqa: ANN001
    gen = make_generator(tiny_dir, fallback, max_new_tokens=8, generate_kwargs={"min_new_tokens": 8})
    model, _ = gen.load()
    active, peak, lock = [0], [0], threading.Lock()
    original = model.generate

    def counting_generate(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        try:
            time.sleep(0.05)  # widen the window in which an overlap would show
            return original(*args, **kwargs)
        finally:
            with lock:
                active[0] -= 1

    model.generate = counting_generate
    try:
        results = []
        threads = [threading.Thread(target=lambda: results.append(gen.generate(make_job()))) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    finally:
        del model.generate
    assert len(results) == 3 and all(r.fallback_reason is None for r in results)
    assert peak[0] == 1
    assert len({r.text for r in results}) == 1  # greedy decoding: same job, same reply


def test_closing_a_stream_stops_the_model(tiny_dir, fallback) -> None:  # noqa: ANN001
    gen = make_generator(tiny_dir, fallback, max_new_tokens=3000, generate_kwargs={"min_new_tokens": 3000})
    stream = gen.stream(make_job())
    assert isinstance(next(stream), str)
    stream.close()  # e.g. the agent closed the page
    assert gen._generate_lock.acquire(timeout=5)  # the worker stopped at its next token and let go
    gen._generate_lock.release()


def test_drafter_end_to_end_with_the_transformers_backend(tiny_dir, sample_index_dir, real_embedder, tmp_path) -> None:  # noqa: ANN001
    """The container wires the backend from settings; the Draft records backend, model and prompt version."""
    pytest.importorskip("assistant.drafting", reason="drafter not built yet")
    from assistant.container import Container
    from assistant.settings import KnowledgeBaseSettings, Settings
    from assistant.types import Ticket

    def container(**generator) -> Container:  # noqa: ANN003
        settings = Settings(
            data_dir=tmp_path, kb=KnowledgeBaseSettings(index_dir=sample_index_dir),
            generator=GeneratorSettings(transformers_model=str(tiny_dir), **{"max_new_tokens": 6, "prompt_version": "v1", **generator}),
        )
        return Container(settings, embedder=real_embedder)

    ticket = Ticket(message="My mug arrived cracked. Can I get a replacement?")
    c = container()
    draft = c.drafter.draft(ticket, backend="transformers")
    ran = c.generator("transformers").last_generation
    assert ran is not None and ran.model_id == str(tiny_dir) and ran.prompt_version == "v1" and not ran.fallback_reason
    # Random weights write gibberish: the safety net must not hand it to the agent, and says why.
    assert draft.backend == "transformers" and draft.text
    assert [f for f in draft.flags if f.type == "generator_fallback" and "safety net" in f.message]

    slow = container(timeout_s=0.05, max_new_tokens=4000).drafter
    fallen = slow.draft(ticket, backend="transformers")
    assert [f for f in fallen.flags if f.type == "generator_fallback"]
    assert fallen.text == slow.draft(ticket, backend="composer").text
    parts = list(slow.stream(ticket, backend="transformers"))
    assert [f for f in parts[-1].flags if f.type == "generator_fallback"]


def test_drafter_stream_uses_the_fallback_text_after_a_mid_reply_timeout(tiny_dir, sample_index_dir, real_embedder, tmp_path) -> None:  # noqa: ANN001, E501
    pytest.importorskip("assistant.drafting", reason="drafter not built yet")
    from assistant.container import Container
    from assistant.settings import KnowledgeBaseSettings, Settings
    from assistant.types import Ticket

    settings = Settings(data_dir=tmp_path, kb=KnowledgeBaseSettings(index_dir=sample_index_dir),
                        generator=GeneratorSettings(transformers_model=str(tiny_dir), max_new_tokens=4000, timeout_s=0.5,
                                                            prompt_version="v1"))
    drafter = Container(settings, embedder=real_embedder).drafter
    ticket = Ticket(message="My mug arrived cracked. Can I get a replacement?")
    final = list(drafter.stream(ticket, backend="transformers"))[-1]
    assert final.text == drafter.draft(ticket, backend="composer").text
