from django.db.models import Count, Q
from django.utils import timezone

from accessibility.models import ANSWER_WITHIN, BarrierReport
from accessibility.permissions import can_handle_barrier_reports


def open_reports():
    """Reports not yet answered, oldest (most urgent) first."""
    return BarrierReport.objects.filter(answered_at=None).order_by("created_at", "pk")


def answered_reports(limit: int = 50):
    """The most recently answered reports, with who answered them."""
    return (BarrierReport.objects.filter(answered_at__isnull=False)
            .select_related("answered_by").order_by("-answered_at")[:limit])


def my_portal_sections(user) -> list[dict]:
    """The "My portal" section for the staff who answer barrier reports: how many are open."""
    if not can_handle_barrier_reports(user):
        return []
    counts = BarrierReport.objects.filter(answered_at=None).aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(created_at__lt=timezone.now() - ANSWER_WITHIN)))
    return [{"template": "accessibility/_my_reports.html", "data": counts}]
