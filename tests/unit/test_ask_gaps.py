"""What of a question the passages leave open, and the question restated for the reply (invented documents)."""

from __future__ import annotations

import pytest

from assistant.types import Passage
from models.generators.ask_gaps import (answer_type_gap, focus_gap, indirect_question, live_value, names_nothing,
                                        unconfirmable_parts,
                                        wants_recommendation)


def _passage(text: str, title: str = "Kettle care") -> Passage:
    return Passage(marker=1, doc_id="d1", chunk_id="d1#1", title=title, text=text, score=1.0)


KETTLE = _passage("Descale the kettle every month with a citrus descaler. Empty the kettle after each use and dry the "
                  "base. The warranty covers the heating element for two years.")


def test_a_question_whose_subject_no_passage_mentions_is_a_gap() -> None:
    # related passages (a kettle), but what is asked about (the lid hinge colours) is nowhere in them
    assert focus_gap("Which colours does the replacement lid hinge come in?", [KETTLE])
    # the subject is there, in the passages' own words (one word of the customer's differs: "limescale")
    assert not focus_gap("How often should I descale the kettle?", [KETTLE])
    assert not focus_gap("How do I get rid of limescale in the kettle?", [KETTLE])
    # a statement asks nothing, so it leaves nothing open
    assert not focus_gap("My colours lid hinge replacement arrived", [KETTLE])
    assert not focus_gap("Which colours does the lid hinge come in?", [])


def test_the_title_counts_as_something_the_passages_mention() -> None:
    manual = _passage("Remove the filter and rinse it under the tap.", title="Aurora espresso machine")
    assert not focus_gap("How do I clean the Aurora espresso filter?", [manual])
    assert focus_gap("How do I clean the Aurora espresso filter?", [_passage("Remove the filter and rinse it.")])


@pytest.mark.parametrize(("question", "clause"), [
    ("Who was the last owner to live in the mill?", "who the last owner to live in the mill was"),
    # "what is the X": the thing asked about, named as a noun phrase
    ("What is the default timeout for a batch job?", "the default timeout for a batch job"),
    ("What are some likely reasons for a stuck job?", "likely reasons for a stuck job"),
    ("What do you mean by the benefits page?", "what we mean by the benefits page"),
    ("Does the Harbour clinic carry travel vaccines?", "whether the Harbour clinic carries travel vaccines"),
    ("Did Lena Voss also star in Night Orchard?", "whether Lena Voss also starred in Night Orchard"),
    ("So, do you have a phone number for the depot?", "whether we have a phone number for the depot"),
    ("What should I do if I lose my job?", "what you should do if you lose your job"),
    ("Can you still swim in the lake?", "whether you can still swim in the lake"),
    ("Is there a fee for a late return?", "whether there is a fee for a late return"),
    ("What does the warranty cover?", "what the warranty covers"),
    ("How much did the bridge cost?", "how much the bridge cost"),
    ("What happens to a parcel when nobody is home?", "what happens to a parcel when nobody is home"),
    ("Does Me Before You have a sequel?", "whether Me Before You has a sequel"),
    # an aside after the question is left out, a day typed in lower case is written as a reply writes it
    ("and is the depot open on a saturday, I'm away all week", "whether the depot is open on a Saturday"),
    # what the customer hopes follows ("so our invoices ...") is their reason, not the question
    ("Also, does your app sync with Xero so our invoices go across?", "whether our app syncs with Xero"),
    # "am I", and "you" asked to act (pay, refund) is the company
    ("And also am I entitled to the student rate, I think I had it before?",
     "whether you are entitled to the student rate"),
    ("Will you pay us for the seats we give back to the club?",
     "whether we will pay you for the seats you give back to the club"),
    # the company's act a few words after "you", and "you guys" as the company
    ("Are you going to pay me back for the taxi?", "whether we are going to pay you back for the taxi"),
    ("Do you guys do gluten-free bread?", "whether we do gluten-free bread"),
    # a name's possessive opens the subject: its noun follows
    ("Will Harbour Rail's ticket office keep it for me?", "whether Harbour Rail's ticket office will keep it for you"),
])
def test_a_question_is_restated_as_a_clause_the_customer_recognises(question: str, clause: str) -> None:
    assert indirect_question(question) == clause


@pytest.mark.parametrize("question", [
    "but when you test, don't you use sandboxes?",  # a negative question: no plain clause
    "What is it? And how much?",  # two questions
    "Regional differences",  # not a question
    "Why would anyone with a long list of complaints about the service keep on ordering from the same shop again "
    "and again?",  # too long to read inside a sentence
])
def test_questions_that_cannot_be_restated_cleanly_give_none(question: str) -> None:
    assert indirect_question(question) is None


def test_a_restated_question_never_copies_more_words_in_a_row_than_a_reply_may() -> None:
    from assistant.safety.echo import MAX_SAFE_WORDS

    long_question = ("What are the groups of people for whom it is especially important to get the winter booster "
                     "at the clinic?")
    assert len(long_question.split()) > MAX_SAFE_WORDS and indirect_question(long_question) is None


def test_yes_no_and_why_questions_carry_the_customers_situation_and_are_not_read_for_a_gap() -> None:
    # the customer's own circumstances (a nephew, a holiday) are words no policy repeats
    assert not focus_gap("If my nephew hates the colour of the kettle, can he still swap it at Christmas?", [KETTLE])
    assert not focus_gap("Why does my kettle still whistle after the holidays?", [KETTLE])
    # the question's own clause is what is read: "Quick question:" and the story before it are not
    assert not focus_gap("Loved the gift for my nephew! Quick question: how often should I descale the kettle?",
                         [KETTLE])
    assert focus_gap("Loved it! Quick question: which colours does the replacement lid hinge come in?", [KETTLE])


def test_the_customers_i_is_said_back_as_you() -> None:
    assert indirect_question("How do I pause it while I'm away?") == "how you pause it while you're away"


def test_the_words_describing_the_customers_own_thing_are_no_gap() -> None:
    guide = [Passage(marker=1, doc_id="care", chunk_id="c1", title="Caring for knitwear", score=0.8,
                     text="Wash wool knits by hand in cool water and dry them flat.")]
    assert not focus_gap("How should I wash my alpaca cable-knit jumper?", guide)
    # a subject the passages never name is still a gap
    assert focus_gap("Which regional ferry companies sail to the outer islands?", guide)


@pytest.mark.parametrize(("ask", "part"), [
    ("And tell me today's exchange rate at the counter.", "today's exchange rate at the counter"),
    ("What is the current price of the descaler?", "the current price of the descaler"),
    ("Could you check its availability for the next week?", "availability for the next week"),
    ("Is the blue kettle in stock right now?", "whether it is in stock right now"),
    ("Are there rooms left this weekend?", "rooms left this weekend"),
])
def test_a_value_of_the_moment_is_what_documents_cannot_confirm(ask: str, part: str) -> None:
    assert live_value(ask, [KETTLE]) == part


def test_no_live_value_in_a_plain_question_or_an_adjective_current() -> None:
    assert live_value("How often should I descale the kettle?", [KETTLE]) is None
    assert live_value("I mean current models do not fit the old base, right?", [KETTLE]) is None


def test_a_passage_stating_the_value_as_of_now_answers_it() -> None:
    dated = _passage("As of 1 March the descaler price is 6 euros. Descale monthly.")
    assert live_value("What is the current descaler price?", [dated]) is None


def test_a_pick_asked_of_the_company_is_open_unless_the_sources_recommend() -> None:
    assert wants_recommendation("Which descaler would you recommend for my kettle?", [KETTLE])
    assert wants_recommendation("Wd u recommend a kettle for camping?", [KETTLE])
    advice = _passage("We recommend the citrus descaler for hard water areas.")
    assert not wants_recommendation("Which descaler would you recommend for my kettle?", [advice])
    # asking whether a practice is advised is a question the instructions answer, not a pick
    assert not wants_recommendation("Do you recommend emptying the kettle after use?", [KETTLE])
    assert unconfirmable_parts("How often should I descale it?", [KETTLE]) == []


def test_a_thing_asked_of_us_that_no_passage_mentions_is_open() -> None:
    from models.generators.ask_gaps import asked_thing_gap

    assert asked_thing_gap("So, do you have a phone number for the kettle warranty?", [KETTLE]) == (
        "whether we have a phone number for the kettle warranty")
    # what it is for is in the passages; what is asked for is too: nothing open
    assert asked_thing_gap("Do you sell a citrus descaler?", [KETTLE]) is None
    # a way of asking ("some basic information") names no thing
    assert asked_thing_gap("Do you have some basic information about the warranty?", [KETTLE]) is None
    assert asked_thing_gap("How do I descale it?", [KETTLE]) is None


def test_a_general_question_whose_chosen_sentences_lack_its_kind_of_answer_is_a_gap() -> None:
    # a value asked for, and no number said
    no_value = ["Batch jobs in daemon mode run without a time limit being enforced by the scheduler."]
    assert answer_type_gap("What is the default timeout for a batch job?", "info", no_value) == "value"
    assert answer_type_gap("How many seats does the hall have?", "amount", ["The hall hosts concerts and talks."]) == "value"
    assert answer_type_gap("How many seats does the hall have?", "amount", ["The hall seats 1,200 people."]) is None
    # a "why" is not judged by its wording: explanations often come without "because"
    said = ["The last point covers a shorter interval than the others, so its sum is smaller."]
    assert answer_type_gap("Why does the last point drop?", "reason", said) is None


def test_a_question_about_the_customers_own_case_is_answered_by_the_policy() -> None:
    # "why was my order cancelled?" is answered by the rule that governs it, however it is worded
    policy = ["Orders are cancelled automatically when payment is not confirmed within 24 hours."]
    assert answer_type_gap("How much was my order refunded?", "amount", policy) is None
    assert answer_type_gap("How long do I have to return it?", "duration", ["Returns are accepted in the first month."]) is None
    # nothing chosen: no gap of this kind (that is an unanswered ask)
    assert answer_type_gap("How many seats does the hall have?", "amount", []) is None


def test_no_gap_when_a_passage_about_the_subject_carries_the_kind_of_answer() -> None:
    chosen = ["The hall hosts concerts and talks."]
    # the selection missed it, the sources did not: not a gap to tell the customer about
    seats = [_passage("The hall hosts concerts and talks. The main hall seats 1,200 people.", "Halls")]
    assert answer_type_gap("How many seats does the hall have?", "amount", chosen, seats) is None
    # a number in a sentence about something else does not answer it
    tickets = [_passage("The hall hosts concerts and talks. Tickets go on sale 3 weeks ahead.", "Halls")]
    assert answer_type_gap("How many seats does the hall have?", "amount", chosen, tickets) == "value"


def test_a_zero_is_a_value() -> None:
    no_fees = ["Gift cards never expire and there are no fees."]
    assert answer_type_gap("Are there any fees?", "amount", no_fees) is None
    assert answer_type_gap("How much does the upgrade cost?", "amount", ["The upgrade comes at no extra cost."]) is None


def test_a_passive_question_is_restated_with_its_verb_after_the_subject() -> None:
    assert indirect_question("Why are the islanders called Velmari?") == "why the islanders are called Velmari"
    assert indirect_question("Why is the default timeout so short?") == "why the default timeout is so short"


@pytest.mark.parametrize(("question", "clause"), [
    # hedges and vague tails are a way of talking, not part of what is asked
    ("Do I actually have to pay for the adapter?", "whether you have to pay for the adapter"),
    ("What do I do with the router thing?", "what you do with the router"),
    ("Can I keep my number somehow while I'm abroad?", "whether you can keep your number while you're abroad"),
    # "is ... meant to" / "supposed to": the subject goes before "is", not the "is" at the end
    ("How much is the airline meant to pay me under that rule?", "how much the airline is meant to pay you under that rule"),
    ("When are the parts supposed to arrive?", "when the parts are supposed to arrive"),
    # the noun itself stays ("this thing")
    ("Is this thing covered by the warranty?", "whether this thing is covered by the warranty"),
])
def test_a_restated_question_drops_the_customers_hedges_and_keeps_its_grammar(question: str, clause: str) -> None:
    assert indirect_question(question) == clause


@pytest.mark.parametrize(("question", "empty"), [
    ("Is that ok?", True),
    ("Does that come back too?", True),
    ("Is it 250 or 400?", True),
    ("Is that covered?", True),
    ("Does it include the charger?", False),
    ("Does this apply to renewals?", False),
    ("Can I return it after 30 days?", False),  # the customer is the subject: what they do is named
    ("When will she get it?", False),  # a person the customer spoke of: they know who
])
def test_a_restated_question_that_only_points_elsewhere_names_nothing(question: str, empty: bool) -> None:
    clause = indirect_question(question)
    assert clause is not None and names_nothing(clause) is empty


def test_a_question_still_in_the_customers_way_of_writing_is_never_restated() -> None:
    from models.generators.ask_gaps import indirect_question

    # an aside run on after a comma, chat abbreviations, "its" for "it's", a month in lower case: the general wording
    assert indirect_question("can it be 100 instead of 130, its a lot atm") is None
    assert indirect_question("what happens if decembers one goes wrong too") is None
    assert indirect_question("does it mess up my contract, i think it ends in May or how much would that cost") is None
    # "you" asked of the company is "we" in our sentence
    assert indirect_question("are you open on Christmas Day?") == "whether we are open on Christmas Day"
    assert indirect_question("do you do anything for students?") == "whether we do anything for students"
    assert indirect_question("can I keep my number while I'm abroad?") is not None


def test_a_question_after_two_connectives_is_asked_not_rhetorical() -> None:
    from assistant.behaviour import rhetorical

    assert not rhetorical("And also am I entitled to the student rate?")
    assert rhetorical("Am I missing something?")


def test_a_request_to_check_their_case_or_a_generic_ask_names_nothing() -> None:
    assert names_nothing("whether you can confirm whether this is correct")
    assert names_nothing("your options") and names_nothing("what the next steps are")
    assert names_nothing("whether it is something you've reported")
    assert not names_nothing("whether we offer a repair service")
    assert indirect_question("how deposit?") is None  # a clipped question is no clause to name
