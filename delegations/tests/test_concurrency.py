"""Seats are never exceeded, also when organisers accept at the same moment (PostgreSQL row lock)."""

import threading

import pytest
from django.db import connection

from delegations import services
from delegations.models import Application
from delegations.tests.factories import ApplicationFactory, OrganizationFactory, TripFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_parallel_accepts_never_exceed_the_seats():
    trip = TripFactory(organisers=[OrganizationFactory()], seats=2)
    applications = [ApplicationFactory(trip=trip) for _ in range(8)]
    barrier = threading.Barrier(len(applications))
    outcomes = []

    def accept(application):
        try:
            barrier.wait()
            services.decide_application(application, decision=Application.Status.ACCEPTED)
            outcomes.append("accepted")
        except services.NoSeatLeft:
            outcomes.append("full")
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["accepted"] * 2 + ["full"] * 6
    assert Application.objects.filter(trip=trip, status=Application.Status.ACCEPTED).count() == 2


def test_parallel_applications_of_one_person_make_one_application():
    trip = TripFactory(organisers=[OrganizationFactory()])
    from delegations.tests.factories import UserFactory

    person = UserFactory()
    barrier = threading.Barrier(4)
    outcomes = []

    def apply():
        try:
            barrier.wait()
            services.apply(trip, person, organisation_name="ACME")
            outcomes.append("applied")
        except services.AlreadyApplied:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=apply) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["applied"] + ["refused"] * 3
    assert Application.objects.filter(trip=trip).count() == 1


def test_parallel_cancellations_cancel_once_and_mail_once():
    from network_portal.models import OutgoingEmail

    trip = TripFactory(organisers=[OrganizationFactory()])
    for status in (Application.Status.ACCEPTED, Application.Status.WAITLISTED):
        ApplicationFactory(trip=trip, status=status)
    barrier = threading.Barrier(4)
    outcomes = []

    def cancel():
        try:
            barrier.wait()
            outcomes.append(services.cancel_trip(trip))
        except services.InvalidTransition:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=cancel) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes, key=str) == [2, "refused", "refused", "refused"]
    assert OutgoingEmail.objects.filter(template="delegations_trip_cancelled").count() == 2
