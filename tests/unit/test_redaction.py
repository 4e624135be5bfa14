"""Secrets are masked, never echoed in full; ordinary numbers and prose are left alone."""

from __future__ import annotations

import pytest

from assistant.redaction import luhn_ok, mask_secrets, secrets_in

# Published test numbers of the card networks (Luhn-valid, never real accounts).
TEST_CARDS = {
    "4242 4242 4242 4242": "4242",
    "4111-1111-1111-1111": "1111",
    "5555555555554444": "4444",
    "378282246310005": "0005",
    "6011 1111 1111 1117": "1117",
    "3530 1113 3330 0000": "0000",
}


@pytest.mark.parametrize(("card", "last4"), TEST_CARDS.items())
def test_card_numbers_are_masked_to_last_four(card: str, last4: str) -> None:
    masked, kinds = mask_secrets(f"My card {card} was charged twice.")
    assert kinds == ["card"]
    assert masked == f"My card •••• {last4} was charged twice."
    digits = card.replace(" ", "").replace("-", "")
    assert digits not in masked.replace(" ", "")


def test_non_luhn_and_short_numbers_are_not_cards() -> None:
    text = "Order 1234 5678 9012 3456 and tracking 1Z999AA10123456784, phone 1-800-555-0199."
    assert not luhn_ok("1234567890123456")
    assert mask_secrets(text) == (text, [])  # a reply may quote a phone number; it is not a secret


def test_cvv_password_and_codes() -> None:
    masked, kinds = mask_secrets("CVV 123. My password is Hunter2! and the code is 483920.")
    assert "123" not in masked and "Hunter2" not in masked and "483920" not in masked
    assert set(kinds) == {"cvv", "password", "code"}


def test_one_time_code_after_colon() -> None:
    masked, kinds = mask_secrets("Your one-time code: 558812")
    assert "558812" not in masked and kinds


def test_prose_about_passwords_is_untouched() -> None:
    for text in ("Please reset your password using the link.", "The password was changed yesterday.",
                 "Use the code is fine"):
        assert mask_secrets(text) == (text, [])


def test_iban_and_ssn() -> None:
    masked, kinds = mask_secrets("IBAN DE89 3704 0044 0532 0130 00, SSN 123-45-6789.")
    assert "3704 0044" not in masked and "123-45" not in masked
    assert masked.endswith("SSN •••-••-6789.")
    assert set(kinds) == {"iban", "ssn"}


def test_invalid_iban_is_not_masked() -> None:
    text = "Reference DE00 1234 5678 9012 3456 78"
    assert mask_secrets(text)[1] == []


def test_secrets_in_lists_raw_values() -> None:
    values = secrets_in("card 4242 4242 4242 4242, cvc: 987, password: s3cret!")
    assert "4242424242424242" in values and "987" in values
    assert any(v.startswith("s3cret") for v in values)
    assert secrets_in("Thanks for the quick help yesterday!") == []


def test_a_citation_marker_or_an_order_reference_is_no_password() -> None:
    assert mask_secrets("We never reset other people's passwords [2]. Ask the owner instead.") == (
        "We never reset other people's passwords [2]. Ask the owner instead.", [])
    assert mask_secrets("Your order #PW-30517 is on its way.") == ("Your order #PW-30517 is on its way.", [])
    assert mask_secrets("my pw is Tq7!mz30 please change it")[1] == ["password"]
