"""The event page: agenda, seats, organisers, drafts, the calendar file, the public overview."""

from datetime import UTC

import pytest
from django.urls import reverse

from events.models import AgendaChoice, Event, Registration
from events.tests.factories import (
    AgendaItemFactory,
    EventFactory,
    OrganizationFactory,
    RegistrationFactory,
)
from members.models import Organization

pytestmark = pytest.mark.django_db


def _fill_event(event, n):
    """n agenda items, and n registrations (consenting, member or free organisation, some on
    the waitlist) each choosing every agenda item."""
    items = [AgendaItemFactory(event=event, capacity=5 * n) for _ in range(n)]
    organisation = OrganizationFactory()
    for i in range(n):
        registration = RegistrationFactory(
            event=event, public_consent=True, organisation=organisation if i % 2 else None,
            organisation_name="" if i % 2 else f"Freie Firma {i}",
            status=Registration.Status.WAITLISTED if i % 3 == 2 else Registration.Status.CONFIRMED)
        for item in items:
            AgendaChoice.objects.create(registration=registration, agenda_item=item)


def test_the_detail_page_shows_agenda_and_seats(client):
    event = EventFactory(capacity=3)
    AgendaItemFactory(event=event, title_de="Gesprächsinsel Energie", capacity=10)
    RegistrationFactory(event=event)

    text = client.get(event.get_absolute_url()).content.decode()

    assert "Gesprächsinsel Energie" in text
    assert "2 Plätze frei" in text
    assert reverse("events:register", args=[event.slug]) in text


@pytest.mark.parametrize("logged_in", [False, True])
def test_the_detail_page_needs_the_same_queries_for_few_and_many_items_and_registrations(
        client, member, django_assert_num_queries, logged_in):
    few = EventFactory(capacity=1000, public_participants=True)
    many = EventFactory(capacity=1000, public_participants=True)
    _fill_event(few, 2)
    _fill_event(many, 40)
    if logged_in:
        client.force_login(member)
    # Anonymous: event with seat counts, its organisers, agenda items with seat counts, the
    # consenting participants' organisations. Logged in also: session, user (read with their
    # roles and representations, portal.auth: may they manage, may they see the participant
    # list?), own registration.
    expected = 7 if logged_in else 4
    for event in (few, many):
        with django_assert_num_queries(expected):
            response = client.get(event.get_absolute_url())
        assert response.status_code == 200
    assert len(response.context["public_organisations"]) > 10  # the many, not the few


def test_a_draft_is_hidden_from_the_public(client):
    event = EventFactory(status=Event.Status.DRAFT)

    assert client.get(event.get_absolute_url()).status_code == 404
    assert client.get(f"/events/{event.slug}/calendar.ics").status_code == 404


def test_a_draft_is_visible_to_its_cluster_manager(client, cluster, cluster_manager):
    event = EventFactory(status=Event.Status.DRAFT, organisers=[cluster])
    client.force_login(cluster_manager)

    assert client.get(event.get_absolute_url()).status_code == 200


def test_the_detail_page_links_only_organisers_whose_profile_is_public(client, cluster):
    archived = OrganizationFactory(name="Alte Initiative", status=Organization.Status.ARCHIVED)
    event = EventFactory(organisers=[cluster, archived])

    text = client.get(event.get_absolute_url()).content.decode()

    assert f'href="{cluster.get_absolute_url()}"' in text
    assert "Alte Initiative" in text
    assert archived.get_absolute_url() not in text  # was linked: a dead link to a 404


def test_the_calendar_file(client):
    event = EventFactory(title_de="Netzwerktreffen Zwickau")

    response = client.get(f"/events/{event.slug}/calendar.ics")

    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "SUMMARY:Netzwerktreffen Zwickau" in body
    assert f"DTSTART:{event.starts_at.astimezone(UTC):%Y%m%dT%H%M%SZ}" in body


def test_the_public_overview_names_only_consenting_organisations(client):
    event = EventFactory(public_participants=True)
    member_org = OrganizationFactory(name="Zellwerk Zwickau")
    RegistrationFactory(event=event, organisation=member_org, public_consent=True,
                        name="Geheimer Name")
    RegistrationFactory(event=event, organisation_name="Schweigsam AG", public_consent=False)
    RegistrationFactory(event=event, organisation_name="Abgemeldet AG", public_consent=True,
                        status="cancelled")

    text = client.get(event.get_absolute_url()).content.decode()

    assert "Zellwerk Zwickau" in text
    assert "Schweigsam AG" not in text and "Abgemeldet AG" not in text
    assert "Geheimer Name" not in text


def test_no_public_overview_unless_the_event_enables_it(client):
    event = EventFactory(public_participants=False)
    RegistrationFactory(event=event, organisation_name="Zustimmend AG", public_consent=True)

    assert "Zustimmend AG" not in client.get(event.get_absolute_url()).content.decode()


def test_a_cancelled_event_shows_no_seats_and_no_register_button(client):
    event = EventFactory(capacity=10, status=Event.Status.CANCELLED)

    text = client.get(event.get_absolute_url()).content.decode()

    assert "Diese Veranstaltung wurde abgesagt." in text
    assert "Plätze frei" not in text
    assert reverse("events:register", args=[event.slug]) not in text
