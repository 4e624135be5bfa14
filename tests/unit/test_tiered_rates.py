"""A payment for a first stretch plus each further one, for how long the customer says it lasted (invented rules)."""

from __future__ import annotations

from datetime import date

from assistant.grounding.arithmetic import worked_values
from assistant.tiered_rates import stated_hours, tiered_in, tiered_total

TODAY = date(2026, 11, 27)  # a Friday
ROW = "Mains water off for 8 hours or more; payment to a household: £30, plus £20 for each further 8 hours."
CAPPED = "Lift out of service for 24 hours or more: €50, plus €25 for each further 24 hours, up to €150 in total."
PARKING = "Parking costs $4 for the first hour, then $3 for every additional hour."


def test_the_first_stretch_is_the_threshold_or_the_first_hours_the_rule_names() -> None:
    rule = tiered_in(ROW)
    assert rule is not None and (rule.first, rule.first_hours, rule.rate, rule.step_hours) == (30, 8, 20, 8)
    parking = tiered_in(PARKING)
    assert parking is not None and (parking.first, parking.first_hours, parking.rate, parking.step_hours) == (4, 1, 3, 1)
    assert tiered_in("£30, plus £20 for each further 8 hours.") is None  # no first stretch said


def test_full_further_periods_are_added_up_and_checked() -> None:
    said = tiered_total(ROW, "our water was off for TWENTY FOUR HOURS, what do we get?", TODAY)
    assert said == ("For 24 hours: £30 for the first 8 hours, plus £20 for each of the 2 further 8-hour periods: "
                    "£30 + £20 + £20 = £70.")
    assert 70 in worked_values(said, [ROW])
    # 20 hours: one full further period, the part period earns nothing
    assert tiered_total(ROW, "off for 20 hours", TODAY).endswith("= £50.")  # type: ignore[union-attr]
    # the span between the two moments they name: Wednesday 7pm to Thursday 11pm is 28 hours
    assert stated_hours("it went off at 7pm on Wednesday. it came back at 11pm on Thursday", TODAY) == 28
    assert tiered_total(PARKING, "I parked for 9 hours", TODAY).endswith(  # type: ignore[union-attr]
        "(8 × $3 = $24): $4 + $24 = $28.")


def test_a_cap_holds_and_nothing_is_worked_out_below_the_threshold_or_without_one_duration() -> None:
    assert tiered_total(CAPPED, "the lift was out for 120 hours", TODAY).endswith(  # type: ignore[union-attr]
        "€50 + €25 + €25 + €25 + €25 = €150.")
    assert tiered_total(CAPPED, "the lift was out for 200 hours", TODAY).endswith(  # type: ignore[union-attr]
        "capped at €150.")
    assert tiered_total(ROW, "off for 5 hours", TODAY) is None  # below the threshold: no payment
    assert tiered_total(ROW, "off for 10 hours, or maybe 30 hours", TODAY) is None  # which one?
    assert tiered_total(ROW, "what do I get?", TODAY) is None
