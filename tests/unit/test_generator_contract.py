"""The one contract every Generator implementation passes.

``GeneratorContract`` is subclassed here for the scripted fake and the composer, and in
``tests/integration/test_transformers_backend.py`` / ``test_openai_backend.py`` for the LLM backends.
A subclass provides a ``generator`` fixture and sets ``deterministic``.
"""

from __future__ import annotations

from datetime import date

import pytest

from assistant.protocols import Generator
from assistant.settings import GeneratorSettings
from assistant.types import Analysis, CustomerProfile, DraftJob, Generation, Order, Passage, Ticket, Turn
from assistant.grounding.citations import cited_markers
from models.generators.base import Attempt, Deadline, GenerationTimeout, LLMGenerator, collect
from models.generators.scripted import ScriptedGenerator


def make_job(message: str = "Hi, my order A-1001 arrived with a cracked mug. Can I return it?", **changes) -> DraftJob:
    """A typical job: an upset customer with a profile, history and three ranked public sources."""
    ticket = Ticket(
        message=message,
        history=[Turn(role="customer", text="I ordered a mug set last week."), Turn(role="agent", text="Thanks, I see it.")],
        customer=CustomerProfile(
            name="Maya Lopez",
            tier="Plus",
            orders=[
                Order(id="A-1001", date=date(2026, 11, 2), status="delivered", items=["Stoneware mug set"], amount=42.0),
                Order(id="A-0950", date=date(2026, 9, 1), status="delivered", items=["Linen napkins"], amount=18.5),
            ],
        ),
        channel=changes.pop("channel", "email"),
        agent_name="Sam",
    )
    passages = [
        Passage(marker=1, doc_id="damaged", chunk_id="damaged#0", title="Damaged or wrong items",
                text="If an item arrives damaged, tell us within 14 days and we send a free replacement or a full refund.", score=0.82),
        Passage(marker=2, doc_id="returns", chunk_id="returns#0", title="Returns",
                text="You can return unused items within 30 days of delivery for a refund to the original payment method.", score=0.61),
        Passage(marker=3, doc_id="shipping", chunk_id="shipping#1", title="Shipping times",
                text="Standard shipping takes 3 to 5 business days.", score=0.2),
    ]
    fields = {
        "ticket": ticket,
        "analysis": Analysis(sentiment=-0.5, emotion="disappointment", topic="damaged", problem="a cracked mug"),
        "passages": passages,
        "internal_notes": [Passage(marker=0, doc_id="playbook", chunk_id="playbook#0", title="Agent playbook",
                                   text="Agents may waive the photo requirement for Plus members.", audience="internal")],
    }
    fields.update(changes)
    return DraftJob(**fields)


class GeneratorContract:
    """Behaviour every drafting backend shares. Subclasses provide the ``generator`` fixture."""

    deterministic = True
    cites_only_given_sources = True  # LLM backends cannot promise this; the verifier flags their bad citations

    @pytest.fixture
    def job(self) -> DraftJob:
        return make_job()

    def test_satisfies_protocol(self, generator) -> None:  # noqa: ANN001
        assert isinstance(generator, Generator)
        assert isinstance(generator.name, str) and generator.name
        assert isinstance(generator.model_id, str) and generator.model_id

    def test_declares_prompt_version_and_last_generation(self, generator, job) -> None:  # noqa: ANN001
        assert generator.prompt_version is None or isinstance(generator.prompt_version, str)
        generation = generator.generate(job)
        last = generator.last_generation  # what a streamed draft reports: this run's, or none kept
        assert last is None or (isinstance(last, Generation) and last.text == generation.text)
        if generation.fallback_reason is None:  # a fallback wrote with its own (no) prompt
            assert generation.prompt_version == generator.prompt_version

    def test_generate_returns_text_and_model_id(self, generator, job) -> None:  # noqa: ANN001
        generation = generator.generate(job)
        assert isinstance(generation, Generation)
        assert generation.text.strip()
        assert generation.text == generation.text.strip()
        assert generation.model_id

    def test_stream_yields_str_pieces_joining_to_generate(self, generator, job) -> None:  # noqa: ANN001
        pieces, _ = collect(iter(generator.stream(job)))
        assert pieces and all(isinstance(p, str) for p in pieces)
        if self.deterministic:
            assert "".join(pieces) == generator.generate(job).text

    def test_generate_is_repeatable(self, generator, job) -> None:  # noqa: ANN001
        if not self.deterministic:
            pytest.skip("non-deterministic backend")
        assert generator.generate(job).text == generator.generate(job).text

    def test_does_not_mutate_job(self, generator, job) -> None:  # noqa: ANN001
        before = job.model_dump()
        generator.generate(job)
        list(generator.stream(job))
        assert job.model_dump() == before

    def test_handles_job_without_evidence(self, generator) -> None:  # noqa: ANN001
        job = make_job("What is the meaning of life?", passages=[], internal_notes=[], evidence_ok=False)
        generation = generator.generate(job)
        assert generation.text.strip()
        if self.cites_only_given_sources:
            assert cited_markers(generation.text) == []


def _echo(job: DraftJob) -> str:
    """A reply that depends on the job, so the contract can see which job the fake answered."""
    name = job.profile.address_name if job.profile else "there"
    return f"Hi {name}, thanks for writing about {job.analysis.topic}." + (" See [1]." if job.passages else "")


class TestScriptedContract(GeneratorContract):
    @pytest.fixture
    def generator(self) -> ScriptedGenerator:
        return ScriptedGenerator(_echo)


class TestComposerContract(GeneratorContract):
    @pytest.fixture
    def generator(self, fake_embedder):  # noqa: ANN001, ANN201
        composer = pytest.importorskip("models.generators.composer", reason="composer not built yet")
        return composer.ComposerGenerator(fake_embedder)


class TestScriptedGenerator:
    def test_replies_in_order_and_records_jobs(self) -> None:
        fake = ScriptedGenerator(["first", "second"])
        a, b = make_job("one"), make_job("two")
        assert fake.generate(a).text == "first"
        assert fake.generate(b).text == "second"
        assert [j.ticket.message for j in fake.jobs] == ["one", "two"]

    def test_runs_out_with_a_clear_error(self) -> None:
        fake = ScriptedGenerator(["only"])
        fake.generate(make_job())
        with pytest.raises(IndexError, match="ran out of replies"):
            fake.generate(make_job())

    def test_scripted_exception_is_raised(self) -> None:
        fake = ScriptedGenerator([RuntimeError("backend down")])
        with pytest.raises(RuntimeError, match="backend down"):
            fake.generate(make_job())

    def test_scripted_generation_passes_through(self) -> None:
        scripted = Generation(text="x", model_id="m", fallback_reason="timeout")
        assert ScriptedGenerator([scripted]).generate(make_job()).fallback_reason == "timeout"

    def test_stream_returns_its_generation(self) -> None:
        pieces, generation = collect(ScriptedGenerator(["Hello there, Maya."]).stream(make_job()))
        assert pieces == ["Hello ", "there, ", "Maya."]
        assert generation is not None and generation.text == "Hello there, Maya."


def test_cited_markers_in_order_without_repeats() -> None:
    assert cited_markers("A [2]. B [1, 3]. C [2] and [10].") == [2, 1, 3, 10]
    assert cited_markers("no citations, [x] or [ ]") == []


class FakeLLM(LLMGenerator):
    """An LLMGenerator whose 'model' yields scripted raw pieces, then optionally raises."""

    name = "fake-llm"

    def __init__(self, pieces: list[str], error: Exception | None = None, **settings) -> None:  # noqa: ANN003
        super().__init__(GeneratorSettings(**settings), ScriptedGenerator(lambda job: "Composer text."))
        self.pieces, self.error, self.modes = pieces, error, []

    @property
    def model_id(self) -> str:
        return "fake-model"

    def _attempt(self, job, deadline, *, streaming):  # noqa: ANN001, ANN202
        self.modes.append(streaming)
        for piece in self.pieces:
            yield piece
        if self.error:
            raise self.error
        return Attempt(prompt_tokens=11, completion_tokens=len(self.pieces))


class TestLLMBaseContract(GeneratorContract):
    cites_only_given_sources = False
    @pytest.fixture
    def generator(self) -> FakeLLM:
        return FakeLLM(["Hi Maya, ", "you can ", "return it ", "[1]."])


class TestLLMBase:
    def test_surrounding_whitespace_is_trimmed_while_streaming(self) -> None:
        llm = FakeLLM(["\n  ", "Hello", " ", "world", " \n", "  "])
        pieces, generation = collect(llm.stream(make_job()))
        assert "".join(pieces) == generation.text == "Hello world" == llm.generate(make_job()).text
        assert (generation.prompt_tokens, generation.completion_tokens, generation.prompt_version) == (11, 6, llm.settings.prompt_version)
        assert llm.modes == [True, False]  # generate() lets a backend use a non-streaming call

    def test_failure_before_any_text_streams_the_fallback(self) -> None:
        llm = FakeLLM([], error=RuntimeError("boom"))
        pieces, generation = collect(llm.stream(make_job()))
        assert "".join(pieces) == "Composer text." == generation.text
        assert generation.fallback_reason == "fake-llm: RuntimeError: boom"
        assert llm.last_fallback_reason == generation.fallback_reason

    def test_failure_mid_reply_returns_the_fallback_without_more_pieces(self) -> None:
        llm = FakeLLM(["Partial ", "answer"], error=GenerationTimeout("generation exceeded the 1 s limit"))
        pieces, generation = collect(llm.stream(make_job()))
        assert pieces == ["Partial", " answer"]  # what was shown stays shown; the fallback is not appended
        assert generation.text == "Composer text." and "1 s limit" in generation.fallback_reason
        assert llm.generate(make_job()).text == "Composer text."

    def test_empty_reply_falls_back(self) -> None:
        generation = FakeLLM(["  ", "\n"]).generate(make_job())
        assert generation.text == "Composer text." and "empty reply" in generation.fallback_reason

    def test_deadline(self) -> None:
        deadline = Deadline(0.0)
        assert deadline.expired() and deadline.remaining() == 0.0
        with pytest.raises(GenerationTimeout, match="0 s limit"):
            deadline.check()
        assert not Deadline(60).expired()
