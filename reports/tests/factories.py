"""A past year of events and trips to count: two events of `cluster`, one of `other_cluster`."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from delegations.models import Application
from delegations.tests.factories import ApplicationFactory, TripFactory
from events.models import Registration
from events.tests.factories import EventFactory, RegistrationFactory
from members.models import Membership, Organization, Region
from members.tests.factories import OrganizationFactory

BERLIN = ZoneInfo("Europe/Berlin")
R = Registration.Status


def at(year, month, day, hour=14):
    return datetime(year, month, day, hour, tzinfo=BERLIN)


def organisation(region="sachsen", size=Organization.Size.SMALL, member_of=None, **fields):
    org = OrganizationFactory(region=Region.objects.get(slug=region) if region else None,
                              size=size, **fields)
    if member_of:
        Membership.objects.create(organization=org, cluster=member_of,
                                  status=Membership.Status.ACTIVE)
    return org


def event(starts_at, organisers, **fields):
    return EventFactory(starts_at=starts_at, ends_at=starts_at + timedelta(hours=3),
                        organisers=organisers, **fields)


def register(event, *statuses, organisation=None, **fields):
    return [RegistrationFactory(event=event, status=status, organisation=organisation,
                                **fields) for status in statuses]


def trip(start: date, organisers, **fields):
    return TripFactory(start_date=start, end_date=start + timedelta(days=3),
                       organisers=organisers, **fields)


def apply(trip, *statuses, organisation=None, **fields):
    return [ApplicationFactory(trip=trip, status=status, organisation=organisation, **fields)
            for status in statuses]


A = Application.Status
