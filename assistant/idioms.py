"""Everyday idioms customers use for money, read as the plain question they ask.

"What's the damage if I cancel?" asks what cancelling costs; read literally it finds the policy on damaged goods.
Only idioms whose plain meaning is certain in a customer's message are rewritten, and only into words policies use.
"""

from __future__ import annotations

import re

_IDIOMS: tuple[tuple[re.Pattern[str], str], ...] = (
    # "what's the damage", "whats the damage": the price or fee
    (re.compile(r"\bwhat(?:'s|’s|s| is| will be| would be)\s+the\s+damage\b", re.I), "how much will it cost"),
    # "how much will you sting me for", "got stung for £20": charged
    (re.compile(r"\bsting (me|us) for\b", re.I), r"charge \1 for"),
    (re.compile(r"\bstung (for|with)\b", re.I), r"charged \1"),
)


def plain_idioms(text: str) -> str:
    """``text`` with its money idioms said plainly ("what's the damage" -> "how much will it cost")."""
    for pattern, plain in _IDIOMS:
        text = pattern.sub(plain, text)
    return text
