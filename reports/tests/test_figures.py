"""The figures of a period: events, registrations, attendance, organisations, trips."""

from datetime import date

import pytest
from django.utils import translation

from members.models import Organization
from reports import services
from reports.tests.factories import A, R, apply, at, event, organisation, register, trip

pytestmark = pytest.mark.django_db


def figures(**kwargs):
    with translation.override("en"):
        return services.statistics(start=date(2025, 1, 1), end=date(2025, 12, 31), **kwargs)


def test_it_counts_registrations_attendance_and_no_shows_per_event_and_in_total(cluster):
    zellwerk = organisation()
    spring = event(at(2025, 3, 5), [cluster])
    register(spring, R.ATTENDED, R.ATTENDED, R.CONFIRMED, R.WAITLISTED, R.CANCELLED,
             organisation=zellwerk)
    autumn = event(at(2025, 10, 1), [cluster])
    register(autumn, R.ATTENDED, R.CONFIRMED, R.CONFIRMED, R.CONFIRMED)

    stats = figures()

    table = stats.table("events")
    # Date, event, kind, registrations, attended, no-show rate, organisations.
    assert [row[3:] for row in table.rows] == [[4, 2, 33.3, 1], [4, 1, 75.0, 0]]
    assert table.total[3:] == [8, 3, 57.1, 1]  # 4 of 7 confirmed seats were not used
    assert stats.totals["events"] == 2
    assert stats.totals["registrations"] == 8
    assert stats.totals["attended"] == 3
    assert stats.totals["no_show_rate"] == 57.1
    assert stats.totals["organisations"] == 1
    assert stats.totals["outside_directory"] == 1


def test_an_event_without_any_check_in_has_no_no_show_rate(cluster):
    register(event(at(2025, 3, 5), [cluster]), R.CONFIRMED, R.CONFIRMED)

    stats = figures()

    assert stats.table("events").rows[0][5] is None
    assert stats.totals["no_show_rate"] is None


def test_drafts_cancelled_future_and_other_years_events_do_not_count(cluster):
    register(event(at(2025, 3, 5), [cluster], status="draft"), R.ATTENDED)
    register(event(at(2025, 3, 6), [cluster], status="cancelled"), R.ATTENDED)
    register(event(at(2024, 12, 31, 23), [cluster]), R.ATTENDED)
    register(event(at(2026, 1, 1, 0), [cluster]), R.ATTENDED)
    counted = event(at(2025, 1, 1, 0), [cluster])

    stats = figures(now=at(2025, 6, 1))
    late = event(at(2025, 7, 1), [cluster])  # after "now": not held yet

    assert [row[1] for row in stats.table("events").rows] == [counted.title_en]
    assert late.title_en not in [row[1] for row in figures(now=at(2025, 6, 1)).table("events").rows]


def test_organisations_are_counted_once_by_kind_region_country_size_and_membership(
        cluster, other_cluster):
    zellwerk = organisation(member_of=cluster)
    institut = organisation(kind=Organization.Kind.RESEARCH, size=Organization.Size.LARGE)
    liege = organisation(region="wallonie", size="")
    first, second = event(at(2025, 3, 5), [cluster]), event(at(2025, 5, 5), [other_cluster])
    register(first, R.ATTENDED, R.ATTENDED, organisation=zellwerk)
    register(second, R.ATTENDED, organisation=zellwerk)
    register(second, R.ATTENDED, organisation=institut)
    register(second, R.ATTENDED, organisation=liege)
    register(second, R.CONFIRMED, organisation=organisation(region="bayern"))  # did not come
    register(second, R.ATTENDED)  # free text: not in the directory

    stats = figures()

    def rows(key):
        return {row[0]: row[1:] for row in stats.table(key).rows}

    assert stats.totals["organisations"] == 3
    assert rows("kinds") == {"Company": [2, 4], "Research institute": [1, 1],
                             "Not in the directory": [None, 1]}
    assert rows("regions") == {"Saxony (DE)": [2, 4], "Wallonia (BE)": [1, 1],
                               "Not in the directory": [None, 1]}
    assert rows("countries") == {"Germany": [2, 4], "Belgium": [1, 1],
                                 "Not in the directory": [None, 1]}
    assert list(rows("sizes")) == ["10–49 employees", "250 employees or more",
                                   "Not given", "Not in the directory"]
    assert rows("membership") == {"Member of a cluster": [1, 3], "Not a member": [2, 2],
                                  "Not in the directory": [None, 1]}
    assert stats.table("kinds").total[1:] == [3, 6]
    assert stats.table("events").rows[1][6] == 3  # organisations of the second event


def test_a_membership_that_ended_before_the_period_does_not_make_a_member(cluster):
    from members.models import Membership

    former = organisation(member_of=cluster)
    Membership.objects.filter(organization=former).update(until=date(2024, 6, 30))
    register(event(at(2025, 3, 5), [cluster]), R.ATTENDED, organisation=former)

    assert figures().table("membership").rows == [["Not a member", 1, 1]]


def test_one_organiser_limits_events_and_trips_to_theirs(cluster, other_cluster):
    register(event(at(2025, 3, 5), [cluster]), R.ATTENDED)
    register(event(at(2025, 3, 6), [other_cluster, cluster]), R.ATTENDED)
    register(event(at(2025, 3, 7), [other_cluster]), R.ATTENDED)
    apply(trip(date(2025, 4, 1), [other_cluster]), A.ACCEPTED)

    mine = figures(organiser_ids={cluster.pk})

    assert mine.totals["events"] == 2
    assert mine.totals["trips"] == 0
    assert figures(organiser_ids={other_cluster.pk}).totals["trips"] == 1
    assert figures(organiser_ids=set()).totals["events"] == 0


def test_trips_count_applicants_accepted_and_organisations_by_region(cluster):
    zellwerk, liege = organisation(), organisation(region="wallonie")
    wallonia = trip(date(2025, 6, 2), [cluster])
    apply(wallonia, A.ACCEPTED, A.ACCEPTED, organisation=zellwerk)
    apply(wallonia, A.ACCEPTED, A.DECLINED, organisation=liege)
    apply(wallonia, A.WAITLISTED, A.WITHDRAWN, organisation=None)
    trip(date(2025, 9, 1), [cluster], status="draft")
    trip(date(2025, 9, 2), [cluster], status="cancelled")

    stats = figures(now=at(2025, 12, 1))

    assert [row[2:] for row in stats.table("trips").rows] == [[5, 3, 2]]
    assert {row[0]: row[1:] for row in stats.table("trip_regions").rows} == {
        "Saxony (DE)": [1, 2], "Wallonia (BE)": [1, 1]}
    assert stats.totals["applicants"] == 5
    assert stats.totals["accepted"] == 3


def test_an_empty_period_has_zero_figures(cluster):
    stats = figures()

    assert stats.totals["events"] == 0
    assert stats.table("events").rows == []
    assert stats.table("kinds").total[1:] == [0, 0]
