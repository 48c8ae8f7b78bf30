"""Agenda items with their own capacity: their seats, their waitlist, only with an event seat."""

import pytest

from events import services
from events.models import AgendaChoice, AgendaItem
from events.tests.factories import AgendaItemFactory, EventFactory, attendee, keys

pytestmark = pytest.mark.django_db


def test_an_agenda_item_with_its_own_capacity_waitlists_and_promotes():
    event = EventFactory(capacity=10)
    island = AgendaItemFactory(event=event, capacity=1)
    talk = AgendaItemFactory(event=event, kind=AgendaItem.Kind.TALK, capacity=None)
    first = services.register(event, attendee(1), agenda_items=[island, talk])
    second = services.register(event, attendee(2), agenda_items=[island, talk])

    def status(registration, item):
        return AgendaChoice.objects.get(registration=registration, agenda_item=item).status

    assert status(first, island) == status(first, talk) == status(second, talk) == "confirmed"
    assert status(second, island) == "waitlisted"

    services.cancel_registration(first)

    assert status(second, island) == "confirmed"
    assert f"registration:{second.pk}:agenda:{island.pk}:promotion" in keys()


def test_agenda_seats_go_only_to_people_with_an_event_seat():
    event = EventFactory(capacity=1)
    island = AgendaItemFactory(event=event, capacity=5)
    services.register(event, attendee(1), agenda_items=[island])
    waiting = services.register(event, attendee(2), agenda_items=[island])

    choice = AgendaChoice.objects.get(registration=waiting)
    assert choice.status == "waitlisted"


def test_agenda_items_of_another_event_are_ignored(event):
    foreign = AgendaItemFactory()

    registration = services.register(event, attendee(1), agenda_items=[foreign])

    assert not registration.agenda_choices.exists()
