"""Event series: the recurring meeting's page and its one calendar feed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import Event, EventSeries
from events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def series(db):
    return EventSeries.objects.create(title_de="Netzwerktreffen Zwickau",
                                      title_en="Zwickau network meeting",
                                      slug="netzwerktreffen-zwickau")


def meetings(series):
    now = timezone.now()
    past = EventFactory(series=series, title_de="Frühjahr 2026",
                        starts_at=now - timedelta(days=200))
    later = EventFactory(series=series, title_de="Herbst 2027", starts_at=now + timedelta(days=300))
    next_one = EventFactory(series=series, title_de="Frühjahr 2027",
                            starts_at=now + timedelta(days=100))
    draft = EventFactory(series=series, title_de="Entwurf 2028", status=Event.Status.DRAFT,
                         starts_at=now + timedelta(days=400))
    other = EventFactory(title_de="Andere Reihe")
    return past, next_one, later, draft, other


def test_the_series_page_lists_next_and_past_meetings(client, series):
    past, next_one, later, draft, other = meetings(series)

    response = client.get("/events/series/netzwerktreffen-zwickau/")

    assert response.status_code == 200
    assert response.context["upcoming"] == [next_one, later]
    assert response.context["past"] == [past]
    page = response.content.decode()
    assert "Entwurf 2028" not in page and "Andere Reihe" not in page
    assert "webcal://" in page


def test_the_series_feed_has_its_meetings_with_stable_uids(client, series):
    past, next_one, later, draft, other = meetings(series)

    feed = client.get("/events/series/netzwerktreffen-zwickau/feed.ics")

    assert feed["Content-Type"].startswith("text/calendar")
    text = feed.content.decode()
    assert f"UID:event-{next_one.pk}" in text and f"UID:event-{later.pk}" in text
    assert f"UID:event-{draft.pk}" not in text and f"UID:event-{other.pk}" not in text
    assert "Netzwerktreffen Zwickau" in text
    # The same entry as in the all-events feed: a calendar that has both shows it once.
    assert f"UID:event-{next_one.pk}" in client.get("/events/feed.ics").content.decode()


def test_the_event_page_links_its_series(client, series):
    event = EventFactory(series=series)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "/events/series/netzwerktreffen-zwickau/" in page
    assert "Teil der Reihe" in page


def test_an_unknown_series_is_a_404(client):
    assert client.get("/events/series/gibt-es-nicht/").status_code == 404
    assert client.get("/events/series/gibt-es-nicht/feed.ics").status_code == 404


def test_organisers_put_an_event_into_a_series(client, cluster, cluster_manager, event, series):
    from events.tests.factories import event_data

    series.organisers.add(cluster)  # a series its cluster organises: its managers may use it
    client.force_login(cluster_manager)
    client.post(f"/events/{event.slug}/edit/", event_data(cluster, slug=event.slug,
                                                          series=series.pk))
    event.refresh_from_db()
    assert event.series == series


def test_series_is_not_an_event_address(client, cluster, cluster_manager):
    from events.tests.factories import event_data

    client.force_login(cluster_manager)
    response = client.post("/events/new/", event_data(cluster, slug="series"))
    assert response.status_code == 200 and not Event.objects.filter(slug="series").exists()


def test_the_series_page_costs_the_same_for_few_and_many_meetings(client, series):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get("/events/series/netzwerktreffen-zwickau/").status_code == 200
        return len(context.captured_queries)

    meetings(series)
    few = count()
    for n in range(10):
        EventFactory(series=series, starts_at=timezone.now() + timedelta(days=10 + n))
        EventFactory(series=series, starts_at=timezone.now() - timedelta(days=10 + n))
    assert count() == few
