"""Masking of personal data in text a draft might show: the verifier's entry point.

The detectors live in ``assistant.privacy`` (cards, IBANs, SSNs, NI numbers, e-mails, phones, passwords,
one-time codes); this module keeps the verifier's small interface over them.
"""

from __future__ import annotations

from collections.abc import Sequence

from stdnum import luhn as _luhn

from assistant.privacy import MASK, detect, mask_text

__all__ = ["MASK", "SECRET_KINDS", "find_cards", "luhn_ok", "mask_secrets", "secrets_in"]
# What a reply must never contain whatever wrote it. E-mail addresses and phone numbers are not among them:
# a reply quotes the company's own from the sources (the customer's are masked before drafting).
SECRET_KINDS = ("card", "iban", "ssn", "ni", "password", "code", "cvv")


def luhn_ok(digits: str) -> bool:
    return digits.isdigit() and _luhn.is_valid(digits)


def find_cards(text: str) -> list[tuple[int, int, str]]:
    """(start, end, digits) of every card number."""
    return [(f.start, f.end, "".join(ch for ch in f.value if ch.isdigit())) for f in detect(text, ("card",))]


def mask_secrets(text: str, published: Sequence[str] = ()) -> tuple[str, list[str]]:
    """``text`` with every secret (``SECRET_KINDS``) masked, and the kinds found.

    ``published``: texts the company publishes (the public passages). A value written there is documentation, not
    a secret ("the plan code is AB-PLUS-M", "the default PIN is 0000"), so a draft that quotes it keeps it."""
    return mask_text(text, SECRET_KINDS, keep=lambda f: any(f.value in t for t in published))


def secrets_in(text: str) -> list[str]:
    """The raw values in ``text`` (used to check whether a draft echoes one); cards, IBANs and SSNs compacted."""
    values = []
    for f in detect(text):
        if f.kind in ("card", "ssn"):
            values.append("".join(ch for ch in f.value if ch.isdigit()))
        elif f.kind == "iban":
            values.append("".join(ch for ch in f.value if ch.isalnum()).upper())
        else:
            values.append(f.value)
    return values
