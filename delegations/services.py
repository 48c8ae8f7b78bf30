"""Everything that changes trips and applications. Views, admin, commands and tasks call these.

Locking rule: whenever a seat may be taken or freed (apply, accept, withdraw, an edit of the
seats, cancelling), lock the trip row with `network_portal.locking.lock` first, then count. Two
organisers accepting the last seat at once would otherwise both see it free. The trip is the one
row locked; applications change only under their trip's lock.
"""

from collections.abc import Iterable
from copy import copy
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from delegations import permissions
from delegations.calendar import trip_calendar
from delegations.models import Application, DelegationTrip
from network_portal import links, mail
from network_portal.locking import lock

REMINDER_DAYS_BEFORE = 7


class ApplicationError(ValidationError):
    """A domain error with a translated message the views show."""


class ApplicationsClosed(ApplicationError):
    pass


class AlreadyApplied(ApplicationError):
    pass


class NoSeatLeft(ApplicationError):
    pass


class InvalidTransition(ApplicationError):
    pass


class TooFewSeats(ApplicationError):
    pass


def _reference(trip) -> str:
    return f"delegations.trip:{trip.pk}"


def _context(application, **extra) -> dict:
    # E-mails are rendered outside a request (beat, worker): links carry the configured address.
    trip = application.trip
    return {"application": application, "trip": trip,
            "trip_url": links.absolute_url(trip.get_absolute_url()),
            "my_portal_url": links.url("my_portal"), **extra}


def _lock_trip(trip) -> DelegationTrip:
    return lock(DelegationTrip, pk=trip.pk)


@transaction.atomic
def apply(trip: DelegationTrip, user, *, organisation=None, organisation_name: str = "",
          job_title: str = "", stages_sought: Iterable = (), stages_offered: Iterable = (),
          interests: str = "", public_consent: bool = False, travel_needs: str = "",
          language: str | None = None, now=None) -> Application:
    """Record an application (status submitted). Raises ApplicationError."""
    trip = _lock_trip(trip)
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
                travel_needs=travel_needs,
                language=language or getattr(user, "language", "") or settings.LANGUAGE_CODE,
            )
    except IntegrityError as error:  # a second request of the same person won the race
        raise AlreadyApplied(_("You have already applied for this trip.")) from error
    application.stages_sought.set(stages_sought)
    application.stages_offered.set(stages_offered)
    mail.enqueue("delegations_received", to=user.email, language=application.language,
                 context=_context(application), key=f"delegations.application:{application.pk}:received",
                 reference=_reference(trip))
    return application


DECISIONS = {
    Application.Status.ACCEPTED: "delegations_accepted",
    Application.Status.WAITLISTED: "delegations_waitlisted",
    Application.Status.DECLINED: "delegations_declined",
}


@transaction.atomic
def decide_application(application: Application, *, decision: str, message: str = "",
                       by=None) -> Application:
    """Accept, waitlist or decline; tell the applicant in their language. Raises ApplicationError."""
    if decision not in DECISIONS:
        raise InvalidTransition(_("Unknown decision."))
    # Without this lock two organisers could both give away the last seat.
    trip = _lock_trip(application.trip)
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
    freed = (application.status == Application.Status.ACCEPTED
             and decision != Application.Status.ACCEPTED)
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
                 context=_context(application, stops=stops),
                 key=f"delegations.application:{application.pk}:{decision}:{now.isoformat()}",
                 reference=_reference(trip), attachments=attachments)
    if freed:
        _prompt_next_in_line(trip, now)
    return application


@transaction.atomic
def withdraw(application: Application, *, notify: bool = True) -> Application:
    """The applicant withdraws; a freed seat prompts the organisers to accept the next in line.

    `notify=False` skips the confirmation to the applicant (their account is being deleted).
    """
    trip = _lock_trip(application.trip)
    application = Application.objects.select_related("user").get(pk=application.pk)
    application.trip = trip
    if not application.is_active:
        raise InvalidTransition(_("This application can no longer be withdrawn."), code="inactive")
    if trip.is_cancelled:
        raise InvalidTransition(_("This trip was cancelled."), code="cancelled")
    if trip.has_started:
        raise InvalidTransition(_("The trip has begun; the application can no longer be withdrawn."),
                                code="started")
    freed = application.status == Application.Status.ACCEPTED
    now = timezone.now()
    application.status = Application.Status.WITHDRAWN
    application.withdrawn_at = now
    application.next_in_line_since = None
    application.save(update_fields=["status", "withdrawn_at", "next_in_line_since", "updated_at"])
    if notify:
        mail.enqueue("delegations_withdrawn", to=application.user.email,
                     language=application.language, context=_context(application),
                     key=f"delegations.application:{application.pk}:withdrawn",
                     reference=_reference(trip))
    if freed:
        _prompt_next_in_line(trip, now)
    return application


# Trips whose edits tell participants and organisers: running ones (not drafts, not over).
PROGRAMME_MAILED = (DelegationTrip.Status.OPEN, DelegationTrip.Status.CLOSED)


@transaction.atomic
def save_trip(form, stops_formset) -> DelegationTrip:
    """Save the validated trip form and its programme formset. Raises TooFewSeats when the trip
    would have fewer seats than accepted participants.

    Of an open or closed trip that is not over:
    - raised seats propose waitlisted applicants, one per new seat, to the organisers (as a
      withdrawal does); nobody is accepted automatically;
    - new dates, meeting point, transport or itinerary stops are mailed to every accepted
      participant with the new .ics, once per change (key counts `programme_version`).
    The returned trip carries `participants_told` and `applicants_proposed` for the view."""
    trip = form.instance
    saved = None
    moved = False
    raised = 0
    changed = []
    if trip.pk:
        # Locked as accepting locks it: an accept in flight could take a seat removed here.
        saved = _lock_trip(trip)
        moved = saved.start_date != trip.start_date
        changed = [name for name in DelegationTrip.PROGRAMME_FIELDS
                   if getattr(saved, name) != getattr(trip, name)]
        # Counted from the locked row: a second submit of the same change finds nothing changed.
        trip.programme_version = saved.programme_version
        raised = max(trip.seats - saved.seats, 0)
        taken = accepted_count(saved)
        if trip.seats < taken:
            raise TooFewSeats(ngettext_lazy(
                "%(taken)s applicant is accepted already: the trip needs at least as many seats. "
                "Decline someone first.",
                "%(taken)s applicants are accepted already: the trip needs at least as many seats. "
                "Decline someone first.", "taken"), params={"taken": taken})
    # Deleting clears the primary key; the calendar needs it to cancel the entry.
    removed = [copy(f.instance) for f in stops_formset.deleted_forms if f.instance.pk]
    told = 0
    trip = form.save()
    stops_formset.instance = trip
    stops_formset.save()
    if saved and (changed or stops_formset.new_objects or stops_formset.changed_objects
                  or stops_formset.deleted_objects):
        trip.programme_version += 1
        trip.save(update_fields=["programme_version"])
        if (saved.status in PROGRAMME_MAILED and trip.status in PROGRAMME_MAILED
                and not trip.is_over):
            told = _notify_programme_changed(trip, changed, stops_changed=bool(
                stops_formset.new_objects or stops_formset.changed_objects
                or stops_formset.deleted_objects), removed=removed)
    if moved:
        # A reminder for the old date says nothing about the new one: it is due again.
        trip.applications.filter(reminded_at__isnull=False).update(reminded_at=None)
    trip.participants_told = told
    trip.applicants_proposed = 0
    if raised and trip.status in PROGRAMME_MAILED and not trip.is_over:
        # Each new seat is a freed seat: propose the next waitlisted applicant, as after a
        # withdrawal (the trip is still locked). A second submit of the same number raises nothing.
        now = timezone.now()
        for _seat in range(raised):
            if _prompt_next_in_line(trip, now) is None:
                break
            trip.applicants_proposed += 1
    return trip


def _notify_programme_changed(trip, changed, *, stops_changed: bool, removed=()) -> int:
    """Send every accepted participant the new programme and .ics, once per change (the trip
    is locked; the key counts the trip's programme_version). Returns how many were told."""
    accepted = list(trip.applications.filter(status=Application.Status.ACCEPTED)
                    .select_related("user"))
    if not accepted:
        return 0
    stops = list(trip.stops.select_related("host"))
    flags = {
        "dates_changed": "start_date" in changed or "end_date" in changed,
        "travel_changed": bool(set(changed) - {"start_date", "end_date"}),
        "stops_changed": stops_changed,
    }
    for application in accepted:
        application.trip = trip
        attachments = []
        if stops or removed:  # a calendar without events is no valid iCalendar file
            attachments = [mail.attachment(
                f"{trip.slug}.ics",
                trip_calendar(trip, stops, language=application.language, removed=removed),
                "text/calendar")]
        mail.enqueue("delegations_programme_changed", to=application.user.email,
                     language=application.language,
                     context=_context(application, stops=stops, **flags),
                     key=(f"delegations.application:{application.pk}:programme_changed:"
                          f"{trip.programme_version}"),
                     reference=_reference(trip), attachments=attachments)
    return len(accepted)


@transaction.atomic
def cancel_trip(trip: DelegationTrip, *, message: str = "", now=None) -> int:
    """Cancel the trip and tell every applicant still in the running (submitted, accepted,
    waitlisted) in their language. Returns how many were told. Raises InvalidTransition.

    The applications keep their status: the trip's status says it is off, and the organisers'
    list still shows who had been selected.
    """
    now = now or timezone.now()
    # The lock makes a double submit (or two organisers) cancel once and mail once.
    trip = _lock_trip(trip)
    if trip.is_cancelled:
        raise InvalidTransition(_("This trip was already cancelled."), code="cancelled")
    if not trip.is_cancellable:
        raise InvalidTransition(_("A completed trip cannot be cancelled."), code="completed")
    trip.status = DelegationTrip.Status.CANCELLED
    trip.save(update_fields=["status", "updated_at"])
    affected = list(trip.applications.filter(status__in=Application.ACTIVE).select_related("user"))
    for application in affected:
        application.trip = trip
        mail.enqueue("delegations_trip_cancelled", to=application.user.email,
                     language=application.language,
                     context=_context(application, cancellation_message=message,
                                      trips_url=links.url("delegations:list")),
                     key=f"delegations.application:{application.pk}:trip_cancelled:{now.isoformat()}",
                     reference=_reference(trip))
    return len(affected)


def _prompt_next_in_line(trip, now) -> Application | None:
    """A seat became free: mark the first waitlisted applicant not yet proposed (by application
    time) as "to be accepted next" and tell the organisers. Not accepted automatically: the
    organiser chooses who travels. Called with the trip row locked.
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
                     context=_context(candidate, organiser=manager, applications_url=applications_url),
                     key=f"delegations.application:{candidate.pk}:prompt:{now.isoformat()}:{manager.pk}",
                     reference=_reference(trip))
    return candidate


def due_reminders(now=None):
    """Accepted applications of trips starting within REMINDER_DAYS_BEFORE days, not yet reminded."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    return Application.objects.filter(
        status=Application.Status.ACCEPTED, reminded_at__isnull=True,
        trip__status__in=[DelegationTrip.Status.OPEN, DelegationTrip.Status.CLOSED],
        trip__start_date__gte=today,
        trip__start_date__lte=today + timedelta(days=REMINDER_DAYS_BEFORE),
    )


def send_due_reminders(now=None) -> int:
    """Beat: remind accepted participants before departure. Each row is claimed once."""
    now = now or timezone.now()
    sent = 0
    for pk in list(due_reminders(now).values_list("pk", flat=True)[:1000]):
        with transaction.atomic():
            # The conditional update claims the row: a second beat run (or worker) hits 0 rows.
            claimed = Application.objects.filter(pk=pk, reminded_at__isnull=True).update(reminded_at=now)
            if not claimed:
                continue
            application = Application.objects.select_related("user", "trip").get(pk=pk)
            stops = list(application.trip.stops.select_related("host"))
            mail.enqueue("delegations_reminder", to=application.user.email,
                         language=application.language, context=_context(application, stops=stops),
                         key=f"delegations.application:{pk}:reminder:{application.trip.start_date}",
                         reference=_reference(application.trip))
            sent += 1
    return sent


def accepted_count(trip) -> int:
    return trip.applications.filter(status=Application.Status.ACCEPTED).count()
