"""The accessibility app's part of a person's data export and account erasure (portal.privacy)."""

from django.db.models import Q

from accessibility.models import BarrierReport
from network_portal.privacy import own_address


def _own(user):
    return BarrierReport.objects.filter(Q(user=user) | own_address(user))


def export(user) -> dict:
    """The barrier reports the person sent, logged in or under one of their verified addresses."""
    return {"barrier_reports": [{
        "received_at": report.created_at.isoformat(),
        "page": report.page,
        "description": report.description,
        "name": report.name,
        "email": report.email,
        "answered_at": report.answered_at.isoformat() if report.answered_at else None,
    } for report in _own(user).order_by("created_at")]}


def erase(user) -> None:
    """Delete the person's reports: they may describe a disability, and they are the person's."""
    _own(user).delete()
