"""Step 4 of drafting: check every draft, whatever wrote it, before an agent sees it.

Per sentence: is it a factual claim (greetings, acknowledgements, sign-offs, questions back to the
customer and "what happens next" sentences are not) and, if so, do the public passages support it; does
every number, amount, date, duration, percentage, URL, e-mail and phone number appear in the passages or
the customer's profile; does every [n] point to a retrieved passage that backs the sentence; does it
promise a refund, credit or exception no passage backs; does it copy internal-only text; does it echo a
secret or a banned phrase. The result carries the masked text and one ``Flag`` per problem, worded for
the agent.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.age_rules import age_consequence, minimum_ages
from assistant.bands import stated_ages
from assistant.grounding.citations import markers
from assistant.grounding.claims import Claim, claim_supported, extract_claims
from assistant.grounding.kinds import SentenceKind, classify_sentence, strip_greeting, strip_markers
from assistant.grounding.phrases import find_phrases
from assistant.grounding.promises import PROMISE, promise_backed
from assistant.grounding.sentences import sentence_spans, split_sentences
from assistant.grounding.support import SupportDetail, SupportScorer
from assistant.protocols import Embedder, SentenceSupport
from assistant.redaction import MASK, mask_secrets, secrets_in
from assistant.procedure import customer_view, staff_wording
from assistant.customer_facts import applied_facts, stated_amounts, today
from assistant.escalation import GENERIC_TEAM, SENIOR_COLLEAGUE, targets
from assistant.plan_caps import capped_claim
from assistant.notice_dates import notice_consequence
from assistant.tables import row_sentence, tables_in
from assistant.tiered_rates import tiered_total
from assistant.share_limits import share_consequence
from assistant.table_facts import applied_rows
from assistant.grounding.arithmetic import worked_text
from assistant.personalisation import order_in_question
from assistant.places import place_facts
from assistant.package_prices import count_facts
from assistant.stay_prices import stay_facts
from assistant.types import Citation, CustomerProfile, Derived, DraftJob, Flag, Passage

# Support thresholds: calibrated so paraphrases of a passage pass and invented sentences do not.
THRESHOLD_TOKENS = 0.45  # with contextual token embeddings (real embedder)
THRESHOLD_VECTORS = 0.40  # sentence vectors + words only (hashing fake)


def support_threshold(scorer: SentenceSupport) -> float:
    """The support a factual sentence needs to count as backed, for this scorer's kind of embeddings: the one
    definition the verifier and the accuracy metrics share."""
    return THRESHOLD_TOKENS if scorer.uses_token_embeddings else THRESHOLD_VECTORS


@dataclass
class SentenceCheck:
    sentence: str
    span: tuple[int, int]
    kind: SentenceKind
    support: float  # in [0, 1] against the public passages and the profile; 1.0 for sentences that are not factual
    supported: bool
    markers: list[int] = field(default_factory=list)
    claims: list[str] = field(default_factory=list)  # claims no source backs


@dataclass
class VerificationResult:
    text: str  # the draft with secrets masked
    flags: list[Flag]
    supported_ratio: float  # share of factual sentences that the passages support (1.0 when there are none)
    sentences: list[SentenceCheck]

    @property
    def factual(self) -> list[SentenceCheck]:
        return [s for s in self.sentences if s.kind == "factual"]

    def has(self, flag_type: str) -> bool:
        return any(f.type == flag_type for f in self.flags)


def profile_text(profile: CustomerProfile | None, extra: Sequence[str | None] = ()) -> str:
    """The profile as plain sentences, so its facts (order ids, dates, amounts) count as sources."""
    parts: list[str] = [e for e in extra if e]
    if profile is not None:
        for value in (profile.name, profile.preferred_name, profile.email, profile.customer_id, profile.tier):
            if value:
                parts.append(str(value))
        for order in profile.orders:
            parts.append(", ".join(order.facts()) + ".")
        for contact in profile.prior_contacts:
            when = f" on {contact.date.isoformat()}" if contact.date else ""
            parts.append(f"Earlier contact{when} about {contact.topic}. {contact.summary or ''}".strip())
    return "\n".join(parts)


def _word_seq(text: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[A-Za-z0-9']+", text)]


def _shingles(words: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


class Verifier:
    """Checks drafts against the job's passages, profile and internal notes; see the module docstring."""

    def __init__(self, embedder: Embedder, *, threshold: float | None = None, scorer: SupportScorer | None = None) -> None:
        self.scorer = scorer or SupportScorer(embedder)
        self._threshold = threshold

    @property
    def threshold(self) -> float:
        if self._threshold is not None:
            return self._threshold
        return support_threshold(self.scorer)

    def verify(self, text: str, job: DraftJob, citations: Sequence[Citation] = (),
               derived: Sequence[Derived] = ()) -> VerificationResult:
        """``derived``: sentences the generator says it derived from a staff procedure among the internal notes.
        Each is checked against that procedure said to the customer (``assistant.procedure.customer_view``) as well
        as the public passages: its support, numbers and promises must be backed there, it must not read as a staff
        instruction, and it is not taken for a copy of that procedure (it is meant to say the procedure's step)."""
        flags: list[Flag] = []
        passages = [p for p in job.passages if p.audience == "public"]
        public = [p.text for p in passages]
        masked, kinds = mask_secrets(text, public)
        masked, echo_flags = self._mask_echoes(masked, job)
        flags += self._secret_flags(kinds) + echo_flags

        # the places the customer names, as the gazetteer reads them, are a source too ("Lyon is in France"), and so
        # is what their own dates and amounts mean under each passage's rules ("you're still within the 14-day
        # window"), backed by that passage
        ticket = job.ticket
        applied = applied_facts(ticket.message, order_in_question(ticket), ticket.today or today(),
                                ticket.customer.tier if ticket.customer else None, [(p.marker, p.text) for p in passages])
        for marker, said in applied_rows(ticket.message, ticket.today or today(),
                                         [(p.marker, p.text) for p in passages], ticket.customer,
                                         [f"{p.title}\n{p.section}" for p in passages]).items():
            applied.setdefault(marker, []).extend(said)
        # ... and the customer's amount against the cap a passage's rule sets for their plan ("On Classic, the limit is
        # £150, so ...")
        tier = ticket.customer.tier if ticket.customer else None
        amounts = stated_amounts(ticket.message)
        one_age = len(set(stated_ages(ticket.message))) == 1
        for p in passages:
            capped = [c.sentence for sentence in split_sentences(p.text)
                      if (c := capped_claim(sentence, amounts, tier, ticket.message)
                          or share_consequence(sentence, ticket.message, ticket.customer)) is not None]
            # ... and today against the notice a rule asks before their next recurring date
            capped += [c.sentence for sentence in split_sentences(p.text)
                       if (c := notice_consequence(sentence, ticket.message, ticket.customer,
                                                   ticket.today or today())) is not None]
            # ... and a first-plus-each-further payment for how long they say it lasted
            capped += [t for sentence in [*split_sentences(p.text), *(row_sentence(r) for rows in tables_in(p.text)
                                                                       for r in rows)]
                       if (t := tiered_total(sentence, ticket.message, ticket.today or today())) is not None]
            # ... and the age they give against a minimum age the passage sets ("At 12, she's over the minimum age of
            # 10"): read only where they give one age (the hot path reads no table for the rest)
            if one_age:
                capped += [aged for sentence in [*split_sentences(p.text), *(row_sentence(r) for rows in
                                                                             tables_in(p.text) for r in rows)]
                           for minimum in minimum_ages(sentence)
                           if (aged := age_consequence(ticket.message, ticket.message, minimum)) is not None]
            if capped:
                applied.setdefault(p.marker, []).extend(capped)
        # the stay their two dates give, counted in nights: their fact, backing a sentence whatever it cites
        booked = order_in_question(ticket)
        stay = stay_facts(ticket.message, "\n".join(booked.items if booked else []), ticket.today or today())
        stay += count_facts(ticket.message)  # ... and how many people they count ("For 14 children")
        profile = profile_text(ticket.customer, [ticket.agent_name, ticket.brand_voice.company_name,
                                                 *place_facts(ticket.message), *(s for f in applied.values() for s in f),
                                                 *stay])
        sources = public + ([profile] if profile else [])
        by_marker = {p.marker: p for p in passages}
        threshold = self.threshold

        spans = sentence_spans(masked)
        raw = [masked[a:b] for a, b in spans]
        bare = [strip_greeting(strip_markers(s)) or strip_markers(s) for s in raw]
        customer_text = job.ticket.message + "\n" + "\n".join(t.text for t in job.ticket.history if t.role == "customer")
        kinds_of = [classify_sentence(s, customer_text) for s in raw]
        internal = job.internal_notes + [p for p in job.passages if p.audience == "internal"]
        origin = _derived_origins(bare, derived, internal)  # sentence index -> the procedure it says
        # a hand-over that tells the customer who takes the case and by when, as an internal escalation rule states
        # them: those two phrases are backed by the note (the company chose to tell them), nothing else of it is
        told = _told_targets(bare, kinds_of, internal, decided=(job.handover_team, job.handover_time))
        # ... and what the notes say to tell the customer in that case, said as our promise ("We will stop all
        # collections."): the company chose to tell them
        promised = {re.sub(r"\W+", " ", p).strip().lower() for p in job.handover_promises}
        for i, b in enumerate(bare):
            if promised and any(x and x in promised for x in (re.sub(r"\W+", " ", part).strip().lower()
                                                              for part in re.split(r"(?<=\.)\s+", b))):
                told.setdefault(i, []).append(b)
        views = {n.chunk_id: customer_view(n.text) for n in origin.values()}
        # Only factual sentences need the model: greetings, thanks and sign-offs are not checked for support.
        factual_idx = [i for i, k in enumerate(kinds_of) if k == "factual"]
        support_of: dict[int, float] = {}
        for note_id in [None, *views]:
            group = [i for i in factual_idx if (origin[i].chunk_id if i in origin else None) == note_id]
            against = public + ([views[note_id]] if note_id else [])
            if against and group:
                scored = self.scorer.details([bare[i] for i in group], against, context=[profile])
                support_of.update({i: d.score for i, d in zip(group, scored)})
        checks: list[SentenceCheck] = []
        for i, (sentence, span) in enumerate(zip(raw, spans)):
            kind = kinds_of[i]
            own = [views[origin[i].chunk_id]] if i in origin else []  # the procedure this sentence says, if any
            # figures worked out beside their working ("£35 × 10 = £350") from the sources' and the customer's own
            worked = worked_text(bare[i], sources + own, ticket.message)
            own = own + ([worked] if worked else [])
            bad_claims = [c for c in extract_claims(bare[i]) if not claim_supported(c, sources + own)
                          and not any(c.text.lower() in t.lower() for t in told.get(i, ()))
                          # an acknowledgement may say back the customer's own figure ("you've been charged £95.50"):
                          # it states nothing of ours
                          and not (kind != "factual" and claim_supported(c, [customer_text]))]
            if kind == "factual":
                support = support_of.get(i, 0.0)
                # (a sentence of worked figures, every one of them proven by its working, is backed by that working)
                supported = support >= threshold or self._personal_fact(bare[i], bad_claims, profile, public) or (
                    bool(worked) and not bad_claims and bool(extract_claims(bare[i])))
            else:  # not a factual claim: nothing to support
                support, supported = 1.0, True
            check = SentenceCheck(sentence, span, kind, support, supported, markers(sentence),
                                  [c.text for c in bad_claims])
            checks.append(check)
            flags += self._claim_flags(sentence, bad_claims)
            # what the customer's facts mean under a cited rule ("you get a full refund of the £310 you paid") is
            # offered by that rule
            derived_from_cited = [f for m in check.markers for f in applied.get(m, [])]
            promise = self._promise_flags(check, bare[i], public + own + derived_from_cited, bad_claims, threshold)
            if kind == "factual" and not check.supported and not bad_claims:
                flags.append(Flag(type="unsupported_sentence", sentence=sentence,
                                  message="No retrieved source supports this sentence; check it or remove it."))
            flags += self._citation_flags(check, bare[i], by_marker, sources + own, threshold, applied,
                                          ([worked] if worked else []) + stay)
            flags += promise
            if i in origin and staff_wording(bare[i]):
                flags.append(Flag(type="internal_content", sentence=sentence,
                                  message=f"This sentence still reads as a staff instruction from '{origin[i].title}'; "
                                          "say the step to the customer or remove it."))
        flags += self._stale_citations(citations, by_marker)
        flags += self._internal_flags([_without(s, told.get(i, ())) for i, s in enumerate(raw)], internal, public, origin)
        flags += self._paraphrased_internal(checks, bare, internal, threshold, {i: n.chunk_id for i, n in origin.items()})
        flags += self._banned_flags(raw, job.ticket.brand_voice.banned_phrases)

        factual = [c for c in checks if c.kind == "factual"]
        ratio = sum(c.supported for c in factual) / len(factual) if factual else 1.0
        return VerificationResult(masked, unique_flags(flags), ratio, checks)

    # --- individual checks ------------------------------------------------------------------------

    @staticmethod
    def _secret_flags(kinds: list[str]) -> list[Flag]:
        if not kinds:
            return []
        return [Flag(type="sensitive_data",
                     message=f"The draft contained {', '.join(kinds)} data; it was masked before display.")]

    @staticmethod
    def _mask_echoes(masked: str, job: DraftJob) -> tuple[str, list[Flag]]:
        """Secrets the customer wrote (password, code, card) repeated anywhere in the draft, however phrased."""
        customer_text = job.ticket.message + "\n" + "\n".join(t.text for t in job.ticket.history)
        echoed = sorted({s for s in secrets_in(customer_text) if len(s) >= 4 and s in masked}, key=len, reverse=True)
        if not echoed:
            return masked, []
        for secret in echoed:
            masked = re.sub(r"(?<![\w•])" + re.escape(secret) + r"(?!\w)", MASK, masked)
        return masked, [Flag(type="sensitive_data",
                             message="The draft repeated a secret from the customer's message; it was masked.")]

    @staticmethod
    def _personal_fact(sentence: str, bad: list[Claim], profile: str, public: list[str]) -> bool:
        """'Your order NW-10482 was delivered on March 4' is backed by the profile, not by a policy passage."""
        if bad or not profile:
            return False
        claims = extract_claims(sentence)
        return any(claim_supported(c, [profile]) and not claim_supported(c, public) for c in claims)

    @staticmethod
    def _claim_flags(sentence: str, bad: list[Claim]) -> list[Flag]:
        return [
            Flag(type="unsupported_claim", sentence=sentence,
                 message=f"'{c.text}' is not backed by any source or the customer's profile.")
            for c in bad
        ]

    def _citation_flags(self, check: SentenceCheck, bare: str, by_marker: dict[int, Passage], sources: list[str],
                        threshold: float, applied: dict[int, list[str]] | None = None,
                        worked: Sequence[str] = ()) -> list[Flag]:
        flags = []
        valid = [m for m in check.markers if m in by_marker]
        for m in check.markers:
            if m not in by_marker:
                known = ", ".join(f"[{k}]" for k in sorted(by_marker)) or "none"
                flags.append(Flag(type="bad_citation", sentence=check.sentence,
                                  message=f"[{m}] points to no retrieved source (sources: {known})."))
        if not valid or check.kind != "factual":
            return flags
        # a passage backs what the customer's facts mean under its rules, too
        cited = [by_marker[m].text for m in valid] + [f for m in valid for f in (applied or {}).get(m, [])] + list(worked)
        claims = extract_claims(bare)
        missing = [c.text for c in claims if claim_supported(c, sources) and not claim_supported(c, cited)]
        cited_support = self.scorer.score(bare, cited)
        if missing or (cited_support < threshold and check.support >= threshold):
            shown = ", ".join(f"[{m}]" for m in valid)
            what = f"'{missing[0]}'" if missing else "this sentence"
            flags.append(Flag(type="bad_citation", sentence=check.sentence,
                              message=f"The cited source {shown} does not back {what}; another source does."))
        return flags

    @staticmethod
    def _stale_citations(citations: Sequence[Citation], by_marker: dict[int, Passage]) -> list[Flag]:
        flags = []
        for c in citations:
            p = by_marker.get(c.marker)
            if p is None:
                flags.append(Flag(type="bad_citation", message=f"Citation [{c.marker}] ({c.title}) is not a retrieved source."))
            elif p.chunk_id != c.chunk_id or p.doc_id != c.doc_id:
                flags.append(Flag(type="bad_citation",
                                  message=f"Citation [{c.marker}] names '{c.title}' but [{c.marker}] is '{p.title}'."))
        return flags

    def _promise_flags(self, check: SentenceCheck, bare: str, public: list[str], bad: list[Claim],
                       threshold: float) -> list[Flag]:
        terms = [m.group(0) for m in PROMISE.finditer(bare)]
        if not terms or check.kind in ("question", "acknowledgement") and not bad:
            return []
        unbacked = [t for t in terms if not promise_backed(t, bare, public)]
        wrong_facts = bool(bad)  # already flagged as unsupported_claim; low support is explained by them
        bad = [c for c in bad if c.kind in ("amount", "percentage")]  # a wrong price makes an offer unbacked
        if not unbacked and not bad and (check.support >= threshold or wrong_facts):
            return []
        what = unbacked[0] if unbacked else terms[0]
        amount = next((c.text for c in bad if c.kind in ("amount", "percentage")), None)
        shown = f"{amount} {what}" if amount else what
        return [Flag(type="unsupported_promise", sentence=check.sentence,
                     message=f"'{shown}' is not backed by any source; do not promise it unless policy allows.")]

    @staticmethod
    def _internal_flags(sentences: list[str], internal: Sequence[Passage], public: list[str],
                        origin: dict[int, Passage]) -> list[Flag]:
        """Sentences that copy an internal note (``origin``: sentence index -> the procedure it was derived from,
        whose words it may use, even where another note repeats them)."""
        if not internal:
            return []
        n = 6
        public_sh = set().union(*(_shingles(_word_seq(p), n) for p in public)) if public else set()
        flags = []
        for note in internal:
            note_sh = _shingles(_word_seq(note.text), n) - public_sh
            note_sh5 = _shingles(_word_seq(note.text), 4)
            for i, s in enumerate(sentences):
                own = origin.get(i)
                if own is not None and own.chunk_id == note.chunk_id:
                    continue
                words = _word_seq(strip_markers(s))
                own_words = _word_seq(own.text) if own is not None else []
                copied = _shingles(words, n) & note_sh - _shingles(own_words, n)
                short_copy = 4 <= len(words) < n + 2 and _shingles(words, 4) and _shingles(words, 4) <= note_sh5 and \
                    not _shingles(words, 4) <= _shingles(own_words, 4)
                if copied or short_copy:
                    flags.append(Flag(type="internal_content", sentence=s,
                                      message=f"This sentence copies the internal-only document '{note.title}'; "
                                              "it must not be sent to the customer."))
        return flags

    def _paraphrased_internal(self, checks: list[SentenceCheck], bare: list[str], internal: Sequence[Passage],
                              threshold: float, exempt: dict[int, str]) -> list[Flag]:
        """An unsupported sentence that an internal-only document supports well was probably taken from it (a
        sentence derived from a procedure is compared with the other notes only)."""
        if not internal:
            return []
        idx = [i for i, c in enumerate(checks) if c.kind == "factual" and not c.supported]
        if not idx:
            return []
        pairs: list[tuple[int, SupportDetail]] = []
        for own in dict.fromkeys(exempt.get(i) for i in idx):
            group = [i for i in idx if exempt.get(i) == own]
            notes = [n for n in internal if n.chunk_id != own]
            if notes:
                pairs += zip(group, self.scorer.details([bare[i] for i in group], [n.text for n in notes]))
        flags = []
        for i, d in sorted(pairs, key=lambda p: p[0]):
            if d.score >= min(threshold + 0.2, 0.9):
                title = next((n.title for n in internal if d.best_sentence and d.best_sentence in n.text), "an internal note")
                flags.append(Flag(type="internal_content", sentence=checks[i].sentence,
                                  message=f"This sentence restates the internal-only document '{title}'; "
                                          "it must not be sent to the customer."))
        return flags

    @staticmethod
    def _banned_flags(sentences: list[str], banned: Sequence[str]) -> list[Flag]:
        flags = []
        for phrase in banned:
            hit = next((s for s in sentences if find_phrases(s, [phrase])), None)
            if hit is not None:
                flags.append(Flag(type="banned_phrase", sentence=hit, message=f"The brand voice bans the phrase '{phrase}'."))
        return flags


def _told_targets(bare: list[str], kinds: list[SentenceKind], internal: Sequence[Passage],
                  decided: tuple[str | None, str | None] = (None, None)) -> dict[int, list[str]]:
    """Sentence index -> the team and time frame of an internal escalation rule it tells the customer ("I've passed
    your case to the Claims team, who will reply within 2 working days"): only in a sentence about what happens next
    (not a policy claim), and only a team and time frame that one rule states together: a retrieved note's, or the
    rule the behaviour was decided by (``decided``, read from the notes whole)."""
    # the decided rule first: it is the one the hand-over sentence was written from
    pairs = ([decided] if any(decided) else []) + ([(team, when) for team, when in targets(internal)] if internal else [])
    if not pairs:
        return {}
    out: dict[int, list[str]] = {}
    for i, (sentence, kind) in enumerate(zip(bare, kinds)):
        if kind != "process":
            continue
        low = sentence.lower()
        for team, when in pairs:
            # (the team as a note forbids naming it: the general name the hand-over uses instead)
            who = next((t for t in (team, GENERIC_TEAM, SENIOR_COLLEAGUE) if t and t.lower() in low), None) if team else None
            said = [x for x in (who, when) if x]
            if said and (who or not team) and (when is None or when.lower() in low):
                out[i] = said
                break
    return out


def _without(sentence: str, phrases: Sequence[str]) -> str:
    for phrase in phrases:
        sentence = re.sub(re.escape(phrase), " ", sentence, flags=re.I)
    return sentence


def _derived_origins(bare: list[str], derived: Sequence[Derived], internal: Sequence[Passage]) -> dict[int, Passage]:
    """Which sentences of the reply (by index) are part of a sentence derived from a procedure among ``internal``,
    and that procedure (a derived sentence may read as several)."""
    notes = {n.chunk_id: n for n in internal}
    out: dict[int, Passage] = {}
    for d in derived:
        note = notes.get(d.chunk_id)
        said = " ".join(d.sentence.split())
        if note is None or not said:
            continue
        for i, b in enumerate(bare):
            b = " ".join(b.split())
            if len(b) >= 8 and b in said:
                out.setdefault(i, note)
    return out


def unique_flags(flags: list[Flag]) -> list[Flag]:
    """Flags in order, each (type, sentence, message) once: checks can raise the same doubt twice."""
    seen: set[tuple[str, str | None, str]] = set()
    out = []
    for f in flags:
        key = (f.type, f.sentence, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
