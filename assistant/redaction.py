"""Masking of secrets: card numbers, CVV/CVC codes, passwords and one-time codes, IBANs, US SSNs.

A draft must never repeat a secret a customer pasted into their message. ``mask_secrets`` replaces
each one with a short, recognisable mask (``•••• 4242`` for a card) and says which kinds it found.
"""

from __future__ import annotations

import re

_CARD = re.compile(r"(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])")
_CVV = re.compile(r"\b(?P<key>cvv2?|cvc2?|csc|cid|security code)\b(?P<sep>[\s:#=-]*(?:is|was|number|code)?[\s:#=-]*)(?P<val>\d{3,4})\b", re.I)
_SECRET = re.compile(
    r"\b(?P<key>password|passcode|pass\s?word|pin|one[- ]time (?:pass)?code|otp|verification code|security code|"
    r"(?:my|the|your) code)\b(?P<sep>\s*(?:is|was|:|=)\s*|\s*(?:is|was)?\s*[:=]?\s*[\"'“]?)(?P<val>[^\s\"'”,;]{3,64}?)(?=[\"'”]?(?:[\s,;]|[.!?](?:\s|$)|$))",
    re.I,
)
_CODE_IS = re.compile(r"\b(?P<key>code)\s+(?P<sep>is\s+|was\s+|:\s*)(?P<val>[A-Za-z0-9-]{4,12})\b", re.I)
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b")
_SSN = re.compile(r"(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])")

MASK = "••••"


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _iban_ok(candidate: str) -> bool:
    s = candidate.replace(" ", "")
    if not 15 <= len(s) <= 34:
        return False
    rearranged = s[4:] + s[:4]
    try:
        number = int("".join(str(int(ch, 36)) for ch in rearranged))
    except ValueError:
        return False
    return number % 97 == 1


def _looks_secret(kind: str, sep: str, val: str) -> bool:
    """Skip prose: 'reset your password using the link' has no secret; 'password is Hunter2' has."""
    if val.startswith(MASK):
        return False
    if kind in ("cvv", "code"):
        return any(ch.isdigit() for ch in val)
    if not re.search(r"\b(?:is|was)\b|[:=\"'“]", sep):
        return False
    quoted = bool(re.search(r"[\"'“]", sep))
    return quoted or any(not ch.isalpha() for ch in val)


def find_cards(text: str) -> list[tuple[int, int, str]]:
    """(start, end, digits) of every Luhn-valid 13-19 digit card number."""
    found = []
    for m in _CARD.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if 13 <= len(digits) <= 19 and luhn_ok(digits) and len(set(digits)) > 1:
            found.append((m.start(), m.end(), digits))
    return found


def mask_secrets(text: str) -> tuple[str, list[str]]:
    """``text`` with every secret masked, and the kinds found (``card``, ``cvv``, ``password``, ``code``, ``iban``, ``ssn``)."""
    kinds: list[str] = []

    def note(kind: str) -> None:
        if kind not in kinds:
            kinds.append(kind)

    out = text
    cards = find_cards(out)
    for start, end, digits in reversed(cards):
        out = out[:start] + f"{MASK} {digits[-4:]}" + out[end:]
        note("card")

    def masker(kind: str):  # noqa: ANN202
        def replace(m: re.Match[str]) -> str:
            val = m.group("val")
            if not _looks_secret(kind, m.group("sep"), val):
                return m.group(0)
            note(kind)
            return m.group("key") + m.group("sep") + MASK
        return replace

    out = _CVV.sub(masker("cvv"), out)
    out = _SECRET.sub(masker("password"), out)
    out = _CODE_IS.sub(masker("code"), out)

    def iban(m: re.Match[str]) -> str:
        if not _iban_ok(m.group(0)):
            return m.group(0)
        note("iban")
        compact = m.group(0).replace(" ", "")
        return f"{compact[:2]}{MASK}{compact[-4:]}"

    out = _IBAN.sub(iban, out)

    def ssn(m: re.Match[str]) -> str:
        note("ssn")
        return f"•••-••-{m.group(0)[-4:]}"

    out = _SSN.sub(ssn, out)
    return out, kinds


def secrets_in(text: str) -> list[str]:
    """The raw secret strings in ``text`` (used to check whether a draft echoes one)."""
    values: list[str] = [digits for _, _, digits in find_cards(text)]
    for pattern in (_CVV, _SECRET, _CODE_IS):
        kind = "cvv" if pattern is _CVV else "code" if pattern is _CODE_IS else "password"
        values += [m.group("val") for m in pattern.finditer(text) if _looks_secret(kind, m.group("sep"), m.group("val"))]
    values += [m.group(0).replace(" ", "") for m in _IBAN.finditer(text) if _iban_ok(m.group(0))]
    values += [m.group(0) for m in _SSN.finditer(text)]
    return values
