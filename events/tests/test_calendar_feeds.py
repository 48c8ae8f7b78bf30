"""The subscribable calendars: all upcoming events, per organiser or kind, and one's own."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events import services
from events.models import CalendarFeed, Event, Registration
from events.tests.factories import EventFactory, RegistrationFactory
from network_portal.testing import make_user

pytestmark = pytest.mark.django_db


def entries(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(entry["summary"]): entry for entry in calendar.walk("VEVENT")}


def test_the_feed_holds_upcoming_published_events_with_the_single_event_uids(client):
    soon = EventFactory(title_de="Bald")
    EventFactory(title_de="Entwurf", status=Event.Status.DRAFT)
    EventFactory(title_de="Vorbei", starts_at=timezone.now() - timedelta(days=3),
                 ends_at=timezone.now() - timedelta(days=2))

    first = entries(client.get("/events/feed.ics"))
    second = entries(client.get("/events/feed.ics"))

    assert set(first) == {"Bald"}
    assert str(first["Bald"]["uid"]) == str(second["Bald"]["uid"])
    single = Calendar.from_ical(client.get(f"/events/{soon.slug}/calendar.ics").content)
    assert [str(e["uid"]) for e in single.walk("VEVENT")] == [str(first["Bald"]["uid"])]
    assert first["Bald"]["dtstart"].dt.utcoffset() == timedelta(0)  # UTC, no VTIMEZONE needed
    assert str(first["Bald"]["status"]) == "CONFIRMED"
    assert b"X-WR-CALNAME" in client.get("/events/feed.ics").content


def test_a_cancelled_upcoming_event_stays_as_cancelled(client, cluster_manager, cluster):
    event = EventFactory(title_de="Abgesagt", organisers=[cluster])
    services.cancel_event(event, by=cluster_manager)
    old = EventFactory(title_de="Lange abgesagt", status=Event.Status.CANCELLED)
    Event.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=40))

    feed = entries(client.get("/events/feed.ics"))

    assert set(feed) == {"Abgesagt"}
    assert str(feed["Abgesagt"]["status"]) == "CANCELLED"


def test_feeds_per_organiser_and_kind(client, cluster, other_cluster):
    EventFactory(title_de="Cluster-Treffen", organisers=[cluster])
    EventFactory(title_de="Y-Webinar", organisers=[other_cluster], kind=Event.Kind.WEBINAR)
    EventFactory(title_de="Gemeinsam", organisers=[cluster, other_cluster],
                 kind=Event.Kind.WEBINAR)

    assert set(entries(client.get(f"/events/feed.ics?organiser={cluster.slug}"))) == {
        "Cluster-Treffen", "Gemeinsam"}
    assert set(entries(client.get("/events/feed.ics?kind=webinar"))) == {"Y-Webinar", "Gemeinsam"}
    assert set(entries(client.get(
        f"/events/feed.ics?kind=webinar&organiser={cluster.slug}"))) == {"Gemeinsam"}
    assert client.get("/events/feed.ics?organiser=nobody").status_code == 404
    assert client.get("/events/feed.ics?kind=picnic").status_code == 404


@pytest.mark.parametrize("path", ["/events/feed.ics", "/events/feed.ics?organiser=batterie-cluster-test"])
def test_a_public_feed_costs_the_same_queries_for_few_and_many_events(client, cluster, path):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    EventFactory(organisers=[cluster])
    few = count()
    for _ in range(15):
        EventFactory(organisers=[cluster])
    assert count() == few
    assert few <= 2  # the events; the organiser


def personal(user):
    return services.renew_calendar_feed(by=user)


def test_the_personal_feed_shows_only_ones_own_active_registrations(client, cluster_manager):
    mara = make_user("mara@example.com")
    mine = EventFactory(title_de="Meins")
    waiting = EventFactory(title_de="Warteliste")
    RegistrationFactory(event=mine, email="mara@example.com")
    RegistrationFactory(event=waiting, email="MARA@example.com",
                        status=Registration.Status.WAITLISTED)
    RegistrationFactory(event=EventFactory(title_de="Selbst abgesagt"), email="mara@example.com",
                        status=Registration.Status.CANCELLED)
    RegistrationFactory(event=EventFactory(title_de="Fremd"), email="someone@example.com")
    RegistrationFactory(event=EventFactory(title_de="Entwurf", status=Event.Status.DRAFT),
                        email="mara@example.com")
    RegistrationFactory(event=EventFactory(title_de="Vom Kollegen"), email="kollege@example.com",
                        user=mara)  # made for a colleague: in the colleague's calendar, not hers
    called_off = EventFactory(title_de="Vom Veranstalter abgesagt")
    RegistrationFactory(event=called_off, email="mara@example.com")
    services.cancel_event(called_off, by=cluster_manager)

    feed = entries(client.get(personal(mara).get_absolute_url()))

    assert set(feed) == {"Meins", "Warteliste", "Vom Veranstalter abgesagt"}
    assert str(feed["Vom Veranstalter abgesagt"]["status"]) == "CANCELLED"


def test_the_personal_feed_costs_the_same_queries_for_few_and_many(client):
    mara = make_user("mara@example.com")
    url = personal(mara).get_absolute_url()

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    RegistrationFactory(email="mara@example.com")
    few = count()
    for _ in range(10):
        RegistrationFactory(email="mara@example.com")
    assert count() == few == 2  # the token with its person; the events


def test_renewing_or_revoking_the_personal_feed_makes_the_old_address_404(client):
    mara = make_user("mara@example.com")
    first = personal(mara).get_absolute_url()
    second = personal(mara).get_absolute_url()
    assert first != second
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    assert "no-store" in client.get(second)["Cache-Control"]
    services.revoke_calendar_feed(by=mara)
    assert client.get(second).status_code == 404
    assert not CalendarFeed.objects.exists()
    assert client.get("/events/feed/not-a-token.ics").status_code == 404


def test_my_portal_links_the_page_that_creates_renews_and_switches_off_the_address(client):
    mara = make_user("mara@example.com")
    client.force_login(mara)
    url = reverse("events:personal_feed_manage")
    assert url in client.get("/my/").content.decode()
    assert "Meine Kalenderadresse anlegen" in client.get(url).content.decode()

    assert client.post(url, {"action": "renew"})["Location"] == url
    token = CalendarFeed.objects.get(user=mara).token
    page = client.get(url).content.decode()
    assert f"/events/feed/{token}.ics" in page and "webcal://" in page

    client.post(url, {"action": "revoke"})
    assert not CalendarFeed.objects.filter(user=mara).exists()


def test_the_list_and_the_organiser_profile_link_to_their_feeds(client, cluster):
    EventFactory(organisers=[cluster])
    page = client.get("/events/").content.decode()
    assert "webcal://" in page and "/events/feed.ics" in page
    filtered = client.get(f"/events/?organiser={cluster.slug}&kind=network_meeting")
    assert "/events/feed.ics?kind=network_meeting&amp;organiser=batterie-cluster-test" in (
        filtered.content.decode())
    profile = client.get(cluster.get_absolute_url()).content.decode()
    assert f"/events/feed.ics?organiser={cluster.slug}" in profile
    assert "webcal://" in profile


def test_the_online_link_goes_only_to_those_registered(client):
    """As on the event page: the public feed and .ics say "Online", the person's own feed and
    the confirmation carry the link."""
    mara = make_user("mara@example.com")
    webinar = EventFactory(title_de="Webinar", venue_name="", venue_address="",
                           online_url="https://meet.example.org/geheim-123")
    RegistrationFactory(event=webinar, email="mara@example.com")

    public = entries(client.get("/events/feed.ics"))["Webinar"]
    single = client.get(f"/events/{webinar.slug}/calendar.ics").content.decode()
    own = entries(client.get(personal(mara).get_absolute_url()))["Webinar"]

    assert str(public["location"]) == "Online" and "geheim-123" not in single
    assert str(own["location"]) == "https://meet.example.org/geheim-123"


def test_a_deactivated_persons_feed_answers_404(client):
    mara = make_user("mara@example.com")
    feed = personal(mara)
    mara.is_active = False
    mara.save()

    assert client.get(feed.get_absolute_url()).status_code == 404
