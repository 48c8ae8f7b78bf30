"""An application's life: apply, decide, withdraw, the next in line for a freed seat, reminders."""

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from delegations import permissions
from delegations.calendar import trip_calendar
from delegations.models import CONSENT_VERSION, Application, DelegationTrip
from delegations.services._shared import context, lock_trip, reference, require_manager
from delegations.services.errors import (
    AlreadyApplied,
    ApplicationsClosed,
    InvalidTransition,
    NoSeatLeft,
    NotAllowed,
)
from network_portal import links, mail
from network_portal.audit import log_action

REMINDER_DAYS_BEFORE = 7


@transaction.atomic
def apply(trip: DelegationTrip, user, *, organisation=None, organisation_name: str = "",
          job_title: str = "", stages_sought: Iterable = (), stages_offered: Iterable = (),
          interests: str = "", public_consent: bool = False, travel_needs: str = "",
          language: str | None = None, now=None) -> Application:
    """Record `user`'s application (status submitted); they are its actor. Raises ApplicationError."""
    trip = lock_trip(trip)
    if not trip.accepts_applications(now):
        raise ApplicationsClosed(_("Applications for this trip are closed."))
    if Application.objects.filter(trip=trip, user=user).exists():
        raise AlreadyApplied(_("You have already applied for this trip."))
    try:
        with transaction.atomic():
            application = Application.objects.create(
                trip=trip, user=user, organisation=organisation,
                organisation_name="" if organisation else organisation_name.strip(),
                job_title=job_title, interests=interests, public_consent=public_consent,
                consent_at=(now or timezone.now()) if public_consent else None,
                consent_version=CONSENT_VERSION if public_consent else "",
                travel_needs=travel_needs,
                language=language or getattr(user, "language", "") or settings.LANGUAGE_CODE,
            )
    except IntegrityError as error:  # a second request of the same person won the race
        raise AlreadyApplied(_("You have already applied for this trip.")) from error
    application.stages_sought.set(stages_sought)
    application.stages_offered.set(stages_offered)
    mail.enqueue("delegations_received", to=user.email, language=application.language,
                 context=context(application), key=f"delegations.application:{application.pk}:received",
                 reference=reference(trip))
    log_action(application, "delegations.application.submitted", by=user,
               data={"trip": trip.pk, "organisation": application.organisation_id})
    return application


DECISIONS = {
    Application.Status.ACCEPTED: "delegations_accepted",
    Application.Status.WAITLISTED: "delegations_waitlisted",
    Application.Status.DECLINED: "delegations_declined",
}


@transaction.atomic
def decide_application(application: Application, *, decision: str, message: str = "",
                       by) -> Application:
    """Accept, waitlist or decline; tell the applicant in their language. Only the trip's
    managers decide (`by`, kept as `decided_by`). Raises ApplicationError (NotAllowed)."""
    if decision not in DECISIONS:
        raise InvalidTransition(_("Unknown decision."))
    # Without this lock two organisers could both give away the last seat.
    trip = lock_trip(application.trip)
    require_manager(by, trip)
    application = Application.objects.select_related("user").get(pk=application.pk)
    if application.status == Application.Status.WITHDRAWN:
        raise InvalidTransition(_("This application was withdrawn."))
    if trip.is_cancelled:
        raise InvalidTransition(_("This trip was cancelled."), code="cancelled")
    if trip.is_over:
        raise InvalidTransition(_("The trip is over; its applications can no longer be decided."),
                                code="over")
    if application.status == decision and message == application.decision_message:
        return application
    if decision == Application.Status.ACCEPTED and application.status != decision:
        taken = trip.applications.filter(status=Application.Status.ACCEPTED).count()
        if taken >= trip.seats:
            raise NoSeatLeft(_("All seats are taken: withdraw or decline someone first, or add seats."))
    now = timezone.now()
    previous = application.status
    freed = (previous == Application.Status.ACCEPTED and decision != Application.Status.ACCEPTED)
    application.status = decision
    application.decision_message = message
    application.decided_by = by
    application.decided_at = now
    application.next_in_line_since = None
    application.save(update_fields=["status", "decision_message", "decided_by", "decided_at",
                                    "next_in_line_since", "updated_at"])
    application.trip = trip
    attachments = []
    stops = list(trip.stops.select_related("host")) if decision == Application.Status.ACCEPTED else []
    if stops:  # a calendar without events is no valid iCalendar file
        attachments = [mail.attachment(f"{trip.slug}.ics",
                                       trip_calendar(trip, stops, language=application.language),
                                       "text/calendar")]
    mail.enqueue(DECISIONS[decision], to=application.user.email, language=application.language,
                 context=context(application, stops=stops),
                 key=f"delegations.application:{application.pk}:{decision}:{now.isoformat()}",
                 reference=reference(trip), attachments=attachments)
    proposed = prompt_next_in_line(trip, now) if freed else None
    log_action(application, f"delegations.application.{decision}", by=by, data={
        "trip": trip.pk, "previous": previous, "with_message": bool(message),
        "proposed": proposed.pk if proposed else None})
    return application


@transaction.atomic
def withdraw(application: Application, *, by, notify: bool = True) -> Application:
    """The applicant (`by`) withdraws; a freed seat prompts the organisers to accept the next in
    line. Raises ApplicationError (NotAllowed for anyone but the applicant).

    `notify=False` skips the confirmation to the applicant (their account is being deleted).
    """
    if by is not None and by.pk != application.user_id:
        raise NotAllowed(_("Only the applicant may withdraw an application."), code="not_applicant")
    trip = lock_trip(application.trip)
    application = Application.objects.select_related("user").get(pk=application.pk)
    application.trip = trip
    if not application.is_active:
        raise InvalidTransition(_("This application can no longer be withdrawn."), code="inactive")
    if trip.is_cancelled:
        raise InvalidTransition(_("This trip was cancelled."), code="cancelled")
    if trip.has_started:
        raise InvalidTransition(_("The trip has begun; the application can no longer be withdrawn."),
                                code="started")
    previous = application.status
    freed = previous == Application.Status.ACCEPTED
    now = timezone.now()
    application.status = Application.Status.WITHDRAWN
    application.withdrawn_at = now
    application.next_in_line_since = None
    application.save(update_fields=["status", "withdrawn_at", "next_in_line_since", "updated_at"])
    if notify:
        mail.enqueue("delegations_withdrawn", to=application.user.email,
                     language=application.language, context=context(application),
                     key=f"delegations.application:{application.pk}:withdrawn",
                     reference=reference(trip))
    proposed = prompt_next_in_line(trip, now) if freed else None
    log_action(application, "delegations.application.withdrawn", by=by, data={
        "trip": trip.pk, "previous": previous, "proposed": proposed.pk if proposed else None})
    return application


def prompt_next_in_line(trip, now) -> Application | None:
    """A seat became free: mark the first waitlisted applicant not yet proposed (by application
    time) as "to be accepted next" and tell the organisers. Not accepted automatically: the
    organiser chooses who travels. Called with the trip row locked, inside the write that freed
    the seat (whose audit entry names the one proposed).
    """
    waiting = trip.applications.filter(status=Application.Status.WAITLISTED)
    free = trip.seats_left(accepted_count(trip))
    if waiting.filter(next_in_line_since__isnull=False).count() >= free:
        return None  # everyone a free seat could go to has been proposed already
    candidate = (waiting.filter(next_in_line_since__isnull=True).select_related("user", "organisation")
                 .order_by("created_at", "pk").first())
    if candidate is None:
        return None
    candidate.next_in_line_since = now
    candidate.save(update_fields=["next_in_line_since"])
    candidate.trip = trip
    # The people permissions.can_manage_trip lets decide: managers (in the role) of an organiser.
    managers = get_user_model().objects.filter(
        managed_clusters__organised_trips=trip, groups__name=permissions.CLUSTER_MANAGERS,
        is_active=True).distinct()
    applications_url = links.url("delegations:applications", trip.slug)
    for manager in managers:
        mail.enqueue("delegations_organiser_prompt", to=manager.email, language=manager.language,
                     context=context(candidate, organiser=manager, applications_url=applications_url),
                     key=f"delegations.application:{candidate.pk}:prompt:{now.isoformat()}:{manager.pk}",
                     reference=reference(trip))
    return candidate


def due_reminders(now=None):
    """Accepted applications of trips starting within REMINDER_DAYS_BEFORE days, not yet reminded."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    return Application.objects.filter(
        status=Application.Status.ACCEPTED, reminded_at__isnull=True,
        trip__status__in=DelegationTrip.RUNNING,
        trip__start_date__gte=today,
        trip__start_date__lte=today + timedelta(days=REMINDER_DAYS_BEFORE),
    )


def send_due_reminders(now=None) -> int:
    """Beat: remind accepted participants before departure. Each row is claimed once; the
    portal is the actor of each reminder's audit entry."""
    now = now or timezone.now()
    sent = 0
    for pk in list(due_reminders(now).values_list("pk", flat=True)[:1000]):
        with transaction.atomic():
            # The conditional update claims the row: a second beat run (or worker) hits 0 rows.
            claimed = Application.objects.filter(pk=pk, reminded_at__isnull=True).update(reminded_at=now)
            if not claimed:
                continue
            application = Application.objects.select_related("user", "trip").get(pk=pk)
            trip = application.trip
            stops = list(trip.stops.select_related("host"))
            mail.enqueue("delegations_reminder", to=application.user.email,
                         language=application.language, context=context(application, stops=stops),
                         key=f"delegations.application:{pk}:reminder:{trip.start_date}",
                         reference=reference(trip))
            log_action(application, "delegations.application.reminded", by=None,
                       data={"trip": trip.pk, "start_date": trip.start_date})
            sent += 1
    return sent


def accepted_count(trip) -> int:
    return trip.applications.filter(status=Application.Status.ACCEPTED).count()


@transaction.atomic
def withdraw_consent(application: Application, *, by, now=None) -> bool:
    """Take the applicant off the trip's participant overview at once (Art. 7(3) GDPR); the
    application itself stays. False if they were not on it. Only the applicant withdraws it
    (raises NotAllowed). The audit entry keeps the consent's time and wording version."""
    # Under the trip's lock, like every change of an application: a double click must not
    # record the withdrawal twice.
    lock_trip(application.trip)
    application = Application.objects.get(pk=application.pk)
    if by is None or application.user_id != by.pk:
        raise NotAllowed(_("Only the applicant can withdraw this consent."), code="not_applicant")
    if not application.public_consent:
        return False
    given_at, version = application.consent_at, application.consent_version
    application.public_consent = False
    application.consent_at = None
    application.consent_version = ""
    application.save(update_fields=["public_consent", "consent_at", "consent_version", "updated_at"])
    log_action(application, "delegations.application.consent_withdrawn", by=by, data={
        "trip": application.trip_id, "consent_given_at": given_at, "consent_version": version,
        "withdrawn_at": now or timezone.now()})
    return True
