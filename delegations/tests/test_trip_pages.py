"""The public trip pages: the list, a trip's page, its calendar, drafts, languages."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from delegations import selectors, services
from delegations.models import Application, DelegationTrip
from delegations.tests.factories import ApplicationFactory, OrganizationFactory, StopFactory, TripFactory
from delegations.tests.helpers import url
from members.models import Organization


def test_the_list_shows_open_trips_and_the_archive_but_no_drafts(client, trip, cluster):
    past = TripFactory(organisers=[cluster], status=DelegationTrip.Status.COMPLETED,
                       title_de="Wallonie 2024", start_date=timezone.localdate() - timedelta(days=400),
                       end_date=timezone.localdate() - timedelta(days=397))
    StopFactory(trip=past, title_de="Besuch bei JEMA SA")
    TripFactory(organisers=[cluster], status=DelegationTrip.Status.DRAFT, title_de="Geheimer Entwurf")

    response = client.get(reverse("delegations:list"))

    content = response.content.decode()
    assert trip.title_de in content
    assert "Wallonie 2024" in content and "1 Programmpunkt" in content
    assert "Geheimer Entwurf" not in content
    # The programme itself is on the trip's page, not in the archive.
    assert "Besuch bei JEMA SA" not in content
    assert "Besuch bei JEMA SA" in client.get(past.get_absolute_url()).content.decode()


def test_the_archive_comes_in_pages_of_ten_newest_first(client, cluster):
    today = timezone.localdate()
    for n in range(23):
        TripFactory(organisers=[cluster], status=DelegationTrip.Status.COMPLETED,
                    title_de=f"Reise {n:02}", start_date=today - timedelta(days=100 + n),
                    end_date=today - timedelta(days=98 + n))

    first = client.get(reverse("delegations:list"))
    last = client.get(reverse("delegations:list"), {"page": 3})

    assert [t.title_de for t in first.context["archive"]] == [f"Reise {n:02}" for n in range(10)]
    assert [t.title_de for t in last.context["archive"]] == ["Reise 20", "Reise 21", "Reise 22"]
    assert 'href="?page=2#archive"' in first.content.decode()
    assert "23 abgeschlossene Reisen" in first.content.decode()


def test_the_list_needs_a_fixed_number_of_queries(client, cluster, django_assert_num_queries):
    def make(n):
        for _ in range(n):
            trip = TripFactory(organisers=[cluster], status=DelegationTrip.Status.COMPLETED,
                               start_date=timezone.localdate() - timedelta(days=30),
                               end_date=timezone.localdate() - timedelta(days=28))
            StopFactory(trip=trip)
            TripFactory(organisers=[cluster])

    make(3)
    # upcoming: trips, organisers, topics; archive: count, the page (with its stop counts)
    with django_assert_num_queries(5):
        client.get(reverse("delegations:list"))
    make(20)
    with django_assert_num_queries(5):
        response = client.get(reverse("delegations:list"))
    assert len(response.context["archive"]) == 10


def test_managers_see_only_their_own_drafts_in_the_list(client, cluster, cluster_manager, other_manager,
                                                        economic_development):
    TripFactory(organisers=[cluster], status=DelegationTrip.Status.DRAFT, title_de="Unser Entwurf")

    client.force_login(cluster_manager)
    assert "Unser Entwurf" in client.get(reverse("delegations:list")).content.decode()
    client.force_login(other_manager)
    assert "Unser Entwurf" not in client.get(reverse("delegations:list")).content.decode()
    client.force_login(economic_development)
    assert "Unser Entwurf" in client.get(reverse("delegations:list")).content.decode()


def test_the_detail_page_shows_the_programme_by_day_with_linked_hosts(client, trip, host):
    StopFactory(trip=trip, host=host, title_de="Besuch bei Mitis SA")
    StopFactory(trip=trip, date=trip.start_date + timedelta(days=1), start_time=time(19),
                kind="dinner", title_de="Networking-Dinner")

    response = client.get(url("detail", trip))

    content = response.content.decode()
    assert "Tag 1" in content and "Tag 2" in content
    assert "Besuch bei Mitis SA" in content and "Networking-Dinner" in content
    assert f'href="{host.get_absolute_url()}"' in content
    assert url("apply", trip) in content


@pytest.mark.parametrize("name", ["detail", "calendar"])
def test_the_detail_page_and_calendar_need_a_fixed_number_of_queries(client, trip, name,
                                                                     django_assert_num_queries):
    for n in (3, 60):
        while trip.stops.count() < n:
            StopFactory(trip=trip, host=OrganizationFactory())
        # trip (+ regions), organisers, partners, topics, stops (+ hosts)
        with django_assert_num_queries(5):
            client.get(url(name, trip))


def test_drafts_are_hidden_from_the_public_but_not_from_their_organisers(client, trip, cluster_manager):
    trip.status = DelegationTrip.Status.DRAFT
    trip.save()

    assert client.get(url("detail", trip)).status_code == 404
    client.force_login(cluster_manager)
    assert client.get(url("detail", trip)).status_code == 200


@pytest.mark.parametrize("name", ["detail", "calendar", "apply", "participants", "brochure", "host",
                                  "applications", "edit"])
@pytest.mark.parametrize("who", [None, "member", "other_manager"])
def test_a_draft_is_not_found_by_those_who_do_not_manage_it(client, trip, stop, request, name, who):
    trip.status = DelegationTrip.Status.DRAFT
    trip.public_overview = True
    trip.save()
    if who:
        client.force_login(request.getfixturevalue(who))

    response = client.get(url(name, trip))

    if who is None and name in ("apply", "host", "applications", "edit"):
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 404


def test_the_calendar_has_one_event_per_stop(client, trip):
    StopFactory(trip=trip, title_de="Firmenbesuch")
    StopFactory(trip=trip, title_de="Rückreise per Reisebus", start_time=None, end_time=None,
                date=trip.end_date)

    response = client.get(url("calendar", trip))

    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["summary"]).split(" (")[0] for e in events] == ["Firmenbesuch", "Rückreise per Reisebus"]
    assert events[0]["dtstart"].dt.tzinfo is not None


def test_the_calendar_links_the_trip_and_marks_a_cancellation(client, trip, settings):
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    StopFactory(trip=trip)
    DelegationTrip.objects.filter(pk=trip.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    [before] = Calendar.from_ical(client.get(url("calendar", trip)).content).walk("VEVENT")
    services.cancel_trip(trip, by=None)

    [after] = Calendar.from_ical(client.get(url("calendar", trip)).content).walk("VEVENT")

    assert str(before["url"]) == f"https://portal.example.org/delegations/{trip.slug}/"
    assert (before["status"], after["status"]) == ("CONFIRMED", "CANCELLED")
    assert after["sequence"] > before["sequence"]


def test_the_home_page_shows_open_trips(client, trip):
    TripFactory(status=DelegationTrip.Status.CLOSED, title_de="Geschlossene Reise")

    content = client.get("/").content.decode()

    assert trip.title_de in content
    assert "Geschlossene Reise" not in content


def test_trips_for_organisation(trip, host, cluster):
    StopFactory(trip=trip, host=host)
    joined = TripFactory(public_overview=True)
    member_firm = OrganizationFactory()
    ApplicationFactory(trip=joined, organisation=member_firm, status=Application.Status.ACCEPTED,
                       public_consent=True)
    ApplicationFactory(trip=TripFactory(), organisation=member_firm, status=Application.Status.DECLINED)
    TripFactory(organisers=[cluster], status=DelegationTrip.Status.DRAFT)

    assert selectors.trips_for_organisation(host) == [trip]
    assert selectors.trips_for_organisation(cluster) == [trip]
    assert selectors.trips_for_organisation(member_firm) == [joined]


def test_an_open_trip_past_its_deadline_shows_as_closed(client, trip):
    trip.application_deadline = timezone.now() - timedelta(hours=1)
    trip.save()

    content = client.get(url("detail", trip)).content.decode()

    assert "Bewerbung geschlossen" in content
    assert url("apply", trip) not in content


def test_pages_are_in_english_on_request(client, trip):
    StopFactory(trip=trip, title_de="Besuch", title_en="Visit")
    client.cookies["django_language"] = "en"

    content = client.get(url("detail", trip)).content.decode()

    assert trip.title_en in content and "Day 1" in content and ">Visit<" in content


def test_the_detail_page_links_only_public_profiles(client, trip, cluster):
    draft = OrganizationFactory(name="Entwurf Gastgeber GmbH", status=Organization.Status.DRAFT)
    partner = OrganizationFactory(name="Partner im Entwurf", status=Organization.Status.DRAFT)
    trip.partners.set([partner])
    StopFactory(trip=trip, host=draft)

    content = client.get(url("detail", trip)).content.decode()

    assert f'href="{cluster.get_absolute_url()}"' in content
    for organisation in (draft, partner):
        assert organisation.name in content
        assert f'href="{organisation.get_absolute_url()}"' not in content
