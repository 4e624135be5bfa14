"""The charge over an allowance per period, worked out for the customer (an invented van-hire and phone company)."""

from __future__ import annotations

from assistant.allowance_overage import overage
from assistant.grounding.arithmetic import worked_values

PAGE = """## Miles
- **Vans:** 100 miles per hire day are included. Miles above the total allowance cost **£0.40 per mile**.
- **Cars:** unlimited miles.
"""
PHONE = "Every plan includes 300 minutes per month. Minutes over your allowance are charged at $0.10 per minute."


def test_the_miles_beyond_the_allowance_are_charged_at_the_rate() -> None:
    message = "We have the van for 3 days and will drive around 450 miles. What will the extra be?"
    said = overage(PAGE, message, "Vans – Luton, 3 days")
    assert said == ("For 3 days at 100 miles per day, 3 × 100 = 300 miles are included; at about 450 miles that is "
                    "450 − 300 = 150 miles over, charged at £0.40 per mile: 150 × £0.40 = £60.")
    assert 60 in worked_values(said, [PAGE, "3 days"], message)


def test_within_the_allowance_nothing_is_charged() -> None:
    said = overage(PHONE, "I'll use 250 minutes this month, on a 1 month plan", "")
    assert said is not None and "within the allowance" in said


def test_a_rule_for_another_case_or_a_missing_figure_is_not_worked() -> None:
    assert overage(PAGE, "We have it for 3 days and will drive 450 miles.", "Cars – Estate, 3 days") is None
    assert overage(PAGE, "Vans: we will drive 450 miles.", "") is None  # how many days: not given
    assert overage(PAGE, "The van for 3 days, maybe 450 miles or 500 miles.", "Vans") is None  # two usages
