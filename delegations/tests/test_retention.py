"""Applications are anonymised PORTAL_RETENTION_MONTHS after their trip's last day (fixed clock)."""

import threading
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.models import Count

from delegations import services
from delegations.models import Application
from delegations.services.retention import ANONYMISED
from delegations.tests.factories import ApplicationFactory, TripFactory
from members.models import Organization
from members.tests.factories import OrganizationFactory, region, stage
from network_portal.models import AuditEntry, User

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=ZoneInfo("Europe/Berlin"))
CUTOFF = date(2024, 12, 1)  # NOW minus the default 24 months


def trip_ended(days_before_cutoff: int, **fields):
    end = CUTOFF - timedelta(days=days_before_cutoff)
    return TripFactory(start_date=end - timedelta(days=3), end_date=end,
                       status="completed", application_deadline=NOW - timedelta(days=900), **fields)


def aggregates():
    """What a funding report counts: per trip, status, organisation kind, region and size."""
    rows = Application.objects.values(
        "trip_id", "status", "organisation__kind", "organisation__region__slug",
        "organisation__region__country", "organisation__size").annotate(n=Count("pk"))
    return sorted((tuple(sorted(row.items())) for row in rows), key=str)


@pytest.fixture
def old_trip(db, cluster_manager, cluster):
    trip = trip_ended(1, organisers=[cluster])
    company = OrganizationFactory(region=region("sachsen"), size=Organization.Size.MEDIUM)
    institute = OrganizationFactory(kind=Organization.Kind.RESEARCH, region=region("wallonie"))
    accepted = ApplicationFactory(trip=trip, organisation=company, status="accepted",
                                  job_title="Leiterin Vertrieb", travel_needs="vegetarisch",
                                  decision_message="Willkommen!", decided_by=cluster_manager)
    accepted.stages_sought.set([stage("recycling")])
    ApplicationFactory(trip=trip, organisation=institute, status="declined")
    ApplicationFactory(trip=trip, organisation=None, organisation_name="Ingenieurbüro Muster",
                       status="withdrawn")
    return trip


def test_it_blanks_the_persons_details(old_trip):
    users = set(Application.objects.values_list("user_id", flat=True))

    assert services.anonymise_applications(now=NOW) == 3

    for application in Application.objects.all():
        assert application.user is None
        assert (application.job_title, application.interests, application.travel_needs,
                application.decision_message, application.organisation_name) == ("",) * 5
        assert application.decided_by is None
        assert application.public_consent is False
        assert application.anonymised_at == NOW
    # The accounts themselves are the people's, not the trip's: they stay.
    assert User.objects.filter(pk__in=users).count() == 3


def test_it_keeps_the_counts_by_status_kind_region_and_size(old_trip):
    before = aggregates()
    sought = list(Application.objects.values_list("stages_sought__code", flat=True))

    services.anonymise_applications(now=NOW)

    assert aggregates() == before
    assert list(Application.objects.values_list("stages_sought__code", flat=True)) == sought


def test_it_leaves_trips_within_the_retention_period_alone(db):
    application = ApplicationFactory(trip=trip_ended(-1), job_title="CTO")

    assert services.anonymise_applications(now=NOW) == 0

    application.refresh_from_db()
    assert application.job_title == "CTO"
    assert application.user is not None


def test_a_second_run_does_nothing(old_trip):
    services.anonymise_applications(now=NOW)

    assert services.anonymise_applications(now=NOW + timedelta(days=1)) == 0
    assert Application.objects.filter(anonymised_at=NOW).count() == 3


def test_it_writes_one_audit_entry_per_trip_without_an_actor(old_trip):
    services.anonymise_applications(now=NOW)

    entries = AuditEntry.objects.filter(action=ANONYMISED)
    assert [(e.object_id, e.data, e.actor) for e in entries] == [
        (old_trip.pk, {"applications": 3}, None)]


def test_the_organisers_pages_still_open(old_trip, client, cluster_manager):
    services.anonymise_applications(now=NOW)
    client.force_login(cluster_manager)

    page = client.get(f"/delegations/{old_trip.slug}/applications/")
    export = client.get(f"/delegations/{old_trip.slug}/participants/?format=csv")

    assert page.status_code == 200
    assert "(anonymisiert)" in page.content.decode()
    assert export.status_code == 200
    content = b"".join(export.streaming_content) if export.streaming else export.content
    assert b"example.com" not in content
    assert b"Leiterin" not in content


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_never_take_the_same_row():
    trip = trip_ended(1)
    for _n in range(30):
        ApplicationFactory(trip=trip)
    counts, errors = [], []
    barrier = threading.Barrier(2)

    def run():
        try:
            barrier.wait()
            total = 0
            while done := services.anonymise_applications(now=NOW, batch_size=4):
                total += done
            counts.append(total)
        except Exception as error:  # noqa: BLE001 - asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sum(counts) == 30
    assert sum(e.data["applications"] for e in AuditEntry.objects.filter(action=ANONYMISED)) == 30
