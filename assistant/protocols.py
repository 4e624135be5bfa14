"""The seams of the system. Every implementation passes one shared contract test class (``tests/contracts.py``)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

from assistant.types import Derived, DraftJob, Generation
from knowledge_base.types import Filters, ScoredChunk

if TYPE_CHECKING:
    from assistant.grounding.support import SupportDetail
    from assistant.types import Citation
    from assistant.verification import VerificationResult


@runtime_checkable
class Embedder(Protocol):
    @property
    def model_id(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    @property
    def max_tokens(self) -> int: ...

    def embed_documents(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """(n, dimension) float32, each row L2-normalised."""
        ...

    def embed_query(self, text: str) -> NDArray[np.float32]:
        """(dimension,) float32, L2-normalised."""
        ...

    def count_tokens(self, text: str) -> int:
        """Tokens the model's own tokenizer makes of ``text`` (special tokens included)."""
        ...


@runtime_checkable
class TokenModel(Protocol):
    """A sentence-transformers model: ``encode(..., output_value=None)`` gives each text's token embeddings."""

    @property
    def tokenizer(self) -> Any: ...

    def encode(self, sentences: Any, *args: Any, **kwargs: Any) -> Any: ...


@runtime_checkable
class LayeredTokenModel(Protocol):
    """A token model that can stop after its first transformer layers, cut by itself rather than by the scorer's
    torch surgery (the OpenVINO one: a graph cut after a layer, see ``models.openvino_embedder``)."""

    def first_layers(self, layers: int) -> TokenModel | None:
        """The model's first ``layers`` layers as a ``TokenModel``, or None when it cannot stop there."""
        ...


@runtime_checkable
class TokenEncoder(Protocol):
    """An embedder that also exposes its contextual token embeddings (the support scorer's token precision).

    The hashing fake has no tokens: it is an ``Embedder`` only, and the scorer falls back to sentence vectors.
    """

    @property
    def model(self) -> TokenModel: ...


@runtime_checkable
class Retriever(Protocol):
    def retrieve(self, query: str, *, k: int, filters: Filters | None = None) -> list[ScoredChunk]: ...


@runtime_checkable
class Generator(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def model_id(self) -> str: ...

    @property
    def prompt_version(self) -> str | None:
        """The version of the prompt files the backend writes with; None for a backend without prompts."""
        ...

    @property
    def last_generation(self) -> Generation | None:
        """The Generation of the backend's last run (LLM backends keep token counts and the fallback reason, so a
        streamed draft can report them); None when the backend keeps none."""
        ...

    def generate(self, job: DraftJob) -> Generation: ...

    def stream(self, job: DraftJob) -> Iterator[str]:
        """Text pieces as they are produced; the composer yields sentences."""
        ...


@runtime_checkable
class SentenceSupport(Protocol):
    """How well passages back a sentence, in [0, 1] (``assistant.grounding.support.SupportScorer``)."""

    @property
    def uses_token_embeddings(self) -> bool: ...

    def score(self, sentence: str, passages: Sequence[str]) -> float: ...

    def score_sentences(self, sentences: Sequence[str], passages: Sequence[str]) -> list[float]: ...

    def details(self, sentences: Sequence[str], passages: Sequence[str], *,
                context: Sequence[str] = ()) -> list[SupportDetail]:
        """Per sentence, the score and what it was computed from (``context`` backs facts, is not embedded)."""
        ...

    def warm(self, passages: Sequence[str]) -> int:
        """Encode passages ahead of use; returns how many sentences were encoded."""
        ...

    def prepare(self, sentences: Sequence[str], passages: Sequence[str] = ()) -> int:
        """Encode sentences about to be scored (and passages) in few batched calls; returns texts encoded."""
        ...


@runtime_checkable
class DraftVerifier(Protocol):
    """Checks a draft against its job's sources before an agent sees it (``assistant.verification.Verifier``)."""

    @property
    def scorer(self) -> SentenceSupport:
        """The support scorer it judges sentences with (the evaluation shares it, and its cache)."""
        ...

    @property
    def threshold(self) -> float:
        """The support score from which a factual sentence counts as supported."""
        ...

    def verify(self, text: str, job: DraftJob, citations: Sequence[Citation] = (),
               derived: Sequence[Derived] = ()) -> VerificationResult:
        """``derived``: sentences the generator said from a staff procedure among the job's internal notes."""
        ...
