"""The safety net between a language model and the agent: no LLM draft reaches the agent as the model wrote it.

``guard_generation`` runs on every draft an LLM backend wrote (not on the composer's, nor on a fallback):

1. Clean: chat-template debris and imitated prompt fences (``<customer_message>``) are stripped.
2. Polish mode: the rewrite must keep every cited fact of the composer's draft (citations, numbers, amounts,
   dates, contacts, the substance of each cited sentence) and add none; otherwise the composer's draft stands.
3. Draft mode, sentence by sentence against the grounding core (the ``Verifier``), with documents stripped of
   instruction-like sentences first (an instruction hidden in a document is not evidence):
   - a marker ``[n]`` that names no passage is repaired to the passage that supports the sentence, or the
     sentence goes; a supported factual sentence without a marker gets its best passage's marker;
   - a sentence with an unbacked claim, promise, citation, internal content or no support is removed, and so
     is one that repeats the customer's instructions or the prompt itself;
   - placeholders ("[Your Name]", "XXX", "<name>") are filled from the ticket and settings (agent name, the
     settings' signature, the customer's name, the company) or flagged for the agent.
   - a sentence cut off by the token cap, a table row pasted from a source, a question copied from a source's
     FAQ headings, and a first-person promise of a time ("tomorrow", "within 2 hours") no source gives go too;
4. What remains must still answer the customer (a cited, supported sentence for an answer that states at
   least one fact of the composer's answer to the same job; a question or a next step when the pipeline chose
   to clarify or hand over), and the model must not have needed more removals than it kept; otherwise the
   composer's draft is used (``generator_fallback``).

Every removal is reported to the agent as a ``removed_sentence`` flag. ``injection_flag`` words the
``prompt_injection`` flag from the draft itself: whether it obeyed the instructions or not.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.grounding.claims import extract_claims
from assistant.grounding.kinds import classify_sentence, strip_greeting, strip_markers
from assistant.grounding.promises import COMMITMENT, PROMISE, promise_backed
from assistant.grounding.sentences import sentence_spans, split_sentences
from assistant.grounding.words import content_words
from assistant.personalisation import greeting_name
from assistant.prompts import behaviour_of, load_prompt
from assistant.protocols import DraftVerifier, Generator
from assistant.settings import Settings
from assistant.types import DraftJob, Flag, Generation, Passage

_CITE = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
_FENCE = re.compile(
    # imitated prompt fences and other tag debris (<document1>, </reply>); placeholders such as <name> stay
    r"</?\s*(?!(?:name|company|order|date|amount|e-?mail|phone|link|address|signature)\b)[a-z][a-z_]*\d*\s*>"
    r"|<\|[a-z_]+\|>"  # chat-template tokens
    r"|^\s*(?:here is|here's) (?:a|the|my|your) (?:response|reply|draft|answer)\b[^\n]*$"  # talk about the reply
    r"|^\s*(?:reply|response|answer|draft)\s*:\s*",
    re.I | re.M,
)
_PLACEHOLDER = re.compile(
    r"\[(?:your|my|customer'?s?|client'?s?|agent'?s?|company|store|brand|business|insert|enter|order|tracking|date|"
    r"amount|name|first|last|full|phone|e-?mail|link|url|number|address|signature|sender|recipient)\b[^\]\n]{0,40}\]"
    r"|<\s*(?:your |my |the |customer'?s? |agent'?s? )?(?:name|company|order(?: number| id)?|date|amount|e-?mail|"
    r"phone(?: number)?|link|address|signature)\s*>"
    r"|\{\{?\s*[a-z_ ]{2,30}\s*\}?\}"
    r"|\b(?-i:X{3,})\b|_{3,}",
    re.I,
)
_AGENT_SLOT = re.compile(r"your|my|agent|sender|signature|representative", re.I)
_CUSTOMER_SLOT = re.compile(r"customer|client|recipient|first|full|last|\bname\b", re.I)
_COMPANY_SLOT = re.compile(r"company|store|brand|business", re.I)
# A reply that tells on the prompt or says it does what it was told.
_OBEYS = re.compile(
    r"\b(?:as (?:you )?(?:requested|instructed|asked|told)|ignor\w+ (?:my|the|all|previous|prior) (?:rules|instructions)|"
    r"(?:my|the) (?:system )?(?:prompt|instructions|rules) (?:are|say|is)|developer mode|jailbreak\w*|"
    r"i am (?:now )?(?:an? )?(?:unrestricted|dan)\b|system prompt)",
    re.I,
)
# Sentences in a document that address an AI rather than a customer are instructions, not evidence.
_DOC_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|override|forget)\b[^.]{0,40}\b(?:instructions?|rules|prompt|guidelines|policy)\b"
    r"|\b(?:new|updated|additional) (?:instructions?|rules?)\b|\bsystem (?:override|message|prompt|note)\b"
    r"|\bdeveloper mode\b|\byou are now\b|\bas (?:the|an) (?:assistant|ai)\b|\bfrom your (?:developer|creator|admin)\b"
    r"|\b(?:assistant|ai|chatbot|language model|llm|model)s?\b[^.]{0,60}\b(?:must|should|always|never)\b"
    r"|\b(?:always|you must|you should)\b[^.]{0,60}\b(?:tell|promise|offer|give|say|reply)\b[^.]{0,40}\bcustomers?\b"
    r"|\b(?:tell|promise|offer)\b[^.]{0,20}\b(?:every|all|any) customers?\b",
    re.I,
)
_SERIOUS = {"unsupported_claim", "unsupported_promise", "bad_citation", "internal_content", "unsupported_sentence",
            "banned_phrase"}


@dataclass
class GuardResult:
    generation: Generation
    flags: list[Flag] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    fell_back: bool = False


def guard_generation(generation: Generation, job: DraftJob, backend: str, verifier: DraftVerifier,
                     generator_for: Callable[[str], Generator], settings: Settings) -> tuple[Generation, list[Flag]]:
    """The drafting pipeline's one hook: the generation to verify and the safety net's flags for the agent."""
    if backend == "composer" or generation.fallback_reason:
        return generation, []
    net = SafetyNet(verifier, lambda: generator_for("composer"), settings)
    result = net.review(generation, job)
    return result.generation, result.flags


class SafetyNet:
    def __init__(self, verifier: DraftVerifier, composer: Callable[[], Generator], settings: Settings) -> None:
        self.verifier = verifier
        self.composer = composer
        self.settings = settings
        self._composed: tuple[DraftJob, Generation] | None = None  # the last job and the composer's draft for it

    # -- entry -----------------------------------------------------------------------------------------
    def review(self, generation: Generation, job: DraftJob) -> GuardResult:
        text = clean_output(generation.text)
        if self.settings.generator.mode == "polish":
            return self._review_polish(generation.model_copy(update={"text": text}), job)
        return self._review_draft(generation.model_copy(update={"text": text}), job)

    # -- draft mode ------------------------------------------------------------------------------------
    def _review_draft(self, generation: Generation, job: DraftJob) -> GuardResult:
        flags: list[Flag] = []
        removed: list[str] = []
        safe_job = evidence_only(job)
        text, placeholder_flags = fill_placeholders(generation.text, job, self.settings)
        flags += placeholder_flags
        text = self._repair_markers(text, safe_job)
        result = self.verifier.verify(text, safe_job)
        serious = {f.sentence for f in result.flags if f.type in _SERIOUS and f.sentence}
        reasons = {f.sentence: f.message for f in result.flags if f.type in _SERIOUS and f.sentence}
        injected = _injection_sentences(job)
        system_prompt = _prompt_shingles(self.settings.generator.prompt_version)
        kept: list[str] = []
        cited_answers: list[str] = []
        answers = steps = 0
        for check in result.sentences:
            sentence = check.sentence
            why = reasons.get(sentence)
            if why is None and sentence in serious:
                why = "no source backs it"
            if why is None and _obeys(sentence, injected, system_prompt):
                why = "it follows instructions from the customer's message or repeats the prompt"
            if why is None and _echoes(sentence, job):
                why = "it repeats the customer's message or a document's heading instead of replying"
            if why is None and check.kind == "process" and _commits_unbacked(sentence, safe_job):
                why = "it commits to something no source backs"
            if why is None and _promises_time(sentence, safe_job):
                why = "it promises a time no source gives"
            if why is None and check is result.sentences[-1] and _cut_off(sentence):
                why = "it was cut off mid-sentence"
            if why is None and _table_debris(sentence):
                why = "it pastes a table row from a source"
            if why is None and _copied_question(sentence, safe_job):
                why = "it repeats a question from the sources instead of answering it"
            if why is None and check.kind in ("acknowledgement", "closing", "greeting") and _offers_unbacked(sentence, safe_job):
                # "I'm glad you've decided to upgrade to lifetime Plus" restates a demand as if it were granted.
                why = "it names a refund, credit, upgrade or other offer no source backs"
            if why is not None:
                removed.append(sentence)
                flags.append(Flag(type="removed_sentence", sentence=sentence,
                                  message=f"The model wrote this sentence and it was removed: {why}"))
                continue
            kept.append(sentence)
            if check.kind == "factual" and check.supported and check.markers:
                answers += 1
                cited_answers.append(sentence)
            elif check.kind in ("question", "process"):
                steps += 1
        final = _rebuild(result.text, result.sentences, set(removed))
        behaviour = behaviour_of(job)
        answered = answers > 0 if behaviour in ("answer", "partial") else (answers + steps) > 0
        if not answered or len(removed) > max(answers, 1) + steps:
            what = ("the model's draft said nothing the sources back" if not answered and not removed else
                    f"{len(removed)} of the model's sentences had no backing and what remained did not answer the customer"
                    if not answered else f"{len(removed)} of the model's sentences had no backing")
            return self._fallback(job, what, flags)
        if behaviour in ("answer", "partial") and not self._agrees_with_composer(cited_answers, job):
            # Backed by a source is not the same as answering: a supported sentence about sizing does not answer
            # a returns question. The composer chose its answer sentences for the asks; the model must state one.
            return self._fallback(job, "the model's draft states none of the facts that answer the question", flags)
        return GuardResult(generation.model_copy(update={"text": final}), flags, removed)

    def _composer_generation(self, job: DraftJob) -> Generation:
        """The composer's draft for this job, written once per review (it is deterministic and takes milliseconds)."""
        if self._composed is None or self._composed[0] is not job:
            self._composed = (job, self.composer().generate(job))
        return self._composed[1]

    def _agrees_with_composer(self, cited_answers: Sequence[str], job: DraftJob) -> bool:
        """At least one of the model's cited sentences states a fact that the composer's answer states.

        True when the composer's draft cites nothing (it did not find an answer either: nothing to agree with).
        """
        reference = [s for s in split_sentences(self._composer_generation(job).text) if _CITE.search(s)]
        if not reference:
            return True
        facts = [strip_markers(s) for s in reference]
        return any(self.verifier.scorer.score(strip_greeting(strip_markers(s)) or strip_markers(s), facts)
                   >= self.verifier.threshold for s in cited_answers)

    def _repair_markers(self, text: str, job: DraftJob) -> str:
        """Unknown markers go to the passage that supports the sentence; a supported factual sentence without a
        marker gets its best passage's; markers that cannot be placed are dropped (the sentence is then judged
        on its support like any other)."""
        passages = [p for p in job.passages if p.audience == "public"]
        by_marker = {p.marker: p for p in passages}
        if not passages:
            return _CITE.sub("", text)
        spans = sentence_spans(text)
        pieces: list[str] = []
        last = 0
        customer = job.ticket.message
        for a, b in spans:
            sentence = text[a:b]
            pieces.append(text[last:a])
            last = b
            markers = [int(x) for m in _CITE.finditer(sentence) for x in re.findall(r"\d+", m.group(1))]
            valid = [m for m in markers if m in by_marker]
            kind = classify_sentence(sentence, customer)
            if markers and len(valid) == len(markers):
                pieces.append(sentence)
                continue
            if kind != "factual":
                pieces.append(_CITE.sub("", sentence) if markers else sentence)
                continue
            bare = strip_greeting(strip_markers(sentence)) or strip_markers(sentence)
            scores = [self.verifier.scorer.score(bare, [p.text]) for p in passages]
            best = max(range(len(passages)), key=lambda i: scores[i])
            if scores[best] >= self.verifier.threshold:
                body = _CITE.sub("", sentence).rstrip()
                end = re.search(r"[.!?]+$", body)
                cite = f" [{passages[best].marker}]"
                body = body[: end.start()] + cite + end.group(0) if end else body + cite
                pieces.append(body)
            else:
                pieces.append(_CITE.sub("", sentence))
        pieces.append(text[last:])
        return "".join(pieces)

    # -- polish mode -----------------------------------------------------------------------------------
    def _review_polish(self, generation: Generation, job: DraftJob) -> GuardResult:
        original = self._composer_generation(job)
        text, placeholder_flags = fill_placeholders(generation.text, job, self.settings)
        problem = polish_problem(original.text, text, job, self.verifier)
        if placeholder_flags and problem is None:
            problem = "it left a placeholder"
        if problem is not None:
            return self._fallback(job, f"the polished draft was rejected: {problem}", [], polish=True)
        return GuardResult(generation.model_copy(update={"text": text, "missing": original.missing}))

    # -- fallback --------------------------------------------------------------------------------------
    def _fallback(self, job: DraftJob, reason: str, flags: list[Flag], *, polish: bool = False) -> GuardResult:
        generation = self._composer_generation(job).model_copy(update={"fallback_reason": f"safety net: {reason}"})
        # The model's removed sentences are not shown: the agent sees the composer's draft and why.
        kept = [f for f in flags if f.type != "removed_sentence"]
        return GuardResult(generation, kept, [], fell_back=True)


# --- pieces usable on their own -------------------------------------------------------------------------

def clean_output(text: str) -> str:
    """The model's reply without imitated prompt fences or chat-template tokens."""
    text = _FENCE.sub("", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def find_placeholders(text: str) -> list[str]:
    return [m.group(0) for m in _PLACEHOLDER.finditer(text)]


def fill_placeholders(text: str, job: DraftJob, settings: Settings) -> tuple[str, list[Flag]]:
    """Fill name and company placeholders from the ticket and settings; flag the ones that cannot be filled."""
    ticket = job.ticket
    company = ticket.brand_voice.company_name
    agent = ticket.agent_name or settings.generator.signature or (f"{company} Customer Care" if company else "Customer Care")
    customer = greeting_name(ticket)
    left: list[str] = []

    def fill(match: re.Match[str]) -> str:
        slot = match.group(0)
        before = text[max(0, match.start() - 40):match.start()]
        if _COMPANY_SLOT.search(slot) and company:
            return company
        if _AGENT_SLOT.search(slot) and "customer" not in slot.lower():
            return agent
        if re.search(r"order|number|date|amount|phone|mail|link|url|address|tracking", slot, re.I):
            left.append(slot)
            return slot
        explicit_customer = re.search(r"customer|client|recipient|first", slot, re.I)
        # A bare "<name>" / "[Name]" means whoever stands there: the customer after a greeting, the agent after a
        # sign-off or at the very end.
        greeting = re.search(r"\b(?:hi|hello|hey|dear|morning|afternoon|evening)[ ,]*$", before, re.I)
        closing = re.search(r"\b(?:regards|wishes|thanks|thank you|sincerely|cheers|best|warmly)[,.!]?\s*$", before, re.I) \
            or not text[match.end():].strip()
        if _CUSTOMER_SLOT.search(slot) and (explicit_customer or greeting) and customer:
            return customer
        if closing and not explicit_customer:
            return agent
        left.append(slot)
        return slot

    filled = _PLACEHOLDER.sub(fill, text)
    flags = [Flag(type="needs_agent_input",
                  message=f"The draft contains the placeholder {slot!r}: fill it in or remove it before sending.")
             for slot in dict.fromkeys(left)]
    return filled, flags


def evidence_only(job: DraftJob) -> DraftJob:
    """The job with instruction-like sentences taken out of its documents: text that tells an assistant what to
    do is not evidence for what the reply may say."""
    cleaned: list[Passage] = []
    changed = False
    for p in job.passages:
        sentences = split_sentences(p.text)
        kept = [s for s in sentences if not looks_like_instruction(s)]
        if len(kept) != len(sentences):
            changed = True
            p = p.model_copy(update={"text": " ".join(kept) or "(removed: instructions, not policy)"})
        cleaned.append(p)
    return job.model_copy(update={"passages": cleaned}) if changed else job


def looks_like_instruction(sentence: str) -> bool:
    """A sentence aimed at an assistant (the analyser's injection patterns, or a document's 'AI must ...')."""
    return bool(_DOC_INSTRUCTION.search(sentence)) or _analyser().is_injection(sentence)


def polish_problem(original: str, rewrite: str, job: DraftJob, verifier: DraftVerifier) -> str | None:
    """Why ``rewrite`` may not replace ``original`` (None when it keeps every cited fact and adds none)."""
    if not rewrite.strip():
        return "it is empty"
    if find_placeholders(rewrite):
        return f"it contains the placeholder {find_placeholders(rewrite)[0]!r}"
    before, after = _markers(original), _markers(rewrite)
    if before != after:
        lost, added = sorted(before - after), sorted(after - before)
        return f"it dropped citation(s) {lost}" if lost else f"it added citation(s) {added}"
    claims_before = {c.normalized for c in extract_claims(strip_markers(original))}
    claims_after = {c.normalized for c in extract_claims(strip_markers(rewrite))}
    if claims_before - claims_after:
        return f"it dropped the fact(s) {sorted(claims_before - claims_after)[:2]}"
    if claims_after - claims_before:
        return f"it added the fact(s) {sorted(claims_after - claims_before)[:2]}"
    promises_before = {m.group(0).lower() for m in PROMISE.finditer(original)}
    promises_after = {m.group(0).lower() for m in PROMISE.finditer(rewrite)}
    if promises_after - promises_before:
        return f"it added {sorted(promises_after - promises_before)[0]!r}"
    # Each cited sentence of the original must survive in a rewritten sentence citing the same source.
    threshold = verifier.threshold
    new_sentences = split_sentences(rewrite)
    for sentence in split_sentences(original):
        marks = _markers(sentence)
        if not marks:
            continue
        candidates = [strip_markers(s) for s in new_sentences if _markers(s) & marks]
        if not candidates or verifier.scorer.score(strip_markers(sentence), candidates) < threshold:
            return f"it lost the substance of: {strip_markers(sentence)[:80]!r}"
    # And every factual rewritten sentence must be backed by the original's cited sentences or the sources.
    result = verifier.verify(rewrite, job)
    bad = [f for f in result.flags if f.type in _SERIOUS]
    if bad:
        return f"{bad[0].message}"
    return None


def injection_flag(text: str, job: DraftJob) -> Flag:
    """The ``prompt_injection`` flag, worded from the draft: did it follow the message's instructions?"""
    obeyed = [s for s in split_sentences(text) if _obeys(s, _injection_sentences(job), frozenset())]
    if obeyed:
        return Flag(type="prompt_injection", sentence=obeyed[0],
                    message="The message tries to instruct the assistant and the draft appears to follow it: "
                            "check this sentence and remove it before sending.")
    return Flag(type="prompt_injection",
                message="The message tries to instruct the assistant; the draft does not follow those instructions "
                        "(no amount, contact, promise or wording from them is in the draft).")


# --- helpers --------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _analyser():  # noqa: ANN202 - assistant.analysis.MessageAnalyser
    from assistant.analysis import MessageAnalyser

    return MessageAnalyser()


def _markers(text: str) -> set[int]:
    return {int(x) for m in _CITE.finditer(text) for x in re.findall(r"\d+", m.group(1))}


def _injection_sentences(job: DraftJob) -> tuple[str, ...]:
    """The message's sentences aimed at the assistant (checked even when the analyser did not flag the message)."""
    return tuple(s for s in split_sentences(job.ticket.message) if looks_like_instruction(s))


@lru_cache(maxsize=4)
def _prompt_shingles(version: str) -> frozenset[tuple[str, ...]]:
    try:
        prompt = load_prompt(version)
    except Exception:  # an unknown version fails elsewhere with its own message
        return frozenset()
    words = re.findall(r"[a-z']+", (prompt.system + " " + (prompt.polish_system or "")).lower())
    return frozenset(tuple(words[i:i + 6]) for i in range(len(words) - 5))


def _obeys(sentence: str, injected: Sequence[str], prompt_shingles: frozenset[tuple[str, ...]]) -> bool:
    """The sentence carries out or repeats an instruction: the customer's, or the prompt's own text."""
    if _OBEYS.search(sentence):
        return True
    words = re.findall(r"[a-z']+", sentence.lower())
    if prompt_shingles and any(tuple(words[i:i + 6]) in prompt_shingles for i in range(len(words) - 5)):
        return True
    lowered = sentence.lower()
    for instruction in injected:
        # Facts the instruction dictates (an amount, a date, a contact) appearing in the reply.
        for claim in extract_claims(instruction):
            if claim.text.lower() in lowered:
                return True
        wanted = set(content_words(instruction)) - {"ignore", "previous", "instructions", "rules", "system", "prompt"}
        said = set(content_words(sentence))
        if len(wanted) >= 3 and len(wanted & said) / len(wanted) >= 0.6:
            return True
    return False


def _echoes(sentence: str, job: DraftJob) -> bool:
    """The model pasted its input: a source as the prompt lists it ("[2] Title — ...", a heading line), or the
    customer's own words back to them."""
    bare = strip_markers(sentence).strip()
    for p in job.passages:
        title = p.title.strip().lower()
        if title and len(title) > 8 and (bare.lower().startswith(title) or f"{title} —" in bare.lower()):
            return True
    words = re.findall(r"[a-z0-9']+", bare.lower())
    message = re.findall(r"[a-z0-9']+", job.ticket.message.lower())
    grams = {tuple(words[i:i + 5]) for i in range(len(words) - 4)}
    said = {tuple(message[i:i + 5]) for i in range(len(message) - 4)}
    return len(grams) >= 2 and len(grams & said) / len(grams) >= 0.5


def _commits_unbacked(sentence: str, job: DraftJob) -> bool:
    """A 'what happens next' sentence that commits to a refund, credit or other benefit no source backs."""
    bare = strip_markers(sentence)
    if not COMMITMENT.search(bare.replace("’", "'")):
        return False
    public = [p.text for p in job.passages if p.audience == "public"]
    return any(not promise_backed(m.group(0), bare, public) for m in PROMISE.finditer(bare))


def _offers_unbacked(sentence: str, job: DraftJob) -> bool:
    """A conversational sentence (thanks, sympathy) that still names an offer no source backs."""
    bare = strip_markers(sentence)
    public = [p.text for p in job.passages if p.audience == "public"]
    return any(not promise_backed(m.group(0), bare, public) for m in PROMISE.finditer(bare))


_FIRST_PERSON_FUTURE = re.compile(r"\b(?:i|we)(?:'ll| will| shall|'m going to| am going to| are going to)\b", re.I)
_TIME_PROMISE = re.compile(
    r"\b(?:tomorrow|today|tonight|this (?:morning|afternoon|evening|week|weekend)|next (?:week|month)|"
    r"(?:on|by|before) (?:mon|tues|wednes|thurs|fri|satur|sun)day|within (?:an?|\d+|one|two|three|24|48) "
    r"(?:minutes?|hours?|days?|business days?|working days?|weeks?)|in (?:\d+|one|two|three) (?:hours?|days?|weeks?))\b",
    re.I,
)
_TERMINAL = re.compile(r"""[.!?:;)"'\u2019\u201d]$""")


def _promises_time(sentence: str, job: DraftJob) -> bool:
    """'I'll send it tomorrow': a first-person commitment to a time that no public source gives."""
    bare = strip_markers(sentence).replace("\u2019", "'")
    if not _FIRST_PERSON_FUTURE.search(bare):
        return False
    public = " ".join(p.text for p in job.passages if p.audience == "public").lower()
    return any(m.group(0).lower() not in public for m in _TIME_PROMISE.finditer(bare))


def _cut_off(sentence: str) -> bool:
    """The draft's last sentence stops mid-way (the model hit its token cap): no closing punctuation, and more
    than a sign-off line ("Best wishes," / "Sam")."""
    lines = [line.strip() for line in strip_markers(sentence).strip().splitlines() if line.strip()]
    if not lines or _TERMINAL.search(lines[-1]) or lines[-1].endswith(","):
        return False
    if len(lines) > 1 and lines[-2].endswith(","):  # "Best regards,\nSam"
        return False
    words = lines[-1].split()
    names_only = len(words) <= 3 and all(w[:1].isupper() for w in words) and not lines[-1].endswith("'ll")
    return not names_only


def _table_debris(sentence: str) -> bool:
    """A markdown table row or separator pasted from a source ("| Foot length | US | --- |")."""
    return sentence.count("|") >= 3 or bool(re.search(r"\|\s*-{3,}\s*\|", sentence))


def _copied_question(sentence: str, job: DraftJob) -> bool:
    """A question the model lifted from a source (an FAQ heading) instead of answering: most of its words are
    one passage's words. A clarifying question to the customer is written for them and is kept."""
    bare = strip_markers(sentence)
    question = bare.split("?")[0] if "?" in bare else ""
    wanted = set(content_words(question))
    if len(wanted) < 2:
        return False
    return any(len(wanted & set(content_words(p.text))) / len(wanted) >= 0.8 and question.strip().lower() in p.text.lower()
               for p in job.passages)


def _rebuild(text: str, checks: Sequence, removed: set[str]) -> str:  # noqa: ANN001
    """``text`` without the removed sentences, keeping the paragraphs and line breaks of the rest."""
    out: list[str] = []
    last = 0
    for check in checks:
        a, b = check.span
        gap = text[last:a]
        if check.sentence in removed:
            out.append(gap if "\n" in gap else (" " if out else ""))
        else:
            out.append(gap)
            out.append(text[a:b])
        last = b
    out.append(text[last:])
    joined = "".join(out)
    joined = re.sub(r"[ \t]+\n", "\n", joined)
    joined = re.sub(r"\n{3,}", "\n\n", joined)
    return re.sub(r"[ \t]{2,}", " ", joined).strip()
