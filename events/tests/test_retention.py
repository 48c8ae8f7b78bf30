"""Registrations are anonymised PORTAL_RETENTION_MONTHS after their event ended (fixed clock)."""

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.models import Count

from events import history, services
from events.models import Registration
from events.tests.factories import AgendaItemFactory, EventFactory, RegistrationFactory
from members.models import Organization
from members.tests.factories import OrganizationFactory, region
from network_portal.models import AuditEntry

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def ended(days_before_cutoff: int, **fields):
    """An event that ended 24 months (the default) plus `days_before_cutoff` days before NOW."""
    end = datetime(2024, 12, 1, 3, 0, tzinfo=ZoneInfo("Europe/Berlin")) - timedelta(
        days=days_before_cutoff)
    return EventFactory(starts_at=end - timedelta(hours=4), ends_at=end, **fields)


def aggregates():
    """What a funding report counts: per status, attendance, organisation kind and region."""
    rows = Registration.objects.values(
        "event_id", "status", "organisation__kind", "organisation__region__slug",
        "organisation__size", "checked_in_at").annotate(n=Count("pk"))
    return sorted((tuple(sorted(row.items())) for row in rows), key=str)


@pytest.fixture
def old_event(db, member):
    event = ended(1)
    item = AgendaItemFactory(event=event)
    company = OrganizationFactory(region=region("sachsen"), size=Organization.Size.SMALL)
    institute = OrganizationFactory(kind=Organization.Kind.RESEARCH, region=region("bayern"))
    RegistrationFactory(event=event, organisation=company, status="attended",
                        checked_in_at=NOW - timedelta(days=800), user=member, job_title="CTO",
                        diet="vegan", accessibility="Rollstuhl", public_consent=True)
    RegistrationFactory(event=event, organisation=institute, status="cancelled")
    registration = RegistrationFactory(event=event, organisation_name="Freie Firma",
                                       status="confirmed")
    registration.agenda_choices.create(agenda_item=item)
    return event


def test_it_blanks_the_persons_details(old_event):
    before = {r.pk: r.token for r in Registration.objects.all()}

    assert services.anonymise_registrations(now=NOW) == 3

    for registration in Registration.objects.all():
        assert registration.name == ""
        assert registration.email == f"anonymised-{registration.pk}@anonymised.invalid"
        assert (registration.job_title, registration.diet, registration.accessibility) == ("", "", "")
        assert registration.organisation_name == ""
        assert registration.user is None
        assert registration.public_consent is False
        assert registration.token != before[registration.pk]
        assert registration.anonymised_at == NOW


def test_it_keeps_the_counts_by_status_attendance_kind_and_region(old_event):
    before = aggregates()
    choices = list(old_event.agenda_items.annotate(n=Count("choices")).values_list("pk", "n"))

    services.anonymise_registrations(now=NOW)

    assert aggregates() == before
    assert list(old_event.agenda_items.annotate(n=Count("choices")).values_list("pk", "n")) == choices


def test_it_leaves_events_within_the_retention_period_alone(db):
    recent = ended(-1)
    registration = RegistrationFactory(event=recent, name="Anna Beispiel")

    assert services.anonymise_registrations(now=NOW) == 0

    registration.refresh_from_db()
    assert registration.name == "Anna Beispiel"
    assert registration.anonymised_at is None


def test_the_period_is_the_operators_setting(db, settings):
    settings.PORTAL_RETENTION_MONTHS = 36
    RegistrationFactory(event=ended(1))

    assert services.anonymise_registrations(now=NOW) == 0


def test_a_second_run_does_nothing(old_event):
    services.anonymise_registrations(now=NOW)

    assert services.anonymise_registrations(now=NOW + timedelta(days=1)) == 0
    assert Registration.objects.filter(anonymised_at=NOW).count() == 3


def test_it_writes_one_audit_entry_per_event_without_an_actor(old_event):
    other = ended(10)
    RegistrationFactory(event=other)

    services.anonymise_registrations(now=NOW)

    entries = AuditEntry.objects.filter(action=history.ANONYMISED).order_by("object_id")
    assert [(e.object_id, e.data, e.actor) for e in entries] == [
        (old_event.pk, {"registrations": 3}, None), (other.pk, {"registrations": 1}, None)]


def test_it_works_in_batches(old_event):
    assert services.anonymise_registrations(now=NOW, batch_size=2) == 2
    assert services.anonymise_registrations(now=NOW, batch_size=2) == 1
    assert services.anonymise_registrations(now=NOW, batch_size=2) == 0


def test_the_old_secret_link_no_longer_opens(old_event, client):
    token = Registration.objects.filter(event=old_event).first().token

    services.anonymise_registrations(now=NOW)

    assert client.get(f"/events/registration/{token}/").status_code == 404


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_never_take_the_same_row():
    event = ended(1)
    for _n in range(40):
        RegistrationFactory(event=event)
    counts, errors = [], []
    barrier = threading.Barrier(2)

    def run():
        try:
            barrier.wait()
            total = 0
            while done := services.anonymise_registrations(now=NOW, batch_size=7):
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
    assert sum(counts) == 40
    entries = AuditEntry.objects.filter(action=history.ANONYMISED)
    assert sum(entry.data["registrations"] for entry in entries) == 40
