"""The one way the portal writes iCalendar files (RFC 5545): events and delegation trips.

Times are written in UTC (`DTSTART:20271125T080000Z`): a TZID such as Europe/Berlin would need a
VTIMEZONE block in the same file, and UTC needs none. Calendar programs show UTC times in the
reader's own zone. All-day entries stay dates. Files are published (`METHOD:PUBLISH`): the
portal sends no invitations (REQUEST/CANCEL need an ORGANIZER and ATTENDEEs that answer); a
cancelled entry carries STATUS:CANCELLED and a higher SEQUENCE instead.
"""

from datetime import UTC, datetime

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


def _utc(value):
    """Datetimes in UTC; dates (all-day entries) as they are."""
    if not isinstance(value, datetime):
        return value
    if timezone.is_naive(value):
        raise ValueError("Calendar times must be aware (carry their time zone).")
    return value.astimezone(UTC)


def add_entry(calendar: Calendar, *, uid: str, start, end, summary: str, url: str,
              location: str = "", description: str = "", cancelled: bool = False,
              sequence: int = 0) -> None:
    """Add one entry. `sequence` must grow when the entry changes, so calendar programs replace
    the copy they imported before; a cancelled entry carries STATUS:CANCELLED."""
    entry = CalendarEntry()
    entry.add("uid", f"{uid}@{UID_DOMAIN}")
    entry.add("dtstamp", timezone.now())
    entry.add("dtstart", _utc(start))
    entry.add("dtend", _utc(end))
    entry.add("summary", summary)
    if location:
        entry.add("location", location)
    entry.add("url", url)
    entry.add("description", "\n\n".join(part for part in (description, url) if part))
    entry.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    entry.add("sequence", sequence)
    calendar.add_component(entry)
