"""Consent to the participant overview: recorded with its time and wording version, withdrawn
through the service (the secret-link page and My portal call it)."""

import importlib
from datetime import datetime
from zoneinfo import ZoneInfo

from django.apps import apps as django_apps

from events import history, models, selectors, services
from events.models import Registration
from events.tests.factories import EventFactory, RegistrationFactory, attendee
from network_portal.models import AuditEntry

NOW = datetime(2026, 11, 2, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def test_registering_with_consent_records_when_and_which_wording(db):
    event = EventFactory(public_participants=True)

    registration = services.register(event, attendee(), public_consent=True)

    assert registration.consent_at == registration.created_at
    assert registration.consent_version == models.CONSENT_VERSION


def test_registering_without_consent_records_none(db):
    registration = services.register(EventFactory(), attendee())

    assert (registration.consent_at, registration.consent_version) == (None, "")


def test_withdrawing_takes_the_organisation_off_the_overview_at_once(db, member):
    event = EventFactory(public_participants=True)
    registration = services.register(event, attendee(organisation_name="Zellwerk Test AG"),
                                     public_consent=True)
    assert "Zellwerk Test AG" in selectors.public_participant_organisations(event)

    assert services.withdraw_consent(registration, by=member, now=NOW) is True

    registration.refresh_from_db()
    assert registration.public_consent is False
    assert (registration.consent_at, registration.consent_version) == (None, "")
    assert "Zellwerk Test AG" not in selectors.public_participant_organisations(event)


def test_the_withdrawal_is_recorded_with_the_consent_it_ends(db):
    event = EventFactory(public_participants=True)
    registration = services.register(event, attendee(), public_consent=True, now=NOW)

    services.withdraw_consent(registration, by=None, now=NOW)

    entry = AuditEntry.objects.get(action=history.CONSENT_WITHDRAWN)
    assert entry.object_id == event.pk
    assert entry.data == {"registration": registration.pk,
                          "consent_given_at": NOW.astimezone(ZoneInfo("UTC")).isoformat()
                          .replace("+00:00", "Z"),
                          "consent_version": models.CONSENT_VERSION,
                          "withdrawn_at": NOW.isoformat()}


def test_withdrawing_twice_records_it_once(db):
    registration = services.register(EventFactory(), attendee(), public_consent=True)

    services.withdraw_consent(registration)

    assert services.withdraw_consent(registration) is False
    assert AuditEntry.objects.filter(action=history.CONSENT_WITHDRAWN).count() == 1


def test_the_migration_marks_earlier_consents_as_recorded_before_versioning(db):
    given = RegistrationFactory(public_consent=True)
    not_given = RegistrationFactory(public_consent=False)
    migration = importlib.import_module("events.migrations.0005_consent_record")

    migration.backfill(django_apps, None)

    given.refresh_from_db()
    not_given.refresh_from_db()
    assert (given.consent_at, given.consent_version) == (given.created_at, "before-versioning")
    assert (not_given.consent_at, not_given.consent_version) == (None, "")
    assert models.CONSENT_BEFORE_VERSIONING == migration.BEFORE_VERSIONING


def test_the_data_download_holds_the_consent(db, member):
    from events import privacy

    registration = RegistrationFactory(email=member.email, public_consent=True, consent_at=NOW,
                                       consent_version="2026-12-01")

    row = privacy.export(member)["registrations"][0]

    assert row["consent_to_participant_overview"] == {
        "given": True, "given_at": NOW.astimezone(ZoneInfo("UTC")).isoformat(),
        "wording_version": "2026-12-01"}
    assert Registration.objects.get(pk=registration.pk).public_consent
