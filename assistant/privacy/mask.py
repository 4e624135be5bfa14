"""Masking: personal data replaced by short, recognisable masks (``•••• 4242`` for a card, ``[email]``...).

Masks are never detected again, so masking is idempotent: a stored, masked ticket can be drafted again.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.privacy.detect import KINDS, MASK, Found, detect
from assistant.types import Ticket

__all__ = ["MASK", "mask_text", "mask_ticket"]


def mask_text(text: str, kinds: tuple[str, ...] = KINDS,
              keep: Callable[[Found], bool] | None = None) -> tuple[str, list[str]]:
    """``text`` with every piece of personal data masked, and the kinds found (in order of first appearance).

    ``keep``: finds to leave as they are (a value the company publishes is no one's secret)."""
    found = [f for f in detect(text, kinds) if keep is None or not keep(f)]
    if not found:
        return text, []
    parts: list[str] = []
    last = 0
    seen: list[str] = []
    for f in found:
        parts.append(text[last:f.start])
        parts.append(f.mask)
        last = f.end
        if f.kind not in seen:
            seen.append(f.kind)
    parts.append(text[last:])
    return "".join(parts), seen


def mask_ticket(ticket: Ticket) -> tuple[Ticket, list[str]]:
    """The ticket with its message and every history turn masked, and the kinds found.

    The customer profile is left as given: it is the agent's record (name, orders), not free text.
    """
    message, kinds = mask_text(ticket.message)
    turns = []
    changed = message != ticket.message
    for turn in ticket.history:
        text, more = mask_text(turn.text)
        kinds += [k for k in more if k not in kinds]
        changed |= text != turn.text
        turns.append(turn.model_copy(update={"text": text}) if text != turn.text else turn)
    if not changed:
        return ticket, []
    return ticket.model_copy(update={"message": message, "history": turns}), kinds
