"""Template helpers of the members app."""

import re

from django import template
from django.utils.html import conditional_escape, format_html

register = template.Library()

SOFT_HYPHEN = "\u00ad"
# The first parts of the long German compounds of the value-chain and kind vocabularies. The
# map's narrow cards (five a row on a 1280 px screen or projector) break these words here, with
# a hyphen, even where the browser has no hyphenation dictionary for `hyphens: auto` (Chromium
# on Linux has none); elsewhere the browser hyphenates the rest itself.
COMPOUND_HEADS = ("Batterie", "Produktions", "Leistungs", "Aktiv", "Zell", "Wieder",
                  "Forschungs", "Wirtschafts", "Automati", "Rohstoff", "Validier")
LONG_WORD = 12
_HEAD = re.compile(rf"\b({'|'.join(COMPOUND_HEADS)})(?=\w{{4}})")


@register.filter
def soft_hyphens(text) -> str:
    """`text` with soft hyphens after known compound heads in words longer than LONG_WORD."""
    return re.sub(r"\w+", lambda word: _HEAD.sub(rf"\1{SOFT_HYPHEN}", word.group())
                  if len(word.group()) > LONG_WORD else word.group(), str(text))


@register.simple_tag
def organisation_link(organisation, text=None):
    """The organisation's name (or `text`), linked to its profile only if the profile is public:
    `{% organisation_link stop.host %}`. The one place that rule is written for templates."""
    label = text if text is not None else organisation.name
    if organisation.is_public:
        return format_html('<a href="{}">{}</a>', organisation.get_absolute_url(), label)
    return conditional_escape(label)
