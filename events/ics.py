"""The event as an iCalendar file (RFC 5545), for "add to calendar" and the confirmation e-mail."""

from datetime import UTC

from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from events.models import Event
from network_portal.mail import absolute_url


def event_ics(event: Event) -> bytes:
    """The event as a one-event calendar in UTC; cancelled events carry STATUS:CANCELLED."""
    calendar = Calendar()
    calendar.add("prodid", "-//Batterienetzwerk//Portal//DE")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    entry = CalendarEvent()
    entry.add("uid", f"event-{event.pk}@batterienetzwerk-portal")
    entry.add("dtstamp", timezone.now().astimezone(UTC))
    entry.add("dtstart", event.starts_at.astimezone(UTC))
    entry.add("dtend", event.ends_at.astimezone(UTC))
    entry.add("summary", event.title)
    location = ", ".join(part for part in (event.venue_name, event.venue_address) if part)
    if not location and event.online_url:
        location = event.online_url
    if location:
        entry.add("location", location)
    url = absolute_url(event.get_absolute_url())
    entry.add("url", url)
    entry.add("description", "\n\n".join(part for part in (event.description, url) if part))
    entry.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    # A moved event must replace the old entry in the person's calendar.
    entry.add("sequence", int(event.updated_at.timestamp()) if event.updated_at else 0)
    calendar.add_component(entry)
    return calendar.to_ical()


def ics_filename(event: Event) -> str:
    return f"{event.slug}.ics"
