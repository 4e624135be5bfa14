"""The one wiring place: turns ``Settings`` into objects. Nothing else constructs adapters from settings.

Every part is built lazily on first use and then reused, so a CLI command pays only for what it touches
and the API process loads each model once.
"""

from __future__ import annotations

import threading
from functools import cached_property
from typing import TYPE_CHECKING, Literal

import numpy as np

from assistant.settings import BACKENDS, NEW_INDEX_BACKEND, Settings

if TYPE_CHECKING:
    from assistant.analysis import MessageAnalyser
    from assistant.drafting import Drafter
    from assistant.protocols import Embedder, Generator, Retriever
    from assistant.topic_hints import TopicHints
    from assistant.types import Passage
    from assistant.verification import Verifier
    from knowledge_base.live import LiveIndex


class Container:
    def __init__(
        self,
        settings: Settings | None = None,
        *,
        embedder: Embedder | None = None,
        generators: dict[str, Generator] | None = None,
    ) -> None:
        self.settings = settings or Settings()
        self._embedder = embedder  # tests inject fakes here
        self._generators: dict[str, Generator] = dict(generators or {})
        self._lock = threading.Lock()
        self._hints: dict[str, TopicHints] = {}
        self._labels: dict[str, np.ndarray] = {}
        self._withheld: dict[str, list[str]] = {}
        self._has_notes: dict[str, bool] = {}
        self._rule_documents: dict[str, list[Passage]] = {}
        self._public_documents: dict[str, list[Passage]] = {}

    @cached_property
    def embedder(self) -> Embedder:
        if self._embedder is not None:
            return self._embedder
        from models.embedders import build_embedder

        return build_embedder(self.settings.embedder, self.settings.data_dir, backend=self.embedder_backend())

    @cached_property
    def sentence_embedder(self) -> Embedder:
        """The embedder with a memory of the sentences it embedded, for the composer and the draft's confidence.

        Confidence embeds the sentences a draft cites; they are the documentation's own, which the composer
        embedded when it chose them (at warm-up for every public passage), so confidence finds them remembered.
        """
        from models.query_cache import CachedDocumentEmbedder

        return CachedDocumentEmbedder(self.embedder, size=8192)

    def embedder_backend(self) -> str:
        """The configured embedder backend, with 'auto' resolved: the backend the live index was embedded with
        (an index built before ONNX became the default keeps working on torch), else the default for a new one."""
        configured = self.settings.embedder.backend
        if configured != "auto":
            return configured
        from knowledge_base import storage
        from knowledge_base.errors import KnowledgeBaseError

        try:
            version = storage.read_live(self.settings.index_dir)
            if version is not None:
                return str(storage.read_manifest(self.settings.index_dir, version)["embedder"].get("backend", "torch"))
        except (KnowledgeBaseError, OSError, KeyError, ValueError):
            pass  # a damaged index: opening it reports the damage; embed with the default meanwhile
        return NEW_INDEX_BACKEND

    @cached_property
    def live_index(self) -> LiveIndex:
        from knowledge_base.live import LiveIndex

        return LiveIndex(self.settings.index_dir, self.embedder)

    def ensure_index(self) -> None:
        """Build the default index from the bundled sample when none has been published yet."""
        from knowledge_base import storage

        if storage.read_live(self.settings.index_dir) is not None:
            return  # the usual case, decided without importing the sync pipeline (a CLI draft's start-up)
        from knowledge_base.sync import ensure_index

        ensure_index(self.settings.index_dir, self.embedder, self.settings.kb)

    def warm_up(self, max_chunks: int = 2000) -> int:
        """Encode the live index's public chunks for the composer and the verifier ahead of the first drafts.

        A server calls this once after start-up (in the background): without it the first draft that
        retrieves a passage pays for embedding its sentences. Returns the number of chunks warmed.
        """
        from assistant.types import Passage

        snapshot = self.live_index.snapshot()
        rows = [i for i in range(min(snapshot.size, max_chunks * 2)) if snapshot.audience[i] == "public"][:max_chunks]
        chunks = snapshot.chunks(rows)
        passages = [
            Passage(marker=i + 1, doc_id=c.doc_id, chunk_id=c.chunk_id, title=c.title, section=c.section, url=c.url, text=c.text)
            for i, c in enumerate(chunks)
        ]
        composer = self.generator("composer")
        if hasattr(composer, "warm_up"):
            composer.warm_up(passages)
        self.verifier.scorer.warm([p.text for p in passages])
        from assistant.places import warm_up as load_gazetteer

        load_gazetteer()  # the first message naming a city would otherwise wait for the gazetteer to load
        from assistant.language import warm_up as load_language_tools

        load_language_tools()  # the first message that is not plainly English would wait for the identifier
        return len(passages)

    @cached_property
    def retriever(self) -> Retriever:
        from knowledge_base.retriever import HybridRetriever

        return HybridRetriever(self.live_index, self.embedder, self.settings.retrieval)

    @cached_property
    def analyser(self) -> MessageAnalyser:
        from assistant.analysis import MessageAnalyser

        return MessageAnalyser()

    @cached_property
    def verifier(self) -> Verifier:
        from assistant.verification import Verifier

        return Verifier(self.embedder)

    def generator(self, name: str) -> Generator:
        """The drafting backend called ``name``, built once."""
        if name not in BACKENDS and name not in self._generators:
            raise ValueError(f"unknown backend {name!r}; choose one of {', '.join(BACKENDS)}")
        with self._lock:
            if name not in self._generators:
                self._generators[name] = self._build_generator(name)
            return self._generators[name]

    def _build_generator(self, name: str) -> Generator:
        from models.generators.composer import ComposerGenerator

        composer = self._generators.get("composer") or ComposerGenerator(self.sentence_embedder)
        if name == "composer":
            return composer
        if name == "llamacpp":
            from models.generators.llamacpp_generator import LlamaCppGenerator

            return LlamaCppGenerator(self.settings.generator, fallback=composer)
        if name == "transformers":
            from models.generators.transformers_generator import TransformersGenerator

            return TransformersGenerator(self.settings.generator, fallback=composer)
        from models.generators.openai_generator import OpenAIGenerator

        return OpenAIGenerator(self.settings.generator, fallback=composer)

    @cached_property
    def drafter(self) -> Drafter:
        from assistant.drafting import Drafter

        return Drafter(
            analyser=self.analyser,
            retriever=self.retriever,
            generator_for=self.generator,
            verifier=self.verifier,
            settings=self.settings,
            index_version=lambda: self.live_index.version,
            embedder=self.sentence_embedder,
            topic_hints=self.topic_hints,
            relatedness=self.relatedness, withheld_names=self.withheld_names, has_notes=self.has_notes,
            rule_documents=self.rule_documents, public_documents=self.public_documents,
        )

    def has_notes(self) -> bool:
        """Whether the index holds any internal note (read once per index version): without one, a draft does not
        look notes up on their own."""
        from knowledge_base.errors import KnowledgeBaseError

        try:
            snapshot = self.live_index.snapshot()
        except KnowledgeBaseError:
            return False
        with self._lock:
            known = self._has_notes.get(snapshot.version)
        if known is None:
            known = bool(snapshot.document_labels("internal"))
            with self._lock:
                self._has_notes = {snapshot.version: known}
        return known

    def withheld_names(self) -> list[str]:
        """What the internal notes tell agents never to name to a customer, read once per index version: "internal
        teams" as a whole, or names ("do not mention Loss Prevention"). See ``assistant.escalation.forbidden_names``."""
        from assistant.escalation import forbidden_names
        from knowledge_base.errors import KnowledgeBaseError

        try:
            snapshot = self.live_index.snapshot()
        except KnowledgeBaseError:
            return []
        with self._lock:
            cached = self._withheld.get(snapshot.version)
        if cached is None:
            cached = forbidden_names(snapshot.texts("internal"))
            with self._lock:
                self._withheld = {snapshot.version: cached}
        return cached

    def rule_documents(self) -> list[Passage]:
        """Every internal document whole, its chunks joined again (read once per index version): a hand-over table
        that chunking split is read as one table, its header first (``assistant.escalation``)."""
        return self._whole_documents("internal", self._rule_documents)

    def public_documents(self) -> list[Passage]:
        """Every published document whole (read once per index version): a price table in a section that retrieval
        passed over beside its subsection (``assistant.price_choice``)."""
        return self._whole_documents("public", self._public_documents)

    def _whole_documents(self, audience: Literal["public", "internal"],
                         cache: dict[str, list[Passage]]) -> list[Passage]:
        from knowledge_base.errors import KnowledgeBaseError

        try:
            snapshot = self.live_index.snapshot()
        except KnowledgeBaseError:
            return []
        with self._lock:
            cached = cache.get(snapshot.version)
        if cached is None:
            from assistant.types import Passage

            cached = [Passage(marker=0, doc_id=doc_id, chunk_id=f"{doc_id}#whole", title=title, text=text,
                              audience=audience) for doc_id, title, text in snapshot.documents(audience) if text]
            with self._lock:
                cache.clear()
                cache[snapshot.version] = cached
        return cached

    def relatedness(self, text: str) -> float | None:
        """How close ``text`` comes to what the published documentation is about: the best cosine between it and
        the documents' "title: section" labels (embedded once per index version). None with no index.

        Retrieval scores say whether a passage answers; this says whether the subject is the company's at all,
        in words the documents need not share ("my internet is down" against "Outages and faults")."""
        from knowledge_base.errors import KnowledgeBaseError

        try:
            snapshot = self.live_index.snapshot()
        except KnowledgeBaseError:
            return None
        with self._lock:
            vectors = self._labels.get(snapshot.version)
        if vectors is None:
            labels = list(dict.fromkeys(
                f"{title}: {section}" if section else title
                for audience in ("public", "internal")
                for _, title, _, sections in snapshot.document_labels(audience)
                for section in (*sections, "") if title or section))
            vectors = self.embedder.embed_documents(labels) if labels else np.zeros((0, self.embedder.dimension), np.float32)
            with self._lock:
                self._labels = {snapshot.version: vectors}
        if not len(vectors):
            return None
        return float(np.max(vectors @ self.embedder.embed_query(text)))

    def topic_hints(self) -> TopicHints | None:
        """The published index's topic words (``assistant.topic_hints``), derived once per index version."""
        from assistant.topic_hints import DocLabel, derive
        from knowledge_base.errors import KnowledgeBaseError

        try:
            snapshot = self.live_index.snapshot()
        except KnowledgeBaseError:  # no index yet: drafting reports that itself; hints are only a refinement
            return None
        with self._lock:
            cached = self._hints.get(snapshot.version)
        if cached is None:
            labels = [DocLabel(doc_id=d, title=t, tags=tags, sections=sections)
                      for d, t, tags, sections in snapshot.document_labels()]
            cached = derive(labels, self.analyser.names_topic, self.analyser.topics())
            with self._lock:
                self._hints = {snapshot.version: cached}
        return cached
