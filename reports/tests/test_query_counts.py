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
def test_the_figures_take_seven_queries(cluster, django_assert_num_queries, n):
    a_year(cluster, n)

    # 1 events with counts, 2 their checked-in organisations, 3 trips with counts, 4 their
    # accepted organisations, 5 erased rows, 6 organisations with regions, 7 memberships.
    with django_assert_num_queries(7):
        stats = services.statistics(start=date(2025, 1, 1), end=date(2025, 12, 31),
                                    organiser_ids={cluster.pk}, now=at(2026, 1, 1))

    assert stats.totals["events"] == n
    assert stats.totals["attended"] == 3 * n
