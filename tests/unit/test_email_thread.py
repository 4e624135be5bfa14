"""The customer's own words in an e-mail reply, without the quoted thread or the mail app's signature."""

from __future__ import annotations

import pytest

from assistant.email_thread import own_words

QUESTION = "Can I move my meter appointment to Friday?\n\nThanks\nPriya"


@pytest.mark.parametrize(
    "tail",
    [
        "\n\nOn Tue, 24 Nov 2026 at 10:02, Acme Energy <care@acme.example> wrote:\n> Your appointment is on 30 Nov.\n"
        "> A missed visit costs £25.\n> Best wishes, Acme",
        "\n\nOn Tue, 24 Nov 2026 at 10:02, Acme Energy <care@acme.example>\nwrote:\n> Your appointment is on 30 Nov.",
        "\n\n-----Original Message-----\nFrom: Acme Energy\nSent: 24 November 2026 10:02\nSubject: Your visit\n\n"
        "Your appointment is on 30 Nov.",
        "\n\nFrom: Acme Energy <care@acme.example>\nSent: Tuesday, November 24, 2026 10:02 AM\nTo: Priya\n\nHello",
        "\n\n> Your appointment is on 30 Nov.\n> Best wishes, Acme",
        "\n\nSent from my iPhone",
        "\n\nAm Di., 24. Nov. 2026 um 10:02 Uhr schrieb Acme Energy <care@acme.example>:\n> Ihr Termin ist am 30.11.",
    ],
)
def test_the_quoted_thread_and_app_signature_are_not_the_customers_words(tail: str) -> None:
    assert own_words(QUESTION + tail) == QUESTION


def test_a_message_with_nothing_quoted_is_kept_as_it_is() -> None:
    message = "My friend wrote: 'they charge £25 for a missed visit' - is that right?\n> not sure about this bit"
    assert own_words(message) == message.split("\n")[0]  # a trailing quoted line is quoted text...
    assert own_words("Is it £25 if I miss the visit?") == "Is it £25 if I miss the visit?"
    assert own_words("> only quoted text") == "> only quoted text"  # ...but never everything
