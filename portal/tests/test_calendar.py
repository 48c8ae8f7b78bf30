"""iCalendar files (RFC 5545) as calendar programs read them: parsed back with icalendar."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from network_portal import calendar

BERLIN = ZoneInfo("Europe/Berlin")


def referenced_tzids(parsed: Calendar) -> set[str]:
    return {str(prop.params["TZID"]) for component in parsed.walk()
            for prop in component.values() if hasattr(prop, "params") and "TZID" in prop.params}


def assert_every_tzid_is_defined(parsed: Calendar):
    defined = {str(zone["TZID"]) for zone in parsed.walk("VTIMEZONE")}
    assert referenced_tzids(parsed) <= defined


def test_a_trip_file_names_no_time_zone_it_does_not_define(client, db):
    from delegations.tests.factories import StopFactory, TripFactory

    trip = TripFactory(start_date=date(2027, 11, 25), end_date=date(2027, 11, 28))
    StopFactory(trip=trip, date=date(2027, 11, 25), start_time=time(9, 30), end_time=time(11, 0))
    StopFactory(trip=trip, date=date(2027, 11, 28), start_time=None, end_time=None)

    response = client.get(f"/delegations/{trip.slug}/calendar.ics")

    parsed = Calendar.from_ical(response.content)
    assert_every_tzid_is_defined(parsed)
    timed, all_day = parsed.walk("VEVENT")
    # 9:30 in Zwickau in November (CET) is 8:30 UTC; written as UTC, read back as that instant.
    assert timed["DTSTART"].dt == datetime(2027, 11, 25, 8, 30, tzinfo=UTC)
    assert timed["DTEND"].dt == datetime(2027, 11, 25, 10, 0, tzinfo=UTC)
    assert b"DTSTART:20271125T083000Z" in response.content
    assert all_day["DTSTART"].dt == date(2027, 11, 28)
    assert str(parsed["METHOD"]) == "PUBLISH"


def test_an_event_file_names_no_time_zone_it_does_not_define(client, db):
    from events.tests.factories import EventFactory

    start = datetime(2027, 6, 10, 14, 30, tzinfo=BERLIN)
    event = EventFactory(starts_at=start, ends_at=start + timedelta(hours=3))

    parsed = Calendar.from_ical(client.get(f"/events/{event.slug}/calendar.ics").content)

    assert_every_tzid_is_defined(parsed)
    [entry] = parsed.walk("VEVENT")
    assert entry["DTSTART"].dt == start


def test_times_without_a_zone_are_refused():
    with pytest.raises(ValueError):
        calendar.add_entry(calendar.new_calendar(), uid="x", start=datetime(2027, 1, 1, 9),
                           end=datetime(2027, 1, 1, 10), summary="x", url="https://x.example")


def test_the_trip_calendar_in_the_acceptance_mail_is_a_publish_part(db, settings, cluster,
                                                                   cluster_manager):
    from delegations import services
    from delegations.models import Application
    from delegations.tests.factories import StopFactory, TripFactory, applicant
    from network_portal import mail
    from network_portal.models import OutgoingEmail
    from network_portal.testing import SMTPServer

    trip = TripFactory(organisers=[cluster])
    StopFactory(trip=trip)
    application = services.apply(trip, applicant(), organisation_name="ACME")
    services.decide_application(application, decision=Application.Status.ACCEPTED,
                                by=cluster_manager)
    email = OutgoingEmail.objects.get(template="delegations_accepted")
    server = SMTPServer().start()
    server.use_for(settings)
    try:
        mail.send(email.pk)
    finally:
        server.stop()

    [message] = server.messages
    [part] = list(message.iter_attachments())
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "PUBLISH"
    parsed = Calendar.from_ical(part.get_content())
    assert str(parsed["METHOD"]) == part.get_param("method")
    assert_every_tzid_is_defined(parsed)
    assert timezone.is_aware(parsed.walk("VEVENT")[0]["DTSTART"].dt)
