"""The acknowledgement names the thing the reported event happened to, or no thing at all."""

from assistant.issue import describe_issue


def test_the_thing_is_the_one_named_in_the_clause_that_reports_the_event() -> None:
    message = "The 9:15 ferry to the island was cancelled this morning. I waited at the pier and the kiosk was shut."
    assert describe_issue(message).phrase == "your ferry was cancelled"


def test_a_noun_elsewhere_in_the_message_is_not_what_was_cancelled() -> None:
    issue = describe_issue("my 08:05 got cancelled and i just gave up in the end, took the bus")
    assert issue.kind == "cancelled" and issue.phrase is None  # never "your end was cancelled"


def test_a_pronoun_points_back_at_the_thing_named_before() -> None:
    assert describe_issue("I bought a desk lamp from you. It was cancelled a day later.").phrase == \
        "your desk lamp was cancelled"


def test_someone_elses_thing_is_not_the_customers_problem() -> None:
    issue = describe_issue("The shop I bought from never answered and their phone line stopped working too.")
    assert issue.kind == "not_working" and issue.phrase is None
    assert describe_issue("my blender stopped working after a week").phrase == "your blender isn't working as it should"


def test_letters_never_received_are_no_delivery_that_did_not_arrive() -> None:
    issue = describe_issue("I never got any letters from you lot and now my boxes are up for auction.")
    assert issue.kind != "not_arrived"
    assert describe_issue("my parcel never arrived").kind == "not_arrived"


def test_a_pet_named_as_the_customer_calls_it_is_met_as_a_loss() -> None:
    assert describe_issue("We said goodbye to Pepper on Monday.").phrase == "you've lost Pepper"
    assert describe_issue("our dog was put to sleep at the weekend").phrase == "you've lost your dog"


def test_locked_out_of_a_home_is_no_account_problem() -> None:
    assert describe_issue("im locked out of the flat and the office is shut").phrase == "you're locked out"
    assert describe_issue("I'm locked out of my account again").kind == "login"


def test_goodbye_said_to_a_pet_of_theirs_is_met_as_a_loss() -> None:
    assert describe_issue("We said our goodbyes to our old cat Tiger on Friday.").phrase == "you've lost your cat"


def test_a_death_told_of_a_relative_named_in_the_sentence_before_is_a_loss() -> None:
    message = "This is about my father, Alwyn Brisco. He passed away on 2 October. Please close his account."
    assert describe_issue(message).phrase == "you've lost your father"
    assert describe_issue("My brother moved out in June. He passed his driving test.").kind != "bereavement"


def test_an_order_line_filed_under_its_service_is_named_by_the_thing() -> None:
    from datetime import date

    from assistant.types import Order
    order = Order(id="QZ-1", date=date(2026, 11, 2), items=["Dry cleaning: velvet blazer"])
    issue = describe_issue("My velvet blazer came back with a torn lining.", order)
    assert "your velvet blazer" in (issue.phrase or "") and "Dry cleaning" not in (issue.phrase or "")


def test_a_death_told_a_long_sentence_after_the_relative_is_named_is_a_loss() -> None:
    message = ("My wife Brigid Okafor kept the books for her pottery studio with your invoicing app for years. She "
               "passed away in October.")
    assert describe_issue(message).phrase == "you've lost your wife"


def test_a_side_or_a_spare_is_no_thing_lost() -> None:
    assert describe_issue("I lost my left earring on the ferry last night.").phrase == "you've lost your earring"
    assert describe_issue("I think I lost my spare door key at the gym.").phrase == "you've lost your door key"
