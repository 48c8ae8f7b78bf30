"""Deleting an account across the apps: what goes with the person and what stays (delegations)."""

import pytest

from delegations import services
from delegations.models import Application
from delegations.tests.factories import ApplicationFactory, TripFactory, applicant
from network_portal.models import OutgoingEmail
from portal import privacy


@pytest.fixture
def trip(db, cluster):
    return TripFactory(organisers=[cluster], seats=2)


@pytest.fixture
def person(db):
    return applicant()


def test_deleting_the_account_frees_the_seat_and_prompts_the_organisers(trip, person, cluster_manager):
    application = services.apply(trip, person, organisation_name="ACME")
    services.decide_application(application, decision=Application.Status.ACCEPTED, by=None)
    waiting = ApplicationFactory(trip=trip, status=Application.Status.WAITLISTED)

    privacy.delete_account(person)

    assert not Application.objects.filter(pk=application.pk).exists()
    waiting.refresh_from_db()
    assert waiting.next_in_line_since is not None
    assert OutgoingEmail.objects.filter(template="delegations_organiser_prompt",
                                        to=cluster_manager.email).exists()
    assert not OutgoingEmail.objects.filter(to=person.email).exists()


def test_deleting_the_account_removes_applications_of_begun_and_cancelled_trips(trip, person):
    from datetime import timedelta

    from django.utils import timezone

    from delegations.tests.factories import TripFactory

    begun = TripFactory(start_date=timezone.localdate(), end_date=timezone.localdate() + timedelta(days=2))
    ApplicationFactory(trip=begun, user=person, status=Application.Status.ACCEPTED)
    ApplicationFactory(trip=trip, user=person, status=Application.Status.ACCEPTED)
    services.cancel_trip(trip, by=None)

    privacy.delete_account(person)

    assert not Application.objects.exists()
