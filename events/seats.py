"""Counting and handing out seats: the event's and its agenda items' (events.services' helpers).

Every function here runs with the Event row locked (the locking rule in events.services): the
counts it reads stay true until the seats it hands out are saved.

The counters on the rows (`Event.seats_taken`, `Event.waitlist_length`, for a hybrid event's
online part `Event.online_seats_taken`, `Event.online_waitlist_length`, and
`AgendaItem.seats_taken`) are written here alone: `count()` moves the event's counters by what a
service just changed, `store_item_counts()` recounts one event's agenda items, `store_counts()`
recounts events from their rows (the migration's backfill, bulk-inserted data, tests).
"""

from django.db.models import Count, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from events import notices
from events.models import REMINDERS, AgendaChoice, AgendaItem, Attendance, Event, Registration


def seats_taken(event: Event) -> int:
    """Seats held: confirmed and attended registrations (the locked row's counter)."""
    return event.seats_taken


def item_seats_taken(item: AgendaItem) -> int:
    """An agenda item's seats held: confirmed choices of registrations with an event seat."""
    return item.choices.filter(status=AgendaChoice.Status.CONFIRMED,
                               registration__status__in=Registration.SEATED).count()


def _status_counter(status, attendance=Attendance.ON_SITE) -> str | None:
    prefix = "online_" if attendance == Attendance.ONLINE else ""
    if status in Registration.SEATED:
        return prefix + "seats_taken"
    if status == Registration.Status.WAITLISTED:
        return prefix + "waitlist_length"
    return None


def count(event: Event, *, was=None, now=None, n: int = 1,
          attendance: str = Attendance.ON_SITE) -> None:
    """Move the locked event's counters for `n` registrations of one `attendance` (on site or
    online) that went from status `was` to `now` (None: a row that was not there, or is gone).
    The instance follows the database."""
    changes = {}
    for status, sign in ((was, -1), (now, +1)):
        field = _status_counter(status, attendance)
        if field:
            changes[field] = changes.get(field, 0) + sign * n
    changes = {field: delta for field, delta in changes.items() if delta}
    if not changes:
        return
    Event.objects.filter(pk=event.pk).update(
        **{field: F(field) + delta for field, delta in changes.items()})
    for field, delta in changes.items():
        setattr(event, field, getattr(event, field) + delta)


def _counted(model_filter: dict, *, by: str):
    return Coalesce(Subquery(
        Registration.objects.filter(**model_filter, event=OuterRef(by)).order_by()
        .values("event").annotate(n=Count("pk")).values("n")), Value(0))


def store_counts(events=None) -> None:
    """Recount the counters of the events and their agenda items from the rows (all events:
    None), writing only those that are off. For rows written in bulk; the services move the
    counters themselves."""
    events = Event.objects.all() if events is None else events
    counted = {}
    for attendance, prefix in ((Attendance.ON_SITE, ""), (Attendance.ONLINE, "online_")):
        counted[prefix + "seats_taken"] = _counted(
            {"status__in": Registration.SEATED, "attendance": attendance}, by="pk")
        counted[prefix + "waitlist_length"] = _counted(
            {"status": Registration.Status.WAITLISTED, "attendance": attendance}, by="pk")
    off = list(events.annotate(**{f"counted_{field}": value for field, value in counted.items()})
               .exclude(**{field: F(f"counted_{field}") for field in counted})
               .values_list("pk", flat=True))
    if off:
        Event.objects.filter(pk__in=off).update(**counted)
    items = AgendaItem.objects.filter(event__in=events.values("pk"))
    off = list(items.annotate(counted=_item_seats()).exclude(seats_taken=F("counted"))
               .values_list("pk", flat=True))
    if off:
        AgendaItem.objects.filter(pk__in=off).update(seats_taken=_item_seats())


def _item_seats():
    return Coalesce(Subquery(
        AgendaChoice.objects.filter(agenda_item=OuterRef("pk"),
                                    status=AgendaChoice.Status.CONFIRMED,
                                    registration__status__in=Registration.SEATED)
        .order_by().values("agenda_item").annotate(n=Count("pk")).values("n")), Value(0))


def store_item_counts(event: Event) -> None:
    """Recount the locked event's agenda items' seats (one UPDATE)."""
    AgendaItem.objects.filter(event=event).update(seats_taken=_item_seats())


def counts_from_rows(event: Event) -> dict:
    """What the counters should say, counted from the rows (for tests and checks)."""
    counts = {}
    for attendance, prefix in ((Attendance.ON_SITE, ""), (Attendance.ONLINE, "online_")):
        rows = event.registrations.filter(attendance=attendance)
        counts[prefix + "seats_taken"] = rows.filter(status__in=Registration.SEATED).count()
        counts[prefix + "waitlist_length"] = rows.filter(
            status=Registration.Status.WAITLISTED).count()
    return {**counts,
            "items": {item.pk: item_seats_taken(item) for item in event.agenda_items.all()}}


def stored_counts(event: Event) -> dict:
    """The counters as stored."""
    row = Event.objects.values(*Event.COUNTERS).get(pk=event.pk)
    return {**row, "items": dict(event.agenda_items.values_list("pk", "seats_taken"))}


def fill_agenda_items_for(registration: Registration) -> None:
    """Give a seated registration its agenda seats where free (the event row is locked)."""
    if not registration.is_seated:
        return
    for choice in registration.agenda_choices.select_related("agenda_item").filter(
            status=AgendaChoice.Status.WAITLISTED):
        item = choice.agenda_item
        if item.capacity is None or item_seats_taken(item) < item.capacity:
            choice.status = AgendaChoice.Status.CONFIRMED
            choice.save(update_fields=["status"])


def fill_agenda_items(event: Event, *, exclude_registration=None) -> list[AgendaChoice]:
    """Move waitlisted agenda choices of seated registrations up, first come first served."""
    promoted = []
    # Most events have no agenda items with choices: one index lookup, no join over choices.
    item_ids = list(AgendaItem.objects.filter(event=event).order_by().values_list("pk", flat=True))
    if not item_ids:
        return promoted
    waiting_anywhere = AgendaChoice.objects.filter(
        agenda_item_id__in=item_ids, status=AgendaChoice.Status.WAITLISTED,
        registration__status__in=Registration.SEATED)
    if exclude_registration:
        waiting_anywhere = waiting_anywhere.exclude(registration_id=exclude_registration)
    if not waiting_anywhere.exists():  # the common case: one query, not one per item
        return promoted
    for item in event.agenda_items.all():
        waiting = item.choices.filter(status=AgendaChoice.Status.WAITLISTED,
                                      registration__status__in=Registration.SEATED)
        if exclude_registration:
            waiting = waiting.exclude(registration_id=exclude_registration)
        if not waiting.exists():
            continue
        free = None if item.capacity is None else item.capacity - item_seats_taken(item)
        for choice in waiting.select_related("registration__event", "agenda_item").order_by(
                *AgendaChoice.QUEUE_ORDER):
            if free is not None and free <= 0:
                break
            choice.status = AgendaChoice.Status.CONFIRMED
            choice.save(update_fields=["status"])
            promoted.append(choice)
            if free is not None:
                free -= 1
    return promoted


def _promotion_candidates(event: Event, attendance: str) -> list[Registration]:
    """The waitlisted people of one part (on site, online) who get its free seats, in order."""
    capacity = event.capacity_for(attendance)
    if capacity is None and attendance == Attendance.ONLINE:
        return []  # no online part (not a hybrid event): no query, nobody moves up
    waiting = event.registrations.filter(status=Registration.Status.WAITLISTED,
                                         attendance=attendance).order_by("sequence")
    if capacity is None:
        return list(waiting)
    free = capacity - event.seats_taken_for(attendance)
    return list(waiting[:free]) if free > 0 else []


def fill_seats(event: Event) -> list[Registration]:
    """Promote waitlisted registrations in order while seats are free; the event is locked.
    Each part of a hybrid event moves its own waitlist: a free online seat goes to the next
    online person, an on-site one to the next on site."""
    promoted = []
    for attendance in Attendance.values:
        candidates = _promotion_candidates(event, attendance)
        _promote(event, candidates)
        count(event, was=Registration.Status.WAITLISTED, now=Registration.Status.CONFIRMED,
              n=len(candidates), attendance=attendance)
        promoted += candidates
    promoted_choices = fill_agenda_items(event)
    if promoted or promoted_choices:
        store_item_counts(event)
    for registration in promoted:
        notices.send(registration, "promoted", "promotion", with_ics=True)
    notices.notify_agenda_promotions(promoted_choices, skip_registrations={r.pk for r in promoted})
    return promoted


def _promote(event: Event, candidates: list[Registration]) -> None:
    now = timezone.now()
    for registration in candidates:
        registration.status = Registration.Status.CONFIRMED
        # The promotion e-mail carries every detail: a reminder whose time has already come
        # would only repeat it a few minutes later.
        for _kind, before, field in REMINDERS:
            if now >= event.starts_at - before and getattr(registration, field) is None:
                setattr(registration, field, now)
        registration.save(update_fields=["status", *(field for _k, _b, field in REMINDERS)])
        registration.event = event
