import pytest

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
