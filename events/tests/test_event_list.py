"""The public event list and archive, its filters and pages; the home page's and a profile's events."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import Event
from events.tests.factories import (
    EventFactory,
    OrganizationFactory,
    RegistrationFactory,
)

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


def test_the_home_page_shows_the_next_events(client):
    EventFactory(title_de="Nächstes Netzwerktreffen")
    EventFactory(title_de="Geheimer Entwurf", status=Event.Status.DRAFT)

    text = client.get("/").content.decode()

    assert "Nächstes Netzwerktreffen" in text and "Geheimer Entwurf" not in text


def test_upcoming_for_organisation():
    from events import selectors

    organiser = OrganizationFactory()
    mine = EventFactory(organisers=[organiser])
    EventFactory()

    assert selectors.upcoming_for_organisation(organiser) == [mine]
