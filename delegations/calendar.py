"""The whole trip as an iCalendar file: one VEVENT per itinerary stop."""

import zoneinfo
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone, translation
from icalendar import Calendar, Event

TZ = zoneinfo.ZoneInfo(settings.TIME_ZONE)


def trip_calendar(trip, stops, *, language: str | None = None, removed=()) -> bytes:
    """iCalendar bytes for `trip`; `stops` is its itinerary (a list, so the caller can prefetch).

    `removed`: stops just deleted from the programme (with their former pk), sent as cancelled
    so calendar programs drop the entries imported before."""
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        calendar = Calendar()
        calendar.add("prodid", "-//Battery network portal//delegations//")
        calendar.add("version", "2.0")
        calendar.add("x-wr-calname", trip.title)
        stamp = timezone.now()
        url = settings.PORTAL_BASE_URL + trip.get_absolute_url()
        # A moved or cancelled trip must replace the entries already in someone's calendar.
        sequence = int(trip.updated_at.timestamp()) if trip.updated_at else 0
        entries = [(stop, trip.is_cancelled) for stop in stops]
        entries += [(stop, True) for stop in removed]
        for stop, cancelled in entries:
            event = Event()
            event.add("uid", f"delegation-stop-{stop.pk}@battery-network-portal")
            event.add("dtstamp", stamp)
            event.add("summary", f"{stop.title} ({trip.title})")
            if stop.start_time:
                start = datetime.combine(stop.date, stop.start_time, tzinfo=TZ)
                end = (datetime.combine(stop.date, stop.end_time, tzinfo=TZ) if stop.end_time
                       and stop.end_time > stop.start_time else start + timedelta(hours=1))
                event.add("dtstart", start)
                event.add("dtend", end)
            else:
                event.add("dtstart", stop.date)
                event.add("dtend", stop.date + timedelta(days=1))
            location = ", ".join(part for part in (
                stop.host.name if stop.host_id else "", stop.place) if part)
            if location:
                event.add("location", location)
            description = "\n\n".join(part for part in (stop.get_kind_display(), stop.description,
                                                          url) if part)
            event.add("description", description)
            event.add("url", url)
            event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
            event.add("sequence", sequence)
            calendar.add_component(event)
        return calendar.to_ical()
