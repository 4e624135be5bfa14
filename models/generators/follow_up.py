"""A follow-up in a conversation: what the customer's earlier turns say it is about.

"Which is more important?", "When was the song released?", "How can I create one?": the ask leans on what the
conversation already named, so its own words match the wrong sentences (or none). The composer then matches it
together with the customer's earlier question.
"""

from __future__ import annotations

import re

from assistant.types import Ticket
from models.generators.composer_policy import telling_words

# a word that stands for something said before: a pronoun, "one", "the same", a comparison between earlier things
_LEANS = re.compile(r"\b(?:it|its|they|them|their|this|these|those|one|ones|he|she|him|her|his|both|either|"
                    r"neither|former|latter)\b|\bthe same\b|^\W*(?:what|how) about\b", re.I)
SUBJECT_MAX_CHARS = 240
MIN_OWN_TELLING = 2  # an ask naming fewer things than this is read with the conversation's subject


def conversation_subject(ticket: Ticket) -> str:
    """The customer's most recent earlier turn (the one before it too when that turn is itself a short
    follow-up), capped; empty without history."""
    earlier = [t.text.strip() for t in ticket.history if t.role == "customer" and t.text.strip()]
    if not earlier:
        return ""
    parts = [earlier[-1]]
    if len(earlier) >= 2 and leans_on_conversation(earlier[-1]):
        parts.insert(0, earlier[-2])
    return " ".join(parts)[-SUBJECT_MAX_CHARS:]


def leans_on_conversation(ask: str) -> bool:
    """Does the ask lean on what was said before: a word that stands for something named earlier, or too few words
    of its own that name anything ("Pagination options", "any other benefits?")."""
    return bool(_LEANS.search(ask)) or len(telling_words(ask)) < MIN_OWN_TELLING
