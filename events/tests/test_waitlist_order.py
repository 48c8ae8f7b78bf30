"""The waitlist order is the order in which registrations took the event lock (their sequence
number), never a clock: a request that read the clock first but got the lock later queues later.

Passing an earlier `now` to the later registration reproduces what concurrent requests did when
the time stamp was taken before the lock (see test_concurrency.py for the real race)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events import selectors, services
from events.models import AgendaChoice, Registration
from events.tests.factories import AgendaItemFactory, EventFactory, RegistrationFactory, attendee
from network_portal.models import OutgoingEmail

pytestmark = pytest.mark.django_db

NOW = timezone.now()
EARLIER = NOW - timedelta(minutes=1)


def waitlisted_mail(registration) -> str:
    return OutgoingEmail.objects.get(key=f"registration:{registration.pk}:waitlisted").body_text


def test_sequence_numbers_count_up_per_event():
    event, other = EventFactory(), EventFactory()

    numbers = [services.register(event, attendee(n)).sequence for n in range(3)]

    assert numbers == [1, 2, 3]
    assert services.register(other, attendee(1)).sequence == 1
    assert RegistrationFactory(event=event).sequence == 4


def test_positions_and_promotion_follow_the_registration_order_not_the_clock():
    event = EventFactory(capacity=1)
    seated = services.register(event, attendee(1), now=NOW)
    first = services.register(event, attendee(2), now=NOW, language="en")
    second = services.register(event, attendee(3), now=EARLIER, language="en")

    assert (first.waitlist_position(), second.waitlist_position()) == (1, 2)
    assert "waitlist at position 1." in waitlisted_mail(first)
    assert "waitlist at position 2." in waitlisted_mail(second)
    assert selectors.waitlist_positions(event) == {first.pk: 1, second.pk: 2}

    services.cancel_registration(seated)

    assert Registration.objects.get(pk=first.pk).status == Registration.Status.CONFIRMED
    assert Registration.objects.get(pk=second.pk).waitlist_position() == 1


def test_agenda_seats_follow_the_registration_order_not_the_clock():
    event = EventFactory(capacity=10)
    island = AgendaItemFactory(event=event, capacity=1)
    holder = services.register(event, attendee(1), agenda_items=[island], now=NOW)
    first = services.register(event, attendee(2), agenda_items=[island], now=NOW)
    second = services.register(event, attendee(3), agenda_items=[island], now=EARLIER)

    [first_choice] = selectors.agenda_choices_with_positions(first)
    [second_choice] = selectors.agenda_choices_with_positions(second)
    assert (first_choice.position, second_choice.position) == (1, 2)

    services.cancel_registration(holder)

    assert AgendaChoice.objects.get(registration=first).status == "confirmed"
    assert AgendaChoice.objects.get(registration=second).status == "waitlisted"
