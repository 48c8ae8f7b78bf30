"""Registering: a seat or the waitlist, the confirmation, and what is refused."""

import base64
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from events import services
from events.models import Event, Registration
from events.tests.factories import (
    EventFactory,
    RegistrationFactory,
    attendee,
    keys,
)
from network_portal.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def test_it_confirms_while_seats_are_free(event):
    registration = services.register(event, attendee(1))

    assert registration.status == Registration.Status.CONFIRMED
    assert registration.email == "teilnehmerin1@example.com"
    assert f"registration:{registration.pk}:confirmation" in keys()


def test_it_waitlists_when_the_event_is_full():
    event = EventFactory(capacity=1)
    services.register(event, attendee(1))

    second = services.register(event, attendee(2))
    third = services.register(event, attendee(3))

    assert second.status == third.status == Registration.Status.WAITLISTED
    assert (second.waitlist_position(), third.waitlist_position()) == (1, 2)
    email = OutgoingEmail.objects.get(key=f"registration:{third.pk}:waitlisted")
    assert "Position 2" in email.body_text


def test_unlimited_capacity_never_waitlists():
    event = EventFactory(capacity=None)
    for n in range(5):
        assert services.register(event, attendee(n)).status == Registration.Status.CONFIRMED


def test_the_confirmation_carries_the_ics_in_the_registrants_language():
    event = EventFactory(title_de="Netzwerktreffen Zwickau", title_en="Network meeting Zwickau")
    with translation.override("en"):
        registration = services.register(event, attendee(1))

    email = OutgoingEmail.objects.get(key=f"registration:{registration.pk}:confirmation")
    assert registration.language == "en"
    assert email.language == "en"
    assert email.subject == "Registration confirmed: Network meeting Zwickau"
    assert "Hello Teilnehmerin 1" in email.body_text
    assert registration.token in email.body_text
    [ics] = email.attachments
    assert ics["filename"] == f"{event.slug}.ics" and ics["mimetype"] == "text/calendar"
    content = base64.b64decode(ics["content"]).decode()
    assert "SUMMARY:Network meeting Zwickau" in content
    assert "BEGIN:VEVENT" in content


def test_the_confirmation_in_german():
    event = EventFactory(title_de="Netzwerktreffen Zwickau")
    with translation.override("de"):
        registration = services.register(event, attendee(1))

    email = OutgoingEmail.objects.get(key=f"registration:{registration.pk}:confirmation")
    assert email.subject == "Anmeldung bestätigt: Netzwerktreffen Zwickau"
    assert "Hallo Teilnehmerin 1" in email.body_text


def test_a_second_registration_with_the_same_email_is_refused(event):
    services.register(event, attendee(1))

    with translation.override("de"), pytest.raises(services.AlreadyRegistered) as error:
        services.register(event, attendee(1, email="Teilnehmerin1@Example.com ", name="Other"))

    assert error.value.messages == [
        "teilnehmerin1@example.com ist für diese Veranstaltung bereits angemeldet."]
    assert event.registrations.count() == 1


def test_after_cancelling_one_may_register_again(event):
    first = services.register(event, attendee(1))
    services.cancel_registration(first)

    again = services.register(event, attendee(1))

    assert again.status == Registration.Status.CONFIRMED


@pytest.mark.parametrize("change, code", [
    ({"status": Event.Status.DRAFT}, "draft"),
    ({"status": Event.Status.CANCELLED}, "cancelled"),
    ({"starts_at": timezone.now() - timedelta(days=2), "ends_at": timezone.now() - timedelta(days=1)},
     "past"),
    ({"registration_opens_at": timezone.now() + timedelta(days=1)}, "not_open"),
    ({"registration_closes_at": timezone.now() - timedelta(minutes=1)}, "closed"),
])
def test_registration_is_refused_outside_the_rules(change, code):
    event = EventFactory(**change)

    with pytest.raises(services.RegistrationClosed) as error:
        services.register(event, attendee(1))

    assert error.value.code == code
    assert not event.registrations.exists()


def test_the_refusal_is_translated():
    event = EventFactory(status=Event.Status.CANCELLED)
    with translation.override("de"), pytest.raises(services.RegistrationClosed) as error:
        services.register(event, attendee(1))
    with translation.override("de"):
        assert error.value.messages == ["Diese Veranstaltung wurde abgesagt."]


def test_the_database_refuses_two_active_registrations_per_email(event):
    from django.db import IntegrityError, transaction

    RegistrationFactory(event=event, email="a@example.com")
    RegistrationFactory(event=event, email="a@example.com", status="cancelled")
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=event, email="a@example.com", status="waitlisted")
