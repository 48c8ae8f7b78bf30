"""The whole trip as an iCalendar file: one VEVENT per itinerary stop."""

import zoneinfo
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import translation

from network_portal.calendar import add_entry, new_calendar
from network_portal.links import absolute_url

TZ = zoneinfo.ZoneInfo(settings.TIME_ZONE)


def trip_calendar(trip, stops, *, language: str | None = None, removed=()) -> bytes:
    """iCalendar bytes for `trip`; `stops` is its itinerary (a list, so the caller can prefetch).

    `removed`: stops just deleted from the programme (with their former pk), sent as cancelled
    so calendar programs drop the entries imported before."""
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        calendar = new_calendar(trip.title)
        url = absolute_url(trip.get_absolute_url())
        # A moved or cancelled trip must replace the entries already in someone's calendar.
        sequence = int(trip.updated_at.timestamp()) if trip.updated_at else 0
        entries = [(stop, trip.is_cancelled) for stop in stops]
        entries += [(stop, True) for stop in removed]
        for stop, cancelled in entries:
            if stop.start_time:
                start = datetime.combine(stop.date, stop.start_time, tzinfo=TZ)
                end = (datetime.combine(stop.date, stop.end_time, tzinfo=TZ) if stop.end_time
                       and stop.end_time > stop.start_time else start + timedelta(hours=1))
            else:
                start, end = stop.date, stop.date + timedelta(days=1)
            add_entry(
                calendar, uid=f"delegation-stop-{stop.pk}", start=start, end=end,
                summary=f"{stop.title} ({trip.title})", url=url,
                location=", ".join(part for part in (
                    stop.host.name if stop.host_id else "", stop.place) if part),
                description="\n\n".join(part for part in (stop.get_kind_display(),
                                                          stop.description) if part),
                cancelled=cancelled, sequence=sequence,
            )
        return calendar.to_ical()
