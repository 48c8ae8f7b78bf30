"""Barrier reports: receive one (mail the operator and the sender), throttle senders, answer."""

import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from accessibility.models import BarrierReport
from network_portal import audit, mail, retention

logger = logging.getLogger(__name__)

# At most this many reports an hour from one address (IP) and for one e-mail address: enough for
# a person with several findings, too few for a bot to flood the operator's mailbox or to send
# receipts to strangers.
LIMIT_WINDOW_SECONDS = 3600
LIMIT_PER_CLIENT = 5
LIMIT_PER_EMAIL = 3


class ReportLimitReached(ValidationError):
    pass


def _counter(kind: str, value: str) -> str:
    # Only a keyed hash goes into the cache: the counters never hold an IP or e-mail address.
    digest = salted_hmac("accessibility.report-limit", f"{kind}:{value}").hexdigest()
    return f"accessibility:report-limit:{kind}:{digest}"


def _over_limit(key: str, limit: int) -> bool:
    cache.add(key, 0, timeout=LIMIT_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=LIMIT_WINDOW_SECONDS)
        count = 1
    return count > limit


def throttle(*, client: str, email: str = "") -> None:
    """Count one report from `client` (the IP) and `email`; raise ReportLimitReached past the limit.

    The counters live in the cache (Redis in production), so they hold across web processes.
    """
    limited = _over_limit(_counter("client", client), LIMIT_PER_CLIENT)
    if email:
        limited = _over_limit(_counter("email", email.strip().lower()), LIMIT_PER_EMAIL) or limited
    if limited:
        raise ReportLimitReached(
            _("You have sent several reports within a short time. Please try again in an hour, "
              "or write to us by e-mail."), code="limit")


@transaction.atomic
def submit_report(*, description: str, page: str = "", name: str = "", email: str = "",
                  language: str | None = None, user=None) -> BarrierReport:
    """Store a report; mail it to the operator and, if the sender gave an address, a receipt.

    The receipt repeats nothing the sender typed, so the form cannot be used to mail strangers
    a text of one's choosing.
    """
    report = BarrierReport.objects.create(
        description=description.strip(), page=page.strip(), name=name.strip(),
        email=email.strip(), language=(language or settings.LANGUAGE_CODE)[:2],
        user=user if user is not None and user.is_authenticated else None,
    )
    operator_email = settings.OPERATOR.get("email")
    if operator_email:
        mail.enqueue(
            "accessibility_report_operator", to=operator_email, language=settings.LANGUAGE_CODE,
            context={"report": report,
                     "reports_url": mail.absolute_url(reverse("accessibility:reports"))},
            key=f"{report.reference}:operator", reference=report.reference,
        )
    else:
        logger.warning("Barrier report %s is not mailed: PORTAL_OPERATOR_EMAIL is not set.",
                       report.pk)
    if report.email:
        mail.enqueue(
            "accessibility_report_receipt", to=report.email, language=report.language,
            context={"report": report,
                     "statement_url": mail.absolute_url(reverse("accessibility_statement"))},
            key=f"{report.reference}:receipt", reference=report.reference,
        )
    return report


def mark_answered(report: BarrierReport, *, by, note: str = "") -> bool:
    """Record that the report was answered. False if it already was (a second click changes nothing)."""
    updated = BarrierReport.objects.filter(pk=report.pk, answered_at=None).update(
        answered_at=timezone.now(), answered_by=by, answer_note=note.strip())
    return updated == 1


DELETED = "accessibility.reports.deleted"


def reports_due_for_deletion(now=None):
    """Answered reports whose answer is more than PORTAL_FEEDBACK_RETENTION_MONTHS old (open
    ones stay, however old: they still need an answer)."""
    return BarrierReport.objects.filter(answered_at__lt=retention.feedback_cutoff(now))


@transaction.atomic
def delete_answered_reports(*, by=None, now=None) -> int:
    """Delete the reports `reports_due_for_deletion`; returns how many (one audit entry for the
    batch). Idempotent: a second run finds them gone."""
    deleted, _per_model = reports_due_for_deletion(now).delete()
    if deleted:
        audit.log_action(ContentType.objects.get_for_model(BarrierReport), DELETED, by=by,
                         data={"deleted": deleted})
    return deleted
