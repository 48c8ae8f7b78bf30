"""The one way to build links that leave the portal (e-mails, calendar files, exports).

They are read outside a request, so they start with the configured public address
`PORTAL_BASE_URL`, never with the host of whatever request happened to cause them.
"""

import re

from django.conf import settings
from django.urls import reverse

# The query parameter that opens a page reached from an e-mail in the recipient's language
# (network_portal.middleware.mail_language); the header's switch still wins.
LANGUAGE_PARAMETER = "lang"


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


def _portal_links():
    return re.compile(re.escape(settings.PORTAL_BASE_URL) + r"(?![\w.-])[^\s\"'<>]*")


def with_language(text: str, language: str, *, html: bool = False) -> str:
    """Every link into the portal in `text` (an e-mail's body) with `lang=<language>`, so the
    page it opens speaks the recipient's language. A sentence's closing punctuation stays
    outside the link; a fragment stays last; a link that names a language keeps it."""
    if not text or language not in dict(settings.LANGUAGES):
        return text
    separator_in_query = "&amp;" if html else "&"

    def tag(match):
        link = match.group(0)
        stripped = link.rstrip(".,;:!?)")
        tail = link[len(stripped):]
        address, hash_, fragment = stripped.partition("#")
        query = address.partition("?")[2].replace("&amp;", "&")
        if any(part.split("=")[0] == LANGUAGE_PARAMETER for part in query.split("&") if part):
            return link
        joiner = separator_in_query if "?" in address else "?"
        return f"{address}{joiner}{LANGUAGE_PARAMETER}={language}{hash_}{fragment}{tail}"

    return _portal_links().sub(tag, text)
