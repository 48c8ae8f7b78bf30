"""How long personal data is kept: the cut-off moments the retention settings give.

The settings are the operator's rule, stated in the privacy notice (`PORTAL_RETENTION_MONTHS`,
`PORTAL_OUTBOX_RETENTION_DAYS`, `PORTAL_FEEDBACK_RETENTION_MONTHS`,
`PORTAL_UNVERIFIED_ACCOUNT_DAYS`); each app applies them to its own rows in its services, and
`portal.retention` runs them all (daily, from beat, and `manage.py apply_retention`).
"""

import calendar
from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone

# What an anonymised row's address becomes: unique per row (the unique constraints on addresses
# hold) and in the `.invalid` top-level domain (RFC 2606), which no mail server ever delivers to.
ANONYMISED_EMAIL = "anonymised-{pk}@anonymised.invalid"


def months_before(moment, months: int):
    """`moment` (a date or datetime) `months` calendar months earlier, the day clamped to the
    month's length (31 March minus one month is 28 or 29 February)."""
    month_index = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(month_index, 12)
    month += 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def participation_cutoff(now=None) -> datetime:
    """Events that ended before this moment have their registrations anonymised."""
    return months_before(now or timezone.now(), settings.PORTAL_RETENTION_MONTHS)


def participation_cutoff_date(now=None) -> date:
    """Trips whose last day is before this date have their applications anonymised."""
    return months_before(timezone.localdate(now or timezone.now()),
                         settings.PORTAL_RETENTION_MONTHS)


def outbox_cutoff(now=None) -> datetime:
    return (now or timezone.now()) - timedelta(days=settings.PORTAL_OUTBOX_RETENTION_DAYS)


def feedback_cutoff(now=None) -> datetime:
    return months_before(now or timezone.now(), settings.PORTAL_FEEDBACK_RETENTION_MONTHS)


def unverified_account_cutoff(now=None) -> datetime:
    return (now or timezone.now()) - timedelta(days=settings.PORTAL_UNVERIFIED_ACCOUNT_DAYS)
