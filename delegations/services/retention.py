"""Retention: applications are anonymised PORTAL_RETENTION_MONTHS after their trip's last day."""

from django.db import transaction
from django.utils import timezone

from delegations.models import Application, DelegationTrip
from network_portal import retention
from network_portal.audit import log_action

ANONYMISED = "delegations.trip.applications_anonymised"

# What an application's anonymisation blanks: the link to the applicant's account (their name
# and address), job, cooperation interests, travel needs, the organisers' message and who
# decided, the free-text organisation and the consent. Status, the directory organisation (its
# kind, region and size band), the value-chain stages and the time stamps stay for the counts.
ANONYMISED_FIELDS = ("user", "organisation_name", "job_title", "interests", "travel_needs",
                     "decision_message", "decided_by", "public_consent", "consent_at",
                     "consent_version", "anonymised_at")


def applications_due_for_anonymisation(now=None):
    """Applications of trips whose last day is more than PORTAL_RETENTION_MONTHS ago."""
    return Application.objects.filter(
        anonymised_at__isnull=True, trip__end_date__lt=retention.participation_cutoff_date(now))


@transaction.atomic
def anonymise_applications(*, by=None, now=None, batch_size: int = 500) -> int:
    """Blank the personal details of up to `batch_size` due applications; returns how many.

    Rows are claimed with FOR UPDATE SKIP LOCKED and marked (`anonymised_at`) in the same
    transaction: two runs at once never take the same row, a second run finds nothing left.
    The trip is not locked: its last day is long past, no seat moves any more. One audit entry
    per trip. Sends nothing.
    """
    now = now or timezone.now()
    batch = list(
        applications_due_for_anonymisation(now)
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("trip_id", "pk")[:batch_size])
    per_trip: dict[int, int] = {}
    for application in batch:
        application.user = None
        application.organisation_name = ""
        application.job_title = ""
        application.interests = ""
        application.travel_needs = ""
        application.decision_message = ""
        application.decided_by = None
        application.public_consent = False
        application.consent_at = None
        application.consent_version = ""
        application.anonymised_at = now
        per_trip[application.trip_id] = per_trip.get(application.trip_id, 0) + 1
    Application.objects.bulk_update(batch, ANONYMISED_FIELDS)
    for trip_id, trip in DelegationTrip.objects.in_bulk(list(per_trip)).items():
        log_action(trip, ANONYMISED, by=by, data={"applications": per_trip[trip_id]})
    return len(batch)
