"""Public pages: list, detail, calendar, registration, the secret link, My portal, home."""

from datetime import UTC, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import AgendaChoice, Event, Registration
from events.tests.factories import (
    AgendaItemFactory,
    EventFactory,
    OrganizationFactory,
    RegistrationFactory,
    attendee,
)
from members.models import Organization
from network_portal.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def test_the_list_shows_upcoming_published_events_only(client):
    upcoming = EventFactory(title_de="Kommendes Treffen")
    EventFactory(title_de="Entwurf", status=Event.Status.DRAFT)
    past = timezone.now() - timedelta(days=10)
    EventFactory(title_de="Vergangenes Treffen", starts_at=past, ends_at=past + timedelta(hours=2))

    response = client.get("/events/")

    text = response.content.decode()
    assert upcoming.title_de in text
    assert "Entwurf" not in text and "Vergangenes Treffen" not in text


def test_the_archive_lists_past_events(client):
    past = timezone.now() - timedelta(days=10)
    EventFactory(title_de="Vergangenes Treffen", starts_at=past, ends_at=past + timedelta(hours=2))
    EventFactory(title_de="Kommendes Treffen")

    text = client.get("/events/?archive=1").content.decode()

    assert "Vergangenes Treffen" in text and "Kommendes Treffen" not in text


def test_the_list_filters_by_kind_organiser_and_month(client):
    organiser = OrganizationFactory(slug="cluster-a")
    start = timezone.now().replace(day=1) + timedelta(days=70)
    EventFactory(title_de="Workshop A", kind=Event.Kind.WORKSHOP, organisers=[organiser],
                 starts_at=start, ends_at=start + timedelta(hours=2))
    EventFactory(title_de="Webinar B", kind=Event.Kind.WEBINAR)

    def titles(query):
        text = client.get("/events/" + query).content.decode()
        return {t for t in ("Workshop A", "Webinar B") if t in text}

    assert titles("?kind=workshop") == {"Workshop A"}
    assert titles("?organiser=cluster-a") == {"Workshop A"}
    assert titles(f"?month={start:%Y-%m}") == {"Workshop A"}
    assert titles("?month=garbage") == {"Workshop A", "Webinar B"}


@pytest.mark.parametrize("month", ["garbage", "2027-13", "0000-01", "9999-12", "2027-5x"])
def test_a_month_that_is_not_understood_is_ignored_with_a_message(client, month):
    EventFactory(title_de="Workshop A", kind=Event.Kind.WORKSHOP)
    EventFactory(title_de="Webinar B", kind=Event.Kind.WEBINAR)

    response = client.get(f"/events/?kind=workshop&month={month}")

    text = response.content.decode()
    assert response.status_code == 200
    assert "Monat: Geben Sie einen Monat" in text
    # The filters that were understood still apply.
    assert "Workshop A" in text and "Webinar B" not in text


def test_the_list_needs_the_same_queries_for_few_and_many_events(client, django_assert_num_queries):
    organiser = OrganizationFactory()
    for _ in range(3):
        EventFactory(organisers=[organiser])
    # session-less anonymous: count for the pages, events with seat counts, their organisers,
    # the organiser filter
    with django_assert_num_queries(4):
        client.get("/events/")
    for _ in range(30):
        EventFactory(organisers=[organiser])
    with django_assert_num_queries(4):
        client.get("/events/")


def test_the_archive_needs_the_same_queries_for_few_and_many_past_events(
        client, django_assert_num_queries):
    organiser = OrganizationFactory()

    def past_events(n):
        for i in range(n):
            start = timezone.now() - timedelta(days=10 + i)
            event = EventFactory(organisers=[organiser, OrganizationFactory()], starts_at=start,
                                 ends_at=start + timedelta(hours=3))
            RegistrationFactory(event=event)

    past_events(3)
    # session-less anonymous: count for the pages, the page of past events with seat counts,
    # their organisers, the organiser filter
    with django_assert_num_queries(4):
        response = client.get("/events/?archive=1")
    assert len(response.context["page"]) == 3
    past_events(40)
    with django_assert_num_queries(4):
        response = client.get("/events/?archive=1")
    assert len(response.context["page"]) == 20
    with django_assert_num_queries(4):
        assert len(client.get("/events/?archive=1&page=3").context["page"]) == 3


def test_the_list_is_paged_and_keeps_the_filters(client):
    for _ in range(25):
        EventFactory(kind=Event.Kind.WORKSHOP)

    first = client.get("/events/?kind=workshop")
    second = client.get("/events/?kind=workshop&page=2")
    odd = client.get("/events/?kind=workshop&page=abc")

    assert len(first.context["page"]) == 20 and len(second.context["page"]) == 5
    assert 'href="?kind=workshop&amp;page=2"' in first.content.decode()
    assert odd.status_code == 200 and odd.context["page"].number == 1


def test_the_detail_page_shows_agenda_and_seats(client):
    event = EventFactory(capacity=3)
    AgendaItemFactory(event=event, title_de="Gesprächsinsel Energie", capacity=10)
    RegistrationFactory(event=event)

    text = client.get(event.get_absolute_url()).content.decode()

    assert "Gesprächsinsel Energie" in text
    assert "2 Plätze frei" in text
    assert reverse("events:register", args=[event.slug]) in text


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
    # consenting participants' organisations. Logged in also: session, user, own registration,
    # the person's roles (may they manage?), their confirmed representations (may they see the
    # participant list?).
    expected = 9 if logged_in else 4
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


def test_registering_needs_a_login(client, event):
    response = client.get(f"/events/{event.slug}/register/")

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def register_data(**fields):
    data = {"registers_for": "self", "name": "Mara Muster", "email": "ignored@example.com",
            "organisation_name": "Muster GmbH", "job_title": "Leiterin Einkauf",
            "diet": "vegetarisch", "accessibility": ""}
    data.update(fields)
    return data


def test_a_member_registers_themself(client, member, event):
    client.force_login(member)

    response = client.post(f"/events/{event.slug}/register/", register_data())

    registration = Registration.objects.get()
    assert response.status_code == 302 and response["Location"] == registration.get_absolute_url()
    assert registration.email == member.email  # "myself" is the account's address
    assert registration.user == member
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.language == "de"


def test_a_member_registers_a_colleague_with_a_member_organisation(client, member, event):
    organisation = OrganizationFactory(name="Zellwerk Zwickau")
    AgendaItemFactory(event=event)
    island = AgendaItemFactory(event=event, capacity=5)
    client.force_login(member)

    client.post(f"/events/{event.slug}/register/", register_data(
        registers_for="colleague", name="Kai Kollege", email="kai@zellwerk.example",
        organisation=organisation.pk, organisation_name="", agenda_items=[island.pk]))

    registration = Registration.objects.get()
    assert (registration.email, registration.organisation, registration.user) == (
        "kai@zellwerk.example", organisation, member)
    assert list(registration.agenda_items.all()) == [island]


def test_the_organisation_is_required(client, member, event):
    client.force_login(member)

    response = client.post(f"/events/{event.slug}/register/", register_data(organisation_name=""))

    assert response.status_code == 200
    assert "Wählen Sie eine Mitgliedsorganisation" in response.content.decode()
    assert not Registration.objects.exists()


def test_a_duplicate_is_refused_with_a_clear_message(client, member, event):
    RegistrationFactory(event=event, email=member.email)
    client.force_login(member)

    response = client.post(f"/events/{event.slug}/register/", register_data())

    assert "ist für diese Veranstaltung bereits angemeldet" in response.content.decode()
    assert Registration.objects.count() == 1


def test_a_closed_event_refuses_with_a_message(client, member):
    event = EventFactory(registration_closes_at=timezone.now() - timedelta(hours=1))
    client.force_login(member)

    response = client.post(f"/events/{event.slug}/register/", register_data())

    assert "Die Anmeldung für diese Veranstaltung ist geschlossen." in response.content.decode()


def test_a_full_event_shows_the_waitlist_position(client, member):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    client.force_login(member)

    response = client.post(f"/events/{event.slug}/register/", register_data(), follow=True)

    text = response.content.decode()
    assert "Warteliste" in text and "Position 1 auf der Warteliste" in text


def test_the_secret_link_shows_and_cancels_without_login(client):
    event = EventFactory(capacity=1)
    seated = services.register(event, attendee(1))
    waiting = services.register(event, attendee(2))
    url = f"/events/registration/{seated.token}/"

    assert "Teilnehmerin 1" in client.get(url).content.decode()
    response = client.post(url, follow=True)

    assert "Die Anmeldung ist storniert." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert OutgoingEmail.objects.filter(key=f"registration:{waiting.pk}:promotion").exists()


def test_a_wrong_token_is_not_found(client):
    assert client.get("/events/registration/not-a-token/").status_code == 404


def test_my_portal_lists_my_registrations_and_those_i_made(client, member):
    event = EventFactory(title_de="Mein Treffen")
    other = EventFactory(title_de="Kollegentreffen")
    RegistrationFactory(event=event, email=member.email.upper())
    RegistrationFactory(event=other, user=member, name="Kai Kollege")
    RegistrationFactory(event=other, name="Fremde Person")
    client.force_login(member)

    text = client.get("/my/").content.decode()

    assert "Mein Treffen" in text and "Kai Kollege" in text
    assert "Fremde Person" not in text


def test_the_home_page_shows_the_next_events(client):
    EventFactory(title_de="Nächstes Netzwerktreffen")
    EventFactory(title_de="Geheimer Entwurf", status=Event.Status.DRAFT)

    text = client.get("/").content.decode()

    assert "Nächstes Netzwerktreffen" in text and "Geheimer Entwurf" not in text


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


def test_upcoming_for_organisation():
    from events import selectors

    organiser = OrganizationFactory()
    mine = EventFactory(organisers=[organiser])
    EventFactory()

    assert selectors.upcoming_for_organisation(organiser) == [mine]



def test_the_form_marks_full_agenda_items(client, member, event):
    island = AgendaItemFactory(event=event, title_de="Insel Energie", capacity=1)
    services.register(event, attendee(1), agenda_items=[island])
    client.force_login(member)

    text = client.get(f"/events/{event.slug}/register/").content.decode()

    assert "Insel Energie (voll: Warteliste)" in text


@pytest.mark.parametrize("change, message", [
    ({"registration_opens_at": timezone.now() + timedelta(days=1)},
     "Die Anmeldung für diese Veranstaltung ist noch nicht geöffnet."),
    ({"registration_closes_at": timezone.now() - timedelta(hours=1)},
     "Die Anmeldung für diese Veranstaltung ist geschlossen."),
    ({"status": Event.Status.CANCELLED}, "Diese Veranstaltung wurde abgesagt."),
])
def test_the_register_page_says_why_registration_is_refused_and_offers_no_form(
        client, member, change, message):
    event = EventFactory(**change)
    client.force_login(member)

    text = client.get(f"/events/{event.slug}/register/").content.decode()

    assert message in text
    assert 'name="registers_for"' not in text


def test_the_secret_link_shows_the_position_on_an_agenda_items_waitlist(client):
    event = EventFactory(capacity=10)
    island = AgendaItemFactory(event=event, title_de="Insel Recycling", capacity=1)
    for n in range(3):
        last = services.register(event, attendee(n), agenda_items=[island])

    text = client.get(last.get_absolute_url()).content.decode()

    assert "Insel Recycling (Position 2 auf der Warteliste)" in text


def test_a_cancelled_event_shows_no_seats_and_no_register_button(client):
    event = EventFactory(capacity=10, status=Event.Status.CANCELLED)

    text = client.get(event.get_absolute_url()).content.decode()

    assert "Diese Veranstaltung wurde abgesagt." in text
    assert "Plätze frei" not in text
    assert reverse("events:register", args=[event.slug]) not in text
