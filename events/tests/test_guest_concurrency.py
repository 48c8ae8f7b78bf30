"""Guests' holds under concurrent requests, on a real PostgreSQL (the event lock is tested)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection

from events import services
from events.models import Registration
from events.tests.factories import EventFactory, assert_counters_match, attendee
from network_portal.models import OutgoingEmail

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def together(*jobs):
    """Run the jobs in threads released at the same moment; (results, errors)."""
    barrier = threading.Barrier(len(jobs))
    results, errors = [], []

    def run(job):
        try:
            barrier.wait()
            results.append(job())
        except Exception as error:  # noqa: BLE001 - collected and asserted by the tests
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_parallel_guests_are_held_on_no_more_seats_than_there_are():
    event = EventFactory(capacity=3)

    _results, errors = together(*[
        (lambda n=n: services.register_guest(event, attendee(f"gast{n}"))) for n in range(12)])

    assert errors == []
    assert event.registrations.filter(status=Registration.Status.HELD).count() == 3
    assert event.registrations.filter(status=Registration.Status.PENDING).count() == 9
    assert_counters_match(event)


def test_parallel_guests_and_members_share_the_seats():
    event = EventFactory(capacity=4)

    _results, errors = together(
        *[(lambda n=n: services.register_guest(event, attendee(f"gast{n}"))) for n in range(6)],
        *[(lambda n=n: services.register(event, attendee(f"mitglied{n}"))) for n in range(6)])

    assert errors == []
    assert event.registrations.filter(status__in=Registration.SEATED).count() == 4
    assert_counters_match(event)


def test_two_expiry_runs_at_once_promote_the_next_person_exactly_once():
    event = EventFactory(capacity=2)
    guests = [services.register_guest(event, attendee(f"gast{n}")) for n in range(2)]
    waiting = [services.register(event, attendee(f"wartend{n}")) for n in range(3)]
    later = max(g.hold_expires_at for g in guests) + timedelta(minutes=1)

    results, errors = together(*[(lambda: services.expire_guest_holds(now=later))] * 4)

    assert errors == [] and sum(results) == 2
    statuses = [Registration.objects.get(pk=r.pk).status for r in waiting]
    assert statuses == ["confirmed", "confirmed", "waitlisted"]
    assert OutgoingEmail.objects.filter(template="events_promoted").count() == 2
    assert_counters_match(event)


def test_a_confirmation_racing_the_expiry_either_keeps_the_seat_or_gives_it_away_never_both():
    for _round in range(3):
        event = EventFactory(capacity=1)
        guest = services.register_guest(event, attendee("gast"))
        waiting = services.register(event, attendee("wartend"))
        # The confirmation comes just in time; the expiry run looks a moment after the end.
        just_in_time = guest.hold_expires_at - timedelta(seconds=1)
        after = guest.hold_expires_at + timedelta(seconds=1)

        _results, errors = together(
            lambda token=guest.confirm_token, now=just_in_time: services.confirm_guest(
                token, now=now),
            lambda now=after: services.expire_guest_holds(now=now))

        guest.refresh_from_db()
        waiting.refresh_from_db()
        if guest.status == Registration.Status.CONFIRMED:  # the confirmation came first
            assert errors == [] and waiting.status == Registration.Status.WAITLISTED
        else:  # the lapse came first: the link finds nothing
            assert guest.status == Registration.Status.CANCELLED
            assert [type(e) for e in errors] == [services.GuestLinkInvalid]
            assert waiting.status == Registration.Status.CONFIRMED
        assert_counters_match(event)


def test_a_double_click_on_confirm_confirms_once():
    event = EventFactory(capacity=5)
    guest = services.register_guest(event, attendee("gast"))

    results, errors = together(*[(lambda: services.confirm_guest(guest.confirm_token))] * 4)

    assert len(results) == 1 and all(isinstance(e, services.GuestLinkInvalid) for e in errors)
    assert OutgoingEmail.objects.filter(template="events_confirmation").count() == 1
    assert_counters_match(event)


def test_parallel_groups_take_seats_in_order_each_group_in_one_piece():
    from events.services import GroupMember

    event = EventFactory(capacity=5)

    def group(g):
        people = [GroupMember(name=f"P{g}-{i}", email=f"p{g}-{i}@example.org")
                  for i in range(3)]
        return lambda: services.register_group(
            event, people, organisation_name=f"Firma {g}",
            registrant=GroupMember(name=f"R{g}", email=f"r{g}@example.org"))

    _results, errors = together(*[group(g) for g in range(4)])

    assert errors == []
    rows = list(event.registrations.order_by("sequence").values_list(
        "organisation_name", "status"))
    # Each group's people follow each other (one lock for the group), seats in that order.
    firms = [firm for firm, _status in rows]
    assert all(firms[i * 3:(i + 1) * 3] == [firms[i * 3]] * 3 for i in range(4))
    assert [status for _firm, status in rows] == ["held"] * 5 + ["pending"] * 7
    assert_counters_match(event)
