"""The drafting pipeline's safety hooks, one call per stage, each returning the flags it raises.

- ``mask_input``: personal data in the ticket is masked before anything (analysis, retrieval, prompts, storage)
  sees it;
- ``screen_sources``: instruction-like sentences in retrieved passages are withheld from the generator;
- ``guard_reply``: the customer's own words are not echoed into the reply;
- ``injection_flag``: says what the customer's text attempted and whether the draft followed it.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.privacy import mask_ticket
from assistant.safety import echo, injection
from assistant.types import Flag, Passage, Ticket
from knowledge_base.quarantine import screen_passages

_KIND_WORDS = {"card": "card number", "iban": "IBAN", "ssn": "social security number", "ni": "National Insurance number",
               "email": "e-mail address", "phone": "phone number", "password": "password", "code": "one-time code",
               "cvv": "card security code"}


def mask_input(ticket: Ticket) -> tuple[Ticket, list[Flag]]:
    masked, kinds = mask_ticket(ticket)
    if not kinds:
        return ticket, []
    what = ", ".join(_KIND_WORDS.get(k, k) for k in kinds)
    return masked, [Flag(type="sensitive_data", message=f"The customer's text contained personal data ({what}); it is "
                                                       "masked in the stored ticket, the prompts and the draft.")]


def screen_sources(public: list[Passage], internal: list[Passage]) -> tuple[list[Passage], list[Passage], list[Flag]]:
    public, withheld = screen_passages(public)
    internal, withheld_internal = screen_passages(internal)
    flags = []
    for w in withheld + withheld_internal:
        flags.append(Flag(type="quarantined_source", message=(
            f"Source “{w.title}” ({w.doc_id}) contains text addressed to the assistant or asking for credentials "
            f"(“{w.passages[0][:100]}”); it was withheld from this draft. Tell a knowledge manager.")))
    return public, internal, flags


def guard_reply(text: str, ticket: Ticket, passages: Sequence[Passage]) -> tuple[str, list[Flag]]:
    result = echo.guard(text, ticket, [p.text for p in passages])
    if not result.echoed:
        return result.text, []
    return result.text, [Flag(type="customer_echo", message=echo.describe(result))]


def injection_flag(ticket: Ticket, reply: str, passages: Sequence[Passage]) -> Flag | None:
    findings = injection.scan_ticket(ticket.message, ticket.history)
    if not findings:
        return None
    followed = injection.obeyed(reply, findings, [p.text for p in passages])
    return Flag(type="prompt_injection", message=injection.describe(findings, followed))
