"""Consent to the trip's participant overview: recorded with time and wording version; the
applicant withdraws it (My portal) through the service, and the overview drops them at once."""

import importlib

import pytest
from django.apps import apps as django_apps

from delegations import models, selectors, services
from delegations.tests.factories import ApplicationFactory
from network_portal.models import AuditEntry


def test_applying_with_consent_records_when_and_which_wording(trip, person):
    application = services.apply(trip, person, organisation_name="Zellwerk", public_consent=True)

    assert application.consent_at is not None
    assert application.consent_version == models.CONSENT_VERSION


def test_applying_without_consent_records_none(trip, person):
    application = services.apply(trip, person, organisation_name="Zellwerk")

    assert (application.consent_at, application.consent_version) == (None, "")


def test_withdrawing_takes_the_applicant_off_the_overview_at_once(trip, person):
    application = ApplicationFactory(trip=trip, user=person, status="accepted",
                                     public_consent=True, consent_version="before-versioning")
    assert list(selectors.accepted_participants(trip, consenting_only=True)) == [application]

    assert services.withdraw_consent(application, by=person) is True

    assert list(selectors.accepted_participants(trip, consenting_only=True)) == []
    application.refresh_from_db()
    assert (application.public_consent, application.consent_version) == (False, "")
    entry = AuditEntry.objects.get(action="delegations.application.consent_withdrawn")
    assert entry.actor == person
    assert entry.data["consent_version"] == "before-versioning"


def test_only_the_applicant_withdraws(trip, person, member):
    application = ApplicationFactory(trip=trip, user=person, public_consent=True)

    with pytest.raises(services.NotAllowed):
        services.withdraw_consent(application, by=member)


def test_withdrawing_twice_records_it_once(trip, person):
    application = ApplicationFactory(trip=trip, user=person, public_consent=True)
    services.withdraw_consent(application, by=person)

    assert services.withdraw_consent(application, by=person) is False
    assert AuditEntry.objects.filter(action="delegations.application.consent_withdrawn").count() == 1


def test_the_migration_marks_earlier_consents_as_recorded_before_versioning(trip):
    given = ApplicationFactory(trip=trip, public_consent=True)
    not_given = ApplicationFactory(trip=trip, public_consent=False)

    importlib.import_module("delegations.migrations.0005_consent_record").backfill(django_apps, None)

    given.refresh_from_db()
    not_given.refresh_from_db()
    assert (given.consent_at, given.consent_version) == (given.created_at, "before-versioning")
    assert (not_given.consent_at, not_given.consent_version) == (None, "")


def test_the_data_download_holds_the_consent(trip, person):
    from delegations import privacy

    services.apply(trip, person, organisation_name="Zellwerk", public_consent=True)

    consent = privacy.export(person)["applications"][0]["consent_to_participant_overview"]
    assert consent["given"] is True
    assert consent["wording_version"] == models.CONSENT_VERSION
    assert consent["given_at"]
