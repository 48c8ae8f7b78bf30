"""Edits that add seats promote the waitlist; edits that would take seats are refused."""

import pytest

from events import services
from events.models import AgendaChoice, AgendaItem, Event, Registration
from events.tests.factories import AgendaItemFactory, EventFactory, attendee, keys

pytestmark = pytest.mark.django_db


def test_raising_the_capacity_promotes_in_order():
    event = EventFactory(capacity=1)
    services.register(event, attendee(1))
    waiting = [services.register(event, attendee(n)) for n in (2, 3, 4)]

    promoted = services.change_capacity(event, capacity=3, by=None)

    assert [r.pk for r in promoted] == [waiting[0].pk, waiting[1].pk]
    statuses = [Registration.objects.get(pk=r.pk).status for r in waiting]
    assert statuses == ["confirmed", "confirmed", "waitlisted"]


def test_lowering_the_capacity_below_the_seats_taken_is_refused_and_changes_nothing():
    event = EventFactory(capacity=3)
    for n in range(3):
        services.register(event, attendee(n))

    with pytest.raises(services.EventChangeRefused) as error:
        services.change_capacity(event, capacity=2, by=None)

    assert error.value.code == "capacity_below_seats"
    event.refresh_from_db()
    assert event.capacity == 3
    assert event.registrations.filter(status="confirmed").count() == 3


def test_lowering_the_capacity_to_the_seats_taken_closes_the_remaining_seats():
    event = EventFactory(capacity=5)
    for n in range(3):
        services.register(event, attendee(n))

    services.change_capacity(event, capacity=3, by=None)

    assert services.register(event, attendee(9)).status == Registration.Status.WAITLISTED


def test_raising_an_agenda_items_capacity_promotes_its_waitlist_in_order():
    event = EventFactory(capacity=10)
    island = AgendaItemFactory(event=event, capacity=1)
    registrations = [services.register(event, attendee(n), agenda_items=[island])
                     for n in range(4)]
    island.capacity = 3
    island.save()

    services.save_event(event, by=None)

    statuses = [AgendaChoice.objects.get(registration=r).status for r in registrations]
    assert statuses == ["confirmed", "confirmed", "confirmed", "waitlisted"]
    assert {f"registration:{r.pk}:agenda:{island.pk}:promotion" for r in registrations[1:3]} <= keys()


def test_lowering_an_agenda_items_capacity_below_its_seats_is_refused():
    event = EventFactory(capacity=10)
    island = AgendaItemFactory(event=event, capacity=3)
    for n in range(2):
        services.register(event, attendee(n), agenda_items=[island])
    AgendaItem.objects.filter(pk=island.pk).update(capacity=1)

    with pytest.raises(services.EventChangeRefused) as error:
        services.save_event(event, by=None)

    assert error.value.code == "agenda_capacity_below_seats"


def test_a_published_event_with_registrations_cannot_go_back_to_draft(event):
    services.register(event, attendee(1))
    event.status = Event.Status.DRAFT

    with pytest.raises(services.EventChangeRefused) as error:
        services.save_event(event, by=None)

    assert error.value.code == "back_to_draft"
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED


def test_a_published_event_without_registrations_may_go_back_to_draft(event):
    event.status = Event.Status.DRAFT

    services.save_event(event, by=None)

    event.refresh_from_db()
    assert event.status == Event.Status.DRAFT
