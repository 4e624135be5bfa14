"""What the documents call the number that identifies a customer's case ("order number", "tracking number").

A clarifying question asks for the reference in the company's own words: a parcel courier's customer has a tracking
number, a car-hire customer a booking reference, and "your order number" to either reads as a form letter. The name
is the one the passages use most often for "<something> number / reference / ID", leaving out numbers a reply must
never ask for (a card number, a PIN) and contact numbers; "order number" wherever the passages say it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from assistant.types import Passage

DEFAULT = "order number"
_NAMED = re.compile(r"\b([A-Za-z]{4,})\s+(number|reference|ID)\b")
# numbers a customer is never asked for in a reply, and numbers that reach us rather than name a case
_NEVER = frozenset("""card pin security sort phone telephone mobile contact emergency helpline fax whatsapp text vat tax
    serial registration licence license passport social insurance routing iban swift total maximum minimum same
    small large whole exact right wrong this that your their which what each every""".split())


def reference_name(passages: Sequence[Passage]) -> str:
    """The passages' name for the case's reference (see module docstring); ``DEFAULT`` when they name none."""
    text = " ".join(p.text for p in passages)
    if re.search(rf"\b{DEFAULT}\b", text, re.I):
        return DEFAULT
    counts = Counter(f"{m.group(1).lower()} {m.group(2) if m.group(2) == 'ID' else m.group(2).lower()}"
                     for m in _NAMED.finditer(text) if m.group(1).lower() not in _NEVER)
    return counts.most_common(1)[0][0] if counts else DEFAULT
