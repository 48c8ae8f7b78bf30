"""The personal check-in code and its QR code (shown on the secret-link page, told by e-mail).

The QR code holds the absolute link of the registration's check-in page; it is drawn on the
server as inline SVG (segno), so the page needs no script and no image request.
"""

import segno
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from events.models import Registration
from network_portal import links


def check_in_url(registration: Registration) -> str:
    return links.absolute_url(registration.get_check_in_url())


def qr_svg(registration: Registration) -> str:
    """The check-in link as an inline <svg> (role img, with a text alternative)."""
    svg = segno.make(check_in_url(registration), error="m").svg_inline(
        scale=4, border=2, omitsize=False, dark="#000", light="#fff")
    label = _("QR code for checking in, code %(code)s") % {"code": registration.check_in_code}
    return format_html('<span role="img" aria-label="{}" class="d-inline-block">{}</span>', label,
                       mark_safe(svg))  # noqa: S308 - segno's own markup, the URL escaped by it
