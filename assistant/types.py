"""Domain types shared by drafting, the API and evaluation.

They are pydantic models because the same shapes travel as JSON: ``caredraft draft --json`` and the
HTTP API print a ``Draft`` with exactly these field names.
"""

from __future__ import annotations

from datetime import date as Date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Channel = Literal["email", "chat", "social"]
Emotion = Literal["frustration", "anger", "anxiety", "confusion", "disappointment", "gratitude", "neutral"]
Urgency = Literal["low", "normal", "high"]
Adjustment = Literal["warmer", "more_concise", "more_formal", "simpler"]
# What a draft does for the customer (see assistant/behaviour.py): answers; answers part and says what is not
# covered; asks one precise question; hands the case to a person; declines a request outside the business.
Behaviour = Literal["answer", "partial", "clarify", "handover", "decline"]
BEHAVIOURS: tuple[str, ...] = ("answer", "partial", "clarify", "handover", "decline")
FlagType = Literal[
    "unsupported_claim",  # a number, amount, date, URL, e-mail or phone number no source or profile backs
    "unsupported_sentence",  # a sentence with no support in the retrieved passages
    "unsupported_promise",  # a refund, credit, compensation or exception that no source backs
    "bad_citation",  # a [n] marker that points to no retrieved passage
    "internal_content",  # text from an internal-only document in the customer-facing reply
    "sensitive_data",  # a card number or other secret from the message was masked
    "needs_agent_input",  # evidence is missing: the agent must check or ask
    "prompt_injection",  # the customer's message tried to instruct the assistant
    "low_confidence",
    "generator_fallback",  # the LLM backend failed or timed out; the composer's draft was used
    "removed_sentence",  # the safety net removed a sentence of the model's draft that no source backs
    "banned_phrase",  # the brand voice forbids a phrase the draft contains
    "quarantined_source",  # a retrieved source held instruction-like text; it was withheld from the draft
    "customer_echo",  # the draft repeated the customer's own words; those sentences were removed
]

MAX_MESSAGE_CHARS = 20_000


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)  # "Infinity" is not an amount


class Order(_Model):
    id: str = Field(description="Order number as the customer sees it.")
    date: Date | None = Field(default=None, description="Date the order was placed.")
    status: str | None = Field(default=None, description="e.g. processing, shipped, delivered, returned.")
    items: list[str] = Field(default_factory=list)
    amount: float | None = Field(default=None, ge=0)
    currency: str = "USD"
    delivered_on: Date | None = None
    tracking_number: str | None = None

    def facts(self) -> list[str]:
        """The order as short phrases ("order NW-1", "placed 2026-11-02", ...): one wording for prompts and checks."""
        bits = [f"order {self.id}"]
        if self.date:
            bits.append(f"placed {self.date.isoformat()}")
        if self.status:
            bits.append(f"status {self.status}")
        if self.delivered_on:
            bits.append(f"delivered {self.delivered_on.isoformat()}")
        if self.items:
            bits.append("items: " + "; ".join(self.items))
        if self.amount is not None:
            bits.append(f"amount {self.amount:.2f} {self.currency}")
        if self.tracking_number:
            bits.append(f"tracking {self.tracking_number}")
        return bits


class PriorContact(_Model):
    date: Date | None = None
    topic: str
    summary: str | None = None


class CustomerProfile(_Model):
    name: str | None = Field(default=None, description="Full name.")
    preferred_name: str | None = Field(default=None, description="What the customer likes to be called.")
    email: str | None = None
    customer_id: str | None = None
    language: str = "en"
    tier: str | None = Field(default=None, description="Membership tier or plan, e.g. 'Plus'.")
    orders: list[Order] = Field(default_factory=list)
    prior_contacts: list[PriorContact] = Field(default_factory=list)

    @property
    def address_name(self) -> str | None:
        """The name to greet the customer with: preferred name, else the first given name."""
        if self.preferred_name:
            return self.preferred_name.strip()
        if self.name:
            return self.name.strip().split()[0]
        return None


class Turn(_Model):
    role: Literal["customer", "agent"]
    text: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS)


class BrandVoice(_Model):
    # None: the server's ``drafting.company_name``; with neither, drafts say "our team" rather than guess a name
    company_name: str | None = None
    formality: Literal["casual", "neutral", "formal"] = "neutral"
    banned_phrases: list[str] = Field(default_factory=list)
    greeting_style: Literal["first_name", "full_name", "none"] = "first_name"
    closing_style: Literal["warm", "brief", "formal"] = "warm"


class Ticket(_Model):
    """What an agent asks a draft for."""

    message: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS, description="The customer's latest message.")
    history: list[Turn] = Field(default_factory=list, description="Earlier turns, oldest first.")
    customer: CustomerProfile | None = None
    channel: Channel = "email"
    agent_name: str | None = Field(default=None, description="The agent who will send the reply.")
    sign_off: str | None = Field(default=None, description="e.g. 'Best regards'. Defaults by channel.")
    brand_voice: BrandVoice = Field(default_factory=BrandVoice)
    today: Date | None = Field(
        default=None, description="Reference date for relative dates ('3 weeks ago', order dates); default: the current date."
    )


class Analysis(_Model):
    sentiment: float = Field(ge=-1, le=1, description="VADER compound score of the message.")
    emotion: Emotion
    emotion_scores: dict[str, float] = Field(default_factory=dict)
    urgency: Urgency = "normal"
    topic: str = Field(description="Policy area, e.g. 'returns', 'shipping', 'billing'.")
    topic_confidence: float = Field(default=0.0, ge=0, le=1)
    problem: str | None = Field(default=None, description="Short phrase naming the customer's specific problem.")
    injection: bool = Field(default=False, description="The message tries to instruct the assistant.")
    language: str = Field(default="en", description="ISO 639-1 code of the message's language ('und' when unsure).")
    asks: list[str] = Field(default_factory=list, description="The questions and requests in the message, in order.")
    facts: list[str] = Field(default_factory=list, description="What the customer states (dates, tier, tried steps...).")


class Citation(_Model):
    marker: int = Field(description="The [n] used in the text.")
    doc_id: str
    chunk_id: str
    title: str
    url: str | None = None
    passage: str = Field(description="The quoted source passage.")
    section: str = Field(default="", description="The passage's section path in its document.")
    effective_date: Date | None = Field(default=None, description="The date the document took effect.")


class Flag(_Model):
    type: FlagType
    message: str
    sentence: str | None = None


class AgentNote(_Model):
    """Internal guidance shown to the agent, never quoted to the customer."""

    doc_id: str
    chunk_id: str
    title: str
    text: str


class Derived(_Model):
    """A reply sentence that says a staff procedure's step to the customer, and the procedure it came from."""

    sentence: str
    chunk_id: str = Field(description="The internal note (a staff procedure) the sentence was derived from.")


class Draft(_Model):
    text: str
    citations: list[Citation] = Field(default_factory=list)
    confidence: float = Field(ge=0, le=1)
    behaviour: Behaviour = Field(default="answer", description="What the draft does: answer, partial, clarify, "
                                 "handover or decline.")
    behaviour_reason: str | None = Field(default=None, description="Why this behaviour, for the agent.")
    confidence_reasons: list[str] = Field(default_factory=list, description="Short reasons behind the confidence.")
    confidence_features: dict[str, float] = Field(default_factory=dict, description=(
        "The confidence model's inputs (assistant/confidence.py), recorded for fitting and review."))
    flags: list[Flag] = Field(default_factory=list)
    analysis: Analysis
    backend: str
    model_id: str
    index_version: str | None = None
    prompt_version: str | None = None
    timings_ms: dict[str, float] = Field(default_factory=dict)
    agent_notes: list[AgentNote] = Field(default_factory=list)
    derived: list[Derived] = Field(default_factory=list, description=(
        "Reply sentences said from a staff procedure in the agent notes: an edit that keeps them is checked the same way."))


class Passage(_Model):
    """A numbered source handed to a generator; ``marker`` is the n of [n]."""

    marker: int
    doc_id: str
    chunk_id: str
    title: str
    section: str = ""
    url: str | None = None
    effective_date: Date | None = None
    text: str
    score: float = 0.0
    audience: Literal["public", "internal"] = "public"


class DraftJob(_Model):
    """Everything a generator needs; generators never see raw retrieval or settings."""

    ticket: Ticket
    analysis: Analysis
    passages: list[Passage] = Field(description="Public passages the reply may quote, numbered from 1.")
    internal_notes: list[Passage] = Field(default_factory=list, description="Internal guidance, never quoted.")
    evidence_ok: bool = Field(default=True, description="False when retrieval is too weak to answer.")
    adjustment: Adjustment | None = None
    guidance: str | None = Field(default=None, max_length=2000, description="Free-text steer for LLM backends.")
    behaviour: Behaviour = Field(default="answer", description="What the reply must do (decided before composing).")
    behaviour_reason: str | None = Field(default=None, description="Why: e.g. 'the customer asks for a manager'.")
    handover_team: str | None = Field(default=None, max_length=120, description=(
        "Who takes a handed-over case, as the internal escalation rule that covers it names them ('the Claims team')."))
    handover_time: str | None = Field(default=None, max_length=60, description=(
        "By when that team replies, as the rule states it ('within 5 working days')."))
    handover_promises: list[str] = Field(default_factory=list, description=(
        "What the internal notes say to tell the customer in that case, as our promise ('We will stop all "
        "collections.')."))
    refusal: list[str] = Field(default_factory=list, description=(
        "A decline the pages give themselves: their sentences that say we do not do what is asked and where to go "
        "instead ('We only hire out bikes.'), said with the marker refusal_marker."))
    refusal_marker: int | None = None
    handover_quiet: bool = Field(default=False, description=(
        "The internal notes say never to tell the customer the case was referred: the reply says only the "
        "handover_promises, not who takes the case."))

    @property
    def profile(self) -> CustomerProfile | None:
        return self.ticket.customer

    @property
    def channel(self) -> Channel:
        return self.ticket.channel


class Generation(_Model):
    text: str
    model_id: str
    prompt_version: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    fallback_reason: str | None = Field(default=None, description="Set when the composer's draft replaced the LLM's.")
    missing: str | None = Field(default=None, description="What the sources did not cover, if the generator knows.")
    behaviour: Behaviour | None = Field(default=None, description="The behaviour the text carries out, if the "
                                        "generator decided it (the composer refines answer to partial or handover).")
    behaviour_reason: str | None = None
    asks_total: int | None = Field(default=None, description="How many asks the message has, if the generator knows.")
    asks_answered: int | None = Field(default=None, description="How many of them a cited source sentence answers.")
    facts_applied: bool | None = Field(default=None, description="The customer's dates were checked against a window.")
    facts_stated: bool | None = Field(default=None, description="The customer gave dates a window could apply to.")
    derived: list[Derived] = Field(default_factory=list, description="Sentences the generator derived from a staff "
                                   "procedure in the internal notes: the verifier checks them against that procedure.")
