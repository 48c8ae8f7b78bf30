"""Editors are told when the English version of a text is older than the German one: the
services stamp each German and English text when it changes; the edit pages compare."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from delegations import services as trip_services
from delegations.tests.factories import TripFactory
from events import services as event_services
from events.models import Event
from events.tests.factories import EventFactory
from members import services as member_services
from members.models import Organization
from network_portal.i18n import note_text_changes, older_english

pytestmark = pytest.mark.django_db

OLDER = "The German text was changed after the English one"


def edit_page(client, name, slug):
    client.cookies["django_language"] = "en"
    response = client.get(reverse(name, args=[slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_english_text_is_older_only_when_the_german_one_changed_after_it():
    event = Event(description_de="Treffen.", description_en="Meeting.")
    start = timezone.now()
    note_text_changes(event, ["description_de", "description_en"], now=start)
    assert older_english(event, "description") == []
    note_text_changes(event, ["description_de"], now=start + timedelta(minutes=1))
    assert older_english(event, "description") == ["description"]
    note_text_changes(event, ["description_en"], now=start + timedelta(minutes=2))
    assert older_english(event, "description") == []


def test_texts_without_stamps_are_not_flagged_and_a_missing_english_is_not_older():
    event = Event(description_de="Treffen.", description_en="Meeting.")
    assert older_english(event, "description") == []
    event.description_en = ""
    note_text_changes(event, ["description_de"])
    assert older_english(event, "description") == []  # missing, told by the other notice


def test_an_event_edited_in_german_only_tells_its_editors(client, admin_user):
    event = EventFactory(description_de="Ein Treffen.", description_en="A meeting.")
    client.force_login(admin_user)
    assert OLDER not in edit_page(client, "events:edit", event.slug)

    event.description_de = "Ein Treffen der Zellhersteller."
    event_services.save_event(event, by=admin_user)

    html = edit_page(client, "events:edit", event.slug)
    assert OLDER in html and "<li>description (English)</li>" in html
    event.refresh_from_db()
    event.description_en = "A meeting of cell makers."
    event_services.save_event(event, by=admin_user)
    assert OLDER not in edit_page(client, "events:edit", event.slug)


def test_a_trip_edited_in_german_only_tells_its_editors(client, admin_user):
    trip = TripFactory(meeting_point_de="Zwickau", meeting_point_en="Zwickau station")
    trip_services.save_trip(trip, values={"meeting_point_de": "Zwickau, Hauptbahnhof"},
                            by=admin_user)
    client.force_login(admin_user)
    client.cookies["django_language"] = "de"
    html = client.get(reverse("delegations:edit", args=[trip.slug])).content.decode()
    assert "Der deutsche Text wurde nach dem englischen geändert" in html
    assert "<li>Treffpunkt (Englisch)</li>" in html


def test_a_profile_edited_in_german_only_tells_its_editors(client, admin_user):
    organisation = Organization.objects.create(
        name="Zellwerk GmbH", slug="zellwerk", kind=Organization.Kind.COMPANY,
        status=Organization.Status.PUBLISHED, description_de="Wir bauen Zellen.",
        description_en="We build cells.")
    member_services.edit_profile(organisation, by=admin_user,
                                 values={"description_de": "Wir bauen Zellen und Module."})
    organisation.refresh_from_db()
    assert set(organisation.texts_changed) == {"description_de"}
    client.force_login(admin_user)
    assert OLDER in edit_page(client, "members:edit", organisation.slug)

    member_services.edit_profile(organisation, by=admin_user,
                                 values={"description_en": "We build cells and modules."})
    assert OLDER not in edit_page(client, "members:edit", organisation.slug)
