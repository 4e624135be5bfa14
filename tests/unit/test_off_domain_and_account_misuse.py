"""A request for something no company's customer care offers declined by meaning; someone else in the customer's
account, or a request about another person's account, handed to the company's row for it: over an invented
bike-share company's handbook."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.analysis import MessageAnalyser
from assistant.asks import split_message
from assistant.behaviour import decide
from assistant.danger import TAKEOVER_WHY, THIRD_PARTY_WHY, account_misuse, row_fits
from assistant.off_domain import OURS_CASES, OUTSIDE_CASES, asks_outside, closeness
from assistant.types import Passage, Ticket

ANALYSER = MessageAnalyser()

HANDBOOK = """# Rider care handbook

## When to hand over

| Case | Goes to | Reply within |
|---|---|---|
| A caller who is not the account holder wants the PIN, email or card on an account altered | Account Integrity | 4 hours |
| Bereavement: the account holder has died | Rider Support | 1 working day |
"""
NOTE = Passage(marker=1, doc_id="handbook", chunk_id="handbook#whole", title="Rider care handbook",
               audience="internal", text=HANDBOOK)


def meaning_for(outside: float, ours: float):  # noqa: ANN201
    """A stand-in for the embedder: every outside description scores ``outside``, every in-domain one ``ours``."""
    def meaning(texts: Sequence[str]) -> list[float]:
        return [outside if t in OUTSIDE_CASES else ours if t in OURS_CASES else 0.1 for t in texts]
    return meaning


def decision(message: str, *, meaning=None, evidence_ok: bool = False, related: float | None = 0.2,  # noqa: ANN001, ANN201
             best_score: float = 0.2, asked_meaning=None):  # noqa: ANN001
    return decide(Ticket(message=message), ANALYSER.analyse(message), split_message(message), evidence_ok=evidence_ok,
                  best_score=best_score, internal_notes=[NOTE], rule_documents=[NOTE], meaning=meaning,
                  related=lambda: related, asked_meaning=asked_meaning)


def test_a_request_outside_what_we_offer_is_declined_when_the_embedder_says_so() -> None:
    ask = "hey could you folks point me to a nice spot for brunch by the harbour on sunday?"
    assert asks_outside(closeness(meaning_for(0.5, 0.2)))
    assert decision(ask, meaning=meaning_for(0.5, 0.2)).behaviour == "decline"
    # the in-domain descriptions as close, or the outside ones too far: not declined
    assert decision(ask, meaning=meaning_for(0.5, 0.45)).behaviour != "decline"
    assert decision(ask, meaning=meaning_for(0.25, 0.05)).behaviour != "decline"
    assert not asks_outside(closeness(None))  # no embedder: nothing judged outside


def test_a_request_of_ours_in_words_no_rule_knows_is_not_declined_when_the_embedder_reads_it_as_ours() -> None:
    for vague in ("hiya can u shift it to the later one? the early one is no good now", "how much r the jabs"):
        assert decision(vague, meaning=meaning_for(0.08, 0.3)).behaviour != "decline"
    assert decision("what are the odds on the derby winner?", meaning=meaning_for(0.3, 0.1)).behaviour == "decline"


def test_a_price_asked_in_words_no_source_uses_is_not_declined() -> None:
    for asked in ("yo how much r the jabs", "how much for a top up"):
        assert decision(asked).behaviour != "decline", asked
    assert decision("What is the capital of Peru?").behaviour == "decline"


def test_what_a_source_answers_or_the_documentation_is_about_is_never_declined_by_meaning() -> None:
    ask = "hey could you folks point me to a nice spot for brunch by the harbour on sunday?"
    assert decision(ask, meaning=meaning_for(0.5, 0.2), evidence_ok=True, best_score=0.8).behaviour != "decline"
    assert decision(ask, meaning=meaning_for(0.5, 0.2), related=0.6).behaviour != "decline"
    mine = "could you folks point me to where my order number is shown?"
    assert decision(mine, meaning=meaning_for(0.5, 0.2)).behaviour != "decline"


def test_a_plainly_outside_request_is_declined_though_retrieval_found_loosely_related_passages() -> None:
    ask = "we're with you from Friday, can you reserve a seafood dinner somewhere in town for the Saturday?"
    assert decision(ask, meaning=meaning_for(0.55, 0.3), evidence_ok=True, best_score=0.45).behaviour == "decline"
    # not plain enough by meaning, or a source that answers it well: not declined
    assert decision(ask, meaning=meaning_for(0.4, 0.3), evidence_ok=True, best_score=0.45).behaviour != "decline"
    assert decision(ask, meaning=meaning_for(0.55, 0.3), evidence_ok=True, best_score=0.75).behaviour != "decline"


def test_what_the_customer_tells_is_not_what_they_ask_of_us() -> None:
    told = "during your spin session I felt something snap in my calf, my physio says rest it. What now?"
    # the physio they see is near an outside request by meaning; a harm they tell is never declined
    assert decision(told, meaning=meaning_for(0.55, 0.3), evidence_ok=True, best_score=0.45).behaviour != "decline"
    # ... and what they ask is read apart from what they tell
    plain = "after the class I went to see a specialist about my knee. What will you do about it?"
    assert decision(plain, meaning=meaning_for(0.55, 0.3), evidence_ok=True, best_score=0.45,
                    asked_meaning=meaning_for(0.2, 0.3)).behaviour != "decline"
    ask = "can you reserve a seafood dinner somewhere in town for the Saturday?"
    assert decision(ask, meaning=meaning_for(0.2, 0.3), evidence_ok=True, best_score=0.45,
                    asked_meaning=meaning_for(0.55, 0.3)).behaviour == "decline"


def test_a_notice_that_sign_in_details_changed_is_a_takeover_unless_the_customer_changed_them() -> None:
    assert account_misuse("just had a text saying my password has been reset and now the app logs me out??") == TAKEOVER_WHY
    assert account_misuse("weird, an email says my phone number was updated, and I can't sign in") == TAKEOVER_WHY
    assert account_misuse("I changed my email last week and the receipts still go to the old one") is None
    assert account_misuse("my address was updated last week but the parcel still went to the old one") is None
    assert account_misuse("how do I change the email on my account?") is None


def test_a_request_to_act_on_another_persons_account_is_a_third_party_case() -> None:
    asked = "my flatmate rides with you but lost her phone, can you reset her PIN and text it to me instead?"
    assert account_misuse(asked) == THIRD_PARTY_WHY
    assert account_misuse("please swap his email on the account for my email, he never reads his") == THIRD_PARTY_WHY
    # the customer's own details, or someone else named with nothing of their account asked for: not a case
    assert account_misuse("can you reset my PIN and send it to my new number?") is None
    assert account_misuse("my brother and I ride together, can we share one membership?") is None


def test_the_companys_row_for_someone_elses_account_takes_the_case() -> None:
    d = decision("my flatmate rides with you but lost her phone, can you reset her PIN and message it to me?",
                 evidence_ok=True)
    assert d.behaviour == "handover" and (d.reason or "").startswith(THIRD_PARTY_WHY)
    assert "Account Integrity" in (d.team or "") and "4 hours" in (d.when or "")
    assert decision("can you reset my PIN please?", evidence_ok=True).behaviour != "handover"
    # a fraud row fits a takeover told without "I didn't" ("my password has been reset"), not a plain request
    fraud = "Fraud signs: details changed that the account holder did not ask for"
    assert row_fits(fraud, "an email says my password has been reset and I can't log in", danger=False)
    assert not row_fits(fraud, "how do I reset my password?", danger=False)


def test_someone_else_in_the_account_said_outright_is_a_takeover() -> None:
    from assistant.danger import TAKEOVER_WHY
    assert account_misuse("6 hires in Leeds I never made. someone is in my account") == TAKEOVER_WHY
    assert account_misuse("I think my account has been hacked") == TAKEOVER_WHY
    assert account_misuse("can someone in my account team ring me back?") is None
