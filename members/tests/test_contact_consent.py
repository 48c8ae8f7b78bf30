"""A contact person's consent to be shown: recorded with time and wording version; the person
withdraws it from My portal (through the service) and the profile drops them at once."""

import importlib

import pytest
from django.apps import apps as django_apps

from members import models, services
from members.models import ContactPerson
from network_portal.models import AuditEntry
from network_portal.testing import make_user


def rows(**fields):
    row = {"id": None, "name": "Clara Kontakt", "function": "Vertrieb",
           "email": "clara@example.com", "phone": "", "public_consent": True}
    row.update(fields)
    return [row]


def test_ticking_the_box_records_when_and_which_wording(org_a, representative):
    services.save_contacts(org_a, by=representative, rows=rows())

    contact = ContactPerson.objects.get()
    assert contact.consent_at is not None
    assert contact.consent_version == models.CONSENT_VERSION


def test_unticking_the_box_clears_the_record(org_a, representative):
    services.save_contacts(org_a, by=representative, rows=rows())
    contact = ContactPerson.objects.get()

    services.save_contacts(org_a, by=representative, rows=rows(id=contact.pk, public_consent=False))

    contact.refresh_from_db()
    assert (contact.public_consent, contact.consent_at, contact.consent_version) == (False, None, "")


def test_the_person_withdraws_and_the_profile_no_longer_shows_them(client, org_a, representative):
    services.save_contacts(org_a, by=representative, rows=rows())
    clara = make_user("clara@example.com")
    assert "Clara Kontakt" in client.get(org_a.get_absolute_url()).content.decode()

    assert services.withdraw_contact_consent(ContactPerson.objects.get(), by=clara) is True

    assert "Clara Kontakt" not in client.get(org_a.get_absolute_url()).content.decode()
    entry = AuditEntry.objects.get(action="members.contacts.consent_withdrawn")
    assert entry.actor == clara
    assert entry.data["consent_version"] == models.CONSENT_VERSION


def test_only_the_contact_person_withdraws(org_a, representative, member):
    services.save_contacts(org_a, by=representative, rows=rows())

    with pytest.raises(services.CurationError):
        services.withdraw_contact_consent(ContactPerson.objects.get(), by=member)


def test_the_migration_marks_earlier_consents_without_inventing_a_time(org_a):
    given = ContactPerson.objects.create(organization=org_a, name="A", public_consent=True)
    not_given = ContactPerson.objects.create(organization=org_a, name="B")

    importlib.import_module("members.migrations.0010_consent_record").backfill(django_apps, None)

    given.refresh_from_db()
    not_given.refresh_from_db()
    assert (given.consent_at, given.consent_version) == (None, "before-versioning")
    assert not_given.consent_version == ""


def test_my_portal_leads_to_the_withdrawal_and_the_profile_drops_them(client, org_a, representative):
    services.save_contacts(org_a, by=representative, rows=rows())
    contact = ContactPerson.objects.get()
    client.force_login(make_user("clara@example.com"))
    assert "/members/contact-entries/" in client.get("/my/").content.decode()
    page = client.get("/members/contact-entries/").content.decode()
    assert f"/members/contact-entries/{contact.pk}/withdraw-consent/" in page

    response = client.post(f"/members/contact-entries/{contact.pk}/withdraw-consent/")

    assert response["Location"] == "/members/contact-entries/"
    client.logout()
    assert "Clara Kontakt" not in client.get(org_a.get_absolute_url()).content.decode()


def test_someone_elses_entry_is_not_found(client, org_a, representative, member):
    services.save_contacts(org_a, by=representative, rows=rows())
    client.force_login(member)

    response = client.post(f"/members/contact-entries/{ContactPerson.objects.get().pk}/withdraw-consent/")

    assert response.status_code == 404
    assert ContactPerson.objects.get().public_consent
