"""Several people of one organisation at once: one lock, in order, each their own mail."""

import pytest
from django.utils import translation

from events import services
from events.models import Answer, Registration
from events.services import GroupMember
from events.tests.factories import EventFactory, assert_counters_match, attendee
from network_portal.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def people(*names, language="de"):
    return [GroupMember(name=f"{n} Muster", email=f"{n.lower()}@zellwerk.example",
                        language=language) for n in names]


def test_a_member_registers_colleagues_each_with_a_seat_or_the_waitlist_in_order(member):
    event = EventFactory(capacity=2)

    registrations = services.register_group(
        event, people("Anna", "Ben") + people("Cem", language="en"),
        organisation_name="Zellwerk GmbH", user=member)

    assert [r.status for r in registrations] == ["confirmed", "confirmed", "waitlisted"]
    assert {r.organisation_name for r in registrations} == {"Zellwerk GmbH"}
    assert all(r.user == member for r in registrations)
    # Each their own mail and secret link, in their language; the registrant one summary.
    for registration in registrations:
        kind = "waitlisted" if registration.is_waitlisted else "confirmation"
        mail = OutgoingEmail.objects.get(key=f"registration:{registration.pk}:{kind}")
        assert mail.to == registration.email and registration.token in mail.body_text
        assert mail.language == registration.language
    assert registrations[2].language == "en"
    [summary] = OutgoingEmail.objects.filter(template="events_group_summary")
    assert summary.to == member.email
    assert "Anna Muster" in summary.body_text and "Cem Muster" in summary.body_text
    assert not OutgoingEmail.objects.filter(template="events_colleague_registered").exists()
    assert_counters_match(event)


def test_an_address_registered_already_refuses_the_whole_group(member):
    event = EventFactory()
    services.register(event, attendee("x", email="ben@zellwerk.example"))

    with pytest.raises(services.AlreadyRegistered):
        services.register_group(event, people("Anna", "Ben"), organisation_name="Z",
                                user=member)

    assert event.registrations.count() == 1
    assert not OutgoingEmail.objects.filter(template="events_group_summary").exists()


def test_the_colleague_limit_counts_the_whole_group(member, settings):
    settings.PORTAL_MAX_COLLEAGUES_PER_EVENT = 2
    event = EventFactory()

    with pytest.raises(services.TooManyColleagues):
        services.register_group(event, people("A", "B", "C"), organisation_name="Z",
                                user=member)
    assert not event.registrations.exists()


def test_a_guest_registers_colleagues_each_confirming_their_own_address():
    event = EventFactory(capacity=1)
    registrant = GroupMember(name="Gabi Gast", email="gabi@zellwerk.example")

    registrations = services.register_group(
        event, [registrant, *people("Anna", language="en")], organisation_name="Zellwerk",
        registrant=registrant)

    assert [r.status for r in registrations] == ["held", "pending"]
    anna = OutgoingEmail.objects.get(key=f"registration:{registrations[1].pk}:guest_confirm")
    assert anna.language == "en" and "Gabi Gast (gabi@zellwerk.example) has registered you" \
        in anna.body_text
    own = OutgoingEmail.objects.get(key=f"registration:{registrations[0].pk}:guest_confirm")
    assert "has registered you" not in own.body_text
    [summary] = OutgoingEmail.objects.filter(template="events_group_summary")
    assert summary.to == "gabi@zellwerk.example"
    assert_counters_match(event)


def test_a_guests_summary_does_not_tell_which_addresses_were_registered():
    event = EventFactory()
    services.register(event, attendee("x", email="ben@zellwerk.example"))
    registrant = GroupMember(name="Gabi Gast", email="gabi@zellwerk.example")

    registrations = services.register_group(event, people("Anna", "Ben"),
                                            organisation_name="Z", registrant=registrant)

    assert registrations[1] is None  # Ben got a mail of his own instead
    summary = OutgoingEmail.objects.get(template="events_group_summary").body_text
    assert "- Anna Muster (anna@zellwerk.example)\n" in summary
    assert "- Ben Muster (ben@zellwerk.example)\n" in summary


def test_the_same_address_twice_is_refused():
    event = EventFactory()
    with pytest.raises(services.RegistrationError):
        services.register_group(event, people("Anna", "Anna"), organisation_name="Z",
                                registrant=GroupMember(name="G", email="g@example.org"))
    assert not Registration.objects.exists()


def dinner(event):
    from events.models import Question
    return Question.objects.create(event=event, label_de="Teilnahme am Abendessen",
                                   label_en="Dinner", kind="yes_no", required=True)


@pytest.mark.parametrize("as_member", [True, False])
def test_a_required_question_left_open_for_one_person_refuses_the_whole_group(member,
                                                                              as_member):
    event = EventFactory()
    question = dinner(event)
    anna, ben = people("Anna", "Ben")
    anna.answers = {question.pk: "yes"}

    with translation.override("de"), pytest.raises(services.AnswerRefused) as refused:
        services.register_group(
            event, [anna, ben], organisation_name="Z",
            user=member if as_member else None,
            registrant=None if as_member else GroupMember(name="Gabi", email="g@z.example"))

    assert "Ben Muster" in str(refused.value) and "Teilnahme am Abendessen" in str(refused.value)
    assert not event.registrations.exists() and not OutgoingEmail.objects.exists()


@pytest.mark.parametrize("as_member", [True, False])
def test_each_person_of_a_group_keeps_their_own_answers(member, as_member):
    event = EventFactory()
    question = dinner(event)
    anna, ben = people("Anna", "Ben")
    anna.answers, ben.answers = {question.pk: "yes"}, {question.pk: "no"}

    services.register_group(
        event, [anna, ben], organisation_name="Z", user=member if as_member else None,
        registrant=None if as_member else GroupMember(name="Gabi", email="g@z.example"))

    assert dict(Answer.objects.values_list("registration__email", "value")) == {
        "anna@zellwerk.example": "yes", "ben@zellwerk.example": "no"}
