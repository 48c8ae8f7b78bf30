"""Pages whose query count must not grow with the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.tests.factories import EventFactory, OrganizationFactory, RegistrationFactory
from network_portal.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def count(client, url):
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
    # session, user, groups, managed clusters, events with counts, their organisers
    assert count(client, "/events/manage/") == few <= 7


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
