"""The rule the customer means, not its neighbour: the sum they quote, the case their profile places them in, the
passage whose heading fits the ask, and asks whose wording hides them (a pronoun subject, a "when" that explains)."""

import numpy as np

from assistant.asks import ask_kind, explaining_when, pronoun_subject, split_message
from assistant.profile_cases import case_sets, for_other_case
from assistant.types import Passage
from models.generators.composer import unknown_terms
from models.generators.composer_policy import OTHER_AMOUNT_PENALTY, SAME_AMOUNT_BONUS, _by_quoted_amount, answer_kind

# an invented water company's pages: a list of ways to pay and a refund table keyed by them
PAYING = """## Ways to pay

- **Quarterly standing order**: a fixed amount every quarter. Our prices assume it.
- **Pay as billed**: you pay each bill in full by card. Payment is due **21 days after the bill date**.

## Late payment fee (pay as billed only)

If a pay-as-billed bill is unpaid 30 days after the bill date, we add a £9 late payment fee.
"""
REFUNDS = """## How long a refund takes

| How you pay us | How long |
|---|---|
| Standing order | Within 4 working days |
| Card | Within 6 working days |
"""


def _passage(marker: int, text: str, section: str = "") -> Passage:
    return Passage(marker=marker, doc_id=f"d{marker}", chunk_id=f"c{marker}", title="Paying", section=section, url=None,
                   effective_date=None, text=text, score=0.5, audience="public")


def test_profile_places_the_customer_in_one_case_of_a_list() -> None:
    sets = case_sets([PAYING, REFUNDS], "Riverflow Basic (standing order) Quarterly standing order", "how long?")
    assert for_other_case("If a pay-as-billed bill is unpaid 30 days after the bill date, we add a £9 fee.", sets)
    assert for_other_case("Payment is due 21 days after the bill date.", sets)  # inside the other case's item
    assert for_other_case("For Card, how long: Within 6 working days.", sets)
    assert not for_other_case("For Standing order, how long: Within 4 working days.", sets)
    assert not for_other_case("You can change your payment day in the app.", sets)
    # a word both cases share names neither ("debit" of "Debit or credit card" beside "Direct Debit")
    debit = case_sets(["| How you pay us | How long |\n|---|---|\n| Direct Debit | 5 days |\n| Debit or credit card | 8 days |"],
                      "Flex (Direct Debit)", "how long?")
    assert not for_other_case("Paying less than we recommend can mean a debit balance builds up.", debit)
    assert for_other_case("Refunds to a credit card take 8 days.", debit)


def test_no_case_is_ruled_out_without_a_clear_profile_or_when_the_message_asks_about_another() -> None:
    assert case_sets([PAYING, REFUNDS], "", "how long?") == []
    # the message asks about the other way to pay: its rules are what they want to know
    asked = case_sets([REFUNDS], "Standing order", "how long does a refund to my card take?")
    assert not for_other_case("For Card, how long: Within 6 working days.", asked)
    # a customer asking to move to another case wants to hear about the others
    assert case_sets([REFUNDS], "Standing order", "can I switch to paying by card?") == []
    assert case_sets([REFUNDS], "Standing order", "what would an upgrade cost?") == []
    # one shared word is no match ("order" alone does not make "Standing order" theirs)
    assert case_sets([REFUNDS], "Order 1182: kettle descaler", "how long?") == []


def _cand(marker: int, pos: int, text: str, score: float) -> tuple:
    return (score, _passage(marker, text), pos, text, np.zeros(2, np.float32))


def test_the_sum_quoted_picks_the_rule_it_states() -> None:
    cands = [_cand(1, 0, "If a bill is unpaid 30 days after the bill date, we add a £9 late payment fee.", 0.7),
             _cand(1, 1, "We don't charge it if you're on a payment plan.", 0.68),
             _cand(2, 0, "For Retry also fails again, result: £5 returned payment fee.", 0.55)]
    fit = {(c[1].marker, c[2]): 0.6 for c in cands}
    out = {(c[1].marker, c[2]): c[0] for c in _by_quoted_amount(cands, fit, frozenset({5.0}))}
    assert out[(2, 0)] == 0.55 + SAME_AMOUNT_BONUS
    assert out[(1, 0)] == 0.7 - OTHER_AMOUNT_PENALTY  # states another sum
    assert out[(1, 1)] == 0.68 - OTHER_AMOUNT_PENALTY  # under a passage whose sums are all others
    # a sum of theirs that no rule states ("my £78 bill") changes nothing
    assert [c[0] for c in _by_quoted_amount(cands, dict(fit), frozenset({78.0}))] == [0.7, 0.68, 0.55]


def test_unmarked_wait_question_and_explaining_when() -> None:
    asks = split_message("I'd like it back now. And how long before it actually lands in my bank, last time it took a "
                         "month.").asks
    assert [a.kind for a in asks] == ["request", "duration"]
    assert explaining_when("can i move my payment to the 20th thats when i get paid")
    assert ask_kind("can i move my payment to the 20th thats when i get paid") == "yes_no"
    assert answer_kind("can i move my payment to the 20th thats when i get paid") == "rule"
    assert ask_kind("do you know when it will arrive?") == "duration"
    assert ask_kind("when will it come?") == "duration"


def test_pronoun_subject_and_connectives() -> None:
    assert pronoun_subject("and can it be 100 instead of 130")
    assert pronoun_subject("is that allowed?")
    assert not pronoun_subject("can my payment be lower?")
    assert not pronoun_subject("my cat is ill, can I still come?")
    assert unknown_terms("and can it be 100 instead of 130", [_passage(1, "You can set your own amount.")]) == []

