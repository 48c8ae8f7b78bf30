"""Template filters every app's templates share."""

from datetime import date, datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def datetime_attr(value) -> str:
    """A time as the `datetime` attribute of `<time>` wants it: ISO 8601 to the second.

    Django's `date:'c'` keeps microseconds ("10:00:00.123456+02:00"), and HTML allows at most
    three digits of a second, so validators (and some parsers) refuse it.
    """
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return ""
