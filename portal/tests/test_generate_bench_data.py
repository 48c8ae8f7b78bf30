from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Max, Min, Q

from delegations.models import Application, DelegationTrip
from events import selectors, services
from events.models import Event, Registration
from members.models import Membership, Organization
from network_portal import permissions
from network_portal.models import User
from portal.management.commands import generate_bench_data as bench

SEATED = [Registration.Status.CONFIRMED, Registration.Status.ATTENDED]


def generate(**sizes):
    options = {"organisations": 80, "clusters": 4, "events": 8, "registrations": 900,
               "trips": 3, "members": 30, "rush_seats": 5, **sizes}
    call_command("generate_bench_data", *[f"--{k.replace('_', '-')}={v}" for k, v in options.items()],
                 stdout=StringIO())


def test_it_makes_clusters_with_one_to_three_memberships_per_organisation(db):
    generate()

    assert Organization.objects.filter(slug__startswith="bench-").count() == 80
    assert Organization.objects.clusters().count() == 4
    per_org = Membership.objects.values("organization").annotate(n=Count("pk"))
    assert {row["n"] for row in per_org} <= {1, 2, 3}
    assert len(per_org) == 76  # every organisation but the clusters is in one
    company = Organization.objects.get(slug=bench.COMPANY_SLUG)
    assert company.kind == Organization.Kind.COMPANY and company.memberships.exists()
    assert Organization.objects.filter(stages__isnull=False).distinct().count() == 80


def test_it_spreads_the_registrations_over_past_and_upcoming_events(db):
    generate()

    assert Registration.objects.count() == 900
    rush = Event.objects.get(slug=bench.RUSH_EVENT_SLUG)
    assert rush.capacity == 5 and not rush.registrations.exists() and rush.registration_is_open()
    sizes = (Event.objects.exclude(pk=rush.pk).annotate(n=Count("registrations"))
             .aggregate(low=Min("n"), high=Max("n")))
    assert 10 <= sizes["low"] and sizes["high"] == bench.BIG_EVENT_REGISTRATIONS
    assert Event.objects.get(slug=bench.BIG_EVENT_SLUG).registrations.count() == 400
    upcoming = Event.objects.upcoming().count()
    assert 2 <= upcoming < Event.objects.past().count()  # most are past
    # Some reminders are due, so the reminder sweep has work.
    assert services.due_reminders("7d").exists()


def test_full_events_hold_their_seats_and_a_gapless_waitlist_behind_them(db):
    generate()

    full = Event.objects.filter(registrations__status=Registration.Status.WAITLISTED).distinct()
    assert full.exists()
    for event in full:
        seated = event.registrations.filter(status__in=SEATED)
        waiting = event.registrations.filter(status=Registration.Status.WAITLISTED)
        assert seated.count() == event.capacity
        # Seats went in order of registration: the whole waitlist registered after every seat.
        assert waiting.aggregate(first=Min("created_at"))["first"] > seated.aggregate(
            last=Max("created_at"))["last"]
        positions = selectors.waitlist_positions(event)
        assert sorted(positions.values()) == list(range(1, waiting.count() + 1))
        assert [r.waitlist_position() for r in waiting.order_by("created_at", "pk")] == list(
            range(1, waiting.count() + 1))


def test_it_makes_the_accounts_the_benchmark_logs_in_with(client, db):
    generate()

    staff = User.objects.get(email=bench.STAFF_EMAIL)
    assert permissions.is_economic_development(staff)
    members = User.objects.filter(email__startswith="bench-member-")
    assert members.count() == 30
    assert members.filter(emailaddress__verified=True).count() == 30
    assert client.login(email=bench.MEMBER_EMAIL.format(n=7), password=bench.MEMBER_PASSWORD)


def test_it_fills_every_page_the_benchmark_requests(client, db):
    generate()
    trip = DelegationTrip.objects.get(slug=bench.TRIP_SLUG)
    assert trip.accepts_applications() and trip.stops.exists()
    assert Application.objects.filter(~Q(status="withdrawn"), trip=trip).exists()

    for path in ["/", "/members/", f"/members/{bench.COMPANY_SLUG}/",
                 f"/members/{bench.BIG_CLUSTER_SLUG}/", "/value-chain/", "/events/",
                 f"/events/{bench.BIG_EVENT_SLUG}/", "/delegations/",
                 f"/delegations/{bench.TRIP_SLUG}/"]:
        assert client.get(path).status_code == 200, path
    client.force_login(User.objects.get(email=bench.STAFF_EMAIL))
    assert client.get(f"/events/{bench.BIG_EVENT_SLUG}/participants/").status_code == 200


def test_it_refuses_to_fill_a_database_twice(db):
    generate()

    with pytest.raises(CommandError, match="already there"):
        generate()
