"""Seats are never exceeded, also when organisers accept at the same moment (PostgreSQL row lock)."""

import threading

import pytest
from django.db import connection

from delegations import services
from delegations.models import Application
from delegations.tests.factories import ApplicationFactory, OrganizationFactory, TripFactory, UserFactory
from network_portal.models import OutgoingEmail

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(calls, refused):
    """Start every call at the same moment, each on its own connection; return their results,
    with "refused" for a call that raised `refused`."""
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait()
            outcomes.append(call())
        except refused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_parallel_accepts_never_exceed_the_seats():
    trip = TripFactory(organisers=[OrganizationFactory()], seats=2)
    applications = [ApplicationFactory(trip=trip) for _ in range(8)]

    outcomes = run_together([
        lambda a=a: services.decide_application(a, decision=Application.Status.ACCEPTED).status
        for a in applications], refused=services.NoSeatLeft)

    assert sorted(outcomes) == ["accepted"] * 2 + ["refused"] * 6
    assert Application.objects.filter(trip=trip, status=Application.Status.ACCEPTED).count() == 2


def test_parallel_applications_of_one_person_make_one_application():
    trip = TripFactory(organisers=[OrganizationFactory()])
    person = UserFactory()

    outcomes = run_together(
        [lambda: services.apply(trip, person, organisation_name="ACME").status] * 4,
        refused=services.AlreadyApplied)

    assert sorted(outcomes) == ["refused"] * 3 + ["submitted"]
    assert Application.objects.filter(trip=trip).count() == 1


def test_parallel_cancellations_cancel_once_and_mail_once():
    trip = TripFactory(organisers=[OrganizationFactory()])
    for status in (Application.Status.ACCEPTED, Application.Status.WAITLISTED):
        ApplicationFactory(trip=trip, status=status)

    outcomes = run_together([lambda: services.cancel_trip(trip)] * 4,
                            refused=services.InvalidTransition)

    assert sorted(outcomes, key=str) == [2, "refused", "refused", "refused"]
    assert OutgoingEmail.objects.filter(template="delegations_trip_cancelled").count() == 2
