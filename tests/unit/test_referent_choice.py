"""A follow-up nothing answers that leans on "the X" / "these X" without saying which one: the reply asks which."""

from __future__ import annotations

from assistant.referent_choice import leaning_reference
from assistant.types import Passage


def _p(text: str, title: str = "Doc") -> Passage:
    return Passage(marker=1, doc_id="d", chunk_id="d#1", title=title, text=text, score=1.0)


KINDS = ("There are three main types of SDKs: Server-side SDKs, Client-side SDKs and Admin SDKs. Server-side SDKs run "
         "in your service.")


def test_the_kinds_the_conversation_named_are_offered() -> None:
    thing, kinds = leaning_reference("What are the best practices for using the SDK?", ["Which SDKs are there?", KINDS],
                                     ["Which SDKs are there?"], []) or ("", [])
    assert thing == "SDK"
    assert kinds[:3] == ["Server-side SDKs", "Client-side SDKs", "Admin SDKs"]


def test_a_demonstrative_subject_loses_its_verb_and_a_kind_of_phrase_points_at_its_kind() -> None:
    said = ["Tell me about partnerships.", "In a partnership, partners share the profits."]
    assert leaning_reference("How much of the company does this partner own?", said, said[:1], []) == ("partner", [])
    said = ["What happens in the T Tauri phase?", "The star is surrounded by a disk of gas and dust."]
    found = leaning_reference("How does the disk vary between these types of stars?", said, said[:1], [])
    assert found is not None and found[0] == "stars"


def test_no_question_without_a_conversation_or_about_the_customers_own_case() -> None:
    assert leaning_reference("What are the best practices for using the SDK?", [], [], [_p(KINDS)]) is None
    said = ["My order arrived broken, can I return it?", "Yes, within 30 days."]
    assert leaning_reference("When will the courier come?", said, said[:1], []) is None


def test_a_phrase_that_says_which_or_names_no_thing_is_not_asked_about() -> None:
    said = ["Tell me about bonds.", "Bonds pay interest."]
    # "the name of ...": the rest says which; "the difference": no thing to pick; "the goals": all of a kind
    assert leaning_reference("What is the name of the fund manager of Vanguard?", said, said[:1], []) is None
    assert leaning_reference("What is the difference?", said, said[:1], []) is None
    assert leaning_reference("What are the goals?", said, said[:1], []) is None
    # the conversation spoke of one kind only: that one is meant
    said = ["Tell me about AAA bonds.", "AAA bonds have the lowest credit risk."]
    assert leaning_reference("What is the yield of the bond?", said, said[:1], []) is None


def test_the_sources_kinds_are_offered_when_the_conversation_names_none() -> None:
    said = ["Do you have clinics near me?", "We have several clinics."]
    found = leaning_reference("What services does the clinic provide?", said, said[:1],
                              [_p("The Hibbing VA Clinic opens at 8. The Hayward VA Clinic opens at 9.")])
    assert found == ("clinic", ["Hibbing VA Clinic", "Hayward VA Clinic"])


def test_a_conjunction_or_pronoun_before_a_determiner_or_verb_points_at_nothing() -> None:
    said = ["How do I protect my PC?", "Install the updates and use a firewall."]
    assert leaning_reference("Are those the only steps?", said, said[:1], []) is None
    assert leaning_reference("Does this mean that my computer is completely safe?", said, said[:1], []) is None
