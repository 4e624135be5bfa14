"""The customer's measures against a rule's ranges, every ask of a long message answered, and a message in another
language read through the words its sources share with it (invented bike-hire and storage sources)."""

from __future__ import annotations

from assistant.analysis import MessageAnalyser
from assistant.gloss import english_gist
from assistant.grounding.words import family
from assistant.language import detect_language
from assistant.places import names_journey, places_in
from assistant.quantities import conditions, measure_fit, passage_fits, stated_measures
from assistant.types import DraftJob, Passage, Ticket
from models.embedders import HashingEmbedder
from models.generators.composer import _CASE_CONDITION, ComposerGenerator
from models.generators.composer_policy import SentenceBank, content_words, select_policy

ANALYSER = MessageAnalyser()

DENTS = Passage(
    marker=1, doc_id="damage", chunk_id="damage-1", title="Damage to hired bikes", section="Damage charges", score=0.6,
    text=("Frame dents deeper than 4 mm are charged at the repair price. "
          "Dents shorter than 2 cm on the frame count as normal wear and are not charged. "
          "Every bike is checked by a mechanic when it comes back."),
)
LATE = Passage(
    marker=2, doc_id="late", chunk_id="late-1", title="Late returns", section="Late return fees", score=0.6,
    text=("| How late | Fee |\n|---|---|\n| Up to 15 minutes late | Nothing |\n| 15 minutes to 1 hour late | $8 |\n"
          "| More than 1 hour late | $20 plus a second day of hire |"),
)


def test_a_measure_the_customer_states_is_read_with_its_unit() -> None:
    assert stated_measures("the dent is maybe 1cm, you can barely see it") == (("length", 10.0),)
    assert stated_measures("I brought it back 3 hrs late") == (("time", 180.0),)
    assert stated_measures("it only had 40% left") == (("share", 40.0),)
    # a threshold they ask about is no measure of theirs
    assert stated_measures("is a dent under 2 cm charged?") == ()
    assert stated_measures("I have 2 in the box") == ()


def test_a_rule_s_ranges_are_read_from_its_comparisons() -> None:
    first, second = conditions("Dents shorter than 2 cm, and chips smaller than 5 mm, are not charged.")
    assert (first.dimension, first.low, first.high) == ("length", None, 20.0)
    assert (second.dimension, second.high) == ("length", 5.0)
    (span,) = conditions("For 15 minutes to 1 hour late, fee: $8.")
    assert (span.low, span.high) == (15.0, 60.0)
    (above,) = conditions("For More than 1 hour late, fee: $20.")
    assert (above.low, above.high) == (60.0, None)
    assert conditions("It arrives within 30 minutes of signing up.") == ()  # a deadline: the date windows read it


def test_the_rule_whose_range_holds_the_customer_s_measure_is_theirs() -> None:
    dent = "The dent is TINY, maybe 1cm. Why am I being charged?"
    assert measure_fit("Dents shorter than 2 cm on the frame count as normal wear and are not charged.", dent) == 1
    assert measure_fit("Frame dents deeper than 4 mm are charged at the repair price.", dent) == 0  # no range it is in
    late = "I brought the bike back 3 hrs late, what will I pay?"
    assert measure_fit("For More than 1 hour late, fee: $20 plus a second day of hire.", late) == 1
    assert measure_fit("For 15 minutes to 1 hour late, fee: $8.", late) == -1  # the row of another case
    # an hour said of something else than what theirs measures is no case of theirs
    assert measure_fit("For More than 1 hour late, fee: $20.", "I signed up 3 hours ago and got no code") == 0


def test_the_wear_rule_leads_for_a_small_dent() -> None:
    composer = ComposerGenerator(HashingEmbedder())
    message = "You charged me for a dent on the frame. It's tiny, maybe 1cm. Is that fair?"
    job = DraftJob(ticket=Ticket(message=message, channel="email", agent_name="Sam"),
                   analysis=ANALYSER.analyse(message), evidence_ok=True, passages=[DENTS])
    text = composer.generate(job).text
    assert "not charged" in text
    assert text.index("shorter than 2 cm") < text.index("[1]")  # the first sentence said is the rule for their case


def test_the_late_row_for_their_lateness_is_chosen() -> None:
    composer = ComposerGenerator(HashingEmbedder())
    message = "I returned the bike 3 hrs late because of a puncture. What will I be charged?"
    job = DraftJob(ticket=Ticket(message=message, channel="email", agent_name="Sam"),
                   analysis=ANALYSER.analyse(message), evidence_ok=True, passages=[LATE])
    text = composer.generate(job).text
    assert "$20" in text and "$8" not in text


STORAGE = Passage(
    marker=1, doc_id="storage", chunk_id="storage-1", title="Storage units", section="Renting a unit", score=0.6,
    text=("We accept debit cards for storage payments. "
          "The deposit is one month's rent, returned within 10 days of moving out. "
          "Your spouse can be added to the unit's access list for free. "
          "We sell padlocks at reception for $12. "
          "Units can be accessed from 6am to 10pm every day."),
)


def test_every_ask_of_a_numbered_list_gets_an_answer() -> None:
    composer = ComposerGenerator(HashingEmbedder())
    message = ("Few questions before I rent a unit: 1) do you take debit cards 2) how much is the deposit "
               "3) can my wife get access too 4) do you sell padlocks?")
    job = DraftJob(ticket=Ticket(message=message, channel="email", agent_name="Sam"),
                   analysis=ANALYSER.analyse(message), evidence_ok=True, passages=[STORAGE])
    gen = composer.generate(job)
    assert gen.asks_total == 4
    for fact in ("debit cards", "one month's rent", "spouse", "$12"):
        assert fact in gen.text, fact


def test_a_wife_or_husband_is_the_policies_spouse() -> None:
    assert family("wife") == family("spouse") == family("husband")


def test_a_foreign_message_keeps_the_words_its_sources_share_with_it() -> None:
    message = "Hallo! Kann ich das Auto nächste Woche aus einer der Garagen in Edinburgh abholen? Brauche ich einen Führerschein?"
    plain = english_gist(message)
    assert "car" in plain and "driving licence" in plain and "pick up" in plain
    known = {"garage", "edinburgh", "licence"}.__contains__
    gist = english_gist(message, known)
    assert "garage" in gist and "edinburgh" in gist  # a cognate and a place the documents use
    assert "garage" not in plain and "edinburgh" not in plain


def test_a_short_english_question_is_not_read_as_another_language() -> None:
    assert detect_language("do my rewards points ever expire?") == "en"
    assert detect_language("Hola, la lámpara que pedí llegó rota. ¿Qué puedo hacer?") == "es"


def test_a_reply_to_a_foreign_message_says_it_is_in_english() -> None:
    composer = ComposerGenerator(HashingEmbedder())
    message = "Hola, ¿cuánto cuesta un candado? Gracias"
    job = DraftJob(ticket=Ticket(message=message, channel="email", agent_name="Sam"),
                   analysis=ANALYSER.analyse(message), evidence_ok=True, passages=[STORAGE])
    # (said in the customer's language: "Le respondo en inglés; ...")
    assert "en inglés" in composer.generate(job).text


def test_rows_of_another_range_are_other_cases_once_a_row_holds_the_measure() -> None:
    rows = ["For Up to 15 minutes late, fee: Nothing.", "For 15 minutes to 1 hour late, fee: $8.",
            "For More than 1 hour late, fee: $20 plus a second day of hire.", "For Each further day, fee: $15."]
    # the first row does not say what its minutes measure, but its sibling row does: it is another case too
    assert passage_fits(rows, "I brought the bike back 3 hrs late") == {0: -1, 1: -1, 2: 1}
    assert passage_fits(rows, "I brought the bike back late") == {}


CANCELLING = Passage(
    marker=1, doc_id="cancel", chunk_id="cancel-1", title="Cancelling a class pass", section="Refunds", score=0.6,
    text=("Class passes cancelled 7 days or less before the first class are not refunded. "
          "If you are admitted to hospital, or a close relative dies, we refund the pass in full. "
          "Send us a letter from the hospital or a death certificate within 28 days. "
          "Passes can be moved to another course once."),
)


def _pick(own_case: dict[tuple[int, int], float], question: str, max_sentences: int = 2) -> list[str]:
    embedder = HashingEmbedder()
    chosen = select_policy(SentenceBank(embedder), [CANCELLING], embedder.embed_query(question),
                           content_words(question), max_sentences=max_sentences, question=question, about=question,
                           ask_vec=embedder.embed_query(question), own_case=own_case)
    return [c.text for c in chosen]


def test_the_rule_for_the_customer_s_case_leads_and_goes_on_in_its_next_sentence() -> None:
    question = "Will you refund the class pass?"
    plain = _pick({}, question)
    assert plain[0].startswith("Class passes cancelled 7 days")
    # the same ask from a customer whose case is the exception's (the composer marks it from what they state)
    theirs = _pick({(1, 1): 0.15}, question, max_sentences=3)
    assert theirs[0].startswith("If you are admitted to hospital")
    # what the exception asks of them comes with it, though it shares no word with the ask
    assert any(t.startswith("Send us a letter") for t in theirs)
    assert not any(t.startswith("Send us a letter") for t in _pick({}, question, max_sentences=3))


def test_a_sentence_s_opening_condition_runs_on_to_its_main_clause() -> None:
    m = _CASE_CONDITION.search("If the driver is admitted to hospital, or a close relative dies, we refund the pass.")
    assert m is not None and m.group(1) == "If the driver is admitted to hospital, or a close relative dies"
    m = _CASE_CONDITION.search("In the UK, if anyone is injured or you can't swap details, call the police.")
    assert m is not None and m.group(1).startswith("if anyone is injured")
    assert _CASE_CONDITION.search("Passes can be moved to another course once.") is None


def test_a_large_city_is_found_by_its_name_in_another_language() -> None:
    found = {p.name: p.country for p in places_in("Ich hole das Auto in Madrid ab und gebe es in Lissabon zurück.")}
    assert found == {"Madrid": "Spain", "Lissabon": "Portugal"}
    assert places_in("I work in Gold most days") == []  # a short English word is no city's other name


ONE_WAY = Passage(
    marker=1, doc_id="one-way", chunk_id="one-way-1", title="One-way hire", section="One-way fees", score=0.6,
    text=("| Route | Fee |\n|---|---|\n| Within the same country | €60 |\n"
          "| Between countries we serve (Spain, Portugal, France) | €300 |\n| To a country we do not serve | Not available |"),
)


def test_a_journey_between_two_countries_is_the_rule_naming_both() -> None:
    journey = places_in("I'm picking the van up in Madrid and leaving it in Lisbon.")
    assert names_journey("Between EU countries we serve (Spain, Portugal, France): €300.", journey)
    assert not names_journey("Within the same EU country: €60.", journey)
    assert not names_journey("Spain: €60.", places_in("I'm picking the van up in Madrid."))  # one place is no journey


def test_a_journey_between_two_countries_gets_the_row_naming_both() -> None:
    composer = ComposerGenerator(HashingEmbedder())
    message = "I'm picking the van up in Madrid and leaving it in Lisbon. How much is the one-way fee?"
    job = DraftJob(ticket=Ticket(message=message, channel="email", agent_name="Sam"),
                   analysis=ANALYSER.analyse(message), evidence_ok=True, passages=[ONE_WAY])
    text = composer.generate(job).text
    assert "€300" in text
    assert "€60" not in text or text.index("€300") < text.index("€60")  # their row leads


def test_kilometres_said_aloud_are_a_distance() -> None:
    assert stated_measures("we're out past the river, bout 60 k's from your depot") == (("distance", 60.0),)
    assert stated_measures("it cost me $60k's worth of stress") == ()  # a sum in thousands is no distance


def test_a_floor_area_picks_the_size_band_it_lies_in() -> None:
    rows = ["For a studio (up to 40 m²), the clean is $90.", "For 1 bedroom (41–70 m²), the clean is $120.",
            "For 2 bedrooms (71–110 m²), the clean is $160."]
    assert stated_measures("it's a 1 bed flat but big, about 80sqm") == (("area", 80.0),)
    assert passage_fits(rows, "it's a 1 bed flat but big, about 80sqm") == {0: -1, 1: -1, 2: 1}
    assert stated_measures("a 100 sq ft unit")[0][0] == "area"
