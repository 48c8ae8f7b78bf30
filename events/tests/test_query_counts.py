"""Pages whose query count must not grow with the number of rows."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.tests.factories import EventFactory, OrganizationFactory, RegistrationFactory
from network_portal.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def count(client, url):
    # Cold each time: the members' cached figures (members.aggregates) are renewed by the
    # services, which the factories here bypass.
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_my_portal(client, member):
    client.force_login(member)
    organisation = OrganizationFactory()

    def add(n):
        for _ in range(n):
            RegistrationFactory(email=member.email, organisation=organisation)
            RegistrationFactory(user=member)

    add(2)
    few = count(client, "/my/")
    add(40)
    # The events section costs one query (registrations with their events), whatever the number.
    assert count(client, "/my/") == few


def test_the_manage_list(client, cluster, cluster_manager):
    client.force_login(cluster_manager)
    organisers = [cluster, OrganizationFactory()]
    for _ in range(2):
        EventFactory(organisers=organisers)
    few = count(client, "/events/manage/")
    for _ in range(30):
        EventFactory(organisers=organisers)
    # session, user, groups, managed clusters, upcoming events, their organisers, the number of
    # past events, a page of them with their organisers
    assert count(client, "/events/manage/") == few <= 9


def test_the_outbox(client, event, cluster_manager):
    client.force_login(cluster_manager)

    def add(n):
        for i in range(n):
            OutgoingEmail.objects.create(to=f"p{i}@example.com", subject="S", body_text=".",
                                         reference=event.reference)

    add(2)
    few = count(client, f"/events/{event.slug}/outbox/")
    add(100)
    # session, user, event, organisers, groups, managed clusters, e-mails
    assert count(client, f"/events/{event.slug}/outbox/") == few <= 8


def test_the_home_page_card(client):
    organiser = OrganizationFactory()
    EventFactory(organisers=[organiser])
    few = count(client, "/")
    for _ in range(5):
        EventFactory(organisers=[organiser])
    assert count(client, "/") == few


def _queries(client, url):
    cache.clear()  # as in count()
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in context.captured_queries]


@pytest.mark.parametrize("url", ["/", "/events/", "/events/?archive=1"])
def test_event_lists_read_the_seat_counters_whatever_the_registrations(client, url):
    events = [EventFactory(capacity=5) for _ in range(3)]
    past = EventFactory(capacity=5, starts_at=timezone.now() - timedelta(days=10))
    few = _queries(client, url)
    for event in [*events, past]:
        RegistrationFactory.create_batch(8, event=event)  # full, with a waitlist
    many = _queries(client, url)

    assert len(many) == len(few)
    # The seats come from the event rows: no join or count over the registrations.
    assert not [sql for sql in many if "events_registration" in sql]


def test_the_event_page_queries_are_constant(client):
    event = EventFactory(capacity=5, public_participants=True)
    RegistrationFactory(event=event, public_consent=True)
    few = _queries(client, event.get_absolute_url())
    RegistrationFactory.create_batch(30, event=event, public_consent=True)
    many = _queries(client, event.get_absolute_url())

    # event, organisers, agenda items, the public organisations (names only)
    assert len(many) == len(few) <= 4
