"""A parcel's chargeable weight from the size the customer gives, on an invented carrier's page."""

from __future__ import annotations

from assistant.chargeable_weight import chargeable
from assistant.grounding.arithmetic import worked_values

PAGE = """## Sizes
| Size | Max weight | Max size (L × W × H) | Economy | Express |
|---|---|---|---|---|
| Mini | 1 kg | 30 × 20 × 10 cm | £3.10 | £5.20 |
| Box | 8 kg | 50 × 40 × 40 cm | £6.40 | £9.90 |
| Crate | 25 kg | 100 × 60 × 50 cm | £12.00 | £17.50 |

We charge by whichever is higher: the scale weight or the dimensional weight (length × width × height in cm ÷ 4,000).
"""


def test_the_size_worked_weight_picks_the_band_when_it_is_the_greater() -> None:
    message = "It's a 40 x 30 x 30 cm carton, weighs 4kg. What would it cost?"
    result = chargeable(PAGE, message)
    assert result is not None
    assert result.weight == 9 and result.band == "Crate"
    assert "40 × 30 × 30 = 36,000 ÷ 4,000 = 9 kg" in result.sentence
    assert "more than its weight on the scales, so it is charged as 9 kg, which is the Crate band (up to 25 kg, " \
           "100 × 60 × 50 cm)" in result.sentence
    assert 9 in worked_values(result.sentence, [PAGE], message)


def test_the_scale_weight_decides_when_it_is_the_greater() -> None:
    result = chargeable(PAGE, "Parcel is 20cm x 20cm x 10cm but weighs 6 kg")
    assert result is not None and result.weight == 6 and result.band == "Box"
    assert "less than its weight on the scales, so it is charged on its weight on the scales, which is the Box band" \
        in result.sentence


def test_a_band_whose_size_the_parcel_does_not_fit_is_skipped() -> None:
    result = chargeable(PAGE, "A 48 x 10 x 10 cm tube, 0.5 kg")  # 1.2 kg by size: over Mini, fits a Box
    assert result is not None and result.band == "Box"
    result = chargeable(PAGE, "A 90 x 10 x 10 cm tube weighing 1 kg")  # 2.25 kg by size, too long for a Box
    assert result is not None and result.band == "Crate"


def test_nothing_is_guessed() -> None:
    assert chargeable(PAGE, "It's 40 x 30 x 30, weighs 4kg") is None  # no unit
    assert chargeable(PAGE, "It's 400 x 300 x 300 mm, weighs 4kg") is None  # another unit than the page's
    assert chargeable(PAGE, "Two boxes: 40 x 30 x 30 cm and 20 x 20 x 20 cm") is None  # which one
    assert chargeable("We charge by weight.", "It's 40 x 30 x 30 cm") is None  # no formula
    # no weight given: the size-worked weight alone, no band
    result = chargeable(PAGE, "It's 40 x 30 x 30 cm")
    assert result is not None and result.band is None and result.sentence.endswith("= 9 kg.")


def test_a_wrong_division_proves_nothing() -> None:
    assert worked_values("40 × 30 × 30 = 36,000 ÷ 4,000 = 8 kg", [PAGE], "40 x 30 x 30 cm") == []
    assert 9 in worked_values("40 × 30 × 30 = 36,000 ÷ 4,000 = 9 kg", [PAGE], "40 x 30 x 30 cm")


def test_a_band_table_in_another_passage_names_the_band_without_its_limits() -> None:
    formula, table = PAGE.split("\n\nWe charge")[1], PAGE.split("\n\nWe charge")[0]
    result = chargeable("We charge" + formula, "It's a 40 x 30 x 30 cm carton, weighs 4kg.", table)
    assert result is not None and result.band == "Crate" and result.sentence.endswith("which is the Crate band.")
