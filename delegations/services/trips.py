"""A trip's life: set up and edit it with its programme, cancel it, export its applications."""

from collections.abc import Iterable
from copy import copy

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from delegations import permissions
from delegations.calendar import trip_calendar
from delegations.models import Application, DelegationTrip, ItineraryStop
from delegations.services._shared import (
    NOT_ORGANISER,
    context,
    lock_trip,
    reference,
    require_manager,
)
from delegations.services.applications import accepted_count, prompt_next_in_line
from delegations.services.errors import (
    InvalidTransition,
    NotAllowed,
    OrganiserRequired,
    ProgrammeChanged,
    TooFewSeats,
)
from network_portal import links, mail
from network_portal.audit import log_action
from network_portal.i18n import filled_texts, note_text_changes

TRIP_RELATIONS = ("organisers", "partners", "topics")
# What a stop of the programme holds; a row of `save_trip(stops=…)` names these, or some of them.
STOP_FIELDS = ("date", "start_time", "end_time", "kind", "host", "place", "title_de", "title_en",
               "description_de", "description_en")


def check_organisers(by, organisers: Iterable) -> None:
    """Raise OrganiserRequired unless `by` may save a trip with these organisers: economic
    development names anyone; a cluster manager must name a cluster they manage, or they could
    not manage the trip they save. (The trip form asks this too, to show it with the others.)"""
    if by is None or permissions.is_economic_development(by):
        return
    ids = [organiser.pk if isinstance(organiser, models.Model) else organiser
           for organiser in organisers]
    if not permissions.manages_any(by, ids):
        raise OrganiserRequired(
            _("Add at least one cluster you manage as organiser, or you could not manage the trip."),
            code="organiser_required")


def check_cancel_by_button(current_status: str | None, status: str) -> None:
    """Raise InvalidTransition when a save would cancel the trip: only cancel_trip tells the
    applicants. (The admin form asks this too, to show it as the status field's error.)"""
    if status == DelegationTrip.Status.CANCELLED and current_status != DelegationTrip.Status.CANCELLED:
        raise InvalidTransition(
            _("Cancel a trip with the button on its applications page: the applicants are told there."),
            code="cancel_by_button")


def _assign(instance: models.Model, values: dict) -> list[str]:
    """Set `values` (field name: value; a foreign key as object, id or None) on `instance`;
    return the names of the fields whose value changed. Only editable columns may be set."""
    changed = []
    for name, value in values.items():
        field = instance._meta.get_field(name)
        if not field.concrete or field.many_to_many or field.primary_key or not field.editable:
            raise ValueError(f"{instance._meta.label}.{name} cannot be set here.")
        if field.many_to_one:
            new = value.pk if isinstance(value, models.Model) else value
            if getattr(instance, field.attname) != new:
                changed.append(name)
            if isinstance(value, models.Model):
                setattr(instance, name, value)
            else:
                setattr(instance, field.attname, value)
        else:
            if getattr(instance, field.attname) != value:
                changed.append(name)
            setattr(instance, name, value)
    return changed


def _save_stops(trip, rows: list[dict]) -> tuple[int, int, list[ItineraryStop]]:
    """Add, change and delete the trip's stops as `rows` say; return the numbers added and
    changed, and the deleted stops (with their former pk, for the calendar)."""
    existing = {stop.pk: stop for stop in ItineraryStop.objects.filter(trip=trip)}
    added = changed = 0
    removed = []
    for row in rows:
        row = dict(row)
        pk, delete = row.pop("id", None), row.pop("delete", False)
        unknown = set(row) - set(STOP_FIELDS)
        if unknown:
            raise ValueError(f"Not fields of a stop: {sorted(unknown)}")
        if pk is None:
            if not delete:
                stop = ItineraryStop(trip=trip)
                _assign(stop, row)
                stop.save()
                added += 1
            continue
        stop = existing.get(pk)
        if stop is None:
            if delete:
                continue  # deleted already
            raise ProgrammeChanged(_("A stop of the programme was deleted in the meantime: please "
                                     "reload the page and make your changes again."), code="stop_gone")
        if delete:
            # Deleting clears the primary key; the calendar needs it to cancel the entry.
            removed.append(copy(stop))
            stop.delete()
        elif _assign(stop, row):
            stop.save()
            changed += 1
    return added, changed, removed


@transaction.atomic
def save_trip(trip: DelegationTrip | None, *, values: dict, stops: Iterable[dict] = (),
              by) -> DelegationTrip:
    """Set up a trip (`trip` None, or an unsaved instance to fill) or change one, with its
    programme, from plain values.

    `values`: the trip's fields by name (`organisers`, `partners`, `topics` as lists of objects or
    ids); fields left out stay as they are. `stops`: one dict per stop to add (no "id"), change
    ("id" and the fields of STOP_FIELDS that it sets) or delete ("id" and "delete": True); stops
    not named stay as they are.

    Held to the rules whoever calls: only those who may create or manage the trip save it
    (NotAllowed); a cluster manager names a cluster they manage (OrganiserRequired); only
    cancel_trip cancels (InvalidTransition); no fewer seats than accepted participants
    (TooFewSeats); a stop deleted meanwhile is not silently re-created (ProgrammeChanged).

    Of an open or closed trip that is not over:
    - raised seats propose waitlisted applicants, one per new seat, to the organisers (as a
      withdrawal does); nobody is accepted automatically;
    - new dates, meeting point, transport or itinerary stops are mailed to every accepted
      participant with the new .ics, once per change (key counts `programme_version`).
    The returned trip carries `participants_told` and `applicants_proposed` for the view.
    Records "created", "published" (a draft no longer) or "edited" with what changed; a save
    that changes nothing records nothing."""
    values = dict(values)
    relations = {name: list(values.pop(name)) for name in TRIP_RELATIONS if name in values}
    stops = list(stops)
    if trip is None or trip.pk is None:
        return _create_trip(trip or DelegationTrip(), values, relations, stops, by=by)
    return _change_trip(trip, values, relations, stops, by=by)


def _create_trip(trip, values, relations, stops, *, by) -> DelegationTrip:
    if by is not None and not permissions.can_create_trip(by):
        raise NotAllowed(_("You may not set up delegation trips."), code="not_allowed")
    check_organisers(by, relations.get("organisers", []))
    check_cancel_by_button(None, values.get("status", trip.status))
    if any(row.get("id") is not None for row in stops):
        raise ValueError("A new trip has no stops to change or delete.")
    _assign(trip, values)
    note_text_changes(trip, filled_texts(trip))
    trip.save()
    for name, objects in relations.items():
        getattr(trip, name).set(objects)
    added, _changed, _removed = _save_stops(trip, stops)
    trip.participants_told = trip.applicants_proposed = 0
    log_action(trip, "delegations.trip.created", by=by, data={"status": trip.status, "stops": added})
    return trip


def _change_trip(trip, values, relations, stops, *, by) -> DelegationTrip:
    # Locked as accepting locks it: an accept in flight could take a seat removed here. Compared
    # with the locked row, a second submit of the same change finds nothing changed.
    trip = lock_trip(trip)
    require_manager(by, trip)
    if "organisers" in relations:
        check_organisers(by, relations["organisers"])
    check_cancel_by_button(trip.status, values.get("status", trip.status))
    taken = accepted_count(trip)
    if values.get("seats", trip.seats) < taken:
        raise TooFewSeats(ngettext_lazy(
            "%(taken)s applicant is accepted already: the trip needs at least as many seats. "
            "Decline someone first.",
            "%(taken)s applicants are accepted already: the trip needs at least as many seats. "
            "Decline someone first.", "taken"), params={"taken": taken})
    was_status, was_seats, was_start = trip.status, trip.seats, trip.start_date
    fields = _assign(trip, values)
    # When each German and English text changed: the edit page tells when English lags.
    note_text_changes(trip, fields)
    trip.save()
    for name, objects in relations.items():
        manager = getattr(trip, name)
        if {o.pk if isinstance(o, models.Model) else o for o in objects} != set(
                manager.values_list("pk", flat=True)):
            manager.set(objects)
            fields.append(name)
    added, changed_stops, removed = _save_stops(trip, stops)
    stops_changed = bool(added or changed_stops or removed)
    programme = [name for name in DelegationTrip.PROGRAMME_FIELDS if name in fields]
    running = was_status in DelegationTrip.RUNNING and trip.status in DelegationTrip.RUNNING
    told = 0
    if programme or stops_changed:
        trip.programme_version += 1
        trip.save(update_fields=["programme_version"])
        if running and not trip.is_over:
            told = _notify_programme_changed(trip, programme, stops_changed=stops_changed,
                                             removed=removed)
    if trip.start_date != was_start:
        # A reminder for the old date says nothing about the new one: it is due again.
        trip.applications.filter(reminded_at__isnull=False).update(reminded_at=None)
    proposed = []
    raised = max(trip.seats - was_seats, 0)
    if raised and trip.status in DelegationTrip.RUNNING and not trip.is_over:
        # Each new seat is a freed seat: propose the next waitlisted applicant, as after a
        # withdrawal (the trip is still locked). A second submit of the same number raises nothing.
        now = timezone.now()
        for _seat in range(raised):
            candidate = prompt_next_in_line(trip, now)
            if candidate is None:
                break
            proposed.append(candidate.pk)
    trip.participants_told = told
    trip.applicants_proposed = len(proposed)
    if fields or stops_changed:
        published = (was_status == DelegationTrip.Status.DRAFT
                     and trip.status != DelegationTrip.Status.DRAFT)
        log_action(trip, "delegations.trip.published" if published else "delegations.trip.edited",
                   by=by, data={
                       "fields": fields,
                       "stops": {"added": added, "changed": changed_stops, "deleted": len(removed)},
                       "participants_told": told, "proposed": proposed})
    return trip


def _notify_programme_changed(trip, changed, *, stops_changed: bool, removed=()) -> int:
    """Send every accepted participant the new programme and .ics, once per change (the trip
    is locked; the key counts the trip's programme_version). Returns how many were told."""
    # Anonymised applications (retention) have nobody left to tell.
    accepted = list(trip.applications.filter(status=Application.Status.ACCEPTED,
                                             user__isnull=False).select_related("user"))
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
                     context=context(application, stops=stops, **flags),
                     key=(f"delegations.application:{application.pk}:programme_changed:"
                          f"{trip.programme_version}"),
                     reference=reference(trip), attachments=attachments)
    return len(accepted)


@transaction.atomic
def cancel_trip(trip: DelegationTrip, *, message: str = "", by, now=None) -> int:
    """Cancel the trip and tell every applicant still in the running (submitted, accepted,
    waitlisted) in their language. Returns how many were told. Only the trip's managers cancel
    it. Raises InvalidTransition, NotAllowed.

    The applications keep their status: the trip's status says it is off, and the organisers'
    list still shows who had been selected.
    """
    now = now or timezone.now()
    # The lock makes a double submit (or two organisers) cancel once and mail once.
    trip = lock_trip(trip)
    require_manager(by, trip)
    if trip.is_cancelled:
        raise InvalidTransition(_("This trip was already cancelled."), code="cancelled")
    if not trip.is_cancellable:
        raise InvalidTransition(_("A completed trip cannot be cancelled."), code="completed")
    trip.status = DelegationTrip.Status.CANCELLED
    trip.save(update_fields=["status", "updated_at"])
    affected = list(trip.applications.filter(status__in=Application.ACTIVE, user__isnull=False)
                    .select_related("user"))
    trips_url = links.url("delegations:list")
    for application in affected:
        application.trip = trip
        mail.enqueue("delegations_trip_cancelled", to=application.user.email,
                     language=application.language,
                     context=context(application, cancellation_message=message, trips_url=trips_url),
                     key=f"delegations.application:{application.pk}:trip_cancelled:{now.isoformat()}",
                     reference=reference(trip))
    log_action(trip, "delegations.trip.cancelled", by=by,
               data={"applicants_told": len(affected), "with_message": bool(message)})
    return len(affected)


def record_export(trip: DelegationTrip, *, by, fmt: str) -> None:
    """Record that `by` exports the trip's full list of applications (personal data) as `fmt`.
    Only those who may export it do. Raises NotAllowed."""
    if by is not None and not permissions.can_export_trip_participants(by, trip):
        raise NotAllowed(NOT_ORGANISER, code="not_organiser")
    log_action(trip, "delegations.trip.applications_exported", by=by,
               data={"format": fmt, "rows": trip.applications.count()})


@transaction.atomic
def resend_email(email, *, trip, by) -> None:
    """Organisers' "send again" for a sent or failed e-mail about the trip."""
    require_manager(by, trip)
    try:
        mail.resend_for(email, reference=reference(trip),
                        elsewhere=_("This e-mail was not sent for this trip."))
    except mail.ResendRefused as refused:
        raise NotAllowed(refused.message, code=refused.code) from None
    log_action(trip, "delegations.trip.email_resent", by=by,
               data={"email": email.pk, "template": email.template})
