"""What an ask asks about, read from its grammar: the words a source must name for a later ask to be answered."""

from assistant.types import Passage
from models.generators.ask_gaps import answer_type_gap, focus_gap
from models.generators.asked_terms import asked_part, naming_word
from models.generators.composer import unknown_terms, uncovered_parts


def _p(text: str, title: str = "Help") -> Passage:
    return Passage(chunk_id=f"c{abs(hash(text))}", doc_id="help", title=title, section=title, text=text, score=0.8,
                   marker=1)


BOATS = _p("Kayaks can be hired by the hour or by the day. Life jackets are included with every hire. You can cancel a "
           "hire for free up to 24 hours before it starts.")


def test_the_story_before_a_question_is_theirs_not_what_is_asked() -> None:
    assert asked_part("Also my cousin made me a paddle for my birthday, can I bring it along?") == "can I bring it along?"
    assert unknown_terms("Also my cousin made me a paddle for my birthday, can I bring it along?", [BOATS]) == []


def test_a_statement_asks_nothing() -> None:
    assert asked_part("The weather turned, so some leeway would be welcome.") == ""
    assert unknown_terms("The weather turned, so some leeway would be welcome.", [BOATS]) == []


def test_their_circumstances_after_the_question_are_not_asked_about() -> None:
    assert asked_part("can I cancel the hire because my grandmother is visiting on Tuesday?") == "can I cancel the hire"
    assert unknown_terms("and can I cancel it, I'm travelling to Lisbon instead", [BOATS]) == []
    # their plan after a comma, its subject left unsaid
    assert asked_part("can i hire one sunday, want to get out before the regatta") == "can i hire one sunday"


def test_a_condition_of_theirs_is_not_asked_about_but_the_question_after_it_is() -> None:
    assert asked_part("If I cancelled tomorrow, roughly what would I get back?") == "what would I get back?"
    assert unknown_terms("if the rain stops early, can you whiten my sails?", [BOATS]) == ["whiten"]


def test_a_day_that_dates_their_case_is_no_subject_unless_opening_hours_are_asked() -> None:
    assert unknown_terms("and will the price stay like that in February?", [BOATS]) == []
    assert unknown_terms("and are you open on a Sunday?", [BOATS]) == ["sunday"]


def test_adverbs_verb_forms_and_what_they_must_do_name_nothing() -> None:
    assert not naming_word("honestly", "and honestly can I keep it")
    assert not naming_word("allowed", "is that even allowed")
    assert not naming_word("replying", "can I do it by replying")
    assert not naming_word("register", "do I have to register first")
    assert naming_word("engrave", "can you engrave the paddle")
    assert naming_word("varnishing", "do you offer free varnishing")  # an -ing form naming a service
    assert not naming_word("sorted", "how do I get this sorted")
    assert not naming_word("change", "does that change anything")
    assert unknown_terms("and surely you won't bill me twice when it was your blunder?", [BOATS]) == []
    assert unknown_terms("Do I have to register anything before?", [BOATS]) == []
    assert unknown_terms("is the hire actually guaranteed?", [BOATS]) == []


def test_a_service_or_thing_the_sources_never_name_is_still_a_gap() -> None:
    assert unknown_terms("Also, do you rent wetsuits?", [BOATS]) == ["wetsuits"]
    assert uncovered_parts("do you include life jackets and waterproof cameras?", [BOATS]) == ["waterproof cameras"]


def test_a_measure_of_what_the_message_named_before_is_their_case() -> None:
    assert answer_type_gap("How much would that cost?", "amount", ["Kayaks can be hired by the day."], [BOATS]) is None


def test_what_happens_if_asks_about_their_situation_and_a_place_of_theirs_is_no_subject() -> None:
    assert not focus_gap("what happens if the trip gets rained off completely?", [BOATS])
    assert not focus_gap("What's the latest I can cancel my hire in Kinsale?", [BOATS])
    assert not focus_gap("What's the latest I can hire kayaks for my dad's birthday in Kinsale?", [BOATS])


def test_a_question_without_its_mark_about_a_named_person_or_led_by_or_is_an_ask() -> None:
    from assistant.asks import split_message
    parts = split_message("when does the pool open?? also is Orla still teaching it, heard she's moving")
    assert [a.text for a in parts.asks][1:] == ["also is Orla still teaching it, heard she's moving"]
    parts = split_message("can I book a lane for Saturday?? or do ye do family passes or something")
    assert [a.text for a in parts.asks][1:] == ["or do ye do family passes or something"]


def test_an_accusation_in_question_form_wants_no_answer_of_its_own() -> None:
    from assistant.behaviour import rhetorical
    assert rhetorical("Is this how you treat people who have paid up front?")
    assert rhetorical("Is this how you people make money, sitting on deposits for weeks?")
    assert not rhetorical("Is this how you reset the lane booking?")


def test_their_own_thing_or_person_is_named_in_their_words_not_the_sources() -> None:
    assert unknown_terms("and can my nephew paddle it too?", [BOATS]) == []
    assert unknown_terms("and do you sell wetsuits too?", [BOATS]) == ["wetsuits"]


def test_a_kind_of_thing_the_sources_never_name_is_a_gap_though_they_name_the_thing() -> None:
    from models.generators.ask_gaps import asked_thing_gap
    assert asked_thing_gap("do u do electric kayaks??", [BOATS]) is not None  # kayaks named, "electric" never
    assert asked_thing_gap("or do ye do gift vouchers or something", [BOATS]) is not None
    assert asked_thing_gap("do you have life jackets?", [BOATS]) is None


def test_a_passage_heading_and_the_company_itself_are_known_terms() -> None:
    outside = Passage(chunk_id="c-out", doc_id="help", title="Complaints", section="Outside Paddleworks", score=0.8,
                      marker=2, text="You can take an unresolved complaint to the Water Sports Ombudsman.")
    assert unknown_terms("and who outside your company could look at my case?", [BOATS, outside]) == []
    assert unknown_terms("and who outside your company could look at my case?", [BOATS]) == ["outside"]
