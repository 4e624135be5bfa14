"""The customer's closing line: the name they sign with, and a closing "thanks" that is not gratitude."""

from __future__ import annotations

import pytest

from assistant.analysis import MessageAnalyser
from assistant.customer_sign_off import is_closing, signed_name
from assistant.personalisation import greeting_name
from assistant.types import BrandVoice, CustomerProfile, Ticket


@pytest.mark.parametrize(
    ("message", "name"),
    [
        ("Can I add a second driver at the desk? Thanks, Maria Lopez", "Maria Lopez"),
        ("Geht das auch im Ausland? Danke, Jonas", "Jonas"),
        ("Where is my parcel?\nThanks,\nTom", "Tom"),
        ("Kind regards,\nJohn O'Neill", "John O'Neill"),
        ("Best,\nRuth McDonald-Hay", "Ruth McDonald-Hay"),
        ("my meter reading is wrong\n- Priya", "Priya"),
        # who the writer is to the account holder, beside their name
        ("Please close the account.\n\nMarguerite (his daughter)", "Marguerite"),
        ("Mum passed away last month.\nOwen, her son", "Owen"),
        ("The box came late (his fault)", None),
        ("Is the boiler covered? Cheers Dave", "Dave"),
        # closings with no name, words that only look like one, and a shop name after an everyday word
        ("Thanks so much", None),
        ("Thanks Again", None),
        ("Cheers mate", None),
        ("great service thanks guys", None),
        ("Can I return it to the store? Best Buy", None),
        ("My order is late. Regards", None),
        # a message on one line, signed with a full name after its last sentence
        ("I write for my mother. Let me know which forms to send. Aldo Brisco", "Aldo Brisco"),
        ("It came broken. Thank You", None),
        ("", None),
    ],
)
def test_signed_name(message: str, name: str | None) -> None:
    assert signed_name(message) == name


def test_closing_lines_are_told_from_thanks_for_something() -> None:
    assert is_closing("Thanks so much, Ana") and is_closing("Kind regards") and is_closing("Thanks!")
    assert not is_closing("Thanks for the quick refund")
    assert not is_closing("Thank you for your help with the broken heater")


def test_greeting_uses_the_signed_name_only_without_a_profile_name() -> None:
    message = "Can I change my delivery slot? Thanks, Maria Lopez"
    assert greeting_name(Ticket(message=message)) == "Maria"
    assert greeting_name(Ticket(message=message, brand_voice=BrandVoice(greeting_style="full_name"))) == "Maria Lopez"
    assert greeting_name(Ticket(message=message, brand_voice=BrandVoice(greeting_style="none"))) is None
    # the profile wins, and a customer thanking the agent by name is not greeted with the agent's name
    assert greeting_name(Ticket(message=message, customer=CustomerProfile(name="Mary Lopez-Diaz"))) == "Mary"
    assert greeting_name(Ticket(message="Sorted now. Thanks, Sam", agent_name="Sam")) is None


def test_a_question_closed_with_thanks_and_a_name_is_not_a_grateful_message() -> None:
    analyser = MessageAnalyser()
    assert analyser.analyse("Can I add my husband as a driver when I pick up? Thanks, Maria Lopez").emotion != "gratitude"
    assert analyser.analyse("Thank you so much, your team sorted my exchange in a day!").emotion == "gratitude"



def test_thanks_closing_a_message_that_asks_nothing_stays_gratitude() -> None:
    analyser = MessageAnalyser()
    assert analyser.analyse("All sorted, the parcel came this morning. Thank you for your help!").emotion == "gratitude"


def test_a_message_in_another_language_is_greeted_by_the_name_it_is_signed_with() -> None:
    from assistant.types import DraftJob, Passage
    from models.embedders import HashingEmbedder
    from models.generators.composer import ComposerGenerator

    message = "Hallo! Kann ich das Auto in einer anderen Stadt abgeben? Was kostet das? Danke, Jonas"
    analysis = MessageAnalyser().analyse(message)
    assert analysis.language == "de"
    passage = Passage(marker=1, doc_id="one-way", chunk_id="o1", title="One-way rentals", score=0.7,
                      text="You can return the car to another city with a one-way booking. The one-way fee is €90.")
    job = DraftJob(ticket=Ticket(message=message, channel="email"), analysis=analysis, evidence_ok=True,
                   passages=[passage])
    # (greeted in the language they wrote in)
    assert ComposerGenerator(HashingEmbedder()).generate(job).text.startswith("Hallo Jonas,")


def test_a_thank_you_for_someone_who_explained_twice_is_gratitude_not_a_repeat_contact() -> None:
    from assistant.behaviour import said_contacts

    message = ("Just wanted to say a massive thank you to Ana, the fitter who came yesterday. My dad gets anxious with "
               "strangers and Ana explained everything twice. No question, just please pass it on!")
    assert MessageAnalyser().analyse(message).emotion == "gratitude"
    assert said_contacts(message) == 0
    assert said_contacts("I have explained this twice already!") == 3  # the customer's own contacts still count


def test_a_relative_writing_for_the_account_holder_who_died_is_greeted_not_the_holder() -> None:
    message = ("Hello,\n\nI'm writing about my mother's account, Edith Calloway. Mum passed away last week and there is "
               "an order still due. Please cancel it.\n\nRosalind (her daughter)")
    holder = CustomerProfile(name="Edith Calloway")
    assert greeting_name(Ticket(message=message, customer=holder)) == "Rosalind"
    # the holder signing their own message is still greeted by the profile's name
    assert greeting_name(Ticket(message="Please cancel my order.\n\nEdie (Edith Calloway)", customer=holder)) == "Edith"
