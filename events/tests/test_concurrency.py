"""Capacity under concurrent requests, on a real PostgreSQL (the row lock is what is tested)."""

import re
import threading

import pytest
from django.db import connection

from events import selectors, services
from events.models import Registration
from events.tests.factories import (
    AgendaItemFactory,
    EventFactory,
    RegistrationFactory,
    assert_counters_match,
    attendee,
)
from network_portal.models import OutgoingEmail

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def fire(event, count, **options):
    barrier = threading.Barrier(count)
    errors = []

    def worker(n):
        try:
            barrier.wait()
            services.register(event, attendee(n), **options)
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
    # The counters were moved by 20 transactions that each waited for the lock: none lost.
    assert_counters_match(event)
    event.refresh_from_db()
    assert (event.seats_taken, event.waitlist_length) == (5, 15)


def test_parallel_registrations_never_exceed_an_agenda_items_capacity():
    event = EventFactory(capacity=None)
    island = AgendaItemFactory(event=event, capacity=3)

    errors = fire(event, 12, agenda_items=[island])

    assert errors == []
    assert island.choices.filter(status="confirmed").count() == 3
    assert island.choices.filter(status="waitlisted").count() == 9
    assert_counters_match(event)


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


def _told_positions(event) -> list[tuple[int, int]]:
    """(registration pk, waitlist position told in the e-mail), in the order the mails were
    queued. The outbox row is inserted while the event lock is held, so its primary key (a
    sequence) records the order in which the registrations took the lock."""
    told = []
    for email in OutgoingEmail.objects.filter(
            template="events_waitlisted", reference=event.reference).order_by("pk"):
        registration_pk = int(email.key.split(":")[1])
        told.append((registration_pk, int(TOLD.search(email.body_text).group(1))))
    return told


TOLD = re.compile(r"waitlist at position (\d+)")


def test_parallel_waitlist_positions_follow_the_lock_order_and_so_does_promotion():
    event = EventFactory(capacity=2)
    RegistrationFactory.create_batch(2, event=event)

    errors = fire(event, 24, language="en")

    assert errors == []
    told = _told_positions(event)
    # Everyone was told a different place, 1 to 24, in the order the lock was taken ...
    assert [position for _pk, position in told] == list(range(1, 25))
    lock_order = [pk for pk, _position in told]
    # ... the waitlist keeps that order ...
    waiting = event.registrations.filter(status=Registration.Status.WAITLISTED)
    assert {r.pk: r.waitlist_position() for r in waiting} == dict(told)
    assert selectors.waitlist_positions(event) == dict(told)
    # ... and seats are handed out in it, the promotion mails too.
    promoted = services.change_capacity(event, capacity=5, by=None)
    assert [r.pk for r in promoted] == lock_order[:3]
    mailed = OutgoingEmail.objects.filter(template="events_promoted").order_by("pk")
    assert [int(m.key.split(":")[1]) for m in mailed] == lock_order[:3]
    services.cancel_registration(event.registrations.filter(status="confirmed").first())
    assert Registration.objects.get(pk=lock_order[3]).status == Registration.Status.CONFIRMED
    assert Registration.objects.get(pk=lock_order[4]).waitlist_position() == 1


def test_parallel_colleague_registrations_stop_at_the_cap(settings):
    from network_portal.testing import make_user

    settings.PORTAL_MAX_COLLEAGUES_PER_EVENT = 3
    event = EventFactory(capacity=None)
    mara = make_user("mara@zellwerk.example")

    errors = fire(event, 8, user=mara)

    assert len(errors) == 5
    assert all(isinstance(error, services.TooManyColleagues) for error in errors)
    assert event.registrations.filter(user=mara).count() == 3
    assert OutgoingEmail.objects.filter(to=mara.email).count() == 3


def test_a_check_in_and_a_cancellation_at_once_leave_one_consistent_outcome():
    """The door checks someone in while they cancel by the secret link: one of the two wins."""
    event = EventFactory(capacity=None)
    for _round in range(12):
        registration = RegistrationFactory(event=event)
        barrier = threading.Barrier(2)
        refused = []

        def act(service, registration=registration, barrier=barrier, refused=refused):
            try:
                barrier.wait()
                service(registration)
            except services.RegistrationError as error:
                refused.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=act, args=(services.cancel_registration,)),
                   threading.Thread(target=act, args=(lambda r: services.check_in(r, by=None),))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        registration.refresh_from_db()
        assert len(refused) == 1  # the second acted on what the first wrote, and was refused
        if registration.status == Registration.Status.CANCELLED:
            assert registration.checked_in_at is None
        else:
            assert registration.status == Registration.Status.ATTENDED
            assert not OutgoingEmail.objects.filter(template="events_cancelled",
                                                    to=registration.email).exists()


def test_parallel_cancellations_and_registrations_keep_the_counters_exact():
    event = EventFactory(capacity=5)
    held = [services.register(event, attendee(f"held{n}")) for n in range(8)]
    barrier = threading.Barrier(10)
    errors = []

    def worker(n):
        try:
            barrier.wait()
            if n < 5:
                services.cancel_registration(held[n])
            else:
                services.register(event, attendee(f"new{n}"))
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert_counters_match(event)
    event.refresh_from_db()
    assert (event.seats_taken, event.waitlist_length) == (5, 3)
