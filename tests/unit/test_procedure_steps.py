"""A staff procedure turned into the customer's next step, on a manual invented here (a bike-hire desk)."""

import re

from assistant.procedure import is_procedural, next_step, stated_days

MANUAL = """# Damaged Bike Return

Bike Hire: damage, late returns and deposits.

## Instructions

- The customer is returning a bike with damage. Wrap up by asking if they need anything else.

## Step 1: Open Booking

Ask the customer for their booking reference or phone number with [Open Booking].

## Step 2: Check Damage

Find out whether the bike can still be ridden.
- Ask for the damage type from the customer and enter it into [Damage Type].
- Options include: 'Puncture', 'Broken Chain', or 'Frame Damage'.

## Step 3: Deposit

Explain that small repairs are covered by the deposit.
- Platinum riders: > Platinum riders get free repairs.
- Basic riders: > Ask for the hire date, repair covered within the last 14 days.
- If the customer is angry, offer a voucher with [Voucher].

## Step 4: Card

Start by asking for the customer's credit card number, then select [Charge Card].
"""

TROUBLESHOOT = """# App Will Not Unlock

- Instruct the customer to close the app and open it again.
- Have the customer check that Bluetooth is on, maybe it was switched off.
- Tell the customer you will report the fault to the Fleet Team.
- Then click [Report Fault].
"""

WAITING = """# Late Refund

Get the booking reference for [Open Booking].
If they have been waiting for less than a week (7 days or less), let the customer know that refunds can take up to a week to show.
If they have been waiting for more than a week, tell them you will send the refund again.
- Then click [Resend Refund].
"""


def test_a_manual_page_with_buttons_is_procedure() -> None:
    assert is_procedural(MANUAL)
    assert is_procedural(TROUBLESHOOT)


def test_the_next_step_asks_what_the_procedure_needs_first_in_the_customers_words() -> None:
    step = next_step([MANUAL], max_needs=3)
    assert step.needs[:2] == ["booking reference or phone number", "damage type (puncture, broken chain or frame damage)"]
    assert step.questions == ["whether the bike can still be ridden"]
    # a written reply never asks for a card number, whatever the manual says
    assert not any("card" in n for n in step.needs)
    # the explanation is said to the customer; a branch ("if the customer is angry") is not
    assert "Small repairs are covered by the deposit." in step.rules
    assert not any("voucher" in s.lower() for s in step.rules + step.tells)


def test_a_tier_rule_is_said_to_a_customer_of_that_tier_only() -> None:
    assert "As a Platinum rider, you get free repairs." in next_step([MANUAL], tier="platinum").rules
    assert not any("free repairs" in r for r in next_step([MANUAL], tier="basic").rules)
    assert not any("free repairs" in r for r in next_step([MANUAL]).rules)


def test_what_the_customer_can_try_and_what_we_will_do() -> None:
    step = next_step([TROUBLESHOOT])
    assert step.tries == ["close the app and open it again", "check that Bluetooth is on"]
    assert step.tells == ["I will report the fault to the Fleet Team."]


def test_a_branch_on_how_long_it_has_been_follows_the_customers_wait() -> None:
    assert stated_days("it's been 10 days and nothing") == 10
    assert stated_days("I returned it 3 days ago") == 3
    assert stated_days("Wow, 2 weeks and still no package.") == 14 and stated_days("I need 2 days to decide") is None
    late = next_step([WAITING], message="it's been 10 days, where is my refund")
    assert late.tells == ["I will send the refund again."]
    early = next_step([WAITING], message="I returned the bike 3 days ago, where is my refund")
    assert early.tells == [] and early.rules == ["Refunds can take up to a week to show."]
    unknown = next_step([WAITING], message="where is my refund")
    assert unknown.tells == [] and unknown.rules == []


def test_the_customer_is_not_asked_for_what_they_say_they_lost() -> None:
    manual = "Ask the customer for their username with [Find User]. Then click [Reset]."
    assert next_step([manual], message="I forgot my username").needs == []
    assert next_step([manual], message="please reset it").needs == ["username"]


def _procedure_job(message: str, manual: str, *, tier: str | None = None):  # noqa: ANN202
    from assistant.analysis import MessageAnalyser
    from assistant.types import CustomerProfile, DraftJob, Passage, Ticket

    note = Passage(marker=1, doc_id="manual", chunk_id="m1", title="Bike hire", text=manual, score=0.6,
                   audience="internal")
    profile = CustomerProfile(name="Ada Byrne", tier=tier) if tier else None
    ticket = Ticket(message=message, channel="chat", customer=profile)
    return DraftJob(ticket=ticket, analysis=MessageAnalyser().analyse(message), passages=[], internal_notes=[note],
                    evidence_ok=False)


def test_the_composer_asks_one_question_from_the_procedure_and_quotes_no_staff_text() -> None:
    from models.embedders import HashingEmbedder
    from models.generators.composer import ComposerGenerator

    manual = MANUAL.replace("Explain that small repairs are covered by the deposit.", "")
    out = ComposerGenerator(HashingEmbedder()).generate(_procedure_job("The bike I hired has a flat tyre", manual))
    assert out.behaviour == "clarify"
    assert out.text.count("?") == 1 and "booking reference or phone number" in out.text
    assert not re.search(r"\[|\bclick\b|\bselect\b|the customer|card number", out.text, re.I)
    # with the explanation the procedure gives, the draft answers with it and asks for the details after
    out = ComposerGenerator(HashingEmbedder()).generate(_procedure_job("The bike I hired has a flat tyre", MANUAL))
    assert out.behaviour == "answer"
    assert out.text.index("Small repairs are covered") < out.text.index("booking reference")


def test_the_composer_answers_with_what_the_customer_can_try() -> None:
    from models.embedders import HashingEmbedder
    from models.generators.composer import ComposerGenerator

    out = ComposerGenerator(HashingEmbedder()).generate(_procedure_job("The app won't unlock my bike", TROUBLESHOOT))
    assert out.behaviour == "answer"
    assert "close the app and open it again" in out.text and "Fleet Team" in out.text
    assert "[" not in out.text


def test_choices_go_with_the_need_read_just_before_them_or_nowhere() -> None:
    manual = ("## Step 1\nAsk the customer for their booking reference with [Open Booking].\n\n## Step 2\n"
              "Explain that the desk opens at 8.\n- Options include: 'Puncture', 'Broken Chain', or 'Frame Damage'.")
    step = next_step([manual], message="my bike broke")
    assert step.needs == ["booking reference"]  # the choices followed another sentence: not glued to this need
