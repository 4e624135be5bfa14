"""A gap said honestly is no claim to check (assistant.grounding.kinds)."""

from assistant.grounding.kinds import classify_sentence

ASKED = "Can your guide meet us at the ferry, and is the 18:40 boat the last one?"


def test_a_gap_that_says_the_customers_own_ask_back_is_process() -> None:
    gap = ("I couldn't find anything in our information about whether your guide can meet you at the ferry; "
           "I'm checking it with the team and will get back to you.")
    assert classify_sentence(gap, ASKED) == "process"
    assert classify_sentence("Our information doesn't cover whether the 18:40 boat is the last one, so I'm checking "
                             "that with the team and will follow up with you.", ASKED) == "process"


def test_a_gap_with_a_figure_of_ours_is_still_checked() -> None:
    # 21:15 is not the customer's: a figure of ours inside the gap wording is a claim
    assert classify_sentence("I couldn't find the 21:15 boat in our information; I'm checking it with the team.",
                             ASKED) == "factual"


def test_an_urgent_hand_over_sentence_is_process_not_a_claim() -> None:
    from assistant.grounding.kinds import classify_sentence

    said = "I'm alerting a senior colleague now, and they will get in touch with you within 1 hour."
    assert classify_sentence(said) == "process"
