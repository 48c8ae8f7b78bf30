"""Arrangements for the B2B meeting tests: an event with meetings and opted-in registrants."""

from datetime import timedelta

from django.utils import timezone

from events.models import Registration
from events.tests.factories import EventFactory, RegistrationFactory
from matchmaking import meetings
from members.tests.factories import OrganizationFactory
from network_portal.testing import make_user


def block_times(days: int = 10, hours: int = 2, start_hour: int = 10):
    start = (timezone.localtime() + timedelta(days=days)).replace(
        hour=start_hour, minute=0, second=0, microsecond=0)
    return start, start + timedelta(hours=hours)


def meeting_event(organiser, *, tables: int = 3, slot_minutes: int = 30,
                  needs_acceptance: bool = True, expiry_hours: int = 48, hours: int = 2,
                  event=None, cluster=None):
    event = event or EventFactory(organisers=[cluster] if cluster else [],
                                  title_de="Netzwerkempfang Cleantech",
                                  title_en="Cleantech network reception")
    setup = meetings.save_setup(by=organiser, event=event, slot_minutes=slot_minutes,
                                tables=tables, needs_acceptance=needs_acceptance,
                                expiry_hours=expiry_hours, blocks=[block_times(hours=hours)])
    return setup


def registrant(setup, email, *, first_name="Paula", last_name="Person", language="de",
               organisation=None, opt_in=True, status=Registration.Status.CONFIRMED):
    user = make_user(email, first_name=first_name, last_name=last_name, language=language)
    organisation = organisation or OrganizationFactory(name=f"{last_name} GmbH")
    RegistrationFactory(event=setup.event, user=user, email=email, organisation=organisation,
                        organisation_name="", status=status)
    if opt_in:
        meetings.opt_in(setup, by=user)
    return user


def participant(setup, user):
    return setup.participants.get(user=user)
