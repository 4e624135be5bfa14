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
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from assistant.analysis import asks_for_something, extract_problem
from assistant.personalisation import (
    greeting_name,
    mentions_own_order,
    order_in_question,
    order_label,
    order_status_sentence,
    sign_off,
)
from assistant.protocols import Embedder
from assistant.grounding.phrases import contains_phrase
from assistant.grounding.sentences import split_sentences
from assistant.types import DraftJob, Generation, Passage
from models.generators import composer_phrases as ph
from models.generators.composer_policy import SentenceBank, cite, content_words, select_policy, simplify, to_customer

MODEL_ID = "composer-v1"
TOPIC_NAMING_CONFIDENCE = 0.6  # below it, and with no source answering, the acknowledgement names no topic
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


@dataclass
class _Plan:
    slots: list[_Slot] = field(default_factory=list)
    missing: str | None = None

    def add(self, paragraph: int, options: list[str], kind: str = "", score: float = 0.0) -> None:
        if options:
            self.slots.append(_Slot(list(options), paragraph, kind, score))


class ComposerGenerator:
    """Deterministic reply writer over the job's passages (see module docstring)."""

    name = "composer"
    model_id = MODEL_ID

    def __init__(self, embedder: Embedder, *, query_cache: int = 256) -> None:
        self.embedder = embedder
        self.bank = SentenceBank(embedder)
        self._queries: OrderedDict[str, NDArray[np.float32]] = OrderedDict()
        self._query_cache = query_cache
        self._lock = threading.Lock()

    # -- Generator protocol ---------------------------------------------------------------------------
    def generate(self, job: DraftJob) -> Generation:
        paragraphs, missing = self._compose(job)
        return Generation(text=_join(paragraphs), model_id=self.model_id, prompt_version=None, missing=missing)

    def stream(self, job: DraftJob) -> Iterator[str]:
        """The reply sentence by sentence; joining the pieces gives exactly ``generate(job).text``."""
        paragraphs, _ = self._compose(job)
        first = True
        for para in paragraphs:
            for i, sentence in enumerate(para):
                sep = "" if first else ("\n\n" if i == 0 else ("\n" if _is_signature(para, i) else " "))
                first = False
                yield sep + sentence

    # -- composition ----------------------------------------------------------------------------------
    def _compose(self, job: DraftJob) -> tuple[list[list[str]], str | None]:
        ticket, analysis = job.ticket, job.analysis
        voice = ticket.brand_voice
        channel = ticket.channel
        adjustment = job.adjustment
        formal = voice.formality == "formal" or adjustment == "more_formal"
        concise = adjustment in ("more_concise", "simpler") or channel == "social"
        seed = ticket.message
        social = channel == "social"
        plan = _Plan()

        name = greeting_name(ticket)
        order = order_in_question(ticket) if not social else None
        has_ref = bool(order) or bool(_ORDER_REF.search(ticket.message)) or any(
            _ORDER_REF.search(t.text) for t in ticket.history if t.role == "customer"
        )
        problem = analysis.problem if analysis.problem is not None else extract_problem(ticket.message)
        if problem and social and re.search(r"\d{3,}", problem):
            problem = None  # public reply: no order numbers
        if problem and len(problem.split()) > 20:
            problem = None
        # Ask for the order number only about a specific order, not for a general policy question.
        specific = bool(problem and re.match(r"^(?:your|you)\b", problem)) or mentions_own_order(ticket.message)
        gratitude = analysis.emotion == "gratitude"
        asks_something = asks_for_something(ticket.message)

        # The policy that answers the question, chosen first: whether anything answers decides how sure the
        # acknowledgement may be about the topic.
        policy = []
        if job.evidence_ok and job.passages and (asks_something or not gratitude):
            max_policy = {"chat": 2, "social": 1}.get(channel, 3)
            if concise:
                max_policy = min(max_policy, 2)
            query = _question_text(ticket.message, problem)
            if order and analysis.topic not in ("sizing", "product_care", "warranty"):
                # the product's name says which order, not which policy: "Trail Runner" should not pull in sizing
                names = {w for item in order.items for w in re.findall(r"\b(?:[A-Z][\w-]*|\d+)\b", item)}
                if names:
                    query = re.sub(r"\b(?:" + "|".join(map(re.escape, sorted(names))) + r")\b\s*", "", query)
            words = content_words(query)
            policy = select_policy(self.bank, job.passages, self._embed_query(query), words, max_sentences=max_policy,
                                   question=ticket.message)
        # 1. acknowledgement (+ repeated contact, + injection note) and the order from the profile.
        # A topic guessed from one weak keyword ("France" -> international orders) is not named back to the
        # customer unless the sources answer the message.
        ack_topic = analysis.topic if policy or analysis.topic_confidence >= TOPIC_NAMING_CONFIDENCE else "other"
        ack = ph.acknowledgement(analysis.emotion, problem, ack_topic, analysis.sentiment, social=social)
        plan.add(1, ph.pick(ack, seed, "ack"))
        repeated = sum(1 for t in ticket.history if t.role == "customer") >= 1 and analysis.emotion in ("anger", "frustration")
        if (repeated or re.search(r"\b(?:second|third|fourth|again|several times|multiple times)\b", ticket.message, re.I)) \
                and analysis.emotion in ("anger", "frustration") and not concise:
            plan.add(1, ph.pick(ph.repeated_contact_sentence(), seed, "repeat"), "repeat")
        if analysis.injection:
            plan.add(1, ph.pick(ph.injection_sentence(), seed, "inject"))
        if order and not concise and analysis.topic in ph.ORDER_TOPICS | {"other", "payments"} and not gratitude:
            status = order_status_sentence(order)
            if status:
                plan.add(1, [status], "status")

        # 2. the policy sentences, said to the customer
        for sentence in policy:
            text = to_customer(sentence.text)
            if adjustment == "simpler" or analysis.emotion == "confusion":  # a confused customer gets plain words
                text = simplify(text)
            plan.add(2, [cite(text, sentence.marker)], "policy", sentence.score)

        # 3. what happens next, or what the agent must check / ask
        missing = None
        olabel = order_label(order) if order else None
        short_label = f"order #{order.id.lstrip('#')}" if order else None
        if gratitude and not asks_something:
            plan.add(3, ph.pick(ph.gratitude_next_step(), seed, "next"))
        elif not policy:
            needs_order = analysis.topic in ph.ORDER_TOPICS and not has_ref and specific
            plan.add(3, ph.pick(ph.unanswered_sentence(), seed, "unanswered"))
            missing = "no source in the knowledge base answers the question"
            if needs_order:
                steps, _ = ph.next_step(analysis.topic, None, has_order_ref=False, urgent=False)
                plan.add(3, steps)
                missing += "; the customer's order number"
        elif social and (has_ref or mentions_own_order(ticket.message) or bool(problem and _OWN_CASE.search(problem))):
            # their own order or account: the details belong in a DM, not in public
            plan.add(3, ph.pick(ph.social_invite(), seed, "dm"))
        elif social:  # a general question answered in public: no need to move it to a DM
            plan.add(3, ph.pick(ph.social_followup(), seed, "dm"))
        elif gratitude and problem is None:
            plan.add(3, ["I'm happy to help with anything else you need."])
        elif not specific and not order and analysis.topic in ("shipping", "refunds", "order_changes", "billing"):
            # a general question: nothing of theirs to check, so no "I'll check your tracking"
            about = re.sub(r"^your ", "", ph.TOPIC_PHRASES[analysis.topic])
            plan.add(3, [f"Let me know if you have any other questions about {about}."])
        else:
            steps, _ = ph.next_step(analysis.topic, short_label if (concise or channel == "chat") else olabel,
                                      has_order_ref=has_ref or not specific, urgent=analysis.urgency == "high")
            if "?" in ticket.message and not _STATUS_QUESTION.search(ticket.message):
                # the question is answered above: the order number is an offer, not a demand ("where is my
                # order?" is answered only by looking the order up, so there it is still asked for)
                steps = [ph.as_offer(step) for step in steps]
            plan.add(3, steps)
        if adjustment == "warmer" and not gratitude:
            plan.add(3, ph.pick(ph.warm_extra(), seed, "warm"), "warm")

        # 4. closing by channel
        last = " ".join(plan.slots[-1].options[:1]) if plan.slots else ""
        generic_next = policy and analysis.topic not in ph.ORDER_TOPICS and re.search(r"anything else|other questions", last)
        # an e-mail whose last line already invites more questions needs no second invitation
        invites = re.search(r"anything else|other questions", last) and not gratitude
        if channel == "chat" and not concise and not generic_next:
            plan.add(4, ph.pick(ph.chat_closing(), seed, "close"), "close")
        elif channel == "email" and adjustment != "more_concise" and not invites:
            style = "formal" if formal else voice.closing_style
            plan.add(4, ph.pick(ph.email_closing(style, gratitude=gratitude and not asks_something), seed, "close"))

        paragraphs = self._render(plan, job, name=name, formal=formal)
        return paragraphs, missing

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
            picked = _trim_chat(picked, reserve=1 if name or not formal else 0)
        chosen = [(para, text) for para, text, _ in picked]
        casual = voice.formality == "casual" or job.adjustment == "warmer"
        greeting = _greeting(name, formal=formal, casual=casual, channel=ticket.channel)
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
        agent = ticket.agent_name or f"The {voice.company_name} team"
        closing = sign_off(ticket) if not formal or ticket.sign_off else "Kind regards"
        paragraphs.append([f"{closing},", agent] if ticket.agent_name else [f"{closing},", agent])
        return paragraphs

    def warm_up(self, passages: list[Passage]) -> int:
        """Embed these passages' sentences now (e.g. every public chunk at start-up) so that the first drafts
        do not pay for it; returns how many sentences were embedded."""
        before = self.bank.size
        self.bank.get(passages)
        return self.bank.size - before

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
_CHAT_DROP_ORDER = ("close", "warm", "repeat", "policy", "status")  # least needed first


def _trim_chat(picked: list[tuple[int, str, _Slot]], reserve: int = 0) -> list[tuple[int, str, _Slot]]:
    """Keep a chat reply to five sentences, dropping what matters least (never the last policy sentence;
    among policy sentences, the least relevant goes first)."""
    out = list(picked)

    def count() -> int:
        return sum(len(split_sentences(text)) for _, text, _ in out)

    for kind in _CHAT_DROP_ORDER:
        while count() + reserve > CHAT_MAX_SENTENCES:
            idx = [i for i, (_, _, slot) in enumerate(out) if slot.kind == kind]
            if not idx or (kind == "policy" and len(idx) <= 1):
                break
            del out[min(idx, key=lambda i: (out[i][2].score, -i))]
    return out


def _greeting(name: str | None, *, formal: bool, casual: bool, channel: str) -> str:
    if channel == "email":
        if formal:
            return f"Dear {name}," if name else "Hello,"
        return f"Hi {name}," if name else "Hi there,"
    # chat and social: a short greeting sentence ("Hi Maya!")
    if name:
        return f"Hey {name}!" if casual and not formal else f"Hi {name}!"
    return "" if formal else "Hi there!"


def _question_text(message: str, problem: str | None) -> str:
    """What the policy sentences are matched against: the message without greetings/sign-offs, capped."""
    text = re.sub(r"^\s*(?:hi|hello|hey|dear)\b[^\n,.!]*[,.!]?\s*", "", message.strip(), flags=re.I)
    text = text[:600]
    return text if not problem else f"{text} {problem}"


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
