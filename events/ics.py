"""The event as an iCalendar file (RFC 5545), for "add to calendar" and the confirmation e-mail."""

from datetime import UTC

from events.models import Event
from network_portal import links
from network_portal.calendar import add_entry, new_calendar


def event_ics(event: Event) -> bytes:
    """The event as a one-event calendar in UTC; cancelled events carry STATUS:CANCELLED."""
    calendar = new_calendar()
    location = ", ".join(part for part in (event.venue_name, event.venue_address) if part)
    add_entry(
        calendar, uid=f"event-{event.pk}", start=event.starts_at.astimezone(UTC),
        end=event.ends_at.astimezone(UTC), summary=event.title,
        location=location or event.online_url, url=links.absolute_url(event.get_absolute_url()),
        description=event.description, cancelled=event.is_cancelled,
        # A moved event must replace the old entry in the person's calendar.
        sequence=int(event.updated_at.timestamp()) if event.updated_at else 0,
    )
    return calendar.to_ical()


def ics_filename(event: Event) -> str:
    return f"{event.slug}.ics"
