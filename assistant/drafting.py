"""The drafting pipeline: analyse -> retrieve -> compose -> verify -> ``Draft``.

The one way through for every door (CLI, API, evaluation). It holds no model code of its own: the
analyser, retriever, generators and verifier are handed in by the container.

Confidence (documented here because agents read it at a glance):

    retrieval = min(1, best public passage score / 0.6)         how well the sources match the message
    support   = verification.supported_ratio                     share of reply sentences backed by sources
    base      = 0.4 * retrieval + 0.6 * support
    minus 0.15 per unsupported claim / promise / bad citation / internal-content flag (at most 0.6),
    minus 0.1 for a prompt-injection attempt, minus 0.05 for a generator fallback,
    capped at 0.35 when the draft needs the agent's input; clamped to [0, 1].

A draft under 0.4 also carries a ``low_confidence`` flag.

Evidence: the draft asks for the agent's input (``needs_agent_input``) when the best public passage scores
under ``settings.drafting.min_evidence_score`` (+0.08 when that passage is tagged with the message's topic:
customers name problems in their own words), when the generator reports ``missing`` information (no
sentence answers the question; the order number must be asked for), except for a thank-you note that asks
nothing. Retrieval searches all audiences: internal hits become ``agent_notes`` and are never passages.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Sequence

from assistant.analysis import MessageAnalyser, asks_for_something
from assistant.protocols import DraftVerifier, Generator, Retriever
from assistant.settings import Settings
from assistant.grounding.citations import cited_markers
from assistant.grounding.sentences import split_sentences
from assistant.verification import unique_flags
from assistant.types import Adjustment, AgentNote, Analysis, Citation, Draft, DraftJob, Flag, Generation, Passage, Ticket
from knowledge_base.types import Filters, ScoredChunk

_SERIOUS = {"unsupported_claim", "unsupported_promise", "bad_citation", "internal_content"}
LOW_CONFIDENCE = 0.4
MAX_INTERNAL_NOTES = 3
# Words added to the retrieval query for a confidently detected topic: customers describe a problem in
# their own words ("a torn seam"), policies name its category ("damaged items").
TOPIC_HINTS = {
    "lost_damaged": "damaged, defective, wrong or missing item",
    "returns": "returning an item",
    "refunds": "refund timing",
    "exchanges": "exchange for a different size or colour",
    "shipping": "shipping and delivery",
    "order_changes": "change or cancel an order",
    "billing": "charges and billing",
    "payments": "payment methods",
    "price_adjustment": "price adjustment",
    "warranty": "warranty claim",
    "account_security": "account security",
    "privacy": "privacy and personal data",
    "loyalty": "rewards points",
    "international": "international orders",
    "membership": "membership",
}
# Document tags that mark a policy area; hits tagged with the message's topic are preferred when ranking
# passages (their reported score is unchanged, so thresholds still mean the same).
TOPIC_TAGS = {
    "returns": {"returns"}, "refunds": {"refunds"}, "exchanges": {"exchanges"},
    "shipping": {"shipping", "tracking", "delivery"}, "lost_damaged": {"damaged", "defective", "wrong-item", "lost-parcel"},
    "order_changes": {"order-changes", "cancellation"}, "billing": {"billing", "invoices"},
    "payments": {"payments", "failed-payment"}, "price_adjustment": {"price-adjustment"},
    "promotions_gift_cards": {"promotions", "promo-codes", "gift-cards", "discounts"},
    "membership": {"membership", "northwind-plus"}, "warranty": {"warranty"}, "product_care": {"product-care"},
    "sizing": {"sizing"}, "account_security": {"security", "password", "2fa", "fraud"},
    "privacy": {"privacy", "gdpr", "data-deletion"}, "loyalty": {"loyalty", "rewards", "points"},
    "international": {"international", "customs"}, "accessibility": {"accessibility"},
}
TOPIC_BOOST = 0.08
_VENTING_CLAUSE = re.compile(
    r",?\s*\b(?:and|but|so)?\s*(?:i'?m|i am|i feel|i'?ve been)\s+(?:so |really |very |absolutely |extremely |getting |quite )*"
    r"(?:furious|angry|livid|upset|frustrated|annoyed|disappointed|worried|confused|fed up|gutted)(?=\s*[.!?]|\s*$)",
    re.I,
)
_CONTENT = re.compile(r"[a-z]{4,}", re.I)
_EMOTION_WORDS = re.compile(
    r"\b(?:unacceptable|ridiculous|outrageous|terrible|awful|horrible|disgusting|pathetic|useless|joke|seriously|"
    r"furious|angry|frustrating|frustrated|annoying|disappointed|disappointing|worried|upset|never again|this|that|"
    r"really|absolutely|just|completely|totally|now|again|please|thanks|thank|help)\b",
    re.I,
)


def _is_venting(sentence: str) -> bool:
    """A short sentence with no content beyond emotion words ("This is unacceptable!", "Fix this now.")."""
    if "?" in sentence:
        return False
    rest = _EMOTION_WORDS.sub(" ", sentence)
    return len(_CONTENT.findall(rest)) <= 1
ALL_AUDIENCES = Filters(audience=frozenset({"public", "internal"}))


class Drafter:
    def __init__(
        self,
        analyser: MessageAnalyser,
        retriever: Retriever,
        generator_for: Callable[[str], Generator],
        verifier: DraftVerifier,
        settings: Settings,
        index_version: Callable[[], str | None] = lambda: None,
    ) -> None:
        self.analyser = analyser
        self.retriever = retriever
        self.generator_for = generator_for
        self.verifier = verifier
        self.settings = settings
        self.index_version = index_version

    # -- public API -----------------------------------------------------------------------------------
    def draft(
        self, ticket: Ticket, *, backend: str | None = None, adjustment: Adjustment | None = None, guidance: str | None = None
    ) -> Draft:
        run = _Run(self, ticket, backend, adjustment, guidance)
        run.prepare()
        generation = run.compose()
        return run.finish(generation)

    def stream(
        self, ticket: Ticket, *, backend: str | None = None, adjustment: Adjustment | None = None, guidance: str | None = None
    ) -> Iterator[str | Draft]:
        """Text pieces as the generator produces them, then the final verified ``Draft``."""
        run = _Run(self, ticket, backend, adjustment, guidance)
        run.prepare()
        pieces: list[str] = []
        start = time.perf_counter()
        stream = run.generator.stream(run.job)
        while True:
            try:
                piece = next(stream)
            except StopIteration as stop:
                # LLM backends return their final Generation from the stream: after a mid-reply failure it
                # holds the composer's text and the fallback reason, which must win over the partial pieces.
                returned = stop.value if isinstance(stop.value, Generation) else None
                break
            pieces.append(piece)
            yield piece
        generation = returned or run.after_stream("".join(pieces), start)
        if returned is not None:
            run.timings["compose"] = _ms(start)
        yield run.finish(generation)

    def draft_from_passages(self, ticket: Ticket, passages: list[Passage], *, backend: str | None = None) -> Draft:
        """Draft over given passages, skipping retrieval (external datasets bring their own passages)."""
        run = _Run(self, ticket, backend, None, None)
        run.prepare(passages=passages)
        return run.finish(run.compose())

    # -- helpers used by _Run ---------------------------------------------------------------------------
    def retrieval_query(self, ticket: Ticket, analysis: Analysis) -> str:
        """The message plus the customer's most recent earlier turns (they often carry the order or the item).

        Sentences that try to instruct the assistant are left out of the query so they cannot steer retrieval.
        """
        sentences = split_sentences(ticket.message)
        kept = [s for s in sentences if not (analysis.injection and self.analyser.is_injection(s))]
        # Pure venting ("This is unacceptable!") and "I'm furious" clauses carry no policy meaning and dilute
        # the query's embedding; the analysis keeps the emotion.
        factual = [_VENTING_CLAUSE.sub("", s) for s in kept if not _is_venting(s)]
        message = " ".join(x for x in factual if x.strip()) or " ".join(kept) or ticket.message
        if analysis.topic in TOPIC_HINTS and analysis.topic_confidence >= 0.3:
            message = f"{message} ({TOPIC_HINTS[analysis.topic]})"
        turns = [t.text for t in ticket.history if t.role == "customer"][-self.settings.drafting.history_turns :] \
            if self.settings.drafting.history_turns else []
        return " ".join([message, *reversed(turns)])[:2000]


class _Run:
    """State of one draft as it moves through the stages (keeps ``draft`` and ``stream`` identical)."""

    def __init__(self, drafter: Drafter, ticket: Ticket, backend: str | None, adjustment, guidance) -> None:  # noqa: ANN001
        self.d = drafter
        self.ticket = ticket
        self.backend = backend or drafter.settings.generator.backend
        self.adjustment = adjustment
        self.guidance = guidance
        self.timings: dict[str, float] = {}
        self.t0 = time.perf_counter()
        self.best_score = 0.0
        self.notes: list[AgentNote] = []
        self._tags: dict[str, set[str]] = {}

    def prepare(self, passages: list[Passage] | None = None) -> None:
        t = time.perf_counter()
        self.analysis = self.d.analyser.analyse(self.ticket.message, self.ticket.history)
        self.timings["analyse"] = _ms(t)
        self.generator = self.d.generator_for(self.backend)  # unknown backend fails before any work
        t = time.perf_counter()
        if passages is None:
            settings = self.d.settings
            hits = self.d.retriever.retrieve(
                self.d.retrieval_query(self.ticket, self.analysis), k=2 * settings.retrieval.k + MAX_INTERNAL_NOTES,
                filters=ALL_AUDIENCES,
            )
            self._tags = {h.chunk.chunk_id: set(h.chunk.tags) for h in hits}
            public, internal = _split_hits(_prefer_topic(hits, self.analysis.topic), settings.retrieval.k)
            self.best_score = max((h.score for h in public), default=0.0)
            evidence_ok = bool(public) and self.evidence(public) >= settings.drafting.min_evidence_score
        else:
            public = [p for p in passages if p.audience == "public"]
            internal = [p for p in passages if p.audience == "internal"]
            self.best_score = max((p.score for p in public), default=0.0) if any(p.score for p in public) else (
                1.0 if public else 0.0)
            evidence_ok = bool(public)
        self.timings["retrieve"] = _ms(t)
        self.notes = [AgentNote(doc_id=p.doc_id, chunk_id=p.chunk_id, title=p.title, text=p.text) for p in internal]
        self.job = DraftJob(
            ticket=self.ticket, analysis=self.analysis, passages=public, internal_notes=internal,
            evidence_ok=evidence_ok, adjustment=self.adjustment, guidance=self.guidance,
        )

    def evidence(self, public: list[Passage]) -> float:
        """Best passage score, plus ``TOPIC_BOOST`` when the best passage belongs to the message's policy area
        (customers describe problems in their own words: "a torn seam" is about the damaged-items policy)."""
        tags = TOPIC_TAGS.get(self.analysis.topic, set())
        best = max(public, key=lambda p: p.score)
        bonus = TOPIC_BOOST if self.analysis.topic_confidence >= 0.3 and tags & self._tags.get(best.chunk_id, set()) else 0.0
        return best.score + bonus

    def compose(self) -> Generation:
        t = time.perf_counter()
        generation = self.generator.generate(self.job)
        self.timings["compose"] = _ms(t)
        return generation

    def after_stream(self, text: str, start: float) -> Generation:
        self.timings["compose"] = _ms(start)
        # LLM backends keep the Generation of their last run (token counts, fallback reason); the composer is
        # deterministic and cached, so asking it again for ``missing`` costs little.
        last = getattr(self.generator, "last_generation", None)
        if isinstance(last, Generation):
            return last.model_copy(update={"text": text})
        missing = self.generator.generate(self.job).missing if self.generator.name == "composer" else None
        return Generation(
            text=text, model_id=self.generator.model_id, missing=missing,
            prompt_version=getattr(self.generator, "prompt_version", None),
        )

    def finish(self, generation: Generation) -> Draft:
        t = time.perf_counter()
        citations = citations_for(generation.text, self.job.passages)
        result = self.d.verifier.verify(generation.text, self.job, citations)
        self.timings["verify"] = _ms(t)
        text = result.text
        flags = list(result.flags)
        flags += self._own_flags(generation)
        confidence = confidence_score(self.best_score, result.supported_ratio, flags)
        if confidence < LOW_CONFIDENCE and not any(f.type == "low_confidence" for f in flags):
            flags.append(Flag(type="low_confidence", message=f"Confidence {confidence:.2f}: review the draft carefully."))
        self.timings["total"] = _ms(self.t0)
        return Draft(
            text=text,
            citations=citations_for(text, self.job.passages),
            confidence=confidence,
            flags=unique_flags(flags),
            analysis=self.analysis,
            backend=self.backend,
            model_id=generation.model_id,
            index_version=self.d.index_version(),
            prompt_version=generation.prompt_version,
            timings_ms={k: round(v, 2) for k, v in self.timings.items()},
            agent_notes=self.notes,
        )

    def _own_flags(self, generation: Generation) -> list[Flag]:
        flags: list[Flag] = []
        weak = not self.job.evidence_ok and (self.analysis.emotion != "gratitude" or asks_for_something(self.ticket.message))
        if weak or generation.missing:
            what = generation.missing or "the knowledge base has no passage that answers this"
            if weak:
                what = (f"no source matches the question well enough (best score {self.best_score:.2f} < "
                        f"{self.d.settings.drafting.min_evidence_score:.2f})") + (
                    f"; {generation.missing}" if generation.missing else "")
            flags.append(Flag(type="needs_agent_input", message=f"Check before sending: {what}."))
        if self.analysis.injection:
            flags.append(Flag(type="prompt_injection",
                              message="The message tries to instruct the assistant; the draft ignores those instructions."))
        if generation.fallback_reason:
            flags.append(Flag(type="generator_fallback",
                              message=f"The {self.backend} backend failed ({generation.fallback_reason}); the composer's draft is shown."))
        return flags


def citations_for(text: str, passages: Sequence[Passage]) -> list[Citation]:
    """One citation per [n] marker used in the text that points to a passage, in order of first use."""
    by_marker = {p.marker: p for p in passages}
    out: list[Citation] = []
    seen: set[int] = set()
    for n in cited_markers(text):
        if n in seen or n not in by_marker:
            continue
        seen.add(n)
        p = by_marker[n]
        out.append(Citation(marker=n, doc_id=p.doc_id, chunk_id=p.chunk_id, title=p.title, url=p.url, passage=p.text,
                            section=p.section, effective_date=p.effective_date))
    return out


def confidence_score(best_score: float, supported_ratio: float, flags: Sequence[Flag]) -> float:
    """See the module docstring."""
    retrieval = min(1.0, max(0.0, best_score) / 0.6)
    value = 0.4 * retrieval + 0.6 * max(0.0, min(1.0, supported_ratio))
    value -= min(0.6, 0.15 * sum(1 for f in flags if f.type in _SERIOUS))
    types = {f.type for f in flags}
    if "prompt_injection" in types:
        value -= 0.1
    if "generator_fallback" in types:
        value -= 0.05
    if "needs_agent_input" in types:
        value = min(value, 0.35)
    return round(max(0.0, min(1.0, value)), 3)


def _prefer_topic(hits: Sequence[ScoredChunk], topic: str) -> list[ScoredChunk]:
    tags = TOPIC_TAGS.get(topic)
    if not tags:
        return list(hits)
    return sorted(hits, key=lambda h: -(h.score + (TOPIC_BOOST if tags & set(h.chunk.tags) else 0.0)))


def _split_hits(hits: Sequence[ScoredChunk], k: int) -> tuple[list[Passage], list[Passage]]:
    public: list[Passage] = []
    internal: list[Passage] = []
    for hit in hits:
        c = hit.chunk
        target = internal if c.audience == "internal" else public
        limit = MAX_INTERNAL_NOTES if c.audience == "internal" else k
        if len(target) >= limit:
            continue
        target.append(Passage(
            marker=len(target) + 1, doc_id=c.doc_id, chunk_id=c.chunk_id, title=c.title, section=c.section,
            url=c.url, effective_date=c.effective_date, text=c.text, score=float(hit.score), audience=c.audience,
        ))
    return public, internal



def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000.0
