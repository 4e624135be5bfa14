"""The name a reply greets with, where the profile is a relative's (invented people)."""

from assistant.personalisation import greeting_name
from assistant.types import CustomerProfile, Ticket


def test_a_profile_named_by_the_writer_as_their_relative_is_not_who_is_greeted() -> None:
    holder = CustomerProfile(name="Tomas Berg")
    assert greeting_name(Ticket(message="My husband Tomas died last month. Please stop his plan.", customer=holder)) is None
    signed = "My husband Tomas died last month. Please stop his plan.\n\nKind regards,\nAgnes"
    assert greeting_name(Ticket(message=signed, customer=holder)) == "Agnes"
    assert greeting_name(Ticket(message="Can I move my wash to Friday?", customer=holder)) == "Tomas"
