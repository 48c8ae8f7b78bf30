"""Retention: applications are anonymised PORTAL_RETENTION_MONTHS after their trip's last day."""

from collections import Counter

from django.db import transaction
from django.utils import timezone

from delegations.models import Application, DelegationTrip
from network_portal import retention
from network_portal.audit import log_action

ANONYMISED = "delegations.trip.applications_anonymised"

# An application's anonymisation blanks the link to the applicant's account (their name
# and address), job, cooperation interests, travel needs, the organisers' message and who
# decided, the free-text organisation and the consent. Status, the directory organisation (its
# kind, region and size band), the value-chain stages and the time stamps stay for the counts.


def applications_due_for_anonymisation(now=None):
    """Applications of trips whose last day is more than PORTAL_RETENTION_MONTHS ago."""
    return Application.objects.filter(
        anonymised_at__isnull=True, trip__end_date__lt=retention.participation_cutoff_date(now))


@transaction.atomic
def anonymise_applications(*, by=None, now=None, batch_size: int = 1000) -> int:
    """Blank the personal details of up to `batch_size` due applications; returns how many.

    Rows are claimed with FOR UPDATE SKIP LOCKED and marked (`anonymised_at`) in the same
    transaction: two runs at once never take the same row, a second run finds nothing left.
    The trip is not locked: its last day is long past, no seat moves any more. One UPDATE for
    the batch, one audit entry per trip. Sends nothing.
    """
    now = now or timezone.now()
    claimed = list(
        applications_due_for_anonymisation(now)
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("trip_id", "pk").values_list("pk", "trip_id")[:batch_size])
    if not claimed:
        return 0
    Application.objects.filter(pk__in=[pk for pk, _trip in claimed]).update(
        user=None, organisation_name="", job_title="", interests="", travel_needs="",
        decision_message="", decided_by=None, public_consent=False, consent_at=None,
        consent_version="", anonymised_at=now)
    per_trip = Counter(trip_id for _pk, trip_id in claimed)
    for trip_id, trip in DelegationTrip.objects.in_bulk(list(per_trip)).items():
        log_action(trip, ANONYMISED, by=by, data={"applications": per_trip[trip_id]})
    return len(claimed)
