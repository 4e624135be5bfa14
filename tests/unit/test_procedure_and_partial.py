"""Regression tests for two rules of the composer: staff procedure vs customer help pages, and partial answers."""

from assistant.procedure import is_procedural
from assistant.types import Passage
from models.generators.composer import unknown_terms

HELP_PAGE = ("Check your balance at any time on the website. Go to Account > Gift cards and select the card. "
             "Enter the 16-digit number from the back of the card. Balances never expire.")
STAFF_PAGE = ("Ask the customer for their full name or account ID. Click [Pull Up Account] and verify the identity. "
              "Select the order and enter the reason for the refund. Tell the customer the refund takes 5 days.")


def test_a_customer_help_page_full_of_imperatives_is_not_staff_procedure() -> None:
    assert not is_procedural(HELP_PAGE)


def test_a_staff_manual_page_is_procedure() -> None:
    assert is_procedural(STAFF_PAGE)


def _passage(text: str) -> Passage:
    return Passage(marker=1, doc_id="d", chunk_id="c", title="Gift cards", text=text)


def test_an_ask_about_something_no_source_mentions_names_it() -> None:
    assert unknown_terms("Can you also engrave the card?", [_passage(HELP_PAGE)]) == ["engrave"]


def test_words_the_sources_share_a_stem_with_are_covered() -> None:
    # "balances" / "expiring" share their stems with the page: nothing is missing
    assert unknown_terms("Do the balances keep expiring?", [_passage(HELP_PAGE)]) == []
