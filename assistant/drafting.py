"""The drafting pipeline: analyse -> retrieve -> compose -> verify -> ``Draft``.

The one way through for every door (CLI, API, evaluation). It holds no model code of its own: the
analyser, retriever, generators and verifier are handed in by the container.

Confidence (``assistant.confidence``): a small logistic model, fitted on drafts a team lead judged, over what
decides whether an agent sends the draft unchanged: behaviour and its certainty, asks answered by cited
answer-bearing sentences, how closely the best cited sentence matches each ask, sentence support, the customer's
dates applied or not, flags. A draft under the model's threshold (chosen at fitting: drafts scored under it
were almost never sent unchanged) also carries a ``low_confidence`` flag.

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
from dataclasses import dataclass

import numpy as np

from assistant.analysis import MessageAnalyser, asks_for_something
from assistant.asks import pronoun_subject, split_message
from assistant.behaviour import EMERGENCY_STEP, danger_sentences, decide
from assistant.acknowledgement_match import acknowledgement_match
from assistant.confidence import (Signals, confidence_score, features, low_confidence_message,
                                  low_confidence_threshold)
from assistant.copy_residue import copy_residue, cited_sentences
from assistant.customer_facts import AFTER_HEADING, consequence, elapsed_events, member_windows, member_words, today
from assistant.email_thread import own_words
from assistant.gloss import english_gist
from assistant.language import detect_language, language_name
from assistant.llm_guard import guard_generation, injection_flag
from assistant.issue import describe_issue, topic_words
from assistant.personalisation import item_names, order_in_question, without_names, without_references
from assistant.places import place_context
from assistant.procedure import is_procedural
from assistant.protocols import DraftVerifier, Embedder, Generator, Retriever
from assistant.safety import guards
from assistant.share_limits import may_propose, share_consequence
from assistant.stay_prices import dates_seasons, headed, season_columns, stay_of
from assistant.charges import asks_cost
from assistant.settings import Settings
from assistant.topic_hints import TopicHints
from assistant.idioms import plain_idioms
from assistant.grounding.citations import cited_markers
from assistant.grounding.kinds import strip_markers
from assistant.grounding.ranges import days_named
from assistant.grounding.sentences import split_sentences
from assistant.grounding.windows import windows_in
from assistant.verification import unique_flags
from assistant.types import Adjustment, AgentNote, Analysis, Citation, Draft, DraftJob, Flag, Generation, Passage, Ticket
from knowledge_base.types import Filters, ScoredChunk

# staff procedure rather than customer policy: buttons and instructions to the agent
_PROCEDURE = re.compile(r"\[[A-Z][\w ]+\]|\b(?:ask the customer|the customer (?:will|should|may)|click|select the|"
                        r"enter (?:the|their|this)|in the (?:system|tool|dashboard))\b", re.I)
MAX_INTERNAL_NOTES = 3
PROCEDURE_MIN_SCORE = 0.3  # a staff procedure matching less than this is not the one the message needs
MAX_PROCEDURE_CHUNKS = 40  # steps of one procedure read back in full
MAX_ASK_QUERIES = 3  # asks the confidence's ask match reads
ASK_RETRIEVALS = 5  # asks retrieved on their own (the composer answers at most five: composer.MAX_ASKS)
ASK_EXTRA = 1  # passages each ask may add to the message's own
DANGER_EXTRA = 1  # public passages looked up for the danger a message reports beside another question
MAX_MEANING_SENTENCES = 12  # message sentences matched to the notes' hand-over rows by meaning
MEMBER_QUERIES = 2  # general windows looked up again with the customer's membership name
SHARE_SECTIONS = 8  # sections of the retrieved documents searched for a rule limiting an amount the customer proposes
AFTER_WINDOW_PASSAGES = 3  # the best passages whose closed windows send for their document's section on the time after
PRODUCT_TOPICS = frozenset({"sizing", "product_care", "warranty"})  # asks about an item itself, named by its name
STAY_SECTIONS = 8  # passages looked through for a stay's table of seasonal prices, and for when its seasons run
SIBLING_DOCS = 2  # documents of the best passages searched again for each ask
SIBLING_EXTRA = 1  # sections of those documents each ask may add
TOPIC_BOOST = 0.08
SENTENCE_QUERIES = 4  # sentences of a weakly matched message searched on their own
SENTENCE_MIN_WORDS = 6  # a shorter sentence ("Is that possible?") names too little to search
FOREIGN_EVIDENCE_DISCOUNT = 0.1
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


# how the note on a message in another language begins (it is sorted first among the flags)
_LANGUAGE_NOTE = "The customer wrote in"

class Drafter:
    def __init__(
        self,
        analyser: MessageAnalyser,
        retriever: Retriever,
        generator_for: Callable[[str], Generator],
        verifier: DraftVerifier,
        settings: Settings,
        index_version: Callable[[], str | None] = lambda: None,
        embedder: Embedder | None = None,
        topic_hints: Callable[[], TopicHints | None] = lambda: None,
        relatedness: Callable[[str], float | None] = lambda text: None,
        withheld_names: Callable[[], list[str]] = list,
        has_notes: Callable[[], bool] = lambda: True,
        rule_documents: Callable[[], list[Passage]] = list,
        public_documents: Callable[[], list[Passage]] = list,
    ) -> None:
        self.analyser = analyser
        self.retriever = retriever
        self.generator_for = generator_for
        self.verifier = verifier
        self.settings = settings
        self.index_version = index_version
        self.embedder = embedder  # measures how closely the cited sentences match each ask (confidence)
        self.topic_hints = topic_hints
        self.relatedness = relatedness  # how close a message comes to the documentation's subjects (decline)
        self.withheld_names = withheld_names  # what the internal notes say never to name to a customer (hand-over)
        self.has_notes = has_notes  # whether any internal note is indexed at all
        self.rule_documents = rule_documents  # the internal notes whole (their hand-over tables, for the behaviour)
        self.public_documents = public_documents  # the published documents whole (a price table beside a passage)

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
        message = without_references(message)
        if analysis.language not in ("en", "und"):
            # the embedder reads English: the message's English gist finds the document its own words cannot
            knows = getattr(self.retriever, "knows", None)
            message = f"{english_gist(message, knows if callable(knows) else None)} {message}".strip()
        areas = self.place_areas(message)
        if areas:  # "shipping to Toronto" is answered by the document on shipping to Canada
            message = f"{message} ({areas})"
        if analysis.topic != "other" and analysis.topic_confidence >= 0.3:
            # the policy area's name: customers describe a problem in their own words ("a torn seam"), policies
            # name its category ("damaged items")
            message = f"{message} ({topic_words(analysis.topic, message)})"
        turns = [t.text for t in ticket.history if t.role == "customer"][-self.settings.drafting.history_turns :] \
            if self.settings.drafting.history_turns else []
        return " ".join([message, *reversed(turns)])[:2000]


    def place_areas(self, text: str) -> str:
        """The countries or regions of the places the text names that the indexed documents do not name themselves
        (``assistant.places``); empty when it names none."""
        knows = getattr(self.retriever, "knows", None)
        return place_context(text, knows if callable(knows) else None)


class _Run:
    """State of one draft as it moves through the stages (keeps ``draft`` and ``stream`` identical)."""

    def __init__(self, drafter: Drafter, ticket: Ticket, backend: str | None, adjustment, guidance) -> None:  # noqa: ANN001
        self.d = drafter
        self.ticket, self.safety_flags = guards.mask_input(ticket)  # personal data never reaches prompts or storage
        own = own_words(self.ticket.message)  # not the earlier thread quoted under a reply, nor "Sent from my iPhone"
        if own != self.ticket.message:
            self.ticket = self.ticket.model_copy(update={"message": own})
        company = drafter.settings.drafting.company_name
        if company and not self.ticket.brand_voice.company_name:
            voice = self.ticket.brand_voice.model_copy(update={"company_name": company})
            self.ticket = self.ticket.model_copy(update={"brand_voice": voice})
        self.backend = backend or drafter.settings.generator.backend
        self.adjustment = adjustment
        self.guidance = guidance
        self.timings: dict[str, float] = {}
        self.t0 = time.perf_counter()
        self.best_score = 0.0
        self.notes: list[AgentNote] = []
        self._on_topic: dict[str, bool] = {}

    def prepare(self, passages: list[Passage] | None = None) -> None:
        t = time.perf_counter()
        spell = getattr(self.d.retriever, "spell", None)
        # only English is corrected: the index's words are English, so "combien" would become "combine" and
        # "retourner" "returned", and the message's English gist (assistant.gloss) would lose its words
        english = detect_language(self.ticket.message) in ("en", "und")  # (read once: correcting typos keeps it)
        if passages is None and callable(spell) and english:
            # the message read with its typos corrected towards the indexed documents' words ("retrun" -> "return"),
            # so the analysis, the asks and the acknowledgement work from what the customer meant (given passages
            # come from elsewhere: the index's words are no guide to them)
            self.ticket = self.ticket.model_copy(update={"message": spell(self.ticket.message)})
        if english:
            # "what's the damage if I cancel?" asks what cancelling costs (assistant.idioms)
            self.ticket = self.ticket.model_copy(update={"message": plain_idioms(self.ticket.message)})
        self.analysis = self.d.analyser.analyse(self.ticket.message, self.ticket.history, self.d.topic_hints())
        areas = self.d.place_areas(self.ticket.message) if passages is None else ""
        if areas:
            # the country of the city they name is evidence for the policy area too ("shipping to Toronto" is about
            # shipping to Canada), unless the problem they report decided the area ("arrived damaged")
            hints, message = self.d.topic_hints(), self.ticket.message
            plain = self.d.analyser.topic(message.lower(), self.analysis.asks, message, hints)[0]
            topic, confidence = self.d.analyser.topic(f"{message} ({areas})".lower(),
                                                      [f"{a} ({areas})" for a in self.analysis.asks], message, hints)
            if plain == self.analysis.topic and topic != plain:
                self.analysis = self.analysis.model_copy(update={"topic": topic, "topic_confidence": confidence})
        self.timings["analyse"] = _ms(t)
        self.generator = self.d.generator_for(self.backend)  # unknown backend fails before any work
        t = time.perf_counter()
        if passages is None:
            settings = self.d.settings
            hits = self.d.retriever.retrieve(
                self.d.retrieval_query(self.ticket, self.analysis), k=2 * settings.retrieval.k + MAX_INTERNAL_NOTES,
                filters=ALL_AUDIENCES,
            )
            if self.analysis.topic == "other" and hits:
                self._topic_from_documents(hits)
            public, internal = _split_hits(self._prefer_topic(hits), settings.retrieval.k)
            if len(internal) < MAX_INTERNAL_NOTES and self.d.has_notes():
                # the public documents outranked the notes: look the notes up on their own, since an escalation
                # rule ("lost parcel over $1,000", "waited more than 30 minutes") decides whether this draft may
                # answer at all (the query's vector is cached: this is one more index search, no embedding)
                notes = self.d.retriever.retrieve(self.d.retrieval_query(self.ticket, self.analysis), k=MAX_INTERNAL_NOTES,
                                                  filters=Filters(audience=frozenset({"internal"})))
                have = {p.chunk_id for p in internal}
                more = [p for p in _split_hits(notes, settings.retrieval.k)[1] if p.chunk_id not in have]
                internal = [p.model_copy(update={"marker": i}) for i, p in
                            enumerate(internal + more[:MAX_INTERNAL_NOTES - len(internal)], start=1)]
            self.best_score = max((h.score for h in public), default=0.0)
            # the embedder is English-first: a message in another language matches its document less closely
            threshold = settings.drafting.min_evidence_score - (FOREIGN_EVIDENCE_DISCOUNT if self.analysis.language
                                                                 not in ("en", "und") else 0.0)
            evidence_ok = bool(public) and self.evidence(public) >= threshold
            # (the problem's implied question is read only when the message's own words found too little)
            implied = None if evidence_ok else describe_issue(self.ticket.message).implied_question
            if implied:
                # a problem told in the customer's words ("my internet has been down since Monday") is searched
                # again as the question it implies ("what can I do when the service is down?"): policies are
                # written in those words, not the customer's
                again = self.d.retriever.retrieve(f"{implied} {self.d.retrieval_query(self.ticket, self.analysis)}",
                                                  k=2 * settings.retrieval.k + MAX_INTERNAL_NOTES, filters=ALL_AUDIENCES)
                public_again, internal_again = _split_hits(again, settings.retrieval.k)
                implied_best = max((p.score for p in public_again), default=0.0)
                if implied_best >= threshold:
                    # the passages the message found stay first; what the implied question found joins them
                    have = {p.chunk_id for p in public}
                    extra = [p for p in public_again if p.chunk_id not in have and p.score >= threshold]
                    public = public + [p.model_copy(update={"marker": len(public) + i}) for i, p in enumerate(extra, 1)]
                    internal = internal or internal_again
                    self.best_score = max(self.best_score, implied_best)
                    evidence_ok = True
            if not evidence_ok and self.analysis.language in ("en", "und"):
                # a long message dilutes the one sentence that names the case ("I don't want it repaired, it's brand new,
                # I want a new one" among when it came and what they tried): its sentences are searched on their own
                alone = self._sentence_passages(threshold)
                if alone:
                    have = {p.chunk_id for p in public}
                    extra = [p for p in alone if p.chunk_id not in have]
                    public = public + [p.model_copy(update={"marker": len(public) + i}) for i, p in enumerate(extra, 1)]
                    self.best_score = max(self.best_score, max(p.score for p in alone))
                    evidence_ok = True
            # evidence is judged on the message as a whole (above); each ask then brings the passages that
            # answer it, which a whole-message query can rank out ("how long do I have" -> the return window)
            if evidence_ok:
                public = public + self._ask_passages(public, settings.retrieval.k)
                public = public + self._members_passages(public, settings.retrieval.k)
                public = public + self._after_window_passages(public)
                public = public + self._share_passages(public)
                public = public + self._stay_passages(public)
            # a danger told beside another question ("when is my next payment? oh and there's a gas smell"): the
            # sources' emergency steps, which the whole message's query ranks below the question's answer
            public = public + self._danger_passages(public, settings.retrieval.k)
        else:
            public = [p for p in passages if p.audience == "public"]
            internal = [p for p in passages if p.audience == "internal"]
            self.best_score = max((p.score for p in public), default=0.0) if any(p.score for p in public) else (
                1.0 if public else 0.0)
            evidence_ok = bool(public)
        # staff procedure indexed as public is guidance for the agent, never quoted: it moves to the notes
        procedure = [p for p in public if is_procedural(p.text)]
        if procedure:
            public = [p.model_copy(update={"marker": i}) for i, p in
                      enumerate((p for p in public if p not in procedure), start=1)]
            internal = internal + procedure
            evidence_ok = evidence_ok and bool(public)
        if passages is None and not evidence_ok and internal:
            internal = self._whole_procedure(internal)
        self.timings["retrieve"] = _ms(t)
        public, internal, withheld = guards.screen_sources(public, internal)
        self.safety_flags += withheld
        self.notes = [AgentNote(doc_id=p.doc_id, chunk_id=p.chunk_id, title=p.title, text=p.text) for p in internal]
        parts = split_message(self.ticket.message)
        self.decision = decide(
            self.ticket, self.analysis, parts, evidence_ok=evidence_ok,
            best_score=self.best_score, internal_notes=internal, min_evidence=self.d.settings.drafting.min_evidence_score,
            passages=public, procedure=bool(internal) and internal[0].score >= PROCEDURE_MIN_SCORE and is_procedural(
                internal[0].text),
            related=lambda: self.d.relatedness(self.ticket.message), withheld=self.d.withheld_names(),
            rule_documents=self.d.rule_documents(), meaning=self._meaning,
            # what it asks, apart from what it tells ("my physio says rest it" is no request of us)
            asked_meaning=lambda texts: self._best_cosines(
                texts, [a.text for a in parts.asks if len(a.text) > 8][:MAX_MEANING_SENTENCES]),
            documents=self.d.public_documents,
            names_topic=(lambda text: self.d.analyser.names_topic(self.analysis.topic, text))
            if self.analysis.topic != "other" else None,
        )
        self.job = DraftJob(
            ticket=self.ticket, analysis=self.analysis, passages=public, internal_notes=internal,
            evidence_ok=evidence_ok, adjustment=self.adjustment, guidance=self.guidance,
            behaviour=self.decision.behaviour, behaviour_reason=self.decision.reason,
            handover_team=self.decision.team, handover_time=self.decision.when,
            handover_promises=list(self.decision.promises), handover_quiet=self.decision.quiet,
            refusal=list(self.decision.refusal.sentences) if self.decision.refusal else [],
            refusal_marker=self.decision.refusal.marker if self.decision.refusal else None,
        )

    def _meaning(self, texts: Sequence[str]) -> list[float]:
        """For each text, the best cosine between it and a sentence of the message (or the message whole)."""
        message = self.ticket.message
        sentences = [s for s in split_sentences(message) if len(s) > 8][:MAX_MEANING_SENTENCES]
        return self._best_cosines(texts, [*sentences, message[:1000]])

    def _best_cosines(self, texts: Sequence[str], said: Sequence[str]) -> list[float]:
        """For each text, the best cosine between it and one of ``said`` (one batched embedding; the texts are the
        notes' own, remembered by the embedder); 0 for each where there is no embedder or nothing said."""
        embedder = self.d.embedder
        said = list(dict.fromkeys(said))
        if embedder is None or not texts or not said:
            return [0.0] * len(texts)
        scores = embedder.embed_documents(list(texts)) @ embedder.embed_documents(said).T
        return [float(x) for x in scores.max(axis=1)]

    def _whole_procedure(self, internal: list[Passage]) -> list[Passage]:
        """The best-matching staff procedure as one note, its steps in order (retrieval returns single steps: the
        customer's next step is usually an earlier one, "ask for their account ID", than the step that matched).
        Its other retrieved steps are folded into it; the notes keep their order otherwise."""
        for best in sorted(internal, key=lambda p: -p.score):
            if best.score < PROCEDURE_MIN_SCORE:
                break
            hits = self.d.retriever.retrieve(best.title, k=MAX_PROCEDURE_CHUNKS,
                                             filters=Filters(doc_ids=frozenset({best.doc_id})))
            chunks = sorted((h.chunk for h in hits), key=lambda c: c.start)
            if chunks and is_procedural("\n".join(c.text for c in chunks)):
                break
        else:
            return internal
        if best.score < PROCEDURE_MIN_SCORE:
            return internal
        parts: list[str] = []
        for i, c in enumerate(chunks):
            heading = c.section.split(" > ")[-1] if c.section and (i == 0 or chunks[i - 1].section != c.section) else ""
            parts.append(f"## {heading}\n{c.text}" if heading else c.text)
        text = "\n\n".join(parts)
        whole = best.model_copy(update={"text": text, "section": ""})
        return [whole] + [p for p in internal if p.doc_id != best.doc_id]

    def _sentence_passages(self, threshold: float) -> list[Passage]:
        """The public passages the message's best-matching sentence retrieves on its own, scoring ``threshold`` or more
        (none when no sentence does): at most ``SENTENCE_QUERIES`` sentences of ``SENTENCE_MIN_WORDS`` words or more
        are searched, the longest first, only for a message of several sentences."""
        sentences = [x for x in split_sentences(self.ticket.message) if len(x.split()) >= SENTENCE_MIN_WORDS]
        if len(sentences) < 2:
            return []  # a message of one sentence was searched as it is
        best: list[ScoredChunk] = []
        for sentence in sorted(sentences, key=lambda x: -len(x))[:SENTENCE_QUERIES]:
            if self.analysis.injection and self.d.analyser.is_injection(sentence):
                continue
            hits = [h for h in self.d.retriever.retrieve(sentence, k=self.d.settings.retrieval.k,
                                                         filters=Filters(audience=frozenset({"public"})))
                    if h.score >= threshold]
            if hits and (not best or hits[0].score > best[0].score):
                best = hits
        return [as_passage(h, i) for i, h in enumerate(best, 1)]

    def _ask_passages(self, public: list[Passage], k: int) -> list[Passage]:
        """Public passages retrieved for each ask on its own (with the policy area's name), that the message's query
        did not bring: at most ``ASK_EXTRA`` per ask, numbered after ``public``."""
        asks = split_message(self.ticket.message).asks
        if not asks:
            return []
        alone = len(asks) == 1 and asks[0].text.strip() == self.ticket.message.strip()
        topic = topic_words(self.analysis.topic, self.ticket.message)
        have = {p.chunk_id for p in public}
        # the documents the message retrieved: the section that answers an ask is often a sibling of the one retrieved
        # ("Condition of returned items" came back; "Return window" answers "can I still send it back?")
        docs = frozenset(dict.fromkeys(p.doc_id for p in public[:SIBLING_DOCS]))
        # (not for questions about the product itself: its care, fit or warranty)
        names = item_names(self.ticket) if self.analysis.topic not in PRODUCT_TOPICS else frozenset()
        extra: list[Passage] = []
        min_score = self.d.settings.drafting.min_evidence_score

        def add(hits: Sequence[ScoredChunk], room: int) -> None:
            for hit in hits:
                if room <= 0 or hit.score < min_score:
                    break
                c = hit.chunk
                if c.chunk_id in have:
                    continue
                have.add(c.chunk_id)
                room -= 1
                extra.append(as_passage(hit, len(public) + len(extra) + 1))

        for index, ask in enumerate(asks[:ASK_RETRIEVALS]):
            if self.analysis.injection and self.d.analyser.is_injection(ask.text):
                continue
            # the product's name says which order, not which policy ("Trail Runner" pulls in the sizing guide)
            text = without_references(without_names(ask.text, names))
            if index and pronoun_subject(text):
                # "and can it be 100 instead of 130?": "it" is what the ask before it named (the payment)
                text = f"{text} ({without_references(without_names(asks[index - 1].text, names))})"
            query = " ".join(x for x in (text, f"({topic})" if topic else "") if x)
            if not alone:
                add(self.d.retriever.retrieve(query, k=k, filters=Filters(audience=frozenset({"public"}))), ASK_EXTRA)
            if docs:
                add(self.d.retriever.retrieve(query, k=SIBLING_DOCS + 1, filters=Filters(
                    audience=frozenset({"public"}), doc_ids=docs)), SIBLING_EXTRA)
        return extra

    def _danger_passages(self, public: list[Passage], k: int) -> list[Passage]:
        """Public passages retrieved for each sentence of the message that reports a danger, that the message's query
        did not bring: at most ``DANGER_EXTRA`` in all, numbered after ``public``."""
        have = {p.chunk_id for p in public}
        extra: list[Passage] = []
        min_score = self.d.settings.drafting.min_evidence_score
        for sentence in danger_sentences(self.ticket.message)[:DANGER_EXTRA]:
            for hit in self.d.retriever.retrieve(sentence, k=k, filters=Filters(audience=frozenset({"public"}))):
                c = hit.chunk
                if len(extra) >= DANGER_EXTRA:
                    break
                # the customer's words for a danger are rarely the sources' ("a faint gassy smell" and "Smell gas?"):
                # among the passages nearest it, the one that says what to do in an emergency, however weakly it scores
                if hit.score < min_score and not EMERGENCY_STEP.search(c.text.replace("*", "")):
                    continue
                if c.chunk_id in have:
                    break  # the best passage for the danger is here already
                have.add(c.chunk_id)
                extra.append(as_passage(hit, len(public) + len(extra) + 1))
                break
        return extra

    def _members_passages(self, public: list[Passage], k: int) -> list[Passage]:
        """For a customer with a membership ("tier": Plus, Gold) quoted a general window ("30 days from delivery"),
        the public passage that states their membership's own window ("60 days for Plus members") when none of
        ``public`` does: the general window's sentence looked up again with the membership's name; at most one
        passage, numbered after ``public``."""
        customer = self.ticket.customer
        members = member_words(self.ticket.message, customer.tier if customer else None)
        if not members:
            return []
        sentences = [s for p in public for s in split_sentences(p.text)]
        general = [s for s in sentences if windows_in(s, deadlines_only=True)]
        if not general or any(member_windows(s, members) for s in sentences):
            return []
        have = {p.chunk_id for p in public}
        for sentence in general[:MEMBER_QUERIES]:
            query = f"{strip_markers(sentence)} ({' '.join(sorted(members))} members)"
            # (the general window's own passage comes back first: look past the ones already here)
            for hit in self.d.retriever.retrieve(query, k=k + len(have), filters=Filters(audience=frozenset({"public"}))):
                c = hit.chunk
                # the passage must state a window for their membership: what the query found is checked, not trusted
                if c.chunk_id not in have and any(member_windows(s, members) for s in split_sentences(c.text)):
                    return [as_passage(hit, len(public) + 1)]
        return []

    def _after_window_passages(self, public: list[Passage]) -> list[Passage]:
        """For a customer whose window has closed under a retrieved rule ("within 7 days of delivery" and delivered a
        month ago), the section of that rule's document about the time after it ("Defects after the first 7 days",
        "After the first hour") when ``public`` lacks it: what the reply can offer instead
        (``models.generators.closed_window``); at most one passage, numbered after ``public``."""
        customer = self.ticket.customer
        order = order_in_question(self.ticket)
        events = elapsed_events(self.ticket.message, order, self.ticket.today or today())
        if not events:
            return []
        members = member_words(self.ticket.message, customer.tier if customer else None)
        closed = [(p, s) for p in public[:AFTER_WINDOW_PASSAGES] for s in split_sentences(p.text)
                  if (r := consequence(s, events, members, self.ticket.message)) is not None and not r.inside]
        if not closed or any(AFTER_HEADING.search(p.section or "") for p in public):
            return []
        passage, sentence = closed[0]
        have = {p.chunk_id for p in public}
        query = f"after {passage.section or passage.title}: {strip_markers(sentence)}"
        for hit in self.d.retriever.retrieve(query, k=AFTER_WINDOW_PASSAGES + 3, filters=Filters(
                audience=frozenset({"public"}), doc_ids=frozenset({passage.doc_id}))):
            c = hit.chunk
            if c.chunk_id not in have and AFTER_HEADING.search(c.section or ""):
                return [as_passage(hit, len(public) + 1)]
        return []

    def _share_passages(self, public: list[Passage]) -> list[Passage]:
        """For a customer who proposes an amount ("can it be 100 instead of 130?"), the section of a retrieved
        document whose rule limits that amount to a share of another amount of theirs ("at least 90% of our
        recommended amount", ``assistant.share_limits``) when ``public`` lacks it; at most one passage, numbered after
        ``public``. Only the documents already retrieved are searched: the rule is checked, not trusted."""
        message, customer = self.ticket.message, self.ticket.customer
        if not public or not may_propose(message, customer) or any(
                share_consequence(s, message, customer) for p in public for s in split_sentences(p.text)):
            return []
        have = {p.chunk_id for p in public}
        docs = frozenset(p.doc_id for p in public[:SIBLING_DOCS + 1])
        query = self.d.retrieval_query(self.ticket, self.analysis)  # (an injected instruction does not steer it)
        for hit in self.d.retriever.retrieve(f"{query} (the lowest or highest amount allowed, a percentage of it)",
                                             k=SHARE_SECTIONS, filters=Filters(audience=frozenset({"public"}),
                                                                                doc_ids=docs)):
            c = hit.chunk
            if c.chunk_id not in have and any(share_consequence(s, message, customer) for s in split_sentences(c.text)):
                return [as_passage(hit, len(public) + 1)]
        return []

    def _stay_passages(self, public: list[Passage]) -> list[Passage]:
        """Where the customer asks what a stay between two dates costs, the passages a price by season needs when
        ``public`` lacks them (``assistant.stay_prices``): the table of nightly prices by season, from the documents
        retrieved, and the page that says when those seasons run, from any public document; numbered after
        ``public``. What the queries find is checked, not trusted: a table of seasons' prices, a calendar of them."""
        ticket = self.ticket
        order = order_in_question(ticket)
        booking = "\n".join(order.items if order else [])
        if not asks_cost(ticket.message) or stay_of(ticket.message, booking, ticket.today or today()) is None:
            return []
        have = {p.chunk_id for p in public}
        found: list[Passage] = []
        public_only = Filters(audience=frozenset({"public"}))

        def first(query: str, filters: Filters, wanted: Callable[[str], bool]) -> None:
            for hit in self.d.retriever.retrieve(query, k=STAY_SECTIONS, filters=filters):
                c = hit.chunk
                if c.chunk_id not in have and wanted(f"{c.title}\n{c.section}\n{c.text}"):
                    have.add(c.chunk_id)
                    found.append(as_passage(hit, len(public) + len(found) + 1))
                    return

        query = self.d.retrieval_query(self.ticket, self.analysis)  # (an injected instruction does not steer it)
        seasons = {s for p in public for s in season_columns(headed(p))}
        if not seasons:
            # (from any document: the table must have the row their words name, "the family motorhome")
            customer = f"{ticket.message}\n{booking}"
            # (the sentence with their dates says what they book: the whole message's query is diluted by its
            # other asks)
            booked = next((x for x in split_sentences(strip_markers(ticket.message)) if days_named(x)), query)
            first(f"price per night: {booked}", public_only, lambda text: bool(season_columns(text, customer)))
            seasons = {s for p in found for s in season_columns(headed(p))}
        if seasons and not any(dates_seasons(p.text, seasons) for p in public + found):
            first(f"{' and '.join(sorted(seasons))} periods: dates", public_only,
                  lambda text: dates_seasons(text, seasons))
        return found

    def evidence(self, public: list[Passage]) -> float:
        """Best passage score, plus ``TOPIC_BOOST`` when the best passage belongs to the message's policy area
        (customers describe problems in their own words: "a torn seam" is about the damaged-items policy)."""
        best = max(public, key=lambda p: p.score)
        bonus = TOPIC_BOOST if self.analysis.topic_confidence >= 0.3 and self._on_topic.get(best.chunk_id) else 0.0
        return best.score + bonus

    def _topic_from_documents(self, hits: Sequence[ScoredChunk]) -> None:
        """A message whose words name no policy area takes the area the best-matching document's own tags and title
        name (when one area is named): "is my speaker covered?" is about the warranty document it retrieves."""
        best = max(hits, key=lambda h: h.score)
        if best.score < self.d.settings.drafting.min_evidence_score or best.chunk.audience != "public":
            return
        label = " ".join([*best.chunk.tags, best.chunk.title]).replace("-", " ")
        named = [t for t in self.d.analyser.topics() if self.d.analyser.names_topic(t, label)]
        if len(named) == 1:
            self.analysis = self.analysis.model_copy(update={"topic": named[0], "topic_confidence": 0.3})

    def _prefer_topic(self, hits: Sequence[ScoredChunk]) -> list[ScoredChunk]:
        """Hits whose own tags or title name the message's policy area first (read from the documents, with the
        analyser's cues for that area, so any company's tags work); reported scores stay unchanged."""
        topic = self.analysis.topic
        self._on_topic = {h.chunk.chunk_id: topic != "other" and self.d.analyser.names_topic(
            topic, " ".join([*h.chunk.tags, h.chunk.title, h.chunk.section]).replace("-", " ")) for h in hits}
        if not any(self._on_topic.values()):
            return list(hits)
        return sorted(hits, key=lambda h: -(h.score + (TOPIC_BOOST if self._on_topic[h.chunk.chunk_id] else 0.0)))

    def compose(self) -> Generation:
        t = time.perf_counter()
        generation = self.generator.generate(self.job)
        self.timings["compose"] = _ms(t)
        return generation

    def after_stream(self, text: str, start: float) -> Generation:
        self.timings["compose"] = _ms(start)
        # LLM backends keep the Generation of their last run (token counts, fallback reason); the composer is
        # deterministic and cached, so asking it again costs little.
        last = self.generator.last_generation
        if isinstance(last, Generation):
            return last.model_copy(update={"text": text})
        if self.generator.name == "composer":  # the same reply as the pieces: its behaviour, counts and derivations too
            return self.generator.generate(self.job).model_copy(update={"text": text})
        return Generation(text=text, model_id=self.generator.model_id, prompt_version=self.generator.prompt_version)

    def finish(self, generation: Generation) -> Draft:
        t = time.perf_counter()
        generation, guard_flags = guard_generation(generation, self.job, self.backend, self.d.verifier,
                                                   self.d.generator_for, self.d.settings)
        text, echoed = guards.guard_reply(generation.text, self.ticket, self.job.passages)
        if echoed:
            generation = generation.model_copy(update={"text": text})
            self.safety_flags += echoed
        citations = citations_for(generation.text, self.job.passages)
        result = self.d.verifier.verify(generation.text, self.job, citations, generation.derived)
        self.timings["verify"] = _ms(t)
        text = result.text
        behaviour = generation.behaviour or self.job.behaviour
        reason = generation.behaviour_reason or self.job.behaviour_reason
        flags = list(result.flags) + guard_flags
        flags += self._own_flags(generation, behaviour) + self.safety_flags
        # the customer's language is the first thing the agent reads: every other note is about an English draft
        flags.sort(key=lambda f: not f.message.startswith(_LANGUAGE_NOTE))
        # the composer turns an answer it cannot source into a hand-over or question: the agent has work to do
        refined = behaviour != self.job.behaviour
        certainty = 0.0 if refined and behaviour == "handover" else 0.4 if refined else self.decision.certainty
        residue = copy_residue(text, [p.title for p in self.job.passages])
        match = answer_match(self.d.embedder, self.ticket.message, generation.text) if self.d.embedder else \
            AnswerMatch(None, None, None)
        signals = Signals(
            behaviour=behaviour, certainty=certainty, retrieval=self.best_score,
            support=result.supported_ratio, asks=generation.asks_total, answered=generation.asks_answered,
            cited=len(citations), facts_applied=generation.facts_applied, facts_stated=generation.facts_stated,
            language=self.analysis.language, procedural=any(_PROCEDURE.search(p.text) for p in self.job.passages[:2]),
            ask_match=match.ask, stray_match=match.stray, lead_match=match.lead,
            min_support=min((c.support for c in result.sentences if c.kind == "factual"), default=1.0),
            cited_sentences=cited_sentences(text), residue=residue.sentences, residue_kinds=residue.kinds,
            ack_match=acknowledgement_match(self.d.embedder, self.ticket.message, text) if self.d.embedder else None,
            words=len(text.split()),
        )
        confidence, reasons = confidence_score(signals, flags)
        if confidence < low_confidence_threshold() and not any(f.type == "low_confidence" for f in flags):
            flags.append(Flag(type="low_confidence", message=low_confidence_message(confidence)))
        self.timings["total"] = _ms(self.t0)
        return Draft(
            text=text,
            citations=citations_for(text, self.job.passages),
            confidence=confidence,
            behaviour=behaviour,
            behaviour_reason=reason,
            confidence_reasons=reasons,
            confidence_features={k: round(v, 4) for k, v in features(signals, flags).items()},
            flags=unique_flags(flags),
            analysis=self.analysis,
            backend=self.backend,
            model_id=generation.model_id,
            index_version=self.d.index_version(),
            prompt_version=generation.prompt_version,
            timings_ms={k: round(v, 2) for k, v in self.timings.items()},
            agent_notes=self.notes,
            derived=generation.derived,
        )

    def _own_flags(self, generation: Generation, behaviour: str) -> list[Flag]:
        flags: list[Flag] = []
        weak = not self.job.evidence_ok and (self.analysis.emotion != "gratitude" or asks_for_something(self.ticket.message))
        if behaviour in ("decline", "clarify") or (behaviour == "handover" and self.job.behaviour == "handover"):
            weak = False  # the draft does not answer from the sources, so their weakness is not the agent's problem
        if generation.derived:
            weak = False  # it follows a staff procedure that matched the message (its sentences were checked against it)
        if self.analysis.language not in ("en", "und"):
            language = language_name(self.analysis.language)
            flags.append(Flag(type="needs_agent_input", message=(
                f"{_LANGUAGE_NOTE} {language}. This draft is in English and is not a translation: translate it into "
                f"{language} before sending, or check that they read English.")))
        if weak or generation.missing:
            what = generation.missing or "the knowledge base has no passage that answers this"
            if weak:
                what = (f"no source matches the question well enough (best score {self.best_score:.2f} < "
                        f"{self.d.settings.drafting.min_evidence_score:.2f})") + (
                    f"; {generation.missing}" if generation.missing else "")
            flags.append(Flag(type="needs_agent_input", message=f"Check before sending: {what}."))
        if self.analysis.injection:
            flags.append(guards.injection_flag(self.ticket, generation.text, self.job.passages)
                         or injection_flag(generation.text, self.job))
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


@dataclass(frozen=True)
class AnswerMatch:
    """How closely the draft's cited sentences match what the customer asked (cosines of the embedder)."""

    ask: float | None  # the worst-served ask's best cited sentence (None: nothing asked)
    stray: float | None  # the cited sentence least related to any ask: low means an off-topic sentence
    lead: float | None  # the first cited sentence against the first ask: low means the answer is not first


def answer_match(embedder: Embedder, message: str, text: str) -> AnswerMatch:
    """Cosines between the customer's asks and the draft's cited sentences (one batched embedding call).

    With no sentence citing a source: 0 when the message asks for something, else None (a note that asks nothing).
    """
    parts = split_message(message)
    # each ask with what the customer said around it, as the composer reads it ("Fix this now." is about the
    # double charge stated before it)
    context = " ".join(parts.statements)[:300]
    asks = [" ".join(x for x in (a.text, context) if x) for a in parts.asks][:MAX_ASK_QUERIES]
    asking = bool(asks) or asks_for_something(message)
    cited = [strip_markers(s) for s in split_sentences(text) if cited_markers(s)]
    cited = [s for s in cited if s]
    if not cited:
        return AnswerMatch(0.0, 0.0, 0.0) if asking else AnswerMatch(None, None, None)
    if not asks:  # a request written as a statement ("do i get the full price back or what"): the message is the ask
        asks = [message[:500]]
    vecs = np.asarray(embedder.embed_documents([*asks, *cited]), dtype=np.float32)
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    vecs = (vecs / np.where(norms > 0, norms, 1.0)).astype(np.float32)
    sims = vecs[: len(asks)] @ vecs[len(asks):].T  # asks x cited sentences
    return AnswerMatch(ask=round(float(sims.max(axis=1).min()), 4), stray=round(float(sims.max(axis=0).min()), 4),
                       lead=round(float(sims[0, 0]), 4))


def ask_match(embedder: Embedder, message: str, text: str) -> float | None:
    """The worst-served ask's cosine with its closest cited sentence (see ``answer_match``)."""
    return answer_match(embedder, message, text).ask


def _split_hits(hits: Sequence[ScoredChunk], k: int) -> tuple[list[Passage], list[Passage]]:
    public: list[Passage] = []
    internal: list[Passage] = []
    for hit in hits:
        c = hit.chunk
        target = internal if c.audience == "internal" else public
        limit = MAX_INTERNAL_NOTES if c.audience == "internal" else k
        if len(target) >= limit:
            continue
        target.append(as_passage(hit, len(target) + 1))
    return public, internal



def as_passage(hit: ScoredChunk, marker: int) -> Passage:
    """A retrieved chunk as the numbered passage a reply cites."""
    c = hit.chunk
    return Passage(marker=marker, doc_id=c.doc_id, chunk_id=c.chunk_id, title=c.title, section=c.section, url=c.url,
                   effective_date=c.effective_date, text=c.text, score=float(hit.score), audience=c.audience)


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000.0
