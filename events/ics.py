"""Events as iCalendar files (RFC 5545): one event for "add to calendar" and the confirmation
e-mail, and the subscribable feeds (all upcoming events, per organiser or kind, one's own)."""

from datetime import UTC

from events.models import Event
from network_portal import links
from network_portal.calendar import add_entry, new_calendar


def add_event(calendar, event: Event, *, online_link: bool = False) -> None:
    """The event as one entry; the same UID in every file, so calendars replace, not repeat.

    The online link is for those registered (their confirmation, their personal feed), as on
    the event page: public files and feeds say only "Online"."""
    location = ", ".join(part for part in (event.venue_name, event.venue_address) if part)
    if not location and event.online_url:
        # A hybrid event's link is for its online participants only: their mails carry it.
        location = event.online_url if online_link and not event.is_hybrid else "Online"
    add_entry(
        calendar, uid=f"event-{event.pk}", start=event.starts_at.astimezone(UTC),
        end=event.ends_at.astimezone(UTC), summary=event.title,
        location=location, url=links.absolute_url(event.get_absolute_url()),
        description=event.description, cancelled=event.is_cancelled,
        # A moved event must replace the old entry in the person's calendar.
        sequence=int(event.updated_at.timestamp()) if event.updated_at else 0,
    )


def event_ics(event: Event, *, online_link: bool = False) -> bytes:
    """The event as a one-event calendar in UTC; cancelled events carry STATUS:CANCELLED."""
    calendar = new_calendar()
    add_event(calendar, event, online_link=online_link)
    return calendar.to_ical()


def feed_ics(events, name: str, *, online_link: bool = False) -> bytes:
    """A subscribable calendar of the events, named `name` in calendar programs."""
    calendar = new_calendar(name)
    for event in events:
        add_event(calendar, event, online_link=online_link)
    return calendar.to_ical()


def ics_filename(event: Event) -> str:
    return f"{event.slug}.ics"


def subscription(path: str) -> dict:
    """The links to subscribe to the feed at `path`: `webcal` (one click hands it to the calendar
    program) and `url` (the https address to paste into a web calendar)."""
    url = links.absolute_url(path)
    return {"url": url, "webcal": links.webcal(url)}
