"""Reading the customer (emotion, topic, repeated contact) and speaking to it (acknowledgement, behaviour).

Invented messages and documents only: none of these come from the shipped suites or the sample knowledge base.
"""

from __future__ import annotations

import pytest

from assistant.analysis import MessageAnalyser, shouted_words
from assistant.behaviour import escalation_rule, other_company, said_contacts
from assistant.issue import describe_issue
from assistant.topic_hints import DocLabel, derive
from assistant.types import BrandVoice, Passage, Ticket
from models.generators import composer_phrases as ph

ANALYSER = MessageAnalyser()


@pytest.mark.parametrize(
    ("message", "emotion"),
    [
        ("The blender showed up in three pieces. Incredible. I paid good money for it.", "anger"),
        ("You billed my card TWICE for one order. Sort this out now!", "anger"),
        ("I'm STILL waiting for the replacement you promised.", "frustration"),
        ("The voucher keeps saying invalid. I've tried 4 times!!", "frustration"),
        ("My son's party is tomorrow and the costume still hasn't come.", "anxiety"),
        ("Got a text saying my account will be closed unless I pay a fee, is this a scam?", "anxiety"),
        ("The mug chipped on the first wash :( is that normal?", "disappointment"),
        ("Are you open on Thanksgiving weekend?", "neutral"),
        ("Wow, thanks for cancelling my order without telling me. Great service.", "frustration"),
    ],
)
def test_emotion_reads_cues(message: str, emotion: str) -> None:
    assert ANALYSER.analyse(message).emotion == emotion


def test_shouting_ignores_quoted_labels_codes_and_headings() -> None:
    assert shouted_words("There is a charge from 'ACME SUBS MONTHLY' on my card") == []
    assert shouted_words("URGENT: my order is late") == []
    assert shouted_words("Use code SPRING15 on order AB-12345") == []
    assert shouted_words("I did NOT order this") == ["NOT"]


@pytest.mark.parametrize(
    ("message", "topic"),
    [
        # the ask decides over what the customer says around it
        ("My refund came through fast, thanks! How many days do I have to return the other pair?", "returns"),
        # a web address's words are not the topic
        ("got an sms from acme-refunds.net asking me to confirm my card number, is this really you?", "account_security"),
        # a code typed like a promo code
        ("SUMMER25 won't apply at checkout", "promotions_gift_cards"),
        ("Someone stole the parcel from my doorstep", "lost_damaged"),
        ("The app says delivered but there is nothing on my porch", "lost_damaged"),
        ("What personal data do you keep about me?", "privacy"),
        ("Can I get my tax return done here?", "billing"),  # not a product return
    ],
)
def test_topic_cues(message: str, topic: str) -> None:
    assert ANALYSER.analyse(message).topic == topic


def _hints():
    labels = [
        DocLabel("a", "Zephyr Club membership perks", ("zephyr-club", "membership")),
        DocLabel("b", "Returns at Zephyr Outfitters", ("returns",)),
        DocLabel("c", "Shipping with Zephyr Outfitters", ("shipping", "delivery")),
        DocLabel("d", "Store opening hours", ("opening-hours", "stores")),
    ]
    return derive(labels, ANALYSER.names_topic, ANALYSER.topics())


def test_topic_hints_come_from_the_documents_not_a_list() -> None:
    hints = _hints()
    assert "club" in hints.hints["membership"]  # the programme's own name counts for its area
    assert all("zephyr" not in words for words in hints.hints.values())  # the brand labels every area: no hint
    assert "opening_hours" in hints.extra  # a document no area names brings its own topic
    assert ANALYSER.analyse("Is the Club worth it?", hints=hints).topic == "membership"
    assert ANALYSER.analyse("Is the Club worth it?").topic == "other"
    assert ANALYSER.analyse("When do your stores open on Sundays?", hints=hints).topic == "opening_hours"


@pytest.mark.parametrize(
    ("message", "count"),
    [
        ("This is the fourth time I'm writing about my missing voucher", 4),
        ("I have called you twice already", 3),
        ("Messaging again - any news?", 2),
        ("The hoodie is too small again, second time this happened", 0),
        ("I tried the code 6 times", 0),
    ],
)
def test_said_contacts_counts_contacts_not_recurrences(message: str, count: int) -> None:
    assert said_contacts(message) == count


def test_acknowledgement_apologises_only_for_a_fault() -> None:
    worried_fault = ph.acknowledgement("anxiety", "your kettle arrived damaged", "lost_damaged", -0.3, fault=True)
    worried_login = ph.acknowledgement("anxiety", "you can't get into your account", "account_security", -0.3)
    assert all("sorry" in s.lower() for s in worried_fault)
    assert not any("sorry" in s.lower() for s in worried_login)
    assert not any("sorry" in s.lower() for s in ph.acknowledgement("confusion", None, "returns", 0.0))
    assert ph.acknowledgement("neutral", None, "returns", 0.0) == []  # a plain question: the answer first
    thanks = ph.acknowledgement("gratitude", None, "other", 0.8)
    assert thanks and not any("sorry" in s.lower() for s in thanks)
    # no boilerplate "here to help" standing in for the acknowledgement
    for emotion in ("anxiety", "confusion", "disappointment", "frustration", "anger"):
        assert not any("here to help" in s for s in ph.acknowledgement(emotion, None, "shipping", -0.4))


def test_third_contact_is_named() -> None:
    assert "third" in ph.repeated_contact_sentence(3)[0]
    assert "more than once" in ph.repeated_contact_sentence(2)[0]
    # after an acknowledgement that already apologised, the contact count is named without a second "sorry"
    assert all("sorry" not in x.lower() and "third" in x for x in ph.repeated_contact_sentence(3, apologised=True))


def test_issue_paraphrase_names_the_thing_or_says_it() -> None:
    assert describe_issue("my padded jacket arrived torn").phrase == "your jacket arrived damaged"
    assert describe_issue("the heated vest overheated and burned my arm").phrase == "your vest became unsafe to use"
    assert describe_issue("WELCOME10 isn't working on my order").phrase == "it isn't working as it should"
    assert describe_issue("it didnt work").phrase == "it isn't working as it should"  # no order that "isn't working"
    assert describe_issue("No receipt, tags ripped off. Can I return them?").kind == ""  # taken off, not damaged


def test_issue_paraphrase_skips_what_the_customer_rules_out() -> None:
    assert describe_issue("can I send the speaker back? it's not faulty, I just don't like it").kind == ""
    assert describe_issue("I ordered the blue mug and got a green one").kind == "wrong_item"
    issue = describe_issue("Courier app says delivered yet nothing is at my door")
    assert issue.kind == "lost" and issue.fault


def test_escalation_row_with_an_amount_threshold() -> None:
    note = Passage(marker=1, doc_id="n", chunk_id="n#1", title="Internal: escalations", score=0.6, audience="internal",
                   text="## Always escalate\n\n| Case | Team |\n| --- | --- |\n| Damaged delivery worth over $500 | Claims |\n")
    topic = lambda text: ANALYSER.names_topic("lost_damaged", text)  # noqa: E731
    assert escalation_rule("My $820 sofa arrived damaged", [note], 0.35, topic)
    assert escalation_rule("My $120 lamp arrived damaged", [note], 0.35, topic) is None


def test_other_company_is_declined_but_our_names_are_not() -> None:
    passage = Passage(marker=1, doc_id="p", chunk_id="p#1", title="Zephyr Trek boots", text="Zephyr Trek boots are waterproof.")
    voice = BrandVoice(company_name="Zephyr Outfitters")
    assert other_company(Ticket(message="I ordered a desk from Deskmart and it's late", brand_voice=voice), [passage]) \
        == "Deskmart"
    assert other_company(Ticket(message="my FLATPAX shelf is missing a bracket", brand_voice=voice), [passage]) == "FLATPAX"
    assert other_company(Ticket(message="I ordered Zephyr Trek boots from Zephyr last week", brand_voice=voice),
                         [passage]) is None
    # another shop named in passing, in a message about what we did to it, is no other company's case
    assert other_company(Ticket(message="I bought the jacket at Deskmart last year. Your team tore the lining, how much "
                                        "would you pay?", brand_voice=voice), [passage]) is None
    assert other_company(Ticket(message="I got a letter from Taxwise saying my rate is 80%. Are you guys charging "
                                        "me too much?", brand_voice=voice), [passage]) is None
    # a date written short is no shop: "I've got a talk on Oct 3"
    assert other_company(Ticket(message="I've got a hiking trip on Oct 3 and need 2 pairs by then, will they make it?",
                                brand_voice=voice), [passage]) is None
    # a trip someone got back from is no shop
    assert other_company(Ticket(message="we got back early from Tarrowby!! can I collect the boots tomorrow instead?",
                                brand_voice=voice), [passage]) is None


def test_a_decline_names_the_company_only_when_one_is_configured() -> None:
    from models.generators.composer_phrases import decline_sentences

    assert all("Zephyr Outfitters' products" in s for s in decline_sentences("Zephyr Outfitters"))
    assert all("Acme's products" in s for s in decline_sentences("Acme"))
    assert all(" our products" in s and "None" not in s for s in decline_sentences(None))


def test_a_message_in_another_language_is_read_through_its_english_gist() -> None:
    from assistant.gloss import english_gist

    assert english_gist("Buenas, mi chaqueta llegó rota, ¿qué puedo hacer?") == "hello jacket arrived broken what can i do?"
    assert english_gist("Is this English?") == ""  # nothing to gloss: English is read as it is
    # account and delivery words, a hyphenated compound, and "it's been" / "ago" said the English way round
    assert english_gist("Hola, olvidé mi contraseña y no puedo entrar a mi cuenta.") == \
        "hello forgot password can log in to account"
    assert english_gist("Wie viel kostet das Premium-Abo pro Jahr?") == "how much cost premium subscription year?"
    assert english_gist("Mon colis n'est jamais arrivé, ça fait 10 jours.") == "package never arrived been 10 days"
    assert english_gist("Ich habe vor 2 Wochen bestellt") == "2 weeks ago ordered"
    # a deadline question stays one ("how long do I have"), not a processing time ("how long")
    assert english_gist("¿Cuánto tiempo tengo para devolverlo?").startswith("how long do i have")
    assert english_gist("Combien de temps ai-je pour retourner un article ?").startswith("how long do i have")
    analysis = ANALYSER.analyse("Bonjour, ma commande est arrivée cassée. Que dois-je faire ?")
    assert analysis.language == "fr" and analysis.topic == "lost_damaged"


def test_rhetorical_asks_and_story_clauses_are_not_asks() -> None:
    from assistant.behaviour import rhetorical
    from models.generators.composer import uncovered_parts

    assert rhetorical("Am I missing something?") and rhetorical("I paid for M and you sent L??")
    assert not rhetorical("Also, do you sell gift boxes?") and not rhetorical("Which option gets it there by Friday??")
    source = [Passage(marker=1, doc_id="d", chunk_id="d#1", title="Care", text="Wash the kettle with warm water.")]
    assert uncovered_parts("I dropped the kettle and the lid snapped, is that covered?", source) == []
    assert uncovered_parts("Can I wash it with vinegar or a descaler?", source) == ["descaler"]


def test_a_long_calm_conversation_is_not_acknowledged_as_a_repeated_contact() -> None:
    from assistant.types import DraftJob, Turn
    from models.embedders import HashingEmbedder
    from models.generators.composer import ComposerGenerator

    composer = ComposerGenerator(HashingEmbedder())
    source = [Passage(marker=1, doc_id="d", chunk_id="d#1", title="Returns", score=0.9,
                      text="You can return unworn items within 30 days of delivery.")]

    def reply(message: str, turns: int) -> str:
        history = [Turn(role=r, text=t) for _ in range(turns) for r, t in (("customer", "And the socks?"), ("agent", "Yes."))]
        ticket = Ticket(message=message, history=history)
        job = DraftJob(ticket=ticket, analysis=ANALYSER.analyse(message, history), evidence_ok=True, passages=source)
        return composer.generate(job).text

    assert "contact us" not in reply("How long do I have to return unworn items?", turns=3)
    assert "third time" in reply("This is the third time I'm writing: how long do I have to return unworn items?", turns=0)


def test_earlier_turns_of_an_upset_conversation_are_not_separate_contacts() -> None:
    """A chat that goes back and forth is one contact: an upset customer's fourth turn is not "a fourth time"
    unless they say they have contacted us before (in this message or an earlier turn)."""
    from assistant.types import DraftJob, Turn
    from models.embedders import HashingEmbedder
    from models.generators.composer import ComposerGenerator, contact_count

    composer = ComposerGenerator(HashingEmbedder())
    source = [Passage(marker=1, doc_id="d", chunk_id="d#1", title="Repairs", score=0.9,
                      text="Repairs under warranty are free for two years from delivery.")]
    turns = [("customer", "My blender stopped working."), ("agent", "Sorry to hear that."),
             ("customer", "It is useless now."), ("agent", "Let me check."),
             ("customer", "This is so annoying, it was expensive.")]
    history = [Turn(role=r, text=t) for r, t in turns]
    message = "Seriously, this is ridiculous. Is the repair free or not?"
    ticket = Ticket(message=message, history=history)
    analysis = ANALYSER.analyse(message, history)
    assert analysis.emotion in ("anger", "frustration")  # the case the regression was about
    assert contact_count(ticket) == 1
    text = composer.generate(DraftJob(ticket=ticket, analysis=analysis, evidence_ok=True, passages=source)).text
    assert "fourth" not in text and "more than once" not in text and "chase us" not in text
    # said in an earlier turn of the same conversation: still counted
    said_before = [Turn(role="customer", text="This is the third time I'm writing about the blender."), *history]
    assert contact_count(Ticket(message=message, history=said_before)) == 3
    assert contact_count(Ticket(message="I've emailed you twice about this already.", history=history)) == 3


def test_thanks_to_a_named_person_are_passed_on_and_asking_how_is_no_question_for_the_policy() -> None:
    from models.generators import composer_phrases as ph
    assert ph.thanked_person("Writing to say a big thank you to Ines at reception, he loved it!") == "Ines"
    assert ph.thanked_person("Thanks to Marco, our guide, we had a blast") == "Marco"
    assert ph.thanked_person("Thank you to everyone at the shop") is None
    assert ph.thanked_person("Thanks to Ana and thanks to Rui!") is None  # two people: the agent words it
    assert ph.thanked_person("Thank you for sorting it, Jonas") is None  # thanks for something, not to someone
    assert ph.PASS_ON_THANKS.search("Can you make sure she hears it?")
    assert ph.PASS_ON_THANKS.search("could you pass it on?")
    assert not ph.PASS_ON_THANKS.search("when is my next visit due?")


def test_or_is_that_too_much_to_ask_hedges_a_request_and_is_no_frustration() -> None:
    from assistant.analysis import MessageAnalyser
    analyser = MessageAnalyser()
    hedged = "Can your lot do the gutters on the same day as the windows, or is that too much to ask?"
    assert analyser.analyse(hedged).emotion != "frustration"
    assert analyser.analyse("Parcel came at 9pm. Was that too much to ask?").emotion == "frustration"
