"""The figures ask the same number of queries for a small and a big year."""

from datetime import date

import pytest

from reports import services
from reports.models import ErasedParticipation
from reports.tests.factories import A, R, apply, at, event, organisation, register, trip

pytestmark = pytest.mark.django_db


def a_year(cluster, n):
    for i in range(n):
        org = organisation(member_of=cluster if i % 2 else None,
                           region="wallonie" if i % 3 else "sachsen")
        meeting = event(at(2025, 1 + i % 12, 1 + i % 27), [cluster])
        register(meeting, R.ATTENDED, R.CONFIRMED, organisation=org)
        register(meeting, R.ATTENDED)
        journey = trip(date(2025, 1 + i % 12, 2), [cluster])
        apply(journey, A.ACCEPTED, A.DECLINED, organisation=org)
        ErasedParticipation.objects.create(event=meeting, status=R.ATTENDED, organisation=org)


@pytest.mark.parametrize("n", [1, 12])
def test_the_figures_take_eight_queries(cluster, django_assert_num_queries, n):
    a_year(cluster, n)

    # 1 events with counts, 2 their checked-in organisations, 3 trips with counts, 4 their
    # accepted organisations, 5 erased rows, 6 organisations with regions, 7 memberships,
    # 8 the B2B meetings switched on for them (none here: portal/tests/test_meeting_statistics).
    with django_assert_num_queries(8):
        stats = services.statistics(start=date(2025, 1, 1), end=date(2025, 12, 31),
                                    organiser_ids={cluster.pk}, now=at(2026, 1, 1))

    assert stats.totals["events"] == n
    assert stats.totals["attended"] == 3 * n


@pytest.mark.parametrize("n", [1, 12])
def test_the_page_takes_the_same_queries_for_a_small_and_a_big_year(
        client, economic_development, cluster, django_assert_num_queries, n):
    a_year(cluster, n)
    client.force_login(economic_development)

    # 1 session, 2 user with their groups (portal.auth); 3-4 the organisers of events and of
    # trips, 5 their names; 6-13 the figures (see above).
    with django_assert_num_queries(13):
        response = client.get("/statistics/", {"period": "year", "year": "2025"})

    assert response.status_code == 200


@pytest.mark.parametrize("n", [1, 12])
def test_an_export_takes_the_same_queries_for_a_small_and_a_big_year(
        client, economic_development, cluster, django_assert_num_queries, n):
    from django.contrib.contenttypes.models import ContentType

    a_year(cluster, n)
    client.force_login(economic_development)
    ContentType.objects.get_for_model(economic_development)  # cached in any running portal

    # The page's 13, and 14 the INSERT of the audit entry.
    with django_assert_num_queries(14):
        response = client.get("/statistics/", {"period": "year", "year": "2025",
                                               "table": "regions", "format": "csv"})
        b"".join(response.streaming_content)
