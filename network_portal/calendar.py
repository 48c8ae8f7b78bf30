"""The one way the portal writes iCalendar files (RFC 5545): events and delegation trips."""

from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEntry

UID_DOMAIN = "batterienetzwerk-portal"


def new_calendar(name: str = "") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Batterienetzwerk//Portal//DE")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def add_entry(calendar: Calendar, *, uid: str, start, end, summary: str, url: str,
              location: str = "", description: str = "", cancelled: bool = False,
              sequence: int = 0) -> None:
    """Add one entry. `sequence` must grow when the entry changes, so calendar programs replace
    the copy they imported before; a cancelled entry carries STATUS:CANCELLED."""
    entry = CalendarEntry()
    entry.add("uid", f"{uid}@{UID_DOMAIN}")
    entry.add("dtstamp", timezone.now())
    entry.add("dtstart", start)
    entry.add("dtend", end)
    entry.add("summary", summary)
    if location:
        entry.add("location", location)
    entry.add("url", url)
    entry.add("description", "\n\n".join(part for part in (description, url) if part))
    entry.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    entry.add("sequence", sequence)
    calendar.add_component(entry)
