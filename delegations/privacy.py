"""The delegations app's part of a person's data export and account erasure (portal.privacy)."""

from delegations import services
from delegations.models import Application
from network_portal.privacy import consent_record


def export(user) -> dict:
    """The person's applications for delegation trips, with everything they entered."""
    applications = (Application.objects.filter(user=user)
                    .select_related("trip", "organisation")
                    .prefetch_related("stages_sought", "stages_offered").order_by("created_at"))
    return {"applications": [{
        "trip": application.trip.title_de,
        "trip_dates": [application.trip.start_date.isoformat(), application.trip.end_date.isoformat()],
        "organisation": application.organisation_display,
        "job_title": application.job_title,
        "stages_sought": [stage.name_en for stage in application.stages_sought.all()],
        "stages_offered": [stage.name_en for stage in application.stages_offered.all()],
        "interests": application.interests,
        "travel_needs": application.travel_needs,
        "public_consent": application.public_consent,
        "consent_to_participant_overview": consent_record(application),
        "status": application.status,
        "decision_message": application.decision_message,
        "language": application.language,
        "applied_at": application.created_at.isoformat(),
        "withdrawn_at": application.withdrawn_at.isoformat() if application.withdrawn_at else None,
    } for application in applications]}


def erase(user) -> None:
    """Withdraw applications for trips yet to come (a freed seat prompts the organisers), then
    delete them all."""
    # In the order of the trips' keys: the trip locks of two erasures never wait on each other.
    for application in (Application.objects.filter(user=user, status__in=Application.ACTIVE)
                        .select_related("trip").order_by("trip_id")):
        if application.is_withdrawable:
            services.withdraw(application, by=user, notify=False)
    Application.objects.filter(user=user).delete()
