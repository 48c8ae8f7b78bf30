"""The seat counters on Event and AgendaItem say what the rows say, after every service path."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events import privacy, seats, services
from events.models import Event, Registration
from events.tests.factories import (
    AgendaItemFactory,
    EventFactory,
    RegistrationFactory,
    assert_counters_match,
    attendee,
)

pytestmark = pytest.mark.django_db


def full_event(capacity=2, waiting=2, **fields):
    """An event with `capacity` seats taken and `waiting` people on the waitlist."""
    event = EventFactory(capacity=capacity, **fields)
    island = AgendaItemFactory(event=event, capacity=1)
    registrations = [services.register(event, attendee(n), agenda_items=[island])
                     for n in range(capacity + waiting)]
    return event, island, registrations


def test_registering_counts_seats_waitlist_and_agenda_seats():
    event, island, registrations = full_event()

    event.refresh_from_db()
    island.refresh_from_db()
    assert (event.seats_taken, event.waitlist_length, island.seats_taken) == (2, 2, 1)
    assert_counters_match(event)


def test_cancelling_a_seat_promotes_and_the_counters_follow():
    event, _island, registrations = full_event()

    services.cancel_registration(registrations[0])

    event.refresh_from_db()
    assert (event.seats_taken, event.waitlist_length) == (2, 1)
    assert_counters_match(event)


def test_cancelling_a_waitlist_place_shortens_the_waitlist():
    event, _island, registrations = full_event()

    services.cancel_registration(registrations[-1])

    assert_counters_match(event)
    assert Event.objects.get(pk=event.pk).waitlist_length == 1


def test_raising_the_capacity_promotes_and_counts(economic_development):
    event, _island, _registrations = full_event()

    services.change_capacity(event, capacity=10, by=economic_development)

    assert_counters_match(event)
    assert Event.objects.get(pk=event.pk).waitlist_length == 0


def test_saving_an_edit_read_before_registrations_keeps_their_counts(economic_development):
    event = EventFactory(capacity=3)
    form_instance = Event.objects.get(pk=event.pk)  # what an edit form reads
    services.register(event, attendee(1))
    services.register(event, attendee(2))

    form_instance.capacity = 4
    services.save_event(form_instance, by=economic_development)

    assert_counters_match(event)
    assert Event.objects.get(pk=event.pk).seats_taken == 2


def test_saving_the_agenda_with_more_island_seats_counts_them(economic_development):
    event, island, _registrations = full_event(capacity=3, waiting=0)
    row = services.AgendaRow(id=island.pk, title_de=island.title_de, kind=island.kind,
                             capacity=3, position=island.position)

    services.save_event(Event.objects.get(pk=event.pk), agenda=[row], by=economic_development)

    island.refresh_from_db()
    assert island.seats_taken == 3
    assert_counters_match(event)


def test_cancelling_the_event_empties_seats_and_waitlist(economic_development):
    event, _island, _registrations = full_event()

    services.cancel_event(event, by=economic_development)

    event.refresh_from_db()
    assert (event.seats_taken, event.waitlist_length) == (0, 0)
    assert_counters_match(event)


def test_check_in_and_undo_keep_the_seat(economic_development):
    event = EventFactory(capacity=2, starts_at=timezone.now() + timedelta(hours=1))
    registration = services.register(event, attendee(1))

    services.check_in(registration, by=economic_development)
    assert_counters_match(event)
    services.check_in(registration, attended=False, by=economic_development)

    assert_counters_match(event)
    assert Event.objects.get(pk=event.pk).seats_taken == 1


def test_erasing_an_account_counts_upcoming_and_past_registrations_off(member):
    upcoming, _island, _registrations = full_event()
    services.register(upcoming, attendee(9, email=member.email))  # waitlisted
    past = EventFactory(capacity=5, starts_at=timezone.now() - timedelta(days=3))
    RegistrationFactory(event=past, email=member.email, status=Registration.Status.ATTENDED)
    RegistrationFactory(event=past, status=Registration.Status.ATTENDED)

    privacy.erase(member)

    assert_counters_match(upcoming, past)
    assert Event.objects.get(pk=past.pk).seats_taken == 1


def test_store_counts_recounts_rows_written_in_bulk():
    event = EventFactory(capacity=5)
    Registration.objects.bulk_create([
        Registration(event=event, name=f"P{n}", email=f"p{n}@example.com", sequence=n + 1,
                     status=status)
        for n, status in enumerate(["confirmed", "attended", "waitlisted", "cancelled"])])

    seats.store_counts(Event.objects.filter(pk=event.pk))

    assert_counters_match(event)
    assert Event.objects.get(pk=event.pk).seats_taken == 2


def test_registering_reads_the_counter_not_the_rows():
    event = EventFactory(capacity=100)
    for n in range(3):
        services.register(event, attendee(n))

    with CaptureQueriesContext(connection) as context:
        services.register(event, attendee("new"))

    # No COUNT over the event's registrations under the lock: the locked row says it.
    counts = [q["sql"] for q in context.captured_queries
              if "COUNT(" in q["sql"] and "events_registration" in q["sql"]]
    assert counts == []
