"""A next step acts only on something the customer spoke of."""

from models.generators.composer_phrases import case_fits_step


def test_a_tracking_step_needs_something_sent_in_the_customers_words() -> None:
    assert case_fits_step("shipping", "Where is my parcel? It was meant to arrive on Monday.")
    assert not case_fits_step("shipping", "The 08:10 coach was 40 minutes late, what compensation is there?")


def test_a_return_step_needs_the_customer_to_speak_of_sending_something_back() -> None:
    assert case_fits_step("returns", "Can I still send back the blue kettle from last month?")
    assert case_fits_step("returns", "I'd like a refund for the mug")
    assert not case_fits_step("returns", "thanks for the quick help! can the cool packs go in the recycling?")


def test_topics_whose_step_needs_nothing_of_theirs_always_fit() -> None:
    assert case_fits_step("membership", "can I change plan?")
