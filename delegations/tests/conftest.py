from datetime import timedelta

import pytest
from django.utils import timezone

from delegations.tests.factories import OrganizationFactory, StopFactory, TripFactory, applicant


@pytest.fixture
def trip(db, cluster):
    trip = TripFactory(organisers=[cluster], seats=2)
    return trip


@pytest.fixture
def host(db):
    return OrganizationFactory(name="Mitis SA", slug="mitis-test")


@pytest.fixture
def stop(trip, host):
    return StopFactory(trip=trip, host=host)


@pytest.fixture
def person(db):
    return applicant()


@pytest.fixture
def soon(trip):
    trip.start_date = timezone.localdate() + timedelta(days=5)
    trip.end_date = trip.start_date + timedelta(days=2)
    trip.application_deadline = timezone.now() - timedelta(days=1)
    trip.save()
    return trip
