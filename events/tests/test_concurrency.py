"""Capacity under concurrent requests, on a real PostgreSQL (the row lock is what is tested)."""

import threading

import pytest
from django.db import connection

from events import services
from events.models import Registration
from events.tests.factories import AgendaItemFactory, EventFactory, attendee

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def fire(event, count, **options):
    barrier = threading.Barrier(count)
    errors = []

    def worker(n):
        try:
            barrier.wait()
            items = options.get("agenda_items", [])
            services.register(event, attendee(n), agenda_items=items)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_parallel_registrations_never_exceed_the_capacity():
    event = EventFactory(capacity=5)

    errors = fire(event, 20)

    assert errors == []
    assert event.registrations.filter(status=Registration.Status.CONFIRMED).count() == 5
    assert event.registrations.filter(status=Registration.Status.WAITLISTED).count() == 15
    positions = sorted(r.waitlist_position() for r in event.registrations.filter(status="waitlisted"))
    assert positions == list(range(1, 16))


def test_parallel_registrations_never_exceed_an_agenda_items_capacity():
    event = EventFactory(capacity=None)
    island = AgendaItemFactory(event=event, capacity=3)

    errors = fire(event, 12, agenda_items=[island])

    assert errors == []
    assert island.choices.filter(status="confirmed").count() == 3
    assert island.choices.filter(status="waitlisted").count() == 9


def test_parallel_duplicates_of_one_email_leave_one_registration():
    event = EventFactory(capacity=10)
    barrier = threading.Barrier(8)
    refused = []

    def worker():
        try:
            barrier.wait()
            services.register(event, attendee("same"))
        except services.AlreadyRegistered:
            refused.append(1)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert event.registrations.count() == 1
    assert len(refused) == 7
