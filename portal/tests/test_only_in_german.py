"""Texts that exist only in German: English readers see them marked lang="de" and labelled
"(only in German)"; German readers see no label; editors are told the English version is missing."""

import pytest
from django.urls import reverse

from delegations.tests.factories import TripFactory
from events.tests.factories import EventFactory
from members.models import Organization

pytestmark = pytest.mark.django_db

LABEL = "(only in German)"


def _get(client, url, language):
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_english_reader_sees_german_only_description_marked(client):
    event = EventFactory(title_en="", description_de="Ein Treffen der Zellhersteller.",
                         description_en="")
    html = _get(client, event.get_absolute_url(), "en")
    assert '<span lang="de">' + event.title_de + "</span>" in html
    assert '<div lang="de"><p>Ein Treffen der Zellhersteller.</p></div>' in html
    assert html.count(LABEL) == 2
    listing = _get(client, reverse("events:list"), "en")
    assert '<span lang="de">' + event.title_de in listing and LABEL in listing


def test_translated_text_has_no_label(client):
    event = EventFactory(description_de="Ein Treffen.", description_en="A meeting.")
    html = _get(client, event.get_absolute_url(), "en")
    assert "A meeting." in html and LABEL not in html and 'lang="de"><p>' not in html


def test_german_reader_sees_no_label(client):
    event = EventFactory(title_en="", description_de="Ein Treffen.", description_en="")
    html = _get(client, event.get_absolute_url(), "de")
    assert "Ein Treffen." in html and LABEL not in html and "nur auf Deutsch" not in html
    assert '<span lang="de">' not in html


def test_trip_and_profile_marked(client):
    trip = TripFactory(title_en="", description_de="Reise nach Lüttich.", description_en="")
    html = _get(client, trip.get_absolute_url(), "en")
    assert '<span lang="de">' + trip.title_de in html and LABEL in html
    organisation = Organization.objects.create(
        name="Zellwerk GmbH", slug="zellwerk", kind=Organization.Kind.COMPANY,
        status=Organization.Status.PUBLISHED, description_de="Wir bauen Zellen.")
    html = _get(client, organisation.get_absolute_url(), "en")
    assert '<div lang="de"><p>Wir bauen Zellen.</p></div>' in html and LABEL in html


def test_editor_told_english_version_missing(client, admin_user):
    client.force_login(admin_user)
    event = EventFactory(description_de="Ein Treffen.", description_en="")
    html = _get(client, reverse("events:edit", args=[event.slug]), "en")
    assert "no English version yet" in html and "description (English)" in html
    event.description_en = "A meeting."
    event.save()
    html = _get(client, reverse("events:edit", args=[event.slug]), "en")
    assert "no English version yet" not in html


def test_trip_and_profile_editors_told_english_version_missing(client, admin_user):
    client.force_login(admin_user)
    trip = TripFactory(description_de="Reise nach Lüttich.", description_en="")
    html = _get(client, reverse("delegations:edit", args=[trip.slug]), "de")
    assert "noch keine englische Fassung" in html and "<li>Beschreibung (englisch)</li>" in html
    organisation = Organization.objects.create(
        name="Zellwerk GmbH", slug="zellwerk", kind=Organization.Kind.COMPANY,
        status=Organization.Status.PUBLISHED, description_de="Wir bauen Zellen.")
    html = _get(client, reverse("members:edit", args=[organisation.slug]), "en")
    assert "no English version yet" in html and "description (English)" in html
    organisation.description_en = "We build cells."
    organisation.save()
    assert "no English version yet" not in _get(
        client, reverse("members:edit", args=[organisation.slug]), "en")
