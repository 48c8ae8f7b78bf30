from datetime import date

from django import template
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def cell(value):
    """A table cell as the page shows it: dates in the reader's format, rates with one decimal,
    a dash for a figure that does not exist (no check-in, no directory entry)."""
    if value is None:
        return "–"
    if isinstance(value, date):
        return date_filter(value, "SHORT_DATE_FORMAT")
    if isinstance(value, float):
        return floatformat(value, 1)
    return value


@register.filter
def iso_date(value) -> str:
    """The value of an <input type="date">: an ISO date, or empty (what it must hold)."""
    from datetime import datetime

    from reports.forms import DATE_FORMATS

    if isinstance(value, date):
        return value.isoformat()
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(str(value or ""), pattern).date().isoformat()
        except ValueError:
            continue
    return ""
