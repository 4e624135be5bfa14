"""The composer: the default drafting backend. Writes a reply from the job without any generative model.

A reply is planned as paragraphs of sentences:

1. greeting (by channel and brand voice),
2. an acknowledgement naming the customer's specific problem in a tone that meets their emotion, plus
   the order in question from the profile,
3. the policy sentences that answer the question (chosen by meaning, said to the customer, each cited),
4. what happens next and who does it (or the clarifying question that is missing),
5. a closing that fits the channel, and the sign-off for e-mail.

Facts (periods, fees, amounts) only ever come from cited passages or the customer's profile; when no
passage answers the question the reply says the agent will check and ``Generation.missing`` says why.
Deterministic: the same job always gives the same text.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Iterator, Set as AbstractSet
from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import NDArray

from assistant.ending_choice import ending_question
from assistant.price_choice import price_question
from assistant.reference_name import reference_name
from assistant.analysis import asks_for_something, shouted_words
from assistant.asks import Ask, MessageParts, named_objects, pronoun_subject, split_message
from assistant.quantities import passage_fits, stated_measures
from assistant.own_case import names_lacking, own_case as stated_case, states_quoted_figure, without_lacking
from assistant.grounding.examples import example_sentences
from assistant.route_rows import other_route
from assistant.grounding.windows import ANCHOR_EVENTS
from assistant.customer_facts import (
    MONTH_NAMES,
    WEEKDAY_NAMES,
    stands_for,
    stated_plans,
    Consequence,
    Elapsed,
    amount_consequence,
    dated_wait,
    consequence,
    FALLBACK,
    contrary_state,
    elapsed_events,
    overdue,
    state_words,
    for_other_case,
    stated_plan_words,
    member_words,
    stated_amounts,
    today,
)
from assistant.escalation import SENIOR_COLLEAGUE
from assistant.behaviour import (UNNAMED_CHARGE, UNNAMED_PAYMENTS, danger_sentences, dangling_reference, held_kind, needs_gentle_reply,
                                 rhetorical, said_contacts, says_struggling, at_risk_without_essentials, says_which_contact, unresolved_definite,
                                 unresolved_pronoun, which_of, which_unnamed)
from assistant.danger import TAKEOVER_WHY, THIRD_PARTY_WHY, emergency_step
from assistant.gloss import english_gist
from assistant.plan_caps import capped_claim
from assistant.notice_dates import LATE, notice_consequence
from assistant.charges import asks_cost, counted_price, items_total, named_rows, row_subject
from assistant.currency import SYMBOL, money, prefixed
from assistant.member_discounts import Discounted, discounted_price, discounted_total, named_tier, tier_discounts, tier_row
from assistant.named_prices import asks_total, named_prices, total_sentence
from assistant.price_choice import PRICE_ASK, REASON as PRICE_REASON
from assistant.tiered_rates import tiered_total
from assistant.share_limits import share_consequence
from assistant.referent_choice import leaning_reference, singular
from models.generators.table_rows import apply_rows, own_rows, row_wording
from models.generators.worked_charges import with_age_rule, with_notice_rule, with_share_rule, worked_charges
from models.generators.remedy import REMEDY_KINDS, remedy_sentence
from models.generators.exception_first import exceptions_first
from assistant.issue import BEREAVEMENT_PHRASE, ISSUE_TOPICS, describe_issue, topic_words
from assistant.place_zones import customer_zone
from assistant.places import names_journey, place_context, place_in_rule, places_in, without_addresses
from assistant.table_choice import owned_text
from assistant.table_facts import band_keys
from assistant.procedure import is_procedural
from assistant.profile_cases import case_sets, for_other_case as profile_other_case
from assistant.procedure import next_step as procedure_next_step
from assistant.procedure import stated_days
from assistant.personalisation import (
    greeting_name,
    mentions_own_order,
    order_in_question,
    order_label,
    format_date,
    order_status_sentence,
    sign_off,
)
from assistant.protocols import Embedder
from assistant.grounding.phrases import contains_phrase
from assistant.grounding.words import content_words as words_in_order  # the policy's content_words is a set
from assistant.grounding.words import STOPWORDS, family, mentions, word_keys, words_of
from knowledge_base.spelling import common_english_words, english_words
from assistant.grounding.sentences import split_sentences
from assistant.types import Behaviour, Derived, DraftJob, Generation, Passage, Ticket
from models.generators.asked_terms import asked_part, naming_word
from models.generators.ask_gaps import counted_thing_gap, unknown_named_thing
from models.generators.ask_gaps import answer_type_gap, focus_gap, generic_ask_word, indirect_question, names_nothing, own_case, unconfirmable_parts
from models.generators import composer_phrases as ph
from models.generators.explanation import (
    EXPLANATION_MAX,
    continue_explanation,
    explained_fully,
    open_question,
    widen_explanation,
)
from models.generators.follow_up import conversation_subject, leans_on_conversation
from models.generators.closed_window import after_window, as_options
from models.generators.handover_support import PHONE_NUMBER, already_past, support_sentences
from models.generators.composer_policy import (
    question_clause,
    FIGURE_BONUS,
    OWN_CASE_BONUS,
    PolicySentence,
    SentenceBank,
    cite,
    with_subject,
    content_words,
    key_words,
    select_policy,
    simplify,
    telling_words,
    to_customer,
    without_given_order_number,
)

MODEL_ID = "composer-v1"
SITUATION_CASE_BONUS = 0.15  # as telling as the case they state in words (own_case)
SITUATION_MATCH = 0.4  # measured: "my dad died on Sunday" and "If ... a member of their immediate family dies" 0.42;
# unrelated conditions of the same documents 0.12-0.27
SITUATION_MARGIN = 0.05
# the closeness in meaning (to anything the customer says) under which a further sentence's condition is about another
# situation than theirs (measured on two unseen knowledge bases: a medical-condition cancellation beside a refund for
# duplicate cover 0.30, an unrecognised-payment rule beside a cheque question 0.29-0.35; a mast-fault credit for an
# outage 0.49, a lost-bag deduction for a delayed bag 0.50)
OTHER_CASE_MATCH = 0.36
SITUATION_MIN_WORDS = 5  # a statement shorter than this ("I'm in a rush") names too little to compare
# a condition that opens a sentence (after a short scene-setter: "In the UK, if anyone is injured, ...")
# (the condition runs on over "..., or ..." to its main clause: "If the driver is in hospital, or a member of their
# family dies, we ...")
_CASE_CONDITION = re.compile(r"^(?:[^,;:]{0,30},\s*)?((?:if|when|where|in case)\b[^,;:]{8,160}"
                             r"(?:,\s*(?:or|and)\b[^,;:]{3,120})*)[,;:]", re.I)
# a section whose heading is about another problem than the one reported: its cosine to the problem this far under
# the closest heading's, where that one reaches CASE_HEADING_MIN ("your order arrived damaged": "Damaged items:
# Report it within 7 days" 0.61, "Lost parcels: Stolen parcels" 0.32)
CASE_HEADING_MIN = 0.5
CASE_HEADING_GAP = 0.15
OFF_CASE_PENALTY = 0.15
PROFILE_CASE_PENALTY = 0.2  # a rule for another case of a list than the profile's (assistant.profile_cases)
MEASURE_BONUS = 0.15  # as telling as the case they state (own_case)
MAX_ASKS = 5  # the questions of one message answered, in its order (more reads as a form to fill in)
TOPIC_NAMING_CONFIDENCE = 0.6  # below it, and with no source answering, the acknowledgement names no topic
# cosine to the message a source sentence needs to be said beside a hand-over an internal rule decided (measured on
# two unseen knowledge bases: the bereavement line for a bereavement 0.58; a contact table row, a closure step or a
# slow-speed visit beside a takeover, a frozen account or a safety hazard 0.29-0.44)
RULE_SUPPORT_MIN = 0.5
# a step of the notes that forbids an act ("Please do not carry the kiln in."): its verb
_DO_NOT_STEP = re.compile(r"^Please (?:do not|don'?t|never) ([a-z]+)\b", re.I)
# verbs too general to find the line that undoes such a step ("Please do not do anything yet")
_GENERAL_VERBS = frozenset({"do", "be", "have", "get", "make", "go", "let", "take"})
# a takeover's step from the passage that matched best must still be about the message this much (cosine): the step
# that locks the account 0.35 on a development set, a line on holiday closures from the same page 0.28
TAKEOVER_SUPPORT_MIN = 0.3
_SAFETY_CUE = "a possible safety risk"
_GENERIC_TEAM_WORDS = frozenset("team teams desk unit department specialist specialists operations care customer "
                                "customers support service services resolution office".split())
# a safety step that only forbids, and one that says what to do
_FORBIDS = re.compile(r"^(?:do not|don'?t|never)\b", re.I)
_IMPERATIVE = re.compile(r"^(?:\d+[.)]\s*)?(?:get|leave|move|go|turn|switch|stop|unplug|call|dial|open|close|keep|put|"
                         r"take|evacuate)\b", re.I)
_EMERGENCY_STEP = re.compile(r"\b(?:call|dial|ring|phone)\s+(?:the\s+)?(?:emergency services|police|ambulance|\d{3}\b)", re.I)
TOPIC_GUESS_CONFIDENCE = 0.3  # below it the acknowledgement names no topic, whatever the sources answer
# how alike (cosine of their embeddings) a membership's window sentence must read to the general window chosen for a
# member to stand for the same rule (a return window's member version, not the member line's opening hours)
MEMBERS_RULE_SIMILARITY = 0.4  # measured: a return window and its member version 0.43-0.47; damage 0.21, change 0.37
_STATUS_QUESTION = re.compile(
    r"\bwhere(?:'s| is| are)\b|\bwhat happened\b|\bwhen (?:will|is|does) (?:my|it|they|the)\b|\bstatus\b|"
    r"\b(?:has|have|did) (?:my|it|they) (?:ship|shipped|arrive|been)\b", re.I)
_OWN_CASE = re.compile(r"\byou (?:ordered|bought|received|got)\b|\byour (?:order|parcel|package|item|delivery|refund|return|"
                       r"account|card)\b|\b(?:arrived|delivered)\b", re.I)
_ORDER_REF = re.compile(r"#\s?\d{3,}|\border(?: number| no\.?| id)?\s*:?\s*#?[A-Z]{0,4}-?\d{3,}", re.I)


@dataclass
class _Slot:
    """One sentence position in the reply: the candidate phrasings, best first (the first allowed one is used)."""

    options: list[str]
    paragraph: int
    kind: str = ""
    score: float = 0.0  # policy sentences: relevance, so a trim drops the weakest
    ask: int = -1  # policy sentences: which of the customer's asks it answers (-1: none known)


# an ask for a date or a deadline: "by when must it be paid?", "what's the latest I can ...?"
_WHEN_ASK = re.compile(r"\b(?:when|by when|what date|which date|deadline|latest|how late)\b", re.I)


@dataclass
class _Plan:
    slots: list[_Slot] = field(default_factory=list)
    missing: str | None = None
    chat_max: int = 0  # sentences a chat reply may hold (0: CHAT_MAX_SENTENCES)

    def add(self, paragraph: int, options: list[str], kind: str = "", score: float = 0.0, ask: int = -1) -> None:
        if options:
            self.slots.append(_Slot(list(options), paragraph, kind, score, ask))


# the clarify reason for a message more than one of the customer's orders fits (``assistant.behaviour``)
_WHICH_ORDER = "more than one of the customer's orders"


@dataclass
class _Priced:
    """What the price cells the customer's words pick settle: the asks (their index in the answers) a total answers,
    whose chosen sentences are then left out; the (marker, position) of chosen table rows of other asks that state a
    price of the total again (said once, with the total); sentences to say after the answers (a counted total, after
    the rows it counts); whether their tier's discount was taken off the total (no other price is discounted then)."""

    asks: set[int] = field(default_factory=set)
    restated: set[tuple[int, int]] = field(default_factory=set)
    later: list[str] = field(default_factory=list)
    discounted: bool = False


@dataclass
class Coverage:
    """What the composed reply does: its behaviour, and how many of the customer's asks the sources answer."""

    behaviour: Behaviour
    asks: int
    answered: int = 0
    reason: str | None = None
    facts_stated: bool = False
    facts_applied: bool = False
    derived: list[str] = field(default_factory=list)  # sentences said from a staff procedure (the note below)
    procedure_chunk: str | None = None


class ComposerGenerator:
    """Deterministic reply writer over the job's passages (see module docstring)."""

    name = "composer"
    model_id = MODEL_ID
    prompt_version: str | None = None  # writes from the passages, no prompt
    last_generation: Generation | None = None  # deterministic and cached: asked again rather than remembered

    def __init__(self, embedder: Embedder, *, query_cache: int = 256) -> None:
        self.embedder = embedder
        self.bank = SentenceBank(embedder)
        self._queries: OrderedDict[str, NDArray[np.float32]] = OrderedDict()
        self._query_cache = query_cache
        self._lock = threading.Lock()

    # -- Generator protocol ---------------------------------------------------------------------------
    def generate(self, job: DraftJob) -> Generation:
        paragraphs, missing, coverage = self._compose(job)
        return Generation(text=_join(paragraphs), model_id=self.model_id, prompt_version=None, missing=missing,
                          behaviour=coverage.behaviour, behaviour_reason=coverage.reason, asks_total=coverage.asks,
                          asks_answered=coverage.answered, facts_applied=coverage.facts_applied,
                          facts_stated=coverage.facts_stated,
                          derived=[Derived(sentence=d, chunk_id=coverage.procedure_chunk) for d in coverage.derived
                                   if coverage.procedure_chunk])

    def stream(self, job: DraftJob) -> Iterator[str]:
        """The reply sentence by sentence; joining the pieces gives exactly ``generate(job).text``."""
        paragraphs, _, _ = self._compose(job)
        first = True
        for para in paragraphs:
            for i, sentence in enumerate(para):
                sep = "" if first else ("\n\n" if i == 0 else ("\n" if _is_signature(para, i) else " "))
                first = False
                yield sep + sentence

    # -- composition ----------------------------------------------------------------------------------
    def _compose(self, job: DraftJob) -> tuple[list[list[str]], str | None, Coverage]:
        # the name they sign with is read from what they wrote, not from an English gist of it ("Danke, Jonas")
        name = greeting_name(job.ticket)
        foreign = job.analysis.language not in ("en", "und")
        if foreign:
            # the composer's sentence matching reads English: it works from the message's English gist (the draft
            # records the customer's language, so the agent translates the reply)
            # (the words the passages use are kept as theirs: places, cognates such as "internacional")
            words = {w.lower() for p in job.passages for w in re.findall(r"[A-Za-z]+", f"{p.title} {p.section} {p.text}")}
            gist = english_gist(job.ticket.message, words.__contains__)
            # the places they name, read in the original (a gist has no capitals to find them by): "(Madrid, Spain)"
            named = [p.name for p in places_in(job.ticket.message)]
            area = place_context(job.ticket.message, words.__contains__)
            if gist and named:  # said after a locative, as the places reader reads them
                gist = f"{gist} ({', '.join(f'in {n}' for n in dict.fromkeys(named))})"
            elif gist and area:
                gist = f"{gist} ({area})"
            if gist:
                job = job.model_copy(update={"ticket": job.ticket.model_copy(update={"message": gist})})
        ticket, analysis = job.ticket, job.analysis
        voice = ticket.brand_voice
        channel = ticket.channel
        adjustment = job.adjustment
        formal = voice.formality == "formal" or adjustment == "more_formal"
        concise = adjustment in ("more_concise", "simpler") or channel == "social"
        seed = ticket.message
        social = channel == "social"
        plan = _Plan()

        order = order_in_question(ticket) if not social else None
        if job.behaviour == "clarify" and (job.behaviour_reason or "").startswith(_WHICH_ORDER):
            order = None  # which of their orders it is, is what the reply asks: nothing said presumes one
        has_ref = bool(order) or bool(_ORDER_REF.search(ticket.message)) or any(
            _ORDER_REF.search(t.text) for t in ticket.history if t.role == "customer"
        )
        parts = split_message(ticket.message)
        issue = describe_issue(ticket.message, order)
        if issue.phrase is None and ticket.history:  # "any news?" is about what they wrote before
            earlier = [t.text for t in ticket.history if t.role == "customer"]
            before = describe_issue(earlier[-1], order) if earlier else issue
            own = telling_words(ticket.message)
            # ... unless the message names things of its own that the earlier problem is not about (a new subject:
            # "Benjamin Denton & Hilary Briss" after "two characters are missing from your list")
            if len(own) <= 2 or own & telling_words(before.phrase or ""):
                issue = before
        problem = issue.phrase
        step_topic = "payment_failed" if issue.kind == "declined" else ISSUE_TOPICS.get(issue.kind, analysis.topic)
        if issue.kind in ph.NOTHING_ARRIVED:  # nothing to photograph: the next step is the carrier, not a photo
            step_topic = "parcel_trace"
        if problem and social and order is None and "order" in problem:
            problem = None
        specific = bool(problem) or mentions_own_order(ticket.message)
        gratitude = analysis.emotion == "gratitude"
        asks_something = asks_for_something(ticket.message)
        behaviour = job.behaviour
        coverage = Coverage(behaviour=behaviour, asks=max(1, len(parts.asks)) if asks_something else 0)

        # The policy sentences that answer each ask, chosen first: what the sources answer decides whether the
        # reply answers, answers in part or hands over.
        answers: list[tuple[Ask | None, list[PolicySentence]]] = []
        no_room: set[int] = set()  # asks a short reply had no room for
        # a hand-over says policy only where the customer must act before a person takes over (stop using it, who to
        # write to); a manager demand, a legal threat or a repeated contact gets the hand-over, not policy text
        # (or where a legal threat or a repeated contact also asks a question the sources answer: "I opened a
        # chargeback, now what happens?")
        reason = job.behaviour_reason or ""
        questions = [a for a in parts.asks if a.text.rstrip().endswith("?") and not rhetorical(a.text)]
        policy_allowed = behaviour == "answer" or (behaviour == "handover" and not job.handover_quiet and (
            bool(_ACT_NOW_HANDOVER.search(reason)) or (bool(questions) and bool(_ASKED_HANDOVER.search(reason))
                                                       and not _NO_POLICY_HANDOVER.match(reason))))
        # a price that needs their choice (size, option) asked beside other questions: the others are answered, and the
        # reply asks only for the choice ("where do we park? ... and how much is a kayak?")
        # (questions only: "quick delivery please" beside the price asks nothing the choice does not settle)
        others = [a for a in parts.asks if not PRICE_ASK.search(a.text) and a.kind != "request"]
        if behaviour == "clarify" and reason.startswith(PRICE_REASON) and 0 < len(others) < len(parts.asks):
            policy_allowed = True
            parts = MessageParts(asks=others, statements=parts.statements)
        # (a risk to people: the sources' emergency steps are said even where retrieval was weak for the rest)
        urgent = behaviour == "handover" and bool(_URGENT_HANDOVER.search(reason))
        if policy_allowed and (job.evidence_ok or urgent) and job.passages and (asks_something or not gratitude or urgent):
            answers = self._answers(job, parts, problem, order, channel=channel, concise=concise,
                                    limit=2 if behaviour == "handover" else None,
                                    in_public=social and not (has_ref or specific),
                                    implied=issue.implied_question, skipped=no_room)
            if behaviour == "handover":
                # only what helps until a person takes over: what to do now, whom to reach, what happens next
                answers = self._handover_support(job, answers, concise=concise or channel in ("chat", "social"),
                                                 questions=[a.text for a in questions],
                                                 answer_only=not _ACT_NOW_HANDOVER.search(reason))
            elif issue.kind in REMEDY_KINDS and any(sents for _, sents in answers):
                # a damage or fault report hears what we will do about it (a replacement, a repair, a refund), where
                # the passages found say it, not only the rules around it
                extra = remedy_sentence(self.bank.get(job.passages),
                                        self._embed_query(_question_text(ticket.message, None)),
                                        [x for _, sents in answers for x in sents])
                if extra is not None:
                    at = next(i for i, (_, sents) in enumerate(answers) if sents)
                    answers[at] = (answers[at][0], [*answers[at][1], extra])
        age_fact: tuple[int, str] | None = None
        if answers and behaviour in ("answer", "partial"):
            # an amount they propose against a rule limiting it to a share of another amount of theirs ("at least
            # 90% of our recommended amount"): that rule answers the ask naming the amount
            answers = with_share_rule(answers, self.bank.get(job.passages), ticket.message, ticket.customer)
            # "can she join at 11?" with the age they give: the minimum age of what they book, and what it means for them
            answers, age_fact = with_age_rule(answers, self.bank.get(job.passages), ticket.message)
            # notice before their next recurring date ("10 working days before your next collection"), set against
            # today: the rule that decides an ask its section answers
            answers = with_notice_rule(answers, self.bank.get(job.passages), ticket.message, ticket.customer,
                                       ticket.today or today())
        procedure = _procedure_step(job) if behaviour == "answer" and not any(s for _, s in answers) else None
        answered = [a for a, sents in answers if sents]
        if any(len(sents) > SINGLE_ASK_MAX for _, sents in answers):
            plan.chat_max = EXPLANATION_CHAT_MAX  # an explanation: room for it beside the greeting and opening line
        unanswered = [a for a, sents in answers if not sents and a is not None and not rhetorical(a.text)
                      and id(a) not in no_room]
        # (a part that names nothing the sources could leave out, "work" said in passing, is no gap either: the same
        # test that keeps it out of the reply's wording keeps it from making the reply partial)
        uncovered = [part for a in answered if a is not None and not rhetorical(a.text)
                     for part in uncovered_parts(a.text, job.passages)
                     if _names_a_subject(part, ticket.message) and not _everyday_word(part) and not names_nothing(part)]
        # what no document can settle (a value of the moment, the company's own pick); a message with no ask of its
        # own ("current rates for savings") is read whole
        unsettled: set[int] = set()
        for a in answered:
            asked = ticket.message if a is None else a.text
            found = unconfirmable_parts(asked, job.passages) if a is None or not rhetorical(a.text) else []
            if found:
                unsettled.add(id(a))
            uncovered += [part for part in found if part not in uncovered]
        # an answered ask whose own subject no passage mentions: what was found is related, not the answer
        unfocused = [a for a in answered if a is not None and not rhetorical(a.text) and id(a) not in unsettled and not any(
            part.lower() in a.text.lower() for part in uncovered) and focus_gap(a.text, job.passages)]
        # a name a general question asks about that no passage mentions ("the Ostrava canal"): the part not covered
        uncovered += [name for a in answered if a is not None and not rhetorical(a.text) and id(a) not in unsettled
                      for name in unmentioned_names(a.text, job.passages) if name not in uncovered]
        # an answered general question asking for a value that neither its chosen sentences nor any passage about its
        # subject states (no number for a "how many"): what was found is about its subject, not its answer
        unfocused += [a for a, sents in answers if sents and a is not None and a not in unfocused and not rhetorical(a.text)
                      and id(a) not in unsettled and answer_type_gap(a.text, a.kind, [s.text for s in sents], job.passages)]
        # "how many phone charges does it give?" answered with a price: no count of the things asked about anywhere
        unfocused += [a for a, sents in answers if sents and a is not None and a not in unfocused and not rhetorical(a.text)
                      and id(a) not in unsettled and counted_thing_gap(a.text, [s.text for s in sents], job.passages)]
        # "your Reno warehouse": a place or thing of ours by a name no passage mentions (what they say of warehouses in
        # general does not say whether that one exists)
        uncovered += [thing for a in answered if a is not None and not rhetorical(a.text)
                      for thing in [unknown_named_thing(a.text, job.passages)] if thing and thing not in uncovered]
        # the words the conversation and its documents use: topic phrases and order-centred steps must fit them
        vocabulary = " ".join([ticket.message, *(t.text for t in ticket.history if t.role == "customer"),
                               *(f"{p.title} {p.section} {p.text}" for p in job.passages)])
        orders_fit = ph.order_steps_fit(vocabulary)
        needs_order = (analysis.topic in ph.ORDER_TOPICS and not has_ref and specific and not gratitude and orders_fit)
        if procedure is not None:
            behaviour = procedure.behaviour
            coverage.reason = "following the next step of the staff procedure (see the agent notes)"
        elif behaviour == "answer" and not answered and not coverage.asks and not gratitude:
            # a statement with nothing in the sources for it ("My parcel still hasn't arrived."): ask for the
            # order when it is theirs and unnamed, else the agent finds out
            behaviour = "clarify" if needs_order else "handover"
            coverage.reason = "the customer's order is not identified" if needs_order else "no source answers the message"
        if behaviour == "answer" and (coverage.asks or uncovered) and procedure is None:
            earlier = [t.text for t in ticket.history if t.role == "customer"]
            definite = unresolved_definite(ticket.message, earlier) if not answered else None
            if not answered and not definite and earlier:
                # "this particular fund" when the customer spoke of funds only in general: the agent's general
                # explanation ("the fund charges a fee") names none of theirs
                definite = dangling_reference(ticket.message, " ".join(earlier))
            pronoun = unresolved_pronoun(ticket.message, earlier) if not answered and not definite else None
            if definite:
                # nothing answers the question as asked, and it leans on "the X" the conversation never named
                behaviour = "clarify"
                coverage.reason = f"the message does not say which {definite}, and the conversation has not named one"
            elif pronoun:
                # nothing answers the question as asked, and it leans on a pronoun the conversation never tied to
                # one thing: which one is meant comes first
                behaviour = "clarify"
                coverage.reason = f"the question does not say what “{pronoun}” refers to, and no source answers it as asked"
            elif not answered and (leaning := leaning_reference(
                    ticket.message, [t.text for t in ticket.history], earlier, job.passages)):
                # nothing answers the question as asked, and it leans on "the SDK" / "these types of stars" where the
                # conversation spoke of several kinds or none: which one is meant comes first, naming the kinds
                behaviour = "clarify"
                thing, kinds = leaning
                coverage.reason = which_of(singular(thing.split()[-1]), kinds) if len(kinds) >= 2 \
                    else which_unnamed(thing)
            elif not answered and gratitude and not parts.asks:
                # a thank-you that asks nothing ("the fitter (Ravi I think?) was great"): thanked, with nothing to
                # find out and no "I'll check with the team"
                asks_something = False
            elif not answered:
                behaviour = "handover"  # nothing in the sources answers: the agent must find out
                coverage.reason = "no source answers the question"
            elif unanswered or uncovered or unfocused:
                behaviour = "partial"
                coverage.reason = "the sources do not cover: " + "; ".join(
                    [_short(a.text) for a in unanswered + unfocused] + uncovered)
        coverage.behaviour = behaviour
        # an ask counts as answered only by a sentence that bears its kind of answer (a number for "how long")
        coverage.answered = sum(1 for a, sents in answers if sents and bears_answer(a, sents)) if answers else 0
        if not parts.asks and answered:
            coverage.answered = coverage.asks
        policy_count = sum(len(s) for _, s in answers)

        # 1. acknowledgement (+ repeated contact, + injection note) and the order from the profile.
        # (a topic barely read from the message, "refunds" at 0.24 for a slow line, is not named even with sources)
        ack_topic = analysis.topic if (policy_count and analysis.topic_confidence >= TOPIC_GUESS_CONFIDENCE) or \
            analysis.topic_confidence >= TOPIC_NAMING_CONFIDENCE else "other"
        if not ph.speaks_of(ack_topic, vocabulary):
            ack_topic = "other"
        if behaviour == "decline":
            ack = ["Thanks for getting in touch."]
        elif behaviour == "handover" and _URGENT_HANDOVER.search(job.behaviour_reason or "") and not problem:
            # people before the inconvenience (a problem the analysis named, "your heater became unsafe to use", is
            # acknowledged in its own words); an urgent rule that is no danger to anyone (an account takeover) is
            # acted on now, without hoping everyone is safe
            ack = ph.safety_acknowledgement() if _SAFETY_HANDOVER.search(job.behaviour_reason or "") \
                else ph.urgent_acknowledgement()
        elif behaviour == "handover" and _LEGAL_HANDOVER.match(reason) and not (
                problem and BEREAVEMENT_PHRASE.match(problem)):
            # a legal threat: sorry for what they went through, no word that admits fault before the team reviews it
            ack = ph.legal_acknowledgement(problem)
        elif behaviour == "clarify" and issue.kind in _CHARGE_KINDS:
            # a charge we ask about first is not yet known to be wrong: sorry for the worry, not for a mistake
            ack = ph.unconfirmed_charge_acknowledgement()
        elif gratitude and asks_something and behaviour in ("answer", "partial") and _PRAISE_WITH_REQUEST.search(ticket.message):
            # kind words beside a request ("Kelly's been brilliant ... I'd like my money back"): thanked briefly, then
            # answered; "it really made our day" is for a message that only thanks us
            ack = ph.thanks_beside_request()
        elif at_risk_without_essentials(ticket.message) and not gratitude:
            # someone very old, a baby or someone on medical equipment without heat or power: the worry, and urgency
            ack = ph.urgent_care_acknowledgement(problem)
        elif says_struggling(ticket.message) and not gratitude:
            # a person struggling hears care first, not an apology for "the trouble with this"
            ack = ph.struggling_acknowledgement()
        elif needs_gentle_reply(ticket.message) and not gratitude and analysis.emotion not in ("anger", "frustration"):
            ack = ph.gentle_acknowledgement(problem)
        else:
            # "let me explain" only where the reply goes on to explain: not before a question back or a hand-over
            explains = behaviour in ("answer", "partial") and bool(policy_count or (procedure and procedure.answers))
            ack = ph.acknowledgement(analysis.emotion, problem, ack_topic, analysis.sentiment, social=social,
                                     fault=issue.fault, explains=explains,
                                     stated=ph.states_feeling(analysis.emotion, ticket.message),
                                     about=ph.topic_phrase(ack_topic, ticket.message, " ".join(
                                         f"{p.title} {p.section}" for p in job.passages),
                                         # a hassle apologised for is one the customer named
                                         own_only=not problem and analysis.emotion in ("anger", "frustration")))
        opening = ph.pick(ack, seed, "ack")
        plan.add(1, opening)
        thanked = ph.thanked_person(ticket.message) if gratitude else None
        if thanked and behaviour != "decline":  # "thanks to Ana at the front desk": the thanks go on to her
            plan.add(1, [f"I'll make sure {thanked} hears how much you appreciated it."], "thanks")
        # a repeated contact is one the customer says it is ("the third time I'm writing"); the earlier turns of this
        # conversation are the same contact, however upset the customer is
        contacts = contact_count(ticket)
        if contacts >= 2 and not concise and behaviour != "decline":
            apologised = bool(opening) and "sorry" in opening[0].lower()
            exact = any(says_which_contact(t) for t in [ticket.message, *(t.text for t in ticket.history if t.role == "customer")])
            plan.add(1, ph.pick(ph.repeated_contact_sentence(contacts, apologised=apologised, exact=exact), seed, "repeat"),
                     "repeat")
        if analysis.injection:
            plan.add(1, ph.pick(ph.injection_sentence(), seed, "inject"))
        if foreign and behaviour != "decline":
            # the reply is drafted in English from the sources: the customer is told so, briefly
            plan.add(1, ph.pick(ph.english_reply_sentence(job.analysis.language), seed, "language"), "language")
        # (not in a hand-over: the person who takes it sees the order, and "is currently marked as active" reads as a
        # form letter to someone bereaved or struggling)
        if order and not concise and behaviour in ("answer", "partial") and not gratitude and (
                analysis.topic in ph.ORDER_TOPICS | {"other", "payments"}):
            status = order_status_sentence(order)
            if status:
                plan.add(1, [status], "status")

        # 2. the answers, ask by ask, said to the customer; the customer's facts applied to them
        events = elapsed_events(ticket.message, order, ticket.today or today())
        members = member_words(ticket.message, ticket.customer.tier if ticket.customer else None)
        # a rule for another case of its list than the customer's ("Annual plan: ..." to someone on the monthly plan)
        # is neither applied to them nor said, where the ask keeps another answer
        passage_text = {p.marker: p.text for p in job.passages}
        # ... and one for another case than the profile's ("For Debit or credit card, ..." to a Direct Debit customer)
        cases = case_sets([p.text for p in job.passages if p.audience == "public"],
                          owned_text(ticket.message, ticket.customer), ticket.message)
        theirs = [(a, [x for x in sents if not for_other_case(x.text, passage_text.get(x.marker, ""), ticket.message)
                       and not profile_other_case(x.text, cases)])
                  for a, sents in answers]
        answers = [(a, kept or sents) for (a, sents), (_, kept) in zip(answers, theirs)]
        # a banded table's row for this customer ("more than 48 hours" before the pick-up they name) in place of the
        # rows chosen, said as its consequence for them; its other rows left out
        answers, row_facts_said = apply_rows(answers, self.bank.get(job.passages), ticket.message,
                                             ticket.today or today(), ticket.customer)
        # a worked example's figures are another customer's: never said as this one's, whichever step chose it
        examples = self._examples(job.passages)
        answers = [(a, [x for x in sents if (x.marker, x.position) not in examples]) for a, sents in answers]
        # a table of plans: the customer's own plan's row, not another plan's (their tier, orders, "I'm on Max"); a table
        # of places: the row of the place they name
        owned = owned_text(ticket.message, ticket.customer)
        # (the zone their place lies in, where a table of zones names it: its column is theirs, as a plan's is)
        zone = customer_zone(ticket.message, [p.text for p in job.passages if p.audience == "public"])
        owned = f"{owned} {zone}" if zone else owned
        answers = own_rows(answers, self.bank.get(job.passages), owned, places_in(ticket.message), ticket.message)
        # an exception whose case the customer states ("a death in the immediate family: full refund on any rate")
        # leads, and the general rule it overrides is left out
        answers, excepted = exceptions_first(answers, self.bank.get(job.passages), ticket.message, row_facts_said)
        if excepted:
            coverage.facts_applied = True
            row_facts_said = row_facts_said | {(s.marker, s.position) for _, sents in answers for s in sents}
        if row_facts_said:
            coverage.facts_applied = True
            theirs = [(a, [x for x in sents if (x.marker, x.position) not in row_facts_said and not for_other_case(
                x.text, passage_text.get(x.marker, ""), ticket.message)]) for a, sents in answers]
        results = {(s.marker, s.position): r for _, sents in theirs for s in sents
                   if (r := consequence(s.text, events, members, ticket.message) or overdue(s.text, events)) is not None}
        if not results:
            # a wait counted from the day they name ("12 working days after you returned the car"): the whole wait,
            # the one that ends last, is the one to tell them about
            waits = [((s.marker, s.position), r) for _, sents in theirs for s in sents
                     if (r := dated_wait(s.text, events)) is not None and r.ends is not None]
            if waits:
                key, wait = max(waits, key=lambda kv: kv[1].ends or today())
                results = {key: wait}
        # the customer's facts are applied once, to the window the sources state for them: their membership's own
        # window before the general one
        chosen_result = max(results.items(), key=lambda kv: kv[1].for_group, default=None)
        # a member quoted the general window: their membership's own window, where a retrieved source states it for the
        # same kind of rule, is said after it and applied instead ("30 days, ... Plus members get 60 days")
        members_rule = self._members_rule(job, chosen_result, events, members) if members and chosen_result \
            and not chosen_result[1].for_group else None
        if members_rule is not None:
            chosen_result = ((members_rule[0], members_rule[1]), members_rule[3])
        applied = False
        # the place they name, where a quoted rule names the country or union it lies in ("France" and "the European
        # Union"), said once
        customer_places = places_in(ticket.message)
        place_said = False
        # the amount they state against a money limit the sources set ("orders of $150 or more"), once
        amounts = stated_amounts(ticket.message)
        # (or against the cap the rule sets for their plan: "Classic up to £150" to a Classic customer who spent £340)
        tier = ticket.customer.tier if ticket.customer else None
        limit_result = next(((s.marker, s.position, r) for _, sents in theirs for s in sents
                             if (r := amount_consequence(s.text, amounts) or capped_claim(s.text, amounts, tier, ticket.message)
                                 or share_consequence(s.text, ticket.message, ticket.customer)) is not None), None)
        # notice before their next recurring date, set against today ("Your next collection is on Tuesday 1
        # December; 10 working days before it was ...")
        notices = {(s.marker, s.position): r for _, sents in theirs for s in sents
                   if (r := notice_consequence(s.text, ticket.message, ticket.customer, ticket.today or today()))
                   is not None}
        # a payment for a first stretch plus each further one, for how long they say it lasted ("£95, plus £40 for
        # each further 12 hours" for 36 hours): only where no other rule of the same passage gives another sum (which
        # row is theirs is then not known)
        tiered = {(s.marker, s.position): t for _, sents in theirs for s in sents
                  if (t := tiered_total(s.text, ticket.message, ticket.today or today())) is not None}
        for key in list(tiered):
            siblings = {t for p, texts, _ in self.bank.get(job.passages) if p.marker == key[0] for x in texts
                        if (t := tiered_total(x, ticket.message, ticket.today or today())) is not None}
            if len(siblings) > 1 or len(set(tiered.values())) > 1:
                tiered.pop(key)
        # an ask whose window the customer's dates have missed gets no "Yes" lead from the rule that states it
        closed = {id(a): True for a, sents in answers for s in sents
                  if (r := results.get((s.marker, s.position))) is not None and not r.inside
                  and not (chosen_result and chosen_result[1].for_group and chosen_result[1].inside)}
        spoken: set[tuple[int, int]] = set()
        sections = {p.marker: p.section or p.title for p in job.passages}  # (a list item may need its heading's subject)
        wording = row_wording(job.passages, owned, ticket.message)
        # an amount the customer quotes, worked out from a rate and fee of the documents the answers come from
        # ("The £95.50 is 30 litres × £2.35 = £70.50, plus the £25 service fee: ..."): it answers "how is that worked
        # out?" first
        booked = order_in_question(ticket)
        explained = worked_charges(answers, self.bank.get(job.passages), ticket.message,
                                   plans=stated_plans(ticket.message) | (
                                       {ticket.customer.tier.lower()} if ticket.customer and ticket.customer.tier
                                       else set()),
                                   booking="\n".join(booked.items if booked else []), today=ticket.today or today())
        # (a row of prices whose sum for their number is said instead: the other columns are not theirs)
        spoken |= {(x.marker, x.position) for _, sents in answers for x in sents
                   if (x.marker, x.text) in explained.replaces}
        if explained.quoted is not None:
            plan.add(2, [cite(explained.quoted[1], explained.quoted[0])], "fact", 1.0)
            coverage.facts_applied = True

        def say_total(total: tuple[int, str]) -> None:  # with their tier's discount on it
            result = total[1].rsplit("=", 1)[-1].split()[0].rstrip(".,;") if "=" in total[1] else None
            if result and any(f"= {result}" in option for slot in plan.slots for option in slot.options):
                return  # (a row of theirs said it already, worked the same way)
            plan.add(2, [cite(total[1], total[0])], "fact")
            coverage.facts_applied = True
            tier = _tier(ticket)
            pages = [(p.marker, p.text) for p in job.passages if p.audience == "public"]
            cost = next((a for a, _ in answers if a is not None and asks_cost(a.text)), None)
            rates = [x.text for _, sents in answers for x in sents if x.marker == total[0]]
            off = discounted_total(tier, total[1], rates, cost.text, pages) if tier and cost is not None else None
            if off is not None:
                plan.add(2, [cite(off.sentence, off.marker)], "fact")

        if explained.total is not None and explained.leads:  # a stay's or package's price answers their question: first
            say_total(explained.total)
        if behaviour in ("answer", "partial") and explained.total is None and asks_cost(ticket.message):
            # the price table cells their words pick ("a large Harvest Loaf ... Area 2 ... Sunday"), each with
            # its source, and what they come to together where asked
            cells = self._add_named_prices(plan, job, answers, coverage)
            spoken |= cells.restated
        else:
            cells = _Priced()
        priced = cells.asks
        swapped: set[str] = set()
        # their tier's discount on the one price said, put right after the sentence that states the price
        member_off = self._member_discount(job, answers, priced, wording) \
            if behaviour in ("answer", "partial") and explained.total is None and not cells.discounted else None
        if member_off is not None:
            # another page's discount rule for their tier (on lessons, where the price is for a locker) is not theirs
            # here: the discount worked out is
            tier = _tier(ticket) or ""
            spoken |= {(x.marker, x.position) for _, sents in answers for x in sents
                       if x.marker != member_off[0].marker and tier_discounts(x.text, tier)}
        # rows of one price table for things the customer does not name, beside the one row they name: not theirs
        spoken |= _unnamed_rows(answers, wording, ticket.message) if asks_cost(ticket.message) else set()
        for ask_index, (ask, sentences) in enumerate(answers):
            if ask_index in priced:
                continue  # the price asked is worked out above from the cells their words pick
            for i, sentence in enumerate(sentences):
                if (sentence.marker, sentence.position) in spoken:
                    continue  # it answers an earlier ask as well, and was said there
                spoken.add((sentence.marker, sentence.position))
                # a size band's row for another band than the one their figures put them in: their band's row
                said_row = explained.swap.get((sentence.marker, sentence.text), sentence.text)
                if said_row != sentence.text and said_row in swapped:
                    continue
                swapped.add(said_row)
                text = to_customer(wording.get(said_row, said_row))  # a table row said as a sentence
                text = with_subject(text, sections.get(sentence.marker, ""))
                if has_ref:  # "send me the order number and ..." to a customer who gave it
                    text = without_given_order_number(text)
                if adjustment == "simpler" or analysis.emotion == "confusion":  # a confused customer gets plain words
                    text = simplify(text)
                verdict_fits = i == 0 and ask is not None and ask.kind == "yes_no" and not closed.get(id(ask))
                if _FAQ_VERDICT.match(text) and not (verdict_fits and ask is not None and not _REQUEST.match(ask.text)):
                    # an FAQ answer's own "No. ..." answers the FAQ's question: said only as the answer to a yes/no
                    # question of the customer's, never before a rule chosen for something else
                    text = _FAQ_VERDICT.sub("", text)
                elif verdict_fits and ask is not None and not _FAQ_VERDICT.match(text):  # (its own "No." says it)
                    text = _yes_no_answer(ask.text, sentence.text, text, " ".join(p.text for p in job.passages),
                                          ticket.message)
                plan.add(2, [cite(text, sentence.marker)], "policy", sentence.score, ask_index)
                if member_off is not None and member_off[1] == (sentence.marker, sentence.position):
                    plan.add(2, [cite(member_off[0].sentence, member_off[0].marker)], "fact")
                    coverage.facts_applied = True
                    member_off = None
                if not applied and members_rule and members_rule[4] == (sentence.marker, sentence.position):
                    plan.add(2, [cite(to_customer(members_rule[2]), members_rule[0])], "policy", sentence.score)
                    plan.add(2, [cite(members_rule[3].sentence, members_rule[0])], "fact")
                    applied = True
                    coverage.facts_applied = True
                elif not applied and chosen_result and chosen_result[0] == (sentence.marker, sentence.position):
                    # cited: the window it applies is the source's
                    plan.add(2, [cite(chosen_result[1].sentence, sentence.marker)], "fact")
                    applied = True
                    coverage.facts_applied = True
                    if chosen_result[1].overdue:  # past the time it takes: what the source says to do then
                        after = self._fallback(job, sentence)
                        if after is not None and (sentence.marker, sentence.position + 1) not in spoken:
                            spoken.add((sentence.marker, sentence.position + 1))
                            plan.add(2, [cite(to_customer(after), sentence.marker)], "fact")
                elif (worked := tiered.pop((sentence.marker, sentence.position), None)) is not None:
                    plan.add(2, [cite(worked, sentence.marker)], "fact")
                    coverage.facts_applied = True
                elif (notice := notices.pop((sentence.marker, sentence.position), None)) is not None:
                    plan.add(2, [cite(notice.sentence, sentence.marker)], "fact")
                    coverage.facts_applied = True
                    after = self._following(job, sentence) if not notice.inside else None
                    if after is not None and LATE.match(after) and (sentence.marker, sentence.position + 1) not in spoken:
                        # too late: what the rule says happens then ("your next payment is taken on the old date ...")
                        spoken.add((sentence.marker, sentence.position + 1))
                        plan.add(2, [cite(to_customer(after), sentence.marker)], "fact")
                elif limit_result and limit_result[:2] == (sentence.marker, sentence.position):
                    plan.add(2, [cite(limit_result[2].sentence, sentence.marker)], "fact")
                    coverage.facts_applied = True
                elif customer_places and not place_said and (where := place_in_rule(sentence.text, customer_places)):
                    plan.add(2, [where], "fact")  # backed by the gazetteer (a source like the profile), not by [n]
                    place_said = True
        for counted_total in cells.later:  # what the things they name come to, counted
            plan.add(2, [counted_total], "fact", 1.0)
        if explained.total is not None and not explained.leads:  # the charges they ask about, for their quantity
            say_total(explained.total)
        if age_fact is not None:  # the age they give against the minimum age said
            plan.add(2, [cite(age_fact[1], age_fact[0])], "fact")
            coverage.facts_applied = True
        if member_off is not None:  # (its price sentence was said under another ask's answer)
            plan.add(2, [cite(member_off[0].sentence, member_off[0].marker)], "fact")
            coverage.facts_applied = True
        coverage.facts_stated = bool(events)
        after_options = False
        if applied and chosen_result and not chosen_result[1].inside:
            # their window has closed: what the policy offers after it, where it says so (refuse the delivery, the
            # warranty instead), said after the consequence
            window_score = next((x.score for _, sents in answers for x in sents
                                 if (x.marker, x.position) == chosen_result[0]), 0.0)
            options = after_window(self.bank.get(job.passages), chosen_result[0], spoken)
            spoken.update((o.marker, o.position) for o in options)
            joined = as_options([o.text for o in options]) if len({o.marker for o in options}) == 1 else None
            if joined:  # "You can still refuse the delivery ..., or return the items ..."
                plan.add(2, [cite(joined, options[0].marker)], "option", window_score)
            else:
                for option in options:
                    plan.add(2, [cite(to_customer(option.text), option.marker)], "option", window_score)
            after_options = bool(options)
        if applied and chosen_result and order and order.delivered_on and format_date(order.delivered_on) in \
                chosen_result[1].sentence:
            # the window sentence already says when it was delivered: "I can see order X was delivered on ..." repeats it
            plan.slots = [slot for slot in plan.slots if slot.kind != "status"]
        if behaviour == "partial":
            # an ask of tax advice is said to be the customer's adviser's to answer, not promised a follow-up
            pending = unanswered + unfocused
            advice = [a for a in pending if ph.TAX_ADVICE.search(a.text)]
            if advice:
                plan.add(2, ph.pick(ph.tax_advice_sentence(), seed, "advice"), "gap")
            open_asks = [a for a in pending if a not in advice]
            # (a message in another language is read through an English gist: its clauses are no words of theirs)
            gap = None if foreign else _gap_phrase(open_asks, uncovered, ticket.message,
                                                   known=set(words_of(" ".join(p.text for p in job.passages))))
            if open_asks or uncovered or not advice:
                plan.add(2, ph.pick(ph.partial_sentence(gap, whole=bool(unfocused) and not uncovered), seed,
                                    "partial"), "gap")

        # 3. what happens next, by behaviour
        olabel = order_label(order) if order else None
        short_label = f"order #{order.id.lstrip('#')}" if order else None
        missing: str | None = None
        if procedure is not None:
            for step in procedure.sentences:
                plan.add(3, [step], "procedure")
        elif behaviour == "decline" and job.refusal and job.refusal_marker is not None:
            # the pages' own refusal and where they send the customer instead, cited
            refused = " ".join(cite(s, job.refusal_marker) for s in job.refusal)
            plan.add(3, ph.pick([f"{lead} {refused}" for lead in ph.refusal_leads()], seed, "decline"), "decline")
        elif behaviour == "decline":
            plan.add(3, ph.pick(ph.decline_sentences(voice.company_name, job.behaviour_reason or ""), seed, "decline"))
        elif behaviour == "clarify":
            why = job.behaviour_reason or coverage.reason or "what the message is about"
            plan.add(3, [_clarify_question(job, order, analysis.topic, why)], "clarify")
            missing = f"the customer must say more: {why}" + ("; the customer's order number" if "order" in why else "")
        elif behaviour == "handover":
            reason = job.behaviour_reason or coverage.reason or ""
            if job.handover_team or job.handover_time:  # the company's own rule says who takes it and by when
                handing = ph.rule_handover_sentences(
                    _public_team(job.handover_team, reason, job.passages, job.internal_notes), job.handover_time,
                    urgent=analysis.urgency == "high" or _URGENT_HANDOVER.search(reason) is not None)
                if _MANAGER_HANDOVER.match(reason):  # what they asked for is said back, though the rule names a team
                    handing = [f"I understand you'd like a manager to look at this. {h}" for h in handing]
            else:
                handing = ph.handover_sentences(reason, urgent=analysis.urgency == "high")
            # what the customer must do now ("Please stop somewhere safe ...", the number to call) comes before who
            # will be in touch; what the company's notes say we will do ("We will stop all collections.") after it
            steps = [x for x in job.handover_promises if _CUSTOMER_STEP.match(x)]
            promised = [x for x in job.handover_promises if x not in steps]
            if steps:
                plan.add(2, [" ".join(steps)], "steps")
            if reason.startswith(THIRD_PARTY_WHY) and not job.handover_quiet:
                # someone asks about another person's account: nothing is done for them, and nothing of that account
                # is confirmed (not even that it exists)
                plan.add(3, ph.pick(ph.third_party_sentences(), seed, "third party"), "third party")
            if not job.handover_quiet:  # (the notes say never to tell of the referral: their words only)
                plan.add(3, ph.pick(handing, seed, "handover"), "handover")
            if promised:
                plan.add(3, [" ".join(promised)], "promises")
            if not answered and job.behaviour == "answer":
                missing = "no source in the knowledge base answers the question"
        elif gratitude and not asks_something:
            plan.add(3, ph.pick(ph.gratitude_next_step(), seed, "next"))
        elif social and (has_ref or mentions_own_order(ticket.message) or specific):  # their own case: details by DM
            known = bool(ticket.customer and ticket.customer.orders)  # (said in public: the order stays unnamed)
            plan.add(3, ph.pick(ph.social_invite(known), seed, "dm"))
        elif social:
            plan.add(3, ph.pick(ph.social_followup(), seed, "dm"))
        elif behaviour == "partial":
            missing = coverage.reason
        elif applied and chosen_result and not chosen_result[1].inside:
            # the window has closed for them: no "I'll take care of it from there" as if it were open; an offer to
            # check what else applies (left out of a concise reply)
            if not concise and not after_options:  # with the options after it said, the offer to check is not needed
                plan.add(3, ph.pick(ph.closed_window_step(short_label if channel == "chat" else olabel), seed, "closed"))
        elif not specific and not order:
            pass  # a general question answered: the closing invites more questions
        elif not (ph.step_fits(step_topic, vocabulary) if step_topic in ph.ORDER_TOPICS | {"parcel_trace"} else
                  # "paying for your order" also needs an order, not only a delivery, in the conversation's words
                  orders_fit and ph.speaks_of(step_topic, vocabulary) if step_topic == "payments"
                  else ph.speaks_of(step_topic, vocabulary) and ph.step_fits(step_topic, vocabulary)):
            pass  # the topic's step is about things this conversation does not deal in: the closing invites the reply
        elif not ph.case_fits_step(step_topic, " ".join([ticket.message, *(t.text for t in ticket.history
                                                                            if t.role == "customer")])):
            pass  # the step acts on something the customer never spoke of (tracking for a delayed coach)
        else:
            steps, _ = ph.next_step(step_topic, short_label if (concise or channel == "chat") else olabel,
                                    has_order_ref=has_ref or not specific, urgent=analysis.urgency == "high",
                                    photos=ph.asks_for_photos(p.text for p in job.passages))
            steps = [ph.as_offer(step) for step in steps]  # the answer is above: asking back reads as a demand
            if not re.search(r"\?", " ".join(steps)):
                plan.add(3, steps)
        if adjustment == "warmer" and not gratitude:
            plan.add(3, ph.pick(ph.warm_extra(), seed, "warm"), "warm")

        # 4. closing by channel
        # a reply that already asks the customer something, or hands the case to a person, does not end on a second
        # question ("could you send me your account ID? Anything else I can help with?")
        asked_back = any(slot.options[0].rstrip().endswith("?") for slot in plan.slots if slot.paragraph == 3)
        # "If you send me your order number, I'll ..." already invites the reply an e-mail closing would ask for
        invited = asked_back or any(_INVITES_REPLY.search(slot.options[0]) for slot in plan.slots if slot.paragraph == 3)
        if behaviour not in ("clarify", "decline"):
            if channel == "chat" and not concise and not asked_back and behaviour != "handover":
                plan.add(4, ph.pick(ph.chat_closing(), seed, "close"), "close")
            elif channel == "email" and adjustment != "more_concise" and not invited:
                style = "formal" if formal else voice.closing_style
                plan.add(4, ph.pick(ph.email_closing(style, gratitude=gratitude and not asks_something), seed, "close"))

        paragraphs = self._render(plan, job, name=name, formal=formal)
        if procedure is not None:  # the verifier checks these against the procedure they say, not the public sources
            said = set(procedure.sentences) | {ph.formalise(s) for s in procedure.sentences}
            coverage.derived = [t for para in paragraphs for t in para if t in said]
            coverage.procedure_chunk = procedure.source.chunk_id
        return paragraphs, missing, coverage

    def _handover_support(self, job: DraftJob, answers: list[tuple[Ask | None, list[PolicySentence]]], *,
                          concise: bool, questions: list[str], answer_only: bool,
                          ) -> list[tuple[Ask | None, list[PolicySentence]]]:
        """The hand-over's policy sentences (see ``handover_support``), said as the answer to its first ask."""
        chosen = [s for _, sents in answers for s in sents]
        query = _question_text(job.ticket.message, None)
        reason = job.behaviour_reason or ""
        kept = support_sentences(self.bank.get(job.passages), self._embed_query(query), job.ticket.message, chosen,
                                 limit=2 if concise else 3, questions=questions, answer_only=answer_only,
                                 emergency=bool(_URGENT_HANDOVER.search(reason)),
                                 answer_fallback=not _BEREAVEMENT_HANDOVER.match(reason))
        if (job.behaviour_reason or "").startswith(_SAFETY_CUE):
            kept = self._with_step_before(job, kept)
        # (a step that only forbids, "Please do not bring it in", says nothing of what to do now)
        steps = " ".join(x for x in job.handover_promises if _CUSTOMER_STEP.match(x) and not _DO_NOT_STEP.match(x))
        if steps:
            # the notes' own words for what to do now ("Please stop using it ... call 111 if ...") are said: a source
            # sentence giving the same number says it twice, and its "Then ..." follower leans on what was left out
            numbers = set(PHONE_NUMBER.findall(steps))
            out: list[PolicySentence] = []
            for x in kept:
                if numbers & set(PHONE_NUMBER.findall(x.text)) or (
                        _LEANS_ON_BEFORE.match(x.text) and not any(o.position == x.position - 1 and o.marker == x.marker
                                                                   for o in out)):
                    continue
                out.append(x)
            # ... and they are what to do now: a source sentence joins them only where it is close to the message or
            # is itself an emergency step, never the nearest line of a page about something else ("drivers may refuse
            # a parcel that leaks" beside "unplug it and go outside")
            kept = [x for x in out if x.score >= RULE_SUPPORT_MIN or _EMERGENCY_STEP.search(x.text)]
        # what the notes tell the customer not to do ("Please do not carry the kiln in") is never undone by a source
        # line saying to do it ("... or carry it into the studio")
        forbidden = {m.group(1).lower() for x in job.handover_promises if (m := _DO_NOT_STEP.match(x))} - _GENERAL_VERBS
        if forbidden:
            kept = [x for x in kept if not any(re.search(rf"\b{re.escape(v)}\b", x.text, re.I) for v in forbidden)]
        if _LEGAL_HANDOVER.match(reason):  # a rule that refuses is the dispute itself: the people taking it answer
            kept = [x for x in kept if not _REFUSES.search(x.text)]
        if _BEREAVEMENT_HANDOVER.match(reason):
            about_death = {p.marker for p in job.passages if _DEATH_WORDS.search(f"{p.title} {p.section}")}
            kept = [x for x in kept if x.marker in about_death or _DEATH_WORDS.search(x.text)]
        # someone else in their account: what the passage that matched the message best says to do now and what we
        # do ("we freeze the account while we look into it") is said before the hand-over
        best = max(job.passages, key=lambda p: p.score).marker if job.passages and \
            (job.behaviour_reason or "").startswith(TAKEOVER_WHY) else None
        if (job.handover_team or job.handover_time) and not answer_only and \
                not (job.behaviour_reason or "").startswith(_SAFETY_CUE):  # (a danger: its recall line, "stop using it")
            # the company's own rule names who takes the case and by when: a source sentence is said besides only
            # where it is close to the message or speaks of that team ("call our Bereavement team on ..."), not a
            # general contact table or a closure step beside a frozen account
            team = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", job.handover_team or "")} - _GENERIC_TEAM_WORDS
            kept = [x for x in kept if x.score >= RULE_SUPPORT_MIN or _EMERGENCY_STEP.search(x.text) or
                    (x.marker == best and x.score >= TAKEOVER_SUPPORT_MIN) or
                    (team and team & {w.lower() for w in re.findall(r"[A-Za-z]{4,}", x.text)})]
        first = answers[0][0] if answers else None
        return [(first, kept)] + [(a, []) for a, _ in answers[1:]]

    def _with_step_before(self, job: DraftJob, kept: list[PolicySentence]) -> list[PolicySentence]:
        """A safety step that only forbids ("Do not stay inside to air it out.") with the step it follows in its list
        item ("Get everyone out of the vehicle straight away."): what to do comes before what not to do."""
        out: list[PolicySentence] = []
        for x in kept:
            if _FORBIDS.match(x.text) and x.position > 0 and not any(
                    (o.marker, o.position) == (x.marker, x.position - 1) for o in [*out, *kept]):
                for p, sents, vecs in self.bank.get(job.passages):
                    if p.marker == x.marker and _IMPERATIVE.match(sents[x.position - 1]):
                        out.append(PolicySentence(x.marker, x.position - 1, sents[x.position - 1], x.score,
                                                  vecs[x.position - 1]))
            out.append(x)
        return out

    def _following(self, job: DraftJob, sentence: PolicySentence) -> str | None:
        """The sentence after ``sentence`` in its passage, or None."""
        for p, sents, _ in self.bank.get(job.passages):
            if p.marker == sentence.marker and sentence.position + 1 < len(sents):
                return sents[sentence.position + 1]
        return None

    def _fallback(self, job: DraftJob, sentence: PolicySentence) -> str | None:
        """The sentence after ``sentence`` in its passage when it says what to do if the time has passed ("If it does
        not, check your spam folder."), else None."""
        for p, sents, _ in self.bank.get(job.passages):
            if p.marker == sentence.marker and sentence.position + 1 < len(sents):
                following = sents[sentence.position + 1]
                return following if FALLBACK.match(following) else None
        return None

    def _members_rule(self, job: DraftJob, general: tuple[tuple[int, int], Consequence], events: list[Elapsed],
                      members: frozenset[str]) -> tuple[int, int, str, Consequence, tuple[int, int]] | None:
        """The window a retrieved public source states for the customer's membership, for the same kind of rule as
        the general window chosen for them (its sentence reads like the general one, and it counts from the same
        event): (marker, position, sentence, consequence, the general sentence's key), or None."""
        (marker, position), said = general
        entries = [(p, sents, vecs) for p, sents, vecs in self.bank.get(job.passages) if p.audience == "public"]
        anchor = vec = None
        for p, sents, vecs in entries:
            if p.marker == marker and position < len(sents):
                vec = vecs[position]
        if vec is None or said.window is None:
            return None
        anchor = said.window.anchor
        best: tuple[float, tuple[int, int, str, Consequence, tuple[int, int]]] | None = None
        for p, sents, vecs in entries:
            for i, text in enumerate(sents):
                r = consequence(text, events, members, job.ticket.message)
                if r is None or not r.for_group or r.window is None:
                    continue
                if anchor and r.window.anchor and r.window.anchor != anchor:
                    continue
                if (r.window.days >= 1) != (said.window.days >= 1):
                    continue  # hours to change an order and days to return it are not the same rule
                similarity = float(vecs[i] @ vec / ((np.linalg.norm(vecs[i]) * np.linalg.norm(vec)) or 1.0))
                if similarity >= MEMBERS_RULE_SIMILARITY and (best is None or similarity > best[0]):
                    best = (similarity, (p.marker, i, text, r, (marker, position)))
        return best[1] if best else None

    @staticmethod
    def _add_named_prices(plan: _Plan, job: DraftJob, answers: list, coverage: Coverage,  # noqa: ANN001
                          ) -> _Priced:
        """The cells of price tables the customer's words pick (``assistant.named_prices``) that the chosen sentences
        do not already state, and their total where asked (see ``_Priced``), with their tier's discount on it."""
        ticket = job.ticket
        tier = [ticket.customer.tier] if ticket.customer and ticket.customer.tier else []
        prices = named_prices(ticket.message, job.passages, tier)
        said = " ".join(x.text for _, sents in answers for x in sents)
        total = total_sentence(prices) if asks_total(ticket.message) else None
        counted: int | None = None  # the passage of a counted total
        if total is None:
            # several of some of them ("the gloves and three glaze samplers ... in total?"): each line counted,
            # from the cells their words pick and the rows chosen for their asks, of one passage
            chosen = [x for _, sents in answers for x in sents if row_subject(x.text)]
            for marker in dict.fromkeys([*(p.marker for p in prices), *(x.marker for x in chosen)]):
                total = items_total([p.sentence() for p in prices if p.marker == marker] +
                                    [x.text for x in chosen if x.marker == marker], ticket.message)
                if total is not None:
                    counted = marker
                    break
        for price in prices:
            if total is not None or price.figure not in said:
                plan.add(2, [cite(price.sentence(), price.marker)], "fact", 1.0)
        if total is None:
            # several of the one thing priced ("I bought 2 of the refill packs"): its price times how many
            several = counted_price([p.sentence() for p in prices], ticket.message)
            if several is not None and len({p.marker for p in prices}) == 1:
                plan.add(2, [cite(several, prices[0].marker)], "fact", 1.0)
                coverage.facts_applied = True
            return _Priced()
        coverage.facts_applied = True
        cost = next((a for a, _ in answers if a is not None and asks_cost(a.text)), None)
        pages = [(p.marker, p.text) for p in job.passages if p.audience == "public"]
        member = _tier(ticket)
        off = discounted_total(member, total, [p.sentence() for p in prices], cost.text, pages) \
            if member and cost is not None else None
        sentence = cite(total, counted if counted is not None else prices[-1].marker)
        if off is not None:
            # their tier's discount on what the things come to, in the same sentence: its working starts from the
            # total worked out there
            sentence = f"{sentence[:-1]}; {off.sentence[0].lower()}{off.sentence[1:-1]} [{off.marker}]."
        # (a table row's sentence only: a sentence of prose with the price says more, "... (£38) serves 16 people")
        restated = {(x.marker, x.position) for _, sents in answers for x in sents
                    if any(p.marker == x.marker and p.figure in x.text and x.text.lower().startswith(f"for {p.row.lower()},")
                           for p in prices)}
        if counted is not None:  # after the rows it counts, which answer their asks
            later = [sentence]
        else:
            plan.add(2, [sentence], "fact", 1.0)
            later = []
        return _Priced({i for i, (ask, _) in enumerate(answers) if ask is not None and asks_cost(ask.text)
                        and asks_total(ask.text)}, restated, later, off is not None)

    @staticmethod
    def _member_discount(job: DraftJob, answers: list, priced: set[int],  # noqa: ANN001
                         wording: dict[str, str]) -> tuple[Discounted, tuple[int, int] | None] | None:
        """The customer's tier discount worked out on the one price said for the cost they ask about
        (``assistant.member_discounts``), cited to the passage that gives the discount, with the (marker, position)
        of the sentence stating that price."""
        ticket = job.ticket
        tier = _tier(ticket)
        if not tier:
            return None
        pages = [(p.marker, p.text) for p in job.passages if p.audience == "public"]
        cost = next((ask for index, (ask, _) in enumerate(answers)
                     if ask is not None and index not in priced and asks_cost(ask.text)), None)
        if cost is None:
            return None
        # the price may answer another ask of theirs ("We want the pottery class ... and how much with my
        # discount?"): every sentence said counts, and one price among them all is needed
        chosen = [x for index, (_, sentences) in enumerate(answers) if index not in priced for x in sentences]
        said = [wording.get(x.text, x.text) for x in chosen]
        # the passage of the one sentence with a price: a discount beside it there is for it
        homes = {x.marker for x in chosen if _PRICE.search(prefixed(wording.get(x.text, x.text)))
                 and not tier_row(wording.get(x.text, x.text), tier)}
        home = homes.pop() if len(homes) == 1 else None
        docs = {p.marker: p.doc_id for p in job.passages}
        same_page = frozenset(m for m, d in docs.items() if home is not None and d == docs.get(home))
        worked = discounted_price(tier, said, cost.text, pages, ticket.message, home=home, same_page=same_page)
        if worked is None:
            return None
        # (both written code first: "3 490 kr" on the page is the "3,490 kr" worked out)
        at = next(((x.marker, x.position) for x in chosen if prefixed(money(worked.price, worked.currency)) in
                   prefixed(wording.get(x.text, x.text))), None)
        return worked, at

    def _answers(self, job: DraftJob, parts, problem: str | None, order, *, channel: str, concise: bool,  # noqa: ANN001
                 limit: int | None, in_public: bool = False,
                 implied: str | None = None, skipped: set[int] | None = None) -> list[tuple[Ask | None, list[PolicySentence]]]:
        """For each ask in the customer's order, the sentences that answer it (none when nothing does). A message of
        statements only is matched as the question its problem implies (``implied``: "I still haven't got my
        refund." asks when it will come), beside its own words.

        A social reply says one sentence when the customer's own case moves to a DM, and two when a general question
        is answered in public: there the rule and its condition ("...by USPS"; "Next Day is not available to PO
        boxes") are the whole answer. The asks left without a sentence only because the reply had no room left, and
        whose subject the sources name, are added to ``skipped`` (by id): the sources may well answer them."""
        ticket = job.ticket
        total = {"chat": 3, "social": 2 if in_public else 1}.get(channel, 4)
        explains = explained_fully(parts, ticket.message)
        if explains and channel == "chat":
            total = EXPLANATION_MAX  # an explanation takes the room a chat reply gives several answers
        asks = [a for a in parts.asks if a.kind != "status" or not order][:MAX_ASKS]
        if ph.thanked_person(ticket.message) and job.analysis.emotion == "gratitude":
            # "could you let her know?": the opening says the thanks will reach them, no policy answers it
            asks = [a for a in asks if not ph.PASS_ON_THANKS.search(a.text)] or asks
        if channel in ("email", "chat"):
            # a message of several questions ("1) ... 2) ... 3) ... 4) ...") gets an answer to each, one sentence
            # apiece at least, before any of them gets a second
            total = max(total, len(asks))
        if concise:
            total = min(total, 2)
        if limit is not None:
            total = min(total, limit)
        boost = frozenset(_profile_words(ticket))
        places = places_in(ticket.message)  # where the customer is: the table row for their area is theirs
        out: list[tuple[Ask | None, list[PolicySentence]]] = []
        used: set[tuple[int, int]] = set()
        context = " ".join(parts.statements)[:300]
        # "shipping to Toronto" is asked about Canada when that is what the sources name
        vocabulary = {w.lower() for p in job.passages for w in re.findall(r"[A-Za-z]+", p.text)}
        areas = place_context(ticket.message, vocabulary.__contains__)
        boost = boost | {w.lower() for w in re.findall(r"[A-Za-z]+", areas) if w.lower() in vocabulary}
        if not areas and _unlisted_places(ticket.message, vocabulary):
            # "going to Thailand" where the documents name neither it nor its region: their rule for everywhere
            # else ("outside the zone", "the rest of the world") is the one for it
            boost = boost | _ELSEWHERE
        boost = boost | state_words(ticket.message)  # "still in the box": the rule for unopened items is theirs
        # "I'm on Flex": the rule written for Flex is theirs (for an ask that names the plan, its words already count)
        plan_words = stated_plan_words(ticket.message)
        stated = elapsed_events(ticket.message, order, ticket.today or today())
        dated = bool(stated)  # their dates need the policy's window
        # the anchors a window may count from that their dates are (a start they name stands for the purchase it was;
        # the profile's order date is no plan's start or bill date)
        dated_events = frozenset(a for a in ANCHOR_EVENTS if any(stands_for(e, a) for e in stated)) | (
            # a day they give for something they do not name ("I got a jacket last week") may be their purchase or its
            # delivery (not a plan's start or a bill date)
            frozenset({"order", "charge", "delivery", "shipping"}) if any(e.event is None for e in stated) else frozenset())
        subject = conversation_subject(ticket)
        # rules for an item in another state than theirs ("opened electronics ..." when theirs is still in the box)
        # ... and steps for before something they have already done ("contact us before opening a dispute")
        # ... and rules or steps that need what they say they do not have ("sign in with one of your backup codes");
        # the rule for the case they state ("If you have no backup codes, ...", the $4.95 they quote) is theirs
        case = {(p.marker, i): stated_case(text, ticket.message) for p, sents, _ in self.bank.get(job.passages)
                for i, text in enumerate(sents)}
        # the rule whose range holds a measure they state ("maybe 2cm" and "Scratches shorter than 3 cm ..."; "3 hrs
        # late" and the row "More than 2 hours"); the rows of the ranges theirs is outside are rules for other cases
        measured = {(p.marker, i): fits for p, sents, _ in self.bank.get(job.passages)
                    for i, fits in passage_fits(sents, ticket.message).items()} if stated_measures(ticket.message) else {}
        # ... and the rows of a banded table whose band their own figure is outside ("Over 9 months" to a policy
        # started 7 days ago)
        public = [p for p in job.passages if p.audience == "public"]
        lengths_in = [p.text for p in public] + [f"{p.title}\n{p.section}" for p in public]  # a period's length
        banded = {p.marker: band_keys(p.text, ticket.message, ticket.today or today(), ticket.customer,
                                      [t for t in lengths_in if t != p.text]) for p in job.passages if "|" in p.text}
        other_bands = {m: tuple(f"For {key}," for key in keys[1]) for m, keys in banded.items() if keys[1]}
        own_bands = {m: tuple(f"For {key}," for key in keys[0]) for m, keys in banded.items() if keys[0]}
        calm = not danger_sentences(ticket.message)  # (an emergency's steps are for a danger reported)
        inapplicable = frozenset((p.marker, i) for p, sents, _ in self.bank.get(job.passages)
                                 for i, text in enumerate(sents)
                                 if contrary_state(text, ticket.message) or already_past(text, ticket.message)
                                 or (calm and emergency_step(text))
                                 or case[(p.marker, i)] < 0 or measured.get((p.marker, i), 0) < 0
                                 or text.startswith(other_bands.get(p.marker, ()))
                                 # another journey's row of a table of routes ("Harbour Station ↔ Hill Airport" to a
                                 # customer who names only Harbour Station)
                                 or other_route(text, ticket.message)) | self._examples(job.passages)
        theirs = {key: OWN_CASE_BONUS for key, fit in case.items() if fit > 0} | {
            (p.marker, i): FIGURE_BONUS for p, sents, _ in self.bank.get(job.passages) for i, text in enumerate(sents)
            if case[(p.marker, i)] == 0 and states_quoted_figure(text, ticket.message)}
        # the rule whose case is what they tell happened ("my dad died on Sunday" and "If ... a member of their
        # immediate family dies, we give a full refund"): its condition read against each thing they state
        # (for a question about what their situation means for them: "what do I do now?", "do I lose the money?")
        if any(_SITUATION_ASK.search(a.text) for a in asks):
            for key in self._situation_cases(job, parts):
                theirs[key] = theirs.get(key, 0.0) + SITUATION_CASE_BONUS
        for key, fits in measured.items():
            if fits > 0 and key not in theirs:
                theirs[key] = MEASURE_BONUS
        for p, sents, _ in self.bank.get(job.passages) if own_bands else []:
            for i, text in enumerate(sents):
                if text.startswith(own_bands.get(p.marker, ())):  # the row of the band their figure is in
                    theirs[(p.marker, i)] = max(theirs.get((p.marker, i), 0.0), MEASURE_BONUS)
        # sections written for another case than the one the customer reports ("Stolen parcels", "Parcels delivered to
        # the wrong address" to an order that arrived damaged), where a section about their case was found: their rules
        # share the customer's words (parcel, replacement) but are not theirs
        for marker in self._off_case(job.passages, problem):
            for key in case:
                if key[0] == marker:
                    theirs[key] = theirs.get(key, 0.0) - OFF_CASE_PENALTY
        # rules for another case of a list or table than the one the profile says is theirs ("If a pay-on-receipt bill is
        # still unpaid ..." to a Direct Debit customer; the card and transfer rows of a refund table): the neighbouring
        # rule, which their own case's rule outranks
        cases = case_sets([p.text for p in public], owned_text(ticket.message, ticket.customer), ticket.message)
        for p, sents, _ in self.bank.get(job.passages) if cases else []:
            for i, text in enumerate(sents):
                if profile_other_case(text, cases):
                    theirs[(p.marker, i)] = theirs.get((p.marker, i), 0.0) - PROFILE_CASE_PENALTY
        # a journey between places (from Madrid to Lisbon): the rule naming the countries of both is the one for it
        # ("Between EU countries we serve (... Spain, Portugal ...)"), not one for within one of them
        journey = places_in(ticket.message)
        if len({p.country for p in journey}) >= 2:
            for p, sents, _ in self.bank.get(job.passages):
                for i, text in enumerate(sents):
                    if names_journey(text, journey):
                        theirs[(p.marker, i)] = theirs.get((p.marker, i), 0.0) + OWN_CASE_BONUS
        # a notice counted back from a date of theirs (their arrival, in what they booked), asked when: the rule their
        # date can be worked out from ("The rest is payable 30 days before your check-in date" to "by when is the
        # rest paid?")
        if any(_WHEN_ASK.search(a.text) for a in asks):
            for p, sents, _ in self.bank.get(job.passages):
                for i, text in enumerate(sents):
                    if notice_consequence(text, ticket.message, ticket.customer, ticket.today or today()) is not None:
                        theirs[(p.marker, i)] = theirs.get((p.marker, i), 0.0) + OWN_CASE_BONUS
        targets: list[Ask | None] = list(asks) if asks else [None]
        said: list[NDArray[np.float32]] = []
        unmatched: list[tuple[int, str, str, list[str]]] = []  # asks nothing new answered: (index in out, query, own, named)
        # the things the customer names (for each ask, in its words and around it), embedded together
        self._embed_many(named_objects(ticket.message))
        for index, ask in enumerate(targets):
            room = total - len(used)
            if room <= 0:
                out.append((ask, []))
                if skipped is not None and ask is not None and not unknown_terms(ask.text, job.passages):
                    # no room left in this reply: unanswered here, not a gap of the sources (unless they never name
                    # what it asks about)
                    skipped.add(id(ask))
                continue
            per_ask = min(room, 2 if len(targets) > 1 else min(total, EXPLANATION_MAX if explains else SINGLE_ASK_MAX))
            # every ask gets its answer before an earlier one gets a second sentence (three asks in a chat's three)
            per_ask = max(1, min(per_ask, room - (len(targets) - index - 1)))
            if ask is None:
                query = _question_text(ticket.message, problem)
                if implied:
                    query = f"{implied} {query}"
            else:
                # the ask plus what the customer said around it ("it" in "send it back" is the shirt) and the
                # policy area's name
                topic = topic_words(job.analysis.topic, ticket.message)
                # a follow-up that names too little of its own is matched with the conversation's subject
                follow_up = subject if leans_on_conversation(ask.text) and len(telling_words(context)) < 2 else ""
                query = " ".join(x for x in (ask.text, context, topic, areas, follow_up) if x)
            query = _without_item_names(query, order, job.analysis.topic)
            # the ask on its own, too: matched alone it finds its answer best (context words only dilute it)
            own = _without_item_names(_bare_ask(ask.text), order, job.analysis.topic) if ask is not None else (
                implied or "")
            # an ask led by what the customer states ("the boots are too small, can I swap them for free?") is
            # matched by its question; the statement is its context
            clause = question_clause(own) if own else own
            led_by = own[: len(own) - len(clause)].strip(" ,:;-(") if clause != own else ""
            own = clause
            if own and areas:
                own = f"{own} ({areas})"
            previous = next((a.text for a in reversed(asks) if a.position < ask.position), "") if ask is not None else ""
            asked_as = ask.text if ask else (implied or ticket.message)  # the question the sentences must answer
            if own and previous and not led_by and _PRONOUN.search(own) and (len(telling_words(own)) < 2
                                                                              or pronoun_subject(own)):
                # "How long does Standard take, and how much does it cost?": "it" is what the ask before it named (an ask
                # led by its own statement, "I never asked for paper bills, how do I stop that?", names it there)
                own = f"{own} ({_bare_ask(previous)})"
            elif own and subject and leans_on_conversation(own) and len(telling_words(context)) < 2:
                # a follow-up ("which is more important?", "when was the song released?"): what it is about is in
                # the customer's earlier turn, not in its own words
                own = f"{own} ({subject[:200]})"
            elif own and implied and _PLEA.search(own):
                # "please help, I need my phone for work": a plea whose subject is the problem they report ("my
                # direct debit bounced"), matched as the question that problem implies
                own = f"{implied} ({context[:160]})"
                query = f"{implied} {query}"
                asked_as = implied
            elif own and implied and context and _PRONOUN.search(own):
                # "do I get money off for this?": "this" is the problem they report, asked about as that problem's
                # question ("no signal since Saturday": what happens when the service is down)
                own = f"{own} ({implied} {context[:120]})"
            elif own and led_by and _STATE_QUESTION.match(own):
                # "tracking hasn't moved in 2 days, is my parcel lost?": a question about a state is answered from the
                # state they describe (a request, "..., can I swap them?", is matched by itself)
                own = f"{own} ({led_by[:160]})"
            elif own and (context or led_by) and (_PRONOUN.search(own) or len(telling_words(own)) < 2 or (
                    ask is not None and _SITUATION_ASK.search(own))):
                # "what happens to my sessions?": what happens depends on what they said happened ("my trainer quit");
                # "can it go in the dishwasher?": "it" is in what they said; "when will I get charged?" names too little
                # on its own (the free trial they mention is what it is about)
                own = f"{own} ({(led_by + ' ' + context).strip()[:160]})"
            # the things the customer names for this ask ("my earbuds"), and in what they say around it unless the ask
            # follows another one (its "it" is then what that ask named)
            named = named_objects(ask.text) if ask is not None else []
            if not previous:
                named += [o for o in named_objects(context if ask is not None else ticket.message) if o not in named]
            named = named[:OBJECTS_PER_ASK]
            named_plan = plan_words & content_words(ask.text) if ask is not None else frozenset()
            sentences = select_policy(self.bank, job.passages, self._embed_query(query), content_words(query),
                                      max_sentences=per_ask, question=asked_as,
                                      about=own,
                                      exclude=frozenset(used), boost_words=boost | (plan_words - named_plan), prefer_windows=dated,
                                      window_events=dated_events,
                                      ask_vec=self._embed_query(own) if own else None, avoid=said,
                                      objects=[(o, self._embed_query(o)) for o in named], inapplicable=inapplicable,
                                      own_case=theirs, places=places)
            if not sentences and ask is not None and own and context and context[:60] not in own:
                # its own words find nothing ("are you going to sting me for the juice?"): what it is about is in what
                # they said around it ("it only had 65% when I picked it up ...")
                own = f"{own} ({context[:160]})"
                sentences = select_policy(self.bank, job.passages, self._embed_query(query), content_words(query),
                                          max_sentences=per_ask, question=asked_as, about=own,
                                          exclude=frozenset(used), boost_words=boost | (plan_words - named_plan),
                                          prefer_windows=dated, window_events=dated_events,
                                          ask_vec=self._embed_query(own), avoid=said,
                                          objects=[(o, self._embed_query(o)) for o in named], inapplicable=inapplicable,
                                          own_case=theirs, places=places)
            if ask is not None and ask.position > 0 and unknown_terms(ask.text, job.passages):
                sentences = []  # the sources never name what this ask is about: the agent follows up on it
            elif not sentences and ask is not None:
                unmatched.append((len(out), query, own, named))
            if sentences and open_question(ask.text if ask is not None else ticket.message):
                # "what is ...", "how does ... work": the passage's explanation, not its one best-matching sentence
                sentences = continue_explanation(sentences, self.bank.get(job.passages), max_sentences=per_ask,
                                                 exclude=frozenset(used))
            if sentences and explains:
                # the message's one question asks for an explanation: its room is filled with what else the passages
                # say closest to it
                sentences = widen_explanation(sentences, self.bank.get(job.passages), self._embed_query(query),
                                              max_sentences=per_ask, exclude=frozenset(used))
            used.update((s.marker, s.position) for s in sentences)
            said.extend(s.vec for s in sentences if s.vec is not None)
            out.append((ask, sentences))
        for i, query, own, named in unmatched:
            # its best answer may be one another ask took ("what help is there, and do we need to tell you in
            # advance?" are both answered by "tell us 48 hours before"): answered there, not a gap (said once)
            ask = out[i][0]
            if ask is None or not used:
                continue
            again = select_policy(self.bank, job.passages, self._embed_query(query), content_words(query),
                                  max_sentences=1, question=ask.text, about=own, boost_words=boost,
                                  prefer_windows=dated, window_events=dated_events,
                                  ask_vec=self._embed_query(own) if own else None,
                                  objects=[(o, self._embed_query(o)) for o in named], inapplicable=inapplicable,
                                      own_case=theirs, places=places)
            out[i] = (ask, [x for x in again if (x.marker, x.position) in used])
        return self._without_other_cases(out, parts)

    def _without_other_cases(self, answers: list[tuple[Ask | None, list[PolicySentence]]],
                             parts) -> list[tuple[Ask | None, list[PolicySentence]]]:  # noqa: ANN001
        """``answers`` without the further sentences, from another passage than their ask's direct answer, whose
        opening condition is about a situation the customer tells nothing of: under ``OTHER_CASE_MATCH`` in meaning to
        everything they say ("If we can't cover the condition and you don't want to keep the policy, ..." beside the
        cooling-off refund to a customer cancelling because they have cover elsewhere). An agent deletes those."""
        said = [x for x in [*parts.statements, *(a.text for a in parts.asks)] if len(x.split()) >= 3]
        extra = {(s.marker, s.position): m.group(1) for _, sentences in answers for s in sentences[1:]
                 if sentences and s.marker != sentences[0].marker and (m := _CASE_CONDITION.search(s.text))}
        if not said or not extra:
            return answers
        self._embed_many([*said, *extra.values()])
        stated = np.stack([self._embed_query(x) for x in said])
        told = {family(w) for w in content_words(" ".join(said))}
        # far in meaning from all they say, and most of its words not theirs (an embedder that reads "torn" and "tore"
        # as unalike still sees "item", "damaged" and "seam")
        other = {key for key, condition in extra.items()
                 if float(np.max(stated @ self._embed_query(condition))) < OTHER_CASE_MATCH
                 and len(words := {family(w) for w in content_words(condition)}) >= 2 and len(words & told) < len(words) / 2}
        return [(ask, [s for s in sentences if (s.marker, s.position) not in other]) for ask, sentences in answers]

    def _examples(self, passages: list[Passage]) -> frozenset[tuple[int, int]]:
        """(marker, position) of the passages' sentences that are worked examples about someone else's case (see
        assistant/grounding/examples.py): never quoted, their rule is."""
        return frozenset((p.marker, i) for p, sents, _ in self.bank.get(passages)
                         for i in example_sentences(p.text, p.section or "", sents))

    def _off_case(self, passages: list[Passage], problem: str | None) -> frozenset[int]:
        """The markers of passages whose heading (title and section) is about another case than the ``problem`` the
        customer reports: well under the heading closest to it, where that one clearly is about it; none without a
        problem or such a heading."""
        if not problem or len(passages) < 2:
            return frozenset()
        headings = [f"{p.title}: {p.section}" if p.section else p.title for p in passages]
        self._embed_many([problem, *headings])
        target = self._embed_query(problem)
        sims = [float(self._embed_query(h) @ target) for h in headings]
        best = max(sims)
        if best < CASE_HEADING_MIN:
            return frozenset()
        return frozenset(p.marker for p, sim in zip(passages, sims) if sim < best - CASE_HEADING_GAP)

    def _situation_cases(self, job: DraftJob, parts) -> list[tuple[int, int]]:  # noqa: ANN001
        """(marker, position) of the one sentence whose opening condition ("If ..., ", "When ..., ") is clearly
        closest in meaning to something the customer states of their case: at least ``SITUATION_MATCH`` to one of
        their statements and ``SITUATION_MARGIN`` ahead of every other condition. None when they state nothing that
        names enough to compare."""
        said = [x for x in parts.statements if len(words_of(x)) >= SITUATION_MIN_WORDS]
        if not said:
            return []
        openers = {(p.marker, i): m.group(1) for p, sents, _ in self.bank.get(job.passages)
                   for i, text in enumerate(sents) if (m := _CASE_CONDITION.search(text))}
        if not openers:
            return []
        self._embed_many([*said, *openers.values()])
        stated = np.stack([self._embed_query(x) for x in said])
        closeness = {key: float(np.max(stated @ self._embed_query(text))) for key, text in openers.items()}
        ranked = sorted(closeness.items(), key=lambda kv: -kv[1])
        best_key, best = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        if best >= SITUATION_MATCH and best - runner_up >= SITUATION_MARGIN:
            return [best_key]
        return []

    def _render(self, plan: _Plan, job: DraftJob, *, name: str | None, formal: bool) -> list[list[str]]:
        ticket = job.ticket
        voice = ticket.brand_voice
        banned = voice.banned_phrases
        picked: list[tuple[int, str, _Slot]] = []
        for slot in plan.slots:
            for option in slot.options:
                text = ph.formalise(option) if formal else option
                if not contains_phrase(text, banned):
                    picked.append((slot.paragraph, text, slot))
                    break
        if ticket.channel == "chat":
            picked = _trim_chat(picked, reserve=1 if name or not formal else 0, limit=plan.chat_max or CHAT_MAX_SENTENCES)
        chosen = _merge_shared_leads([(para, text) for para, text, _ in picked])
        casual = voice.formality == "casual" or job.adjustment == "warmer"
        greeting = _greeting(name, formal=formal, casual=casual, channel=ticket.channel,
                             language=job.analysis.language)
        if ticket.channel in ("chat", "social"):
            sentences = [t for _, t in chosen]
            if greeting:  # its own short sentence, so the acknowledgement still reads as one
                sentences.insert(0, greeting)
            return [sentences] if sentences else [["Thanks for getting in touch."]]
        paragraphs: list[list[str]] = []
        if greeting:
            paragraphs.append([greeting])
        current = None
        for para, text in chosen:
            if para != current:
                paragraphs.append([])
                current = para
            paragraphs[-1].append(text)
        agent = ticket.agent_name or (f"The {voice.company_name} team" if voice.company_name else "The customer care team")
        closing = sign_off(ticket) if not formal or ticket.sign_off else "Kind regards"
        paragraphs.append([f"{closing},", agent] if ticket.agent_name else [f"{closing},", agent])
        return paragraphs

    def warm_up(self, passages: list[Passage]) -> int:
        """Embed these passages' sentences now (e.g. every public chunk at start-up) so that the first drafts
        do not pay for it; returns how many sentences were embedded."""
        before = self.bank.size
        self.bank.get(passages)
        return self.bank.size - before

    def _embed_many(self, texts: list[str]) -> None:
        """Embed the texts not cached yet in one call (the things a message names: one encode, not one per thing)."""
        with self._lock:
            todo = list(dict.fromkeys(t for t in texts if t not in self._queries))
        if not todo:
            return
        vecs = np.asarray(self.embedder.embed_documents(todo), dtype=np.float32)
        with self._lock:
            for text, vec in zip(todo, vecs):
                self._queries[text] = vec
            while len(self._queries) > self._query_cache:
                self._queries.popitem(last=False)

    def _embed_query(self, text: str) -> NDArray[np.float32]:
        with self._lock:
            if text in self._queries:
                self._queries.move_to_end(text)
                return self._queries[text]
        vec = np.asarray(self.embedder.embed_query(text), dtype=np.float32)
        with self._lock:
            self._queries[text] = vec
            while len(self._queries) > self._query_cache:
                self._queries.popitem(last=False)
        return vec


CHAT_MAX_SENTENCES = 5
# a chat reply whose one question asks for an explanation holds the explanation, its greeting and its opening line
EXPLANATION_CHAT_MAX = EXPLANATION_MAX + 2
# least needed first; what the customer can still do after a closed window outranks the order's status line
_CHAT_DROP_ORDER = ("close", "warm", "language", "repeat", "policy", "status", "option")


def _trim_chat(picked: list[tuple[int, str, _Slot]], reserve: int = 0,
               limit: int = CHAT_MAX_SENTENCES) -> list[tuple[int, str, _Slot]]:
    """Keep a chat reply to ``limit`` sentences (five unless it explains), dropping what matters least (never the last policy sentence, nor the one
    the customer's facts are applied to just after it: "that means you're still within the window" needs its rule;
    among policy sentences, the least relevant goes first, but an ask's only answer after any other: each ask keeps
    its answer)."""
    out = list(picked)

    def only_answer(i: int) -> bool:  # the one sentence left that answers its ask
        ask = out[i][2].ask
        return ask >= 0 and sum(1 for _, _, slot in out if slot.kind == "policy" and slot.ask == ask) == 1

    def count() -> int:
        return sum(len(split_sentences(text)) for _, text, _ in out)

    for kind in _CHAT_DROP_ORDER:
        while count() + reserve > limit:
            of_kind = [i for i, (_, _, slot) in enumerate(out) if slot.kind == kind]
            # (never an emergency step: "call 112 at once" outranks any length)
            idx = [i for i in of_kind
                   if not (kind == "policy" and i + 1 < len(out) and out[i + 1][2].kind == "fact")
                   and not _EMERGENCY_STEP.search(out[i][1])]
            if not idx or (kind == "policy" and len(of_kind) <= 1):
                break
            del out[min(idx, key=lambda i: (only_answer(i), out[i][2].score, -i))]
    return out


def _greeting(name: str | None, *, formal: bool, casual: bool, channel: str, language: str = "en") -> str:
    if language in ph.GREETING_WORD:  # a customer who wrote in another language is greeted in it ("Hola Ana,")
        word = ph.GREETING_WORD[language]
        if channel == "email":
            return f"{word} {name}," if name else f"{word},"
        opening = "¡" if language == "es" else ""  # ("¡Hola Ana!": Spanish opens its exclamation too)
        return f"{opening}{word} {name}!" if name else f"{opening}{word}!"
    if channel == "email":
        if formal:
            return f"Dear {name}," if name else "Hello,"
        return f"Hi {name}," if name else "Hi there,"
    # chat and social: a short greeting sentence ("Hi Maya!")
    if name:
        return f"Hey {name}!" if casual and not formal else f"Hi {name}!"
    return "" if formal else "Hi there!"


_NEGATIVE_RULE = re.compile(r"\b(?:cannot|can't|can not|won't|will not|do not|don't|does not|doesn't|are not|aren't|is not|"
                            r"isn't|not (?:eligible|possible|allowed|accepted|available|returnable|covered)|never|no longer|"
                            r"non-returnable|final sale)\b", re.I)
_CONDITIONAL_RULE = re.compile(r"^(?:only|if|as long as|provided)\b|\b(?:only|unless|as long as|provided that)\b", re.I)


# billing periods, however said ("yearly", "annual"): a rule only for monthly plans excludes a customer on a yearly one
_PERIODS = {"monthly": "month", "annual": "year", "annually": "year", "yearly": "year", "weekly": "week",
            "quarterly": "quarter", "daily": "day"}
_ONLY_GROUP = re.compile(r"^(?:only|just)\s+(.{1,80}?)\s+(?:can|may|are|is|qualify|get|have)\b", re.I)


def _only_excludes(rule: str, message: str) -> bool | None:
    """Whether a rule for some only ("Only Plus Monthly memberships can be paused") leaves out the customer, by the
    billing period or plan they say is theirs ("I'm on the yearly one", "I'm on Flex"); None when the message does
    not settle it."""
    m = _ONLY_GROUP.match(rule)
    if not m or not message:
        return None
    group = set(re.findall(r"[a-z]+", m.group(1).lower()))
    said = set(re.findall(r"[a-z]+", message.lower()))
    group_periods = {_PERIODS[w] for w in group if w in _PERIODS}
    their_periods = {_PERIODS[w] for w in said if w in _PERIODS}
    if group_periods and their_periods:
        return group_periods.isdisjoint(their_periods)
    plans = stated_plan_words(message)
    return not (plans & group) if plans else None


def _lead_yes_no(text: str, sources: str = "", message: str = "") -> str:
    """A "can I...?" answer leads with a plain yes or no, read from the rule itself ("cannot" -> No).

    A rule that only holds for some ("Only monthly plans can be paused") leads with "It depends"; the
    customer's own facts follow it when the draft can apply them. The rule's first word keeps its capital when
    it is a name: written capitalised inside the rule, or inside the ``sources`` and never in lower case there
    (a heading's "Gift Card" does not make "gift" a name; "Acme" is never written "acme")."""
    first = text.split()[0] if text.split() else ""
    name = re.compile(r"[a-z,;] " + re.escape(first) + r"\b")
    named_in_sources = first[:1].isupper() and name.search(sources) and not re.search(
        r"\b" + re.escape(first.lower()) + r"\b", sources)
    proper = re.match(r"^(?:I\b|[A-Z]{2,})", text) or name.search(text) or named_in_sources
    body = text if proper else text[0].lower() + text[1:]
    if re.match(r"^(?:only|just)\b", text, re.I):
        excluded = _only_excludes(text, message)
        return f"It depends \u2014 {body}" if excluded is None else f"No \u2014 {body}" if excluded else f"Yes \u2014 {body}"
    if _NEGATIVE_RULE.search(text):
        return f"No \u2014 {body}" if not _CONDITIONAL_RULE.search(text) else f"It depends \u2014 {body}"
    return f"Yes, {body}"


_MODAL = re.compile(r"\b(?:can|cannot|can't|may|must|only|not|never|eligible|allowed|able|free|no)\b", re.I)
_PERMISSION = re.compile(r"\b(?:can|may|are eligible|is eligible|allowed|available|accepts?|free|no (?:charge|cost|fee))\b",
                         re.I)
_OBLIGATION_ASK = re.compile(r"\b(?:have to|need to|must i|must we|required|obliged)\b", re.I)
_OBLIGATION = re.compile(r"\b(?:must|need to|needs to|have to|has to|required)\b", re.I)
_NO_OBLIGATION = re.compile(r"\b(?:do not|don't|does not|doesn't|no) (?:need|have) to\b|\bnot required\b|\bno need\b", re.I)
_FAQ_VERDICT = re.compile(r"^(?:yes|no)[.!]\s+(?=[A-Z])", re.I)
# a request for us to do something, not a question: its answer is how it gets done, never a bare "No"
_REQUEST = re.compile(r"^\W*(?:(?:i|we)(?:'d| would)? (?:want|need|like|wish|expect|demand)|please|kindly)\b(?! to know\b)"
                      r"(?:[^?]*)$", re.I)
# asks whose plain yes/no a rule cannot give: "am I too late?" (the customer's dates decide), "is it worth it?"
_UNDECIDABLE = re.compile(r"\btoo late\b|\bworth\b|\bstill (?:on|in) time\b|\bshould i\b|\bwhy\b", re.I)
# verbs that say little about what the customer wants to do ("take", "use"): a rule need not repeat them
_LIGHT_VERBS = {"take", "accept", "use", "get", "have", "make", "send", "give", "need", "want", "allow", "offer", "able",
                "order", "item", "items", "thing", "still", "back"}


def _asked_stems(ask: str) -> set[str]:
    """The stems of the distinctive things a question asks about (its key words, light verbs aside)."""
    return {family(w) for w in key_words(ask)} - {family(w) for w in _LIGHT_VERBS}


def _about(ask: str, sentence: str) -> bool:
    """The sentence names a distinctive thing the question asks about."""
    return bool(_asked_stems(ask) & {family(w) for w in content_words(sentence)})


def _rules_on(ask: str, sentence: str) -> bool:
    """The sentence is a rule about what the yes/no question asks: it says can / cannot / must, and names every
    distinctive thing the question asks about ("split ... payments" is not decided by "cannot split an order
    between two credit cards")."""
    if not _MODAL.search(sentence) or _UNDECIDABLE.search(ask):
        return False
    wanted = _asked_stems(ask)
    return bool(wanted) and wanted <= {family(w) for w in content_words(sentence)}


def _yes_no_answer(ask: str, sentence: str, text: str, sources: str, message: str = "") -> str:
    """``text`` (the rule said to the customer) led by a plain yes or no when the rule clearly decides the ask;
    unchanged when it does not (no lead beats a wrong one)."""
    if not _rules_on(ask, sentence) or re.match(r"^\W*(?:if|when|unless|once|as long as|provided)\b", sentence, re.I):
        return text
    if _REQUEST.match(ask):  # "I want you to delete my account": a "No" to a request reads as a refusal
        return text
    if _OBLIGATION_ASK.search(ask):  # "do I have to pay?": an obligation decides it, a permission does not
        if _NO_OBLIGATION.search(sentence) or re.search(r"\b(?:do not|don't|never) (?:pay|need)\b", sentence, re.I):
            return _lead_yes_no(text, sources) if _NEGATIVE_RULE.search(text) else text
        return f"Yes, {_lower_first(text, sources)}" if _OBLIGATION.search(sentence) and not _NEGATIVE_RULE.search(
            sentence) else text
    negative = _NEGATIVE_RULE.search(sentence)
    if negative:
        # the negation must bear on what was asked: "You cannot split..." for "can I split...?"
        after = {family(w) for w in content_words(sentence[negative.end():negative.end() + 60])}
        if not ({family(w) for w in key_words(ask)} & after) or _CONDITIONAL_RULE.search(sentence):
            return text
        return _lead_yes_no(text, sources)
    if re.match(r"^(?:only|just)\b", sentence, re.I) or _PERMISSION.search(sentence):
        return _lead_yes_no(text, sources, message)
    return text


def _lower_first(text: str, sources: str) -> str:
    """The sentence's first letter lowered after a lead, unless its first word is a name (see ``_lead_yes_no``)."""
    led = _lead_yes_no(text, sources)
    return led.split(", ", 1)[1] if led.startswith("Yes, ") else text


def contact_count(ticket) -> int:  # noqa: ANN001
    """How many times the customer has now contacted us about this, as they say it ("the third time I'm writing",
    "I've emailed you twice"), in this message or an earlier turn; 1 when they do not say. The earlier turns of the
    conversation are not separate contacts (a chat goes back and forth), and a problem that happened again ("too big
    AGAIN") is not a repeated contact."""
    said = [said_contacts(ticket.message)] + [said_contacts(t.text) for t in ticket.history if t.role == "customer"]
    return max(1, *said)

# an ask for what follows from the customer's situation: its answer depends on what they said happened
_SITUATION_ASK = re.compile(r"\bwhat (?:happens|will happen|happened) (?:to|with|now|next|if)\b|\bwhat (?:are|r) my options\b|"
                            r"\bwhat (?:now|next)\b|\bwhere does (?:that|this) leave me\b|\bwhat (?:can|should|do) (?:i|we) do\b|"
                            # what their case costs them: "do I just lose the money?", "am I paying for all this?",
                            # "is that covered?"
                            r"\b(?:do|will|would|am|are) (?:i|we) (?:just |still |even |then )?(?:lose|losing|"
                            r"pay|paying|be (?:charged|paying|covered)|going to (?:pay|be charged|lose))\b|"
                            r"\b(?:is|are) (?:that|this|it|they) (?:covered|refundable|free|charged)\b",
                            re.I)

# a request for help that names no question of its own: "please help", "can you help me?", "sort this out"
_PLEA = re.compile(r"^\W*(?:(?:please|pls|plz|can you|could you|can u)\s+)*(?:help|sort (?:it|this) out|fix (?:it|this))\b|"
                   # "I want it back": the money their reported problem is about
                   r"^\W*(?:i (?:want|need|expect)|give me|(?:please\s+)?(?:send|pay))\s+(?:it|this|that|them|my money)\s+back\b",
                   re.I)

_INTERJECTION = re.compile(r"^\W*(?:(?:sorry|thanks|thank you|ok|okay|well|hi|hello|hey|oh|ah|great|nice|cool|yes|no|"
                           r"right|sure|please)\b[\s,.!;:-]*)+", re.I)
_COMPOUND = re.compile(r"\s*(?:,\s*(?:and|or)?|\band\b|\bor\b|&|\bas well as\b)\s+", re.I)


def uncovered_parts(ask: str, passages: list[Passage]) -> list[str]:
    """Parts of an ask that no passage mentions: a name it asks about ("Me Before You" beside a film the passages
    cover), or a part of a compound ask ("a police report or a background check letter", "primary and
    archaeological sources") whose words, or whose one long distinctive word, the passages never use. Empty when
    nothing of the ask would be covered (that is a hand-over, not a partial answer)."""
    # "... ordered it last wednesday": when is the customer's fact, not a part asked about; "Someone called and asked
    # for my PIN, is that legit?": what they state before the question is their story (see asked_terms)
    ask = asked_part(without_addresses(ask))  # (their own street, town and postcode are facts of their case)
    ask = _INTERJECTION.sub("", ask)  # "Sorry, I want to ask about ...": a courtesy, no part of what is asked
    # (a passage's heading names what it is about: "Outside Harbourline" answers "anyone outside your company?")
    source = " ".join(f"{p.title} {p.section} {p.text}" for p in passages)
    keys = word_keys(source)  # "ordering" is named by "order", "returned" by "return"
    flat = " " + " ".join(words_of(source)) + " "
    out: list[str] = []
    pieces = [p for p in _COMPOUND.split(ask.rstrip("?!. ")) if p.strip()]
    if len(pieces) < 2:
        return []
    known = lambda w: mentions(keys, w)  # noqa: E731
    for piece in pieces[1:] if len(pieces[0].split()) > 4 else pieces:
        if _CLAUSE_START.match(piece):
            continue  # "I dropped it and the grille cracked": a clause of the story, not an alternative asked about
        if piece is not pieces[0] and _ALTERNATIVE_CLAUSE.match(piece):
            continue  # "is that covered or am I out of luck": the other answer to the same yes/no question
        words = [w for w in words_in_order(piece) if len(w) >= 4 and w[0].isalpha() and w.lower() not in _ASK_FILLER
                 and w.lower() not in _LIGHT_WORDS]
        # a part that is a name the passages never mention ("... and Me Before You"), and nothing they cover
        missing = [shown for shown, key in _asked_names(piece, sentence_start=piece is pieces[0])
                   if f" {key} " not in flat and not re.search(r"\d", key) and not _their_name(shown, ask)]
        if missing and not any(known(w) for w in words if w.lower() not in " ".join(missing).lower()):
            if not any(missing[0].lower() in o.lower() for o in out):
                out.append(missing[0])
            continue
        others = {w for p in pieces if p is not piece for w in words_of(p) if len(w) >= 4}
        # one long word of its own that the passages never use ("archaeological") leaves the part uncovered, even
        # when it shares a common head with the covered part ("primary and archaeological sources")
        rare = [w for w in words if len(w) >= 8 and w.lower() not in others and not known(w)]
        if words and (not any(known(w) for w in words) or rare) and not _their_name(" ".join(words), ask):
            part = " ".join(words[:4]).lower()
            if not any(part in o.lower() or o.lower() in part for o in out):
                out.append(part)
    return out if len(out) < len(pieces) else []


_CONNECT = r"(?:of|at|the|in|on|for|de|la|le|du|von|van|da|a|an|to)"
# (a full stop inside a name, "U.S.", but never one that ends a sentence: "in July. Did ..." is two sentences)
_NAME = re.compile(rf"(?<![\w'’])([A-Z](?:[\w'’-]|\.(?!\s))*(?:\s+(?:{_CONNECT}\s+)*[A-Z](?:[\w'’-]|\.(?!\s))*)*)")


def unmentioned_names(ask: str, passages: list[Passage]) -> list[str]:
    """The names a general question asks about that no passage mentions ("a Northgate's ruling" over passages on the
    rule itself): the passages answer around the name, not for it. Not for a question about the customer's own case
    (their product or place is named in their words, the policy for it in the source's)."""
    if own_case(ask) or not re.search(r"[a-z]", ask):
        return []  # (a shouted ask has no capitals to tell a name by)
    ask = without_addresses(ask)  # their own street, town and postcode are facts of their case
    # possessives as _asked_names reads them: "Mara's Law" is "mara law"
    source = re.sub(r"['’]s\b", "", " ".join(f"{p.title or ''} {p.text}" for p in passages))
    flat = " " + " ".join(words_of(source)) + " "
    keys = word_keys(source)  # a one-word name is named by its family too: "Velmaran" by "Velmar"
    # a place the customer puts themselves or their parcel ("to Toronto", "in Japan") is a fact of their case that the
    # rules for its area, or for "other countries", answer
    covered = {" ".join(words_of(pl.name)) for pl in places_in(ask)}
    named = [_without_title_case(shown, key, source) if i == 0 and _TITLE_CASE_START.match(ask) else (shown, key)
             for i, (shown, key) in enumerate(_asked_names(ask))]
    return [shown for shown, key in named if key and f" {key} " not in flat and not re.search(r"\d", key)
            and not (" " not in key and mentions(keys, key)) and key not in covered and not _their_name(shown, ask)]


def _their_name(name: str, ask: str) -> bool:
    """The customer gives the name as a detail of theirs ("put my trading name, Harbour Kite Works, on it", "my shop is
    called Fern & Co"), which no policy needs to mention."""
    return re.search(rf"\b(?:name(?:d|\s+is)?|called)\W+{re.escape(name)}", ask, re.I) is not None


# a question that capitalises the word after its question word ("What Defines the landscape?", "How Does X Work?")
_TITLE_CASE_START = re.compile(r"^\W*(?i:what|how|why|when|where|who|which|is|are|does|do|can)\s+[A-Z]")


def _without_title_case(shown: str, key: str, source: str) -> tuple[str, str]:
    """A name read at the start of a title-cased question without its leading words that the passages write in lower
    case, or a verb before an article ("Defines the SAP" -> "SAP"): words capitalised by the customer's style, not part of
    a name."""
    words, keys = shown.split(), key.split()
    if len(keys) > 1 and keys[1] in ("the", "a", "an"):
        words, keys = words[1:], keys[1:]  # "Defines the ...": an article after it makes it the question's verb
    while words and keys and len(re.findall(rf"\b{re.escape(keys[0])}\b", source)) > \
            len(re.findall(rf"\b{re.escape(keys[0].capitalize())}\b", source)):
        words, keys = words[1:], keys[1:]
    return " ".join(words), " ".join(keys)


_CALENDAR_NAMES = frozenset([*MONTH_NAMES, *(m[:3] for m in MONTH_NAMES), "sept", *WEEKDAY_NAMES,
                             *(d[:3] for d in WEEKDAY_NAMES)])


def _asked_names(ask: str, *, sentence_start: bool = True) -> list[tuple[str, str]]:
    """The names an ask mentions ("Emilia Clarke", "Breakfast at Tiffany's", "Me Before You"), as written and as
    lower-cased words to look for, not counting the capital of its first word or "I"."""
    out: list[tuple[str, str]] = []
    for m in _NAME.finditer(ask):
        words = re.findall(r"[a-z0-9]+", re.sub(r"['’]s\b", "", m.group(1).lower()))
        # (the first word of any sentence of the ask is capitalised anyway: "Hi! Pumpkin was due her booster")
        at_start = sentence_start and (not ask[: m.start()].strip(" \"'(") or bool(re.search(r"[.!?]\W*$", ask[: m.start()])))
        if at_start:
            words = words[1:]  # "Did Emilia Clarke": the question's first word is capitalised anyway
            if not words or not m.group(1).split()[1:2] or not m.group(1).split()[1][:1].isupper():
                continue
        if not words or words == ["i"] or all(len(w) < 3 for w in words) or \
                all(w in _CALENDAR_NAMES for w in words):  # "in July", "on Monday": a date, no name of a thing
            continue
        shown = (m.group(1).split(None, 1)[1] if at_start else m.group(1)).rstrip(".'’")
        # "your Reno warehouse": after a determiner the name qualifies the noun that follows, which says what it is
        noun = re.match(r"\s+([a-z]{4,})\b", ask[m.end():])
        if noun and re.search(r"\b(?:your|our|the|a|an|this|that)\s+$", ask[: m.start()], re.I):
            shown += " " + noun.group(1)
        out.append((shown, " ".join(words)))
    return out





# a whole clause opened by an auxiliary verb after "or"/a comma: "... or am I out of luck", ", will I get money back"
_ALTERNATIVE_CLAUSE = re.compile(r"^\s*(?:am|do|does|can|could|will|would|should|shall|must|have|has|may|might)\s+"
                                 r"(?:i|we|you|it|they|that|this|there)\b", re.I)
_CLAUSE_START = re.compile(r"^\s*(?:i|i'm|i've|we|we're|it|it's|they|he|she|you|my|(?:the|a|an|this|that) \w+ (?:is|was|are|"
                           r"were|has|had|broke|came|fell|got|\w+ed)|got|received|came|was|were|is|are|had|did|went|\w+ed)\b",
                           re.I)


_OURSELVES = {"company", "business", "organisation", "organization", "agency", "service", "firm"}
_TIME_IDIOMS = re.compile(r"\b(?:in advance|ahead of time|beforehand|in good time|at short notice)\b", re.I)


def unknown_terms(ask: str, passages: list[Passage]) -> list[str]:
    """The ask's distinctive words (six letters or more, or a name) that no passage names, even by a shared stem: "can you
    engrave the card?" over sources that never mention engraving. Only for a later ask of a message with several:
    the first ask is what retrieval searched for, and the customer's own word for an item ("sneakers") often
    differs from the policy's."""
    # (a passage's heading names what it is about: "Outside Harbourline" answers "anyone outside your company?")
    source = " ".join(f"{p.title} {p.section} {p.text}" for p in passages)
    keys = word_keys(source)
    words = set(words_of(source))
    out = []
    # "in advance", "ahead of time": ways of saying "before", which a policy says with a period ("48 hours before")
    # (only the words that say what the ask asks about: not the story before it, nor their circumstances, adverbs or
    # verb forms; see asked_terms)
    ask = asked_part(_TIME_IDIOMS.sub(" ", without_addresses(ask)))
    for w in re.findall(r"[A-Za-z][a-z]{5,}", ask):
        lw = w.lower()
        if lw in _ASK_FILLER or lw not in content_words(lw) or mentions(keys, lw) or not naming_word(lw, ask) or \
                generic_ask_word(lw):
            continue
        if re.search(rf"\b(?:my|our)\s+(?:[a-z]+\s+)?{lw}\b", ask, re.I):
            continue  # "my contract", "my husband": their own thing or person, which the sources name in their own words
        if lw in _OURSELVES and re.search(rf"\b(?:your|this|the)\s+{lw}\b", ask, re.I):
            continue  # "your company": the company itself, which the sources call by its name
        out.append(lw)
    # a name (a capitalised word inside the ask: a brand, a place) that no passage mentions at all
    for w in re.findall(r"(?<=[a-z,] )[A-Z][A-Za-z]{2,}\b", ask):
        if w.lower() not in words and w.lower() not in out and w.lower() not in _ASK_FILLER:
            out.append(w.lower())
    return out


_NUMBERISH = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|ten|twelve|half|free|no charge|same day|next day)\b", re.I)
_STEP_WORDS = re.compile(r"\b(?:go to|open|select|choose|click|tap|sign in|log in|enter|use|visit|start|send|reply|request|"
                         r"fill|attach|print|drop|pack|call|e-?mail|contact|upload)\b|>", re.I)


def bears_answer(ask: Ask | None, sentences: list[PolicySentence]) -> bool:
    """Whether the chosen sentences carry what the ask needs: a number or period for "how long / how much", a
    rule (can / cannot / only...) for "can I...?", an action for "how do I..."."""
    if ask is None:
        return True
    text = " ".join(s.text for s in sentences)
    if ask.kind in ("duration", "amount"):
        return bool(_NUMBERISH.search(text))
    if ask.kind == "yes_no":
        # answered by a rule on it or by a plain statement about its subject ("We also deliver to Canada"); the
        # stricter _rules_on alone decides whether a "Yes"/"No" lead may be written
        return any(_rules_on(ask.text, s.text) or _about(ask.text, s.text) for s in sentences) or bool(
            _NUMBERISH.search(text))
    if ask.kind == "steps":
        return bool(_STEP_WORDS.search(text))
    return True


def _short(text: str) -> str:
    """An ask as a short phrase for the agent's notes."""
    words = text.strip().rstrip("?!. ").split()
    return " ".join(words[:12]) + ("..." if len(words) > 12 else "")


def _misspelt(clause: str, known: AbstractSet[str]) -> bool:
    """A lower-case word of the customer's that no English dictionary nor the sources know ("recieve", "ur",
    "refundd"): a typo or slang the reply must not repeat. (Capitalised words are names.)"""
    return any(w not in english_words() and w not in known for w in re.findall(r"(?<![\w'’-])[a-z]{3,}(?![\w'’-])", clause))


def _gap_phrase(asks: list[Ask], parts: list[str], message: str, known: AbstractSet[str] = frozenset()) -> str | None:
    """What the reply could not confirm, in words the customer recognises: each open ask restated as a clause
    ("whether we offer a repair service"), then the parts no passage mentions ("Me Before You", "background check
    letter"); None (the general wording) when an open ask cannot be restated cleanly or a part is words picked out
    of a longer clause ("sent straight receipt inside"): a clipped list of words would read as noise."""
    # never a gap named by words that name nothing ("don't or Ive", "question") or by their shouting ("IM CANCELLING IT")
    parts = [p for p in parts if _names_a_subject(p, message) and not _misspelt(p, known) and not _everyday_word(p)
             and not names_nothing(p)]  # ("your options": what any message could ask)
    clauses: list[str] = []
    pointing = 0
    for ask in asks:
        clause = indirect_question(ask.text)
        if clause is None:
            return None
        if _misspelt(clause, known):
            return None  # a typo said back reads as mockery: the general wording
        if names_nothing(clause):
            pointing += 1  # "whether it is 250 or 400": says nothing out of context
            continue
        clauses.append(clause)
    if pointing and not clauses:
        return None  # the general wording; beside a named ask ("how much the airline must pay") it is that ask's detail
    def clipped(part: str) -> bool:  # every word the customer's, but not as a phrase of theirs
        words = part.split()
        return all(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", message, re.I) for w in words) and not re.search(
            r"(?<!\w)" + r"\W+".join(map(re.escape, words)) + r"(?!\w)", message, re.I)

    if any(clipped(p) for p in parts if not any(p.lower() in c.lower() for c in clauses)):
        return " or ".join(clauses[:2]) or None
    named = clauses + [p for p in parts if not any(p.lower() in c.lower() for c in clauses)]
    return " or ".join(named[:2]) or None


# function words as customers type them without apostrophes, and words that name no subject of their own
_NO_SUBJECT = STOPWORDS | set("dont ive im cant wont didnt doesnt isnt arent wasnt werent youre thats id ill hes shes "
                              "theyre weve question questions thing things anything something stuff".split())


def _everyday_word(part: str) -> bool:
    """A part that is one of the commonest lower-case words ("work", "home"): the sources not naming it says nothing
    (the customer said it in passing: "something came up at work"); a term or a name ("eSIM", "Kinsale") is kept."""
    words = part.split()
    return len(words) == 1 and words[0].islower() and (words[0] in common_english_words() or words[0] in _TIME_WORDS)


# times said in passing ("this week", "by the weekend"): a date of the customer's, never a subject the sources omit
_TIME_WORDS = frozenset("day days week weeks weekend month months year years today tomorrow tonight morning afternoon "
                        "evening hour hours minute minutes fortnight".split()) | _CALENDAR_NAMES


def _names_a_subject(part: str, message: str = "") -> bool:
    """The part names something the customer asked about: not only function words, not a shouted clause."""
    words = re.findall(r"[A-Za-z]+(?:['’][A-Za-z]+)?", part)
    if not words or (len(words) > 1 and part.upper() == part) or shouted_words(part):
        return False
    if len(words) == 1 and re.search(rf"\b(?:can|could|do|does|did|will|would|should|may|must|to)\s+(?:(?:i|we|you|they|it)\s+)?"
                                     rf"(?:\w+\s+)?{re.escape(words[0])}\b", message, re.I):
        return False  # "can I cancel": a verb of the question, no thing the sources leave out
    if len(words) > 1 and all(w[0].isupper() for w in words if len(w) > 2):
        return True  # a title ("Me Before You"): a name, whatever its words
    return any(re.sub(r"['’]", "", w.lower()) not in _NO_SUBJECT for w in words)


_ASK_FILLER = set("also does will would could should have need want like know tell much long many about there their "
                  "they them what when where which while with your mine able possible okay really anything something "
                  "everything actually anyone someone somewhere anywhere whether another "
                  # "can it be 100 instead of 130?": connectives that name no subject
                  "instead rather otherwise either neither "
                  # "what happens now?", "what should I expect?": asking for the next step, not about a subject
                  "happen happens happened happening expect expected supposed".split())


# light verbs and particles that name no subject of their own: "how long does it take", "get my $49 back" ask about
# the delivery time and the refund, not about "take" or "back"
_LIGHT_WORDS = set("take takes taking took back make makes made give gives keep keeps come comes came goes going gone "
                   "still just then even again right away here done sort sorted fixed thing things stuff".split())


_ELSEWHERE = frozenset({"outside", "elsewhere", "rest", "worldwide", "world"})


def _unlisted_places(message: str, vocabulary: AbstractSet[str]) -> bool:
    """The customer names places, and the documents name none of them nor any area they lie in."""
    places = places_in(message)

    def named(name: str) -> bool:
        words = re.findall(r"[A-Za-z]+", name.lower())
        return bool(words) and all(w in vocabulary for w in words)

    return bool(places) and not any(named(n) for p in places for n in (p.name, p.country, *p.areas()))


def _profile_words(ticket) -> set[str]:  # noqa: ANN001
    """Words from the profile that pick the sentence meant for this customer (their tier, e.g. "Plus")."""
    profile = ticket.customer
    if profile is None or not profile.tier:
        return set()
    return set(content_words(profile.tier)) | {"member", "members", "membership"}


def _without_item_names(query: str, order, topic: str) -> str:  # noqa: ANN001
    """The product's name says which order, not which policy: "Trail Runner" should not pull in sizing."""
    if not order or topic in ("sizing", "product_care", "warranty"):
        return query
    names = {w for item in order.items for w in re.findall(r"\b(?:[A-Z][\w-]*|\d+)\b", item)}
    if not names:
        return query
    return re.sub(r"\b(?:" + "|".join(map(re.escape, sorted(names))) + r")\b\s*", "", query)


PROCEDURE_MIN_SCORE = 0.3
OBJECTS_PER_ASK = 3  # the things named for one ask that weigh in its answer's choice
SINGLE_ASK_MAX = 3  # the direct answer and at most two sentences that complete it (condition, exception, next step)
# what a customer has of their own ("your account ID", "your address"), as opposed to "the brand and type of the product"
_PERSONAL_DETAIL = re.compile(r"\b(?:name|id|address|e-?mail|username|number|phone|membership|level|tier|account|zip|"
                              r"post ?code|birth|payment|method|card)\b", re.I)
_INVITES_REPLY = re.compile(r"^(?:If you(?: send| reply| tell| let|'d like)|Could you|Can you)\b|\b(?:just )?let me know\b", re.I)
# hand-over reasons where the sources tell the customer what to do meanwhile (see ``behaviour.decide``)
# a request for money back or an end to something, beside kind words: the request is what the message is for
_PRAISE_WITH_REQUEST = re.compile(r"\b(?:money back|refund\w*|cancel\w*|end (?:my|the)|leave|quit|close my|get out of)\b", re.I)
# a charge the customer questions (twice, wrong, unknown)
_CHARGE_KINDS = frozenset({"double_charge", "wrong_charge", "unknown_charge", "charged_after_cancel"})
_ACT_NOW_HANDOVER = re.compile(r"\b(?:safety|authori[sz]e|accessibility|urgent)\b", re.I)
# a hand-over for a risk to people: a safety cue, or an escalation rule the company marks urgent
_URGENT_HANDOVER = re.compile(r"^(?:a possible safety risk|an urgent internal escalation rule)\b", re.I)
_SAFETY_HANDOVER = re.compile(r"^a possible safety risk\b|\b(?:safety|safe|danger\w*|hazard\w*|injur\w*|hurt|fire|"
                              r"medical|harm|crisis|emergenc\w*)\b", re.I)
# hand-over reasons where a question the customer also asks is still answered (not a manager demand or a press enquiry)
_ASKED_HANDOVER = re.compile(r"\b(?:legal|before|escalation rule|compensation)\b", re.I)
# ... whatever internal rule the reason then names: a manager demand or a press enquiry is handed over, not answered
# a step the customer takes now, as the hand-over's notes say it (``assistant.handover_promises``)
_CUSTOMER_STEP = re.compile(r"^(?:Please\b|You can reach us\b)")
# (someone asking about another person's account hears no policy either: nothing is done or shown for them)
_NO_POLICY_HANDOVER = re.compile(rf"^(?:the customer asks for a manager|a press or media enquiry|{re.escape(THIRD_PARTY_WHY)})\b",
                                 re.I)
_MANAGER_HANDOVER = re.compile(r"^the customer asks for a manager\b", re.I)
# a death, a customer struggling, a legal threat: a person answers what they ask for (money back, a waiver); the
# general rules ("we don't refund a change of heart", a billing team's number) hurt there. A bereaved customer hears only
# what the sources say for a death; a legal threat no rule that refuses
_BEREAVEMENT_HANDOVER = re.compile(r"^(?:the customer (?:reports a bereavement|says they are struggling)|someone at risk)\b", re.I)
_LEGAL_HANDOVER = re.compile(r"^the customer mentions legal action\b", re.I)
# a sentence that follows on from the one before it
_LEANS_ON_BEFORE = re.compile(r"^(?:Then|After that|Afterwards|Next)\b")
_REFUSES = re.compile(r"\b(?:can'?t|cannot|can not|won'?t|will not|don'?t|do not|doesn'?t|does not|isn'?t|is not|aren'?t|"
                      r"are not|never|no longer|non-refundable|not (?:eligible|refundable|covered)|no (?:refunds?|"
                      r"compensation|exchanges?))\b", re.I)
_DEATH_WORDS = re.compile(r"\b(?:died|dies|death|deceased|bereave\w*|passed away|estates?|executors?|next of kin|"
                          r"probate|funeral|condolences)\b", re.I)
# "silver member here", "I'm a gold member": the tier a customer states
_STATED_TIER = re.compile(r"\b([a-z]+)\s+member\b", re.I)
_NOT_TIER = {"a", "an", "the", "my", "your", "our", "staff", "team", "family", "new", "long", "loyal", "paying", "being",
             "been", "am", "im", "i'm", "as"}


@dataclass
class ProcedureStep:
    """What the reply says from a staff procedure: sentences in order, and the behaviour they amount to."""

    sentences: list[str]
    behaviour: Behaviour
    source: Passage  # the procedure they come from
    answers: bool = False  # it states a rule or what to try, not only what it needs


def _procedure_step(job: DraftJob) -> ProcedureStep | None:
    """The next customer-facing step of the best-matching staff procedure (see ``assistant.procedure``): the rule it
    gives for this customer and what it has them try (an answer), or what it needs from them (one question), and
    what it says will happen. None when no relevant procedure has a customer-facing step."""
    notes = [p for p in job.internal_notes if p.score >= PROCEDURE_MIN_SCORE and is_procedural(p.text)]
    if not notes:
        return None
    ticket = job.ticket
    tier = ticket.customer.tier if ticket.customer and ticket.customer.tier else None
    if tier is None:
        stated = [m.group(1) for m in _STATED_TIER.finditer(ticket.message) if m.group(1).lower() not in _NOT_TIER]
        tier = stated[0] if stated else None
    step = procedure_next_step([notes[0].text], message=ticket.message, tier=tier, max_needs=3)
    questions = [q for q in step.questions if not (stated_days(ticket.message) is not None and q.startswith("how long"))]
    asked = {w[:5] for q in questions for w in re.findall(r"[a-z]{4,}", q.lower())}
    # what the customer already said (their tier) or the question already asks ("shipping status" beside "whether it
    # has already shipped") is not asked again
    needs = [n for n in step.needs if not (tier and re.search(r"\b(?:membership|member|tier)\b", n, re.I))
             and not ({w[:5] for w in re.findall(r"[a-z]{4,}", n.lower())} & asked)]
    # what the customer says they do not have is never asked for ("I don't have an account": their full name only)
    needs = [kept for n in needs if (kept := without_lacking(n, ticket.message))][:2]
    step = replace(step, questions=questions)
    out = list(step.rules)
    if step.tries:
        tries = step.tries
        listed = tries[0] if len(tries) == 1 else ", ".join(tries[:-1]) + f", or {tries[-1]}"
        out.append(f"A few things usually sort this out: {listed}.")
    out += step.tells
    answering = bool(step.rules or step.tries)
    if needs or (step.questions and not answering):
        what = " and ".join(n if n.lower().startswith(("your", "a ", "an ", "the ")) else
                            f"your {n}" if _PERSONAL_DETAIL.search(n) else f"the {n}" for n in needs)
        question = step.questions[0] if step.questions and not answering else None
        if what and question:
            body = f"send me {what}, and tell me {question}"
        elif what:
            body = f"send me {what}"
        else:
            body = f"tell me {question}"
        # one of a few phrasings, chosen by the message: an agent reading many drafts does not see one template
        lead_ins = (["So I can take this further for you, could you {}?", "If you'd like me to go ahead, could you {}?",
                     "To take it from here, could you {}?"] if answering else
                    ["So I can look into this for you, could you {}?", "To get started, could you {}?",
                     "So I can check this for you, could you {}?"])
        out.append(ph.pick(lead_ins, ticket.message, "procedure-ask")[0].format(body))
    if not out:
        return None
    return ProcedureStep(out, "answer" if answering or not (needs or step.questions) else "clarify", notes[0],
                         answering or bool(step.tells))


def _clarify_question(job: DraftJob, order, topic: str, reason: str) -> str:  # noqa: ANN001, C901
    """One precise question: which order (naming the candidates), or which item and what happened."""
    ending = ending_question(reason) or price_question(reason)
    if ending:
        return ending
    profile = job.ticket.customer
    orders = profile.orders if profile else []
    named = re.match(r"the message does not say which (\w+): the sources name (.+?)(?: and (.+))?$", reason)
    if named:
        example = f"{named.group(2)} or {named.group(3)}" if named.group(3) else named.group(2)
        return f"Could you tell me which {named.group(1)} you mean, for example {example}?"
    unnamed = re.match(r"the message does not say which ([\w ]+?), and the conversation has not named one", reason)
    if unnamed:
        return f"Could you tell me which {unnamed.group(1)} you mean, so I can answer about the right one?"
    vague = re.match(r"the message reports a problem(?: with the customer's (\w+))? but not what it is", reason)
    if vague:
        thing = vague.group(1)
        if thing and re.search(rf"\b{thing}\b[^.?!]{{0,20}}\b(?:wrong|incorrect|not right)\b", job.ticket.message, re.I):
            # "my bill is wrong": which one, and what looks wrong on it
            return (f"Could you tell me which {thing} it is (its date or reference) and what looks wrong on it, so I can "
                    "look into it?")
        if thing and re.search(r"\b(?:took|taken|charged?|billed|paid|payments?)\b", job.ticket.message, re.I):
            # "something's off with what you took from my account": which payment, and what looks wrong with it
            return ("Could you tell me which payment this is about (its date and amount) and what looks wrong with it, "
                    "so I can look into it?")
        if thing:
            return f"Could you tell me what has gone wrong with your {thing}, and send me its reference number so I can look into it?"
        return "Could you tell me what has gone wrong, and send me the reference number it is about so I can look into it?"
    pronoun = re.match(r"the question does not say what “(\w+)” refers to", reason)
    if pronoun:
        return f"Could you tell me which one you mean by “{pronoun.group(1)}”, so I can answer about the right one?"
    if reason.startswith(UNNAMED_PAYMENTS):
        return ("Could you tell me the dates and amounts of both payments as they appear on your bank statement, so I "
                "can see whether one is a duplicate, a retried payment or a separate payment?")
    if reason.startswith(UNNAMED_CHARGE):
        if re.search(r"\border\b", job.ticket.message, re.I):  # "an extra fee on my order": which order first
            return "Could you send me your order number, and tell me the amount of the charge, so I can check what it was for?"
        return ("Could you tell me the amount and the date of the charge, or how it's described on your statement, so I "
                "can tell you what it was for?")
    items = list(dict.fromkeys(o.items[0].split(",")[0].strip() for o in orders if o.items))
    if reason.startswith("the message does not say which item or order") and len(items) >= 2:
        # "it's not working again" from someone with two services: which of theirs, named as they hold them
        listed = " or ".join(items[:2]) if len(items) == 2 else ", ".join(items[:3])
        return f"Could you tell me which one this is about ({listed}), and what exactly is happening?"
    if "more than one" in reason and len(orders) >= 2:
        latest = sorted(orders, key=lambda o: str(o.date or ""), reverse=True)[:3]
        labels = [order_label(o) for o in latest]
        kind = held_kind(job.ticket.message)
        if kind != "order":  # "cancel my policy": their word for it, with the orders that are one (and what each holds)
            labels = [label.replace("order #", "#", 1) + (f" ({o.items[0].split(',')[0].strip()})"
                                                          if o.items and "(" not in label else "")
                      for label, o in zip(labels, latest)]
        wrong = ", and what's wrong with it" if _SOMETHING_WRONG.search(job.ticket.message) else ""
        return f"Could you tell me which {kind} this is about: {', '.join(labels[:-1])} or {labels[-1]}{wrong}?"
    if "not identified" in reason or ("order" in reason and "item" not in reason):
        if names_lacking("order number", job.ticket.message):
            # they said they do not have it: what else identifies an order
            return ("No problem about the order number: could you tell me the name and e-mail address the order was "
                    "placed under, and roughly when you ordered?")
        if topic == "billing":
            return "Could you tell me the order number the charge is for, and the amount you expected to pay?"
        return f"Could you send me your {reference_name(job.passages)} so I can look it up for you?"
    return _CLARIFY_BY_TOPIC.get(topic, "Could you tell me which item or order this is about, and what exactly happened?")


# a problem reported without saying what it is ("the order came and it's not right"): the question asks that too
_SOMETHING_WRONG = re.compile(r"\b(?:not right|wrong|problem|issue|not working|faulty)\b", re.I)


# the one detail each kind of request needs first (a size question needs the item, a refund the order)
_CLARIFY_BY_TOPIC = {
    "sizing": "Could you tell me which item you're looking at, and the size you usually wear in other brands?",
    "refunds": "Could you send me your order number and tell me which item the refund is for?",
    "returns": "Could you send me your order number and tell me which item you'd like to return?",
    "exchanges": "Could you send me your order number and tell me which item you'd like to exchange, and for what?",
    "shipping": "Could you send me your order number so I can check where it is?",
    "product_care": "Could you tell me which item it is, so I can give you the right care instructions?",
}


_PRONOUN = re.compile(r"\b(?:it|they|them|this|that|these|those|one)\b", re.I)


# a question about how things stand ("is my parcel lost?", "has it shipped?"), not a request or a "how"
_STATE_QUESTION = re.compile(r"\W*(?:is|are|was|were|has|have|had|does|do|did)\b", re.I)


def _bare_ask(text: str) -> str:
    """The ask without its lead-in and filler ("ok so quick question, do you guys take paypal??" -> "do you take
    paypal?"), as the embedder was trained on plain questions."""
    t = re.sub(r"^\W*(?:(?:so|and|but|also|ok|okay|then|hi|hey|hello|um|well|quick question|just wondering|"
               r"i was wondering)\W+)*", "", text.strip(), flags=re.I)
    t = re.sub(r"\b(?:you guys|y'all|u guys)\b", "you", t, flags=re.I)
    t = re.sub(r"\bu\b", "you", t, flags=re.I)
    t = re.sub(r"([?!.])\1+", r"\1", t)
    return t or text


def _question_text(message: str, problem: str | None) -> str:
    """What the policy sentences are matched against: the message without greetings/sign-offs, capped."""
    text = re.sub(r"^\s*(?:hi|hello|hey|dear)\b[^\n,.!]*[,.!]?\s*", "", message.strip(), flags=re.I)
    text = text[:600]
    return text if not problem else f"{text} {problem}"


# a list item read with its lead-in: "In that time you can: change the delivery address [4]."
_LED_ITEM = re.compile(r"^(?P<lead>[^:\[\]]{3,80}):\s+(?P<item>[^\[\]]+?)\s*(?P<cite>\[\d+\](?:\s*\[\d+\])*)\.$")


def _merge_shared_leads(chosen: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Items of one list chosen side by side are said once with their lead-in ("You can: a; b [4].") rather than
    the lead-in repeated for each."""
    out: list[tuple[int, str]] = []
    run: list[re.Match[str]] = []

    def flush() -> None:
        if len(run) > 1:
            cites = list(dict.fromkeys(c for m in run for c in re.findall(r"\[\d+\]", m.group("cite"))))
            items = [m.group("item").rstrip(" ;,") for m in run]
            out[-1] = (out[-1][0], f"{run[0].group('lead')}: {'; '.join(items)} {''.join(cites)}.")
        run.clear()

    for para, text in chosen:
        led = _LED_ITEM.match(text)
        if led and run and out[-1][0] == para and led.group("lead") == run[0].group("lead"):
            run.append(led)
            continue
        flush()
        out.append((para, text))
        if led:
            run.append(led)
    flush()
    return out


# the functions whose names stay inside the company: telling someone suspected of fraud that "Revenue Protection" has
# the case tips them off, and a queue's or a shift role's name is jargon to the customer (a named team that deals
# with their kind of case, "our Legal & Complaints team", "our Estates desk", reassures and is kept: blind raters
# marked a legal threat's reply down when it said only "our specialist team")
_INTERNAL_FUNCTION = re.compile(r"\b(?:fraud|revenue protection|tier \d|level \d|queue|team leaders?|supervisors?|"
                                r"duty managers?|back office)\b", re.I)


# (never "Don't confirm ... until the Integrity team has reviewed them": what not to say names nothing to tell)
_TELL = re.compile(r"\b(?<!n't )(?<!not )(?<!never )(?:tell|say|inform|let|confirm|reassure|explain)\b.*\b(?:customer|hirer|"
                   r"member|passenger|client|them|they|you)\b", re.I)


def _tier(ticket: Ticket) -> str | None:
    """The customer's membership tier: their profile's, else the one they name ("using my Gold discount")."""
    return (ticket.customer.tier if ticket.customer and ticket.customer.tier else None) or named_tier(ticket.message)


def _unnamed_rows(answers: list, wording: dict[str, str], message: str) -> set[tuple[int, int]]:  # noqa: ANN001
    """The chosen rows with a price (said as sentences: "For X, the price is ...") that are alternatives to the one row
    the customer names (``assistant.charges.named_rows``): (marker, position) of each."""
    said = {(x.marker, x.position): wording.get(x.text, x.text) for _, sents in answers for x in sents}
    out: set[tuple[int, int]] = set()
    for marker in {m for m, _ in said}:  # (rows of one table come from one passage)
        priced = [text for (m, _), text in said.items() if m == marker and row_subject(text) and _PRICE.search(text)]
        kept = named_rows(priced, message, lambda text: True)
        if len(kept) < len(priced):
            out |= {key for key, text in said.items() if key[0] == marker and text in priced and text not in kept}
    return out


_PRICE = re.compile(rf"{SYMBOL}\s?\d")


def _public_team(team: str | None, reason: str, passages: list[Passage], notes: list[Passage]) -> str | None:
    """``team`` as the escalation rule names it, unless it is an internal function (``_INTERNAL_FUNCTION`` in its name,
    or any team taking a suspected fraud) that neither the public documentation names nor the notes say to tell: then "our specialist team" (the
    agent notes keep the team's name)."""
    if not team or not (_INTERNAL_FUNCTION.search(team) or re.search(r"\bfraud", reason, re.I)):
        return _role_cased(team, passages + notes) if team else team
    words = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", team)} - _GENERIC_TEAM_WORDS
    said = [f"{p.title} {p.section} {p.text}" for p in passages if p.audience == "public"]
    # ... or that the notes themselves say to tell the customer ("Tell the hirer they will hear from Harbour Legal")
    # (a table's row is no sentence to tell: its header "Tell the customer" says nothing of the team beside it)
    said += [s for p in notes for s in re.split(r"(?<=[.!?])\s+", p.text) if _TELL.search(s) and "|" not in s]
    public = {w.lower() for text in said for w in re.findall(r"[A-Za-z]{4,}", text)}
    if words and words <= public:
        return team
    # a person's role kept inside ("Rota supervisor", "duty manager") is, to the customer, a senior colleague
    return SENIOR_COLLEAGUE if _INTERNAL_PERSON.search(team) and not re.search(r"\bfraud", reason, re.I) \
        else "our specialist team"


# a person's role written as the start of a sentence ("our Guest relations manager"): one capital, the rest lower case
_SENTENCE_CASE_ROLE = re.compile(r"^(our |a |the )([A-Z][a-z]+)((?:[ -][a-z]+)*\s(?:manager|supervisor|lead|leader|officer|"
                                 r"director|coordinator|controller|specialist|adviser|advisor|vet|nurse|doctor|"
                                 r"pharmacist|engineer|technician|instructor))$")


def _role_cased(team: str, passages: list[Passage]) -> str:
    """"our Guest relations manager" -> "our guest relations manager": a role, not a name, where the pages write
    its first word in lower case elsewhere (a place keeps its capital: "our Oslo office manager")."""
    m = _SENTENCE_CASE_ROLE.match(team)
    if m is None:
        return team
    word = m.group(2).lower()
    if any(re.search(rf"(?<![\w-]){word}(?![\w-])", p.text) for p in passages):
        return f"{m.group(1)}{word}{m.group(3)}"
    return team


_INTERNAL_PERSON = re.compile(r"\b(?:team leaders?|supervisors?|duty managers?)\b", re.I)


def _is_signature(para: list[str], i: int) -> bool:
    return i > 0 and para[0].endswith(",") and len(para) == 2


def _join(paragraphs: list[list[str]]) -> str:
    out = []
    for para in paragraphs:
        if len(para) == 2 and para[0].endswith(",") and _is_signature(para, 1):
            out.append("\n".join(para))
        else:
            out.append(" ".join(para))
    return "\n\n".join(out)
