"""TransformersGenerator: drafts with any local Hugging Face causal LM (a directory, an id already cached, or a
``.gguf`` file, which transformers dequantises to float32 on load; needs the ``gguf`` and ``accelerate`` packages).

The model loads once, lazily, offline (``local_files_only=True``). The prompt is rendered within the token
budget with the model's own tokenizer and wrapped by its chat template. Decoding is greedy by default and
always streams (``TextIteratorStreamer``, ``model.generate`` in a worker thread), so ``generate`` and
``stream`` share one path. A hard deadline (``settings.timeout_s``) is enforced twice: a StoppingCriteria
stops decoding at the next token, and the reader stops waiting at the deadline even while a long prompt
is still being processed. Any failure or timeout yields the fallback's (composer's) draft with
``fallback_reason``. One generation runs at a time per process: the lock is taken by the request and
released by the worker thread when ``model.generate`` has really finished.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Generator as PyGenerator
from pathlib import Path
from queue import Empty
from typing import Any

from assistant.protocols import Generator
from assistant.settings import GeneratorSettings
from assistant.types import DraftJob
from models.generators.base import Attempt, Deadline, GenerationTimeout, GeneratorUnavailable, LLMGenerator

log = logging.getLogger(__name__)
_MIN_NEW_TOKENS = 16  # below this the context is too full to write a useful reply


class TransformersGenerator(LLMGenerator):
    name = "transformers"

    def __init__(
        self,
        settings: GeneratorSettings,
        fallback: Generator,
        *,
        model: Any = None,
        tokenizer: Any = None,
        generate_kwargs: dict[str, Any] | None = None,
    ) -> None:
        """``model``/``tokenizer`` may be passed already loaded (benchmarks); ``generate_kwargs`` are added to
        every ``model.generate`` call (e.g. ``min_new_tokens`` to force a length when measuring)."""
        super().__init__(settings, fallback)
        self._model = model
        self._tokenizer = tokenizer
        self._load_error: str | None = None
        self._load_lock = threading.Lock()
        self._generate_lock = threading.Lock()
        self._generate_kwargs = dict(generate_kwargs or {})
        self._overhead: int | None = None
        self._model_id = settings.transformers_model or getattr(getattr(model, "config", None), "name_or_path", "") or "unconfigured"

    @property
    def model_id(self) -> str:
        return self._model_id

    # -- loading ---------------------------------------------------------------------------------------
    def load(self) -> tuple[Any, Any]:
        """(model, tokenizer), loading them on first use; raises GeneratorUnavailable with the reason."""
        if self._model is not None and self._tokenizer is not None:
            return self._model, self._tokenizer
        with self._load_lock:
            if self._load_error:
                raise GeneratorUnavailable(self._load_error)
            if self._model is None or self._tokenizer is None:
                try:
                    self._model, self._tokenizer = self._load()
                except GeneratorUnavailable as exc:
                    self._load_error = str(exc)
                    raise
                except Exception as exc:  # remembered: a broken model dir is not retried on every draft
                    self._load_error = f"could not load {self.model_id!r}: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:300]
                    raise GeneratorUnavailable(self._load_error) from exc
        return self._model, self._tokenizer

    def _load(self) -> tuple[Any, Any]:
        source = self.settings.transformers_model
        if not source:
            raise GeneratorUnavailable("no local model configured (set CAREDRAFT_GENERATOR__TRANSFORMERS_MODEL)")
        try:
            import torch
            from transformers import AutoModelForCausalLM, AutoTokenizer
        except ImportError as exc:  # pragma: no cover - both are dependencies
            raise GeneratorUnavailable(f"transformers is not installed ({exc}); run: pip install transformers torch") from exc
        path = Path(source).expanduser()
        looks_like_id = source.count("/") == 1 and not source.startswith((".", "/", "~"))  # "org/name" in the HF cache
        extra: dict[str, Any] = {}
        if path.suffix.lower() == ".gguf":
            from models.generators.llamacpp_generator import check_gguf

            gguf = check_gguf(path)  # a clear error for a missing or foreign file before transformers tries
            source, extra = str(gguf.parent), {"gguf_file": gguf.name}
        elif path.is_dir():
            source = str(path)
        elif not looks_like_id:
            raise GeneratorUnavailable(f"model directory not found: {source}")
        device = self.settings.transformers_device
        tokenizer = AutoTokenizer.from_pretrained(source, local_files_only=True, **extra)
        if tokenizer.chat_template is None:
            raise GeneratorUnavailable(f"the tokenizer of {source!r} has no chat template; use an instruction-tuned model")
        # float32 on CPU (bf16 matmuls are slow on most CPUs); the checkpoint's own dtype on accelerators.
        dtype = torch.float32 if device == "cpu" else "auto"
        model = AutoModelForCausalLM.from_pretrained(source, local_files_only=True, dtype=dtype, **extra)
        model.to(device).eval()  # type: ignore[arg-type]  # transformers types .to() by the model class
        log.info("loaded %s on %s", source, device)
        return model, tokenizer

    # -- prompt ----------------------------------------------------------------------------------------
    def count_tokens(self, text: str) -> int:
        _, tokenizer = self.load()
        return len(tokenizer(text, add_special_tokens=False)["input_ids"])

    def _template_overhead(self, tokenizer: Any) -> int:
        """Tokens the chat template adds around an empty system + user turn (counted once)."""
        if self._overhead is None:
            empty = [{"role": "system", "content": ""}, {"role": "user", "content": ""}]
            try:
                ids = tokenizer.apply_chat_template(empty, add_generation_prompt=True, tokenize=True, return_dict=False)
            except Exception:  # templates without a system role: the system text is merged into the user turn
                ids = tokenizer.apply_chat_template(empty[1:], add_generation_prompt=True, tokenize=True, return_dict=False)
            self._overhead = len(ids)
        return self._overhead

    def encode(self, job: DraftJob) -> Any:
        """The chat-templated prompt for ``job`` as a BatchEncoding on the model's device (benchmarks reuse it)."""
        model, tokenizer = self.load()
        budget = self.settings.prompt_token_budget
        limit = getattr(model.config, "max_position_embeddings", None)
        if limit:  # leave the reply its room in the model's context
            budget = min(budget, int(limit) - self.settings.max_new_tokens)
        rendered = self.render_for(job, self.count_tokens, budget, overhead=self._template_overhead(tokenizer))
        messages = rendered.messages
        try:
            enc = tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt", return_dict=True)
        except Exception:
            merged = [{"role": "user", "content": messages[0]["content"] + "\n\n" + messages[1]["content"]}]
            enc = tokenizer.apply_chat_template(merged, add_generation_prompt=True, return_tensors="pt", return_dict=True)
        return enc.to(model.device)

    # -- generation ------------------------------------------------------------------------------------
    def _attempt(self, job: DraftJob, deadline: Deadline, *, streaming: bool) -> PyGenerator[str, None, Attempt]:
        import torch
        from transformers import StoppingCriteria, StoppingCriteriaList, TextIteratorStreamer

        model, tokenizer = self.load()
        if not self._generate_lock.acquire(timeout=deadline.remaining()):
            raise GenerationTimeout(f"another generation held the model past the {deadline.timeout_s:g} s limit")
        released = False
        try:
            deadline.check("waiting for the model")
            enc = self.encode(job)
            prompt_tokens = int(enc["input_ids"].shape[1])
            max_new = self.settings.max_new_tokens
            limit = getattr(model.config, "max_position_embeddings", None)
            if limit and prompt_tokens + max_new > limit:
                max_new = limit - prompt_tokens
                if max_new < _MIN_NEW_TOKENS:
                    raise GeneratorUnavailable(f"prompt of {prompt_tokens} tokens leaves no room in the model's {limit}-token context")

            cancel = threading.Event()
            timed_out = threading.Event()

            class _StopAtDeadline(StoppingCriteria):
                def __call__(self, input_ids, scores, **kwargs):  # noqa: ANN001, ANN204
                    if deadline.expired():
                        timed_out.set()
                    done = cancel.is_set() or timed_out.is_set()
                    return torch.full((input_ids.shape[0],), done, dtype=torch.bool, device=input_ids.device)

            streamer = TextIteratorStreamer(tokenizer, skip_prompt=True, skip_special_tokens=True)
            counts: dict[str, int] = {}
            errors: list[BaseException] = []
            kwargs = {
                **enc,
                "max_new_tokens": max_new,
                "do_sample": False,
                "streamer": streamer,
                "stopping_criteria": StoppingCriteriaList([_StopAtDeadline()]),
                "pad_token_id": tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id,
                **self._generate_kwargs,
            }

            def work() -> None:
                try:
                    with torch.inference_mode():
                        out = model.generate(**kwargs)
                    counts["completion"] = int(out.shape[1]) - prompt_tokens
                except BaseException as exc:  # reported to the reader, which falls back
                    errors.append(exc)
                    streamer.end()
                finally:
                    self._generate_lock.release()

            thread = threading.Thread(target=work, name="transformers-generate", daemon=True)
            thread.start()
            released = True  # the worker owns the lock now
            try:
                while True:
                    # Wait no longer than the deadline for the next piece (covers a slow prompt pass too).
                    streamer.timeout = max(deadline.remaining(), 0.001)
                    try:
                        piece = next(streamer)
                    except StopIteration:
                        break
                    except Empty:
                        timed_out.set()
                        break
                    if timed_out.is_set():
                        break
                    yield piece
            finally:
                cancel.set()  # stops the worker at its next token if we leave early (timeout, closed stream)
            if timed_out.is_set():
                raise GenerationTimeout(f"generation exceeded the {deadline.timeout_s:g} s limit")
            thread.join(timeout=max(deadline.remaining(), 0.001))
            if errors:
                raise errors[0]
            if thread.is_alive():
                raise GenerationTimeout(f"generation exceeded the {deadline.timeout_s:g} s limit")
            return Attempt(prompt_tokens=prompt_tokens, completion_tokens=counts.get("completion"))
        finally:
            if not released:
                self._generate_lock.release()
