"""The one way to build links that leave the portal (e-mails, calendar files, exports).

They are read outside a request, so they start with the configured public address
`PORTAL_BASE_URL`, never with the host of whatever request happened to cause them.
"""

from django.conf import settings
from django.urls import reverse


def absolute_url(path: str) -> str:
    """`/events/x/` -> `https://portal.example.org/events/x/`."""
    return settings.PORTAL_BASE_URL + path


def url(viewname: str, *args, **kwargs) -> str:
    """The absolute link to a named URL: `links.url("events:detail", slug=event.slug)`."""
    return absolute_url(reverse(viewname, args=args or None, kwargs=kwargs or None))


def webcal(absolute: str) -> str:
    """`https://portal.example.org/events/feed.ics` -> `webcal://portal.example.org/…`: the
    address a click hands to the calendar program, which subscribes (and keeps it updated)."""
    scheme, sep, rest = absolute.partition("://")
    return f"webcal://{rest}" if sep and scheme in ("http", "https") else absolute
