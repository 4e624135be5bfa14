"""Tone metrics: each strategy moves the score the way the politeness/empathy literature says it should."""

from __future__ import annotations

import pytest

from assistant.types import CustomerProfile, Order
from evaluation.metrics.empathy import empathy
from evaluation.metrics.politeness import politeness
from evaluation.metrics.tone import (
    banned_phrases,
    length_fit,
    personalization,
    readability_fit,
    readability_grade,
    score_tone,
    sentiment,
)

MESSAGE = "My blender arrived with a cracked jug and I need it for my daughter's party on Saturday. Order NW-1234."
PROFILE = CustomerProfile(name="Maria Lopez", orders=[Order(id="NW-1234", items=["Vortex blender"])])


@pytest.mark.parametrize(
    ("polite", "rude"),
    [
        ("Could you please explain why the edit was reverted? Thanks!", "Why was the edit reverted?"),
        ("Thanks for the quick fix, I appreciate it.", "So you fixed it or not?"),
        ("Sorry to bother you, but would you mind adding a source?", "You should have added a source."),
        ("Hi, I was wondering if you could take a look at this section.", "Look at this section."),
        ("I'll check the order for you today.", "CHECK YOUR ORDER PAGE!!!"),
        ("By the way, where did you find the 1920 figure?", "In fact the figure is wrong."),
    ],
)
def test_politeness_orders_requests_like_people_do(polite: str, rude: str) -> None:
    assert politeness(polite).score > politeness(rude).score


def test_politeness_strategies_are_named_and_scores_bounded() -> None:
    result = politeness("Please do not remove this. You should have asked first!!!")
    assert {"please_start", "blame", "exclamations", "second_person_start"} <= set(result.strategies)
    assert set(result.negative) >= {"blame", "exclamations"}
    assert 0.0 <= result.score < 0.3
    assert politeness("The parcel left the warehouse.").score == pytest.approx(0.5)


def test_please_inside_a_sentence_is_politer_than_at_its_start() -> None:
    assert politeness("Could you please send the photo?").score > politeness("Please send the photo.").score


def test_shouting_needs_more_than_an_acronym() -> None:
    assert "shouting" not in politeness("The refund goes back in USD via the FAQ page.").strategies
    assert "shouting" in politeness("This is NOT acceptable and I WANT it fixed.").strategies


def test_blame_phrasing_is_detected_but_sympathy_is_not() -> None:
    assert "blame" in politeness("You could have contacted us sooner.").strategies
    assert "blame" not in politeness("You shouldn't have to chase us for this.").strategies
    assert "blame" not in politeness("Let me know if you'd like a replacement.").strategies


def test_specific_acknowledgement_beats_boilerplate() -> None:
    specific = empathy("I'm so sorry your blender arrived with a cracked jug right before the party.", MESSAGE)
    boiler = empathy("We apologize for any inconvenience. We value your business.", MESSAGE)
    generic_sorry = empathy("I'm so sorry to hear that.", MESSAGE)
    assert specific.score > generic_sorry.score > boiler.score
    assert boiler.score == 0.0 and len(boiler.boilerplate) == 2
    assert specific.specificity == 1.0 and generic_sorry.specificity == 0.0


def test_empathy_mechanisms() -> None:
    result = empathy("It sounds like the party is what worries you most. Could you tell me which colour you'd like?", MESSAGE)
    assert result.interpretation == 1.0 and result.exploration == 1.0
    assert empathy("Returns are accepted within 30 days.", MESSAGE).score == 0.0


def test_personalisation_credits_correct_details_and_penalises_wrong_ones() -> None:
    good = personalization("Hi Maria, your Vortex blender from order NW-1234 is covered.", PROFILE)
    wrong_name = personalization("Hi Anna, your order NW-1234 is covered.", PROFILE)
    wrong_order = personalization("Hi Maria, order NW-9999 is covered.", PROFILE)
    impersonal = personalization("Hello, your order is covered.", PROFILE)
    assert good.score == 1.0 and not good.errors
    assert wrong_name.errors and wrong_name.score < good.score
    assert wrong_order.errors and wrong_order.score < good.score
    assert impersonal.score == 0.0
    assert personalization("Hi there, thanks.", None).applicable is False


def test_length_fit_depends_on_channel() -> None:
    long_reply = " ".join(["word"] * 120)
    assert length_fit(long_reply, "email") == 1.0
    assert length_fit(long_reply, "social") < 0.5
    assert length_fit("Thanks, done.", "email") < length_fit("Thanks, done.", "chat")


def test_readability_and_sentiment() -> None:
    simple = "Your refund is on its way. It takes five days."
    hard = ("Notwithstanding the aforementioned considerations, reimbursement authorisation necessitates "
            "comprehensive documentation substantiating the manufacturing irregularity.")
    assert readability_grade(simple) < readability_grade(hard)
    assert readability_fit(readability_grade(simple)) > readability_fit(readability_grade(hard))
    assert sentiment("Thank you, this is wonderful!") > 0.5 > sentiment("This is terrible and awful.")


def test_banned_phrases_from_brand_voice_and_defaults() -> None:
    assert banned_phrases("Please calm down. We offer no refunds.", ["no refunds"]) == ["no refunds", "calm down"]
    assert banned_phrases("All good here.", ["no refunds"]) == []


def test_score_tone_shape_and_determinism() -> None:
    reply = "Hi Maria, I'm so sorry the jug of your Vortex blender cracked. I'll send a new one for order NW-1234 today."
    first = score_tone(reply, MESSAGE, customer=PROFILE, channel="chat")
    assert first == score_tone(reply, MESSAGE, customer=PROFILE, channel="chat")
    for key in ("empathy", "politeness", "sentiment", "personalization", "length_fit", "readability"):
        assert 0.0 <= first[key] <= 1.0, key
    assert isinstance(first["readability_grade"], float)
    assert isinstance(first["banned_phrases"], list)


def test_hedges_count_an_approximate_quantity_and_an_adverb_but_not_a_topic_or_a_type() -> None:
    assert "hedges" in politeness("It takes about 3 days to arrive.").strategies
    assert "hedges" in politeness("The lid is kind of loose.").strategies
    assert "hedges" not in politeness("I have a question about the lid.").strategies
    assert "hedges" not in politeness("What kind of lid is it?").strategies


def test_negative_words_that_sympathise_are_not_negative_lexicon() -> None:
    assert "negative_lexicon" not in politeness("I'm sorry to hear you received the wrong item.").strategies
    assert "negative_lexicon" in politeness("You sent the wrong item.").strategies
    # the problem's own name is not hostility
    assert "negative_lexicon" not in politeness("The error appears when I log in.").strategies


def test_challenges_lower_the_score() -> None:
    assert "challenge" in politeness("Have you even read the manual?").strategies
    assert "challenge" in politeness("What on earth is this?").strategies
    assert politeness("Have you even read the manual?").score < politeness("Have you read the manual?").score


def test_technical_names_in_capitals_are_not_shouting() -> None:
    assert "shouting" not in politeness("Does the JVM restart when SSL is turned off in the settings?").strategies
    assert "shouting" in politeness("WHERE IS MY REFUND").strategies
