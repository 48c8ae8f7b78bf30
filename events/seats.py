"""Counting and handing out seats: the event's and its agenda items' (events.services' helpers).

Every function here runs with the Event row locked (the locking rule in events.services): the
counts it reads stay true until the seats it hands out are saved.
"""

from django.utils import timezone

from events import notices
from events.models import REMINDERS, AgendaChoice, AgendaItem, Event, Registration


def seats_taken(event: Event) -> int:
    """Seats held: confirmed and attended registrations."""
    return event.registrations.filter(status__in=Registration.SEATED).count()


def item_seats_taken(item: AgendaItem) -> int:
    """An agenda item's seats held: confirmed choices of registrations with an event seat."""
    return item.choices.filter(status=AgendaChoice.Status.CONFIRMED,
                               registration__status__in=Registration.SEATED).count()


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


def fill_seats(event: Event) -> list[Registration]:
    """Promote waitlisted registrations in order while seats are free; the event is locked."""
    promoted = []
    waiting = event.registrations.filter(status=Registration.Status.WAITLISTED).order_by(
        "sequence")
    if event.capacity is None:
        candidates = list(waiting)
    else:
        free = event.capacity - seats_taken(event)
        candidates = list(waiting[:free]) if free > 0 else []
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
        promoted.append(registration)
    promoted_choices = fill_agenda_items(event)
    for registration in promoted:
        notices.send(registration, "promoted", "promotion", with_ics=True)
    notices.notify_agenda_promotions(promoted_choices, skip_registrations={r.pk for r in promoted})
    return promoted
