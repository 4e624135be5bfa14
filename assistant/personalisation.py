"""Personalisation from the customer's profile: what to call them and which order the message is about."""

from __future__ import annotations

import re
from datetime import date

from assistant.customer_sign_off import signed_name
from assistant.grounding.words import STOPWORDS
from assistant.types import CustomerProfile, Order, Ticket

# candidates only: they are compared with the profile's own order ids
_ORDER_ID = re.compile(r"#?\b([A-Z]{1,4}-?\d+[A-Z0-9-]*|\d{3,}[A-Z0-9-]*)\b", re.I)
# words of an item name that do not tell one item from another
_STOP = STOPWORDS | {"set", "pack", "size", "colour", "color"}


def greeting_name(ticket: Ticket) -> str | None:
    """The name to greet the customer with, following the brand voice's greeting style."""
    profile = ticket.customer
    style = ticket.brand_voice.greeting_style
    if style == "none":
        return None
    signed = signed_name(ticket.message)
    if profile is not None and profile.address_name and _named_as_relative(ticket.message, profile.address_name):
        # "My husband Henrik passed away ... his membership": the profile is the relative's, not the writer's
        return None if not signed or _same_person(signed, profile.name or "", profile.address_name) else (
            signed if style == "full_name" else signed.split()[0])
    if profile is not None and profile.address_name:
        agent = (ticket.agent_name or "").split()[:1]
        if not signed or _same_person(signed, profile.name or profile.address_name, profile.address_name) or \
                (agent and signed.split()[0].lower() == agent[0].lower()) or \
                not _writes_for_holder(ticket.message, signed, profile.address_name):
            return profile.name.strip() if style == "full_name" and profile.name else profile.address_name
        # someone else writes for the account holder (a daughter for her mother) and signs: the writer is greeted
    # no profile name: the name the customer signs with ("Thanks, Maria Lopez"), unless it is the agent's own
    if not signed or (ticket.agent_name and signed.split()[0].lower() == ticket.agent_name.split()[0].lower()):
        return None
    return signed if style == "full_name" else signed.split()[0]


# a relative named by the writer: "my husband Henrik", "our dad, Ray,"
_RELATIVE = (r"(?:husband|wife|partner|spouse|dad|father|mum|mom|mother|son|daughter|brother|sister|grandad|grandfather|"
             r"grandma|grandmother|nan|uncle|aunt)")


def _named_as_relative(message: str, name: str) -> bool:
    """Whether the writer names the profile's person as a relative of theirs ("my husband Henrik"): the account is
    not the writer's own, so the profile's name is no name to greet them by."""
    first = name.split()[0] if name.split() else ""
    return bool(first) and re.search(rf"\b(?:my|our)\s+(?:late\s+)?{_RELATIVE},?\s+{re.escape(first)}\b", message,
                                     re.I) is not None


def _same_person(signed: str, name: str, address_name: str) -> bool:
    """The signature is the profile's person: its first name is theirs, or their form of address, or an initial
    ("Mrs P. Hollings" for Patricia Hollings: a title or an initial names no one else)."""
    first = signed.split()[0].rstrip(".").lower()
    names = {w.lower() for w in f"{name} {address_name}".split()}
    return first in names or len(first) <= 1 or first in _TITLES or not names or \
        any(n.startswith(first) or first.startswith(n) for n in names if len(n) > 1)


_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev"}
# the writer says they write for someone else: "I'm her daughter", "on behalf of my dad", "the account is in his name"
_FOR_SOMEONE = re.compile(r"\bon behalf of\b|\bi'?m (?:his|her|their) \w+|\b(?:account|bill|contract|policy) is in "
                          r"(?:his|her|their|my \w+'s) name\b|\bi am (?:his|her|their) \w+", re.I)


def _writes_for_holder(message: str, signed: str, holder: str) -> bool:
    """The message is written by someone other than the account holder, for them: it says so, or it names the
    holder in its body (a signature that differs from the profile's name is otherwise the holder's own)."""
    body = message.rsplit(signed, 1)[0]
    return bool(_FOR_SOMEONE.search(body) or re.search(rf"\b{re.escape(holder)}\b", body))


def order_in_question(ticket: Ticket) -> Order | None:
    """The order the message is about: named by id, else by an item it mentions, else the most recent one."""
    profile = ticket.customer
    if profile is None or not profile.orders:
        return None
    texts = [ticket.message] + [t.text for t in reversed(ticket.history) if t.role == "customer"]
    for text in texts:
        ids = {m.group(1).lower().lstrip("#") for m in _ORDER_ID.finditer(text)}
        for order in profile.orders:
            if _norm_id(order.id) in {_norm_id(i) for i in ids}:
                return order
    for text in texts:
        words = set(re.findall(r"[a-z]+", text.lower())) - _STOP
        best, best_hits = None, 0
        for order in profile.orders:
            item_words = {w for item in order.items for w in re.findall(r"[a-z]+", item.lower())} - _STOP
            hits = len(words & {w for w in item_words if len(w) > 2} | words & {w + "s" for w in item_words})
            if hits > best_hits:
                best, best_hits = order, hits
        if best is not None:
            return best
    # Only a message about "my order/parcel/refund..." (no other item named) is about the latest order.
    if _GENERIC_ORDER.search(ticket.message):
        return most_recent_order(profile)
    return None


_GENERIC_ORDER = re.compile(
    r"\b(?:my|the|this|our) (?:last |latest |recent |most recent )?(?:order|parcel|package|delivery|shipment|purchase|refund|"
    r"return|tracking|items?|stuff)\b|\bwhere is it\b|\bhasn'?t (?:arrived|come|shipped)\b",
    re.I,
)


def mentions_own_order(message: str) -> bool:
    """Whether the message is about one of the customer's own orders ("my parcel hasn't arrived")."""
    return bool(_GENERIC_ORDER.search(message))


def most_recent_order(profile: CustomerProfile) -> Order | None:
    if not profile.orders:
        return None
    return max(profile.orders, key=lambda o: o.date or date.min)


def _norm_id(value: str) -> str:
    return re.sub(r"[^a-z0-9]", "", value.lower())


def format_date(value: date) -> str:
    """'12 March' this year's style, with the year when it helps: '12 March 2025'."""
    return f"{value.day} {value.strftime('%B')} {value.year}"


def _item_name(item: str) -> str | None:
    """An order line as the reply names it inside its own parentheses: its own parenthesis left out ("Premier Annual
    Multi-Trip (cover start 2026-04-02)" -> "Premier Annual Multi-Trip"); None for a line that records a date or a
    term rather than naming something bought ("Move-out date 2026-10-05", "Fixed term 2025-09-15 to 2027-09-14")."""
    name = re.sub(r"\s*\([^()]*\)", "", item).strip(" ,;-–")
    if not name or re.search(r"\b\d{4}-\d{2}-\d{2}\b", name):
        return None
    return name


def order_label(order: Order) -> str:
    """How the reply names an order: 'your order #10442 (the Alpine rain jacket)'."""
    label = f"order #{order.id.lstrip('#')}"
    named = [n for n in (_item_name(i) for i in order.items) if n]
    if named:
        items = named[:2]
        what = " and ".join(items) if len(items) <= 2 else ", ".join(items)
        if len(named) > 2:
            what += f" and {len(named) - 2} more"
        label += f" ({what})"
    return label


# the stages an order goes through before it ships, in the words order systems use: a status the customer may not
# know yet, worth one sentence
_LIFECYCLE = re.compile(r"^(?:processing|preparing|pending|on hold|awaiting (?:payment|stock|dispatch|shipment)|"
                        r"being (?:prepared|packed|processed)|packed|packing|picked|confirmed|placed|received|"
                        r"back-?ordered|pre-?order(?:ed)?|ready for (?:pick-?up|collection|dispatch)|"
                        r"partially (?:shipped|dispatched)|cancell?ed|refunded|returned|return (?:requested|received)|"
                        r"delayed|held at customs|out of stock|delivered|delivery attempted|failed delivery|"
                        r"returned to sender|lost(?: in transit)?)$")


def order_status_sentence(order: Order) -> str | None:
    """One factual sentence about the order from the profile (no invented facts), or None."""
    status = (order.status or "").strip().lower()
    oid = f"#{order.id.lstrip('#')}"
    if order.delivered_on:
        return f"I can see order {oid} was delivered on {format_date(order.delivered_on)}."
    if status in {"shipped", "dispatched", "in transit", "out for delivery"}:
        when = f", placed on {format_date(order.date)}," if order.date else ""
        tracking = f" (tracking number {order.tracking_number})" if order.tracking_number else ""
        verb = "has" if status in {"shipped", "dispatched"} else "is"
        return f"I can see order {oid}{when} {verb} {status}{tracking}."
    if _LIFECYCLE.match(status):
        when = f" on {format_date(order.date)}" if order.date else ""
        return f"I can see order {oid}, placed{when}, is currently marked as {status}."
    if status:
        # a record's own wording ("engineer no-show", "closed - final bill not issued", "collected" for a bill) read
        # back to the customer is a form letter that mostly repeats their story: the agent sees it in the profile
        return None
    if order.date:
        return f"I can see order {oid} was placed on {format_date(order.date)}."
    return None


def sign_off(ticket: Ticket) -> str:
    """The closing line before the agent's name, following the brand voice's closing style."""
    if ticket.sign_off:
        return ticket.sign_off.strip().rstrip(",")
    style = ticket.brand_voice.closing_style
    if style == "formal" or ticket.brand_voice.formality == "formal":
        return "Kind regards"
    if style == "brief":
        return "Thanks"
    return "Warm wishes" if ticket.brand_voice.formality == "casual" else "Best wishes"



def item_names(ticket: Ticket) -> frozenset[str]:
    """The capitalised words and numbers of the items in the customer's orders ("Trail", "Runner", "2"): they say which
    order a message is about, not which policy answers it."""
    profile = ticket.customer
    if profile is None:
        return frozenset()
    return frozenset(w for order in profile.orders for item in order.items
                     for w in re.findall(r"\b(?:[A-Z][\w-]*|\d+)\b", item))


# an order or ticket reference as customers write it ("order NW-20417", "#48213"): it says which order, never which
# policy, and its letters pull in whichever document shows an example reference
REFERENCE_TOKEN = r"#\s?\d{3,}|\b[A-Z]{1,4}-\d{3,}\b"  # "#48213", "NW-20417": one pattern for every reader of references
_REFERENCE = re.compile(rf"(?:\b(?:number|no\.?|id)\s*:?\s*)?(?:{REFERENCE_TOKEN})", re.I)


def without_references(text: str) -> str:
    """``text`` without order and ticket references ("for order NW-20417" reads "for order"), for searching policies."""
    out = re.sub(r"\s+([.,!?;:])", r"\1", re.sub(r"\s{2,}", " ", _REFERENCE.sub(" ", text))).strip()
    return out or text


def without_names(text: str, names: frozenset[str]) -> str:
    """``text`` without the words in ``names`` (see ``item_names``)."""
    if not names:
        return text
    out = re.sub(r"\b(?:" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")\b\s*", "", text)
    return out.strip() or text
